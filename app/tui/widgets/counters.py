"""The counters facilitators report: open brackets, paragraphs by status, a sparkline of
open brackets over the session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Sparkline, Static


class Counters(Horizontal):
    """A one-line status bar of the room's counts."""

    DEFAULT_CSS = """
    Counters {
        height: 1;
        background: $boost;
    }
    Counters > Static { width: auto; padding: 0 1; }
    Counters > Sparkline { width: 1fr; min-width: 10; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="counts")
        yield Sparkline([0], id="trend")

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
        line = Content("  ".join(parts))
        counts_line = self.query_one("#counts", Static)
        # the screen is laid out again only if the line's width changed (9 -> 10)
        counts_line.update(line, layout=line.cell_length != counts_line.content_size.width)
        self.query_one("#trend", Sparkline).data = trend or [0]
