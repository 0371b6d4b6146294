"""What the room shows of its draft: the outline, the text with the current paragraph's
marks, the panel, the counters and the key bar, drawn from the draft once, then after a
change only where it changed (a paragraph's row of the outline and of the text, the
counts of the paragraphs it touched), and after a move only what moved (the paragraph
left loses its marks, the one come to gets them; the key bar only when the keys that
apply change). The room (:class:`app.tui.app.DraftroomApp`) holds the state its keys read
(:class:`app.tui.view.RoomView`); this draws it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.labels import labels
from app.core.tally import RoomCounter
from app.tui.keys import CONTEXTS, Context, applies
from app.tui.widgets.counters import Counters
from app.tui.widgets.draft_text import DraftText, paragraph_content
from app.tui.widgets.keybar import KeyBar
from app.tui.widgets.outline import Outline, outline_entry
from app.tui.widgets.panel import HistoryIndex, ParagraphPanel, panel_content

if TYPE_CHECKING:
    from app.tui.agreed import AgreedLanguage
    from app.tui.moving import Moving
    from app.tui.view import RoomView


class Drawing:
    """The room's widgets kept in step with its draft and its current paragraph."""

    def __init__(
        self,
        view: RoomView,
        agreed: AgreedLanguage,
        moving: Moving,
        narrow: int,
        shown: Callable[[str, str], object],
    ) -> None:
        self.view, self.agreed, self.moving, self.narrow = view, agreed, moving, narrow
        self.shown = shown
        """Told the id and label of each paragraph shown as current (the followers follow)."""
        self.outline = Outline(id="outline")
        self.text = DraftText(id="text")
        self.panel = ParagraphPanel(id="panel")
        self.counters = Counters()
        self.keybar = KeyBar()
        self.trend: list[int] = []
        """The open brackets' count after each change that moved it (the counters' line)."""
        self.counter = RoomCounter()
        self.history_index = HistoryIndex()
        self.marked: int | None = None
        """The row of the text last drawn with the current paragraph's marks."""
        self._rows: dict[str, int] = {}
        """Each shown paragraph's row in the outline and the text."""
        self._keys_context: frozenset[Context] | None = None
        """The contexts that applied when the key bar was last drawn."""

    def redraw_all(self, *, show: bool = True) -> None:
        """Redraw the outline and the text from the draft (after a change or a filter);
        then the current paragraph (`show`)."""
        view = self.view
        draft = view.room.draft
        view.labels = labels(draft)
        keep = view.paragraph.id if self.text.paragraph_count else None
        view.shown = [
            i for i, p in enumerate(draft.paragraphs)
            if not view.contested_only or (p.negotiable and p.brackets)
        ] or list(range(len(draft.paragraphs)))  # fmt: skip
        self._rows = {draft.paragraphs[i].id: n for n, i in enumerate(view.shown)}
        self.marked = None  # (a row of the list just replaced)
        self.moving.words.forget()
        self.outline.show_draft(draft, view.labels, view.shown)
        self.text.show_draft(draft, view.labels, view.shown, view.room.registry)
        self.count()
        if keep is not None:
            self.text.highlighted = self._rows.get(keep, 0)
        if show:
            self.show_current()

    def count(self, changed: set[str] | None = None) -> None:
        """The counters again: of every paragraph, or of those `changed` only."""
        counts = self.counter.counts(self.view.room.draft, changed)
        if not self.trend or self.trend[-1] != counts["open_brackets"]:
            self.trend.append(counts["open_brackets"])
        self.counters.show(counts, self.trend)

    def redraw(self, changed: set[str]) -> None:
        """After a change: redraw only the paragraphs it touched, unless paragraphs came or
        went (or a filter hides some), which needs the whole outline and text again."""
        view = self.view
        draft = view.room.draft
        if view.contested_only or [p.id for p in draft.paragraphs] != list(view.labels):
            self.redraw_all()  # paragraphs came or went (labels: every id, as last drawn)
            return
        self.moving.words.forget(changed)
        for paragraph_id in changed:
            row = self._rows.get(paragraph_id)
            if row is None:
                continue
            paragraph = draft.paragraphs[view.shown[row]]
            self.outline.replace_content(row, outline_entry(paragraph, view.labels[paragraph_id]))
            self.text.replace_content(row, None)  # built again when shown (the current one, below)
        self.count(changed)
        self.show_current()

    def go_to(self, index: int) -> None:
        """Make the paragraph at draft index `index` current and show it (a move shows it,
        as the room watches the highlight; staying shows it again: a bracket or the words
        searched marked anew). One in view stays where it is; one out of view comes to the
        top of the text, where the room's eyes expect it."""
        view = self.view
        if index not in view.shown:
            view.contested_only = False
            self.redraw_all()
        row = view.shown.index(index)
        stays = self.text.highlighted == row
        self.text.go_to(row, top=not self.text.in_view(row))
        if stays:
            self.show_current()

    def show_current(self) -> None:
        """Show the current paragraph in the panel, and in the text with its marks."""
        view, text = self.view, self.text
        paragraph = view.paragraph
        label = view.labels[paragraph.id]
        findings = self.agreed.findings(paragraph) if paragraph.negotiable else []
        view.findings = findings
        bracket = view.bracket
        self.panel.update(
            panel_content(view.room.draft, paragraph, label, bracket, findings, self.history_index)
        )
        left = self.marked
        if left is not None and left != text.highlighted:
            text.unmark(left)  # (its own lines, kept)
        self.marked = text.highlighted
        if text.highlighted is not None:
            text.mark(
                text.highlighted,
                paragraph_content(
                    paragraph, label, bracket, view.room.registry, findings, view.searched
                ),
            )
        self.show_keys()
        self.shown(paragraph.id, label)

    def show_keys(self) -> None:
        """The key bar, redrawn only when the contexts that apply change (whether or not a
        question is open: the bar shows again when it closes)."""
        context = frozenset(c for c in Context if applies(c, self.view, self.narrow))
        if context != self._keys_context:
            self._keys_context = context
            self.keybar.show(lambda action: CONTEXTS.get(action, Context.ALWAYS) in context)

    def keys_drawn(self) -> bool:
        """Whether the key bar has been drawn (a resize draws it again: `p` comes and goes)."""
        return self._keys_context is not None
