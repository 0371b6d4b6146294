"""The answer line of the question line (:mod:`app.tui.widgets.ask_bar`): a module of its
own, as Textual's `Input` it derives from is not needed for the room's first frame."""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.widgets import Input


class AnswerLine(Input):
    """An answer typed on one row of a fixed width. Textual's Input asks for a layout of
    the whole screen whenever its value changes (its scrollable width does), though its
    own size cannot change; that request is dropped here, the line repainted instead. It
    takes the focus only while a question is open (a cell of it is in view all along)."""

    asking = False
    """Whether a question is open (else it cannot be focused, by a click or Tab)."""

    _resized = False
    """Whether the scrollable width just changed (the refresh that follows asks a layout)."""

    def allow_focus(self) -> bool:
        return self.asking

    def watch_virtual_size(self) -> None:
        self._resized = True

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._resized:
            self._resized, layout = False, False  # (its width and height are the CSS's)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
