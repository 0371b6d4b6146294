"""A long text checked on several cores: this process checks the first share of its
paragraphs while forked workers, which inherit the checker and the text, check the
others (the standard library's `ProcessPoolExecutor` with the fork start method).

Findings come back as rows of plain values, the entry as its number: pickling a
megabyte's second half of findings as `Finding` and `Change` objects and reading them
back took 11 ms on the path the check waits on, as rows 5 ms.
"""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from app.glossary.findings import Change, Finding

if TYPE_CHECKING:
    from app.glossary.checker import Checker

Paragraphs = list[tuple[str, str]]
Row = tuple[int, str, str, str, int, int, float, list[tuple[str, str, str, int, int]]]
"""A finding as plain values: entry number, kind, paragraph, passage, start, end,
similarity, and its changes as (op, entry, found, start, end)."""

_FOR_WORKERS: tuple[Checker, list[Paragraphs], bool] | None = None
"""What forked workers inherit: set only while a text is being shared, never shared live."""


def can_share() -> bool:
    return "fork" in mp.get_all_start_methods()


def check_shared(
    checker: Checker, paragraphs: Paragraphs, shares: list[list[int]], batch: bool
) -> list[list[Finding]]:
    """Each paragraph's findings, `shares` (paragraph numbers) checked in parallel."""
    if batch:
        checker.pairs.prepare()  # before forking, so that no worker builds it again
    chunks = [[paragraphs[n] for n in share] for share in shares]
    global _FOR_WORKERS
    _FOR_WORKERS = (checker, chunks, batch)
    findings: list[list[Finding]] = [[] for _ in paragraphs]
    try:
        with ProcessPoolExecutor(len(chunks) - 1, mp_context=mp.get_context("fork")) as pool:
            parts = [pool.submit(_check_share, n) for n in range(1, len(chunks))]
            for n, found in zip(shares[0], checker._check_all(chunks[0], batch), strict=True):
                findings[n] = found
            entries = checker.entries
            for share, part in zip(shares[1:], parts, strict=True):
                for n, rows in zip(share, part.result(), strict=True):
                    findings[n] = [
                        Finding(kind, entries[number], label, passage, start, end,
                                [Change(*change) for change in diff], similarity)
                        for number, kind, label, passage, start, end, similarity, diff in rows
                    ]  # fmt: skip
    finally:
        _FOR_WORKERS = None
    return findings


def _check_share(share: int) -> list[list[Row]]:
    assert _FOR_WORKERS is not None
    checker, chunks, batch = _FOR_WORKERS
    numbers = {id(entry): n for n, entry in enumerate(checker.entries)}
    return [
        [
            (numbers[id(f.entry)], f.kind, f.paragraph, f.found_text, f.start, f.end,
             f.similarity, [(c.op, c.entry, c.found, c.start, c.end) for c in f.diff])
            for f in findings
        ]
        for findings in checker._check_all(chunks[share], batch)
    ]  # fmt: skip


def shares(paragraphs: Paragraphs, parts: int) -> list[list[int]]:
    """The paragraphs (by number, in order) in `parts` shares of about equal work, each a
    run of the text, except that a paragraph repeated word for word goes with its first
    copy: one process then judges its passages once (`Judged`). A first copy weighs
    twice a later one: a later copy's words are still read and counted, but its passages'
    verdicts are known (of bench/scale.py's megabyte, shares of equal length judge 609
    and 997 passages, shares of equal work 643 and 951, taking about as long)."""
    copies: dict[str, list[int]] = {}
    for n, (_, text) in enumerate(paragraphs):
        copies.setdefault(text, []).append(n)
    weights = [len(text) * (len(numbers) + 1) for text, numbers in copies.items()]
    total = sum(weights)
    found: list[list[int]] = [[]]
    filled = 0
    for numbers, weight in zip(copies.values(), weights, strict=True):  # first copies' order
        if filled >= total * len(found) / parts and len(found) < parts:
            found.append([])
        found[-1] += numbers
        filled += weight
    return [sorted(share) for share in found if share]
