"""The draft store: a folder of TOML files, friendly to people, `git diff` and `git merge`.

```
DRAFT/
  draft.toml        format version and the document's cover metadata
  paragraphs.toml   one [[paragraph]] table per paragraph, in document order
  footnotes.toml    one [[footnote]] table per footnote
```

Keys are written in a fixed order and defaults are left out, so a change to one paragraph
changes a few lines of one table. Every file is replaced atomically. Reading validates
every table and names the file and line of anything a hand edit broke.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomli_w

from app.core.draft import Document, Draft, Footnote, Kind, Paragraph, Part
from app.core.errors import DraftroomError, did_you_mean
from app.formats.atomic import write_atomic

FORMAT = 1
DRAFT_FILE = "draft.toml"
PARAGRAPHS_FILE = "paragraphs.toml"
FOOTNOTES_FILE = "footnotes.toml"

_PARAGRAPH_ORDER = [
    "id", "kind", "part", "number", "parent", "section", "suffix", "level", "status",
    "emphasis", "text",
]  # fmt: skip
_FOOTNOTE_ORDER = ["number", "paragraph", "emphasis", "text"]
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


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


def dumps(draft: Draft) -> dict[str, bytes]:
    """The draft's files as bytes, by file name."""
    document = {f.name: getattr(draft.document, f.name) for f in fields(draft.document)}
    head = {"format": FORMAT, "document": {k: v for k, v in document.items() if v != []}}
    paragraphs = {"paragraph": [_table(p, _PARAGRAPH_ORDER) for p in draft.paragraphs]}
    footnotes = {"footnote": [_table(f, _FOOTNOTE_ORDER) for f in draft.footnotes]}
    return {
        DRAFT_FILE: tomli_w.dumps(head).encode(),
        PARAGRAPHS_FILE: tomli_w.dumps(paragraphs).encode(),
        FOOTNOTES_FILE: tomli_w.dumps(footnotes).encode(),
    }


def save_draft(draft: Draft, folder: Path) -> None:
    """Write the draft to `folder` (created if needed), each file atomically."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DraftroomError("exists and is not a draft folder", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in dumps(draft).items():
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            continue
        write_atomic(target, data)


# -- reading ------------------------------------------------------------------------------
def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DraftroomError(
            "missing from the draft folder",
            path=path,
            hint="a draft folder holds draft.toml, paragraphs.toml and footnotes.toml; "
            "create one with `draftroom import SOURCE -o FOLDER`",
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DraftroomError("is not UTF-8 text", path=path, line=line) from None
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text[: conflict.start()].count("\n") + 1
        raise DraftroomError(
            "holds an unresolved merge conflict (a `<<<<<<<` marker left by git)",
            path=path,
            line=line,
            excerpt=text.splitlines()[line - 1],
            hint="resolve the conflict in an editor, keep one side of each change, then retry",
        )
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line = int(position.group(1)) if position else None
        column = int(position.group(2)) if position else None
        message = _TOML_POSITION.sub("", str(error)).strip()
        lines = text.splitlines()
        excerpt = lines[line - 1] if line and line <= len(lines) else None
        raise DraftroomError(
            f"is not valid TOML: {message}", path=path, line=line, column=column, excerpt=excerpt
        ) from None


class _Checker:
    """Validates one file's tables, pointing at the line of the table in error."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, key: str, value: Any, nth: int | None) -> int | None:
        """Line of `key = value` inside the `nth` table (the whole file if None), else
        the line of that table's header."""
        headers = [i for i, line in enumerate(self.lines) if line.lstrip().startswith("[")]
        if nth is None:
            start, end = 0, len(self.lines)
        elif nth < len(headers):
            start = headers[nth]
            end = headers[nth + 1] if nth + 1 < len(headers) else len(self.lines)
        else:
            return None
        prefix = f"{key} ="
        wanted = tomli_w.dumps({key: value}).strip() if isinstance(value, str | int) else None
        for i in range(start, end):
            line = self.lines[i].strip()
            if line == wanted or (wanted is None and line.startswith(prefix)):
                return i + 1
        return start + 1

    def fail(self, message: str, line: int | None, hint: str | None = None) -> DraftroomError:
        excerpt = self.lines[line - 1] if line and line <= len(self.lines) else None
        return DraftroomError(message, path=self.path, line=line, excerpt=excerpt, hint=hint)

    def build(self, cls: type, table: Any, nth: int, what: str) -> Any:
        """An instance of dataclass `cls` from a TOML table, every field checked."""
        key_field = "id" if cls is Paragraph else "number"
        line = self.line_of(
            key_field, table.get(key_field) if isinstance(table, dict) else None, nth
        )
        if not isinstance(table, dict):
            raise self.fail(f"{what} {nth + 1} is not a table", line)
        known = {f.name: f for f in fields(cls)}
        for key in table:
            if key not in known:
                raise self.fail(
                    f"{what} {nth + 1} has an unknown key {key!r}",
                    line,
                    did_you_mean(key, known),
                )
        values: dict[str, Any] = {}
        for name, spec in known.items():
            if name not in table:
                if spec.default is MISSING and spec.default_factory is MISSING:
                    raise self.fail(f"{what} {nth + 1} lacks the required key {name!r}", line)
                continue
            values[name] = self._value(
                name, table[name], _CONVERTERS.get((cls, name)), what, nth, line
            )
        return cls(**values)

    def _value(
        self,
        name: str,
        value: Any,
        convert: Callable[[Any], Any] | None,
        what: str,
        nth: int,
        line: int | None,
    ) -> Any:
        if convert is not None:
            try:
                return convert(value)
            except ValueError:
                choices = [member.value for member in convert]  # type: ignore[attr-defined]
                raise self.fail(
                    f"{what} {nth + 1}: {name} = {value!r} is not one of {', '.join(choices)}",
                    self.line_of(name, value, nth),
                    did_you_mean(str(value), choices),
                ) from None
        expected = _TYPES.get(name, str)
        if expected is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(f"{what} {nth + 1}: {name} must be a list of strings", line)
        elif not isinstance(value, expected) or isinstance(value, bool):
            raise self.fail(
                f"{what} {nth + 1}: {name} must be {expected.__name__}, not {type(value).__name__}",
                self.line_of(name, value, nth),
            )
        return value


_CONVERTERS: dict[tuple[type, str], Callable[[Any], Any]] = {
    (Paragraph, "kind"): Kind,
    (Paragraph, "part"): Part,
}
_TYPES: dict[str, type] = {"level": int, "emphasis": list, "cover": list, "cover_notes": list}


def _load_tables(path: Path, key: str, cls: type) -> tuple[list[Any], _Checker]:
    """Every `[[key]]` table of a file as a `cls`, and the checker that can point at them."""
    data, text = _read_toml(path)
    checker = _Checker(path, text)
    tables = data.get(key, [])
    if not isinstance(tables, list):
        raise checker.fail(
            f"{key} must be an array of [[{key}]] tables", checker.line_of(key, None, None)
        )
    return [checker.build(cls, table, i, key) for i, table in enumerate(tables)], checker


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
    head, head_text = _read_toml(head_path)
    checker = _Checker(head_path, head_text)
    if head.get("format") != FORMAT:
        raise checker.fail(
            f"format = {head.get('format')!r}: this Draftroom reads format {FORMAT}",
            checker.line_of("format", None, None),
        )
    document = checker.build(Document, head.get("document", {}), 0, "[document]")

    paragraphs, checker = _load_tables(folder / PARAGRAPHS_FILE, "paragraph", Paragraph)
    seen: set[str] = set()
    for i, paragraph in enumerate(paragraphs):
        if paragraph.id in seen:
            raise checker.fail(
                f"paragraph {i + 1}: the id {paragraph.id!r} is used twice",
                checker.line_of("id", paragraph.id, i),
            )
        seen.add(paragraph.id)

    footnotes, checker = _load_tables(folder / FOOTNOTES_FILE, "footnote", Footnote)
    for i, footnote in enumerate(footnotes):
        if footnote.paragraph and footnote.paragraph not in seen:
            raise checker.fail(
                f"footnote {footnote.number} is attached to {footnote.paragraph!r}, "
                "which is not a paragraph of this draft",
                checker.line_of("paragraph", footnote.paragraph, i),
            )
    return Draft(document, paragraphs, footnotes)
