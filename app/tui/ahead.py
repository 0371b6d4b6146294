"""Drawing ahead: the next hit of a search drawn while the room waits for a key.

A search's next hit is mostly out of view, so `n` (and Enter on the search question, which
holds the words last searched) scrolls the text to a page nobody has seen: its ~10
paragraphs wrapped, measured and drawn, and a page of the outline's labels, inside the
key (~7 ms of the 17 ms `n` took on the 2,000-paragraph draft). Where it goes is known
before the key: the next paragraph holding the words. Once the room has been still for a
moment (no key for a tenth of a second: a delegate reads the hit, or types the words), it
draws that page in slices of 2 ms, so a key coming meanwhile waits no longer than that;
the lines are kept by the lists (:class:`~app.tui.widgets.drawn.Drawn`), keyed by the
paragraph's content and style, so a paragraph changed meanwhile is drawn again as before.
"""

from __future__ import annotations

import time

from app.core.search import KeptWords, search
from app.tui.memory import Memory
from app.tui.view import RoomView
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline

TICK = 0.05
"""Seconds between looks at whether the room is still and something is left to draw."""
QUIET = 0.1
"""Seconds without a key or a click before drawing ahead."""
SLICE = 0.002
"""Seconds drawn at a time, at most (what a key coming meanwhile may wait)."""


class Ahead:
    """What the room draws ahead, and when."""

    def __init__(
        self, view: RoomView, memory: Memory, words: KeptWords, text: DraftText, outline: Outline
    ) -> None:
        self.view, self.memory, self.words = view, memory, words
        self.text, self.outline = text, outline
        self._for: tuple[int, str, int, int] | None = None
        """Where the room was when its next hit was drawn ahead: paragraph, words,
        history length, paragraphs shown."""

    def step(self) -> None:
        """Once the room is still: find the next hit, if it was not found for where the
        room is now, and draw a slice of what it would show."""
        view, text, outline = self.view, self.text, self.outline
        if time.monotonic() - self.memory.last_input < QUIET or not view.searched:
            return
        if not text.screen.is_current:
            return  # (another screen over the room: its lists are not drawn)
        here = view.here
        where = (here, view.searched, len(view.room.draft.history), len(view.shown))
        if where != self._for:
            self._for = where
            found = search(view.room.draft, view.searched, here, 1, view.shown, self.words)
            row = view.shown.index(found) if found is not None and found in view.shown else None
            if row is None or text.in_view(row):
                return  # (none, or no scroll: nothing new to draw)
            text.draw_ahead(row)
            outline.draw_ahead(row)
        if not text.draw_some_ahead(SLICE):
            outline.draw_some_ahead(SLICE)
