"""The text of the draft: its paragraphs, built and wrapped only when shown.

Drafting text is never parsed as markup: each paragraph is a `Content` built from the plain
wording with style spans, so `[shall][may]` shows exactly as typed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.content import Content

from app.core import notation
from app.core.brackets import Bracket
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph
from app.core.labels import number_prefix
from app.core.search import spans
from app.tui.widgets.paragraph_list import ParagraphList
from app.tui.widgets.visible import visible

if TYPE_CHECKING:
    from app.glossary.checker import Finding

#: Brackets by state: one voice, several on one side, two sides.
BRACKET_STYLES = {
    "proposed": "bold $warning",
    "supported": "bold $success",
    "opposed": "bold $error",
}


#: Agreed language found in the current paragraph, and the words searched.
MARK_STYLES = {
    "exact": "underline",
    "near-miss": "underline bold $error",
    "search": "reverse $accent",
}

Mark = tuple[int, int, str]
"""A span of a paragraph's shown wording (after its number) and the style to mark it with."""


def marks(body: str, findings: list[Finding], label: str, searched: str = "") -> list[Mark]:
    """Where agreed language stands in the shown wording (exact uses underlined,
    near-misses in red), and the words searched. A finding is placed by its words, nearest
    its place in the reading; one spanning a bracket's notation is left to the panel."""
    found: list[Mark] = []
    for finding in findings:
        if finding.paragraph != label:
            continue  # a proposal's reading: the panel shows it
        places = spans(body, finding.found_text)
        if places:
            start, end = min(places, key=lambda place: abs(place[0] - finding.start))
            found.append((start, end, MARK_STYLES[finding.kind]))
    found += [(start, end, MARK_STYLES["search"]) for start, end in spans(body, searched)]
    return found


def paragraph_content(
    paragraph: Paragraph,
    label: str,
    current: Bracket | None = None,
    registry: Registry | None = None,
    findings: list[Finding] | None = None,
    searched: str = "",
) -> Content:
    """A paragraph as the room reads it: label and status, printed number, the wording in
    bracket notation with each bracket coloured by its state (the current one reversed),
    and, for the current paragraph, its agreed language and the words searched marked."""
    number = number_prefix(paragraph)
    head = f"{label}  {paragraph.shown_status}\n" if not paragraph.is_heading else ""
    pieces = notation.pieces(paragraph.content, registry)
    pieces = [(visible(text), bracket) for text, bracket in pieces]
    body = "".join(text for text, _ in pieces)
    content = Content(visible(head) + number + body + "\n")
    if head:
        content = content.stylize("bold $accent", 0, len(label))
    offset = len(head) + len(number)
    if not paragraph.brackets:
        for start, end in paragraph.emphasis_spans():
            content = content.stylize("italic", offset + start, offset + end)
    for text, bracket in pieces:
        if bracket is not None:
            style = BRACKET_STYLES[bracket.state]
            if current is not None and current is bracket:
                style += " reverse"
            content = content.stylize(style, offset, offset + len(text))
        offset += len(text)
    if findings or searched:
        at = len(head) + len(number)
        for start, end, style in marks(body, findings or [], label, searched):
            content = content.stylize(style, at + start, at + end)
    if paragraph.is_heading:
        content = content.stylize("bold")
    if not paragraph.negotiable:
        content = content.stylize("$text-muted")
    return content


class DraftText(ParagraphList):
    """The draft's paragraphs, the current one highlighted."""

    DEFAULT_CSS = """
    DraftText, DraftText:focus {
        /* one look, focused or not: the focus moving to a question and back repaints
           nothing here (a :focus border would lay the screen out again) */
        width: 1fr;
        height: 1fr;
        border: tall $border;
        background-tint: $foreground 5%;
        padding: 0 1;
        /* the current paragraph: a quiet band, so bracket colours stay readable on a
           projector; the same when a question has the focus, since it is about it */
        & > .paragraph-list--highlighted, &:focus > .paragraph-list--highlighted {
            color: $foreground;
            background: $primary 30%;
            text-style: none;
        }
    }
    """

    def on_focus(self, event: events.Focus) -> None:
        """Focus changes nothing it shows, so it repaints nothing (Textual repaints a widget
        that gains or loses the focus: here 47 lines of text, each time a question opens
        or closes)."""
        event.prevent_default()
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Nothing to restyle: the text looks the same focused or not (Textual applies the
        stylesheet to the widget again, and repaints it, on every change of focus)."""

    def show_draft(
        self, draft: Draft, labels: dict[str, str], shown: list[int], registry: Registry
    ) -> None:
        """Show the paragraphs at the given indices (all, or a filter)."""
        self.show_paragraphs(
            (draft.paragraphs[i] for i in shown),
            labels,
            partial(paragraph_content, registry=registry),
            _line_lengths,
        )


def _line_lengths(paragraph: Paragraph, label: str) -> list[int]:
    """About how long the lines of a paragraph as shown are, without building it: the
    label line, the wording (each bracket's notation adds about its tags), the blank."""
    body = sum(len(part) if isinstance(part, str) else 60 for part in paragraph.content) + 6
    return [body, 0] if paragraph.is_heading else [len(label) + 20, body, 0]
