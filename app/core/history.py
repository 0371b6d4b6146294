"""History: every change is an event (who, what, when) that can be undone and redone.

An event keeps the paragraphs it touched as they were before and after, so undo and redo
restore a draft exactly, whatever the operation was. Issuing a revision is an event too.
A new change after some undos forgets the undone events, as editors do.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.errors import DraftroomError

if TYPE_CHECKING:
    from app.core.draft import Draft, Paragraph


@dataclass(slots=True)
class Change:
    """One paragraph before and after an event (None: it did not exist)."""

    paragraph: str
    index: int
    before: Paragraph | None
    after: Paragraph | None


@dataclass(slots=True)
class Revision:
    """A frozen snapshot of the paragraphs: "rev.0" is the text as imported."""

    name: str
    at: str
    paragraphs: list[Paragraph]


@dataclass(slots=True)
class Event:
    """Who did what, when; and what it changed."""

    seq: int
    at: str
    """When, as ISO 8601 UTC (``2026-11-27T10:15:00Z``)."""
    action: str
    """propose, support, oppose, withdraw, agree, mark, reopen, insert, package, revise."""
    summary: str
    """The event as a facilitator would say it: ``EU proposes "and harm reduction" (b3)``."""
    by: str = ""
    """The delegation acting; empty for the room's own decisions."""
    paragraph: str = ""
    bracket: str = ""
    changes: list[Change] = field(default_factory=list)
    revision: Revision | None = None
    """For ``revise``: the revision issued (kept here so redo can bring it back)."""
    undone: bool = False


def snapshot(paragraph: Paragraph) -> Paragraph:
    """An independent copy of a paragraph, for history and revisions."""
    return copy.deepcopy(paragraph)


def _place(draft: Draft, change: Change, state: Paragraph | None) -> None:
    index = next((i for i, p in enumerate(draft.paragraphs) if p.id == change.paragraph), None)
    if state is None:
        if index is not None:
            del draft.paragraphs[index]
        return
    if index is None:
        draft.paragraphs.insert(min(change.index, len(draft.paragraphs)), snapshot(state))
    else:
        draft.paragraphs[index] = snapshot(state)


def undo(draft: Draft) -> Event:
    """Undo the last event not yet undone; the event is returned."""
    event = next((e for e in reversed(draft.history) if not e.undone), None)
    if event is None:
        raise DraftroomError("there is nothing to undo")
    for change in reversed(event.changes):
        _place(draft, change, change.before)
    if event.revision is not None:
        draft.revisions.remove(event.revision)
    event.undone = True
    return event


def redo(draft: Draft) -> Event:
    """Redo the earliest undone event."""
    event = next((e for e in draft.history if e.undone), None)
    if event is None:
        raise DraftroomError("there is nothing to redo")
    for change in event.changes:
        _place(draft, change, change.after)
    if event.revision is not None:
        draft.revisions.append(event.revision)
    event.undone = False
    return event


def freeze(draft: Draft, name: str, at: str) -> Revision:
    """A revision holding the paragraphs as they stand."""
    return Revision(name, at, [snapshot(p) for p in draft.paragraphs])
