"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed and fsynced, then renamed
over the target; the folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from app.core.errors import DraftroomError

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder",
}  # fmt: skip


def write_atomic(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace `path` with `data` atomically and durably (`sync_dir=False`: the caller
    fsyncs the folder itself, once for several files)."""
    path = Path(path)
    # the temporary name stays within the file-name limit whatever the target's length
    fd, temp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
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


def replaceable(path: Path, *, force: bool, hint: str) -> Path:
    """The file to write for a user's target `path` (a document, not a draft): a new file in
    an existing folder, or with `force` an existing regular file, or the regular file a
    symbolic link names (written through the link, which stays). Anything else (a FIFO, a
    device, a folder, a link to nothing or to such) is refused with a DraftroomError naming
    what it is, and so is a name the file system cannot hold; `hint` says how to overwrite."""
    path = Path(path)
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        own = None
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:  # (a name too long is measured below)
            raise _unwritable(path, error) from None
        own = None
    if own is not None and stat.S_ISLNK(own.st_mode):
        try:
            real = Path(os.path.realpath(path, strict=True))
        except (OSError, RuntimeError):
            raise DraftroomError(
                f"is a symbolic link to {os.readlink(path)!r}, which does not exist",
                path=path, hint="remove the link, or name another file with -o",
            ) from None  # fmt: skip
        if not stat.S_ISREG(os.stat(real).st_mode):
            kind = _KINDS.get(stat.S_IFMT(os.stat(real).st_mode), "not a regular file")
            raise DraftroomError(f"is a symbolic link to {kind} ({real})", path=path)
        if not force:
            raise DraftroomError(f"already exists (a link to {real})", path=path, hint=hint)
        return real
    if own is not None:
        if not stat.S_ISREG(own.st_mode):
            kind = _KINDS.get(stat.S_IFMT(own.st_mode), "not a regular file")
            raise DraftroomError(f"is {kind}: only a file is written", path=path)
        if not force:
            raise DraftroomError("already exists", path=path, hint=hint)
        return path
    folder = path.parent
    if not folder.is_dir():
        raise DraftroomError("no such folder", path=folder, hint="create it, or choose -o FILE")
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(path.name)) > limit:
        raise DraftroomError(
            f"file name too long ({len(os.fsencode(path.name))} bytes; the limit here is {limit})",
            path=folder, hint="choose a shorter name with -o",
        )  # fmt: skip
    return path


def write_document(path: Path, data: bytes) -> None:
    """`write_atomic` for a user's document: a failure of the file system (a read-only
    folder, /proc, a full disk) is a DraftroomError naming the path, and leaves nothing."""
    try:
        write_atomic(path, data)
    except OSError as error:
        raise _unwritable(path, error) from None


def _unwritable(path: Path, error: OSError) -> DraftroomError:
    reason = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:
        reason = "file name too long"
    return DraftroomError(f"cannot be written: {reason}", path=path)


#: The largest file Draftroom reads: far above any negotiating text (the 2,000-paragraph
#: test draft is 8 MB), far below what would exhaust memory.
MAX_FILE = 512 * 1024 * 1024


def read_regular(path: Path, *, follow: bool = True, limit: int = MAX_FILE) -> bytes:
    """The bytes of a regular file, or a DraftroomError that says what `path` is instead:
    a folder, a FIFO or a device (opened without blocking, never read: /dev/zero would
    never end), a symbolic link where `follow` is False (a draft's own files), a file over
    `limit` bytes. A missing file raises FileNotFoundError, for the caller to word."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP and not follow and os.path.islink(path):
            raise DraftroomError(
                f"is a symbolic link (to {os.readlink(path)!r}): a draft's files are files",
                path=path, hint="replace the link with a copy of the file it names",
            ) from None  # fmt: skip
        if error.errno == errno.EISDIR:
            raise DraftroomError("is a folder, not a file", path=path) from None
        raise DraftroomError(f"cannot be read: {error.strerror}", path=path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise DraftroomError(f"is {kind}, not a file", path=path)
        if info.st_size > limit:
            raise DraftroomError(
                f"is {info.st_size / 2**20:,.0f} MB: larger than Draftroom reads "
                f"({limit / 2**20:,.0f} MB)", path=path,
            )  # fmt: skip
        chunks = []
        while chunk := os.read(fd, max(info.st_size + 1, 65536)):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise DraftroomError(f"cannot be read: {error.strerror}", path=path) from None
    finally:
        os.close(fd)
