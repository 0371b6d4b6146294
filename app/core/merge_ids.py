"""What both branches of a merge made under one name, renamed on the later one: paragraph
ids, bracket ids, and the `bis`/`ter` of paragraphs inserted after the same paragraph. A
name is changed everywhere its branch recorded it (paragraphs, events, summaries), so undo
and redo keep working on the merged draft. Used by :mod:`app.core.merging`."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from app.core.brackets import Bracket, Inline, Option, walk
from app.core.draft import Draft, Paragraph
from app.core.history import Change, Event
from app.core.room import SUFFIXES

EventKey = tuple[str, str, str, str, str, str]


def event_key(event: Event) -> EventKey:
    """An event's identity across branches (its seq is its place, which a merge changes)."""
    return (event.at, event.action, event.by, event.paragraph, event.bracket, event.summary)


@dataclass(slots=True)
class Side:
    """One branch as the merge sees it: its name, draft, events and paragraphs."""

    name: str
    draft: Draft
    events: list[Event]
    """Its events after the common ancestor, not undone (renamed where they collided)."""
    paragraphs: dict[str, Paragraph]
    rank: dict[int, int] = field(default_factory=dict)
    """Each event's place in the merged history, by `id()` (shared by the two sides)."""


def _number(prefix: str, ident: str) -> int | None:
    return int(ident[1:]) if ident.startswith(prefix) and ident[1:].isdigit() else None


def allocated(side: Side, prefix: str, floor: int) -> dict[str, int]:
    """The ids of one kind this side made after the ancestor, with the place in the merged
    history of the event that made each."""
    found: dict[str, int] = {}
    for event in side.events:
        for change in event.changes:
            state = change.after
            if state is None:
                continue
            ids = [state.id] if prefix == "p" else [b.id for b in walk(state.content)]
            for ident in ids:
                number = _number(prefix, ident)
                if number is not None and number >= floor:
                    found.setdefault(ident, side.rank[id(event)])
    return found


def _rename_content(content: list[Inline], brackets: dict[str, str]) -> list[Inline]:
    return [
        Bracket(
            brackets.get(part.id, part.id),
            [
                Option(_rename_content(o.content, brackets), list(o.supporters), o.original)
                for o in part.options
            ],
        )
        if isinstance(part, Bracket)
        else part
        for part in content
    ]


def _renamed(
    state: Paragraph | None, ids: dict[str, str], brackets: dict[str, str], suffixes: dict[str, str]
) -> Paragraph | None:
    if state is None:
        return None
    return dataclasses.replace(
        state, id=ids.get(state.id, state.id), suffix=suffixes.get(state.id, state.suffix),
        content=_rename_content(state.content, brackets) if brackets else list(state.content),
        emphasis=list(state.emphasis), status_by=list(state.status_by),
    )  # fmt: skip


def _holds(change: Change, brackets: dict[str, str]) -> bool:
    """Whether a change's paragraphs hold one of these brackets."""
    return bool(brackets) and any(
        b.id in brackets
        for state in (change.before, change.after) if state is not None
        for b in walk(state.content)
    )  # fmt: skip


def rename(side: Side, ids: dict[str, str], brackets: dict[str, str], suffixes: dict[str, str]) -> None:  # fmt: skip
    """Give this side's paragraphs and events the new ids and suffixes."""
    if not (ids or brackets or suffixes):
        return
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, [*brackets, *ids])) + r")\b") if (brackets or ids) else None  # fmt: skip
    names = brackets | ids
    events = []
    for event in side.events:
        touched = any(
            c.paragraph in ids or c.paragraph in suffixes or _holds(c, brackets)
            for c in event.changes
        )
        if not touched and event.bracket not in brackets and event.paragraph not in ids:
            events.append(event)
            continue
        summary = pattern.sub(lambda m: names[m.group(1)], event.summary) if pattern else event.summary  # fmt: skip
        changes = [
            Change(
                ids.get(c.paragraph, c.paragraph),
                c.index,
                _renamed(c.before, ids, brackets, suffixes),
                _renamed(c.after, ids, brackets, suffixes),
            )
            if c.paragraph in ids or c.paragraph in suffixes or _holds(c, brackets)
            else c
            for c in event.changes
        ]
        renamed = dataclasses.replace(
            event,
            paragraph=ids.get(event.paragraph, event.paragraph),
            bracket=brackets.get(event.bracket, event.bracket),
            summary=summary,
            changes=changes,
        )
        side.rank[id(renamed)] = side.rank[id(event)]
        events.append(renamed)
    side.events = events
    side.paragraphs = {
        ids.get(k, k): _renamed(p, ids, brackets, suffixes)  # type: ignore[misc]
        for k, p in side.paragraphs.items()
    }


def collisions(
    sides: tuple[Side, Side], prefix: str, floor: int, start: int, width: int
) -> tuple[dict[str, str], dict[str, str], int]:
    """New names for the ids both sides made, on the side that made each later."""
    made = [allocated(s, prefix, floor) for s in sides]
    clashing = sorted(
        (max(made[0][i], made[1][i]), i, 0 if made[0][i] > made[1][i] else 1)
        for i in made[0].keys() & made[1].keys()
        if made[0][i] != made[1][i]
    )
    renames: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for _, ident, loser in clashing:
        renames[loser][ident] = f"{prefix}{start:0{width}d}" if width else f"{prefix}{start}"
        start += 1
    return renames[0], renames[1], start


def suffixes_of(sides: tuple[Side, Side], floor: int) -> tuple[dict[str, str], dict[str, str]]:
    """New suffixes for paragraphs both sides inserted after one paragraph under one name
    (two `OP3 bis`): the later one takes the next free suffix (on each side holding it)."""
    new: dict[str, tuple[int, set[int], Paragraph]] = {}
    taken: dict[tuple[Any, ...], set[str]] = {}
    for n, side in enumerate(sides):
        made = allocated(side, "p", floor)
        for pid, paragraph in side.paragraphs.items():
            family = (paragraph.kind, paragraph.number, paragraph.parent, paragraph.section)
            if pid in made:
                new.setdefault(pid, (made[pid], set(), paragraph))[1].add(n)
            else:
                taken.setdefault(family, set()).add(paragraph.suffix)
    renames: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for pid in sorted(new, key=lambda p: (new[p][0], p)):
        _rank, holders, paragraph = new[pid]
        family = (paragraph.kind, paragraph.number, paragraph.parent, paragraph.section)
        used = taken.setdefault(family, set())
        suffix = paragraph.suffix
        if suffix in used:
            pool = (
                ("alt", *(f"alt {i}" for i in range(2, 100)))
                if suffix.startswith("alt") else SUFFIXES
            )  # fmt: skip
            suffix = next((s for s in pool if s not in used), suffix)
            for n in holders:
                renames[n][pid] = suffix
        used.add(suffix)
    return renames
