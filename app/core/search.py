"""Finding words in a draft, as the facilitator asks "where do we say 'harm reduction'?".

A paragraph matches when the words appear in its wording or in any option of its brackets
(what the room sees), ignoring case and runs of spaces. The search goes on from a place and
wraps around, as editors do.
"""

from __future__ import annotations

import re

from app.core.brackets import Bracket, Inline
from app.core.draft import Draft, Paragraph


def _fold(text: str) -> str:
    """Case ignored, every run of spaces one space (spaces at the ends dropped: a query
    is stripped, so whether it appears is the same)."""
    return " ".join(text.split()).casefold()


def searchable(content: list[Inline]) -> str:
    """All the words of a paragraph: its agreed text and every option of every bracket."""
    parts: list[str] = []
    for part in content:
        if isinstance(part, Bracket):
            parts += [searchable(option.content) for option in part.options]
        else:
            parts.append(part)
    return " ".join(parts)


def matches(paragraph: Paragraph, query: str) -> bool:
    """Whether the words asked appear in the paragraph (case and spacing ignored)."""
    return _holds(paragraph, _fold(query))


def _holds(paragraph: Paragraph, folded: str) -> bool:
    return folded in _fold(searchable(paragraph.content))


def search(
    draft: Draft, query: str, after: int, step: int = 1, among: list[int] | None = None
) -> int | None:
    """The index of the next paragraph (`step` 1) or the previous one (-1) after index
    `after` holding `query`, wrapping around; None when no paragraph holds it."""
    order = among if among is not None else list(range(len(draft.paragraphs)))
    if not query.strip() or not order:
        return None
    folded = _fold(query)
    start = order.index(after) if after in order else -1 if step > 0 else len(order)
    for n in range(1, len(order) + 1):
        index = order[(start + step * n) % len(order)]
        if _holds(draft.paragraphs[index], folded):
            return index
    return None


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` appears in `text` (case ignored), for highlighting hits on screen."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
