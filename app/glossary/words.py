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


def mend(found: list[Word], vocabulary: Collection[str]) -> list[Word]:
    """Join words split by extraction ("othe r" -> "other") and split words run together
    ("crossborder" -> "cross border") where the glossary's vocabulary says so."""
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
            split = _split(word, vocabulary)
            if split:
                mended += split
                i += 1
                continue
        mended.append(word)
        i += 1
    return mended


def _split(word: Word, vocabulary: Collection[str]) -> list[Word] | None:
    for cut in range(2, len(word.key) - 1):
        head, tail = word.key[:cut], word.key[cut:]
        if head in vocabulary and tail in vocabulary and len(head) > 2 and len(tail) > 2:
            middle = word.start + cut
            return [Word(head, word.start, middle), Word(tail, middle, word.end)]
    return None
