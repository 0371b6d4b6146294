"""Each table of a draft's files: its keys in a fixed order, defaults left out, so a change
to one paragraph changes a few lines of one table."""

from __future__ import annotations

from dataclasses import MISSING, fields
from enum import StrEnum
from functools import cache
from typing import Any

from app.core import notation
from app.core.brackets import walk
from app.core.delegations import Registry
from app.core.draft import Paragraph
from app.core.history import Event

_PARAGRAPH_ORDER = [
    "id", "kind", "part", "number", "parent", "section", "suffix", "level", "status",
    "status_by", "package", "emphasis",
]  # fmt: skip
FOOTNOTE_ORDER = ["number", "paragraph", "emphasis", "text"]
_EVENT_ORDER = ["seq", "at", "action", "by", "paragraph", "bracket", "summary", "undone"]


@cache
def _defaults(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's default values by field (MISSING for a factory) and its required fields."""
    found = fields(cls)
    required = frozenset(f.name for f in found if MISSING is f.default is f.default_factory)
    return {f.name: f.default for f in found}, required


def table_of(obj: Any, order: list[str]) -> dict[str, Any]:
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
    table = table_of(paragraph, _PARAGRAPH_ORDER)
    table["text"] = notation.write(paragraph.content, registry)
    ids = [b.id for b in walk(paragraph.content)]
    if ids:
        table["brackets"] = ids
    return table


def paragraphs_document(paragraphs: list[Paragraph], registry: Registry) -> dict[str, Any]:
    """The paragraphs as one array of tables (paragraphs.toml, a revision's file)."""
    return {"paragraph": [paragraph_table(p, registry) for p in paragraphs]}


def event_table(event: Event, registry: Registry) -> dict[str, Any]:
    """An event as stored: its fields, its revision's name, each paragraph it changed
    before and after (as read, for a paragraph read from the history)."""
    table = table_of(event, _EVENT_ORDER)
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
