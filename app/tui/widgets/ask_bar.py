"""The question line: one line of input at the foot of the room, on the key bar's line.

A question ("Which delegation supports b4?") is asked here rather than in a dialog: the
text the room is reading stays in view, undimmed, while the facilitator answers, and
nothing covers the screen, so nothing has to be drawn again when it closes (a dialog
over a 160x50 screen costs a full repaint each way, most of a key press on a long draft).
While it is open the room's keys are off (`DraftroomApp.check_action`): the arrows do
not move the paragraph the question is about.

It never changes the screen's layout, as an editor's minibuffer: any layout makes
Textual hand every scrolling view (the text, the outline, the panel) its size again, and
they repaint their scrollbars, so the whole room is drawn again (10-15 ms of a key on the
2,000-paragraph draft). So the key bar and the question are two rows of one fixed line,
scrolled to show one or the other; the question's label has a fixed width, its words
set against its right edge and scrolled to the line's start; and the answer line keeps
its size whatever is typed (:class:`AnswerLine`). Opening or closing the question, or
typing, repaints this one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Region
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static


class AnswerLine(Input):
    """An answer typed on one row of a fixed width. Textual's Input asks for a layout of
    the whole screen whenever its value changes (its scrollable width does), though its
    own size cannot change; that request is dropped here, the line repainted instead."""

    _resized = False
    """Whether the scrollable width just changed (the refresh that follows asks a layout)."""

    def watch_virtual_size(self) -> None:
        self._resized = True

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._resized:
            self._resized, layout = False, False  # (its width and height are the CSS's)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class AskBar(Vertical):
    """A question and its answer line, with completion from a list (a delegation, a
    label, an option number), on the line of the widget it `shares` the line with (the
    key bar), which shows whenever no question is open. When a question closes the focus
    goes back where it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel", tooltip="Close without change")
    ]
    DEFAULT_CSS = """
    AskBar { height: 1; overflow: hidden hidden; }
    AskBar > Horizontal { height: 1; width: 100%; background: $accent 25%; }
    AskBar Label {
        width: 60%; height: 1; text-align: right; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    AskBar AnswerLine { width: 40%; min-width: 16; }
    AskBar .room-to-scroll { width: 60%; }
    """

    def __init__(self, shares: Widget) -> None:
        super().__init__()
        self.shares = shares
        """The widget on the line when no question is open (the key bar)."""
        self._answered: Callable[[str | None], Any] | None = None
        """What to do with the answer of the question open (None: no question is)."""
        self._return_to: Widget | None = None
        self._question_width = 0
        """The question's width on the line, in cells."""

    def compose(self) -> ComposeResult:
        yield self.shares  # the first row; the question's row is under it, scrolled to
        with Horizontal():
            # the question, set against the right edge of a label of fixed width, then
            # the row scrolled so that it starts the line (the room to the right of the
            # answer lets it scroll that far)
            yield Label()
            yield AnswerLine(compact=True)  # one line, no border: what is typed shows on it
            yield Static(classes="room-to-scroll")

    @property
    def is_open(self) -> bool:
        return self._answered is not None

    def ask(
        self,
        question: str,
        answered: Callable[[str | None], Any],
        suggestions: list[str] | None = None,
        value: str = "",
    ) -> None:
        """Open the line with `question` (plain text, never markup), the answer line holding
        `value`; `answered` gets what is typed (None if nothing, or if cancelled)."""
        self._answered = answered
        self._return_to = self.screen.focused
        words = Content(f" {question} ")
        self._question_width = words.cell_length
        self.query_one(Label).update(words, layout=False)
        line = self.query_one(AnswerLine)
        line.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        line.value = value
        line.cursor_position = len(value)
        self._place_question()
        self.scroll_to(y=1, animate=False, immediate=True, force=True)
        self.screen.set_focus(line, scroll_visible=False)  # (`focus()` scrolls to it later)

    def _place_question(self) -> None:
        """Scroll the question's row so that the question starts the line."""
        x = max(0, self.query_one(Label).size.width - self._question_width)
        self.query_one(Horizontal).scroll_to(x=x, animate=False, immediate=True, force=True)

    def on_resize(self, _event: events.Resize) -> None:
        if self.is_open:
            self._place_question()  # (the label's width is a share of the line's)

    def _close(self, answer: str | None, *, refocus: bool = True) -> None:
        answered, self._answered = self._answered, None
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        if refocus and self._return_to is not None and self._return_to.is_attached:
            # (not `focus()`, which repaints the widget: a long text looks the same)
            self.screen.set_focus(self._return_to, scroll_visible=False)
        if answered is not None:
            answered(answer)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close(event.value.strip() or None)

    @on(Input.Blurred)
    def _left(self) -> None:
        """Focus taken elsewhere (a click on the outline, Tab): the question is dropped."""
        if self.is_open:
            self._close(None, refocus=False)  # the focus is where the user took it

    def action_cancel(self) -> None:
        self._close(None)
