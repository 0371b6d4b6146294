"""The Draftroom application: the draft's outline beside its text.

The full drafting room (proposing, deciding, the side panel and counters) grows from this
screen; every operation it performs is a function of `app.core` or `app.formats`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, OptionList

from app.core.draft import Draft
from app.core.labels import labels
from app.formats.store import load_draft
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline


class DraftroomApp(App[None]):
    """A terminal drafting room on one draft folder."""

    TITLE = "Draftroom"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the drafting room"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit-ctrl", priority=True),
        Binding("tab", "focus_next", "Outline/Text", id="switch-pane", show=False),
    ]

    def __init__(self, draft_path: Path) -> None:
        super().__init__()
        self.draft_path = Path(draft_path)
        self.draft: Draft = load_draft(self.draft_path)
        self.labels = labels(self.draft)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Outline(id="outline")
            yield DraftText(id="text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.draft.document.name
        self.query_one(Outline).show_draft(self.draft, self.labels)
        text = self.query_one(DraftText)
        text.show_draft(self.draft, self.labels)
        first = next((i for i, p in enumerate(self.draft.paragraphs) if p.negotiable), 0)
        text.highlighted = first
        text.focus()
        self.call_after_refresh(text.scroll_to_highlight, top=True)

    @on(OptionList.OptionHighlighted, "#outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the outline brings the paragraph into view in the text."""
        text = self.query_one(DraftText)
        if text.highlighted != event.option_index:
            text.highlighted = event.option_index

    @on(OptionList.OptionHighlighted, "#text")
    def _text_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the text follows in the outline."""
        outline = self.query_one(Outline)
        if outline.highlighted != event.option_index:
            outline.highlighted = event.option_index
