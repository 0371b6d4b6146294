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
from typing import TYPE_CHECKING

from app.core.search import search
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline

if TYPE_CHECKING:
    from app.tui.app import DraftroomApp

TICK = 0.05
"""Seconds between looks at whether the room is still and something is left to draw."""
QUIET = 0.1
"""Seconds without a key or a click before drawing ahead."""
SLICE = 0.002
"""Seconds drawn at a time, at most (what a key coming meanwhile may wait)."""


class Ahead:
    """What the room draws ahead, and when."""

    def __init__(self, app: DraftroomApp) -> None:
        self.app = app
        self._for: tuple[int, str, int, int] | None = None
        """Where the room was when its next hit was drawn ahead: paragraph, words,
        history length, paragraphs shown."""

    def step(self) -> None:
        """Once the room is still: find the next hit, if it was not found for where the
        room is now, and draw a slice of what it would show."""
        app = self.app
        if time.monotonic() - app.memory.last_input < QUIET or not app.searched:
            return
        if app.screen is not app.screen_stack[0]:
            return  # (another screen over the room: its lists are not drawn)
        text, outline = app.query_one(DraftText), app.query_one(Outline)
        here = app.here
        where = (here, app.searched, len(app.room.draft.history), len(app.shown))
        if where != self._for:
            self._for = where
            found = search(app.room.draft, app.searched, here, 1, app.shown, app.moving.words)
            row = app.shown.index(found) if found is not None and found in app.shown else None
            if row is None or text.in_view(row):
                return  # (none, or no scroll: nothing new to draw)
            text.draw_ahead(row)
            outline.draw_ahead(row)
        if not text.draw_some_ahead(SLICE):
            outline.draw_some_ahead(SLICE)
