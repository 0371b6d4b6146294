"""Following a draft on disk: a change made by another process is seen within a second on
its paragraph, the facilitator's position is published and withdrawn, and a draft that
goes away for a moment is followed again when it comes back."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from app.core.labels import find
from app.live.watch import DraftWatch, Update
from app.session import Session, position
from app.store.room_position import POSITION_FILE
from tests.pilot import go_to

from .conftest import run_module


async def _next(updates, timeout: float = 3.0) -> Update:
    return await asyncio.wait_for(anext(updates), timeout)


async def test_a_watch_sees_a_cli_change_within_a_second_on_its_paragraph(demo: Path):
    watch = DraftWatch(demo)
    stop = asyncio.Event()
    updates = watch.updates(stop)
    first = await _next(updates)
    assert first.draft is not None and not first.problem
    op1 = find(first.draft, "OP1").id
    result = await asyncio.to_thread(run_module, "mark", demo, "OP1", "agreed")
    assert result.returncode == 0, result.stderr
    saved = time.monotonic()
    update = await _next(updates)
    assert time.monotonic() - saved < 1.0
    assert update.changed == {op1}
    assert find(update.draft, "OP1").status.value == "agreed"
    stop.set()


async def test_a_watch_waits_while_the_draft_is_gone_and_follows_it_again(tmp_path: Path, demo):
    watch = DraftWatch(demo)
    stop = asyncio.Event()
    updates = watch.updates(stop)
    await _next(updates)
    away = tmp_path / "away"
    shutil.move(demo, away)
    gone = await _next(updates)
    assert gone.problem and gone.draft is not None  # the last good draft is kept
    shutil.move(away, demo)
    back = await _next(updates)
    assert not back.problem
    await asyncio.to_thread(run_module, "mark", demo, "OP1", "agreed")
    update = await _next(updates)  # the folder's own watch is laid again
    assert find(update.draft, "OP1").status.value == "agreed"
    stop.set()


async def test_the_room_publishes_where_it_is_and_withdraws_it_on_leaving(demo: Path):
    from app.tui.app import DraftroomApp

    app = DraftroomApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "OP3")
        await pilot.pause(0.1)
        published = position(demo)
        assert published is not None and published.label == "OP3"
        assert published.paragraph == find(app.room.draft, "OP3").id
        # a second window, read-only, publishes nothing over the facilitator's
        second = Session(demo, program="draftroom open", read_only_if_busy=True)
        second.publish(find(app.room.draft, "OP1").id, "OP1")
        assert position(demo).label == "OP3"
        second.close()
        assert (demo / POSITION_FILE).exists()
    assert not (demo / POSITION_FILE).exists()
    assert position(demo) is None
