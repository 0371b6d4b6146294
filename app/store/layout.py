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
from app.core.brackets import Bracket, walk
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


# -- what a save prints again: one change re-prints one paragraph and one event ----------
#
# paragraphs.toml and history.toml are arrays of tables; tomli_w writes each table as a
# `[[name]]` section, the sections joined by a blank line (unless every table is short
# enough to be written inline, which only a tiny draft's may be: then the whole file is
# written by tomli_w). A `Printer`, held with the open draft, keeps each section with what
# it was printed from, so a save prints only what changed and the files stay byte for byte
# what one tomli_w call over every table writes:
# - a paragraph's by its id, with a print of its whole content (every field, brackets and
#   options included), compared at each save: a paragraph changed in place reads
#   differently, whoever changed it, without the room marking it;
# - an event's by the event itself and its fields: once recorded, only its `undone` flag
#   changes (undo, redo), and its paragraphs are copies nobody changes.
# The prints are flat lists, not nested tuples, and compared, not hashed: a save of the
# 2,000-paragraph draft checks every paragraph and event in about 4 ms (it took 13 ms).
_FILLER = {"_": "x" * 120}  # a table never written inline: tomli_w then writes [[name]] ones
Print = list[Any]
"""Everything a table is printed from, flat (never changed once made): equal prints give
equal sections."""
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


def _content_print(content: list[Any], out: Print) -> Print:
    """`content` added to `out` with every count before what it counts (so two contents
    never print alike) and `Bracket` before each bracket (a class: no text equals it)."""
    out.append(len(content))
    for part in content:
        if part.__class__ is str:
            out.append(part)
            continue
        out += (Bracket, part.id, len(part.options))
        for option in part.options:
            inner = option.content
            out += (option.original, len(option.supporters), *option.supporters)
            if len(inner) == 1 and inner[0].__class__ is str:  # (most options: no recursion)
                out += (1, inner[0])
            else:
                _content_print(inner, out)
    return out


def paragraph_print(paragraph: Paragraph) -> Print:
    """Everything a paragraph's table is printed from (with the draft's delegations)."""
    p = paragraph
    out = [
        p.id, p.kind, p.part, p.number, p.parent, p.section, p.suffix, p.level, p.status,
        p.package, len(p.emphasis), *p.emphasis, len(p.status_by), *p.status_by,
    ]  # fmt: skip
    return _content_print(p.content, out)


def _event_print(event: Event) -> Print:
    """Everything an event's section is printed from that may change (its `undone` flag);
    its changes by identity (recorded once, never changed)."""
    e = event
    return [
        e.seq, e.at, e.action, e.by, e.paragraph, e.bracket, e.summary, e.undone,
        e.revision and e.revision.name, *map(id, e.changes),
    ]  # fmt: skip


@dataclass(slots=True)
class _Printed:
    owner: Any
    """The object printed, for a section that serves that very object only (an event)."""
    print: Print
    section: bytes
    inline: bool | None = None
    """Whether its table would be written inline (None: not asked yet)."""


@dataclass(slots=True)
class Sections:
    """One array of tables as last printed: each table's section by a key (a paragraph's
    id, an event's identity), with what it was printed from."""

    name: str
    owned: bool
    """A section serves the very object printed only (events), not an equal one."""
    context: tuple[str, ...] = ()
    """The draft's delegations when printed (a name's spelling in the notation)."""
    kept: dict[Any, _Printed] = field(default_factory=dict)

    def keep(self, context: tuple[str, ...], key: Any, owner: Any, print_: Print,
             section: bytes) -> None:  # fmt: skip
        """Keep a section printed elsewhere (read from a file the store wrote)."""
        if context != self.context:
            self.kept, self.context = {}, context
        self.kept[key] = _Printed(owner if self.owned else None, print_, section)

    def file(
        self, items: list[Any], keys: list[Any], prints: list[Print],
        table: Callable[[Any], dict[str, Any]], context: tuple[str, ...],
    ) -> bytes:  # fmt: skip
        """The file of the array: each item's section kept if it was printed from the same
        print (and, `owned`, for that very item), else printed; only the items' kept."""
        if context != self.context:
            self.kept, self.context = {}, context
        kept, now, sections, owned = self.kept, {}, [], self.owned
        for item, key, print_ in zip(items, keys, prints, strict=True):
            found = kept.get(key)
            if found is None or found.print != print_ or (owned and found.owner is not item):
                found = _Printed(item if owned else None, print_, _section(self.name, table(item)))
            now[key] = found
            sections.append(found.section)
        self.kept = now

        def fits(item: Any, printed: _Printed) -> bool:  # asked once a section, remembered
            if printed.inline is None:
                printed.inline = _inline(self.name, table(item))
            return printed.inline

        # all() stops at the first that does not fit (a draft of many short tables asks all)
        inline = bool(items) and all(fits(i, now[k]) for i, k in zip(items, keys, strict=True))
        if not items or inline:
            return tomli_w.dumps({self.name: [table(item) for item in items]}).encode()
        return b"\n".join(sections)


@dataclass(slots=True)
class Printer:
    """paragraphs.toml and history.toml section by section, each kept from save to save
    with what it was printed from: held with the open draft (its `Memory`), never by a
    module, so two drafts of one folder each know what they printed."""

    paragraphs: Sections = field(default_factory=lambda: Sections("paragraph", owned=False))
    events: Sections = field(default_factory=lambda: Sections("event", owned=True))

    def paragraphs_file(self, draft: Draft, registry: Registry) -> bytes:
        paragraphs = draft.paragraphs
        return self.paragraphs.file(
            paragraphs, [p.id for p in paragraphs], [paragraph_print(p) for p in paragraphs],
            partial(paragraph_table, registry=registry), tuple(draft.delegations),
        )  # fmt: skip

    def history_file(self, draft: Draft, registry: Registry) -> bytes:
        events = list(draft.history)
        return self.events.file(
            events, [id(e) for e in events], [_event_print(e) for e in events],
            partial(_event_table, registry=registry), tuple(draft.delegations),
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
    (the paragraphs' and the events' prints, taken when read: the room may change them
    before the first save). The sections are split out at that first save, from the files
    it reads (unchanged since), not on the way to the first frame (about 70 ms for a
    2,000-paragraph draft)."""

    draft: Draft | None = None
    context: tuple[str, ...] = ()
    paragraphs: list[tuple[str, Print]] = field(default_factory=list)
    events: list[tuple[Event, Print]] | None = None

    def take_paragraphs(self, draft: Draft) -> None:
        self.draft, self.context = draft, tuple(draft.delegations)
        self.paragraphs = [(p.id, paragraph_print(p)) for p in draft.paragraphs]

    def take_events(self, events: list[Event]) -> None:
        self.events = [(e, _event_print(e)) for e in events]

    def keep_sections(self, files: dict[str, bytes], printer: Printer) -> None:
        """Keep the sections of `files` (as the load read them), so the first save after
        opening a long draft writes them back as they are instead of printing thousands
        of them again (a file in another layout is printed on save, as before)."""
        assert self.draft is not None
        if PARAGRAPHS_FILE in files:
            found = _sections_read("paragraph", files[PARAGRAPHS_FILE], len(self.paragraphs))
            for (pid, print_), section in zip(self.paragraphs, found or [], strict=False):
                printer.paragraphs.keep(self.context, pid, None, print_, section)
        if HISTORY_FILE in files:
            if self.events is None:  # a history left for later and not read yet: read now
                list(self.draft.history)  # (its reader takes the events as read)
            events = self.events or []
            found = _sections_read("event", files[HISTORY_FILE], len(events))
            for (event, print_), section in zip(events, found or [], strict=False):
                printer.events.keep(self.context, id(event), event, print_, section)


@dataclass(slots=True)
class Memory:
    """What the store remembers of one draft, held by the draft itself (`Draft.stored`), so
    no module keeps state and two drafts of one folder each know what they read: the folder
    it was read from or saved to, that folder's stamp then (a file changed since was
    changed underneath), what the load read (until the first save), the sections printed
    last (a save prints only what changed), and which of its
    revision files are the draft's own."""

    folder: Path | None = None
    seen: Stamp | None = None
    read: _Read | None = None
    printer: Printer = field(default_factory=Printer)
    revisions: set[str] = field(default_factory=set)
    """The revision files of that folder that are this draft's (read or written by it): only
    these are kept as frozen, moved or deleted; any other is left alone, never taken."""


def memory_of(draft: Draft) -> Memory:
    """The store's memory of `draft` (a new one for a draft it never read or saved)."""
    if not isinstance(draft.stored, Memory):
        draft.stored = Memory()
    return draft.stored


def dumps(
    draft: Draft, frozen: set[str] | None = None, *, printer: Printer | None = None
) -> dict[str, bytes]:
    """The draft's files as bytes, by path relative to the draft folder. Revisions named in
    `frozen` are already written and, being frozen, are not serialised again. `printer`:
    the sections kept from the draft's last save (by default its own, `Memory.printer`)."""
    frozen = frozen or set()
    printer = memory_of(draft).printer if printer is None else printer
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
        PARAGRAPHS_FILE: printer.paragraphs_file(draft, registry),
        FOOTNOTES_FILE: tomli_w.dumps(
            {"footnote": [_table(f, _FOOTNOTE_ORDER) for f in draft.footnotes]}
        ).encode(),
        HISTORY_FILE: printer.history_file(draft, registry),
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
