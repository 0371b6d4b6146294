"""Rich renderings of a draft for the command line (`draftroom show`).

Drafting text is data, never markup: every renderable is built from `Text` objects with
style spans, so a bracket typed by a delegation prints as a bracket. Rich writes its own
escape codes, so the CLI hands it the terminal itself: every text from the draft is passed
through :func:`~app.files.textfile.shown` here, a control character printed as its escape.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from app.core import notation
from app.core.delegations import Registry
from app.core.draft import Draft, Kind, Paragraph, superscript
from app.core.labels import labels, number_prefix
from app.core.options import describe
from app.files.textfile import shown

#: How a bracket looks by state: one voice, several on one side, two sides.
BRACKET_STYLES = {"proposed": "bold yellow", "supported": "bold green", "opposed": "bold red"}


def styled_text(paragraph: Paragraph, registry: Registry | None = None) -> Text:
    """The paragraph in notation, brackets coloured by state, italic phrases kept."""
    number = number_prefix(paragraph)
    text = Text(number)
    for piece, bracket in notation.pieces(paragraph.content, registry):
        text.append(shown(piece), BRACKET_STYLES[bracket.state] if bracket else None)
    if not paragraph.brackets:
        for start, end in paragraph.emphasis_spans():
            text.stylize("italic", len(number) + start, len(number) + end)
    if paragraph.is_heading:
        text.stylize("bold")
    if not paragraph.negotiable:
        text.stylize("dim")
    return text


def paragraph_view(draft: Draft, paragraph: Paragraph) -> RenderableType:
    """One paragraph: label, status, text, its brackets with options, footnotes, history."""
    registry = Registry(draft.delegations)
    label = labels(draft)[paragraph.id]
    head = Text.assemble((shown(label), "bold cyan"), "  ", (paragraph.kind.value, "dim"))
    if paragraph.negotiable and not paragraph.is_heading:
        head.append(f"  {shown(paragraph.shown_status)}", "green")
    if paragraph.package:
        head.append(f"  package {shown(paragraph.package)}", "magenta")
    parts: list[RenderableType] = [head, styled_text(paragraph, registry)]
    for bracket in paragraph.brackets:
        parts.append(Text(shown(describe(bracket)), style=BRACKET_STYLES[bracket.state]))
    for note in draft.footnotes_of(paragraph):
        parts.append(Text(shown(f"{superscript(note.number)} {note.text}"), style="dim"))
    for event in draft.history:
        if any(change.paragraph == paragraph.id for change in event.changes) and not event.undone:
            parts.append(Text(shown(f"{event.at}  {event.summary}"), style="dim"))
    return Group(*parts)


def outline_view(draft: Draft, width: int = 60) -> RenderableType:
    """The outline: every paragraph's label, status, open brackets and opening words."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("label", style="cyan", no_wrap=True, min_width=10)
    table.add_column("status", no_wrap=True, min_width=9)
    table.add_column("[ ]", justify="right", no_wrap=True, min_width=3)
    table.add_column("text", no_wrap=True, overflow="ellipsis", max_width=width)
    table_labels = labels(draft)
    for paragraph in draft.paragraphs:
        body = paragraph.negotiable and not paragraph.is_heading
        style = (
            "bold"
            if paragraph.kind is Kind.HEADING
            else ("dim" if not paragraph.negotiable else "")
        )
        count = len(paragraph.brackets)
        table.add_row(
            Text(shown(table_labels[paragraph.id])),
            Text(shown(paragraph.shown_status) if body else ""),
            Text(str(count) if count else ""),
            Text(shown(paragraph.text), style=style),
        )
    return table
