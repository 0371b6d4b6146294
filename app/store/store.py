"""The draft store: a folder of TOML files, friendly to people, `git diff` and `git merge`.

```
DRAFT/
  draft.toml        format, the document's cover metadata, counters, active revisions
  paragraphs.toml   one [[paragraph]] table per paragraph, in document order; its text in
                    bracket notation ("[extreme - US; G77 delete]"), its bracket ids beside
  footnotes.toml    one [[footnote]] table per footnote
  history.toml      one [[event]] per change: who, what, when, the paragraphs before/after
  revisions/        rev.0.toml (the text as imported), rev.1.toml … frozen snapshots
```

Keys are written in a fixed order and defaults are left out, so a change to one paragraph
changes a few lines of one table. Every file is replaced atomically. Reading validates
every table and names the file and line of anything a hand edit broke.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any

import tomli_w

from app.core import notation
from app.core.brackets import walk
from app.core.delegations import Registry, check_name
from app.core.draft import Document, Draft, Footnote, Kind, Paragraph, Part, Status
from app.core.errors import Conflict, DraftroomError
from app.core.history import Change, Event, History, Revision, Stored
from app.files.atomic import fsync_dir, read_regular, write_atomic
from app.files.tomlfile import TableChecker, missing, read_toml

FORMAT = 1
DRAFT_FILE = "draft.toml"
PARAGRAPHS_FILE = "paragraphs.toml"
FOOTNOTES_FILE = "footnotes.toml"
HISTORY_FILE = "history.toml"
REVISIONS = "revisions"
#: Ends the file name of a revision whose issue was undone: kept for redo, and not taken
#: for an issued revision by whoever lists the folder (`revisions/rev.2.undone.toml`).
UNDONE = ".undone"


def revision_file(draft: Draft, name: str) -> str:
    """The file of a revision, by path relative to the draft folder: `rev.N.toml` while it
    is issued, `rev.N.undone.toml` while only an undone event holds it."""
    issued = any(r.name == name for r in draft.revisions)
    return f"{REVISIONS}/{name}{'' if issued else UNDONE}.toml"


_PARAGRAPH_ORDER = [
    "id", "kind", "part", "number", "parent", "section", "suffix", "level", "status",
    "status_by", "package", "emphasis",
]  # fmt: skip
_FOOTNOTE_ORDER = ["number", "paragraph", "emphasis", "text"]
_EVENT_ORDER = ["seq", "at", "action", "by", "paragraph", "bracket", "summary", "undone"]


# -- writing ------------------------------------------------------------------------------
@cache
def _defaults(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's default values by field (MISSING for a factory) and its required fields."""
    found = fields(cls)
    required = frozenset(f.name for f in found if MISSING is f.default is f.default_factory)
    return {f.name: f.default for f in found}, required


def _table(obj: Any, order: list[str]) -> dict[str, Any]:
    """An object as a TOML table: fixed key order, defaults omitted (required keys never)."""
    defaults, required = _defaults(obj.__class__)
    table: dict[str, Any] = {}
    for key in order:
        value = getattr(obj, key)
        if isinstance(value, StrEnum):
            value = value.value
        if key not in required and key != "text" and value in (defaults[key], [], ""):
            continue
        table[key] = value
    return table


def paragraph_table(paragraph: Paragraph, registry: Registry) -> dict[str, Any]:
    """A paragraph as stored: its fields, its text in notation, its bracket ids."""
    table = _table(paragraph, _PARAGRAPH_ORDER)
    table["text"] = notation.write(paragraph.content, registry)
    ids = [b.id for b in walk(paragraph.content)]
    if ids:
        table["brackets"] = ids
    return table


def _paragraphs_document(paragraphs: list[Paragraph], registry: Registry) -> dict[str, Any]:
    return {"paragraph": [paragraph_table(p, registry) for p in paragraphs]}


def _event_table(event: Event, registry: Registry) -> dict[str, Any]:
    table = _table(event, _EVENT_ORDER)
    if event.revision is not None:
        table["revision"] = event.revision.name
    changes = []
    for change in event.changes:
        entry: dict[str, Any] = {"paragraph": change.paragraph, "index": change.index}
        # a paragraph read from the history is written as it was
        for key, kept in zip(("before", "after"), change.stored(), strict=True):
            if kept is not None:
                entry[key] = kept.source
            elif (state := getattr(change, key)) is not None:
                entry[key] = paragraph_table(state, registry)
        changes.append(entry)
    if changes:
        table["change"] = changes
    return table


def _revisions(draft: Draft) -> dict[str, Revision]:
    """Every revision the draft or its history holds (undone ones can be redone)."""
    found = {r.name: r for r in draft.revisions}
    for event in draft.history:
        if event.revision is not None:
            found.setdefault(event.revision.name, event.revision)
    return found


# -- what a save writes again, kept: one change re-serialises one paragraph and one event --
#
# paragraphs.toml and history.toml are arrays of tables; tomli_w writes each table as a
# `[[name]]` section, the sections joined by a blank line (unless every table is short
# enough to be written inline, which only a tiny draft's may be: then the whole file is
# written by tomli_w). Each section is kept, so a save serialises only what changed:
# - a paragraph's by its content (every field, brackets and options included: a paragraph
#   the room changed in place reads differently, whoever changed it);
# - an event's by the event itself and its state: once recorded, only its `undone` flag
#   changes (checked, with its other fields, each save), and its paragraphs are copies
#   nobody changes.
_FILLER = {"_": "x" * 120}  # a table never written inline: tomli_w then writes [[name]] ones
_KEPT: dict[str, dict[Any, tuple[Any, bytes, bool | None]]] = {"paragraph": {}, "event": {}}
"""Each array's sections by what they were written from: the object each was written for,
its TOML (encoded once), whether its table would fit inline (None: not asked yet)."""


def _section(name: str, table: dict[str, Any]) -> bytes:
    """A table as one `[[name]]` section of an array of tables, exactly as tomli_w writes it."""
    head = tomli_w.dumps({name: [_FILLER]})
    text = tomli_w.dumps({name: [_FILLER, table]})
    return text[len(head) + 1 :].encode()


def _inline(name: str, table: dict[str, Any]) -> bool:
    """Whether tomli_w would write the table inline, were all the array's tables so."""
    return not tomli_w.dumps({name: [table]}).startswith(f"[[{name}]]")


def _content_print(content: list[Any]) -> tuple[Any, ...]:
    return tuple(
        part
        if part.__class__ is str
        else (
            part.id,
            *((_content_print(o.content), *o.supporters, o.original) for o in part.options),
        )
        for part in content
    )


def _paragraph_print(paragraph: Paragraph, registry_key: tuple[str, ...]) -> tuple[Any, ...]:
    """Everything a paragraph's table is written from, as a key (cheap to build and hash)."""
    p = paragraph
    return (
        registry_key, p.id, p.kind, p.part, p.number, p.parent, p.section, p.suffix, p.level,
        tuple(p.emphasis), p.status, tuple(p.status_by), p.package, _content_print(p.content),
    )  # fmt: skip


def _event_key(event: Event, key: tuple[str, ...]) -> tuple[Any, ...]:
    """An event's identity and everything its section is written from that may change (its
    `undone` flag); the kept section's owner tells a reused id from the event."""
    return (
        id(event), key, event.seq, event.at, event.action, event.by, event.paragraph,
        event.bracket, event.summary, event.undone, event.revision and event.revision.name,
        *map(id, event.changes),
    )  # fmt: skip


def _array(
    name: str,
    items: list[Any],
    keys: list[Any],
    table: Callable[[Any], dict[str, Any]],
    *,
    owned: bool,
) -> bytes:
    """The file of the array of tables `name`: each item's section kept by its key (`owned`:
    kept for that very object only), serialised when no section is kept for it."""
    kept = _KEPT[name]
    sections = []
    for item, key in zip(items, keys, strict=True):
        found = kept.get(key)
        if found is None or (owned and found[0] is not item):
            found = kept[key] = (item, _section(name, table(item)), None)
        sections.append(found[1])

    def fits(item: Any, key: Any) -> bool:  # asked once per section, then remembered
        owner, section, inline = kept[key]
        if inline is None:
            inline = _inline(name, table(item))
            kept[key] = (owner, section, inline)
        return inline

    # all() stops at the first that does not fit (a draft of many short tables asks them all)
    inline = bool(items) and all(fits(item, key) for item, key in zip(items, keys, strict=True))
    if len(kept) > 2 * len(keys) + 10_000:  # forget what no draft holds any more
        now = {key: kept[key] for key in keys}
        kept.clear()
        kept.update(now)
    if not items or inline:
        return tomli_w.dumps({name: [table(item) for item in items]}).encode()
    return b"\n".join(sections)


def _paragraphs_file(draft: Draft, registry: Registry) -> bytes:
    key = tuple(draft.delegations)
    prints = [_paragraph_print(p, key) for p in draft.paragraphs]
    return _array(
        "paragraph", draft.paragraphs, prints, partial(paragraph_table, registry=registry),
        owned=False,
    )  # fmt: skip


def _history_file(draft: Draft, registry: Registry) -> bytes:
    key = tuple(draft.delegations)
    events = list(draft.history)
    return _array(
        "event", events, [_event_key(e, key) for e in events],
        partial(_event_table, registry=registry), owned=True,
    )  # fmt: skip


def _sections_read(name: str, text: bytes, count: int) -> list[bytes] | None:
    """The `[[name]]` sections of a file as read, if it is in the layout the store writes
    (`count` sections joined by a blank line); None for any other layout."""
    header = f"[[{name}]]\n".encode()
    if not text.startswith(header):
        return None  # another layout (tomli_w writes a short array inline), or edited
    sections = [header + s for s in text[len(header) :].split(b"\n" + header)]
    if len(sections) != count or not all(s.endswith(b"\n") for s in sections):
        return None
    return sections


@dataclass(slots=True)
class _Read:
    """What a load read of paragraphs.toml and history.toml: what each section was read as
    (the paragraphs' prints, the events' keys, taken when read: the room may change them
    before the first save). The sections are split out at that first save, from the files
    it reads (unchanged since), not on the way to the first frame (about 70 ms for a
    2,000-paragraph draft)."""

    draft: Draft | None = None
    prints: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Event, tuple[Any, ...]]] | None = None

    def take_paragraphs(self, draft: Draft) -> None:
        key = tuple(draft.delegations)
        self.draft = draft
        self.prints = [_paragraph_print(p, key) for p in draft.paragraphs]

    def take_events(self, events: list[Event], key: tuple[str, ...]) -> None:
        self.events = [(e, _event_key(e, key)) for e in events]

    def keep_sections(self, files: dict[str, bytes]) -> None:
        """Keep the sections of `files` (as the load read them), so the first save after
        opening a long draft writes them back as they are instead of serialising thousands
        of them again (a file in another layout is serialised on save, as before)."""
        assert self.draft is not None
        if PARAGRAPHS_FILE in files:
            found = _sections_read("paragraph", files[PARAGRAPHS_FILE], len(self.prints))
            for print_, section in zip(self.prints, found or [], strict=False):
                _KEPT["paragraph"][print_] = (None, section, None)  # (kept by content alone)
        if HISTORY_FILE in files:
            if self.events is None:  # a history left for later and not read yet: read now
                list(self.draft.history)  # (its reader takes the events as read)
            events = self.events or []
            found = _sections_read("event", files[HISTORY_FILE], len(events))
            for (event, key), section in zip(events, found or [], strict=False):
                _KEPT["event"][key] = (event, section, None)


_read: dict[Path, _Read] = {}
"""Each folder's last load, until its draft is first saved."""


def dumps(draft: Draft, frozen: set[str] | None = None) -> dict[str, bytes]:
    """The draft's files as bytes, by path relative to the draft folder. Revisions named in
    `frozen` are already written and, being frozen, are not serialised again."""
    frozen = frozen or set()
    registry = Registry(draft.delegations)
    document = {f.name: getattr(draft.document, f.name) for f in fields(draft.document)}
    head: dict[str, Any] = {
        "format": FORMAT,
        "next_paragraph": draft.next_paragraph,
        "next_bracket": draft.next_bracket,
    }
    if draft.revisions:
        head["revisions"] = [r.name for r in draft.revisions]
    if draft.delegations:
        head["delegations"] = draft.delegations
    head["document"] = {k: v for k, v in document.items() if v != []}
    files = {
        DRAFT_FILE: tomli_w.dumps(head).encode(),
        PARAGRAPHS_FILE: _paragraphs_file(draft, registry),
        FOOTNOTES_FILE: tomli_w.dumps(
            {"footnote": [_table(f, _FOOTNOTE_ORDER) for f in draft.footnotes]}
        ).encode(),
        HISTORY_FILE: _history_file(draft, registry),
    }
    for name, revision in _revisions(draft).items():
        if name in frozen:
            continue
        if revision.unread and revision.stored is not None:  # as it was read, unread
            files[revision_file(draft, name)] = revision.stored
            continue
        data = {"name": revision.name, "at": revision.at}
        data |= _paragraphs_document(revision.paragraphs, registry)
        files[revision_file(draft, name)] = tomli_w.dumps(data).encode()
    return files


# -- the folder on disk: snapshots, stamps, the journal -----------------------------------
JOURNAL = ".draftroom.journal"
_JOURNAL_MAGIC = b"draftroom-journal 1\n"
_MAIN_FILES = (DRAFT_FILE, PARAGRAPHS_FILE, FOOTNOTES_FILE, HISTORY_FILE)
_REVISION_NAME = re.compile(r"revisions/[^/\\]+\.toml")
#: A temporary file older than this was left by a process that died mid-write.
_STALE_TEMP = 10.0

Stamp = dict[str, tuple[int, int, int]]
"""What a folder held at one moment: each file's inode, size and mtime (ns), by name."""

_seen: dict[Path, Stamp] = {}
"""Per draft folder, what this process last read from it or wrote to it."""


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
    if revisions.is_symlink():  # a save would write the revisions wherever it points
        raise DraftroomError(
            f"is a symbolic link (to {os.readlink(revisions)!r}): a draft keeps its revisions "
            "in its own folder", path=revisions,
            hint="replace the link with a copy of the folder it names",
        )  # fmt: skip
    if revisions.is_dir():
        names += sorted(f"{REVISIONS}/{p.name}" for p in revisions.glob("*.toml"))
    return names


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


def changed_on_disk(folder: Path) -> str | None:
    """The first file of the draft that changed on disk since this process last read or
    wrote the folder (None: nothing did, or the folder was never read)."""
    folder = Path(folder)
    seen = _seen.get(folder.resolve())
    if seen is None:
        return None
    return _first_change(seen, stamp(folder))


def _first_change(seen: Stamp, now: Stamp) -> str | None:
    """The first file that differs between two stamps of a folder (None: none does), in
    the order of :func:`_names`, then any file gone since."""
    return next(
        (n for n in (*_MAIN_FILES, JOURNAL, *now, *seen) if seen.get(n) != now.get(n)), None
    )


def save_draft(draft: Draft, folder: Path, *, overwrite: bool = False) -> None:
    """Write the draft to `folder` (created if needed), all changed files or none: a kill
    at any moment leaves the previous save or this one. A file changed on disk since this
    process read the folder raises :class:`ChangedOnDisk` and nothing is written, unless
    `overwrite` (the user chose to keep their version)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DraftroomError("exists and is not a draft folder", path=folder)
    (folder / REVISIONS).mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    disk = _Snapshot(folder)
    seen = _seen.get(key)
    changed = _first_change(seen, disk.stamp) if seen is not None else None
    if changed is not None and not overwrite:
        raise ChangedOnDisk(folder, changed)
    _remove_stale_temps(folder)
    view = disk.view()
    wanted = set(_revisions(draft))
    # a revision written is frozen: its bytes move, unchanged, when its issue is undone/redone
    kept = {
        name: view[file]
        for name in wanted
        for file in (f"{REVISIONS}/{name}.toml", f"{REVISIONS}/{name}{UNDONE}.toml")
        if file in view
    }
    on_disk = set(kept)
    target = {revision_file(draft, n): data for n, data in kept.items()}
    read = _read.pop(key, None)
    if read is not None and read.draft is draft and seen is not None and changed is None:
        read.keep_sections(view)  # its first save, the files as loaded: what was read stands
    target |= dumps(draft, frozen=on_disk)
    writes = {n: d for n, d in target.items() if disk.files.get(n) != d}
    # revisions the draft no longer holds go (a file not named as a revision is left alone)
    deletes = [n for n in disk.files if n not in target and _REVISION_NAME.fullmatch(n)]
    if writes or deletes or disk.journal is not None:
        _commit(folder, writes, deletes, disk.files, pending=disk.journal is not None)
    _seen[key] = stamp(folder)


# -- reading ------------------------------------------------------------------------------
_CONVERTERS: dict[tuple[type, str], Callable[[Any], Any]] = {
    (Paragraph, "kind"): Kind,
    (Paragraph, "part"): Part,
    (Paragraph, "status"): Status,
}
_TYPES: dict[str, type] = {
    "level": int, "emphasis": list, "cover": list, "cover_notes": list, "status_by": list,
    "seq": int, "undone": bool, "index": int,
}  # fmt: skip


def _checker(path: Path, text: str, header: str = "[") -> TableChecker:
    return TableChecker(
        path, text, header, converters=_CONVERTERS, types=_TYPES, derived=frozenset({"content"})
    )


def _checked_name(checker: TableChecker, key: str, name: str, nth: int | None) -> str:
    """A delegation name a file holds (in the list `key` of table `nth`, or of the whole
    file), as :func:`check_name` stores it; one the notation could not hold is refused,
    naming the file, the line and the column of that name."""
    try:
        return check_name(name)
    except DraftroomError as error:
        line = checker.line_of(key, None, nth) or 1
        column = None
        quoted = tomli_w.dumps({"_": name})[len("_ = ") :].strip()
        lines = checker.lines
        for i in range(line - 1, len(lines)):  # the name's own line, as the store writes it
            if quoted in lines[i]:
                line, column = i + 1, lines[i].index(quoted) + 1
                break
            if i >= line and lines[i].lstrip().startswith("["):
                break  # the next table: the name is written otherwise; its key's line
        raise DraftroomError(
            error.message, path=checker.path, line=line, column=column,
            excerpt=lines[line - 1] if line <= len(lines) else None,
            hint=f"{error.hint} (here and wherever the draft's files name it)",
        ) from None  # fmt: skip


_SNAPSHOT_KEYS = frozenset({f.name for f in fields(Paragraph)} - {"content"} | {"text", "brackets"})


class _Loader:
    """Reads the tables of one draft folder, with a registry for the notation."""

    def __init__(self, folder: Path, registry: Registry, files: dict[str, bytes]) -> None:
        self.folder = folder
        self.registry = registry
        self.files = files

    def read(self, path: Path) -> tuple[dict[str, Any], str]:
        """A file of the snapshot (a missing one is reported as such)."""
        name = path.relative_to(self.folder).as_posix()
        if name not in self.files:
            raise missing(path)
        return read_toml(path, self.files[name])

    def tables(self, path: Path, key: str) -> tuple[list[Any], TableChecker, dict[str, Any]]:
        data, text = self.read(path)
        checker = _checker(path, text, f"[[{key}]]")
        tables = data.get(key, [])
        if not isinstance(tables, list):
            raise checker.fail(
                f"{key} must be an array of [[{key}]] tables", checker.line_of(key, None, None)
            )
        return tables, checker, data

    def paragraph(self, table: Any, checker: TableChecker, nth: int, what: str) -> Paragraph:
        paragraph: Paragraph = checker.build(Paragraph, table, nth, what, own=("text", "brackets"))
        if paragraph.status_by:
            paragraph.status_by = [
                _checked_name(checker, "status_by", n, nth) for n in paragraph.status_by
            ]
        text = table.get("text")
        if not isinstance(text, str):
            raise checker.fail(
                f"{what} {nth + 1} lacks its text", checker.line_of("id", paragraph.id, nth)
            )
        ids = table.get("brackets", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise checker.fail(
                f"{what} {nth + 1}: brackets must be a list of ids",
                checker.line_of("text", text, nth),
            )
        if not ids and "[" not in text and "\\" not in text:  # plain text: nothing to read
            paragraph.content = [text] if text else []
            return paragraph
        supply: Iterator[str] = iter(ids)
        missing: list[int] = []

        def next_id() -> str:
            try:
                return next(supply)
            except StopIteration:
                missing.append(1)
                return f"b?{len(missing)}"

        def locate(offset: int) -> tuple[int, int, str]:  # only when something is wrong
            line = checker.line_of("text", text, nth) or 1
            return line, len('text = "') + offset + 1, checker.lines[line - 1]

        reader = notation.NotationReader(
            self.registry, next_id, path=str(checker.path), locate=locate
        )
        try:
            parsed = reader.parse(text)
        except DraftroomError as error:
            if "unknown delegation" in error.message:
                error.hint = (
                    error.hint_for("cli") or ""
                ) + " (delegations added to a draft are listed in draft.toml)"
            raise
        found = sum(1 for _ in walk(parsed.content))
        if missing or found != len(ids):
            raise checker.fail(
                f"{what} {paragraph.id}: its text has {found} brackets but brackets lists "
                f"{len(ids)} ids", checker.line_of("text", text, nth),
                "list one id per bracket, in reading order (nested ones after their parent)",
            )  # fmt: skip
        paragraph.content = parsed.content
        return paragraph

    def paragraphs(self, path: Path) -> list[Paragraph]:
        tables, checker, _ = self.tables(path, "paragraph")
        paragraphs = [self.paragraph(t, checker, i, "paragraph") for i, t in enumerate(tables)]
        seen: set[str] = set()
        holders: dict[str, str] = {}  # bracket id -> the paragraph holding it
        for i, paragraph in enumerate(paragraphs):
            if paragraph.id in seen:
                raise checker.fail(
                    f"paragraph {i + 1}: the id {paragraph.id!r} is used twice",
                    checker.line_of("id", paragraph.id, i),
                )
            seen.add(paragraph.id)
            for bracket in walk(paragraph.content):
                if bracket.id in holders:  # (a counter lowered by hand, a merge)
                    raise checker.fail(
                        f"paragraph {paragraph.id}: the bracket id {bracket.id!r} is already "
                        f"used in paragraph {holders[bracket.id]}",
                        checker.line_of("brackets", None, i),
                        "give one of them an id no other bracket has, and next_bracket in "
                        "draft.toml a number above every id",
                    )
                holders[bracket.id] = paragraph.id
        return paragraphs

    def revision(self, name: str, checker: TableChecker, line: int | None) -> Revision:
        file = f"{REVISIONS}/{name}.toml"
        if file not in self.files and f"{REVISIONS}/{name}{UNDONE}.toml" in self.files:
            file = f"{REVISIONS}/{name}{UNDONE}.toml"  # an issue undone, kept for redo
        path = self.folder / file
        if file not in self.files:
            raise checker.fail(f"revision {name!r} has no file {path}", line)
        raw = self.files[file]
        head, paragraphs_follow, _ = raw.partition(b"\n[[paragraph]]\n")
        if paragraphs_follow:  # the store's layout: read the head now, the paragraphs later
            data, _text = read_toml(path, head + b"\n")
            at = data.get("at", "")
            return Revision(
                name, at if isinstance(at, str) else "",
                # a loader holding this file alone: the draft's other files are not kept
                read=partial(_Loader(self.folder, self.registry, {file: raw}).paragraphs, path),
                stored=raw,
            )  # fmt: skip
        data, _text = self.read(path)
        at = data.get("at", "")
        return Revision(name, at if isinstance(at, str) else "", self.paragraphs(path))

    def history(self, revisions: dict[str, Revision]) -> list[Event]:
        path = self.folder / HISTORY_FILE
        if HISTORY_FILE not in self.files:
            return []
        tables, checker, _ = self.tables(path, "event")
        events = []
        for nth, table in enumerate(tables):
            if not isinstance(table, dict):
                raise checker.fail(
                    f"event {nth + 1} is not a table", checker.line_of("seq", None, nth)
                )
            body = {k: v for k, v in table.items() if k not in ("change", "revision")}
            event: Event = checker.build(Event, body, nth, "event", own=())
            name = table.get("revision")
            if isinstance(name, str):
                if name not in revisions:
                    revisions[name] = self.revision(
                        name, checker, checker.line_of("revision", name, nth)
                    )
                event.revision = revisions[name]
            changes = table.get("change", [])
            if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
                raise checker.fail(
                    f"event {nth + 1}: change must be [[event.change]] tables",
                    checker.line_of("seq", None, nth),
                )
            for change in changes:
                paragraph_id, index = change.get("paragraph", ""), change.get("index", 0)
                if not isinstance(paragraph_id, str) or type(index) is not int:
                    raise checker.fail(
                        f"event {nth + 1}: a change names its paragraph (an id) and its index "
                        "(a whole number)", checker.line_of("paragraph", paragraph_id, nth),
                    )  # fmt: skip
                read = partial(self.snapshot, checker, nth)
                event.changes.append(
                    Change(
                        paragraph_id,
                        index,
                        self.stored(change.get("before"), read),
                        self.stored(change.get("after"), read),
                    )
                )
            events.append(event)
        return events

    def stored(self, table: Any, read: Callable[[Any], Paragraph]) -> Stored | Paragraph | None:
        """A paragraph the history recorded, its shape checked now, read when first needed
        (undo, redo, tracked changes): a long history opens without reading thousands of
        paragraphs, and one malformed is reported then, by file and line."""
        if not table:
            return None
        if (
            isinstance(table, dict)
            and table.keys() <= _SNAPSHOT_KEYS
            and isinstance(table.get("id"), str)
            and isinstance(table.get("kind"), str)
            and isinstance(table.get("text"), str)
        ):
            return Stored(table, read)
        return read(table)  # raises the error, naming the line

    def snapshot(self, checker: TableChecker, nth: int, table: Any) -> Paragraph:
        return self.paragraph(table, checker, nth, "event")


def load_draft(folder: Path, *, history_later: bool = False) -> Draft:
    """Read a draft folder, validating every table; errors name the file and line. The
    files are read at one moment (read again if a writer replaced one meanwhile), as the
    last completed save left them. `history_later`: the history (most of a long draft's
    bytes) is read from those same bytes when first used, and validated then (the room
    reads it right after its first frame)."""
    folder = Path(folder)
    if not folder.exists():
        raise DraftroomError("no such draft folder", path=folder)
    if not folder.is_dir():
        raise DraftroomError(
            "is a file, not a draft folder",
            path=folder,
            hint=f"to import a text: draftroom import {folder} -o DRAFT_FOLDER",
        )
    disk = _Snapshot(folder)
    files = disk.view()
    head_path = folder / DRAFT_FILE
    head, head_text = read_toml(head_path, files.get(DRAFT_FILE))
    checker = _checker(head_path, head_text)
    if head.get("format") != FORMAT:
        raise checker.fail(
            f"format = {head.get('format')!r}: this Draftroom reads format {FORMAT}",
            checker.line_of("format", None, None),
        )
    document = checker.build(Document, head.get("document", {}), 0, "[document]")
    extra = head.get("delegations", [])
    if not isinstance(extra, list) or not all(isinstance(n, str) for n in extra):
        raise checker.fail(
            "delegations must be a list of names", checker.line_of("delegations", None, None)
        )
    extra = [_checked_name(checker, "delegations", n, None) for n in extra]
    counters = {}
    for key in ("next_paragraph", "next_bracket"):
        value = head.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise checker.fail(f"{key} must be a whole number", checker.line_of(key, None, None))
        counters[key] = value
    loader = _Loader(folder, Registry(extra), files)
    paragraphs = loader.paragraphs(folder / PARAGRAPHS_FILE)
    seen = {p.id for p in paragraphs}

    tables, fn_checker, _ = loader.tables(folder / FOOTNOTES_FILE, "footnote")
    footnotes = [fn_checker.build(Footnote, t, i, "footnote") for i, t in enumerate(tables)]
    for i, footnote in enumerate(footnotes):
        if footnote.paragraph and footnote.paragraph not in seen:
            raise fn_checker.fail(
                f"footnote {footnote.number} is attached to {footnote.paragraph!r}, "
                "which is not a paragraph of this draft",
                fn_checker.line_of("paragraph", footnote.paragraph, i),
            )
    names = head.get("revisions", [])
    if not isinstance(names, list):
        raise checker.fail(
            "revisions must be a list of names", checker.line_of("revisions", None, None)
        )
    revisions = {
        n: loader.revision(n, checker, checker.line_of("revisions", None, None)) for n in names
    }
    read = _Read()

    def history() -> list[Event]:
        events = loader.history(revisions)
        read.take_events(events, tuple(extra))
        return events

    # counters lowered by hand or by a merge never hand out an id the text already holds
    used = [int(p.id[1:]) for p in paragraphs if p.id[1:].isdigit()]
    held = [int(b.id[1:]) for p in paragraphs for b in walk(p.content) if b.id[1:].isdigit()]
    draft = Draft(
        document, paragraphs, footnotes, History(history) if history_later else history(),
        [revisions[n] for n in names], list(extra),
        max(counters["next_paragraph"], *used, 0),
        max(counters["next_bracket"], max(held, default=0) + 1),
    )  # fmt: skip
    read.take_paragraphs(draft)
    _seen[folder.resolve()] = disk.stamp
    _read[folder.resolve()] = read
    return draft
