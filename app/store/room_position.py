"""Where the facilitator is: the paragraph the room holding the draft's lock shows, published
for the followers, the projector and the web page.

``DRAFT/.draftroom.position`` is a small TOML file beside the lock (``paragraph`` id,
``label``, ``program``, ``pid``, ``at``), replaced atomically at each move, so a reader sees
the old position or the new one, never half. It is view state, not draft data:

- it is not one of the draft's files (the store neither reads nor writes it, so saves,
  change detection and the journal are untouched; a draft's load never depends on it);
- it is not in the lock file, which is written once by `flock`'s holder and read by
  anyone: rewriting it in place at each move would let a reader see it half written;
- it stays out of git like the lock (``.draftroom.*`` in a draft repository's
  ``.gitignore``; the git merge driver merges the draft's files only);
- only the program holding the draft's lock publishes it, and removes it on leaving: a
  file that remains after a crash names a pid that no longer runs, and reads as nothing.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomli_w

from app.core.errors import DraftroomError
from app.files.atomic import read_regular, write_atomic

POSITION_FILE = ".draftroom.position"


@dataclass(frozen=True, slots=True)
class Position:
    """The facilitator's paragraph: its id (stable) and the label it had when published."""

    paragraph: str
    label: str = ""
    program: str = ""
    pid: int = 0
    at: str = ""


def publish(folder: Path, paragraph: str, label: str, *, program: str) -> None:
    """Say which paragraph the room is on (best effort: a folder that cannot take the file
    costs the followers the position, never the room its key press)."""
    data = {
        "paragraph": paragraph,
        "label": label,
        "program": program,
        "pid": os.getpid(),
        "at": datetime.now().astimezone().isoformat(timespec="milliseconds"),
    }
    with contextlib.suppress(OSError, DraftroomError):
        # atomic, not durable: a position left by a crash names a dead pid and reads as
        # nothing, and an fsync at each move cost the key after it 1-30 ms
        write_atomic(Path(folder) / POSITION_FILE, tomli_w.dumps(data).encode(), durable=False)


def withdraw(folder: Path) -> None:
    """The room leaves: nobody's position is published any more."""
    with contextlib.suppress(OSError):
        (Path(folder) / POSITION_FILE).unlink()


def published(folder: Path) -> Position | None:
    """The position the room holding the draft published, if any (one left by a program
    that no longer runs, or unreadable, is none)."""
    try:
        data = tomllib.loads(
            read_regular(Path(folder) / POSITION_FILE, follow=False, limit=4096).decode()
        )
    except (OSError, ValueError, RecursionError, DraftroomError):
        return None
    paragraph, pid = data.get("paragraph"), data.get("pid")
    if not isinstance(paragraph, str) or not isinstance(pid, int) or not _running(pid):
        return None
    text = {k: str(data.get(k, "")) for k in ("label", "program", "at")}
    return Position(paragraph, pid=pid, **text)


def _running(pid: int) -> bool:
    """Whether process `pid` runs (on this host: the draft folder is local)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True
