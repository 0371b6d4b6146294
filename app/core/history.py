"""History: every change is an event (who, what, when) that can be undone and redone.

An event keeps the paragraphs it touched as they were before and after, so undo and redo
restore a draft exactly, whatever the operation was. Issuing a revision is an event too.
A new change after some undos forgets the undone events, as editors do.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableSequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.brackets import walk
from app.core.errors import DraftroomError, Refused

if TYPE_CHECKING:
    from app.core.draft import Draft, Paragraph


class Stored:
    """A paragraph as a store keeps it (`source`), read into a :class:`Paragraph` only when
    first needed: a long history is loaded without reading every paragraph it recorded."""

    __slots__ = ("_read", "_value", "source")

    def __init__(self, source: object, read: Callable[[object], Paragraph]) -> None:
        self.source = source
        self._read: Callable[[object], Paragraph] | None = read
        self._value: Paragraph | None = None

    @property
    def value(self) -> Paragraph:
        """The paragraph, read on first use (a malformed one raises the store's error)."""
        if self._read is not None:
            self._value = self._read(self.source)
            self._read = None
        return self._value  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Stored({self.source!r})" if self._read is not None else repr(self._value)


class Change:
    """One paragraph before and after an event (None: it did not exist). `before` and
    `after` may be given as :class:`Stored` paragraphs, read when first asked for."""

    __slots__ = ("_after", "_before", "index", "paragraph")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        paragraph: str,
        index: int,
        before: Paragraph | Stored | None,
        after: Paragraph | Stored | None,
    ) -> None:
        self.paragraph = paragraph
        self.index = index
        self._before = before
        self._after = after

    @property
    def before(self) -> Paragraph | None:
        state = self._before
        return state.value if isinstance(state, Stored) else state

    @property
    def after(self) -> Paragraph | None:
        state = self._after
        return state.value if isinstance(state, Stored) else state

    def stored(self) -> tuple[Stored | None, Stored | None]:
        """Before and after as the store gave them, where it did (not read by this)."""
        before, after = self._before, self._after
        return (
            before if isinstance(before, Stored) else None,
            after if isinstance(after, Stored) else None,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Change):
            return NotImplemented
        return (
            (self.paragraph, self.index) == (other.paragraph, other.index)
            and _same(self._before, other._before)
            and _same(self._after, other._after)
        )

    def __repr__(self) -> str:
        return (
            f"Change(paragraph={self.paragraph!r}, index={self.index!r}, "
            f"before={self._before!r}, after={self._after!r})"
        )


def _same(a: Paragraph | Stored | None, b: Paragraph | Stored | None) -> bool:
    """Two states are the same paragraph; stored the same way, they are without reading."""
    if isinstance(a, Stored) and isinstance(b, Stored) and a.source == b.source:
        return True
    return (a.value if isinstance(a, Stored) else a) == (b.value if isinstance(b, Stored) else b)


class Revision:
    """A frozen snapshot of the paragraphs: "rev.0" is the text as imported.

    A store may give the paragraphs as a reader, called when they are first needed (a
    tracked export, a comparison), with the bytes it read them from (`stored`): opening a
    draft with several revisions then reads none of them."""

    __slots__ = ("_paragraphs", "_read", "at", "name", "stored")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        name: str,
        at: str,
        paragraphs: list[Paragraph] | None = None,
        *,
        read: Callable[[], list[Paragraph]] | None = None,
        stored: bytes | None = None,
    ) -> None:
        self.name = name
        self.at = at
        self._paragraphs = paragraphs if paragraphs is not None else []
        self._read = read if paragraphs is None else None
        self.stored = stored
        """The file the store read this revision from (written back as is)."""

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs, read on first use (a malformed file raises the store's error)."""
        if self._read is not None:
            self._paragraphs, self._read = self._read(), None
        return self._paragraphs

    @property
    def unread(self) -> bool:
        return self._read is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        if (self.name, self.at) != (other.name, other.at):
            return False
        if self.unread and other.unread and self.stored == other.stored:
            return True  # stored the same way: the same paragraphs, without reading them
        return self.paragraphs == other.paragraphs

    def __repr__(self) -> str:
        shown = "(not read)" if self.unread else f"{len(self._paragraphs)} paragraphs"
        return f"Revision({self.name!r}, {self.at!r}, {shown})"


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


class History(MutableSequence[Event]):
    """A draft's events, read from the store when first used in any way: the drafting room
    shows a long draft's first frame before reading its thousands of events (a fifth of a
    second on 2,000 paragraphs), then reads them. :attr:`unread` says whether they are
    read yet, without reading them; a reader that fails raises its error at every use, so
    a draft whose history cannot be read cannot be changed or saved.

    A sequence, not a `list` subclass: C code reads a list's items directly (`[] + events`
    would see none), where here every use goes through a method that reads first."""

    def __init__(self, read: Callable[[], list[Event]] | None = None) -> None:
        self._events: list[Event] = []
        self._read = read

    @property
    def unread(self) -> bool:
        return self._read is not None

    @property
    def events(self) -> list[Event]:
        """The events as a list, read first if need be."""
        if self._read is not None:
            events = self._read()  # raises, and stays unread, if they cannot be read
            self._read = None
            self._events = list(events)
        return self._events

    def __getitem__(self, index: Any) -> Any:
        return self.events[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        self.events[index] = value

    def __delitem__(self, index: Any) -> None:
        del self.events[index]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __reversed__(self) -> Iterator[Event]:
        return reversed(self.events)

    def __contains__(self, value: object) -> bool:
        return value in self.events

    def insert(self, index: int, value: Event) -> None:
        self.events.insert(index, value)

    def append(self, value: Event) -> None:
        self.events.append(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, History):
            return self.events == other.events
        if isinstance(other, list):
            return self.events == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "History(not read)" if self.unread else f"History({self._events!r})"


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
    states = [(c, c.after, c.before) for c in reversed(event.changes)]
    _check_restorable(draft, event, states, "undo")
    for change, _now, state in states:
        _place(draft, change, state)
    if event.revision is not None and event.revision in draft.revisions:
        draft.revisions.remove(event.revision)
    event.undone = True
    return event


def redo(draft: Draft) -> Event:
    """Redo the earliest undone event."""
    event = next((e for e in draft.history if e.undone), None)
    if event is None:
        raise DraftroomError("there is nothing to redo")
    states = [(c, c.before, c.after) for c in event.changes]
    _check_restorable(draft, event, states, "redo")
    for change, _now, state in states:
        _place(draft, change, state)
    if event.revision is not None and event.revision not in draft.revisions:
        draft.revisions.append(event.revision)
    event.undone = False
    return event


def _check_restorable(
    draft: Draft, event: Event, states: list[tuple[Change, Any, Any]], verb: str
) -> None:
    """Refuse, before anything changes, an undo or redo the paragraphs do not match: a
    history edited by hand or merged may name a paragraph the draft lacks (or holds where
    the event made it), or bring back a bracket id another paragraph now holds (a counter
    lowered, a merge); placed anyway, a paragraph would be duplicated or `agree` would
    change the wrong one."""

    def refused(why: str) -> Refused:
        return Refused(
            f"cannot {verb} event {event.seq} ({event.summary}): {why}",
            hint="the history and the paragraphs disagree (edited by hand, or merged): "
            f"history.toml, event seq = {event.seq}",
        )

    present = {p.id for p in draft.paragraphs}
    placed: dict[str, Paragraph | None] = {}
    for change, now, state in states:
        if (change.paragraph in present) != (now is not None):
            holds = "holds" if change.paragraph in present else "lacks"
            raise refused(f"it changed paragraph {change.paragraph}, which the draft {holds}")
        if state is not None and state.id != change.paragraph:
            raise refused(f"its change to {change.paragraph} records {state.id}")
        placed[change.paragraph] = state
        (present.add if state is not None else present.discard)(change.paragraph)
    others = {
        b.id: p for p in draft.paragraphs if p.id not in placed for b in walk(p.content)
    }  # fmt: skip
    for state in placed.values():
        for bracket in walk(state.content) if state is not None else ():
            if bracket.id in others:
                from app.core.labels import labels  # (labels reads drafts, which import this)

                holder = labels(draft).get(others[bracket.id].id, others[bracket.id].id)
                raise refused(f"it would bring back bracket {bracket.id}, which {holder} now holds")


def freeze(draft: Draft, name: str, at: str) -> Revision:
    """A revision holding the paragraphs as they stand."""
    return Revision(name, at, [snapshot(p) for p in draft.paragraphs])
