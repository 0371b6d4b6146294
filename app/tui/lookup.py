"""The agreed-language lookup: type a few words, see the glossary's entries ranked, take one.

Opened from the room (the wording is copied, with its source in a notification) and from
the proposal editor (the wording is inserted at the cursor), so a delegate's "as agreed in
2014" becomes the exact words adopted then.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from app.glossary.entries import Entry
from app.glossary.lookup import lookup


def entry_prompt(entry: Entry) -> Content:
    """An entry as the list shows it: the wording, then its source, dimmed."""
    source = entry.source + ("" if entry.verified else "  (not verified)")
    return Content.assemble(entry.text, "\n", (source, "$text-muted"))


class LookupScreen(ModalScreen[Entry | None]):
    """Search the glossary; Enter takes the highlighted entry."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="lookup-cancel", tooltip="Close, taking nothing"),
        Binding("down", "to_list", "Entries", show=False, id="lookup-list",
                tooltip="Move to the ranked entries"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    LookupScreen { align: center middle; }
    LookupScreen > Vertical { width: 90%; height: 80%; border: thick $accent; background: $surface; padding: 0 1; }
    LookupScreen OptionList { height: 1fr; }
    """

    def __init__(self, entries: list[Entry], query: str = "") -> None:
        super().__init__()
        self.entries = entries
        self.query_text = query
        self.found: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Agreed language: type words (typos forgiven); Enter takes the entry")
            yield Input(value=self.query_text, placeholder="sovereignty territorial integrity")
            yield OptionList()

    def on_mount(self) -> None:
        self._rank(self.query_text)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._rank(event.value)

    def _rank(self, query: str) -> None:
        self.found = [m.entry for m in lookup(query, self.entries, limit=30)] if query else []
        options = self.query_one(OptionList)
        options.set_options(Option(entry_prompt(e), id=e.id) for e in self.found)
        if self.found:
            options.highlighted = 0

    @on(Input.Submitted)
    def _take_first(self) -> None:
        options = self.query_one(OptionList)
        if self.found:
            self.dismiss(self.found[options.highlighted or 0])

    @on(OptionList.OptionSelected)
    def _take(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index])

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
