r"""A fast reader for the TOML the draft store writes; anything else is left to `tomllib`.

`tomllib` scans every basic string character by character in Python: a large draft's
history.toml (5 MB) takes it over a second. The store's files are written by `tomli_w` in a
narrow layout: one `key = value` per line, `[table]` and `[[array.of.tables]]` headers,
one-line basic strings, integers, booleans and arrays of those, one item a line. This module
reads exactly that layout, a line at a time, with the strings checked and sliced by
C-speed string methods.

The contract: :func:`loads` returns what `tomllib.loads` would, or raises
:class:`NotOurLayout` (never anything else), and the caller falls back to `tomllib`, which
also reports any error with its line and column. Accepted:

- lines ending in `\n` only; blank lines anywhere but inside an array;
- headers `[a]`, `[a.b]`, `[[a]]`, `[[a.b]]` of bare keys (`[A-Za-z0-9_-]+`), with TOML's
  meaning: a dotted header goes into the last table of an array of tables, creating missing
  tables on the way; a header naming anything that exists (other than `[[x]]` appending to
  an array of tables) is not accepted;
- `key = value` with a bare key, one space either side of `=`, each key once per table;
- values: basic strings on one line (raw tab allowed, other control characters and DEL
  not; escapes `\\ \" \b \t \n \f \r`, and `\u` with four hex digits, no surrogates),
  integers `-?(0|[1-9][0-9]*)`, `true`, `false`, `[]`, and tomli_w's arrays of those:
  `key = [`, then `    item,` lines, then `]`.

Not accepted: comments, `\r`, inline tables, floats, dates, literal or multi-line strings,
quoted or dotted keys, nested arrays, other spacing.
"""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # (stdlib, not in typeshed)
from typing import Any

__all__ = ["NotOurLayout", "loads"]


class NotOurLayout(ValueError):
    """The text is not in the layout this reader accepts (it may still be valid TOML)."""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_HEADER_KEY = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
# control characters other than tab and newline, and DEL: never raw in the layout (a UTF-8
# byte below 0x80 is always its own character: deleting them from the bytes is 3x faster
# than searching the text with a regex)
_CONTROL = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
# a basic string whose escapes JSON and TOML read alike (no `\/`, `\U`, `\e` or surrogates);
# possessive repeats: no backtracking on a long string that fails
_ESCAPED_STRING = re.compile(
    r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]++|\\(?:[\\"bfnrt]|u(?![dD][89a-fA-F])[0-9a-fA-F]{4}))*+"'
)


def _scalar(token: str) -> str | int | bool:
    """A string, integer or boolean written as tomli_w writes it."""
    if token[:1] == '"':
        if len(token) >= 2 and token[-1] == '"':
            inner = token[1:-1]
            if "\\" not in inner:
                if '"' not in inner:
                    return inner
            elif _ESCAPED_STRING.fullmatch(token):
                return scanstring(token, 1, False)[0]
    elif token == "true":
        return True
    elif token == "false":
        return False
    elif _INTEGER.fullmatch(token):
        try:
            return int(token)
        except ValueError:  # more digits than `sys.get_int_max_str_digits()`
            pass
    raise NotOurLayout(token[:40])


def _header(line: str) -> tuple[bool, list[str], str]:
    """Whether a header line appends to an array of tables, its parents' keys, its key."""
    append = line.startswith("[[")
    name = line[2:-2] if append and line.endswith("]]") else line[1:-1]
    if not line.endswith("]") or not _HEADER_KEY.fullmatch(name):
        raise NotOurLayout(line[:40])
    *path, last = name.split(".")
    return append, path, last


def _open(
    root: dict[str, Any], header: tuple[bool, list[str], str], arrays: set[int]
) -> dict[str, Any]:
    """The table a header opens, created as TOML says; `arrays` holds the ids of the
    arrays of tables (a list from `key = [...]` cannot be appended to or entered)."""
    append, path, last = header
    table = root
    for part in path:
        child = table.get(part)
        if child is None:
            child = table[part] = {}
        elif child.__class__ is list and id(child) in arrays:
            child = child[-1]
        elif child.__class__ is not dict:
            raise NotOurLayout(f"{part} is not a table")
        table = child
    found = table.get(last)
    if append:
        if found is None:
            found = table[last] = []
            arrays.add(id(found))
        elif found.__class__ is not list or id(found) not in arrays:
            raise NotOurLayout(f"{last} is not an array of tables")
        new: dict[str, Any] = {}
        found.append(new)
        return new
    if found is not None:  # TOML lets a header define a table made implicitly; we do not
        raise NotOurLayout(f"{last} is defined twice")
    new = table[last] = {}
    return new


def loads(text: str, raw: bytes | None = None) -> dict[str, Any]:
    """The TOML document `text` as `tomllib.loads` reads it; :class:`NotOurLayout` if it
    is not in the layout this module accepts. `raw`: the UTF-8 bytes `text` was decoded
    from, if the caller has them (they are searched for control characters)."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if len(raw.translate(None, _CONTROL)) != len(raw):
        raise NotOurLayout("a control character or carriage return")
    root: dict[str, Any] = {}
    table = root
    arrays: set[int] = set()
    bare: set[str] = set()  # keys already checked
    headers: dict[str, tuple[bool, list[str], str]] = {}  # header lines already read
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        if line[0] == "[":
            header = headers.get(line) or headers.setdefault(line, _header(line))
            table = _open(root, header, arrays)
            continue
        key, equals, value = line.partition(" = ")
        if key in table or not equals:
            raise NotOurLayout(line[:40])
        if key not in bare:
            if not _BARE_KEY.fullmatch(key):
                raise NotOurLayout(line[:40])
            bare.add(key)
        # the common case inline: a string without escapes
        if value[:1] == '"' and len(value) >= 2 and value[-1] == '"':
            inner = value[1:-1]
            if '"' not in inner and "\\" not in inner:
                table[key] = inner
                continue
        if value == "[":
            items: list[Any] = []
            for item in lines:
                if item == "]":
                    break
                if not (item.startswith("    ") and item.endswith(",")):
                    raise NotOurLayout(item[:40])
                items.append(_scalar(item[4:-1]))
            else:
                raise NotOurLayout("an array left open")
            table[key] = items
        elif value == "[]":
            table[key] = []
        else:
            table[key] = _scalar(value)
    return root
