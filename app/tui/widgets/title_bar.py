"""The title line at the top of the room, the follower and the source viewer.

Textual's `Header` composes four widgets for this one line (the icon, the title, the
clock's space, and itself), each styled and laid out at start-up: about 4 ms of the
room's ~85 ms over a bare app (29 M instructions under callgrind), where the budget
(issue 20: 1.3x a bare app) wants every millisecond. This is one widget drawing the same
line: the icon that opens the command palette, the screen's title and sub-title centred
(the draft's name, never markup: :meth:`App.format_title` builds `Content`).
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.events import Click
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""The icon's cells at the left, as Textual's Header: a click there opens the palette."""
RIGHT = 10
"""The cells Textual's Header keeps at the right for its clock: the title centred alike."""


class TitleBar(Widget):
    """One line: the palette's icon at the left, the title and sub-title centred."""

    DEFAULT_CSS = """
    TitleBar { dock: top; width: 100%; height: 1; background: $panel; color: $foreground; }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitled, init=False)
            self.watch(owner, "sub_title", self._retitled, init=False)
        if self.app.ENABLE_COMMAND_PALETTE:
            self.tooltip = "Open the command palette (Ctrl+P)"

    def _retitled(self) -> None:
        self.refresh()

    @property
    def title_content(self) -> Content:
        """The screen's title and sub-title (the app's where the screen has none)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> RenderResult:
        width = self.size.width
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2) if width > ICON_WIDTH else Content()
        room = max(0, width - icon.cell_length - RIGHT)
        title = self.title_content.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        return icon + title.pad_left(left)

    async def on_click(self, event: Click) -> None:
        """A click on the icon opens the command palette, as on Textual's Header."""
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
