"""How a draft is laid out in its files: the file names, each table's keys in a fixed
order with defaults left out, and the sections a save keeps (one change re-serialises one
paragraph and one event). `dumps` gives every file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any

import tomli_w

from app.core import notation
from app.core.brackets import walk
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph
from app.core.history import Event, Revision

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
Kept = dict[str, dict[Any, tuple[Any, bytes, bool | None]]]
"""Each array's sections by what they were written from: the object each was written for,
its TOML (encoded once), whether its table would fit inline (None: not asked yet)."""
Stamp = dict[str, tuple[int, int, int]]
"""What a folder held at one moment: each file's inode, size and mtime (ns), by name."""


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
    kept: dict[Any, tuple[Any, bytes, bool | None]],
) -> bytes:
    """The file of the array of tables `name`: each item's section kept by its key (`owned`:
    kept for that very object only), serialised when no section is kept for it."""
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


def _paragraphs_file(draft: Draft, registry: Registry, kept: Kept) -> bytes:
    key = tuple(draft.delegations)
    prints = [_paragraph_print(p, key) for p in draft.paragraphs]
    return _array(
        "paragraph", draft.paragraphs, prints, partial(paragraph_table, registry=registry),
        owned=False, kept=kept["paragraph"],
    )  # fmt: skip


def _history_file(draft: Draft, registry: Registry, kept: Kept) -> bytes:
    key = tuple(draft.delegations)
    events = list(draft.history)
    return _array(
        "event", events, [_event_key(e, key) for e in events],
        partial(_event_table, registry=registry), owned=True, kept=kept["event"],
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

    def keep_sections(self, files: dict[str, bytes], kept: Kept) -> None:
        """Keep the sections of `files` (as the load read them), so the first save after
        opening a long draft writes them back as they are instead of serialising thousands
        of them again (a file in another layout is serialised on save, as before)."""
        assert self.draft is not None
        if PARAGRAPHS_FILE in files:
            found = _sections_read("paragraph", files[PARAGRAPHS_FILE], len(self.prints))
            for print_, section in zip(self.prints, found or [], strict=False):
                kept["paragraph"][print_] = (None, section, None)  # (kept by content alone)
        if HISTORY_FILE in files:
            if self.events is None:  # a history left for later and not read yet: read now
                list(self.draft.history)  # (its reader takes the events as read)
            events = self.events or []
            found = _sections_read("event", files[HISTORY_FILE], len(events))
            for (event, key), section in zip(events, found or [], strict=False):
                kept["event"][key] = (event, section, None)


@dataclass(slots=True)
class Memory:
    """What the store remembers of one draft, held by the draft itself (`Draft.stored`), so
    no module keeps state and two drafts of one folder each know what they read: the folder
    it was read from or saved to, that folder's stamp then (a file changed since was
    changed underneath), what the load read (until the first save), each array's sections
    by what they were written from (a save serialises only what changed), and which of its
    revision files are the draft's own."""

    folder: Path | None = None
    seen: Stamp | None = None
    read: _Read | None = None
    kept: Kept = field(default_factory=lambda: {"paragraph": {}, "event": {}})
    revisions: set[str] = field(default_factory=set)
    """The revision files of that folder that are this draft's (read or written by it): only
    these are kept as frozen, moved or deleted; any other is left alone, never taken."""


def memory_of(draft: Draft) -> Memory:
    """The store's memory of `draft` (a new one for a draft it never read or saved)."""
    if not isinstance(draft.stored, Memory):
        draft.stored = Memory()
    return draft.stored


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
    if draft.sources:
        head["sources"] = draft.sources
    head["document"] = {k: v for k, v in document.items() if v != []}
    files = {
        DRAFT_FILE: tomli_w.dumps(head).encode(),
        PARAGRAPHS_FILE: _paragraphs_file(draft, registry, memory_of(draft).kept),
        FOOTNOTES_FILE: tomli_w.dumps(
            {"footnote": [_table(f, _FOOTNOTE_ORDER) for f in draft.footnotes]}
        ).encode(),
        HISTORY_FILE: _history_file(draft, registry, memory_of(draft).kept),
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
