"""The question line: one line of input at the foot of the room, on the key bar's line.

A question ("Which delegation supports b4?") is asked here rather than in a dialog: the
text the room is reading stays in view, undimmed, while the facilitator answers, and
nothing covers the screen, so nothing has to be drawn again when it closes (a dialog
over a 160x50 screen costs a full repaint each way, most of a key press on a long draft).
While it is open the room's keys are off (`DraftroomApp.check_action`): the arrows do
not move the paragraph the question is about.

Opening, closing and typing repaint this one line, never the room. Any change of the
screen's layout (a widget shown or hidden, resized) makes Textual hand every scrolling
view (the text, the outline, the panel) its size again, and they repaint their
scrollbars, so the whole room is drawn again: 10-15 ms of a key on the 2,000-paragraph
draft. So, as an editor's minibuffer, the line never changes its layout: it holds the
line's words (the keys, or the question) as wide as the screen, then the answer line, and
is scrolled by one cell (the keys in view) or by the answer's width (the question set
against the answer, in view with it). Both stay partly in view all along: Textual looks
up where a widget is whenever it is repainted or focused, and for one out of view it
rebuilds its map of the screen, and the next scroll repaints every widget.
The answer line keeps its size whatever is typed (:class:`AnswerLine`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.widgets import Input

    from app.tui.widgets.answer_line import AnswerLine


class SharedLine(Widget):
    """The words of the line: its own (the keys in context), or while a question is
    open, the question, set against the right edge where the answer line follows it."""

    DEFAULT_CSS = """
    SharedLine { height: 1; width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._words = Content("")
        self._question: Content | None = None

    def render(self) -> Content:
        return self._words if self._question is None else self._question

    def show_words(self, words: Content) -> None:
        """Show `words` as the line's own (at once, or when the question closes)."""
        self._words = words
        if self._question is None:
            self.refresh()

    def show_question(self, question: Content | None) -> None:
        """Show `question` (already set in place), or the line's own words (None)."""
        self._question = question
        self.refresh()


class AnswerRoom(Widget):
    """Where the answer line goes, as wide and coloured: the line (Textual's `Input`: its
    styles, composing and drawing it, ~23 M instructions) is made after the room's first
    frame (:meth:`AskBar.prepare`), into a place of its own size, so the first frame does
    not wait for it and nothing on the screen moves when it comes."""

    DEFAULT_CSS = """
    AnswerRoom { height: 1; background: $footer-background; }
    AnswerRoom > AnswerLine { width: 100%; background: $footer-background; }
    AnswerRoom > AnswerLine:focus { background: $surface; }
    """


class AskBar(Horizontal):
    """A question and its answer line, with completion from a list (a delegation, a
    label, an option number), on the line of the words it `shares` (the key bar's), which
    show again when it closes; the focus then goes back where it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel", tooltip="Close without change")
    ]
    DEFAULT_CSS = """
    AskBar { height: 1; overflow: hidden hidden; background: $footer-background; }
    AskBar > AnswerRoom { width: 40%; min-width: 16; }
    """
    SHUT = 1
    """Where the line is scrolled to while no question is open: the words in view, after
    their first cell (a space), then the first cell of the answer line."""

    def __init__(self, shares: SharedLine) -> None:
        super().__init__()
        self.shares = shares
        """The words on the line (the keys), which give way to a question."""
        self._answered: Callable[[str | None], Any] | None = None
        """What to do with the answer of the question open (None: no question is)."""
        self._return_to: Widget | None = None
        self._question = ""
        self.room = AnswerRoom()
        """Where the answer line goes (it comes after the first frame)."""

    def compose(self) -> ComposeResult:
        yield self.shares
        yield self.room

    def prepare(self) -> None:
        """Make the answer line, once the room's first frame is out (unless the room is
        already closing: a key can quit it before)."""
        if self.room.is_attached:
            self.answer_line  # noqa: B018

    @property
    def answer_line(self) -> AnswerLine:
        """The line the answer is typed on (made and mounted when first needed)."""
        from app.tui.widgets.answer_line import AnswerLine

        lines = self.room.query_children(AnswerLine)
        if lines:
            return lines.first()
        line = AnswerLine(compact=True)  # one line, no border: what is typed shows on it
        self.room.mount(line)
        return line

    def on_mount(self) -> None:
        self.set_reactive(AskBar.scroll_x, float(self.SHUT))  # (from the first frame on)

    def on_resize(self, _event: events.Resize) -> None:
        if self.is_open:
            self.shares.show_question(self._placed())  # (the answer's width is a share)
        self._scroll()

    def _scroll(self) -> None:
        x = self.max_scroll_x if self.is_open else self.SHUT
        self.scroll_to(x=x, animate=False, immediate=True, force=True)

    def _placed(self) -> Content:
        """The question in bold, set against the right edge of the line's words (the
        answer line's left edge once scrolled), cut short if it is longer than that room."""
        room = max(1, self.size.width - self.room.outer_size.width)
        words = Content(f" {self._question} ").stylize("bold").truncate(room, ellipsis=True)
        return words.pad_left(self.shares.outer_size.width - words.cell_length)

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
        self._answered, self._question = answered, question
        if self.screen.focused is not self.answer_line:  # (else a question asked in
            self._return_to = self.screen.focused  # answer to one: back where that was)
        self.shares.show_question(self._placed())
        from textual.suggester import SuggestFromList

        line = self.answer_line
        line.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        line.value = value
        line.cursor_position = len(value)
        self._scroll()
        line.asking = True
        self.screen.set_focus(line, scroll_visible=False)  # (`focus()` scrolls to it later)

    def _close(self, answer: str | None, *, refocus: bool = True) -> None:
        """Answer, then close the line (unless the answer asked another question): what
        the answer moves (the text, the outline, the panel) and the line closing reach the
        screen together. Closed first, the line, the text and the keys came to the screen
        before the outline and the panel, and Textual drew a frame between them: the whole
        room twice at each search."""
        answered, self._answered = self._answered, None
        if answered is not None:
            answered(answer)
        if self._answered is not None:
            return
        line = self.answer_line
        line.asking = False
        line.value = ""  # (its first cell stays in view)
        self.shares.show_question(None)
        self._scroll()
        if refocus and self._return_to is not None and self._return_to.is_attached:
            # (not `focus()`, which repaints the widget: a long text looks the same)
            self.screen.set_focus(self._return_to, scroll_visible=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close(event.value.strip() or None)

    def on_input_blurred(self) -> None:
        """Focus taken elsewhere (a click on the outline, Tab): the question is dropped."""
        if self.is_open:
            self._close(None, refocus=False)  # the focus is where the user took it

    def action_cancel(self) -> None:
        self._close(None)
