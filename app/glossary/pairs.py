"""The checker's first stage: which entries a paragraph may use, and where.

Each word pair of a paragraph (as stems) that an entry also holds votes for the entry at
one place of the paragraph: the pair's place in the paragraph less its place in the
entry. An entry that shares enough pairs with the paragraph (`need`, 40% of its pairs)
is a candidate at the places where enough votes gather (`_peaks`, neighbours within
three words pooled).

Two ways to count, with the same result (tests/test_checker_paths.py holds them to it):

- `PairIndex.candidates`, one paragraph at a time, in Python: what a paragraph in the
  room, a query or a short text needs (no start-up cost);
- `PairIndex.votes` (and `batch`), many paragraphs at once, in numpy: a megabyte against
  1,000 entries casts about 700,000 votes, which Python's `Counter` counted in about
  0.45 s of the 1.0 s a check took; sorted and summed as arrays they take about 0.06 s.
  numpy is imported only for a text long enough to pay for its import (about 0.1 s).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain, pairwise, repeat
from typing import TYPE_CHECKING, NamedTuple

from app.glossary.differences import _pairs, _peaks
from app.glossary.words import stem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]

Candidates = Iterable[tuple[int, int]]
"""(entry number, offset in the paragraph) in the order they are to be aligned."""


class StemIds(dict[str, int]):
    """A paragraph's word (key) -> the number of its stem among the entries' stems, or
    `unknown`; each word's stem is looked up once, later words are a dict hit in C."""

    def __init__(self, ids: dict[str, int]) -> None:
        super().__init__()
        self.ids = ids
        self.unknown = len(ids)

    def __missing__(self, key: str) -> int:
        number = self[key] = self.ids.get(stem(key), self.unknown)
        return number


class PairIndex:
    """The entries' word pairs, each pair coded as one integer from its stems' numbers."""

    def __init__(self, keys: list[list[str]]) -> None:
        stems: dict[str, int] = {}
        for entry_keys in keys:
            for key in entry_keys:
                stems.setdefault(stem(key), len(stems))
        self.stem_ids = StemIds(stems)
        self.base = len(stems) + 1  # an unknown stem's number, len(stems), codes no pair
        self.index: dict[int, list[tuple[int, int]]] = defaultdict(list)
        pairs: list[int] = []
        for number, entry_keys in enumerate(keys):
            found = list(_pairs(entry_keys))
            for position, (a, b) in found:
                self.index[stems[a] * self.base + stems[b]].append((number, position))
            pairs.append(max(1, len(found)))
        self.need = [min(n, max(2, round(0.4 * n))) for n in pairs]
        self.longest = max(map(len, keys), default=0)
        # pair -> the entries holding it (once each)
        self.entries_of: dict[int, tuple[int, ...]] = {
            pair: tuple(dict.fromkeys(n for n, _ in postings))
            for pair, postings in self.index.items()
        }
        self._arrays: _Arrays | None = None

    def ids(self, keys: list[str]) -> list[int]:
        """The stems' numbers of a paragraph's words."""
        return list(map(self.stem_ids.__getitem__, keys))

    def candidates(self, ids: list[int]) -> Candidates:
        """One paragraph's candidates, counted in Python."""
        if len(ids) < 2:
            return []
        base = self.base
        pairs = [a * base + b for a, b in pairwise(ids)]
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
        return [
            (number, offset)
            for number, by_offset in by_entry.items()
            for offset in _peaks(by_offset, need[number])
        ]

    def prepare(self) -> _Arrays:
        """The index as arrays for `batch` (built at its first use)."""
        if self._arrays is None:
            self._arrays = _Arrays(self)
        return self._arrays

    def batch(self, paragraphs: list[list[int]]) -> list[Candidates]:
        """Each paragraph's candidates, counted together in numpy; the same, in the same
        order, as `candidates` gives for each."""
        found = self.votes(paragraphs)
        return [zip(entries, offsets, strict=True) for entries, offsets in split(*found)]

    def votes(self, paragraphs: list[list[int]]) -> Found:
        """The candidates of all the paragraphs, counted together in numpy."""
        import numpy as np

        arrays = self.prepare()
        # bounded memory: a table of paragraphs x entries is counted at a time
        step = max(64, 250_000 // max(1, len(self.need)))
        nothing = np.zeros(0, dtype=np.int64)
        parts = [(nothing, nothing, nothing)] + [
            arrays.candidates(paragraphs[first : first + step], first)
            for first in range(0, len(paragraphs), step)
        ]
        para, entry, offset = (np.concatenate(found) for found in zip(*parts, strict=True))
        return Found(len(paragraphs), para, entry, offset)


class Found(NamedTuple):
    """Candidates of many paragraphs as arrays, by paragraph in the order to align them."""

    paragraphs: int
    para: Ints
    entry: Ints
    offset: Ints

    def only(self, keep: npt.NDArray[np.bool_]) -> Found:
        return Found(self.paragraphs, self.para[keep], self.entry[keep], self.offset[keep])


def split(
    paragraphs: int, para: Ints, entry: Ints, offset: Ints
) -> list[tuple[list[int], list[int]]]:
    """Each paragraph's (entries, offsets)."""
    import numpy as np

    bounds = np.searchsorted(para, np.arange(paragraphs + 1)).tolist()
    entries, offsets = entry.tolist(), offset.tolist()
    return [(entries[a:b], offsets[a:b]) for a, b in pairwise(bounds)]


class _Arrays:
    """The index as sorted arrays (compressed rows: a pair's postings are one slice)."""

    def __init__(self, index: PairIndex) -> None:
        import numpy as np

        self.np = np
        codes = sorted(index.index)
        self.codes = np.array(codes, dtype=np.int64)
        postings = [index.index[c] for c in codes]
        self.post_start = _starts([len(p) for p in postings])
        self.post_entry = np.array([n for p in postings for n, _ in p], dtype=np.int64)
        self.post_place = np.array([at for p in postings for _, at in p], dtype=np.int64)
        holders = [index.entries_of[c] for c in codes]
        self.holder_start = _starts([len(h) for h in holders])
        self.holder = np.array([n for h in holders for n in h], dtype=np.int64)
        self.need = np.array(index.need, dtype=np.int64)
        self.base = index.base
        self.longest = index.longest
        self.table = None
        if index.base**2 <= 1 << 22:  # 16 MB at most
            self.table = np.full(index.base**2, -1, dtype=np.int32)
            self.table[self.codes] = np.arange(self.codes.size, dtype=np.int32)

    def candidates(
        self, paragraphs: list[list[int]], first_paragraph: int
    ) -> tuple[Ints, Ints, Ints]:
        """These paragraphs' candidates, in the order to align them: (paragraph, counted
        from `first_paragraph`, entry, offset)."""
        np = self.np
        nothing = np.zeros(0, dtype=np.int64)
        count = len(paragraphs)
        entries = len(self.need)
        lengths = np.fromiter(map(len, paragraphs), dtype=np.int64, count=count)
        if lengths.max(initial=0) < 2 or not self.codes.size:
            return nothing, nothing, nothing
        # the paragraphs one after the other, an unknown word between them (no pair holds
        # it): the pair at word j is (j, j + 1)
        gap = [self.base - 1]
        words = int(lengths.sum()) + count
        ids = np.fromiter(
            chain.from_iterable(p + gap for p in paragraphs), dtype=np.int64, count=words
        )
        first = np.zeros(count, dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=first[1:])
        pair = ids[:-1] * self.base + ids[1:]
        if self.table is not None:  # a small vocabulary: every pair's row in one table
            row = self.table[pair]
            at = np.flatnonzero(row >= 0)
        else:
            row = np.minimum(np.searchsorted(self.codes, pair), self.codes.size - 1)
            at = np.flatnonzero(self.codes[row] == pair)
        if not at.size:
            return nothing, nothing, nothing
        row = row[at].astype(np.int64)
        para = np.searchsorted(first, at, "right") - 1
        place = at - first[para]  # the pair's place in its paragraph
        # (1) every vote: (paragraph, entry, offset)
        posting, by = _expand(self.post_start, row)
        entry = self.post_entry[posting]
        group = para[by] * entries + entry
        # (2) kept where the entry shares enough pairs with the paragraph (each pair once)
        holder, held_by = _expand(self.holder_start, row)
        shares = para[held_by] * entries + self.holder[holder]
        if count * entries <= 8 * shares.size:  # a table of paragraphs x entries
            shared = np.bincount(shares, minlength=count * entries)[group]
        else:  # many entries (a sources folder), few shared: (paragraph, entry) sorted
            held, times = np.unique(shares, return_counts=True)
            shared = times[np.searchsorted(held, group)]
        keep = shared >= self.need[entry]
        group, by, posting = group[keep], by[keep], posting[keep]
        if not group.size:
            return nothing, nothing, nothing
        shift = self.longest + 4  # offsets (>= -longest) made positive, 3 spare each side
        width = int(lengths.max()) + shift + 4
        vote = group * width + (place[by] - self.post_place[posting] + shift)
        order = np.argsort(vote, kind="stable")
        vote, place = vote[order], place[by][order]
        starts = np.flatnonzero(np.r_[True, vote[1:] != vote[:-1]])
        voted = vote[starts]
        running = np.r_[0, np.cumsum(np.diff(np.r_[starts, vote.size]))]
        # (3) votes pooled with those within 3 words (a running sum), and where enough
        pooled = (
            running[np.searchsorted(voted, voted + 3, "right")]
            - running[np.searchsorted(voted, voted - 3, "left")]
        )
        groups = voted // width
        enough = np.flatnonzero(pooled >= self.need[groups % entries])
        if not enough.size:
            return nothing, nothing, nothing
        # an entry's candidates follow the order its first vote came in the paragraph
        group_of = vote // width
        group_starts = np.flatnonzero(np.r_[True, group_of[1:] != group_of[:-1]])
        first_place = np.minimum.reduceat(place, group_starts)
        at_group = np.searchsorted(group_of[group_starts], groups[enough])
        g = groups[enough]
        offset = voted[enough] % width - shift
        count_ = pooled[enough]
        # by paragraph, first vote, entry; within an entry by votes, then offset, downward
        rank = np.lexsort((-offset, -count_, g % entries, first_place[at_group], g // entries))
        g, offset = g[rank], offset[rank]
        keep = _peaked(g, offset)
        g, offset = g[keep], offset[keep]
        return g // entries + first_paragraph, g % entries, offset


def _peaked(groups: Ints, offsets: Ints) -> npt.NDArray[np.bool_]:
    """Which offsets `_peaks` chooses, each group's (a paragraph and an entry) in the
    order it looks at them: the first, then each not within 6 words of one chosen. Only
    a group with several offsets far from its first needs Python."""
    import numpy

    fresh = numpy.r_[True, groups[1:] != groups[:-1]]
    keep = fresh.copy()
    first = numpy.maximum.accumulate(numpy.where(fresh, numpy.arange(groups.size), 0))
    far = numpy.flatnonzero(~fresh & (numpy.abs(offsets - offsets[first]) > 6))
    if far.size:
        held = groups[far]
        lone = numpy.r_[True, held[1:] != held[:-1]] & numpy.r_[held[1:] != held[:-1], True]
        keep[far[lone]] = True  # the only one far from the first: chosen
        crowd = far[~lone]
        if crowd.size:
            rows = numpy.unique(numpy.r_[first[crowd], crowd])
            keep[rows] = _chosen(groups[rows].tolist(), offsets[rows].tolist())
    return keep


def _chosen(groups: list[int], offsets: list[int]) -> list[bool]:
    """Which offsets `_peaks` chooses, given each group's (paragraph and entry) in its
    order: each unless within 6 words of one chosen before it."""
    chosen: list[bool] = []
    near: list[int] = []
    last = -1
    for group, offset in zip(groups, offsets, strict=True):
        if group != last:
            last, near = group, []
        elif any(abs(offset - other) <= 6 for other in near):
            chosen.append(False)
            continue
        near.append(offset)
        chosen.append(True)
    return chosen


def _starts(sizes: list[int]) -> Ints:
    import numpy

    starts = numpy.zeros(len(sizes) + 1, dtype=numpy.int64)
    numpy.cumsum(sizes, out=starts[1:])
    return starts


def _expand(starts: Ints, rows: Ints) -> tuple[Ints, Ints]:
    """Every item of the given rows of a compressed table: its index in the table, and
    which of `rows` it came from."""
    import numpy

    begin, sizes = starts[rows], starts[rows + 1] - starts[rows]
    by = numpy.repeat(numpy.arange(rows.size, dtype=numpy.int64), sizes)
    ends = numpy.cumsum(sizes)
    items = numpy.arange(int(ends[-1]) if ends.size else 0, dtype=numpy.int64)
    return items - (ends - sizes)[by] + begin[by], by
