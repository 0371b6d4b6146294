"""A writer to be killed: the drafting room's save loop, in a process the crash test kills.

Started once as ``python tests/crash_driver.py DRAFT``, it imports the app and then waits
on stdin. Each ``go SEED`` line forks a worker that does what the TUI does on every key
press that changes the draft: take the draft's lock (a killed predecessor's is taken over),
load the draft, apply a change through :class:`Room`, ``save_draft``, report. It prints
``saving N DIGEST`` before each save and ``ok N DIGEST`` once the save returned (the
acknowledgement), DIGEST being the hash of the files the save writes. The test sends
SIGKILL to the worker at a random moment, then ``reap PID``; the driver waits for the
worker's end and prints ``dead PID``. Forking from a process that has imported everything
makes one kill cost milliseconds instead of an interpreter's start-up.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.draft import Draft, Kind
from app.core.errors import DraftroomError
from app.core.room import Room
from app.store.lock import DraftLock
from app.store.store import dumps, load_draft, save_draft


def say(line: str) -> None:
    """One line in one write: a kill can never cut a line (print writes the text and the
    newline apart when output is unbuffered, as PYTHONUNBUFFERED makes it)."""
    os.write(1, (line + "\n").encode())


DELEGATIONS = ["EU", "G77", "US", "Mexico", "Iran", "Japan", "Norway", "CELAC"]


def digest(draft: Draft) -> str:
    """A hash of every file a save of this draft writes."""
    files = dumps(draft)
    return hashlib.sha256(b"".join(n.encode() + files[n] for n in sorted(files))).hexdigest()[:16]


def change(room: Room, rng: random.Random, n: int) -> None:
    """One change of the kinds a facilitator makes, picked at random."""
    draft = room.draft
    labels = [room.label(p) for p in draft.paragraphs if p.kind is Kind.OPERATIVE]
    brackets = [b.id for p in draft.paragraphs for b in p.brackets]
    who = rng.choice(DELEGATIONS)
    pick = rng.random()
    if pick < 0.35:
        room.propose(rng.choice(labels), who, f"Decides that States shall take step {n};")
    elif pick < 0.5 and brackets:
        room.support(rng.choice(brackets), who, rng.choice([1, 2]))
    elif pick < 0.6:
        room.insert(rng.choice(labels), who, f"Invites further action number {n};")
    elif pick < 0.7:
        room.mark(rng.choice(labels), rng.choice(["pending", "reserved"]), [who])
    elif pick < 0.78:
        room.revise()
    elif pick < 0.9:
        room.undo()
    else:
        room.redo()


def worker(folder: Path, seed: int) -> None:
    """Change the draft and save it, again and again, until killed."""
    lock = DraftLock(folder, program="crash driver")
    if not lock.acquire(wait=0):
        say(f"locked {lock.holder()}")
        os._exit(3)
    room = Room(load_draft(folder))
    say(f"start {os.getpid()} {digest(room.draft)}")
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        try:
            change(room, rng, n)
        except DraftroomError:
            continue  # refused (nothing to undo, an option that does not exist…)
        state = digest(room.draft)
        say(f"saving {n} {state}")
        save_draft(room.draft, folder)
        say(f"ok {n} {state}")


def main() -> None:
    folder = Path(sys.argv[1])
    say("ready")
    for line in sys.stdin:
        command, argument = line.split()
        if command == "go":
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                try:
                    worker(folder, int(argument))
                except BaseException as error:
                    traceback.print_exc()
                    sys.stderr.flush()
                    say(f"failed {type(error).__name__}: {error}".replace("\n", " "))
                os._exit(1)
            say(f"worker {pid}")
        elif command == "reap":
            os.waitpid(int(argument), 0)
            say(f"dead {argument}")


if __name__ == "__main__":
    main()
