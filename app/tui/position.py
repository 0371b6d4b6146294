"""Where the facilitator was in each draft, so the room reopens there.

View state, not draft data: it lives outside the draft folder (never in a diff), in
``$XDG_STATE_HOME/draftroom/positions.toml`` (or ``$DRAFTROOM_STATE_DIR``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import tomli_w

from app.core.errors import DraftroomError
from app.files.atomic import read_regular, write_atomic


def _file() -> Path:
    base = os.environ.get("DRAFTROOM_STATE_DIR") or os.path.join(
        os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state", "draftroom"
    )
    return Path(base) / "positions.toml"


def _read() -> dict[str, str]:
    try:
        data = tomllib.loads(read_regular(_file(), limit=1 << 20).decode("utf-8"))
    except (OSError, DraftroomError, ValueError, RecursionError):  # (nested too deep)
        return {}  # a lost or broken view state only costs the starting place
    return {k: v for k, v in data.items() if isinstance(v, str)}


def last_paragraph(draft: Path) -> str | None:
    """The id of the paragraph the draft was left at, if known."""
    return _read().get(str(Path(draft).resolve()))


def remember(draft: Path, paragraph_id: str) -> None:
    """Record where the draft is being left (best effort: never blocks quitting)."""
    positions = _read()
    positions[str(Path(draft).resolve())] = paragraph_id
    try:
        _file().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(_file(), tomli_w.dumps(positions).encode())
    except OSError:
        pass
