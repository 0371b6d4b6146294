"""Words as the checker compares them, tolerant of what real documents contain.

Case, curly and straight quotes, line breaks, inline footnote marks (``Rights²``,
``[^4]``), hyphens lost or added ("cross-border", "cross border") and punctuation do not
count; words split by PDF extraction ("othe r") or run together ("crossborder") are
mended against the glossary's own vocabulary. Every word keeps its place in the original
text, so a finding can quote exactly what the paragraph says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MARKS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^[^\]]*\]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ed", "ly")


@dataclass(slots=True)
class Word:
    """A word of a text: how it compares, and where it stands."""

    key: str
    """Casefolded, accents and quotes normalised."""
    start: int
    end: int

    @property
    def stem(self) -> str:
        return stem(self.key)


@lru_cache(maxsize=65536)
def normal(word: str) -> str:
    decomposed = unicodedata.normalize("NFKC", word).translate(_QUOTES).casefold()
    return decomposed.replace("'", "")


@lru_cache(maxsize=65536)
def stem(key: str) -> str:
    """A crude stem, enough to see "impacts" and "impact", "States" and "State", as one
    word inflected."""
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith(("sses", "xes", "zes", "ches", "shes")):
        key = key[:-2]
    elif key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        key = key[:-1]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            key = key[: -len(suffix)]
            break
    # "minimize"/"minimizing", "promote"/"promoted": the e that -ing and -ed drop
    return key[:-1] if key.endswith("e") and len(key) > 4 else key


def words(text: str) -> list[Word]:
    """The words of a text, footnote marks removed (offsets still point into `text`)."""
    clean = _MARKS.sub(lambda m: " " * len(m.group()), text)
    return [Word(normal(m.group()), m.start(), m.end()) for m in _WORD.finditer(clean)]


def mend(
    found: list[Word], vocabulary: Collection[str], splits: dict[str, int] | None = None
) -> list[Word]:
    """Join words split by extraction ("othe r" -> "other") and split words run together
    ("crossborder" -> "cross border") where the glossary's vocabulary says so. `splits`
    remembers, across calls, where an unknown word splits (0: it does not)."""
    splits = {} if splits is None else splits
    mended: list[Word] = []
    i = 0
    while i < len(found):
        word = found[i]
        if word.key not in vocabulary:
            joined = None
            if i + 1 < len(found):
                nxt = found[i + 1]
                if word.key + nxt.key in vocabulary and (
                    nxt.key not in vocabulary or len(nxt.key) <= 2 or len(word.key) <= 2
                ):
                    joined = Word(word.key + nxt.key, word.start, nxt.end)
            if joined is not None:
                mended.append(joined)
                i += 2
                continue
            cut = splits.get(word.key)
            if cut is None:
                cut = splits[word.key] = _cut(word.key, vocabulary)
            split = _split(word, cut) if cut else None
            if split:
                mended += split
                i += 1
                continue
        mended.append(word)
        i += 1
    return mended


def _cut(key: str, vocabulary: Collection[str]) -> int:
    """Where a word run together splits into two known words (0: nowhere)."""
    for cut in range(3, len(key) - 2):
        if key[:cut] in vocabulary and key[cut:] in vocabulary:
            return cut
    return 0


def _split(word: Word, cut: int) -> list[Word]:
    middle = word.start + cut
    return [Word(word.key[:cut], word.start, middle), Word(word.key[cut:], middle, word.end)]
