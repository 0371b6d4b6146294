"""Reading a draft folder: every table validated, anything a hand edit broke named by its
file and line; history and revisions read when first needed."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import fields
from functools import partial
from pathlib import Path
from typing import Any

import tomli_w

from app.core import notation
from app.core.brackets import walk
from app.core.delegations import Registry, check_name
from app.core.draft import Document, Draft, Footnote, Kind, Paragraph, Part, Status
from app.core.errors import DraftroomError, InputError
from app.core.history import Change, Event, History, Revision, Stored
from app.core.labels import labels
from app.files.atomic import kind_of
from app.files.tomlfile import TableChecker, missing, read_toml
from app.store.journal import _Snapshot
from app.store.layout import (
    DRAFT_FILE,
    FOOTNOTES_FILE,
    FORMAT,
    HISTORY_FILE,
    PARAGRAPHS_FILE,
    REVISIONS,
    UNDONE,
    Memory,
    _Read,
)  # fmt: skip
from app.store.parsed import Parsed, Read

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


#: What an empty file holds when it means "none" (the store writes these, never 0 bytes).
_NONE = {FOOTNOTES_FILE: "footnote = []", HISTORY_FILE: "event = []"}


def _written(path: Path, raw: bytes) -> bytes:
    """`raw`, the bytes of a draft file; an empty one is refused: the store never writes a
    file empty, so it was cut short (a failed copy, a full disk), and reading it as "no
    paragraphs" or "no history" would lose them at the next save."""
    if raw:
        return raw
    none = _NONE.get(path.name)
    raise InputError(
        "is empty (0 bytes): Draftroom never saves a draft file empty, so this one was cut "
        "short (a failed copy, a full disk)", path=path,
        hint=f"restore it from a copy, or with `git checkout -- {path.name}`"
        + (f"; if the draft has none, write `{none}` in it" if none else ""),
    )  # fmt: skip


def _twice(
    checker: TableChecker, paragraphs: list[Paragraph], bracket: str, first: int, second: int
) -> DraftroomError:
    """Two brackets of one id, named by the paragraphs' labels and lines: `agree b1` would
    change whichever comes first, the other never."""
    named = labels(Draft(Document("", ""), paragraphs))
    a, b = paragraphs[first], paragraphs[second]
    where = "" if first == second else f" in paragraph {named.get(a.id, a.id)} ({a.id}, line "
    return checker.fail(
        f"paragraph {named.get(b.id, b.id)} ({b.id}): the bracket id {bracket!r} is already used"
        + (f"{where}{checker.line_of('brackets', None, first)})" if where else " in it"),
        checker.line_of("brackets", None, second),
        "give one of them an id no other bracket has, and next_bracket in draft.toml a number "
        "above every id",
    )  # fmt: skip


_SNAPSHOT_KEYS = frozenset({f.name for f in fields(Paragraph)} - {"content"} | {"text", "brackets"})


class _Loader:
    """Reads the tables of one draft folder, with a registry for the notation."""

    def __init__(self, folder: Path, registry: Registry, files: dict[str, bytes]) -> None:
        self.folder = folder
        self.registry = registry
        self.files = files
        self.revision_files: set[str] = set()
        """The revision files read (the draft's own: see :class:`Memory`)."""
        self.paragraph_ids: set[str] = set()
        self.bracket_ids: set[str] = set()
        """The ids the history recorded (a set: each noted once, the highest found last)."""
        self.held: list[str] = []
        """The ids of the brackets the text holds (paragraphs.toml), in order."""

    def read(self, path: Path) -> tuple[dict[str, Any], str]:
        """A file of the snapshot (a missing one is reported as such)."""
        name = path.relative_to(self.folder).as_posix()
        if name not in self.files:
            raise missing(path)
        return read_toml(path, _written(path, self.files[name]))

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

    def paragraphs(self, path: Path, parsed: Parsed | None = None) -> list[Paragraph]:
        """The paragraphs of `path`, checked: no paragraph id or bracket id twice (the
        text's bracket ids noted in :attr:`held`)."""
        read = self._reparsed(path, parsed) if parsed is not None else None
        if read is None:
            tables, checker, _ = self.tables(path, "paragraph")
            read = [(p, _bracket_ids(p)) for p in (
                self.paragraph(t, checker, i, "paragraph") for i, t in enumerate(tables)
            )]  # fmt: skip
        paragraphs = [paragraph for paragraph, _ in read]
        seen: dict[str, int] = {}  # paragraph id -> its table's index
        holders: dict[str, int] = {}  # bracket id -> the index of the paragraph holding it
        for i, (paragraph, ids) in enumerate(read):
            if paragraph.id in seen:
                tables, checker, _ = self.tables(path, "paragraph")  # (to name the lines)
                first = checker.line_of("id", paragraph.id, seen[paragraph.id])
                raise checker.fail(
                    f"paragraph {i + 1}: the id {paragraph.id!r} is used twice (first on line "
                    f"{first})", checker.line_of("id", paragraph.id, i),
                    "give one of them an id no other paragraph has, and next_paragraph in "
                    "draft.toml a number above every id",
                )  # fmt: skip
            seen[paragraph.id] = i
            for bracket in ids:
                if bracket in holders:  # (a counter lowered by hand, a merge)
                    tables, checker, _ = self.tables(path, "paragraph")
                    raise _twice(checker, paragraphs, bracket, holders[bracket], i)
                holders[bracket] = i
        self.held = list(holders)
        return paragraphs

    def _reparsed(self, path: Path, parsed: Parsed) -> list[Read] | None:
        """The paragraphs, through `parsed` (see :mod:`app.store.parsed`); None: read the
        whole file (and name by its line what is wrong)."""

        def alone(section: bytes) -> Read | None:
            try:
                data, text = read_toml(path, section)
                tables = data.get("paragraph")
                if not isinstance(tables, list) or len(tables) != 1 or len(data) != 1:
                    return None
                checker = _checker(path, text, "[[paragraph]]")
                paragraph = self.paragraph(tables[0], checker, 0, "paragraph")
            except DraftroomError:
                return None
            return paragraph, _bracket_ids(paragraph)

        return parsed.take(self.files.get(path.relative_to(self.folder).as_posix(), b""), alone)

    def revision(self, name: str, checker: TableChecker, line: int | None) -> Revision:
        file = f"{REVISIONS}/{name}.toml"
        if file not in self.files and f"{REVISIONS}/{name}{UNDONE}.toml" in self.files:
            file = f"{REVISIONS}/{name}{UNDONE}.toml"  # an issue undone, kept for redo
        path = self.folder / file
        if file not in self.files:
            raise checker.fail(f"revision {name!r} has no file {path}", line)
        self.revision_files.add(file)
        raw = _written(path, self.files[file])
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
                self._note(paragraph_id, change, checker, nth)
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

    def _note(self, paragraph_id: str, change: dict[str, Any], checker: TableChecker, nth: int) -> None:  # fmt: skip
        """Check that a change records its own paragraph (undo would put the state it keeps
        in place of that paragraph), and note the ids it holds: ids are never handed out
        again, even when only the history remembers them."""
        self.paragraph_ids.add(paragraph_id)
        for key in ("before", "after"):
            table = change.get(key)
            if not isinstance(table, dict):
                continue
            recorded = table.get("id")
            if recorded != paragraph_id and isinstance(recorded, str):
                raise checker.fail(
                    f"event {nth + 1}: a change to paragraph {paragraph_id!r} records paragraph "
                    f"{recorded!r} {key} it", checker.line_of("id", recorded, nth),
                    "a change's paragraph and the id of its before and after are one",
                )  # fmt: skip
            brackets = table.get("brackets")
            if brackets.__class__ is list:
                self.bracket_ids.update(b for b in brackets if b.__class__ is str)

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


def _bracket_ids(paragraph: Paragraph) -> tuple[str, ...]:
    return tuple(b.id for b in walk(paragraph.content))


def _raise_counters(draft: Draft, loader: _Loader) -> None:
    """Counters above every id the history recorded: one that only an event remembers (a
    bracket agreed, a paragraph whose insertion was undone) is not handed out again."""
    draft.next_paragraph = max(draft.next_paragraph, _highest(loader.paragraph_ids))
    draft.next_bracket = max(draft.next_bracket, _highest(loader.bracket_ids) + 1)


def _highest(ids: set[str]) -> int:
    """The highest number of ids such as p012 or b7 (0 for none)."""
    return max((int(i[1:]) for i in ids if i[1:].isdigit()), default=0)


def load_draft(folder: Path, *, history_later: bool = False, parsed: Parsed | None = None) -> Draft:
    """Read a draft folder, validating every table; errors name the file and line. The
    files are read at one moment (read again if a writer replaced one meanwhile), as the
    last completed save left them. `history_later`: the history (most of a long draft's
    bytes) is read from those same bytes when first used, and validated then (the room
    reads it right after its first frame). `parsed`: the paragraphs this reader read last
    time, taken again where unchanged (:mod:`app.store.parsed`: for readers only)."""
    folder = Path(folder)
    try:
        mode = os.stat(folder).st_mode  # (a link the user named is followed: their choice)
    except (FileNotFoundError, NotADirectoryError):
        raise DraftroomError("no such draft folder", path=folder) from None
    except OSError as error:
        raise DraftroomError(f"cannot be read: {error.strerror}", path=folder) from None
    if not stat.S_ISDIR(mode):
        regular = stat.S_ISREG(mode)
        raise DraftroomError(
            f"is {kind_of(mode)}, not a draft folder", path=folder,
            hint=f"to import a text: draftroom import {folder} -o DRAFT_FOLDER" if regular else None,
        )  # fmt: skip
    disk = _Snapshot(folder)
    files = disk.view()
    head_path = folder / DRAFT_FILE
    raw_head = files.get(DRAFT_FILE)
    head, head_text = read_toml(
        head_path, None if raw_head is None else _written(head_path, raw_head)
    )
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
    sources = head.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(n, str) and n for n in sources):
        raise checker.fail(
            "sources must be a list of folder names", checker.line_of("sources", None, None)
        )
    counters = {}
    for key in ("next_paragraph", "next_bracket"):
        value = head.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise checker.fail(f"{key} must be a whole number", checker.line_of(key, None, None))
        counters[key] = value
    loader = _Loader(folder, Registry(extra), files)
    if parsed is not None and parsed.delegations != tuple(extra):
        parsed.delegations, parsed.paragraphs = tuple(extra), {}  # (read against others)
    paragraphs = loader.paragraphs(folder / PARAGRAPHS_FILE, parsed)
    seen = {p.id for p in paragraphs}

    tables, fn_checker, _ = loader.tables(folder / FOOTNOTES_FILE, "footnote")
    footnotes = [fn_checker.build(Footnote, t, i, "footnote") for i, t in enumerate(tables)]
    attached: dict[tuple[str, str], int] = {}  # (number, paragraph) -> the first's index
    for i, footnote in enumerate(footnotes):
        if footnote.paragraph and footnote.paragraph not in seen:
            raise fn_checker.fail(
                f"footnote {footnote.number} is attached to {footnote.paragraph!r}, "
                "which is not a paragraph of this draft",
                fn_checker.line_of("paragraph", footnote.paragraph, i),
            )
        if footnote.paragraph and (place := (footnote.number, footnote.paragraph)) in attached:
            # the paragraph's mark cites the first: this one would never be shown
            first = fn_checker.line_of("number", footnote.number, attached[place])
            raise fn_checker.fail(
                f"footnote {footnote.number} is attached to {footnote.paragraph!r} twice "
                f"(first on line {first})", fn_checker.line_of("number", footnote.number, i),
                "keep one of them (a merge may have added both)",
            )  # fmt: skip
        attached.setdefault((footnote.number, footnote.paragraph), i)
    names = head.get("revisions", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise checker.fail(
            "revisions must be a list of names", checker.line_of("revisions", None, None)
        )
    if len(set(names)) != len(names):
        twice = next(n for i, n in enumerate(names) if n in names[:i])
        raise checker.fail(
            f"revisions lists {twice!r} twice", checker.line_of("revisions", None, None),
            "list each revision once",
        )  # fmt: skip
    revisions = {
        n: loader.revision(n, checker, checker.line_of("revisions", None, None)) for n in names
    }
    read = _Read()
    made: list[Draft] = []  # (the draft, once made: a history read later raises its counters)

    def history() -> list[Event]:
        events = loader.history(revisions)
        read.take_events(events)
        for draft in made:
            _raise_counters(draft, loader)
        return events

    # counters lowered by hand or by a merge never hand out an id the text already holds
    used = [int(p.id[1:]) for p in paragraphs if p.id[1:].isdigit()]
    held = [int(b[1:]) for b in loader.held if b[1:].isdigit()]
    draft = Draft(
        document, paragraphs, footnotes, History(history) if history_later else history(),
        [revisions[n] for n in names], list(extra),
        max(counters["next_paragraph"], *used, 0),
        max(counters["next_bracket"], max(held, default=0) + 1),
    )  # fmt: skip
    draft.sources = list(sources)
    _raise_counters(draft, loader)  # (what the history held, if read already)
    made.append(draft)
    if parsed is None:  # (a reader's draft is not saved: what a first save keeps is not kept)
        read.take_paragraphs(draft)
    draft.stored = Memory(folder.resolve(), disk.stamp, read, revisions=loader.revision_files)
    return draft
