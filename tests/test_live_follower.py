"""The follower (`draftroom open DRAFT --follow`) and the projector, with the facilitator's
room in another process: the follower takes no lock, goes where the facilitator goes,
shows each change within a second marked as changed, lets the reader look elsewhere and
come back, and waits out a draft that is briefly gone."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from app.core.labels import find
from app.tui.app import DraftroomApp
from app.tui.follower import FollowerApp
from app.tui.projector import ProjectorScreen, ProjectorView
from app.tui.widgets.draft_text import DraftText

from .conftest import ROOT, run_module


class Room:
    """The facilitator's room, in its own process (tests/room_driver.py)."""

    def __init__(self, draft: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "room_driver.py"), str(draft)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def do(self, command: str) -> float:
        """Run a command in the room; the moment it was done (saved, published)."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        assert self._line() == "done"
        return time.monotonic()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(20)


@pytest.fixture
def room(demo: Path) -> Iterator[Room]:
    facilitator = Room(demo)
    yield facilitator
    facilitator.close()


async def _within(pilot, seen: Callable[[], bool], seconds: float = 1.0) -> float:
    """Wait until `seen()`; how long it took (the test fails past `seconds`)."""
    start = time.monotonic()
    while not seen():
        assert time.monotonic() - start < seconds, "not shown in time"
        await pilot.pause(0.02)
    return time.monotonic() - start


def _row_text(app: FollowerApp, label: str) -> str:
    row = app.draft.paragraphs.index(find(app.draft, label))
    return app.query_one(DraftText).content_at(row).plain


def _current_label(app: FollowerApp) -> str:
    return app.labels[app.draft.paragraphs[app.query_one(DraftText).highlighted or 0].id]


async def test_a_follower_goes_where_the_facilitator_goes_and_shows_a_change_within_a_second(
    demo: Path, room: Room
):
    app = FollowerApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        room.do("go OP7")
        await _within(pilot, lambda: _current_label(app) == "OP7")
        room.do("go OP3")
        saved = room.do("keys m down enter")  # agreed ad ref, saved
        await _within(pilot, lambda: "agreed ad ref" in _row_text(app, "OP3"))
        assert time.monotonic() - saved < 1.0
        assert _row_text(app, "OP3").startswith("changed")  # since the reader looked
        assert _current_label(app) == "OP3"
        assert "1 changed since you looked" in str(app.query_one("#status", Static).render())
        await pilot.press("c")  # seen
        assert not _row_text(app, "OP3").startswith("changed")
        assert not (demo / ".draftroom.lock").read_text().count("follow")  # the room's lock


async def test_the_reader_can_look_elsewhere_and_return_to_the_facilitator(demo: Path, room: Room):
    app = FollowerApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        room.do("go OP5")
        await _within(pilot, lambda: _current_label(app) == "OP5")
        await pilot.press("down", "down")  # the reader reads on
        assert not app.following and _current_label(app) == "OP7"
        room.do("go OP9")
        await pilot.pause(0.5)
        assert _current_label(app) == "OP7"  # left where the reader is
        assert "f: back to OP9" in str(app.query_one("#status", Static).render())
        await pilot.press("f")
        assert app.following and _current_label(app) == "OP9"


async def test_a_follower_takes_no_lock_and_waits_out_a_draft_briefly_gone(
    demo: Path, tmp_path: Path
):
    app = FollowerApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not (demo / ".draftroom.lock").exists()
        result = await asyncio.to_thread(run_module, "mark", demo, "OP3", "agreed ad ref")
        assert result.returncode == 0, result.stderr  # the CLI writes while it follows
        await _within(pilot, lambda: "agreed ad ref" in _row_text(app, "OP3"))
        shutil.move(demo, tmp_path / "away")  # a `git checkout`, a copy back…
        status = app.query_one("#status", Static)
        await _within(pilot, lambda: "Waiting for the draft" in str(status.render()))
        assert "agreed ad ref" in _row_text(app, "OP3")  # the last good text stays
        shutil.move(tmp_path / "away", demo)
        await _within(pilot, lambda: "Waiting" not in str(status.render()))
        result = await asyncio.to_thread(run_module, "mark", demo, "OP4", "agreed ad ref")
        await _within(pilot, lambda: "agreed ad ref" in _row_text(app, "OP4"))
        assert app.is_running


async def test_the_projector_follows_the_facilitator_large_and_alone(demo: Path, room: Room):
    app = FollowerApp(demo, projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        room.do("go OP11")
        label = app.query_one("#label", Static)
        await _within(pilot, lambda: "OP11" in str(label.render()))
        assert "bracketed" in str(label.render())
        current = str(app.query_one("#current", Static).render())
        assert "[in the light of the current situation and policies, - Canada retain; US" in (
            current.replace("\n", " ")
        )
        assert "OP10" in str(app.query_one("#before", Static).render())
        assert not app.query("#keys")  # no key bar on the projector


async def test_the_rooms_projector_key_projects_the_current_paragraph_and_moves_the_room(
    demo: Path,
):
    app = DraftroomApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        from tests.pilot import go_to

        await go_to(pilot, "OP7")
        await pilot.press("P")
        assert isinstance(app.screen, ProjectorScreen)
        view = app.screen.query_one(ProjectorView)
        assert "OP7" in str(view.query_one("#label", Static).render())
        await pilot.press("down")
        assert app.labels[app.paragraph.id] == "OP7 bis"
        assert "OP7 bis" in str(view.query_one("#label", Static).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ProjectorScreen)
        assert app.labels[app.paragraph.id] == "OP7 bis"
