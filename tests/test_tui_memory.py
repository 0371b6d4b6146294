"""The room's garbage collection: full collections wait for a pause in the keys (one in
the middle of a key press took 20-140 ms on a long draft), and do come once it is idle;
the young generations are collected at a short pause, so the next key starts empty."""

from __future__ import annotations

import gc

from app.tui.app import DraftroomApp
from app.tui.memory import IDLE, LITTLE, PAUSE
from tests.pilot import go_to


async def test_no_full_collection_runs_while_keys_come_and_one_runs_once_idle(demo):
    full: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        gc.callbacks.append(count)
        try:
            for _ in range(3):
                await go_to(pilot, "OP33 B 29")
                for _ in range(60):  # garbage enough for several full collections
                    await pilot.press("down")
            assert not full, "a full collection ran between keys"
            app.memory.last_input -= IDLE  # a second without a key
            assert app.memory.collect_if_idle()
            assert full
        finally:
            gc.callbacks.remove(count)
    assert gc.get_threshold()[2] < 1000, "the collector's thresholds were not restored"


async def test_the_garbage_keys_leave_is_collected_at_a_pause_not_in_the_next_key(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        gc.collect(0)
        left = [[n] for n in range(2 * LITTLE)]  # what the keys made, still young
        app.memory.input()  # a key just came
        assert not app.memory.collect_if_idle()
        assert gc.get_count()[0] >= LITTLE, "young garbage collected with no pause"
        app.memory.last_input -= PAUSE
        assert not app.memory.collect_if_idle(), "a full collection ran at a short pause"
        assert gc.get_count()[0] < LITTLE, "the young garbage waits for a collection"
        assert len(left) == 2 * LITTLE
