"""Moving around the draft: jump to a label, step through open brackets, search the text,
filter to contested paragraphs. Mixed into :class:`app.tui.app.DraftroomApp`, whose state
(the room, the paragraphs shown, the current bracket) these actions move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import DraftroomError
from app.core.search import search
from app.tui.screens import AskScreen
from app.tui.widgets.draft_text import DraftText

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
                    self.notify(str(error), severity="error")
                    return
                self._go(self.room.draft.paragraphs.index(paragraph))

        self.push_screen(
            AskScreen("Go to paragraph (OP33 B 24, pp1, 7bis):", list(self.labels.values())), go
        )

    def _step_bracket(self, step: int) -> None:
        places = [
            (i, b.id)
            for i, p in enumerate(self.room.draft.paragraphs)
            if p.negotiable
            for b in p.brackets
        ]
        if not places:
            self.notify("no open bracket in this draft")
            return
        here = (self.shown[self.query_one(DraftText).highlighted or 0], self.current_bracket or "")
        ordered = places if step > 0 else list(reversed(places))
        position = next((n for n, place in enumerate(ordered) if place == here), None)
        if position is None:
            current = here[0]
            target = next(
                (pl for pl in ordered if (pl[0] > current if step > 0 else pl[0] < current)),
                ordered[0],
            )
        else:
            target = ordered[(position + 1) % len(ordered)]
        self.current_bracket = target[1]
        self._go(target[0])
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

        self.push_screen(AskScreen("Search the text for:", value=self.searched), find)

    def _search_step(self, step: int) -> None:
        here = self.shown[self.query_one(DraftText).highlighted or 0]
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
