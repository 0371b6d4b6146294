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
from textual.widgets import Input, Label


class AskBar(Horizontal):
    """A question and its answer line, with completion from a list (a delegation, a
    label, an option number). Hidden until :meth:`ask`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel", tooltip="Close without change")
    ]
    DEFAULT_CSS = """
    AskBar { height: 1; display: none; background: $accent 25%; }
    AskBar.-open { display: block; }
    AskBar > Label { width: auto; max-width: 60%; padding: 0 1; text-style: bold; }
    AskBar > Input { width: 1fr; min-width: 16; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._answered: Callable[[str | None], Any] | None = None
        """What to do with the answer of the question open (None: no question is)."""

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
        self.query_one(Label).update(Content(question))
        line = self.query_one(Input)
        line.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        line.value = value
        line.cursor_position = len(value)
        self.add_class("-open")
        line.focus()

    def _close(self, answer: str | None) -> None:
        answered, self._answered = self._answered, None
        self.remove_class("-open")
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
            self._close(None)

    def action_cancel(self) -> None:
        self._close(None)
