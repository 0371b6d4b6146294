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

from collections.abc import Callable, Iterator
from dataclasses import fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomli_w

from app.core.brackets import walk
from app.core.delegations import Registry
from app.core.draft import Document, Draft, Footnote, Kind, Paragraph, Part, Status
from app.core.errors import DraftroomError
from app.core.history import Change, Event, Revision
from app.formats import notation
from app.formats.atomic import write_atomic
from app.formats.tomlfile import TableChecker, read_toml

FORMAT = 1
DRAFT_FILE = "draft.toml"
PARAGRAPHS_FILE = "paragraphs.toml"
FOOTNOTES_FILE = "footnotes.toml"
HISTORY_FILE = "history.toml"
REVISIONS = "revisions"

_PARAGRAPH_ORDER = [
    "id", "kind", "part", "number", "parent", "section", "suffix", "level", "status",
    "status_by", "package", "emphasis",
]  # fmt: skip
_FOOTNOTE_ORDER = ["number", "paragraph", "emphasis", "text"]
_EVENT_ORDER = ["seq", "at", "action", "by", "paragraph", "bracket", "summary", "undone"]


# -- writing ------------------------------------------------------------------------------
def _table(obj: Any, order: list[str]) -> dict[str, Any]:
    """An object as a TOML table: fixed key order, defaults omitted."""
    defaults = {f.name: f.default for f in fields(obj)}
    table: dict[str, Any] = {}
    for key in order:
        value = getattr(obj, key)
        if isinstance(value, StrEnum):
            value = value.value
        if key not in ("id", "kind", "text") and value in (defaults.get(key), [], ""):
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
        if change.before is not None:
            entry["before"] = paragraph_table(change.before, registry)
        if change.after is not None:
            entry["after"] = paragraph_table(change.after, registry)
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
        PARAGRAPHS_FILE: tomli_w.dumps(_paragraphs_document(draft.paragraphs, registry)).encode(),
        FOOTNOTES_FILE: tomli_w.dumps(
            {"footnote": [_table(f, _FOOTNOTE_ORDER) for f in draft.footnotes]}
        ).encode(),
        HISTORY_FILE: tomli_w.dumps(
            {"event": [_event_table(e, registry) for e in draft.history]}
        ).encode(),
    }
    for name, revision in _revisions(draft).items():
        if name in frozen:
            continue
        data = {"name": revision.name, "at": revision.at}
        data |= _paragraphs_document(revision.paragraphs, registry)
        files[f"{REVISIONS}/{name}.toml"] = tomli_w.dumps(data).encode()
    return files


def save_draft(draft: Draft, folder: Path) -> None:
    """Write the draft to `folder` (created if needed); only changed files are replaced,
    each atomically."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DraftroomError("exists and is not a draft folder", path=folder)
    (folder / REVISIONS).mkdir(parents=True, exist_ok=True)
    on_disk = {path.stem for path in (folder / REVISIONS).glob("*.toml")}
    wanted = set(_revisions(draft))
    files = dumps(draft, frozen=on_disk & wanted)
    for name, data in files.items():
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
    for stale in on_disk - wanted:
        (folder / REVISIONS / f"{stale}.toml").unlink()


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


class _Loader:
    """Reads the tables of one draft folder, with a registry for the notation."""

    def __init__(self, folder: Path, registry: Registry) -> None:
        self.folder = folder
        self.registry = registry

    def tables(self, path: Path, key: str) -> tuple[list[Any], TableChecker, dict[str, Any]]:
        data, text = read_toml(path)
        checker = _checker(path, text, f"[[{key}]]")
        tables = data.get(key, [])
        if not isinstance(tables, list):
            raise checker.fail(
                f"{key} must be an array of [[{key}]] tables", checker.line_of(key, None, None)
            )
        return tables, checker, data

    def paragraph(self, table: Any, checker: TableChecker, nth: int, what: str) -> Paragraph:
        paragraph: Paragraph = checker.build(Paragraph, table, nth, what, own=("text", "brackets"))
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
                    error.hint or ""
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
        for i, paragraph in enumerate(paragraphs):
            if paragraph.id in seen:
                raise checker.fail(
                    f"paragraph {i + 1}: the id {paragraph.id!r} is used twice",
                    checker.line_of("id", paragraph.id, i),
                )
            seen.add(paragraph.id)
        return paragraphs

    def revision(self, name: str, checker: TableChecker, line: int | None) -> Revision:
        path = self.folder / REVISIONS / f"{name}.toml"
        if not path.exists():
            raise checker.fail(f"revision {name!r} has no file {path}", line)
        data, _text = read_toml(path)
        at = data.get("at", "")
        return Revision(name, at if isinstance(at, str) else "", self.paragraphs(path))

    def history(self, revisions: dict[str, Revision]) -> list[Event]:
        path = self.folder / HISTORY_FILE
        if not path.exists():
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
            for change in table.get("change", []):
                before = change.get("before")
                after = change.get("after")
                event.changes.append(
                    Change(
                        str(change.get("paragraph", "")),
                        int(change.get("index", 0)),
                        self.paragraph(before, checker, nth, "event") if before else None,
                        self.paragraph(after, checker, nth, "event") if after else None,
                    )
                )
            events.append(event)
        return events


def load_draft(folder: Path) -> Draft:
    """Read a draft folder, validating every table; errors name the file and line."""
    folder = Path(folder)
    if not folder.exists():
        raise DraftroomError("no such draft folder", path=folder)
    if not folder.is_dir():
        raise DraftroomError(
            "is a file, not a draft folder",
            path=folder,
            hint=f"to import a text: draftroom import {folder} -o DRAFT_FOLDER",
        )
    head_path = folder / DRAFT_FILE
    head, head_text = read_toml(head_path)
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
    counters = {}
    for key in ("next_paragraph", "next_bracket"):
        value = head.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise checker.fail(f"{key} must be a whole number", checker.line_of(key, None, None))
        counters[key] = value
    loader = _Loader(folder, Registry(extra))
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
    events = loader.history(revisions)
    return Draft(
        document, paragraphs, footnotes, events, [revisions[n] for n in names], list(extra),
        counters["next_paragraph"], max(counters["next_bracket"], 1),
    )  # fmt: skip
