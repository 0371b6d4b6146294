"""The question line: one line of input at the foot of the room, where the key bar was.

A question ("Which delegation supports b4?") is asked here rather than in a dialog: the
text the room is reading stays in view, undimmed, while the facilitator answers, and
nothing covers the screen, so nothing has to be drawn again when it closes (a dialog
over a 160x50 screen costs a full repaint each way, most of a key press on a long draft).
While it is open the room's keys are off (`DraftroomApp.check_action`): the arrows do
not move the paragraph the question is about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label


class AskBar(Horizontal):
    """A question and its answer line, with completion from a list (a delegation, a
    label, an option number). Hidden until :meth:`ask`; while open it takes the place of
    the widget `covers` selects, and when it closes the focus goes back where it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel", tooltip="Close without change")
    ]
    DEFAULT_CSS = """
    AskBar { height: 1; display: none; background: $accent 25%; }
    AskBar.-open { display: block; }
    AskBar > Label { width: auto; max-width: 60%; padding: 0 1; text-style: bold; }
    AskBar > Input { width: 1fr; min-width: 16; }
    """

    def __init__(self, covers: str = "") -> None:
        super().__init__()
        self.covers = covers
        """A selector of the widget the question line takes the place of (a key bar)."""
        self._answered: Callable[[str | None], Any] | None = None
        """What to do with the answer of the question open (None: no question is)."""
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Label()
        yield Input(compact=True)  # one line, no border: what is typed shows on that line

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
        self._show_covered(False)
        self.query_one(Label).update(Content(question))
        line = self.query_one(Input)
        line.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        line.value = value
        line.cursor_position = len(value)
        self.add_class("-open")
        line.focus()

    def _show_covered(self, shown: bool) -> None:
        # (its display, not a class on the screen: that would restyle every widget)
        for covered in self.screen.query(self.covers) if self.covers else ():
            covered.display = shown

    def _close(self, answer: str | None, *, refocus: bool = True) -> None:
        answered, self._answered = self._answered, None
        self.remove_class("-open")
        self._show_covered(True)
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
