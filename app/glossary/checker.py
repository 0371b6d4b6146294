"""The checker: which agreed formulations a text uses exactly, which almost, and how.

Two stages, so the cost grows with the text, not with text x glossary:

1. **Candidates** from an index of the glossary's word pairs (stems, pairs of function
   words left out): each pair a paragraph shares with an entry votes for an alignment of
   the entry at one place of the paragraph; entries with enough votes around one place are
   candidates.
2. **Alignment** of each candidate's words against the paragraph around that place
   (rapidfuzz's Levenshtein opcodes over word codes, in C): the differences are classified
   word by word: a word substituted ("shall"/"should"), words inserted or omitted, an
   inflection ("impacts"/"impact"), a phrase moved ("as appropriate"), a different head
   phrase ("in accordance with" for "in full conformity with").

Where entries overlap, an exact use wins over a near-miss of the same words, and the
closest near-miss wins over the others: several entries may give one concept in different
agreed wordings, and the checker reports the one the text is closest to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import repeat
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Opcode

from app.glossary import sharing
from app.glossary.differences import (
    HEADS,
    MIN_NEAR_WORDS,
    _anchored,
    _classify,
    _cost,
    _edges_hold,
    _head_length,
    _moved,
    _omitted,
    _quote,
    _settle,
    _trim_edges,
)  # fmt: skip
from app.glossary.entries import Entry
from app.glossary.findings import Change, Finding
from app.glossary.judged import Judged
from app.glossary.pairs import Candidates, Found, PairIndex, split
from app.glossary.words import Mender, Word, gc_paused, spans, words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["HEADS", "MIN_NEAR_WORDS", "PARALLEL_FROM", "Change", "Checker", "Finding"]


class _Text:
    """A paragraph's words as the checker reads them: keys and places, and each key as
    one character (`codes`) so that exact uses and bounds are string operations in C;
    `Word` objects only for the words an alignment looks at."""

    __slots__ = ("codes", "ends", "keys", "label", "starts", "text")

    def __init__(
        self, label: str, text: str, keys: list[str], starts: list[int], ends: list[int],
        codes: str,
    ) -> None:  # fmt: skip
        self.label, self.text, self.codes = label, text, codes
        self.keys, self.starts, self.ends = keys, starts, ends

    def words(self, low: int, high: int) -> list[Word]:
        """The words from `low` to `high` (a paragraph holds hundreds, a window 20)."""
        return list(map(Word, self.keys[low:high], self.starts[low:high], self.ends[low:high]))


class Checker:
    """A glossary indexed for checking texts against it."""

    def __init__(self, entries: list[Entry], entry_words: list[list[Word]] | None = None) -> None:
        """`entry_words`: the entries' words when known already (a kept index)."""
        self.entries = entries
        self.entry_words = entry_words or [words(e.text) for e in entries]
        self.longest = max((len(e.text) for e in entries), default=0)
        """The longest formulation's length in characters."""
        self.keys = [[w.key for w in found] for found in self.entry_words]
        self.mend = Mender(k for keys in self.keys for k in keys)
        self.codes: dict[str, str] = {}
        """Each word of the entries as one character (other words are all `_OTHER`)."""
        self.pairs = PairIndex(self.keys)
        self.heads = [_head_length(keys) for keys in self.keys]
        self.may_head = [
            bool(h) and len(k) - h >= 4 for h, k in zip(self.heads, self.keys, strict=True)
        ]
        """Whether an entry may be found with another head phrase (:meth:`_headed`): it
        opens with one, and four words or more follow it."""
        self.encoded = [self._encode(keys) for keys in self.keys]
        self._sizes: npt.NDArray[np.int64] | None = None  # for _may_differ, made at its first use
        self._least: npt.NDArray[np.float64]
        self._headed_may: npt.NDArray[np.bool_]

    def _encode(self, keys: Iterable[str]) -> str:
        codes = self.codes
        return "".join(codes.setdefault(k, chr(0xF0000 + len(codes))) for k in keys)

    def _text(self, label: str, text: str) -> _Text:
        found = self.mend(spans(text))
        return _Text(label, text, *found, "".join(map(self.codes.get, found[0], repeat(_OTHER))))

    # -- checking ---------------------------------------------------------------------
    def check(self, paragraphs: Iterable[tuple[str, str]]) -> list[Finding]:
        """Findings for (label, text) paragraphs, in text order."""
        return [finding for found in self.check_each(paragraphs) for finding in found]

    def check_each(self, paragraphs: Iterable[tuple[str, str]]) -> list[list[Finding]]:
        """Each paragraph's findings. A long text is shared between the machine's cores
        (`sharing`)."""
        paragraphs = list(paragraphs)
        size = sum(len(text) for _, text in paragraphs)
        batch = size >= BATCH_FROM
        cores = min(os.cpu_count() or 1, 4)
        parts = sharing.shares(paragraphs, cores) if size >= PARALLEL_FROM else []
        with gc_paused():  # words and findings by the thousand, no cycles among them
            if len(parts) < 2 or not sharing.can_share():
                return self._check_all(paragraphs, batch)
            return sharing.check_shared(self, paragraphs, parts, batch)

    def _check_all(self, paragraphs: list[tuple[str, str]], batch: bool) -> list[list[Finding]]:
        """Each paragraph's findings; with `batch`, their candidates counted together,
        and those that cannot differ from their entry little enough left unaligned."""
        judged = Judged()
        if not batch:
            return [self.check_paragraph(label, text, judged) for label, text in paragraphs]
        texts = [self._text(label, text) for label, text in paragraphs]
        found = self.pairs.votes([self.pairs.ids(t.keys) for t in texts])
        found = found.only(self._may_differ(texts, found))
        return [
            self._findings(t, zip(entries, offsets, strict=True), judged)
            for t, (entries, offsets) in zip(texts, split(*found), strict=True)
        ]

    def _may_differ(self, texts: list[_Text], found: Found) -> npt.NDArray[np.bool_]:
        """Which candidates `_align` could find anything for: the cheap bound of
        `_aligned` for all of them in one call (rapidfuzz's `cpdist`, in C), where a
        paragraph's words were looked at one candidate at a time in Python (a megabyte:
        24,000 candidates, half of them too far from their entry)."""
        import numpy as np
        from rapidfuzz.process import cpdist

        if self._sizes is None:
            self._sizes = np.array([len(keys) for keys in self.keys], dtype=np.int64)
            self._least = np.array([_least_common(len(keys)) for keys in self.keys])
            self._headed_may = np.array(self.may_head, dtype=bool)
        para, entry, offset = found.para, found.entry, found.offset
        size = self._sizes[entry]
        slack = np.maximum(3, size // 3)
        low = np.maximum(0, offset - slack)
        lengths = np.array([len(t.codes) for t in texts], dtype=np.int64)
        high = np.minimum(lengths[para], offset + size + slack)
        codes = [t.codes for t in texts]
        windows = [
            codes[p][a:b]
            for p, a, b in zip(para.tolist(), low.tolist(), high.tolist(), strict=True)
        ]
        encoded = [self.encoded[n] for n in entry.tolist()]
        common = (
            size + np.maximum(0, high - low) - cpdist(encoded, windows, scorer=Indel.distance)
        ) // 2
        return (
            (offset < 0)  # an exact use may lie outside the window
            | (size < MIN_NEAR_WORDS)
            | (common >= self._least[entry])
            | self._headed_may[entry]
        )

    def check_paragraph(self, label: str, text: str, judged: Judged | None = None) -> list[Finding]:
        """`judged`: the verdicts on passages of other paragraphs of the same text."""
        found = self._text(label, text)
        candidates = self.pairs.candidates(self.pairs.ids(found.keys))
        return self._findings(found, candidates, judged or Judged())

    def _findings(self, text: _Text, candidates: Candidates, judged: Judged) -> list[Finding]:
        """Each candidate aligned with the paragraph; of overlapping ones, those that stand."""
        aligned = (self._align(number, offset, text, judged) for number, offset in candidates)
        return _settle([finding for finding in aligned if finding is not None])

    def _align(self, number: int, offset: int, text: _Text, judged: Judged) -> Finding | None:
        """The entry aligned with the paragraph around `offset`; where the entry opens with
        a head phrase, also the rest of it after any other head ("in line with" for "in
        accordance with"), whichever differs less."""
        finding = self._aligned(number, offset, text, judged)
        if finding is not None and finding.kind == "exact":
            return finding
        headed = self._headed(number, offset, text)
        if headed is not None and (finding is None or headed.similarity >= finding.similarity):
            return headed
        return finding

    def _headed(self, number: int, offset: int, paragraph: _Text) -> Finding | None:
        """The entry with another head phrase before the rest of it, word for word."""
        if not self.may_head[number]:
            return None
        head = self.heads[number]
        size = len(self.keys[number])
        slack = max(3, size // 3)
        codes, label, text = paragraph.codes, paragraph.label, paragraph.text
        low, high = max(0, offset - slack), min(len(codes), offset + size + slack)
        at = codes.find(self.encoded[number][head:], low, high)  # the rest, exactly (in C)
        if at < 0:
            return None
        rest = paragraph.words(at, at + size - head)
        ahead = paragraph.words(max(0, at - 5), at)  # a head phrase has 5 words at most
        entry_head = " ".join(self.keys[number][:head])
        for length in range(5, 0, -1):
            before = ahead[max(0, len(ahead) - length) :]
            phrase = " ".join(w.key for w in before)
            if len(before) != length or phrase not in HEADS or phrase == entry_head:
                continue
            words_ = self.entry_words[number]
            entry_text = self.entries[number].text
            change = Change(
                "head", entry_text[words_[0].start : words_[head - 1].end],
                _quote(text, before), before[0].start, before[-1].end,
            )  # fmt: skip
            same = Change(
                "equal", entry_text[words_[head].start :], _quote(text, rest),
                rest[0].start, rest[-1].end,
            )  # fmt: skip
            whole = [*before, *rest]
            # the nearer head wins a tie ("in full conformity with" is nearer "in
            # accordance with" than "on the basis of")
            nearness = fuzz.ratio(entry_head, phrase) / 1000
            return Finding(
                "near-miss", self.entries[number], label, _quote(text, whole),
                whole[0].start, whole[-1].end, [change, same], 1 - 1 / size + nearness,
            )  # fmt: skip
        return None

    def _aligned(
        self, number: int, offset: int, paragraph: _Text, judged: Judged
    ) -> Finding | None:
        entry_keys = self.keys[number]
        size = len(entry_keys)
        start = max(0, offset)
        codes, label, text = paragraph.codes, paragraph.label, paragraph.text
        if size and codes[start : start + size] == self.encoded[number]:  # exact (in C)
            begin, end = paragraph.starts[start], paragraph.ends[start + size - 1]
            return Finding("exact", self.entries[number], label, text[begin:end], begin, end,
                           [Change("equal", self.entries[number].text, text[begin:end])])  # fmt: skip
        if size < MIN_NEAR_WORDS:
            return None
        slack = max(3, size // 3)
        low, high = max(0, offset - slack), min(len(codes), offset + size + slack)
        entry_codes, window_codes = self.encoded[number], codes[low:high]
        # cheap bound first (in C): too few words in common for any near-miss
        common = (size + len(window_codes) - Indel.distance(entry_codes, window_codes)) // 2
        if common < _least_common(size):
            return None
        base = paragraph.starts[low]
        passage = judged.passage(
            number, text, paragraph.keys[low:high], paragraph.starts[low:high],
            paragraph.ends[low:high],
        )  # fmt: skip
        if passage in judged:  # the same words around the same formula, seen before
            return judged.get(passage, label, base)
        finding = self._judge(number, paragraph, low, high)
        judged.keep(passage, finding, base)
        return finding

    def _judge(self, number: int, paragraph: _Text, low: int, high: int) -> Finding | None:
        """Entry `number` aligned with the paragraph's words from `low` to `high`, judged."""
        entry_keys = self.keys[number]
        codes, label, text = paragraph.codes, paragraph.label, paragraph.text
        entry_codes, window_codes = self.encoded[number], codes[low:high]
        window = paragraph.words(low, high)
        # Indel (longest common subsequence) keeps the most words in place, so a phrase
        # moved elsewhere shows as an omission here and an insertion there
        opcodes = _anchored(
            entry_codes, window_codes, list(Indel.opcodes(entry_codes, window_codes))
        )
        # a phrase the passage's edge lacks may have moved, or have been replaced by the
        # words before it ("this Agreement will depend…of their commitments" for "their
        # commitments will depend…"): both readings are judged, the move first
        omitted = _omitted(opcodes, entry_keys)
        moved = _moved(opcodes, window, omitted) if omitted else []
        ops = _trim_edges(opcodes, entry_keys, window, omitted, moved)
        finding = self._judged(number, ops, window, label, text)
        if finding is None and moved:
            ops = _trim_edges(opcodes, entry_keys, window, [], [])
            finding = self._judged(number, ops, window, label, text)
        return finding

    def _judged(
        self, number: int, ops: list[Opcode], window: list[Word], label: str, text: str
    ) -> Finding | None:
        """The passage the alignment `ops` gives, if it is the entry or a variant of it."""
        entry_keys = self.keys[number]
        size = len(entry_keys)
        equal = [op for op in ops if op.tag == "equal"]
        if not equal:
            return None
        first = min(op.dest_start for op in ops if op.tag != "delete")
        last = max(op.dest_end for op in ops if op.tag != "delete")
        passage = window[first:last]
        diff = _classify(
            entry_keys,
            self.entry_words[number],
            self.entries[number].text,
            passage,
            text,
            ops,
            first,
        )
        if not _edges_hold(diff, size):
            return None
        same = sum(op.src_end - op.src_start for op in ops if op.tag == "equal") + sum(
            len(words(c.entry)) for c in diff if c.op == "moved"
        )
        changed = [c for c in diff if c.op != "equal"]
        cost = sum(_cost(c) for c in changed)
        if not cost:
            kind = "exact"
        elif _near(size, same, cost, changed, diff[0].op == diff[-1].op == "equal"):
            kind = "near-miss"
        else:
            return None
        similarity = max(0.0, 1 - cost / size)
        return Finding(kind, self.entries[number], label, _quote(text, passage),
                       passage[0].start, passage[-1].end, diff, similarity)  # fmt: skip


def _least_common(size: int) -> float:
    """The fewest words a passage must share with a formulation of `size` words, in
    order, to be a near-miss: the least `_near` takes."""
    return max(3, min(0.7 * size, max(5, size - 3)))


def _near(size: int, same: int, cost: float, changed: list[Change], interior: bool) -> bool:
    """Whether a passage differing from a formulation of `size` words is still a variant
    of it: most of its words in place and few changed; one change of up to three words
    ("the abuse, diversion and misuse of" for "the abuse of") when the rest stands; or two
    or three small changes inside it (its first and last words in place) that leave four
    words in five of it in place, in order (words
    added cost the formulation none of its own: "submit and update periodically an
    adaptation communication, which may include its priorities, implementation and support
    needs" for "submit an adaptation communication, which may include its priorities,
    support needs")."""
    if same >= max(3, 0.7 * size) and cost <= max(2, round(0.25 * size)):
        return True
    if len(changed) == 1 and cost <= 3 and same >= max(5, size - 3):
        return True
    biggest = max((_cost(c) for c in changed), default=0)
    return len(changed) <= 3 and biggest <= 3 and same >= max(8, 0.8 * size) and interior


#: Texts longer than this (in characters) are checked on several cores.
PARALLEL_FROM = 100_000
#: Texts longer than this have their candidates counted together (numpy: `PairIndex.batch`).
BATCH_FROM = 50_000
_OTHER = "\0"
"""The code of every word no entry holds (it matches none of theirs)."""
