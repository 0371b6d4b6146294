"""The counters facilitators report: open brackets, paragraphs by status, a sparkline of
open brackets over the session.

One widget drawing its one line, the counts then the sparkline in the rest of the width,
drawn as Textual's `Sparkline` draws one row (the same bars, buckets and colours), rather
than a row of a `Static` and a `Sparkline`: two widgets fewer to compose, style and lay
out on the way to the room's first frame, and neither `Sparkline`'s module nor the
`statistics` it imports (issue 20's start-up budget: ~20 M instructions of ~1,400 M)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

BARS = "▁▂▃▄▅▆▇█"
"""A bar of each height, lowest first (as Textual's sparkline)."""


def buckets(data: Sequence[int], width: int) -> list[Sequence[int]]:
    """`data` cut into `width` runs in order (as Textual's sparkline: empty runs, when
    there are fewer values than cells, are left out)."""
    runs = (data[len(data) * n // width : len(data) * (n + 1) // width] for n in range(width))
    return [run for run in runs if run]


def sparkline(data: Sequence[int], width: int, low: Color, high: Color) -> Content:
    """One row of bars for `data` across `width` cells, each the highest value of its run,
    coloured from `low` (the least value) to `high` (the greatest)."""
    if len(data) == 1:
        return Content.styled("█" * width, Style(foreground=high))
    least = min(data)
    extent = max(data) - least or 1
    runs = buckets(data, width)
    step, at = len(runs) / width, 0.0
    bars: list[tuple[str, Style]] = []
    for _ in range(width):
        ratio = (max(runs[int(at)]) - least) / extent
        r, g, b = (int(a + (z - a) * ratio) for a, z in zip(low.rgb, high.rgb, strict=True))
        colour = Color(r, g, b)
        bars.append((BARS[int(ratio * (len(BARS) - 1)) % len(BARS)], Style(foreground=colour)))
        at += step
    return Content.assemble(*bars)


class Counters(Widget):
    """A one-line status bar of the room's counts and their trend."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"counters--trend-high", "counters--trend-low"}
    DEFAULT_CSS = """
    Counters { height: 1; background: $boost; }
    Counters > .counters--trend-high { color: $primary; }
    Counters > .counters--trend-low { color: $primary 30%; }
    """
    TREND_MIN = 10
    """The sparkline's least width: the line is cut at the screen's edge, not the trend."""

    def __init__(self) -> None:
        super().__init__()
        self.counts = ""
        """The counts as shown (plain words)."""
        self._trend: tuple[int, ...] = (0,)

    def show(self, counts: dict[str, object], trend: list[int]) -> None:
        by_status: dict[str, int] = counts["by_status"]  # type: ignore[assignment]
        parts = [
            f"[ ] {counts['open_brackets']}",
            f"agreed {by_status.get('agreed', 0)}",
            f"ad ref {by_status.get('agreed ad ref', 0)}",
            f"informals {by_status.get('agreed in informals', 0)}",
            f"bracketed {by_status.get('bracketed', 0)}",
            f"pending {by_status.get('pending', 0)}",
        ]
        shown = ("  ".join(parts), tuple(trend) or (0,))
        if shown != (self.counts, self._trend):
            self.counts, self._trend = shown
            self.refresh()  # (this line only: its size is the CSS's)

    def render(self) -> Content:
        words = Content(f" {self.counts} ")
        width = max(self.TREND_MIN, self.size.width - words.cell_length)
        _, base = self.background_colors
        low = base + self.get_component_styles("counters--trend-low").color
        high = base + self.get_component_styles("counters--trend-high").color
        line = words + sparkline(self._trend, width, low, high)
        return line.truncate(self.size.width)
