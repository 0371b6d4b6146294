"""The facilitator's room in a process of its own, driven line by line from stdin, for the
live tests (the follower and the page are other processes: they learn only what the room
writes to disk).

``python tests/room_driver.py DRAFT`` runs the drafting room headless (Textual's test
harness, 160x50) and prints ``ready``; then each line is one command, answered ``done``:
``go LABEL`` (the `g` key and the label), ``keys K1 K2…`` (key presses), ``quit``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.tui.app import DraftroomApp
from tests.pilot import go_to


async def main(draft: Path) -> None:
    app = DraftroomApp(draft)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        print("ready", flush=True)
        while line := await asyncio.to_thread(sys.stdin.readline):
            command, _, rest = line.strip().partition(" ")
            if command == "go":
                await go_to(pilot, rest)
            elif command == "keys":
                await pilot.press(*rest.split())
            elif command == "quit":
                break
            await pilot.pause()
            await pilot.pause()  # (the save comes right after the frame that shows it)
            print("done", flush=True)
    print("closed", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
