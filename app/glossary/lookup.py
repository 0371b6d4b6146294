"""Lookup: the entries a delegate means by a few words, typos forgiven ("sovereignity").

Each word asked is matched to the glossary's vocabulary (exactly, by stem, or within a
typo by rapidfuzz's ratio); an entry scores the rarer words it holds higher (inverse
document frequency), and the words asked side by side in the entry higher still.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.glossary.entries import Entry
from app.glossary.words import stem, words

TYPO_CUTOFF = 80


@dataclass(slots=True)
class Match:
    entry: Entry
    score: float
    matched: list[str]
    """The glossary words the query was taken to mean."""


def lookup(query: str, entries: list[Entry], limit: int = 10) -> list[Match]:
    """Entries ranked by how well they hold the words asked."""
    keys = [[w.key for w in words(e.text)] for e in entries]
    documents = Counter(k for entry_keys in keys for k in set(entry_keys))
    vocabulary = list(documents)
    asked = [w.key for w in words(query)]
    meanings: list[dict[str, float]] = []
    for word in asked:
        meant = {k: 1.0 for k in vocabulary if k == word or stem(k) == stem(word)}
        if not meant:
            for key, score, _ in process.extract(
                word, vocabulary, scorer=fuzz.ratio, limit=3, score_cutoff=TYPO_CUTOFF
            ):
                meant[key] = score / 100
        meanings.append(meant)
    total = len(entries)
    ranked: list[Match] = []
    for entry, entry_keys in zip(entries, keys, strict=True):
        present = set(entry_keys)
        score = 0.0
        matched: list[str] = []
        for meant in meanings:
            best = max(((w, k) for k, w in meant.items() if k in present), default=None)
            if best is not None:
                weight, key = best
                score += weight * math.log(1 + total / documents[key])
                matched.append(key)
        if not matched:
            continue
        phrase = " ".join(matched)
        if len(matched) > 1 and phrase in " ".join(entry_keys):
            score *= 1.5
        ranked.append(Match(entry, score, matched))
    ranked.sort(key=lambda m: (-m.score, len(m.entry.text)))
    return ranked[:limit]
