"""The projector layout: the current paragraph large and alone in high contrast, with its
brackets and supporters, between the end of the one before and the start of the one after;
no key bar, no outline, no panel: what the back of the room reads from the screen.

A terminal cannot make its letters larger, so the layout spends the screen on one
paragraph instead: the label on a reversed line of its own, the wording in bold white on
black, the neighbours muted and cut to a few lines. It is `draftroom open DRAFT
--projector` (a follower: read-only, it follows the facilitator) and the room's `P` key
(the facilitator's own screen; the arrows still move, Esc or `P` returns).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from app.core.delegations import Registry
from app.core.draft import Draft
from app.tui.view import RoomView
from app.tui.widgets.draft_text import paragraph_content


class ProjectorView(Vertical):
    """The paragraph at one index of a draft, projected, with its neighbours."""

    DEFAULT_CSS = """
    ProjectorView {
        background: #000000;
        color: #ffffff;
        padding: 0 2;
        & > #before { color: #9a9a9a; max-height: 20%; height: auto; text-overflow: ellipsis; }
        & > #label { background: #ffffff; color: #000000; text-style: bold; height: 1;
                     padding: 0 1; margin: 1 0 0 0; }
        & > #current { text-style: bold; height: auto; padding: 1 0; }
        & > #after { color: #9a9a9a; max-height: 30%; height: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="before")
        yield Static(id="label")
        yield Static(id="current")
        yield Static(id="after")

    def show(
        self, draft: Draft, labels: dict[str, str], index: int, registry: Registry,
        note: str = "",
    ) -> None:  # fmt: skip
        """Project the paragraph at `index`; `note` follows its label (``changed``)."""
        paragraphs = draft.paragraphs
        here = paragraphs[index]
        label = labels.get(here.id, "")
        status = here.shown_status if not here.is_heading else ""
        head = Content(f" {label}   {status}".rstrip())
        if note:
            head = head + Content(f"   {note}").stylize("bold $success")
        self.query_one("#label", Static).update(head)
        body = paragraph_content(here, label, registry=registry)
        if not here.is_heading:  # (the label line is the reversed bar above)
            body = body[len(f"{label}  {here.shown_status}\n") :]
        self.query_one("#current", Static).update(body)
        before = paragraphs[index - 1] if index > 0 else None
        after = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        for name, other in (("#before", before), ("#after", after)):
            shown = Content("")
            if other is not None:
                shown = paragraph_content(other, labels.get(other.id, ""), registry=registry)
            self.query_one(name, Static).update(shown.rstrip())


class ProjectorScreen(Screen[None]):
    """The room's `P`: its current paragraph projected; the arrows move the room."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,P", "app.pop_screen", "Back to the room", show=False),
        Binding("down", "step(1)", "Next paragraph", show=False),
        Binding("up", "step(-1)", "Previous paragraph", show=False),
    ]

    def __init__(self, room: RoomView) -> None:
        super().__init__()
        self.room = room

    def compose(self) -> ComposeResult:
        yield ProjectorView()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        room = self.room
        self.query_one(ProjectorView).show(
            room.room.draft, room.labels, room.here, room.room.registry
        )

    def action_step(self, by: int) -> None:
        """The next or previous paragraph shown in the room (the followers follow)."""
        shown = self.room.shown
        row = shown.index(self.room.here) + by
        if 0 <= row < len(shown):
            self.room.go_to(shown[row])  # (which shows it)
            self.show()
