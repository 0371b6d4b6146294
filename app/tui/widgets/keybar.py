"""The key bar: the keys that matter where the facilitator is, on one line.

Textual's Footer recomposes a widget per key whenever the keys in context change (about
50 ms here, on every move between a paragraph with brackets and one without); this bar is
one line of text updated in place. Every key is on the help screen (`?`).

It shares its line with the question line (:mod:`app.tui.widgets.ask_bar`), so it may
change while scrolled out of view: it is repainted by the region it covers, never by a
plain `refresh()`, which looks up where the widget is on the screen and, for a widget
out of view, makes Textual rebuild its whole map, then repaint the whole room at the
next scroll (the question line closing).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.widget import Widget

from app.tui.keys import KEYS, Key, key_name


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


class KeyBar(Widget):
    """One line of the keys in context."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys = Content("")

    def render(self) -> Content:
        return self._keys

    def show(self, shown: Callable[[str], bool]) -> None:
        self._keys = keybar_content(shown)
        self.refresh(self.outer_size.region)  # (see the module's docstring)
