"""Glossary entries: agreed formulations with their sources.

The bundled glossary is `glossary/*.toml` (shipped as `app/data/glossary`); a user may point at their own files in the same
format (``--glossary FILE``). Each file is an array of ``[[entry]]`` tables; ``text`` and
``source`` are required, ``id`` is optional (one is derived from the text), ``topic``,
``note``, ``also_in``, ``verified`` and ``lang`` are kept when present. A mistake in a file
is reported with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import DraftroomError, did_you_mean
from app.files.tomlfile import TableChecker, read_toml


@dataclass(slots=True)
class Entry:
    """One agreed formulation."""

    text: str
    """The canonical wording, exactly as adopted."""
    source: str
    """Document symbol and paragraph: ``E/2014/28, chap. I, sect. C, para. 1``."""
    id: str = ""
    topic: str = ""
    verified: bool = False
    """Whether the wording was read verbatim in a copy of the source."""
    also_in: list[str] = field(default_factory=list)
    note: str = ""
    lang: str = "en"
    file: str = ""
    """The glossary file the entry came from (for messages)."""


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())[:8])


def load_glossary(paths: list[Path] | None = None) -> list[Entry]:
    """Entries from the given TOML files (the bundled glossary when none are given)."""
    if not paths:
        from app.data import bundled

        folder = bundled("glossary")
        paths = sorted(folder.glob("*.toml"))
        if not paths:
            raise DraftroomError("the bundled glossary is missing", path=folder)
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            raise DraftroomError("is a folder; name the glossary's .toml files", path=path)
        if not path.exists():
            near = did_you_mean(path.name, [p.name for p in path.parent.glob("*.toml")])
            raise DraftroomError(
                "no such glossary file",
                path=path,
                hint=near or "give --glossary a TOML file of [[entry]] tables",
            )
        data, text = read_toml(path)
        checker = TableChecker(path, text, "[[entry]]", types={"verified": bool, "also_in": list})
        tables = data.get("entry")
        if not isinstance(tables, list) or not tables:
            raise DraftroomError(
                "holds no [[entry]] tables",
                path=path,
                hint='a glossary file lists entries: [[entry]] text = "…" source = "…"',
            )
        for nth, table in enumerate(tables):
            own = (
                {k: v for k, v in table.items() if k != "file"}
                if isinstance(table, dict)
                else table
            )
            entry: Entry = checker.build(Entry, own, nth, "entry", own=())
            entry.file = str(path)
            for name in ("text", "source"):
                if not getattr(entry, name).strip():
                    raise checker.fail(
                        f"entry {nth + 1}: {name} is empty", checker.line_of(name, "", nth)
                    )
            entry.id = entry.id or _slug(entry.text)
            if entry.id in seen:
                raise checker.fail(
                    f"entry {nth + 1}: the id {entry.id!r} is already used in {seen[entry.id]}",
                    checker.line_of("id", entry.id, nth),
                )
            seen[entry.id] = str(path)
            entries.append(entry)
    return entries
