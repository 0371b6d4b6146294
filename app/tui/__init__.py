"""The drafting room (Textual): the only package that imports textual."""

from __future__ import annotations

import gc
from pathlib import Path


def open_room(draft_path: Path) -> None:
    """The drafting room on a draft, as `draftroom open` runs it: no garbage collection
    until its first frame is out (the room turns it back on, having frozen what it read:
    :mod:`app.tui.memory`): textual's modules and a long draft are hundreds of thousands of objects that live as
    long as the room, and the collector would walk them several times over on the way to
    the first frame. A draft that cannot be read raises before the screen switches.

    A Word or PDF file in place of the draft is offered for import first; a room that
    imported another draft and was asked to open it closes, and the room opens on it."""
    path: Path | None = Path(draft_path)
    said: list[str] = []
    if path is not None and path.is_file():
        from app.importers.kinds import document_kind
        from app.tui.importing import ImportOfferApp, import_lines

        imported = ImportOfferApp(path, document_kind(path)).run()
        path, said = (imported.target, import_lines(imported)) if imported else (None, [])
    while path is not None:
        gc.disable()
        try:
            from app.tui.app import DraftroomApp  # (imported here: only the room needs textual)

            app = DraftroomApp(path, imported=said)
            app.run()
            path, said = app.next_draft, []
        finally:
            gc.enable()


def follow(draft_path: Path, *, projector: bool = False) -> None:
    """A follower on a draft (`draftroom open DRAFT --follow`, `--projector`): read-only,
    no lock; a draft that cannot be read raises before the screen switches."""
    from app.tui.follower import FollowerApp

    FollowerApp(draft_path, projector=projector).run()
