"""The benchmarks' one timing helper: each run's wall time, then the best or the median."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(
    work: Callable[[], T], runs: int, setup: Callable[[], object] | None = None
) -> tuple[list[float], T]:
    """The wall time of each of `runs` runs of `work` (at least one), `setup` run untimed
    before each, and what the last run returned."""
    times = []
    for _ in range(max(1, runs)):
        if setup is not None:
            setup()
        started = time.perf_counter()
        out = work()
        times.append(time.perf_counter() - started)
    return times, out


def best_timed(work: Callable[[], T], runs: int) -> tuple[float, T]:
    """The best wall time of `runs` runs (the least disturbed by the rest of the machine),
    and what the last run returned."""
    times, out = timed(work, runs)
    return min(times), out


def best(work: Callable[[], object], runs: int = 5) -> float:
    """The best wall time of `runs` runs."""
    return best_timed(work, runs)[0]


def median(
    work: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> float:
    """The median wall time of `runs` runs, `setup` run untimed before each."""
    return statistics.median(timed(work, runs, setup)[0])


def cpu_time() -> float:
    """The CPU time of this process and of its children that have ended (a check's
    forked workers, once their pool has closed)."""
    own, children = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_with_cpu(work: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Each run's wall time (:func:`timed`) and CPU time (:func:`cpu_time`)."""
    cpus: list[float] = []

    def measured() -> None:
        used = cpu_time()
        work()
        cpus.append(cpu_time() - used)

    return timed(measured, runs)[0], cpus
