"""Driving the drafting room in tests: answer its questions without typing key by key."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from app.tui.app import DraftroomApp
from app.tui.screens import AskScreen
from app.tui.widgets.panel import ParagraphPanel


async def answer(pilot: Pilot, text: str) -> None:
    """Type into the open AskScreen by setting its value (typing is slow) and submit."""
    screen = pilot.app.screen
    assert isinstance(screen, AskScreen)
    screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def panel_text(app: DraftroomApp) -> str:
    return str(app.query_one(ParagraphPanel).render())
