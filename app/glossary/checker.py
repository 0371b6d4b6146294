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
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import accumulate, chain, pairwise, repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Opcode

from app.core.english import FUNCTION_WORDS
from app.glossary.entries import Entry
from app.glossary.words import Word, mend, normal, stem, words

#: The phrases that open formulas in UN texts: one may stand for another at a formula's head.
HEADS = frozenset(
    head.strip()
    for head in """in accordance with|in full conformity with|in conformity with|consistent with
    in line with|pursuant to|taking into account|taking into consideration|bearing in mind
    with full respect for|with due respect for|with respect for|in full respect of
    in compliance with|in keeping with|without prejudice to|in the framework of
    within the framework of|on the basis of|based on|guided by|in the light of|in view of
    with a view to|in order to|so as to|with regard to|in particular|as well as|including
    recognizing|reaffirming|acknowledging""".replace("\n", "|").split("|")
)
_LETTERS = re.compile(r"[^\W\d_]+")
MIN_NEAR_WORDS = 4
"""Entries shorter than this are too short to call a variant a near-miss."""


@dataclass(slots=True)
class Change:
    """One difference between an entry and the passage, word by word."""

    op: str
    """equal, substitution, inflection, insertion, omission, moved, head."""
    entry: str
    """The entry's words here (empty for an insertion)."""
    found: str
    """The passage's words here, as printed (empty for an omission)."""
    start: int = 0
    end: int = 0
    """Where those words stand in the paragraph (an omission: the point they are missing at)."""


@dataclass(slots=True)
class Finding:
    """An agreed formulation used in a paragraph, exactly or almost."""

    kind: str
    """``exact`` or ``near-miss``."""
    entry: Entry
    paragraph: str
    found_text: str
    start: int
    end: int
    """Where the passage stands in the paragraph's text (character offsets)."""
    diff: list[Change] = field(default_factory=list)
    similarity: float = 1.0

    @property
    def changes(self) -> list[str]:
        """The kinds of difference, in order ("substitution", "moved"…)."""
        return [c.op for c in self.diff if c.op != "equal"]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "entry_id": self.entry.id,
            "entry_text": self.entry.text,
            "source": self.entry.source,
            "also_in": self.entry.also_in,
            "verified": self.entry.verified,
            "found_text": self.found_text,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "changes": self.changes,
            "similarity": round(self.similarity, 3),
            "diff": [{"op": c.op, "entry": c.entry, "found": c.found} for c in self.diff],
        }


class Checker:
    """A glossary indexed for checking texts against it."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.entry_words = [words(e.text) for e in entries]
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
        if common < max(3, 0.7 * size):
            return None
        # Indel (longest common subsequence) keeps the most words in place, so a phrase
        # moved elsewhere shows as an omission here and an insertion there
        opcodes = Indel.opcodes(entry_codes, window_codes)
        ops = _trim_edges(list(opcodes), entry_keys, window)
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
        cost = sum(_cost(c) for c in diff if c.op != "equal")
        if not cost:
            kind = "exact"
        elif same >= max(3, 0.7 * size) and cost <= max(2, round(0.25 * size)):
            kind = "near-miss"
        else:
            return None
        similarity = max(0.0, 1 - cost / size)
        return Finding(kind, self.entries[number], label, _quote(text, passage),
                       passage[0].start, passage[-1].end, diff, similarity)  # fmt: skip


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


def _head_length(keys: list[str]) -> int:
    """How many of an entry's first words are a head phrase ("in accordance with")."""
    return next((n for n in range(5, 0, -1) if " ".join(keys[:n]) in HEADS), 0)


def _edges_hold(diff: list[Change], size: int) -> bool:
    """Whether the differences at the formula's edges still make it the formula. A text
    that stops several words short of an entry, or starts or ends it with other words,
    quotes part of it or another phrase. At an edge, an inflection ("States"/"State") is
    a near-miss; so is one content word changed or dropped in a formula of six words or
    more, and a formula opened by another of the heads UN texts use ("in accordance
    with" for "in full conformity with")."""
    for position, change in ((0, diff[0]), (-1, diff[-1])) if diff else ():
        if change.op in ("equal", "inflection", "moved"):
            continue
        changed = max(len(change.entry.split()), len(change.found.split()))
        swapped = [normal(w) for w in (change.entry + " " + change.found).split()]
        if (changed <= 1 and size >= 6 and change.op in ("substitution", "omission")
                and not any(w in FUNCTION_WORDS for w in swapped)):  # fmt: skip
            continue
        if (
            position == 0
            and size >= 6
            and " ".join(_LETTERS.findall(change.found.casefold())) in HEADS
        ):
            continue
        return False
    return True


def _pairs(keys: list[str]) -> Iterable[tuple[int, tuple[str, str]]]:
    """Word pairs (as stems) by position, pairs of function words left out."""
    for position, pair in enumerate(pairwise(stem(k) for k in keys)):
        if not (pair[0] in FUNCTION_WORDS and pair[1] in FUNCTION_WORDS):
            yield position, pair


def _trim_edges(ops: list[Opcode], entry_keys: list[str], window: list[Word]) -> list[Opcode]:
    """Without the window's words before and after the passage, except those that stand
    in for the entry's own first or last words (a substitution at the edge) and a phrase
    the entry has elsewhere (a phrase moved to the passage's edge)."""
    equal = [i for i, op in enumerate(ops) if op.tag == "equal"]
    if not equal:
        return ops
    omitted = [entry_keys[op.src_start : op.src_end] for op in ops if op.tag == "delete"]
    inserted = [
        [w.key for w in window[op.dest_start : op.dest_end]] for op in ops if op.tag == "insert"
    ]
    moved = [p for p in omitted if any(_find(keys, p) is not None for keys in inserted)]
    head, body, tail = ops[: equal[0]], ops[equal[0] : equal[-1] + 1], ops[equal[-1] + 1 :]

    def edge(side: list[Opcode], leading: bool) -> list[Opcode]:
        # words the entry lacks here stand for words of the window, unless they moved
        deleted = sum(
            op.src_end - op.src_start
            for op in side
            if op.tag == "delete" and entry_keys[op.src_start : op.src_end] not in moved
        )
        at_edge = ops[equal[0]].dest_start if leading else ops[equal[-1]].dest_end
        kept = [
            Opcode("delete", op.src_start, op.src_end, at_edge, at_edge)
            for op in side if op.tag == "delete"
        ]  # fmt: skip
        for op in side:
            if op.tag != "insert":
                continue
            keys = [w.key for w in window[op.dest_start : op.dest_end]]
            keep = min(len(keys), deleted)
            for phrase in omitted:
                at = _find(keys, phrase)
                if at is not None:
                    keep = max(keep, len(keys) - at if leading else at + len(phrase))
            if keep:
                start, end = (
                    (op.dest_end - keep, op.dest_end)
                    if leading
                    else (op.dest_start, op.dest_start + keep)
                )
                kept.append(Opcode("insert", op.src_start, op.src_end, start, end))
        return kept

    return edge(head, True) + body + edge(tail, False)


def _find(keys: list[str], phrase: list[str]) -> int | None:
    for at in range(len(keys) - len(phrase) + 1):
        if keys[at : at + len(phrase)] == phrase:
            return at
    return None


def _peaks(by_offset: dict[int, int], need: int) -> list[int]:
    """Offsets where an entry gathers enough votes (neighbours within 3 words pooled)."""
    if len(by_offset) == 1:
        [(offset, count)] = by_offset.items()
        return [offset] if count >= need else []
    # pooled by a running sum over the sorted offsets, and the chosen kept sorted, so that
    # an entry voted for at thousands of places costs n log n, not n² (issue 14, item 21)
    offsets = sorted(by_offset)
    running = [0, *accumulate(by_offset[o] for o in offsets)]
    pooled = sorted(
        ((running[bisect_right(offsets, o + 3)] - running[bisect_left(offsets, o - 3)], o)
         for o in offsets),
        reverse=True,
    )  # fmt: skip
    chosen: list[int] = []  # in the order chosen
    near: list[int] = []  # the same, sorted
    for count, offset in pooled:
        if count < need:
            break
        at = bisect_left(near, offset - 6)
        if at < len(near) and near[at] <= offset + 6:
            continue  # within 6 words of an offset chosen already
        insort(near, offset)
        chosen.append(offset)
    return chosen


def _quote(text: str, passage: list[Word]) -> str:
    return text[passage[0].start : passage[-1].end] if passage else ""


def _cost(change: Change) -> float:
    if change.op in ("inflection", "moved"):
        return 1
    return max(len(change.entry.split()), len(change.found.split()), 1)


def _classify(
    entry_keys: list[str], entry_words: list[Word], entry_text: str, passage: list[Word],
    text: str, opcodes: list, shift: int,
) -> list[Change]:  # fmt: skip
    """The opcodes as word-by-word changes, named by the kind of difference."""

    def entry_span(a: int, b: int) -> str:
        return entry_text[entry_words[a].start : entry_words[b - 1].end] if b > a else ""

    def found_span(a: int, b: int) -> str:
        a, b = a - shift, b - shift
        return text[passage[a].start : passage[b - 1].end] if b > a else ""

    def found_at(a: int, b: int) -> tuple[int, int]:
        a, b = a - shift, b - shift
        if b > a:
            return passage[a].start, passage[b - 1].end
        point = (
            passage[a - 1].end if 0 < a <= len(passage) else (passage[0].start if passage else 0)
        )
        return point, point

    changes: list[Change] = []
    for tag, (src_start, src_end), (dest_start, dest_end) in _grouped(opcodes):
        e, f = entry_span(src_start, src_end), found_span(dest_start, dest_end)
        at = found_at(dest_start, dest_end)
        if tag == "equal":
            op = "equal"
        elif dest_start == dest_end:
            op = "omission"
        elif src_start == src_end:
            op = "insertion"
        elif (src_end - src_start == 1 == dest_end - dest_start
              and stem(entry_keys[src_start]) == passage[dest_start - shift].stem):  # fmt: skip
            op = "inflection"
        elif src_start <= 2 and max(src_end - src_start, dest_end - dest_start) >= 2:
            op = "head"
        else:
            op = "substitution"
        changes.append(
            Change(op, e if op != "insertion" else "", f if op != "omission" else "", *at)
        )
    return _moves(changes)


def _grouped(opcodes: list) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Opcodes with runs of differences merged: "full conformity" -> "accordance" is one
    change, not a substitution and an omission."""
    groups: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for op in opcodes:
        span = ((op.src_start, op.src_end), (op.dest_start, op.dest_end))
        if op.tag != "equal" and groups and groups[-1][0] == "change":
            _, (s0, s1), (d0, d1) = groups[-1]
            groups[-1] = (
                "change",
                (min(s0, op.src_start), max(s1, op.src_end)),
                (min(d0, op.dest_start), max(d1, op.dest_end)),
            )
        else:
            groups.append(("equal" if op.tag == "equal" else "change", *span))
    return groups


def _moves(changes: list[Change]) -> list[Change]:
    """An omission and an insertion of the same words are one phrase moved."""

    def key(s: str) -> list[str]:
        return [w.key for w in words(s)]

    result = list(changes)
    for i, change in enumerate(result):
        if change.op != "omission":
            continue
        for j, other in enumerate(result):
            if other.op == "insertion" and key(other.found) == key(change.entry):
                result[i] = Change("moved", change.entry, other.found, other.start, other.end)
                result[j] = Change("equal", "", "")
                break
    return [c for c in result if c.op != "equal" or c.entry or c.found]


def _settle(candidates: list[Finding]) -> list[Finding]:
    """Exact uses all stand; a near-miss stands unless its difference lies within an exact
    use of another entry (the passage is agreed wording after all), or a closer near-miss
    covers most of the same words."""
    exact = [f for f in candidates if f.kind == "exact"]
    near = sorted((f for f in candidates if f.kind != "exact"), key=lambda f: -f.similarity)
    kept: list[Finding] = []
    seen_exact: set[tuple[str, int]] = set()
    for finding in exact:
        if (finding.entry.id, finding.start) not in seen_exact:
            seen_exact.add((finding.entry.id, finding.start))
            kept.append(finding)
    for finding in near:
        span = max(1, finding.end - finding.start)
        changed = [c for c in finding.diff if c.op != "equal"]
        if any(  # the difference is another entry used exactly, or a closer near-miss
            (
                other.kind == "exact"
                and all(other.start <= c.start and c.end <= other.end for c in changed)
            )
            or (other.kind != "exact" and _overlap(finding, other) > 0.6 * span)
            for other in kept
        ):
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.kind != "exact"))


def _overlap(a: Finding, b: Finding) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))
