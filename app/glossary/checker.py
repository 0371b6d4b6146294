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

import multiprocessing as mp
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, pairwise, repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Opcode

from app.glossary.differences import (
    HEADS,
    MIN_NEAR_WORDS,
    _anchored,
    _classify,
    _cost,
    _edges_hold,
    _has_move,
    _head_length,
    _pairs,
    _peaks,
    _quote,
    _settle,
    _trim_edges,
)  # fmt: skip
from app.glossary.entries import Entry
from app.glossary.findings import Change, Finding
from app.glossary.words import Word, mend, words

__all__ = ["HEADS", "MIN_NEAR_WORDS", "PARALLEL_FROM", "Change", "Checker", "Finding"]


class Checker:
    """A glossary indexed for checking texts against it."""

    def __init__(self, entries: list[Entry], entry_words: list[list[Word]] | None = None) -> None:
        """`entry_words`: the entries' words when known already (a kept index)."""
        self.entries = entries
        self.entry_words = entry_words or [words(e.text) for e in entries]
        self.longest = max((len(e.text) for e in entries), default=0)
        """The longest formulation's length in characters."""
        self.keys = [[w.key for w in found] for found in self.entry_words]
        self.vocabulary = {k for keys in self.keys for k in keys}
        self.splits: dict[str, int] = {}
        self.codes: dict[str, str] = {}
        self.index: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self.pairs: list[int] = []
        for number, keys in enumerate(self.keys):
            pairs = list(_pairs(keys))
            for position, pair in pairs:
                self.index[pair].append((number, position))
            self.pairs.append(max(1, len(pairs)))
        self.need = [min(n, max(2, round(0.4 * n))) for n in self.pairs]
        self.heads = [_head_length(keys) for keys in self.keys]
        # pair -> entries holding it (once each), and per entry: pair -> its positions
        self.entries_of: dict[tuple[str, str], tuple[int, ...]] = {
            pair: tuple(dict.fromkeys(n for n, _ in postings))
            for pair, postings in self.index.items()
        }
        self.positions: list[dict[tuple[str, str], list[int]]] = [{} for _ in self.keys]
        for pair, postings in self.index.items():
            for number, position in postings:
                self.positions[number].setdefault(pair, []).append(position)
        self.encoded = [self._encode(keys) for keys in self.keys]

    def _encode(self, keys: Iterable[str]) -> str:
        codes = self.codes
        return "".join(codes.setdefault(k, chr(0xF0000 + len(codes))) for k in keys)

    # -- checking ---------------------------------------------------------------------
    def check(self, paragraphs: Iterable[tuple[str, str]]) -> list[Finding]:
        """Findings for (label, text) paragraphs, in text order. A long text is shared
        between the machine's cores (forked workers inherit the index)."""
        paragraphs = list(paragraphs)
        size = sum(len(text) for _, text in paragraphs)
        cores = min(os.cpu_count() or 1, 4)
        if size < PARALLEL_FROM or cores < 2 or "fork" not in mp.get_all_start_methods():
            return self._check_all(paragraphs)
        chunks = _split_evenly(paragraphs, cores)
        global _WORKER_CHECKER  # handed to forked workers, never shared live
        _WORKER_CHECKER = self
        try:
            with ProcessPoolExecutor(cores, mp_context=mp.get_context("fork")) as pool:
                parts = list(pool.map(_check_chunk, chunks))
        finally:
            _WORKER_CHECKER = None
        findings = []
        for part in parts:  # entries travel as numbers: cheaper to send back
            for number, finding in part:
                finding.entry = self.entries[number]
                findings.append(finding)
        return findings

    def _check_all(self, paragraphs: list[tuple[str, str]]) -> list[Finding]:
        findings: list[Finding] = []
        for label, text in paragraphs:
            findings += self.check_paragraph(label, text)
        return findings

    def check_paragraph(self, label: str, text: str) -> list[Finding]:
        found = mend(words(text), self.vocabulary, self.splits)
        if len(found) < 2:
            return []
        pairs = list(pairwise(w.stem for w in found))
        # which entries share enough word pairs (counted in C), then where they stand
        totals = Counter(chain.from_iterable(map(self.entries_of.get, pairs, repeat(()))))
        need = self.need
        kept = {number for number, total in totals.items() if total >= need[number]}
        if not kept:
            return []
        by_entry: dict[int, Counter[int]] = defaultdict(Counter)
        index = self.index
        for i, pair in enumerate(pairs):
            for number, position in index.get(pair, ()):
                if number in kept:
                    by_entry[number][i - position] += 1
        codes = self._encode(w.key for w in found)
        candidates: list[Finding] = []
        for number, by_offset in by_entry.items():
            for offset in _peaks(by_offset, self.need[number]):
                finding = self._align(number, offset, found, codes, label, text)
                if finding is not None:
                    candidates.append(finding)
        return _settle(candidates)

    def _align(
        self, number: int, offset: int, found: list[Word], codes: str, label: str, text: str
    ) -> Finding | None:
        """The entry aligned with the paragraph around `offset`; where the entry opens with
        a head phrase, also the rest of it after any other head ("in line with" for "in
        accordance with"), whichever differs less."""
        finding = self._aligned(number, offset, found, codes, label, text)
        if finding is not None and finding.kind == "exact":
            return finding
        headed = self._headed(number, offset, found, codes, label, text)
        if headed is not None and (finding is None or headed.similarity >= finding.similarity):
            return headed
        return finding

    def _headed(
        self, number: int, offset: int, found: list[Word], codes: str, label: str, text: str
    ) -> Finding | None:
        """The entry with another head phrase before the rest of it, word for word."""
        head = self.heads[number]
        size = len(self.keys[number])
        if not head or size - head < 4:
            return None
        slack = max(3, size // 3)
        low, high = max(0, offset - slack), min(len(found), offset + size + slack)
        at = codes.find(self.encoded[number][head:], low, high)  # the rest, exactly (in C)
        if at < 0:
            return None
        rest = found[at : at + size - head]
        entry_head = " ".join(self.keys[number][:head])
        for length in range(5, 0, -1):
            before = found[max(0, at - length) : at]
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
        self, number: int, offset: int, found: list[Word], codes: str, label: str, text: str
    ) -> Finding | None:
        entry_keys = self.keys[number]
        size = len(entry_keys)
        start = max(0, offset)
        if (
            found[start : start + size]
            and [w.key for w in found[start : start + size]] == entry_keys
        ):
            passage = found[start : start + size]
            return Finding("exact", self.entries[number], label, _quote(text, passage),
                           passage[0].start, passage[-1].end,
                           [Change("equal", self.entries[number].text, _quote(text, passage))])  # fmt: skip
        if size < MIN_NEAR_WORDS:
            return None
        slack = max(3, size // 3)
        low, high = max(0, offset - slack), min(len(found), offset + size + slack)
        window = found[low:high]
        entry_codes, window_codes = self.encoded[number], codes[low:high]
        # cheap bound first (in C): too few words in common for any near-miss
        common = (size + len(window_codes) - Indel.distance(entry_codes, window_codes)) // 2
        if common < max(3, min(0.7 * size, max(5, size - 3))):  # the least _near takes
            return None
        # Indel (longest common subsequence) keeps the most words in place, so a phrase
        # moved elsewhere shows as an omission here and an insertion there
        opcodes = _anchored(
            entry_codes, window_codes, list(Indel.opcodes(entry_codes, window_codes))
        )
        # a phrase the passage's edge lacks may have moved, or have been replaced by the
        # words before it ("this Agreement will depend…of their commitments" for "their
        # commitments will depend…"): both readings are judged, the move first
        finding = self._judged(
            number, _trim_edges(opcodes, entry_keys, window), window, label, text
        )
        if finding is None and _has_move(opcodes, entry_keys, window):
            ops = _trim_edges(opcodes, entry_keys, window, moves=False)
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
_WORKER_CHECKER: Checker | None = None


def _check_chunk(paragraphs: list[tuple[str, str]]) -> list[tuple[int, Finding]]:
    checker = _WORKER_CHECKER
    assert checker is not None
    numbers = {id(entry): n for n, entry in enumerate(checker.entries)}
    found = []
    for finding in checker._check_all(paragraphs):
        number = numbers[id(finding.entry)]
        finding.entry = None  # type: ignore[assignment]
        found.append((number, finding))
    return found


def _split_evenly(paragraphs: list[tuple[str, str]], parts: int) -> list[list[tuple[str, str]]]:
    """Consecutive runs of paragraphs of about equal length (the order is kept)."""
    total = sum(len(t) for _, t in paragraphs)
    chunks: list[list[tuple[str, str]]] = [[]]
    filled = 0
    for paragraph in paragraphs:
        if filled >= total * len(chunks) / parts and len(chunks) < parts:
            chunks.append([])
        chunks[-1].append(paragraph)
        filled += len(paragraph[1])
    return [c for c in chunks if c]
