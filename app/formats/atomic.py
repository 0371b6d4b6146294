"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed and fsynced, then renamed
over the target; the folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace `path` with `data` atomically and durably (`sync_dir=False`: the caller
    fsyncs the folder itself, once for several files)."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; the result gets the mode a plain write would give
        os.fchmod(fd, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if sync_dir:
        fsync_dir(path.parent)


@cache
def _default_mode() -> int:
    """0o666 less the umask, read once (reading it means setting it for an instant)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
