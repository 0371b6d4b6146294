"""The outline: every paragraph's label and status, headings as they print."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from app.core.draft import Draft, Paragraph


def outline_entry(paragraph: Paragraph, label: str) -> Content:
    """One line of the outline: a heading's words, or a paragraph's label."""
    if paragraph.is_heading:
        text = Content(paragraph.text).truncate(19, ellipsis=True)
        return text.stylize("bold" if paragraph.negotiable else "$text-muted")
    entry = Content(label)
    return entry if paragraph.negotiable else entry.stylize("$text-muted")


class Outline(OptionList):
    """Labels of the draft, for moving around it."""

    DEFAULT_CSS = """
    Outline {
        width: 26;
        height: 1fr;
        border: none;
        border-right: vkey $foreground 20%;
    }
    """

    def show_draft(self, draft: Draft, labels: dict[str, str]) -> None:
        self.set_options(Option(outline_entry(p, labels[p.id]), id=p.id) for p in draft.paragraphs)
