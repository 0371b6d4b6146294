"""Printing paragraphs.toml and history.toml section by section, each section kept from save
to save, so a save prints again only what changed and the files stay byte for byte what one
tomli_w call over every table writes.

Both files are arrays of tables; tomli_w writes each table as a `[[name]]` section, the
sections joined by a blank line (unless every table is short enough to be written inline,
which only a tiny draft's may be: then the whole file is written by tomli_w). A `Printer`
is held with the open draft (its store `Memory`), never by a module. What it prints again:

- **through the room** (`Session.save`: every change since the draft was read or saved is
  an event of its history, as undo and the merge by events already require): the events
  not printed before, or undone or redone since (an event, once recorded, changes only its
  `undone` flag), and the paragraphs those events changed or that are not the very object
  printed (undo, redo and a refused operation put copies in place). A save after one
  change on the 2,000-paragraph draft looks at each paragraph's and event's identity
  alone: about 1 ms, where comparing every paragraph's content took 9-15 ms in a save
  (the object graph is cold after reading and writing 7 MB).
- **checked** (any other caller of `save_draft`, which may have changed a paragraph in
  place without a trace): every paragraph's whole content and every event's fields are
  compared with what they were printed from, as a flat list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter, eq, is_
from typing import Any

import tomli_w

from app.core.brackets import Bracket
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph
from app.core.history import Event
from app.store.tables import event_table, paragraph_table

_UNDONE = attrgetter("undone")
_FILLER = {"_": "x" * 120}  # a table never written inline: tomli_w then writes [[name]] ones
Print = list[Any]
"""Everything a table is printed from, flat (never changed once made): equal prints give
equal sections."""


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


def event_print(event: Event) -> Print:
    """Everything an event's section is printed from, its `undone` flag first (the one
    field a recorded event changes); its changes by identity (recorded once, kept)."""
    e = event
    return [
        e.undone, e.seq, e.at, e.action, e.by, e.paragraph, e.bracket, e.summary,
        e.revision and e.revision.name, *map(id, e.changes),
    ]  # fmt: skip


@dataclass(slots=True, eq=False)
class _Printed:
    owner: Any
    """The object printed (a paragraph, an event)."""
    print: Print
    section: bytes
    inline: bool | None = None
    """Whether its table would be written inline (None: not asked yet)."""


@dataclass(slots=True)
class Sections:
    """One array of tables as last printed: each table's section by a key (a paragraph's
    id, an event's identity), with the object and what it was printed from."""

    name: str
    context: tuple[str, ...] = ()
    """The draft's delegations when printed (a name's spelling in the notation)."""
    kept: dict[Any, _Printed] = field(default_factory=dict)
    last: list[_Printed] = field(default_factory=list)
    """The sections of the file last made, in order: `text`, each ending at its `ends`."""
    text: bytes = b""
    ends: list[int] = field(default_factory=list)

    def keep(self, context: tuple[str, ...], key: Any, owner: Any, print_: Print,
             section: bytes) -> None:  # fmt: skip
        """Keep a section printed elsewhere (read from a file the store wrote)."""
        self.since(context)
        self.kept[key] = _Printed(owner, print_, section)

    def since(self, context: tuple[str, ...]) -> dict[Any, _Printed]:
        """The sections kept, none if the delegations changed since they were printed."""
        if context != self.context:
            self.kept, self.context = {}, context
            self.last, self.text, self.ends = [], b"", []
        return self.kept

    def print(self, item: Any, print_: Print, table: Callable[[Any], dict[str, Any]]) -> _Printed:
        return _Printed(item, print_, _section(self.name, table(item)))

    def file(
        self, items: list[Any], printed: list[_Printed], table: Callable[[Any], dict[str, Any]]
    ) -> bytes:
        """The file of the array, from each item's section."""

        def fits(item: Any, section: _Printed) -> bool:  # asked once a section, remembered
            if section.inline is None:
                section.inline = _inline(self.name, table(item))
            return section.inline

        # all() stops at the first that does not fit (a draft of many short tables asks all)
        inline = bool(items) and all(map(fits, items, printed))
        if not items or inline:
            self.last, self.text, self.ends = [], b"", []
            return tomli_w.dumps({self.name: [table(item) for item in items]}).encode()
        # the sections the last file began with are copied from it at once (a history
        # grows at its end: one copy of 5 MB, not 3,000 sections joined)
        same = list(map(is_, printed, self.last))
        kept = same.index(False) if False in same else len(same)
        if kept == len(printed) == len(self.last):
            return self.text
        ends = self.ends[:kept]
        parts: list[bytes | memoryview] = [memoryview(self.text)[: ends[-1]]] if kept else []
        at = ends[-1] if kept else -1
        for section in printed[kept:]:
            parts.append(section.section)
            at += 1 + len(section.section)
            ends.append(at)
        self.last, self.text, self.ends = printed, b"\n".join(parts), ends
        return self.text


@dataclass(slots=True)
class Printer:
    """paragraphs.toml and history.toml as last printed, section by section."""

    paragraphs: Sections = field(default_factory=lambda: Sections("paragraph"))
    events: Sections = field(default_factory=lambda: Sections("event"))
    event_ids: list[int] = field(default_factory=list)
    """The identity of each event of the history last printed, and its `undone` flag."""
    event_flags: list[bool] = field(default_factory=list)

    def files(self, draft: Draft, registry: Registry, *, through_room: bool) -> tuple[bytes, bytes]:
        """paragraphs.toml and history.toml; the sections printed are kept once both are
        (an error half way keeps the last ones: an event kept, its paragraphs not, would
        leave them unprinted)."""
        events = list(draft.history)
        ids, flags = list(map(id, events)), list(map(_UNDONE, events))
        start, printed_events, named = self._events(
            events, ids, flags, draft, registry, through_room
        )
        paragraphs = draft.paragraphs
        printed = self._paragraphs(draft, registry, named if through_room else None)
        files = (
            self.paragraphs.file(paragraphs, printed, partial(paragraph_table, registry=registry)),
            self.events.file(events, printed_events, partial(event_table, registry=registry)),
        )
        self.paragraphs.kept = {p.id: s for p, s in zip(paragraphs, printed, strict=True)}
        if 0 < start == len(self.event_ids):  # every event kept where it was: add the new
            self.events.kept.update(zip(ids[start:], printed_events[start:], strict=True))
        else:
            self.events.kept = dict(zip(ids, printed_events, strict=True))
        self.event_ids, self.event_flags = ids, flags
        return files

    def _events(
        self, events: list[Event], ids: list[int], flags: list[bool], draft: Draft,
        registry: Registry, through_room: bool,
    ) -> tuple[int, list[_Printed], set[str]]:  # fmt: skip
        """Each event's section, and the ids of the paragraphs the events printed anew
        changed (through the room: an event is printed anew when recorded, undone, redone;
        the events the last file began with, the same ones with the same flags, are its
        sections, found without looking at them: about 0.3 ms for 3,000 events)."""
        kept = self.events.since(tuple(draft.delegations))
        table = partial(event_table, registry=registry)
        start = 0
        if through_room:
            start = min(_same_start(ids, self.event_ids), _same_start(flags, self.event_flags),
                        len(self.events.last))  # fmt: skip
        printed = self.events.last[:start]
        named: set[str] = set()
        for event in events[start:]:
            found = kept.get(id(event))
            if (
                found is None
                or found.owner is not event
                or (
                    found.print[0] != event.undone
                    if through_room
                    else found.print != event_print(event)
                )
            ):
                found = self.events.print(event, event_print(event), table)
                named.update(change.paragraph for change in event.changes)
            printed.append(found)
        return start, printed, named

    def _paragraphs(
        self, draft: Draft, registry: Registry, named: set[str] | None
    ) -> list[_Printed]:
        """Each paragraph's section: with `named` (through the room), printed again when
        named or not the object printed; without, when its print differs."""
        kept = self.paragraphs.since(tuple(draft.delegations))
        table = partial(paragraph_table, registry=registry)
        printed = []
        for paragraph in draft.paragraphs:
            found = kept.get(paragraph.id)
            if named is None:
                print_ = paragraph_print(paragraph)
                if found is None or found.print != print_:
                    found = self.paragraphs.print(paragraph, print_, table)
                found.owner = paragraph  # (an equal copy: the object now in the draft)
            elif found is None or found.owner is not paragraph or paragraph.id in named:
                found = self.paragraphs.print(paragraph, paragraph_print(paragraph), table)
            printed.append(found)
        return printed


def _same_start(a: list[Any], b: list[Any]) -> int:
    """How many items two lists share at their start (compared in C, not one by one)."""
    same = list(map(eq, a, b))
    return same.index(False) if False in same else len(same)


def sections_read(name: str, text: bytes, count: int | None = None) -> list[bytes] | None:
    """The `[[name]]` sections of a file as read, if it is in the layout the store writes
    (sections joined by a blank line, `count` of them if given); None for any other
    layout."""
    header = f"[[{name}]]\n".encode()
    if not text.startswith(header):
        return None  # another layout (tomli_w writes a short array inline), or edited
    sections = [header + s for s in text[len(header) :].split(b"\n" + header)]
    if (count is not None and len(sections) != count) or not all(
        s.endswith(b"\n") for s in sections
    ):
        return None
    return sections
