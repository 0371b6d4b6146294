"""Reading TOML a person may have edited: errors name the file, line and column.

A git merge conflict left in the file is reported as such; a table that breaks the schema
is pointed at by the line of its key or header. The draft store and the glossary loader
both read through here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, Field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import tomli_w

from app.core.errors import DraftroomError, InputError, NotFound, did_you_mean
from app.files import tomlfast
from app.files.atomic import read_regular

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
_CONFLICT_START = re.compile(r"^(<{7})( |$)", re.MULTILINE)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def lines_of(text: str) -> list[str]:
    """The lines as TOML counts them: split at newlines only (`str.splitlines` also splits
    at U+2028, form feeds and others, which a TOML string may hold)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def missing(path: Path) -> DraftroomError:
    """The error for a file the draft folder lacks."""
    return NotFound(
        "missing from the draft folder",
        path=path,
        hint="a draft folder holds draft.toml, paragraphs.toml and footnotes.toml; "
        "create one with `draftroom import SOURCE -o FOLDER`",
    )


def read_toml(path: Path, raw: bytes | None = None) -> tuple[dict[str, Any], str]:
    """The table and text of a TOML file (of `raw`, its bytes as already read, if given)."""
    if raw is None:
        try:
            raw = read_regular(path)
        except FileNotFoundError:
            raise missing(path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        character = len(raw[start : error.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)",
            path=path, line=line, column=character,
        ) from None  # fmt: skip
    conflict = (
        (_CONFLICT_START.search(text) or _CONFLICT.search(text))
        if "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text  # (a quick look first)
        else None
    )
    if conflict:
        line = text[: conflict.start()].count("\n") + 1
        raise InputError(
            f"merge conflict left by git ({conflict.group(1)}): resolve it, then open again",
            path=path,
            line=line,
            column=1,
            excerpt=lines_of(text)[line - 1],
            hint="keep one side of each change between <<<<<<< and >>>>>>>, delete the "
            "marker lines, then retry (or `git checkout --ours/--theirs FILE`)",
        )
    try:
        return tomlfast.loads(text, raw), text  # the store's own layout, read quickly
    except tomlfast.NotOurLayout:
        pass
    try:
        return tomllib.loads(text), text
    except RecursionError:  # (tomllib reads nested arrays and tables by recursion)
        deep, deep_column = _too_deep(text)
        raise InputError(
            f"nests arrays or tables too deeply (more than {_DEEPEST} levels)",
            path=path, line=deep, column=deep_column, excerpt=lines_of(text)[deep - 1][:200],
        ) from None  # fmt: skip
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        at = int(position.group(1)) if position else None
        column = int(position.group(2)) if position else None
        message = _TOML_POSITION.sub("", str(error)).strip()
        lines = lines_of(text)
        excerpt = lines[at - 1] if at and at <= len(lines) else None
        raise InputError(
            f"is not valid TOML: {message}", path=path, line=at, column=column, excerpt=excerpt
        ) from None


_DEEPEST = 100
_OPENS, _CLOSES = frozenset("[{"), frozenset("]}")


def _too_deep(text: str) -> tuple[int, int]:
    """The line and column where `text` first nests arrays or inline tables more than
    `_DEEPEST` deep (strings and comments skipped; read only once tomllib has given up)."""
    depth, at, quote = 0, 0, ""
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\" and quote == '"':
                at += 1
            elif char == quote or char == "\n":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            at = text.find("\n", at)
            at = len(text) if at < 0 else at
            continue
        elif char in _OPENS:
            depth += 1
            if depth > _DEEPEST:
                break
        elif char in _CLOSES:
            depth -= 1
        at += 1
    at = min(at, max(len(text) - 1, 0))
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


@cache
def _fields_of(cls: type, derived: frozenset[str]) -> tuple[str, dict[str, Field[Any]]]:
    """A dataclass's key field (the one an error names the table by) and its fields a
    table may hold (all but the `derived` ones)."""
    found = {f.name: f for f in fields(cls)}
    known = {n: f for n, f in found.items() if n not in derived}
    return ("id" if "id" in found else "number"), known


class TableChecker:
    """Validates one file's tables, pointing at the line of the table in error."""

    def __init__(
        self,
        path: Path,
        text: str,
        header: str = "[",
        *,
        converters: dict[tuple[type, str], Callable[[Any], Any]] | None = None,
        types: dict[str, type] | None = None,
        derived: frozenset[str] = frozenset(),
    ) -> None:
        self.converters = converters or {}
        self.types = types or {}
        self.derived = derived
        self.path = path
        self._text = text
        self._header = header

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines, split when a table is found wrong (not for every file read)."""
        return lines_of(self._text)

    @cached_property
    def headers(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.lstrip().startswith(self._header)]

    def line_of(self, key: str, value: Any, nth: int | None) -> int | None:
        """Line of `key = value` inside the `nth` table (the whole file if None), else
        the line of that table's header."""
        headers = self.headers
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
        return InputError(message, path=self.path, line=line, excerpt=excerpt, hint=hint)

    def build(self, cls: type, table: Any, nth: int, what: str, own: tuple[str, ...] = ()) -> Any:
        """An instance of dataclass `cls` from a TOML table, every field checked; keys in
        `own` are the caller's to read."""
        key_field, known = _fields_of(cls, self.derived)

        def line() -> int | None:  # looked up only when something is wrong
            return self.line_of(
                key_field, table.get(key_field) if isinstance(table, dict) else None, nth
            )

        if not isinstance(table, dict):
            raise self.fail(f"{what} {nth + 1} is not a table", line())
        for key in table:
            if key not in known and key not in own:
                raise self.fail(
                    f"{what} {nth + 1} has an unknown key {key!r}",
                    line(),
                    did_you_mean(key, known),
                )
        values: dict[str, Any] = {}
        for name, spec in known.items():
            if name not in table:
                if spec.default is MISSING and spec.default_factory is MISSING:
                    raise self.fail(f"{what} {nth + 1} lacks the required key {name!r}", line())
                continue
            values[name] = self._value(
                name, table[name], self.converters.get((cls, name)), what, nth, line
            )
        return cls(**values)

    def _value(
        self,
        name: str,
        value: Any,
        convert: Callable[[Any], Any] | None,
        what: str,
        nth: int,
        line: Callable[[], int | None],
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
        expected = self.types.get(name, str)
        if expected is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(f"{what} {nth + 1}: {name} must be a list of strings", line())
        elif not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise self.fail(
                f"{what} {nth + 1}: {name} must be {expected.__name__}, not {type(value).__name__}",
                self.line_of(name, value, nth),
            )
        return value
