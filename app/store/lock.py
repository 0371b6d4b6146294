"""One writer per draft: a lock file in the draft folder, held with `flock`.

``DRAFT/.draftroom.lock`` exists while a program writes the draft; it says who (program,
pid, host, since when) so a second window can tell the user. The lock itself is an
``flock`` on that file, which the kernel drops when the holder's process ends however it
ends, so the lock of a killed process is simply taken over. The holder removes the file on
release; a program that acquires the lock checks it still holds the file that stands at
that path (another may have removed it meanwhile), and tries again if not.

The CLI's commands that change a draft wait a few seconds for the lock, then fail (exit 2)
naming the holder. The drafting room (TUI) asks without waiting and opens the draft
read-only when another program holds it::

    lock = DraftLock(folder, program="draftroom open")
    if lock.acquire(wait=0):       # True: this program writes the draft
        ...                        # save as usual; lock.release() on quit
    else:
        notify(f"Read-only: open in another window: {lock.holder()}")

``acquire`` raises a :class:`DraftroomError` when the lock file cannot be created at all
(a read-only folder); the room opens read-only then too. The lock is released when the
process ends, even by SIGKILL, and by ``release()`` or leaving a ``with`` block.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import stat
import time
import tomllib
from datetime import datetime
from pathlib import Path
from types import TracebackType

import tomli_w

from app.core.errors import Conflict, DraftroomError
from app.files.atomic import read_regular

LOCK_FILE = ".draftroom.lock"
#: How long a CLI command waits for another program to finish with the draft.
CLI_WAIT = 5.0


class DraftLocked(Conflict):
    """Another program is writing the draft."""


class DraftLock:
    """The write lock of one draft folder."""

    def __init__(self, folder: Path, program: str = "draftroom") -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILE
        self.program = program
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to `wait` seconds for another holder; False if it is
        still held. A lock left by a process that died is taken over at once."""
        if self._fd is not None:
            return True
        deadline = time.monotonic() + wait
        while True:
            if self._try():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))

    def _try(self) -> bool:
        try:
            # never through a link (a hostile folder's lock linked to another file would
            # be truncated), never blocking on a FIFO put in its place
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
            fd = os.open(self.path, flags, 0o644)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EISDIR):
                what = "a symbolic link" if error.errno == errno.ELOOP else "a folder"
                raise DraftroomError(
                    f"is {what}: a draft's lock file is a file Draftroom makes",
                    path=self.path, hint="remove it (nothing of the draft is in it)",
                ) from None  # fmt: skip
            raise DraftroomError(
                f"cannot lock the draft for writing: {error.strerror}",
                path=self.folder,
                hint="open it read-only, or copy the folder somewhere writable",
            ) from None
        own = os.fstat(fd)
        # a hard link is another name of someone's file: writing who holds the lock into
        # it would overwrite that file (O_NOFOLLOW stops symbolic links only)
        if not stat.S_ISREG(own.st_mode) or own.st_nlink != 1:
            os.close(fd)
            what = "a hard link to another file" if stat.S_ISREG(own.st_mode) else "not a file"
            raise DraftroomError(
                f"is {what}: a draft's lock file is a file Draftroom makes",
                path=self.path, hint="remove it (nothing of the draft is in it)",
            )  # fmt: skip
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        try:
            same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:  # the holder removed it as we opened it
            same = False
        if not same:
            os.close(fd)
            return self._try()
        info = {
            "program": self.program,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.write(fd, tomli_w.dumps(info).encode())
        self._fd = fd
        return True

    def holder(self) -> str:
        """Who holds the lock, as a person reads it: ``draftroom open (pid 1234 on
        host) since 10:15``."""
        try:
            info = tomllib.loads(read_regular(self.path, follow=False, limit=4096).decode())
        except (OSError, ValueError, RecursionError, DraftroomError):
            return "another program"
        since = str(info.get("since", ""))
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(since)
            same_day = moment.date() == datetime.now(moment.tzinfo).date()
            since = moment.strftime("%H:%M" if same_day else "%d %b %H:%M")
        where = f"pid {info.get('pid', '?')}"
        if info.get("host") and info.get("host") != socket.gethostname():
            where += f" on {info['host']}"
        return f"{info.get('program', 'draftroom')} ({where})" + (
            f" since {since}" if since else ""
        )

    def release(self) -> None:
        """Give the lock up (and remove the lock file); harmless when not held."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> DraftLock:
        hold(self, CLI_WAIT)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def hold(lock: DraftLock, wait: float) -> None:
    """Take `lock` or raise :class:`DraftLocked` naming who holds it."""
    if not lock.acquire(wait):
        raise DraftLocked(
            f"is open for writing in another window: {lock.holder()}",
            path=lock.folder,
            hint="close it there (or wait until that command ends), then retry; "
            "reading commands (show, status, export, check) work meanwhile",
        )
