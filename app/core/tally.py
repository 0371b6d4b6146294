"""The counters facilitators report to the room: paragraphs by kind, by status."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.core.draft import Draft


def tally(draft: Draft) -> dict[str, Any]:
    """Counts of paragraphs by kind and, for the negotiable ones, by status."""
    body = [p for p in draft.paragraphs if not p.is_heading]
    negotiable = [p for p in body if p.negotiable]
    return {
        "draft": draft.document.name,
        "paragraphs": len(negotiable),
        "by_kind": dict(Counter(p.kind.value for p in draft.paragraphs)),
        "by_status": dict(Counter(p.status for p in negotiable)),
        "headings": sum(1 for p in draft.paragraphs if p.is_heading and p.negotiable),
        "context": sum(1 for p in draft.paragraphs if not p.negotiable),
        "footnotes": len(draft.footnotes),
    }
