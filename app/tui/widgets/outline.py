"""The outline: every paragraph's label, a mark for its status and its open brackets."""

from __future__ import annotations

from textual import events
from textual.content import Content

from app.core.draft import Draft, Paragraph, Status
from app.tui.widgets.paragraph_list import ParagraphList
from app.tui.widgets.visible import visible

#: One character per status, readable from the back of the room.
STATUS_MARKS = {
    "open": " ", "bracketed": "[", Status.AGREED_IN_INFORMALS.value: "i",
    Status.AGREED_AD_REF.value: "r", Status.AGREED.value: "✓", Status.PENDING.value: "p",
    Status.RESERVED.value: "R", Status.DELETED.value: "x",
}  # fmt: skip


def outline_entry(paragraph: Paragraph, label: str) -> Content:
    """One line: status mark, label (or a heading's words), open-bracket count."""
    if paragraph.is_heading:
        text = Content(visible(paragraph.text))
        return text.stylize("bold" if paragraph.negotiable else "$text-muted")
    if not paragraph.negotiable:
        return Content(f"  {label}").stylize("$text-muted")
    status = (
        paragraph.status.value if paragraph.status is not Status.OPEN else paragraph.shown_status
    )
    mark = STATUS_MARKS.get(status, "?")
    count = len(paragraph.brackets)
    entry = Content(f"{mark} {label}")
    if count:
        entry = entry + Content(f" {count}").stylize("bold $warning")
    if paragraph.status in (Status.AGREED, Status.AGREED_AD_REF, Status.AGREED_IN_INFORMALS):
        entry = entry.stylize("$success", 0, 1)
    elif count:
        entry = entry.stylize("bold $warning", 0, 1)
    return entry


class Outline(ParagraphList):
    """Labels of the draft, for moving around it."""

    DEFAULT_CSS = """
    Outline {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 24;
        height: 1fr;
        border: none;
        border-right: vkey $foreground 20%;
        /* no scrollbar (the text's says where you are): it was 45 more lines to draw at
           each scroll, and a scrollbar of no width, out of Textual's map of the screen,
           made the next layout rebuild that map and draw the whole room again */
        overflow-y: hidden;
    }
    """

    ONE_LINE = True  # one line per entry (long headings end in an ellipsis)
    CENTRE = True  # the current paragraph, come from afar, in the middle of the labels

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel scrolls the labels as it would with a scrollbar."""
        self.scroll_relative(y=self.app.scroll_sensitivity_y, animate=False, force=True)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.scroll_relative(y=-self.app.scroll_sensitivity_y, animate=False, force=True)
        event.stop()

    def show_draft(self, draft: Draft, labels: dict[str, str], shown: list[int]) -> None:
        """Show the paragraphs at the given indices (all, or a filter)."""
        self.show_paragraphs(
            (draft.paragraphs[i] for i in shown), labels, outline_entry, lambda _p, _l: [1]
        )
