"""The one path every front door takes to a draft: read it, or open it for changes with its
lock held, apply operations through its `Room`, save, reload, close.

The command line and the drafting room call these (and so will the follower, the web page
and the git merge driver): nothing else takes a draft's lock or saves a draft, so the rules
are written once: a writer holds the lock for as long as it may save; a save never
overwrites a change another program made on disk unless told to; a draft that another
program writes opens read-only, saying who. Importing a file into a new draft and
compiling returns into a draft are here too, so both front doors do them the one way and
say the same report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from app.core import history
from app.core.delegations import Registry, check_name
from app.core.draft import Draft
from app.core.errors import DraftroomError, Hint, NotFound
from app.core.room import Room
from app.core.tally import tally
from app.files.atomic import check_name_lengths, output_folder, read_regular
from app.store.lock import CLI_WAIT, DraftLock, hold
from app.store.parsed import Parsed
from app.store.room_position import Position, published, withdraw
from app.store.room_position import publish as _publish
from app.store.store import ChangedOnDisk, changed_on_disk, load_draft, save_draft

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    from app.glossary.index import SourceIndex
    from app.glossary.source_text import SourceText
    from app.importers.returns import Compiled

__all__ = [
    "CLI_WAIT", "ChangedOnDisk", "Imported", "Parsed", "Position", "Session", "changed_since",
    "compile_returns", "create", "import_draft", "import_target", "merge", "position", "read",
]  # fmt: skip


def read(path: Path, *, history_later: bool = False, parsed: Parsed | None = None) -> Draft:
    """A draft to read (show, status, export, check): no lock, nothing written. A reader
    that reads the draft again at each save (a follower, the live page) passes the same
    `parsed` each time: paragraphs unchanged since are not parsed again, and are shared
    with the draft read before (neither may be changed)."""
    return load_draft(Path(path), history_later=history_later, parsed=parsed)


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


@dataclass(slots=True)
class Imported:
    """What an import made and left out, as every front door says it."""

    source: Path
    target: Path
    counts: dict[str, Any]
    warnings: list[DraftroomError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the importer left out (tracked changes by author, tables), file by file."""
    tracked_left_out: bool = False
    """A Word file's tracked changes were left out: `compile` records them as proposals."""

    @property
    def summary(self) -> str:
        counts = self.counts
        return (
            f"imported {self.source} -> {self.target}: {counts['paragraphs']} negotiable "
            f"paragraphs, {counts['headings']} headings, {counts['context']} context "
            f"paragraphs, {counts['footnotes']} footnotes, {counts['open_brackets']} open "
            "brackets"
        )

    def compile_hint(self, front: str) -> str:
        """How to record the tracked changes left out, in the words of `front`."""
        if not self.tracked_left_out:
            return ""
        hint = Hint(
            f"to record them as the delegations' proposals: draftroom compile {self.target} "
            f"{self.source} (--from DELEGATION when an author is a person)",
            "to record them as the delegations' proposals: in the new draft, press C "
            "(Compile delegations' returns…) and give this file",
        )
        return hint.room if front == "room" else hint.cli


def import_draft(
    source: Path, target: Path, *, name: str = "", title: str = "", force: bool = False,
    strict: bool = False, new_delegations: Iterable[str] = (), program: str,
) -> Imported:  # fmt: skip
    """Import a file (Word, PDF, text: the importer its content calls for) into a new draft
    folder `target`: a folder holding something is replaced only with `force`, and nothing
    is written when the file cannot be read."""
    source, target = Path(source), Path(target)
    check_name_lengths(target)  # (before asking the system about a name it cannot hold)
    if target.exists() and not target.is_dir():
        raise DraftroomError(
            "exists and is not a folder: a draft is a folder", path=target,
            hint=Hint("name the draft folder to create with -o", "name another draft folder"),
        )  # fmt: skip
    if target.exists() and any(target.iterdir()) and not force:
        raise DraftroomError(
            "already exists and is not empty", path=target,
            hint=Hint(
                "choose another folder with -o, or add --force to replace the draft in it",
                "name another draft folder (a new one, or an empty one)",
            ),
        )  # fmt: skip
    from app.importers.docx import LEFT_OUT
    from app.importers.importing import import_file

    extra = list(dict.fromkeys(check_name(n) for n in new_delegations))
    imported = Imported(source, target, {})
    draft = import_file(
        source, name=name or target.name, registry=Registry(extra), strict=strict,
        warnings=imported.warnings, notes=imported.notes,
    )  # fmt: skip
    imported.tracked_left_out = any(LEFT_OUT in note for note in imported.notes)
    draft.delegations = extra
    if title:
        draft.document.title = title
    draft.revisions = [history.freeze(draft, "rev.0", _issued(draft.document.date))]
    # --force over a draft another window is writing: wait, or refuse
    with output_folder(target):  # /proc, a read-only folder, a full disk: a message
        create(draft, target, program=program)
    imported.counts = tally(draft)
    return imported


def import_target(source: Path) -> Path:
    """Where a file opened in place of a draft is imported: next to it, named after it
    (`zero-draft.docx` -> `zero-draft/`), or `zero-draft-2/`… when that holds something."""
    source = Path(source)
    target = source.with_suffix("")
    number = 1
    while target.exists() and (not target.is_dir() or any(target.iterdir())):
        number += 1
        target = source.with_name(f"{source.stem}-{number}")
    return target


def _issued(date: str) -> str:
    """rev.0 is the text as distributed: dated by the document when it gives a date, so
    importing the same document twice gives the same files."""
    try:
        return datetime.strptime(date, "%d %B %Y").strftime("%Y-%m-%dT00:00:00Z")
    except ValueError:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def compile_returns(
    room: Room, paths: Sequence[Path], delegation: str | None = None
) -> list[Compiled]:
    """Each return's tracked changes as its delegations' proposals in `room`, one report
    a file (`delegation`: whose every change is). A refusal leaves the room changed in
    part: the caller saves only when every file is compiled (all the files or none)."""
    from app.importers.returns import compile_return

    reports = []
    for path in map(Path, paths):
        try:
            data = read_regular(path)
        except FileNotFoundError:
            raise NotFound("no such file", path=path) from None
        reports.append(compile_return(room, data, path.name, delegation))
    return reports


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
        """Save every change made through the room (each one an event: the store prints
        again only the paragraphs the new events changed); `ChangedOnDisk` if another
        program changed a file since it was read (nothing written), unless `overwrite`."""
        if self.read_only:
            raise DraftroomError(f"read-only: {self.read_only}", path=self.path)
        save_draft(self.room.draft, self.path, overwrite=overwrite, through_room=True)

    def apart(self) -> Room:
        """The draft as saved, read again into a room of its own, for a change made in
        many steps (a compile): the caller keeps it (it becomes `room`, then is saved) or
        drops it whole, and the room in use is never seen half changed."""
        return Room(load_draft(self.path))

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

    return index_sources(folders, _read_source)


def read_source_text(file: str | Path) -> SourceText:
    """The paragraphs of an adopted text a finding cites (its `Citation.file`), to show
    the passage in it: as kept when its folder was indexed, else read by the importers."""
    from app.glossary.index import read_text

    return read_text(Path(file), _read_source)


def _read_source(path: Path) -> Draft:
    from app.importers.importing import import_file

    return import_file(path, name=path.stem or "source")


def draft_sources(path: Path, draft: Draft) -> list[Path]:
    """The source folders a draft remembers, relative ones taken from the draft's folder."""
    return [Path(path) / folder for folder in draft.sources]
