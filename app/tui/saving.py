"""Saving what the room shows: a change is drawn at once and saved right after that frame,
one save for every change made before it runs; a file changed underneath (another program,
a `git pull`) is asked about, reload or keep this version, never overwritten silently."""

from __future__ import annotations

from app.core.errors import DraftroomError
from app.core.room import Room
from app.session import ChangedOnDisk, Session
from app.tui.view import RoomView


class Saving:
    """The room's saves, through its session."""

    def __init__(self, view: RoomView, session: Session) -> None:
        self.view = view
        self.session = session
        self.unsaved: list[str] = []
        """What the changes shown but not yet saved did, said once they are saved."""

    def shown(self) -> bool:
        """Save the changes the screen shows, then say what they did (one save for all
        that were made before it ran); whether all the screen shows is saved."""
        if not self.unsaved:
            return True
        done, self.unsaved = self.unsaved, []
        if not self.save("; ".join(done)):
            return False
        for said in done:
            self.view.notify(said, timeout=3)
        return True

    def save(self, done: str, *, overwrite: bool = False) -> bool:
        """Save through the store; a failure is shown, a file changed underneath is asked
        about (reload, or keep this version), never overwritten silently."""
        try:
            self.session.room = self.view.room
            self.session.save(overwrite=overwrite)
        except ChangedOnDisk as error:
            self._changed_underneath(error, done)
            return False
        except (OSError, DraftroomError) as error:
            self.view.notify(f"{error}", title="NOT SAVED", severity="error", timeout=30)
            return False
        return True

    def adopt(self, room: Room, done: str) -> bool:
        """Make `room` (a change made apart: :meth:`Session.apart`) the room's, show it and
        save it; whether it is saved."""
        self.view.room = room
        self.view.redraw_all()
        self.unsaved.append(done)
        return self.shown()

    def _changed_underneath(self, error: ChangedOnDisk, done: str) -> None:
        from app.tui.screens import ChoiceScreen  # (the room's start-up does not need it)

        def choose(answer: str | None) -> None:
            if answer == "reload":
                self.session.reload()
                self.view.room = self.session.room
                self.view.redraw_all()
                self.view.notify(f"Reloaded. Not kept: {done}", title="Reloaded", timeout=15)
            elif answer == "keep" and self.save(done, overwrite=True):
                self.view.notify(f"Saved over the change on disk: {done}", timeout=8)
            elif answer is None:  # the screen already shows this version
                self.view.notify(f"NOT SAVED: {done}", severity="error", timeout=30)

        self.view.push_screen(
            ChoiceScreen(
                f"{error.name} changed on disk since the room read it (another program, or "
                f"`git pull`). Your change is not saved yet: {done}.",
                [("Reload the draft from disk (your change is dropped)", "reload"),
                 ("Keep this version: save it over the change on disk", "keep")],
            ),
            choose,
        )  # fmt: skip
