"""The help screen: every key of the room and of the proposal editor, grouped, with what
it does and when it applies (the key bar only shows the keys that matter at the moment)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from app.tui.keys import KEYS, SOURCE_KEYS, Context, Key, key_name

KEY_WIDTH = 10


def help_content(keys: list[Key], editor: list[Binding]) -> Content:
    """Every key as a line: the key, what it does, and its context when it has one."""
    lines: list[Content] = []
    groups = list(dict.fromkeys(k.group for k in keys))
    for group in groups:
        lines += [Content(group).stylize("bold $accent")]
        for key in (k for k in keys if k.group == group):
            when = f"  ({key.context.value})" if key.context is not Context.ALWAYS else ""
            lines.append(
                Content.assemble(
                    (f"  {key_name(key.binding):<{KEY_WIDTH}}", "bold"),
                    key.binding.tooltip or key.binding.description,
                    (when, "$text-muted"),
                )
            )
        lines.append(Content(""))
    viewer = [k.binding for k in SOURCE_KEYS]
    for title, bindings in (("In the proposal editor", editor), (SOURCE_KEYS[0].group, viewer)):
        lines.append(Content(title).stylize("bold $accent"))
        lines += [
            Content.assemble(
                (f"  {key_name(binding):<{KEY_WIDTH}}", "bold"),
                binding.tooltip or binding.description,
            )
            for binding in bindings
        ]
        lines.append(Content(""))
    lines.pop()
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key, readable from the back of the room; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close",
                tooltip="Back to the draft"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, editor: list[Binding]) -> None:
        super().__init__()
        self.editor = editor

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_content(KEYS, self.editor))
