"""The counters facilitators report to the room: paragraphs by status, open brackets,
by section and by delegation."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.core.brackets import walk
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph, Status
from app.core.labels import labels

#: What `by_delegation` counts for each delegation: the options it proposed and supported,
#: the paragraphs it holds pending or reserved and the open brackets in them.
DELEGATION_ROLES = ("proposed", "supported", "pending", "reserved", "held_brackets")


def _status_key(paragraph: Paragraph) -> str:
    """The status without the delegations it names ("pending", not "pending Iran")."""
    shown = paragraph.shown_status
    return paragraph.status.value if paragraph.status_by else shown


def sections(draft: Draft) -> dict[str, list[Paragraph]]:
    """Body paragraphs of the statement grouped under their nearest section heading."""
    grouped: dict[str, list[Paragraph]] = {}
    current = "(opening)"
    for paragraph in draft.paragraphs:
        if not paragraph.negotiable:
            continue
        if paragraph.is_heading:
            if paragraph.level == 2:
                current = paragraph.text
            continue
        grouped.setdefault(current, []).append(paragraph)
    return grouped


def _paragraph_counts(paragraph: Paragraph) -> tuple[int, str | None]:
    """What one paragraph adds to the room's counts: its open brackets, its status."""
    if not paragraph.negotiable:
        return 0, None
    return len(paragraph.brackets), None if paragraph.is_heading else _status_key(paragraph)


class RoomCounter:
    """The room's counts, kept paragraph by paragraph: after a change only the paragraphs
    it touched are counted again (on a 2,000-paragraph draft, counting all of them again
    would take most of a key press)."""

    def __init__(self) -> None:
        self._each: dict[str, tuple[int, str | None]] = {}

    def counts(self, draft: Draft, changed: set[str] | None = None) -> dict[str, Any]:
        """Open brackets and paragraphs by status; `changed`: the ids of the only paragraphs
        that changed since the last call (None: count every paragraph again)."""
        if changed is None:
            self._each = {p.id: _paragraph_counts(p) for p in draft.paragraphs}
        else:
            for paragraph in draft.paragraphs:
                if paragraph.id in changed or paragraph.id not in self._each:
                    self._each[paragraph.id] = _paragraph_counts(paragraph)
            if len(self._each) != len(draft.paragraphs):
                present = {p.id for p in draft.paragraphs}
                self._each = {k: v for k, v in self._each.items() if k in present}
        statuses = Counter(status for _, status in self._each.values())
        statuses.pop(None, None)
        return {
            "open_brackets": sum(brackets for brackets, _ in self._each.values()),
            "by_status": dict(statuses),
        }


def room_counts(draft: Draft) -> dict[str, Any]:
    """What the status bar shows: open brackets and paragraphs by status (cheap enough to
    count again after every change, unlike :func:`tally`)."""
    return RoomCounter().counts(draft)


def _section_counts(members: list[Paragraph]) -> dict[str, Any]:
    each = [_paragraph_counts(p) for p in members]
    return {
        "paragraphs": len(members),
        "open_brackets": sum(brackets for brackets, _ in each),
        "by_status": dict(Counter(status for _, status in each)),
    }


def tally(draft: Draft) -> dict[str, Any]:
    """Counts of paragraphs by kind and status, open brackets, per section, per delegation."""
    body = [p for p in draft.paragraphs if not p.is_heading]
    negotiable = [p for p in body if p.negotiable]
    registry = Registry(draft.delegations)
    by_delegation: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    table = labels(draft)
    for paragraph in negotiable:
        for bracket in walk(paragraph.content):
            for option in bracket.options:
                for position, supporter in enumerate(option.supporters):
                    found = registry.lookup(supporter)
                    key = found[0].name if found else supporter
                    name = names.setdefault(key, supporter)
                    role = "proposed" if position == 0 and not option.original else "supported"
                    by_delegation.setdefault(name, Counter())[role] += 1
        if paragraph.status in (Status.PENDING, Status.RESERVED):
            # a paragraph a delegation holds: its open brackets wait on that delegation too
            for holder in paragraph.status_by:
                found = registry.lookup(holder)
                name = names.setdefault(found[0].name if found else holder, holder)
                held = by_delegation.setdefault(name, Counter())
                held[paragraph.status.value] += 1
                held["held_brackets"] += sum(1 for _ in walk(paragraph.content))
    counts = room_counts(draft)
    return {
        "draft": draft.document.name,
        "paragraphs": len(negotiable),
        "open_brackets": counts["open_brackets"],
        "contested_paragraphs": [table[p.id] for p in negotiable if p.brackets],
        "by_kind": dict(Counter(p.kind.value for p in draft.paragraphs)),
        "by_status": counts["by_status"],
        "by_section": {name: _section_counts(members) for name, members in sections(draft).items()},
        "by_delegation": {
            name: {role: counts[role] for role in DELEGATION_ROLES}
            for name, counts in sorted(by_delegation.items())
        },
        "headings": sum(1 for p in draft.paragraphs if p.is_heading and p.negotiable),
        "context": sum(1 for p in draft.paragraphs if not p.negotiable),
        "footnotes": len(draft.footnotes),
        "revisions": [r.name for r in draft.revisions],
    }
