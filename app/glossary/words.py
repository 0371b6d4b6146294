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
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPLIT = re.compile(f"({_WORD.pattern})")
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
    return list(map(Word, *spans(text)))


Spans = tuple[list[str], list[int], list[int]]
"""A text's words as three lists: their keys, where each starts, where each ends."""


def spans(text: str) -> Spans:
    """The words of a text as keys and places, without a `Word` for each: a megabyte
    holds 150,000 words, and the checker needs the objects only where it aligns. The
    text is split once around its words (in C); the places are the running sum of the
    pieces' lengths."""
    clean = _MARKS.sub(lambda m: " " * len(m.group()), text)
    pieces = _SPLIT.split(clean)  # gap, word, gap, word, ..., gap
    bounds = list(accumulate(map(len, pieces)))
    return list(map(normal, pieces[1::2])), bounds[0:-1:2], bounds[1::2]


class Mender:
    """Joins words split by extraction ("othe r" -> "other") and splits words run
    together ("crossborder" -> "cross border") where a glossary's vocabulary says so,
    remembering what it learnt of each unknown word. Only a word that could be mended
    is looked at: one that begins a known word (it may join the next) or splits into
    two; a megabyte of text holds 150,000 words, of which a few hundred are."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._sorted = sorted(self.vocabulary)
        self._splits: dict[str, int] = {}
        """An unknown word -> where it splits into two known words (0: it does not)."""
        self._joins: dict[str, bool] = {}
        """An unknown word -> whether a known word begins with it."""

    def __call__(self, found: Spans) -> Spans:
        keys, starts, ends = found
        unknown = set(keys) - self.vocabulary
        mendable = {key for key in unknown if self._joinable(key) or self._cut(key)}
        if not mendable:
            return found
        vocabulary = self.vocabulary
        mended: Spans = ([], [], [])
        key_out, start_out, end_out = mended
        done = 0  # the words before this are in `mended`
        for i in [i for i, key in enumerate(keys) if key in mendable]:
            if i < done:
                continue  # joined to the word before
            key_out += keys[done:i]
            start_out += starts[done:i]
            end_out += ends[done:i]
            key = keys[i]
            if i + 1 < len(keys):
                after = keys[i + 1]
                if key + after in vocabulary and (
                    after not in vocabulary or len(after) <= 2 or len(key) <= 2
                ):
                    key_out.append(key + after)
                    start_out.append(starts[i])
                    end_out.append(ends[i + 1])
                    done = i + 2
                    continue
            cut, done = self._cut(key), i + 1
            if cut:
                middle = starts[i] + cut
                key_out += (key[:cut], key[cut:])
                start_out += (starts[i], middle)
                end_out += (middle, ends[i])
            else:
                key_out.append(key)
                start_out.append(starts[i])
                end_out.append(ends[i])
        key_out += keys[done:]
        start_out += starts[done:]
        end_out += ends[done:]
        return mended

    def _joinable(self, key: str) -> bool:
        joins = self._joins.get(key)
        if joins is None:
            at = bisect_left(self._sorted, key)
            joins = self._joins[key] = at < len(self._sorted) and (self._sorted[at].startswith(key))
        return joins

    def _cut(self, key: str) -> int:
        """Where a word run together splits into two known words (0: nowhere)."""
        cut = self._splits.get(key)
        if cut is None:
            cut = self._splits[key] = next(
                (
                    cut
                    for cut in range(3, len(key) - 2)
                    if key[:cut] in self.vocabulary and key[cut:] in self.vocabulary
                ),
                0,
            )
        return cut
