"""Following a draft as it changes on disk: what the follower terminal, the projector and the
web page are told when the facilitator saves or moves.

The file events come from `watchfiles` (Rust `notify`: inotify on Linux), not a polling
loop: a save is seen within a few tens of milliseconds (`STEP`, the quiet time that groups
the files of one save) and an idle draft costs nothing. The draft is read again through
the session layer, the code the room itself reads with, so a follower never parses the
store by itself; the store reads a folder whose files change underneath again until it
holds still, and sees through a save's journal, so a half-saved draft is never shown.

What a follower survives, keeping the last good draft and saying why it waits:
- a save in progress or a `git pull` rewriting the files one by one: read again at the
  next event, and at `RETRY` while the last read failed;
- the draft being locked by the room or the CLI: a reader needs no lock;
- the folder briefly missing (moved away and back, `git checkout`): the parent folder is
  watched too, and the folder's own watch is laid again when it comes back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from watchfiles import Change, awatch

from app import session
from app.core.draft import Draft
from app.core.errors import DraftroomError
from app.session import Position

#: Quiet time (ms) that ends a group of file events: one save writes several files.
STEP = 40
#: The longest (ms) events are grouped while files keep changing.
DEBOUNCE = 400
#: How often (ms) a draft that could not be read is read again without a new event.
RETRY = 500
#: Files of the folder that never change what a follower shows.
_IGNORED = (".draftroom.lock",)


@dataclass(slots=True)
class Update:
    """What a follower learns at one moment: the draft (the last one read whole), the
    facilitator's position, and what changed since the last update."""

    draft: Draft | None
    position: Position | None
    changed: set[str] = field(default_factory=set)
    """The ids of the paragraphs whose content or status changed (all of them at first)."""
    draft_changed: bool = False
    moved: bool = False
    problem: str = ""
    """Why the draft on disk could not be read just now (the last good one is kept)."""


class DraftWatch:
    """One draft folder, followed: :meth:`read` brings the view up to date (any thread),
    :meth:`updates` yields each change as it happens (asyncio)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).absolute()
        self.draft: Draft | None = None
        self.position: Position | None = None
        self.problem = ""
        self.parsed = session.Parsed()
        """The paragraphs of the last read: a save re-parses only those it changed."""

    def read(self) -> Update:
        """Read again what changed on disk: the draft when one of its files did (its
        paragraphs compared with the last ones read), the position always (a small file)."""
        update = Update(self.draft, self.position)
        position = session.position(self.folder)
        if position != self.position:
            self.position = update.position = position
            update.moved = True
        if self.draft is not None and not self.problem:
            try:
                if not session.changed_since(self.draft, self.folder):
                    return update
            except (OSError, DraftroomError):
                pass  # (the folder is not readable now: the read below says why)
        try:
            # (the history is not shown: left unread; unchanged paragraphs not parsed again)
            draft = session.read(self.folder, history_later=True, parsed=self.parsed)
        except (OSError, DraftroomError) as error:
            gone = not self.folder.is_dir()
            update.problem = self.problem = "not there just now" if gone else str(error)
            return update
        update.changed = _changed(self.draft, draft)
        update.draft_changed = self.draft is None or bool(update.changed) or bool(self.problem)
        self.draft = update.draft = draft
        self.problem = ""
        return update

    async def updates(self, stop: asyncio.Event | None = None) -> AsyncIterator[Update]:
        """The first state, then one update per group of file events that changed what a
        follower shows (the draft, the position, or whether the draft can be read), until
        `stop` is set. The watch is laid before the first read: nothing saved in between
        is missed, and events that come while the caller is busy wait in a queue."""
        stop = stop or asyncio.Event()
        batches: asyncio.Queue[set[tuple[Change, str]] | None] = asyncio.Queue()
        watching = asyncio.create_task(self._watch(stop, batches))
        try:
            await asyncio.sleep(0)  # (the watch's first step lays the inotify watches)
            first = await asyncio.to_thread(self.read)
            said = first.problem
            yield first
            while (batch := await batches.get()) is not None:
                while not batches.empty():  # several groups came meanwhile: one read
                    more = batches.get_nowait()
                    if more is None:
                        return
                    batch |= more
                update = await asyncio.to_thread(self.read)
                if update.draft_changed or update.moved or update.problem != said:
                    said = update.problem
                    yield update
        finally:
            stop.set()
            watching.cancel()

    async def _watch(
        self, stop: asyncio.Event, batches: asyncio.Queue[set[tuple[Change, str]] | None]
    ) -> None:
        """File events into `batches` (None: stopped); an empty batch after `RETRY` ms of
        quiet while the draft cannot be read, or just after its folder came back."""
        try:
            while not stop.is_set():
                watched = [self.folder.parent]
                if self.folder.is_dir():
                    watched.append(self.folder)
                fresh = True  # (anything saved while the watch was laid again is read)
                async for batch in awatch(
                    *watched, watch_filter=self._relevant, recursive=False, step=STEP,
                    debounce=DEBOUNCE, stop_event=stop, rust_timeout=RETRY,
                    yield_on_timeout=True,
                ):  # fmt: skip
                    if batch or self.problem or fresh:
                        batches.put_nowait(batch)
                    fresh = False
                    if any(Path(path) == self.folder for _, path in batch):
                        break  # the folder itself went or came back: watch it anew
                else:
                    return
        finally:
            batches.put_nowait(None)

    def _relevant(self, change: Change, path: str) -> bool:
        where = Path(path)
        if where.parent == self.folder.parent:
            return where == self.folder
        return where.name not in _IGNORED and not where.name.endswith(".tmp")


def _changed(before: Draft | None, after: Draft) -> set[str]:
    """The paragraphs of `after` that differ from `before` (every one when there was none)."""
    if before is None:
        return {p.id for p in after.paragraphs}
    old = {p.id: p for p in before.paragraphs}
    return {p.id for p in after.paragraphs if old.get(p.id) != p}
