"""The one path every front door takes to a draft: read it, or open it for changes with its
lock held, apply operations through its `Room`, save, reload, close.

The command line and the drafting room call these (and so will `compile`, the follower,
the web page and the git merge driver): nothing else takes a draft's lock or saves a draft,
so the rules are written once: a writer holds the lock for as long as it may save; a save
never overwrites a change another program made on disk unless told to; a draft that
another program writes opens read-only, saying who.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.core.draft import Draft
from app.core.errors import DraftroomError
from app.core.room import Room
from app.store.lock import CLI_WAIT, DraftLock, hold
from app.store.room_position import Position, published, withdraw
from app.store.room_position import publish as _publish
from app.store.store import ChangedOnDisk, changed_on_disk, load_draft, save_draft

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    from app.glossary.index import SourceIndex

__all__ = [
    "CLI_WAIT", "ChangedOnDisk", "Position", "Session", "changed_since", "create", "merge",
    "position", "read",
]  # fmt: skip


def read(path: Path, *, history_later: bool = False) -> Draft:
    """A draft to read (show, status, export, check): no lock, nothing written."""
    return load_draft(Path(path), history_later=history_later)


def changed_since(draft: Draft, path: Path) -> bool:
    """Whether a file of the draft at `path` changed since `draft` was read from it (a
    follower reads again only then: the facilitator moving changes the position alone)."""
    return changed_on_disk(draft, Path(path)) is not None


def position(path: Path) -> Position | None:
    """Where the room that writes the draft is (see :mod:`app.store.room_position`)."""
    return published(Path(path))


def create(draft: Draft, path: Path, *, program: str) -> None:
    """Write a new draft (an import) into `path`, replacing what is there: under the lock
    when the folder exists, so a window writing the old draft is waited for, or named."""
    path = Path(path)
    lock = DraftLock(path, program=program) if path.is_dir() else None
    if lock is not None:
        hold(lock, CLI_WAIT)
    try:
        save_draft(draft, path, overwrite=True)
    finally:
        if lock is not None:
            lock.release()


def merge(
    base: Path, ours: Path, theirs: Path, into: Path, *, names: tuple[str, str] = ("ours", "theirs")
) -> list[str]:
    """Merge two branches of a draft by their events (the git merge driver): the three
    folders are read, merged (:func:`~app.core.merging.merge_drafts`), the result saved
    into the new folder `into` through the store and read back, so a merge that would not
    load is refused here. Returns what the merge did (ids renumbered); a clash raises."""
    from app.core.merging import merge_drafts

    merged = merge_drafts(*(load_draft(Path(p)) for p in (base, ours, theirs)), names=names)
    save_draft(merged.draft, Path(into), overwrite=True)
    load_draft(Path(into))
    return merged.notes


class Session:
    """A draft opened for changes: its room, and the lock held while it may be saved.

    Opened with `wait` (the CLI: a few seconds for another program, then an error naming
    it), or with `read_only_if_busy` (the room: a draft another window writes opens
    read-only, `read_only` saying why)."""

    def __init__(
        self, path: Path, *, program: str, wait: float | None = None,
        read_only_if_busy: bool = False, history_later: bool = False,
    ) -> None:  # fmt: skip
        self.path = Path(path)
        self.lock = DraftLock(self.path, program=program)
        self.read_only = ""
        """Why this session may not change the draft (another window writes it), or empty."""
        self._published: tuple[str, str] | None = None
        if read_only_if_busy:
            self.room = Room(load_draft(self.path, history_later=history_later))
            try:
                if not self.lock.acquire(wait=0):
                    self.read_only = f"open for writing in {self.lock.holder()}"
            except DraftroomError as error:
                self.read_only = error.message
        else:
            if not self.path.is_dir():  # the load names what is wrong; no lock file made
                load_draft(self.path)
            hold(self.lock, CLI_WAIT if wait is None else wait)
            try:
                self.room = Room(load_draft(self.path, history_later=history_later))
            except BaseException:
                self.lock.release()
                raise

    @property
    def draft(self) -> Draft:
        return self.room.draft

    def save(self, *, overwrite: bool = False) -> None:
        """Save every change made through the room; `ChangedOnDisk` if another program
        changed a file since it was read (nothing written), unless `overwrite`."""
        if self.read_only:
            raise DraftroomError(f"read-only: {self.read_only}", path=self.path)
        save_draft(self.room.draft, self.path, overwrite=overwrite)

    def reload(self) -> None:
        """Read the draft again from disk (after a change underneath), history included."""
        self.room = Room(load_draft(self.path))

    def publish(self, paragraph: str, label: str) -> None:
        """Tell the followers which paragraph the room is on (only the lock's holder does;
        written only when it changed)."""
        if self.lock.held and not self.read_only and (paragraph, label) != self._published:
            self._published = (paragraph, label)
            _publish(self.path, paragraph, label, program=self.lock.program)

    def close(self) -> None:
        """Give the lock up (nothing is saved here: every change is saved when made); the
        position published goes with it."""
        if self.lock.held:
            withdraw(self.path)
        self.lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:  # fmt: skip
        self.close()


def read_sources(folders: list[Path]) -> SourceIndex:
    """The adopted texts of `folders` as agreed language: each file read by the importers
    (txt, md, docx, pdf, by content), from the index where it is unchanged; a file that
    cannot be used is a warning naming it (`SourceIndex.warnings`)."""
    from app.glossary.index import index_sources
    from app.importers.importing import import_file

    def read(path: Path) -> Draft:
        return import_file(path, name=path.stem or "source")

    return index_sources(folders, read)


def draft_sources(path: Path, draft: Draft) -> list[Path]:
    """The source folders a draft remembers, relative ones taken from the draft's folder."""
    return [Path(path) / folder for folder in draft.sources]
