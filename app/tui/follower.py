"""The follower: `draftroom open DRAFT --follow` (and `--projector`), a read-only window on a
draft the facilitator is working on in another terminal.

It takes no lock (the facilitator's room works on with any number of followers) and reads
the draft through :class:`app.live.watch.DraftWatch`, the session layer's reads on file
events: each save shows within a second. It follows the paragraph the room publishes;
moving by hand stops following, `f` returns. What changed since the follower last looked
is marked (``changed``) until `c` (seen); `n` goes to the next such paragraph. A draft that
is rewritten, locked or briefly missing leaves the last good text on screen, and the
status line says why it waits.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from app import session
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph
from app.core.labels import labels
from app.live.watch import DraftWatch, Update
from app.session import Position
from app.tui.keys import FOLLOWER_KEYS
from app.tui.projector import ProjectorView
from app.tui.widgets.draft_text import DraftText, paragraph_content
from app.tui.widgets.keybar import key_line
from app.tui.widgets.outline import Outline, outline_entry
from app.tui.widgets.paragraph_list import ParagraphList
from app.tui.widgets.title_bar import TitleBar

_CHANGED = "changed"


class FollowerApp(App[None]):
    """A read-only window that follows the facilitator (`projector`: the large layout)."""

    TITLE = "Draftroom (following)"
    BINDINGS: ClassVar[list[BindingType]] = [key.binding for key in FOLLOWER_KEYS]
    CSS = """
    #body { height: 1fr; }
    #status { height: 1; background: $boost; padding: 0 1; text-wrap: nowrap;
              text-overflow: ellipsis; }
    #status.problem { background: $error 40%; }
    #keys { height: 1; background: $footer-background; color: $footer-foreground; }
    ProjectorView { height: 1fr; }
    .projector #status { background: #000000; color: #9a9a9a; }
    """

    def __init__(self, draft_path: Path, *, projector: bool = False) -> None:
        """Follow the draft at `draft_path`: one that cannot be read raises here."""
        super().__init__()
        self.draft_path = Path(draft_path)
        self.projector = projector
        self.disk = DraftWatch(self.draft_path)
        first = self.disk.read()
        # (a draft that cannot be read: the session's read raises what is wrong with it)
        self._take(first.draft or session.read(self.draft_path))
        self.position: Position | None = first.position
        self.following = True
        self.unseen: set[str] = set()
        """The paragraphs changed since the follower last looked (`c`)."""
        self.problem = ""
        self.saved_at = ""
        self._placed: list[int] = []
        """The rows the follower itself moved to, their messages still to come (any other
        move is the reader's)."""

    def compose(self) -> ComposeResult:
        if self.projector:
            yield ProjectorView()
            yield Static(id="status")
            return
        yield TitleBar()
        with Horizontal(id="body"):
            yield Outline(id="outline")
            yield DraftText(id="text")
        yield Static(id="status")
        yield Static(key_line(FOLLOWER_KEYS), id="keys")

    def on_mount(self) -> None:
        self.sub_title = f"{self.draft.document.name} (read-only)"
        self.set_class(self.projector, "projector")
        if not self.projector:
            self._show_draft()
            self.query_one(DraftText).focus()
        self._place()
        self._say()
        self._follow()

    # -- following ------------------------------------------------------------------------
    @work(exclusive=True, group="follow")
    async def _follow(self) -> None:
        """Apply each update of the draft on disk as it comes."""
        updates = self.disk.updates()
        await anext(updates)  # (the state read at start, shown already)
        async for update in updates:
            self.apply(update)

    def apply(self, update: Update) -> None:
        """Show what an update brings: the new text (changed paragraphs marked), where the
        facilitator is, or why the draft cannot be read just now."""
        self.problem = update.problem
        if update.draft_changed and update.draft is not None:
            before = list(self._rows)
            self._take(update.draft)
            self.unseen |= update.changed
            self.saved_at = datetime.now().strftime("%H:%M:%S")
            if not self.projector:
                if before == list(self._rows):
                    for paragraph_id in update.changed:
                        self._redraw_row(self._row(paragraph_id))
                else:
                    self._show_draft()
        if update.moved:
            self.position = update.position
        self._place()
        self._say()

    def _place(self) -> None:
        """Go to the facilitator's paragraph when following (else stay)."""
        row = self._row(self.position.paragraph) if self.position else None
        if self.projector:
            self._project(row if row is not None and self.following else self._current())
            return
        if not self.following or row is None:
            return
        text = self.query_one(DraftText)
        in_view = text.in_view(row)
        self._move(row)
        if not in_view:
            self.call_after_refresh(text.scroll_to_highlight, top=True)

    def _current(self) -> int:
        if self.projector:
            return getattr(self, "_projected", 0)
        return self.query_one(DraftText).highlighted or 0

    def _project(self, row: int) -> None:
        self._projected = row
        paragraph = self.draft.paragraphs[row]
        note = _CHANGED if paragraph.id in self.unseen else ""
        self.query_one(ProjectorView).show(self.draft, self.labels, row, self.registry, note)

    def _say(self) -> None:
        """The status line: whom it follows, where, when the draft was last saved, what
        changed since the reader looked, or why it waits."""
        status = self.query_one("#status", Static)
        status.set_class(bool(self.problem), "problem")
        if self.problem:
            status.update(Content(f"Waiting for the draft: {self.problem} (last good text shown)"))
            return
        where = self.labels.get(self.position.paragraph, "") if self.position else ""
        if not where:
            said = "Room closed"
        elif self.following:
            said = f"Following the facilitator at {where}"
        else:
            said = f"Not following (f: back to {where})"
        if self.saved_at:
            said += f" · saved {self.saved_at}"
        if self.unseen:
            said += f" · {len(self.unseen)} changed since you looked (n, c)"
        status.update(Content(said))

    # -- the text -------------------------------------------------------------------------
    def _take(self, draft: Draft) -> None:
        """Make `draft` the one shown (its labels, delegations, rows)."""
        self.draft = draft
        self.labels = labels(draft)
        self.registry = Registry(draft.delegations)
        self._rows = {p.id: i for i, p in enumerate(draft.paragraphs)}

    def _row(self, paragraph_id: str) -> int | None:
        return self._rows.get(paragraph_id)

    def _content(self, row: int) -> Content:
        return self._paragraph_content(self.draft.paragraphs[row])

    def _paragraph_content(self, paragraph: Paragraph, _label: str = "") -> Content:
        content = paragraph_content(paragraph, self.labels[paragraph.id], registry=self.registry)
        if paragraph.id in self.unseen:
            content = Content.assemble((f"{_CHANGED} ", "bold reverse $success"), " ") + content
        return content

    def _show_draft(self) -> None:
        text, outline = self.query_one(DraftText), self.query_one(Outline)
        keep = text.highlighted
        every = list(range(len(self.draft.paragraphs)))
        outline.show_draft(self.draft, self.labels, every)
        text.show_paragraphs(
            self.draft.paragraphs, self.labels, self._paragraph_content,
            lambda p, label: [len(label) + 20, len(p.text) + 6, 0],
        )  # fmt: skip
        if keep is None or keep >= len(every):  # (first: the first negotiable paragraph)
            keep = next((i for i, p in enumerate(self.draft.paragraphs) if p.negotiable), 0)
        self._move(keep)

    def _move(self, row: int) -> None:
        """Highlight `row` in the text, as the follower (not the reader) moving."""
        text = self.query_one(DraftText)
        if text.highlighted != row:
            self._placed.append(row)
            text.highlighted = row

    def _redraw_row(self, row: int | None) -> None:
        if row is None:
            return
        paragraph = self.draft.paragraphs[row]
        self.query_one(DraftText).replace_content(row, self._content(row))
        self.query_one(Outline).replace_content(
            row, outline_entry(paragraph, self.labels[paragraph.id])
        )

    @on(ParagraphList.Highlighted, "#text")
    def _moved(self, event: ParagraphList.Highlighted) -> None:
        """The reader moving by hand stops following; the outline follows the text."""
        if event.index in self._placed:
            del self._placed[: self._placed.index(event.index) + 1]
        else:
            self.following = False
            self._say()
        outline = self.query_one(Outline)
        if outline.highlighted != event.index:
            outline.highlighted = event.index

    @on(ParagraphList.Highlighted, "#outline")
    def _outline_moved(self, event: ParagraphList.Highlighted) -> None:
        """The reader moving in the outline moves the text (the follower moving the text
        moves the outline, which must not move the text back)."""
        if not event.control.has_focus:
            return
        text = self.query_one(DraftText)
        if text.highlighted != event.index:
            text.highlighted = event.index

    # -- keys ---------------------------------------------------------------------------
    def action_follow(self) -> None:
        """Follow the facilitator again (or stop)."""
        self.following = not self.following
        self._place()
        self._say()

    def action_seen(self) -> None:
        """The reader has looked: no paragraph is marked changed any more."""
        rows = [self._row(p) for p in self.unseen]
        self.unseen = set()
        if self.projector:
            self._project(self._current())
        else:
            for row in rows:
                self._redraw_row(row)
        self._say()

    def action_next_change(self) -> None:
        """The next paragraph changed since the reader looked (stops following)."""
        rows = sorted(r for r in map(self._row, self.unseen) if r is not None)
        if not rows:
            self.notify("Nothing changed since you looked.", timeout=3)
            return
        here = self._current()
        row = next((r for r in rows if r > here), rows[0])
        self.following = False
        if self.projector:
            self._project(row)
        else:
            self._move(row)
            self.call_after_refresh(self.query_one(DraftText).scroll_to_highlight, top=True)
        self._say()
