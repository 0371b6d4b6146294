"""How a passage differs from a formulation: the edges that may differ, the alignment's
operations grouped and classified into changes (substituted, inserted, omitted, an
inflection, a phrase moved, another head), and which of overlapping candidates stands."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from itertools import accumulate, pairwise

from rapidfuzz.distance import Indel, Opcode

from app.core.english import FUNCTION_WORDS
from app.glossary.findings import Change, Finding
from app.glossary.words import Word, normal, stem, words

HEADS = frozenset(
    head.strip()
    for head in """in accordance with|in full conformity with|in conformity with|consistent with
    in line with|pursuant to|taking into account|taking into consideration|bearing in mind
    with full respect for|with due respect for|with respect for|in full respect of
    in compliance with|in keeping with|without prejudice to|in the framework of
    within the framework of|on the basis of|based on|guided by|in the light of|in view of
    with a view to|in order to|so as to|with regard to|in particular|as well as|including
    recognizing|reaffirming|acknowledging|under|as required by|according to|in adherence to
    as provided for in|as set out in|as reflected in|in the context of|in furtherance of
    in harmony with|in support of|respecting|emphasizing|stressing|noting|recalling|welcoming
    underlining|mindful of|aware of|convinced of|considering|expressing concern
    deeply concerned|gravely concerned|concerned""".replace("\n", "|").split("|")
)
"""The phrases that open formulas in UN texts (the preambular ones too: "Bearing in mind"
for "Emphasizing"): one may stand for another at a formula's head."""
_LETTERS = re.compile(r"[^\W\d_]+")
MIN_NEAR_WORDS = 4
"""Entries shorter than this are too short to call a variant a near-miss."""


def _head_length(keys: list[str]) -> int:
    """How many of an entry's first words are a head phrase ("in accordance with")."""
    return next((n for n in range(5, 0, -1) if " ".join(keys[:n]) in HEADS), 0)


def _edges_hold(diff: list[Change], size: int) -> bool:
    """Whether the differences at the formula's edges still make it the formula. A text
    that stops several words short of an entry, or starts or ends it with other words,
    quotes part of it or another phrase. At an edge, an inflection ("States"/"State") is
    a near-miss; so is one content word changed or dropped in a formula of six words or
    more, a formula opened by another of the heads UN texts use ("in accordance with" for
    "in full conformity with"), and any one word changed or dropped at the edge of a
    formula of ten words or more that holds word for word otherwise."""
    for position, change in ((0, diff[0]), (-1, diff[-1])) if diff else ():
        if change.op in ("equal", "inflection", "moved"):
            continue
        changed = max(len(change.entry.split()), len(change.found.split()))
        swapped = [normal(w) for w in (change.entry + " " + change.found).split()]
        if (changed <= 1 and size >= 6 and change.op in ("substitution", "omission")
                and not any(w in FUNCTION_WORDS for w in swapped)):  # fmt: skip
            continue
        if changed <= 2 and size >= 10 and sum(c.op != "equal" for c in diff) == 1:
            continue  # one word, even "for" or "has", at the edge of a long formula that
            # holds word for word otherwise ("on enhancing action on adaptation…"); two in
            # one of ten words or more ("should take action to conserve and enhance…" for
            # "are encouraged to conserve and enhance…")
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


def _omitted(ops: list[Opcode], entry_keys: list[str]) -> list[list[str]]:
    """The entry's phrases the alignment leaves out (a lone "and" or "of" is no phrase to
    look for elsewhere)."""
    return [
        entry_keys[op.src_start : op.src_end]
        for op in ops
        if op.tag == "delete"
        and not all(k in FUNCTION_WORDS for k in entry_keys[op.src_start : op.src_end])
    ]


def _moved(ops: list[Opcode], window: list[Word], omitted: list[list[str]]) -> list[list[str]]:
    """The `omitted` phrases the window has among the words the alignment inserts."""
    inserted = [
        [w.key for w in window[op.dest_start : op.dest_end]] for op in ops if op.tag == "insert"
    ]
    return [p for p in omitted if any(_find(keys, p) is not None for keys in inserted)]


def _trim_edges(
    ops: list[Opcode], entry_keys: list[str], window: list[Word],
    omitted: list[list[str]], moved: list[list[str]],
) -> list[Opcode]:  # fmt: skip
    """Without the window's words before and after the passage, except those that stand
    in for the entry's own first or last words (a substitution at the edge) and a phrase
    the entry has elsewhere (`omitted` phrases, the `moved` among them: a phrase moved to
    the passage's edge; none given, none is read as moved)."""
    equal = [i for i, op in enumerate(ops) if op.tag == "equal"]
    if not equal:
        return ops
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


def _anchored(entry: str, window: str, ops: list[Opcode]) -> list[Opcode]:
    """The alignment with the entry's words before its first and after its last solid
    anchor aligned again, outward from the anchors. The longest common subsequence of the
    whole window ties a "the" or a "measures" of the words before the passage to the
    entry's first words, and then reads the passage's real opening as inserted ("of the
    world, and highlights the need" for "highlight the need"). An anchor is solid unless
    it is one or two words at an edge cut from the rest by more of the window than of the
    entry."""
    equal = [i for i, op in enumerate(ops) if op.tag == "equal"]
    if not equal:
        return ops

    def stray(edge: int, inner: int) -> bool:
        a, b = ops[edge], ops[inner]
        if a.src_end - a.src_start > 2:
            return False
        if edge < inner:
            return b.dest_start - a.dest_end > b.src_start - a.src_end
        return a.dest_start - b.dest_end > a.src_start - b.src_end

    while len(equal) > 1 and stray(equal[0], equal[1]):
        equal.pop(0)
    while len(equal) > 1 and stray(equal[-1], equal[-2]):
        equal.pop()
    first, last = ops[equal[0]], ops[equal[-1]]
    s0, d0, s1, d1 = first.src_start, first.dest_start, last.src_end, last.dest_end
    before: list[Opcode] = []
    if s0 or d0:
        before = _nearest(entry[:s0], window[:d0], toward_end=True)
    after = [
        Opcode(op.tag, s1 + op.src_start, s1 + op.src_end, d1 + op.dest_start, d1 + op.dest_end)
        for op in _nearest(entry[s1:], window[d1:], toward_end=False)
    ] if s1 < len(entry) or d1 < len(window) else []  # fmt: skip
    return before + list(ops[equal[0] : equal[-1] + 1]) + after


def _nearest(entry: str, window: str, toward_end: bool) -> list[Opcode]:
    """An alignment of `entry` in `window` whose ties fall next to the anchor, at the end
    (`toward_end`) or at the start: "knowledge and local…" in "traditional knowledge,
    knowledge of indigenous peoples and local…" is the second "knowledge", one insertion of
    three words, not the first with four. The longest common subsequence is rapidfuzz's;
    each matched word then slides, as far as the same word repeats, toward the anchor."""
    if not entry or not window:  # nothing to match (the usual case at a passage's edge)
        return _opcodes([], len(entry), len(window))
    matches = [
        (op.src_start + k, op.dest_start + k)
        for op in Indel.opcodes(entry, window)
        if op.tag == "equal"
        for k in range(op.src_end - op.src_start)
    ]
    if toward_end:
        limit = len(window)
        for n in range(len(matches) - 1, -1, -1):
            i, j = matches[n]
            j = window.rfind(entry[i], j, limit)
            matches[n], limit = (i, j), j
    else:
        floor = 0
        for n, (i, j) in enumerate(matches):
            j = window.find(entry[i], floor, j + 1)
            matches[n], floor = (i, j), j + 1
    return _opcodes(matches, len(entry), len(window))


def _opcodes(matches: list[tuple[int, int]], src: int, dest: int) -> list[Opcode]:
    """Opcodes from matched (source, destination) positions, in order."""
    ops: list[Opcode] = []
    i = j = 0
    for a, b in [*matches, (src, dest)]:
        if a > i:
            ops.append(Opcode("delete", i, a, j, j))
        if b > j:
            ops.append(Opcode("insert", a, a, j, b))
        if (a, b) == (src, dest):
            break
        if ops and ops[-1].tag == "equal" and ops[-1].src_end == a and ops[-1].dest_end == b:
            last = ops[-1]
            ops[-1] = Opcode("equal", last.src_start, a + 1, last.dest_start, b + 1)
        else:
            ops.append(Opcode("equal", a, a + 1, b, b + 1))
        i, j = a + 1, b + 1
    return ops


def _find(keys: list[str], phrase: list[str]) -> int | None:
    """Where `phrase` first stands in `keys` (its first word looked for in C)."""
    size = len(phrase)
    if not size:
        return 0
    first, stop, at = phrase[0], len(keys) - size + 1, -1
    while True:
        try:
            at = keys.index(first, at + 1, stop)
        except ValueError:
            return None
        if keys[at : at + size] == phrase:
            return at


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
    changes: list[Change] = []
    size = len(passage)
    for tag, (src_start, src_end), (dest_start, dest_end) in _grouped(opcodes):
        e = (
            entry_text[entry_words[src_start].start : entry_words[src_end - 1].end]
            if src_end > src_start
            else ""
        )
        a, b = dest_start - shift, dest_end - shift
        if b > a:  # the passage's words here, and where they stand
            start, end = passage[a].start, passage[b - 1].end
            f = text[start:end]
        else:  # the point they are missing at
            start = end = (
                passage[a - 1].end if 0 < a <= size else (passage[0].start if passage else 0)
            )
            f = ""
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
            Change(op, e if op != "insertion" else "", f if op != "omission" else "", start, end)
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
    """An omission and an insertion of the same words are one phrase moved; an insertion
    that holds an omitted phrase with other words around it is that phrase moved and the
    other words inserted ("existing arrangements under the Convention" for "existing
    Convention arrangements")."""

    def key(s: str) -> list[str]:
        return [w.key for w in words(s)]

    if not any(c.op == "omission" for c in changes) or not any(
        c.op == "insertion" for c in changes
    ):
        return changes
    result = list(changes)
    rest: list[list[Change]] = [[] for _ in changes]  # inserted words beside a phrase moved
    keys = {j: key(c.found) for j, c in enumerate(changes) if c.op == "insertion"}
    for i, change in enumerate(result):
        if change.op != "omission":
            continue
        omitted = key(change.entry)
        for j, other in enumerate(result):
            if other.op != "insertion":
                continue
            # the same words, in any order: "financial and technical" / "technical and financial"
            if sorted(keys[j]) == sorted(omitted):
                result[i] = Change("moved", change.entry, other.found, other.start, other.end)
                result[j] = Change("equal", "", "")
                break
            at = _find(keys[j], omitted)
            if at is None or all(k in FUNCTION_WORDS for k in omitted):
                continue
            inserted = words(other.found)
            phrase = inserted[at : at + len(omitted)]
            start, end = other.start + phrase[0].start, other.start + phrase[-1].end
            result[i] = Change("moved", change.entry, other.found[phrase[0].start : phrase[-1].end],
                               start, end)  # fmt: skip
            result[j] = Change("equal", "", "")
            for part in (inserted[:at], inserted[at + len(omitted) :]):
                if part:
                    a, b = part[0].start, part[-1].end
                    rest[j].append(Change("insertion", "", other.found[a:b],
                                          other.start + a, other.start + b))  # fmt: skip
            break
    flat = [c for n, c in enumerate(result) for c in (c, *rest[n])]
    return [c for c in flat if c.op != "equal" or c.entry or c.found]


def _settle(candidates: list[Finding]) -> list[Finding]:
    """Exact uses all stand; a near-miss stands unless each of its differences lies within
    an exact use of another entry (the passage is agreed wording after all, maybe stitched
    from several: "…States, the principle of…, all human rights…"), or a closer near-miss
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
        if all(  # each difference lies within agreed wording used exactly (maybe another's)
            any(o.kind == "exact" and o.start <= c.start and c.end <= o.end for o in kept)
            for c in changed
        ) or any(  # or a closer near-miss covers most of the same words
            other.kind != "exact" and _overlap(finding, other) > 0.6 * span for other in kept
        ):
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.kind != "exact"))


def _overlap(a: Finding, b: Finding) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))
