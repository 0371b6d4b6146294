"""Moving around the draft: jump to a label, step through open brackets, search the text,
filter to contested paragraphs. The app's moving keys (:mod:`app.tui.keys`) call these;
they move what the room shows through :class:`app.tui.view.RoomView`."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.brackets import Bracket
from app.core.draft import Paragraph
from app.core.errors import DraftroomError
from app.core.search import KeptWords, search
from app.tui.view import RoomView


def bracket_after(
    paragraphs: Sequence[Paragraph], here: int, current: Bracket | None, step: int
) -> tuple[int, str] | None:
    """The next (`step` 1) or previous (-1) open bracket from `current` in paragraph
    `here`, wrapping around the draft: its paragraph's index and its id (None if the draft
    has none). The scan stops at the first paragraph holding one, so a long draft costs no
    more."""
    ids = [b.id for b in paragraphs[here].brackets] if paragraphs[here].negotiable else []
    if current is not None and current.id in ids:
        n = ids.index(current.id) + step
        if 0 <= n < len(ids):
            return here, ids[n]
    count = len(paragraphs)
    for distance in range(1, count + 1):
        index = (here + step * distance) % count
        paragraph = paragraphs[index]
        brackets = paragraph.brackets if paragraph.negotiable else []
        if brackets:
            return index, brackets[0 if step > 0 else -1].id
    return None


class Moving:
    """The room's moving keys."""

    def __init__(self, view: RoomView) -> None:
        self.view = view
        self.words = KeptWords()
        """The paragraphs' words as last searched (the room forgets those it changes)."""

    def jump(self) -> None:
        """Ask for a label; go to its paragraph."""
        view = self.view

        def go(label: str | None) -> None:
            if label:
                try:
                    paragraph = view.room.paragraph(label)
                except DraftroomError as error:
                    view.notify(error.shown_in("room"), severity="error")
                    return
                view.go_to(view.room.draft.paragraphs.index(paragraph))

        view.ask("Go to paragraph (OP33 B 24, pp1, 7bis):", go, list(view.labels.values()))

    def step_bracket(self, step: int) -> None:
        """The next (1) or previous (-1) open bracket becomes current (the current one:
        the one chosen, else the paragraph's first)."""
        view = self.view
        found = bracket_after(view.room.draft.paragraphs, view.here, view.bracket, step)
        if found is None:
            view.notify("no open bracket in this draft")
            return
        index, bracket_id = found
        view.current_bracket = bracket_id
        view.go_to(index)  # (which shows it, the bracket chosen)

    def search(self) -> None:
        """Ask for words; go to the next paragraph holding them and mark them there."""
        view = self.view

        def find(words: str | None) -> None:
            if words:
                view.searched = words
                self.search_step(1)

        view.ask("Search the text for:", find, value=view.searched)

    def search_step(self, step: int) -> None:
        """The next (1) or previous (-1) paragraph holding the words searched (among
        those shown, else in the whole draft)."""
        view = self.view
        here = view.here
        kept = self.words
        found = search(view.room.draft, view.searched, here, step, view.shown, kept)
        if found is None and view.contested_only:
            found = search(view.room.draft, view.searched, here, step, kept=kept)
        if found is None:
            view.notify(f"“{view.searched}” is not in the text", severity="warning")
            return
        view.go_to(found)  # (which shows it, the words searched marked)

    def toggle_filter(self) -> None:
        """Show only the contested paragraphs, or all of them again."""
        view = self.view
        view.contested_only = not view.contested_only
        view.redraw_all()
        view.notify(
            "contested paragraphs only" if view.contested_only else "all paragraphs", timeout=2
        )
