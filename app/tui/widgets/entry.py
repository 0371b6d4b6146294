"""A paragraph in a :class:`~app.tui.widgets.paragraph_list.ParagraphList`: how to build
what it shows, built only when it is first shown, kept apart from the same paragraph
marked (the current one), and its height estimated until it is measured."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content


class Entry:
    """One paragraph: how to build its content, the content once built, the content it
    shows marked (or None), the lengths of its lines as far as known (its height is
    estimated from them until measured) and the words it was measured with."""

    __slots__ = ("build", "content", "lengths", "marked", "measured")

    def __init__(self, build: Callable[[], Content], lengths: list[int]) -> None:
        self.build = build
        self.content: Content | None = None
        self.marked: Content | None = None
        self.lengths = lengths
        self.measured: str | None = None

    def shown(self) -> Content:
        """What the paragraph shows: marked, else its own content (built now if need be)."""
        if self.marked is not None:
            return self.marked
        if self.content is None:
            self.content = self.build()
        return self.content

    def estimate(self, width: int) -> int:
        """Its height in lines at `width`, without wrapping it: from its lines' lengths
        (word wrapping leaves a few cells at the end of each line)."""
        room = max(1, width - 6)
        if self.content is None and self.marked is None:
            lengths = self.lengths
        else:
            lengths = [cell_len(line) for line in self.shown().plain.split("\n")]
        return sum(max(1, -(-length // room)) for length in lengths)
