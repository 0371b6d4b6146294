"""What the room's keys see of the room: the state they read and the few things they do
to it. :class:`app.tui.app.DraftroomApp` is one; :mod:`app.tui.moving` and
:mod:`app.tui.recording` are written against this, never against the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from app.core.brackets import Bracket
from app.core.draft import Paragraph
from app.core.room import Room

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from app.glossary.checker import Finding
    from app.glossary.entries import Entry


class RoomView(Protocol):
    """The drafting room as its keys see it."""

    room: Room
    labels: dict[str, str]
    """Each paragraph's label, by id."""
    shown: list[int]
    """The draft indices of the paragraphs shown (all, or the contested ones)."""
    contested_only: bool
    searched: str
    findings: list[Finding]
    """The agreed language the current paragraph uses, as the panel shows it."""
    current_bracket: str | None
    draft_path: Path
    read_only: str
    """Why the draft cannot be changed here, or empty."""

    @property
    def size(self) -> Size:
        """The terminal's size."""

    @property
    def here(self) -> int:
        """The current paragraph's index in the draft."""

    @property
    def paragraph(self) -> Paragraph:
        """The current paragraph."""

    @property
    def bracket(self) -> Bracket | None:
        """The current bracket."""

    @property
    def ask(self) -> Callable[..., None]:
        """Ask one line of input at the foot of the room (`AskBar.ask`)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any]) -> Any: ...

    def install_screen(self, screen: Screen[Any], name: str) -> None: ...

    def copy_to_clipboard(self, text: str) -> None: ...

    def go_to(self, index: int) -> None:
        """Make the paragraph at draft index `index` current, and show it."""

    def show_current(self) -> None:
        """Show the current paragraph (and bracket) in the panel and the text."""

    def redraw_all(self) -> None:
        """Draw the outline and the text again from the draft (after a filter)."""

    def apply_change(self, change: Callable[[], Any], done: str | Callable[[Any], str]) -> bool:
        """Make a change through the room, show it, save it; whether it was made."""

    def open_draft(self, path: Path) -> None:
        """Leave this draft (all is saved) and open the room on the draft at `path`."""

    def glossary_entries(self) -> list[Entry]:
        """The glossary's entries (for the proposal editor's completion)."""
