"""The garbage collector in the room: full collections while nobody waits for a key.

After the first frame what the room has read (the draft, textual's modules: hundreds of
thousands of objects that live as long as the room) is frozen out of the collector's way
(`gc.freeze`). What the room makes later still grows: the lines of text drawn and kept,
the history, the messages of every key. CPython collects it in full whenever enough has
survived, in the middle of whatever key is being answered: on the 2,000-paragraph draft
these full collections came every few keys and took 20-140 ms on this 2-core machine
(the p95 of every key: 100-180 ms). So automatic full collections are off while the
room is open, and the room runs one itself once no key has come for a second; the young
generations are still collected as usual, less often (a threshold of 10,000 allocations,
not 700: measured, the same medians, fewer pauses). The thresholds are restored when
the room closes.

The young generations are also collected by the room at a short pause (a fifth of a
second without a key): a key then starts with them empty, and one that makes fewer than
10,000 objects is never stopped by a collection. A young collection in the middle of a
key took 4 ms (on a Ctrl+S that records a proposal, in nine out of ten: the full repaint
that follows the editor makes some 8,000 objects); while the delegate types, or reads,
it runs unseen.
"""

from __future__ import annotations

import gc
import time

IDLE = 1.0
"""Seconds without a key or a click before a full collection may run."""
PAUSE = 0.2
"""Seconds without a key or a click before the young generations are collected; how
often the room looks whether it is idle."""
YOUNG_THRESHOLD = 10_000
MIDDLE_THRESHOLD = 10
"""Young collections that make one of the middle generation (CPython's default)."""
LITTLE = 1_000
"""Fewer young objects than this are left to wait (nothing to gain)."""
NEVER = 1 << 30
"""A full-collection threshold that is never reached (a count of young collections)."""
DUE = 1
"""Collections of the middle generation since the last full one that make one due (one
is 100,000 allocations at these thresholds: CPython's default full collection needs
about 70,000)."""


class Memory:
    """When the room's garbage is collected."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None

    def settle(self) -> None:
        """After the first frame: what the room has read is frozen; full collections wait
        for a pause (:meth:`collect_if_idle`)."""
        gc.freeze()
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, NEVER)
        gc.enable()

    def freeze(self) -> None:
        """What the room has read since it settled lives as long as it (the glossary just
        loaded): out of the collector's way too."""
        gc.freeze()

    def input(self) -> None:
        """A key or a click came: the room is not idle."""
        self.last_input = time.monotonic()

    def collect_if_idle(self) -> bool:
        """A full collection, if one is due and the room has been idle a second; else the
        young generations', if the room has paused; whether a full collection ran."""
        idle = time.monotonic() - self.last_input
        young, middle, old = gc.get_count()
        if idle >= IDLE and old >= DUE:
            gc.collect()
            return True
        if idle >= PAUSE and young >= LITTLE:
            # (the middle generation too when it is due, as CPython would: its
            # collections count towards the full one)
            gc.collect(1 if middle >= MIDDLE_THRESHOLD else 0)
        return False

    def release(self) -> None:
        """The room closes: the collector as it was (for a next room, or tests)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        gc.unfreeze()
