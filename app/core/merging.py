"""Merging two branches of a draft by their events (the git merge driver's domain).

The events each branch recorded after the common ancestor are combined into one history in
time order. What both branches allocated is renumbered where it collides — bracket ids,
paragraph ids, the `bis`/`ter` of paragraphs inserted after the same one — on the branch
whose event came later, in its paragraphs and in every event that recorded them, so undo
and redo keep working. Each paragraph then merges three ways (:mod:`app.core.merge_places`),
and the events that changed a paragraph both branches changed are given the merged states
as their before and after, so undoing the last of them restores the merged paragraph's
previous state, not one branch's.

Everything here depends on the two branches' contents and times, never on which branch is
"ours": merging A into B and B into A gives the same draft (a property test says so).
Events undone on a branch are dropped, as a new change drops them in the room.
Revisions issued on both branches, and anything two branches decided differently, stop
the merge (:class:`~app.core.merge_places.Clash`), naming what; nothing is chosen silently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from app.core.draft import Draft, Paragraph
from app.core.history import Change, Event, Revision, snapshot
from app.core.labels import labels
from app.core.merge_ids import EventKey, Side, allocated, collisions, event_key, rename, suffixes_of
from app.core.merge_places import Clash, Memo, merge_paragraph, three_way

__all__ = ["Clash", "Merged", "merge_drafts"]


@dataclass(slots=True)
class Merged:
    """The merged draft and what the merge did that a facilitator should know."""

    draft: Draft
    notes: list[str] = field(default_factory=list)


def _shared(sides: tuple[Side, Side]) -> list[Event]:
    """The events both sides hold, the same in every way (a branch merged before), each
    side's copy."""
    theirs: dict[EventKey, list[Event]] = {}
    for event in sides[1].events:
        theirs.setdefault(event_key(event), []).append(event)
    both = []
    for event in sides[0].events:
        other = next((t for t in theirs.get(event_key(event), []) if _same(event, t)), None)
        if other is not None:
            both += [event, other]
    return both


def _same(one: Event, other: Event) -> bool:
    """The same event on both branches: all but its place in each history (its seq)."""
    return one is other or dataclasses.replace(one, seq=0) == dataclasses.replace(other, seq=0)


def _rank(sides: tuple[Side, Side]) -> None:
    """Place both sides' events in one history in time order, each branch's own order
    kept: the earlier of the two next events goes first (two that tell the same moment
    and summary by their contents), so the order never depends on which side is ours.
    An event both sides hold (a branch merged before) takes one place."""
    ours, theirs = sides[0].events, sides[1].events
    rank: dict[int, int] = {}
    sides[0].rank = sides[1].rank = rank
    placed: dict[EventKey, list[Event]] = {}
    i = j = place = 0

    def order(event: Event) -> tuple[Any, ...]:
        return (event.at, event_key(event))

    while i < len(ours) or j < len(theirs):
        if i < len(ours) and j < len(theirs):
            a, b = ours[i], theirs[j]
            if order(a) == order(b) and _same(a, b):  # one event both hold: one place
                rank[id(a)] = rank[id(b)] = place
                placed.setdefault(event_key(a), []).append(a)
                i, j, place = i + 1, j + 1, place + 1
                continue
            first = order(a) < order(b) or (order(a) == order(b) and _digest(a) <= _digest(b))
            event, i, j = (a, i + 1, j) if first else (b, i, j + 1)
        elif i < len(ours):
            event, i = ours[i], i + 1
        else:
            event, j = theirs[j], j + 1
        same = next((e for e in placed.get(event_key(event), []) if _same(e, event)), None)
        if same is not None:
            rank[id(event)] = rank[id(same)]
            continue
        placed.setdefault(event_key(event), []).append(event)
        rank[id(event)] = place
        place += 1


def _digest(event: Event) -> str:
    import hashlib

    revision = event.revision.paragraphs if event.revision is not None else None
    return hashlib.sha256(repr((event.changes, revision)).encode()).hexdigest()


def _history_part(
    base: Draft, sides: tuple[Draft, Draft]
) -> tuple[list[Event], list[dict[str, Paragraph | None]]]:
    """The ancestor's events the merge keeps: those live on both branches after a three-way
    look at each (live, undone, gone); undone ones go, as after any new change. With them,
    where each side's paragraphs started from after the ancestor's events it undid (or
    redid): its later events, and the other side's, go on from there."""
    kept = []
    starts: list[dict[str, Paragraph | None]] = [{}, {}]
    found = [{event_key(e): e for e in side.history} for side in sides]

    def state(event: Event | None) -> str:
        return "gone" if event is None else "undone" if event.undone else "live"

    for event in base.history:
        key = event_key(event)
        states = (state(event), state(found[0].get(key)), state(found[1].get(key)))
        if states[1] == states[2] == "live" or ("live" in states[1:] and states[0] != "live"):
            kept.append(event)
        for n in (0, 1):
            if (states[0] == "live") != (states[n + 1] == "live"):
                for change in event.changes:
                    if states[0] == "live":  # undone on this side: back to before it
                        starts[n].setdefault(change.paragraph, change.before)
                    else:  # redone on this side
                        starts[n][change.paragraph] = change.after
    return kept, starts


def _order(base: Draft, sides: tuple[Side, Side], merged: dict[str, Paragraph], made: dict[str, int]) -> list[str]:  # fmt: skip
    """The paragraphs in order: the ancestor's, and each new one after the paragraph it
    follows on its branch (two after the same one: in the order they were inserted)."""
    order = [p.id for p in base.paragraphs if p.id in merged]
    placed = set(order)
    new = sorted(
        ((made.get(pid, -1), n, pid) for n, s in enumerate(sides) for pid in s.paragraphs
         if pid not in placed and pid in merged),
        key=lambda x: (x[0], x[1]),
    )  # fmt: skip
    fresh: set[str] = set()
    for _, n, pid in new:
        if pid in placed:
            continue
        listing = list(sides[n].paragraphs)
        at = listing.index(pid)
        before = next((p for p in reversed(listing[:at]) if p in placed), None)
        index = order.index(before) + 1 if before is not None else 0
        while index < len(order) and order[index] in fresh:
            index += 1
        order.insert(index, pid)
        placed.add(pid)
        fresh.add(pid)
    return order


def _merge_lists(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    if theirs == base:
        return list(ours)
    if ours == base:
        return list(theirs)
    kept = [n for n in base if n in ours and n in theirs]
    return kept + sorted({n for n in [*ours, *theirs] if n not in base})


def merge_drafts(
    base: Draft, ours: Draft, theirs: Draft, *, names: tuple[str, str] = ("ours", "theirs")
) -> Merged:
    """The draft holding both branches' events (see the module's docstring)."""
    notes: list[str] = []
    document = three_way(base.document, ours.document, theirs.document,
                         "the cover page was changed differently on both branches")  # fmt: skip
    footnotes = three_way(base.footnotes, ours.footnotes, theirs.footnotes,
                          "the footnotes were changed differently on both branches")  # fmt: skip
    known = {event_key(e) for e in base.history}
    sides = tuple(
        Side(name, d, [e for e in d.history if event_key(e) not in known and not e.undone],
              {p.id: p for p in d.paragraphs})
        for name, d in zip(names, (ours, theirs), strict=True)
    )  # fmt: skip
    assert len(sides) == 2
    shared = {id(e) for e in _shared(sides)}
    issued = [[e for e in s.events if e.revision is not None and id(e) not in shared]
              for s in sides]  # fmt: skip
    if issued[0] and issued[1]:
        said = "; ".join(
            f"{e.revision.name} on {s.name} ({e.at})" for s, found in zip(sides, issued, strict=True)
            for e in found if e.revision is not None
        )  # fmt: skip
        raise Clash(
            f"revisions were issued on both branches ({said}): Draftroom does not number a "
            "revision twice, nor invent a number",
            hint="undo the revision on one branch (draftroom undo), merge, then issue it again",
        )
    # renumber what both sides allocated, on the side whose event came later: until none
    # collides (a renamed paragraph may part two events that were one, whose ids then do)
    next_paragraph = max(ours.next_paragraph, theirs.next_paragraph) + 1
    next_bracket = max(ours.next_bracket, theirs.next_bracket)
    for _round in range(10):
        _rank(sides)
        ours_ids, theirs_ids, next_paragraph = collisions(sides, "p", base.next_paragraph + 1, next_paragraph, 3)  # fmt: skip
        ours_b, theirs_b, next_bracket = collisions(sides, "b", base.next_bracket, next_bracket, 0)  # fmt: skip
        renames: list[tuple[dict[str, str], dict[str, str], dict[str, str]]] = [
            (ours_ids, ours_b, {}), (theirs_ids, theirs_b, {})
        ]  # fmt: skip
        if not (ours_ids or theirs_ids or ours_b or theirs_b):
            suffixes = suffixes_of(sides, base.next_paragraph + 1)
            renames = [({}, {}, suffixes[0]), ({}, {}, suffixes[1])]
            if not any(suffixes):
                break
        for side, (ids, brackets, labels_) in zip(sides, renames, strict=True):
            rename(side, ids, brackets, labels_)
            notes += [f"{old} was made on both branches: the one made on {side.name} is now {new}"
                      for old, new in sorted({**ids, **brackets}.items())]  # fmt: skip
            notes += [f"{pid} took a label also inserted on the other branch: on {side.name}, it is now {suffix}"
                      for pid, suffix in labels_.items()]  # fmt: skip
    else:
        raise Clash("the ids both branches made could not be told apart")

    # events in time order, shared ones once
    holders: dict[int, tuple[set[int], Event]] = {}
    for n, side in enumerate(sides):
        for event in side.events:
            holders.setdefault(side.rank[id(event)], (set(), event))[0].add(n)
    post = [(min(held), held, event) for held, event in (holders[k] for k in sorted(holders))]
    first_touch: dict[str, int] = {}
    for n, held, event in post:
        for change in event.changes if len(held) == 1 else ():  # (one both made: no clue)
            first_touch.setdefault(change.paragraph, n)

    memo = Memo()
    base_states = {p.id: p for p in base.paragraphs}
    shared_after = {  # a paragraph an event both hold made: their ancestor for it
        c.paragraph: c.after for _n, held, e in post if len(held) == 2 for c in e.changes
    }
    named = {**labels(theirs), **labels(ours), **labels(base)}

    def merge_one(pid: str, a: Paragraph | None, t: Paragraph | None) -> Paragraph | None:
        b = base_states.get(pid, shared_after.get(pid))
        if a == t or t == b:
            return a
        if a == b:
            return t
        label = named.get(pid, pid)
        if a is None or t is None or b is None:
            raise Clash(f"{label} was removed on one branch and changed on the other")
        return merge_paragraph(
            b, a, t, ours_first=first_touch.get(pid, 0) == 0, label=label, names=names,
            memo=memo,
        )  # fmt: skip

    merged: dict[str, Paragraph] = {}
    for pid in dict.fromkeys([*base_states, *sides[0].paragraphs, *sides[1].paragraphs]):
        state = merge_one(pid, sides[0].paragraphs.get(pid), sides[1].paragraphs.get(pid))
        if state is not None:
            merged[pid] = state

    # the events of paragraphs both sides changed carry the merged states
    ancestors, current = _history_part(base, (ours, theirs))
    touched = [{c.paragraph for e in s.events for c in e.changes} | set(current[n]) for n, s in enumerate(sides)]  # fmt: skip
    both = touched[0] & touched[1]
    now: dict[str, Paragraph | None] = {
        pid: merge_one(pid, *(current[n].get(pid, base_states.get(pid)) for n in (0, 1)))
        for pid in both
    }
    events: list[Event] = [dataclasses.replace(e, undone=False) for e in ancestors]
    for _n, held, event in post:
        if not any(c.paragraph in both for c in event.changes):
            events.append(event)
            continue
        changes = []
        for change in event.changes:
            pid = change.paragraph
            if pid not in both:
                changes.append(change)
                continue
            for n in held:
                current[n][pid] = change.after
            sides_now = [current[i].get(pid, base_states.get(pid)) for i in (0, 1)]
            before = now.get(pid, base_states.get(pid))
            after = merge_one(pid, *sides_now)
            now[pid] = after
            changes.append(Change(pid, change.index, before, after))
        events.append(dataclasses.replace(event, changes=changes))
    events = [dataclasses.replace(e, seq=i) for i, e in enumerate(events, start=1)]

    revisions = _revisions(base, sides)
    made = {**allocated(sides[1], "p", base.next_paragraph + 1), **allocated(sides[0], "p", base.next_paragraph + 1)}  # fmt: skip
    order = _order(base, sides, merged, made)
    delegations = _merge_lists(base.delegations, ours.delegations, theirs.delegations)
    draft = Draft(
        document, [snapshot(merged[pid]) for pid in order], list(footnotes), events, revisions,
        delegations, max(next_paragraph - 1, ours.next_paragraph, theirs.next_paragraph),
        max(next_bracket, ours.next_bracket, theirs.next_bracket),
    )  # fmt: skip
    return Merged(draft, notes)


def _revisions(base: Draft, sides: tuple[Side, Side]) -> list[Revision]:
    """The revisions both branches hold, and those issued (or undone) on one of them."""
    found: dict[str, Revision] = {r.name: r for s in sides for r in s.draft.revisions}
    mine = [[r.name for r in s.draft.revisions] for s in sides]
    names = _merge_lists([r.name for r in base.revisions], mine[0], mine[1])
    return [found[n] for n in sorted(names, key=lambda n: int(n.split(".")[1]) if n.split(".")[-1].isdigit() else 0)]  # fmt: skip
