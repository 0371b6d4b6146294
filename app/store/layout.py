"""How a draft is laid out in its files: the file names, what the store remembers of a
draft it read or saved (`Memory`: among it the sections a save keeps, app.store.printing),
and `dumps`, every file's bytes (each table as app.store.tables lays it out)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from app.core.delegations import Registry
from app.core.draft import Draft
from app.core.history import Event, Revision
from app.store.printing import Print, Printer, event_print, paragraph_print, sections_read
from app.store.tables import FOOTNOTE_ORDER, paragraphs_document, table_of

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


def _revisions(draft: Draft) -> dict[str, Revision]:
    """Every revision the draft or its history holds (undone ones can be redone)."""
    found = {r.name: r for r in draft.revisions}
    for event in draft.history:
        if event.revision is not None:
            found.setdefault(event.revision.name, event.revision)
    return found


Stamp = dict[str, tuple[int, int, int]]
"""What a folder held at one moment: each file's inode, size and mtime (ns), by name."""


@dataclass(slots=True)
class _Read:
    """What a load read of paragraphs.toml and history.toml: what each section was read as
    (each paragraph and event, and its print, taken when read: the room may change them
    before the first save). The sections are split out at that first save, from the files
    it reads (unchanged since), not on the way to the first frame (about 70 ms for a
    2,000-paragraph draft)."""

    draft: Draft | None = None
    context: tuple[str, ...] = ()
    paragraphs: list[tuple[Any, Print]] = field(default_factory=list)
    events: list[tuple[Event, Print]] | None = None

    def take_paragraphs(self, draft: Draft) -> None:
        self.draft, self.context = draft, tuple(draft.delegations)
        self.paragraphs = [(p, paragraph_print(p)) for p in draft.paragraphs]

    def take_events(self, events: list[Event]) -> None:
        self.events = [(e, event_print(e)) for e in events]

    def keep_sections(self, files: dict[str, bytes], printer: Printer) -> None:
        """Keep the sections of `files` (as the load read them), so the first save after
        opening a long draft writes them back as they are instead of printing thousands
        of them again (a file in another layout is printed on save, as before)."""
        assert self.draft is not None
        if PARAGRAPHS_FILE in files:
            found = sections_read("paragraph", files[PARAGRAPHS_FILE], len(self.paragraphs))
            for (paragraph, print_), section in zip(self.paragraphs, found or [], strict=False):
                printer.paragraphs.keep(self.context, paragraph.id, paragraph, print_, section)
        if HISTORY_FILE in files:
            if self.events is None:  # a history left for later and not read yet: read now
                list(self.draft.history)  # (its reader takes the events as read)
            events = self.events or []
            found = sections_read("event", files[HISTORY_FILE], len(events))
            for (event, print_), section in zip(events, found or [], strict=False):
                printer.events.keep(self.context, id(event), event, print_, section)


@dataclass(slots=True)
class Memory:
    """What the store remembers of one draft, held by the draft itself (`Draft.stored`), so
    no module keeps state and two drafts of one folder each know what they read: the folder
    it was read from or saved to, that folder's stamp then (a file changed since was
    changed underneath), what the load read (until the first save), the sections printed
    last (a save prints only what changed), and which of its revision files are the
    draft's own."""

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
    draft: Draft, frozen: set[str] | None = None, *, printer: Printer | None = None,
    through_room: bool = False,
) -> dict[str, bytes]:  # fmt: skip
    """The draft's files as bytes, by path relative to the draft folder. Revisions named in
    `frozen` are already written and, being frozen, are not serialised again. `printer`:
    the sections kept from the draft's last save (by default its own, `Memory.printer`);
    `through_room`: every change since was made through the room (see app.store.printing)."""
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
    paragraphs, history = printer.files(draft, registry, through_room=through_room)
    files = {
        DRAFT_FILE: tomli_w.dumps(head).encode(),
        PARAGRAPHS_FILE: paragraphs,
        FOOTNOTES_FILE: tomli_w.dumps(
            {"footnote": [table_of(f, FOOTNOTE_ORDER) for f in draft.footnotes]}
        ).encode(),
        HISTORY_FILE: history,
    }
    for name, revision in _revisions(draft).items():
        if name in frozen:
            continue
        if revision.unread and revision.stored is not None:  # as it was read, unread
            files[revision_file(draft, name)] = revision.stored
            continue
        data = {"name": revision.name, "at": revision.at}
        data |= paragraphs_document(revision.paragraphs, registry)
        files[revision_file(draft, name)] = tomli_w.dumps(data).encode()
    return files
