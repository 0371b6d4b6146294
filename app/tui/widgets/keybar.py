"""The key bar: the keys that matter where the facilitator is, on one line.

Textual's Footer recomposes a widget per key whenever the keys in context change (about
50 ms here, on every move between a paragraph with brackets and one without); this bar is
one line of text updated in place. Every key is on the help screen (`?`).

It is the question line's words (:mod:`app.tui.widgets.ask_bar`): a question, while
one is open, takes the place of the keys.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from app.tui.keys import KEYS, Key, key_name
from app.tui.widgets.ask_bar import SharedLine


def key_line(keys: list[Key]) -> Content:
    """Every shown key of `keys` (a follower's), key then words."""
    return keybar_content(lambda _action: True, keys)


def keybar_content(shown: Callable[[str], bool], keys: list[Key] = KEYS) -> Content:
    """The keys to show (those with `show` whose action `shown` allows), key then words."""
    parts: list[Content] = []
    for key in keys:
        if key.binding.show and shown(key.binding.action):
            parts.append(
                Content.assemble(
                    (f" {key_name(key.binding)} ", "bold $accent"), key.binding.description
                )
            )
    return Content(" ").join(parts)


class KeyBar(SharedLine):
    """One line of the keys in context."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 100%;  /* (the line is scrolled: see ask_bar) */
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, shown: Callable[[str], bool]) -> None:
        self.show_words(keybar_content(shown))
