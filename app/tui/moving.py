"""Moving around the draft: jump to a label, step through open brackets, search the text,
filter to contested paragraphs. Mixed into :class:`app.tui.app.DraftroomApp`, whose state
(the room, the paragraphs shown, the current bracket) these actions move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import DraftroomError
from app.core.search import search

if TYPE_CHECKING:
    from app.tui.app import DraftroomApp

    _Base = DraftroomApp
else:
    _Base = object


class MovingActions(_Base):
    """The room's moving keys (see :mod:`app.tui.keys`)."""

    def action_jump(self) -> None:
        def go(label: str | None) -> None:
            if label:
                try:
                    paragraph = self.room.paragraph(label)
                except DraftroomError as error:
                    self.notify(error.shown_in("room"), severity="error")
                    return
                self._go(self.room.draft.paragraphs.index(paragraph))

        self.ask("Go to paragraph (OP33 B 24, pp1, 7bis):", go, list(self.labels.values()))

    def _step_bracket(self, step: int) -> None:
        """The next (1) or previous (-1) open bracket, wrapping around the draft; the scan
        stops at the first paragraph holding one, so a long draft costs no more."""
        paragraphs = self.room.draft.paragraphs
        here = self.here
        ids = [b.id for b in paragraphs[here].brackets] if paragraphs[here].negotiable else []
        current = self.bracket  # the one chosen, else the paragraph's first (shown as current)
        if current is not None and current.id in ids:
            n = ids.index(current.id) + step
            if 0 <= n < len(ids):
                self._to_bracket(here, ids[n])
                return
        count = len(paragraphs)
        for distance in range(1, count + 1):
            index = (here + step * distance) % count
            paragraph = paragraphs[index]
            brackets = paragraph.brackets if paragraph.negotiable else []
            if brackets:
                self._to_bracket(index, brackets[0 if step > 0 else -1].id)
                return
        self.notify("no open bracket in this draft")

    def _to_bracket(self, index: int, bracket_id: str) -> None:
        self.current_bracket = bracket_id
        self._go(index)
        self._panel()

    def action_next_bracket(self) -> None:
        self._step_bracket(1)

    def action_previous_bracket(self) -> None:
        self._step_bracket(-1)

    def action_search(self) -> None:
        """Ask for words; go to the next paragraph holding them and mark them there."""

        def find(words: str | None) -> None:
            if words:
                self.searched = words
                self._search_step(1)

        self.ask("Search the text for:", find, value=self.searched)

    def _search_step(self, step: int) -> None:
        here = self.here
        found = search(self.room.draft, self.searched, here, step, self.shown)
        if found is None and self.contested_only:
            found = search(self.room.draft, self.searched, here, step)
        if found is None:
            self.notify(f"“{self.searched}” is not in the text", severity="warning")
            return
        self._go(found)
        self._panel()

    def action_search_next(self) -> None:
        self._search_step(1)

    def action_search_previous(self) -> None:
        self._search_step(-1)

    def action_filter(self) -> None:
        self.contested_only = not self.contested_only
        self._show()
        self.notify(
            "contested paragraphs only" if self.contested_only else "all paragraphs", timeout=2
        )
