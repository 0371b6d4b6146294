"""What the room looks like with the demo negotiation, at 80x24 and at 160x50 (SVG
snapshots; `pytest --snapshot-update` after a deliberate change of the screen)."""

from __future__ import annotations

from pathlib import Path

from app.tui.app import DraftroomApp
from tests.pilot import glossary_loaded

DEMO = Path(__file__).resolve().parent.parent / "drafts" / "cnd-2014-demo"


async def first_bracket(pilot) -> None:
    """Once the glossary is loaded (so the panel is complete), go to the first bracket."""
    await glossary_loaded(pilot)
    await pilot.press("right_square_bracket")
    await pilot.pause()


def test_the_room_at_80_by_24_shows_the_text_and_the_counters(snap_compare):
    assert snap_compare(DraftroomApp(DEMO), terminal_size=(80, 24), run_before=first_bracket)


def test_the_room_at_160_by_50_shows_outline_text_and_bracket_panel(snap_compare):
    assert snap_compare(DraftroomApp(DEMO), terminal_size=(160, 50), run_before=first_bracket)
