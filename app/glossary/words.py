"""Words as the checker compares them, tolerant of what real documents contain.

Case, curly and straight quotes, line breaks, inline footnote marks (``Rights²``,
``[^4]``), hyphens lost or added ("cross-border", "cross border") and punctuation do not
count; words split by PDF extraction ("othe r") or run together ("crossborder") are
mended against the glossary's own vocabulary. Every word keeps its place in the original
text, so a finding can quote exactly what the paragraph says.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPLIT = re.compile(f"({_WORD.pattern})")
_SPLIT_LOWER_ASCII = re.compile(r"([a-z0-9]+(?:'[a-z0-9]+)*)")
"""`_SPLIT` for a lowercased ASCII text, where its classes hold these letters only: the
same pieces, a third faster (no Unicode class to look up for each character)."""
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
    pieces' lengths. An ASCII text (most paragraphs) is lowercased whole: for it, that
    is all `normal` does, and its footnote marks can only be ``[^…]``."""
    if "[^" in text or not text.isascii():
        text = _MARKS.sub(lambda m: " " * len(m.group()), text)
    if text.isascii():
        pieces = _SPLIT_LOWER_ASCII.split(text.lower())  # gap, word, gap, word, ..., gap
        keys = pieces[1::2]
        if "'" in text:
            keys = [key.replace("'", "") for key in keys]
    else:
        pieces = _SPLIT.split(text)
        keys = list(map(normal, pieces[1::2]))
    bounds = list(accumulate(map(len, pieces)))
    return keys, bounds[0:-1:2], bounds[1::2]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while many small objects that hold no cycles are
    made (passages, entries, a checker's index, a long text's words and findings): it
    ran again and again over them for nothing, a third of building the checker for the
    statement against 50 resolutions (0.15 s of 0.45 s; `make bench-sources`), a sixth
    of checking a megabyte (`make bench`). Restored as it was afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Mender:
    """Joins words split by extraction ("othe r" -> "other") and splits words run
    together ("crossborder" -> "cross border") where a glossary's vocabulary says so,
    remembering what it learnt of each unknown word. Only a word that could be mended
    is looked at: one that begins a known word (it may join the next) or splits into
    two; a megabyte of text holds 150,000 words, of which a few hundred are."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._sorted = sorted(self.vocabulary)
        self._settled = set(self.vocabulary)
        """The words known to need no mending: the vocabulary's, and unknown words that
        neither begin a known word nor split into two (a set difference away, in C)."""
        self._splits: dict[str, int] = {}
        """An unknown word -> where it splits into two known words (0: it does not)."""

    def __call__(self, found: Spans) -> Spans:
        keys, starts, ends = found
        if self._settled.issuperset(keys):  # most paragraphs, once their words are known
            return found
        mendable = set(keys).difference(self._settled)
        for key in [key for key in mendable if not (self._joinable(key) or self._cut(key))]:
            mendable.discard(key)
            self._settled.add(key)
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
        """Whether a known word begins with this unknown one."""
        at = bisect_left(self._sorted, key)
        return at < len(self._sorted) and self._sorted[at].startswith(key)

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
