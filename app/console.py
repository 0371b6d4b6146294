"""Rich renderings of a draft for the command line (`draftroom show`).

Drafting text is data, never markup: every renderable is built from `Text` objects with
style spans, so a bracket typed by a delegation prints as a bracket.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from app.core.draft import Draft, Kind, Paragraph, superscript
from app.core.labels import labels
from app.formats.export import printed_number


def styled_text(paragraph: Paragraph) -> Text:
    """The paragraph's wording with its italic phrases and footnote marks styled."""
    text = Text(printed_number(paragraph) + paragraph.text)
    offset = len(printed_number(paragraph))
    for start, end in paragraph.emphasis_spans():
        text.stylize("italic", offset + start, offset + end)
    if paragraph.is_heading:
        text.stylize("bold")
    if not paragraph.negotiable:
        text.stylize("dim")
    return text


def paragraph_view(draft: Draft, paragraph: Paragraph) -> RenderableType:
    """One paragraph: its label, kind and status, its text, its footnotes."""
    label = labels(draft)[paragraph.id]
    head = Text.assemble((label, "bold cyan"), "  ", (paragraph.kind.value, "dim"))
    if paragraph.negotiable and not paragraph.is_heading:
        head.append(f"  {paragraph.status}", "green")
    parts: list[RenderableType] = [head, styled_text(paragraph)]
    for note in draft.footnotes_of(paragraph):
        parts.append(Text(f"{superscript(note.number)} {note.text}", style="dim"))
    return Group(*parts)


def outline_view(draft: Draft, width: int = 60) -> RenderableType:
    """The outline: every paragraph's label, status and opening words."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("label", style="cyan", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("text", no_wrap=True, overflow="ellipsis", max_width=width)
    table_labels = labels(draft)
    for paragraph in draft.paragraphs:
        status = paragraph.status if paragraph.negotiable and not paragraph.is_heading else ""
        style = (
            "bold"
            if paragraph.kind is Kind.HEADING
            else ("dim" if not paragraph.negotiable else "")
        )
        table.add_row(
            Text(table_labels[paragraph.id]), Text(status), Text(paragraph.text, style=style)
        )
    return table
