"""The folder on disk: what it holds at one moment (a snapshot, a stamp), the journal
that commits a save of several files at once, and the detection of changes another program
made since this process read or wrote the folder."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.draft import Draft
from app.core.errors import Conflict, DraftroomError
from app.files.atomic import MAX_FILE, fsync_dir, kind_of, read_regular, write_atomic
from app.store.layout import (
    DRAFT_FILE,
    FOOTNOTES_FILE,
    HISTORY_FILE,
    PARAGRAPHS_FILE,
    REVISIONS,
    Stamp,
    memory_of,
)  # fmt: skip

# -- the folder on disk: snapshots, stamps, the journal -----------------------------------
JOURNAL = ".draftroom.journal"
_JOURNAL_MAGIC = b"draftroom-journal 1\n"
_MAIN_FILES = (DRAFT_FILE, PARAGRAPHS_FILE, FOOTNOTES_FILE, HISTORY_FILE)
_REVISION_NAME = re.compile(r"revisions/[^/\\]+\.toml")
#: The most a draft folder's files may add up to: twice the largest file read.
MAX_FOLDER = 2 * MAX_FILE
#: A temporary file older than this was left by a process that died mid-write.
_STALE_TEMP = 10.0


class ChangedOnDisk(Conflict):
    """A file of the draft changed on disk since this process read or wrote it (another
    program, a `git pull`): saving would overwrite that change, so nothing was written."""

    def __init__(self, folder: Path, name: str) -> None:
        super().__init__(
            "changed on disk since this draft was read (another program, or `git pull`)",
            path=folder / name,
            hint="reload the draft to see the change; nothing was saved",
        )
        self.name = name


def _names(folder: Path) -> list[str]:
    names = [*_MAIN_FILES, JOURNAL]
    revisions = folder / REVISIONS
    try:
        mode = os.lstat(revisions).st_mode
    except FileNotFoundError:
        return names
    if stat.S_ISLNK(mode):  # a save would write the revisions wherever it points
        raise DraftroomError(
            f"is a symbolic link (to {os.readlink(revisions)!r}): a draft keeps its revisions "
            "in its own folder", path=revisions,
            hint="replace the link with a copy of the folder it names",
        )  # fmt: skip
    if not stat.S_ISDIR(mode):
        raise DraftroomError(
            f"is {kind_of(mode)}, not a folder: a draft keeps its revisions in a folder of "
            "that name", path=revisions, hint="move it out of the draft folder",
        )  # fmt: skip
    return names + sorted(f"{REVISIONS}/{p.name}" for p in revisions.glob("*.toml"))


def stamp(folder: Path) -> Stamp:
    """The folder's files as they stand: inode, size and mtime of each."""
    found: Stamp = {}
    for name in _names(folder):
        try:
            info = os.lstat(folder / name)  # a link is itself: the read refuses it
        except FileNotFoundError:
            continue
        found[name] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


class _Snapshot:
    """Every file of a draft folder, read at one moment, and the unfinished save (a
    committed journal) if a process died before applying it."""

    def __init__(self, folder: Path) -> None:
        for _attempt in range(20):  # a writer that replaces files as we read: read again
            before = stamp(folder)
            total = sum(size for _, size, _ in before.values())
            if total > MAX_FOLDER:  # (each file under the cap, sparse ones: memory runs out)
                raise DraftroomError(
                    f"its files add up to {total / 2**20:,.0f} MB: larger than Draftroom "
                    f"reads ({MAX_FOLDER / 2**20:,.0f} MB)", path=folder,
                    hint=f"move what is not the draft's out of the folder ({REVISIONS}/ holds "
                    "only the revisions, rev.N.toml)",
                )  # fmt: skip
            try:
                files = {n: read_regular(folder / n, follow=False) for n in before}
            except FileNotFoundError:
                continue
            if stamp(folder) == before:
                break
        else:
            raise DraftroomError(
                "keeps changing while it is read", path=folder, hint="try again in a moment"
            )
        self.folder = folder
        self.stamp = before
        raw = files.pop(JOURNAL, None)
        self.files = files
        self.journal = _parse_journal(folder, raw) if raw is not None else None

    def view(self) -> dict[str, bytes]:
        """The files as the last completed save left them: the disk, with the journal."""
        files = dict(self.files)
        for name, change in (self.journal or {}).items():
            if change is None:
                files.pop(name, None)
            elif isinstance(change, _Splice):
                spliced = change.apply(files.get(name, b""))
                if spliced is None:
                    raise DraftroomError(
                        f"an unfinished save left this journal, but {name} is no longer the "
                        "file it was written against",
                        path=self.folder / JOURNAL,
                        hint="delete the journal to open the draft as its files now stand",
                    )
                files[name] = spliced
            else:
                files[name] = change
        return files


@dataclass(frozen=True, slots=True)
class _Splice:
    """A file's new bytes given as its old ones from `offset` on replaced by `data`: a
    change near the end of a long file (history.toml grows at its end) journals only its
    tail. `check` is the digest of the old bytes just before `offset`, so a journal is
    never spliced onto another file than the one it was written against."""

    offset: int
    data: bytes
    check: str

    @classmethod
    def of(cls, old: bytes, new: bytes) -> _Splice | None:
        """The splice making `new` from `old`, if they share a long enough beginning."""
        offset = _common_blocks(old, new)
        if offset < _SPLICE_FROM:
            return None
        return cls(offset, new[offset:], _check(old, offset))

    def apply(self, old: bytes) -> bytes | None:
        """The new bytes, or None if `old` is not the file this splice was made from."""
        if len(old) < self.offset or _check(old, self.offset) != self.check:
            return None
        return old[: self.offset] + self.data


_BLOCK = 16_384
_SPLICE_FROM = 4 * _BLOCK
"""A file sharing less than this with its previous bytes is journaled whole."""


def _common_blocks(old: bytes, new: bytes) -> int:
    """How many bytes at the start `old` and `new` share, in whole blocks (a lower bound
    is all a splice needs; comparing block by block is a memcmp per 16 KB)."""
    offset, end = 0, min(len(old), len(new)) // _BLOCK * _BLOCK
    while offset < end and old[offset : offset + _BLOCK] == new[offset : offset + _BLOCK]:
        offset += _BLOCK
    return offset


def _sha256(data: bytes) -> str:
    import hashlib  # (here: loading OpenSSL is not on the way to the first frame)

    return hashlib.sha256(data).hexdigest()


def _check(data: bytes, offset: int) -> str:
    return _sha256(data[max(0, offset - _BLOCK) : offset])


Journaled = bytes | _Splice | None
"""What a journal says of one file: its new bytes, its new tail, or None (delete it)."""


def _journal(changes: dict[str, Journaled]) -> bytes:
    """A journal: the new bytes (or new tail) of each file, or its deletion, checksummed."""
    body = bytearray(_JOURNAL_MAGIC)
    for name, change in changes.items():
        if change is None:
            body += f"delete {name}\n".encode()
        elif isinstance(change, _Splice):
            digest = _sha256(change.data)
            body += (
                (
                    f"splice {name} {change.offset} {change.check} {len(change.data)} {digest}\n"
                ).encode()
                + change.data
                + b"\n"
            )
        else:
            digest = _sha256(change)
            body += f"write {name} {len(change)} {digest}\n".encode() + change + b"\n"
    return bytes(body) + f"end {_sha256(bytes(body))}\n".encode()


def _parse_journal(folder: Path, raw: bytes) -> dict[str, Journaled]:
    def damaged(why: str) -> DraftroomError:
        return DraftroomError(
            f"an unfinished save left this journal, and it is damaged ({why})",
            path=folder / JOURNAL,
            hint="delete it to open the draft as its files now stand; they may mix the "
            "last two saves",
        )

    end = raw.rfind(b"end ", 0, len(raw) - 1)
    if not raw.startswith(_JOURNAL_MAGIC) or end < 0:
        raise damaged("no header or end")
    if raw[end:] != f"end {_sha256(raw[:end])}\n".encode():
        raise damaged("checksum")
    changes: dict[str, Journaled] = {}
    at = len(_JOURNAL_MAGIC)
    while at < end:
        eol = raw.index(b"\n", at)
        words = raw[at:eol].decode().split(" ")
        at = eol + 1
        name = words[1] if len(words) > 1 else ""
        if name not in _MAIN_FILES and not _REVISION_NAME.fullmatch(name):
            raise damaged(f"the file name {name!r}")
        if words[0] == "delete" and len(words) == 2:
            changes[name] = None
            continue
        if words[0] == "write" and len(words) == 4:
            size, digest = words[2], words[3]
        elif words[0] == "splice" and len(words) == 6:
            size, digest = words[4], words[5]
        else:
            raise damaged("an unknown entry")
        data = raw[at : at + int(size)]
        if _sha256(data) != digest:
            raise damaged(f"checksum of {name}")
        at += len(data) + 1
        changes[name] = _Splice(int(words[2]), data, words[3]) if words[0] == "splice" else data
    return changes


def _remove_stale_temps(folder: Path) -> None:
    """Temporary files a killed process left (`.paragraphs.toml.x1y2.tmp`)."""
    now = time.time()
    for place in (folder, folder / REVISIONS):
        for temp in place.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > _STALE_TEMP:
                    temp.unlink()


def _commit(
    folder: Path,
    writes: dict[str, bytes],
    deletes: list[str],
    disk: dict[str, bytes],
    *,
    pending: bool,
) -> None:
    """Make the folder hold `writes` and lose `deletes`, all or nothing: several files go
    through a journal (written and fsynced first, the commit point; then applied; then
    removed), so a crash at any moment leaves either the old save or the new one. A file
    that keeps its beginning (`disk` holds the files as they stand) is journaled by its
    new tail only; every file is still replaced whole, by rename, so a reader never sees
    one half written. `pending`: a journal left by an unfinished save is replaced."""
    if not pending and not deletes and len(writes) == 1:
        [(name, data)] = writes.items()
        write_atomic(folder / name, data)  # one rename is atomic by itself
        return
    changes: dict[str, Journaled] = dict.fromkeys(deletes)
    for name, data in writes.items():
        old = disk.get(name)
        changes[name] = (_Splice.of(old, data) if old is not None else None) or data
    write_atomic(folder / JOURNAL, _journal(changes))
    for name, data in writes.items():
        write_atomic(folder / name, data, sync_dir=False)
    for name in deletes:
        (folder / name).unlink(missing_ok=True)
    if any(name.startswith(f"{REVISIONS}/") for name in changes):
        fsync_dir(folder / REVISIONS)
    fsync_dir(folder)  # every rename durable before the journal goes
    (folder / JOURNAL).unlink()
    fsync_dir(folder)


def changed_on_disk(draft: Draft, folder: Path) -> str | None:
    """The first file of the folder that changed on disk since `draft` was read from it or
    saved to it (None: nothing did, or the draft never was)."""
    folder = Path(folder)
    memory = memory_of(draft)
    if memory.seen is None or memory.folder != folder.resolve():
        return None
    return _first_change(memory.seen, stamp(folder))


def _first_change(seen: Stamp, now: Stamp) -> str | None:
    """The first file that differs between two stamps of a folder (None: none does), in
    the order of :func:`_names`, then any file gone since."""
    return next(
        (n for n in (*_MAIN_FILES, JOURNAL, *now, *seen) if seen.get(n) != now.get(n)), None
    )
