"""Driving the drafting room in tests: answer its questions without typing key by key."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from app.tui.app import DraftroomApp
from app.tui.screens import ProposeScreen
from app.tui.widgets.ask_bar import AskBar
from app.tui.widgets.panel import ParagraphPanel


async def answer(pilot: Pilot, text: str) -> None:
    """Type into the open question line by setting its value (typing is slow) and submit."""
    bar = pilot.app.screen.query_one(AskBar)
    assert bar.is_open, "no question is open"
    bar.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def go_to(pilot: Pilot, label: str) -> None:
    """Jump to a paragraph as a user does: `g`, then its label."""
    await pilot.press("g")
    await answer(pilot, label)


async def open_editor(pilot: Pilot, label: str, delegation: str) -> ProposeScreen:
    """Go to `label` and open the proposal editor for `delegation` (named, not typed)."""
    await go_to(pilot, label)
    await pilot.press("e")
    editor = pilot.app.screen
    assert isinstance(editor, ProposeScreen)
    editor.query_one(Input).value = delegation
    return editor


def panel_text(app: DraftroomApp) -> str:
    return str(app.query_one(ParagraphPanel).content)


async def glossary_loaded(pilot: Pilot) -> None:
    """Wait for the glossary the room loads after its first frame (so the panel is whole)."""
    for _ in range(200):
        if pilot.app.agreed.checker is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the glossary did not load within 10 s")


def notified(app: DraftroomApp, text: str) -> bool:
    """Whether a notification the room showed says `text`."""
    return any(text in n.message for n in app._notifications)
