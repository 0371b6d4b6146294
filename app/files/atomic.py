"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half.

The bytes go to a temporary file in the same folder, are flushed and fsynced, then renamed
over the target; the folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from app.core.errors import DraftroomError

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder",
}  # fmt: skip


def kind_of(mode: int) -> str:
    """What a file of this `st_mode` is, as a message says it ("a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return "a file"
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def write_atomic(path: Path, data: bytes, *, sync_dir: bool = True, durable: bool = True) -> None:
    """Replace `path` with `data` atomically and durably (`sync_dir=False`: the caller
    fsyncs the folder itself, once for several files; `durable=False`: atomic only, for
    state that means nothing after a crash, never for a draft's files)."""
    path = Path(path)
    # the temporary name stays within the file-name limit whatever the target's length
    fd, temp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; the result gets the mode a plain write would give
        os.fchmod(fd, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if sync_dir and durable:
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


# -- a user's document (an export), not a draft's own file ---------------------------------
def replaceable(path: Path, *, force: bool, hint: str) -> Path:
    """The file to write for a user's target `path` (a document, not a draft): a new file in
    an existing folder, or with `force` an existing regular file, or the regular file a
    symbolic link names (written through the link, which stays). Anything else (a FIFO, a
    device, a folder, a link to nothing or to such) is refused with a DraftroomError naming
    what it is, and so is a name the file system cannot hold; `hint` says how to overwrite."""
    path = Path(path)
    check_name_lengths(path)
    try:
        own = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        own = None
    except OSError as error:
        raise unwritable(path, error) from None
    if own is not None and stat.S_ISLNK(own.st_mode):
        try:
            kind = stat.S_IFMT(os.stat(path).st_mode)
        except FileNotFoundError:
            raise DraftroomError(
                f"is a symbolic link to {os.readlink(path)!r}, which does not exist",
                path=path, hint="remove the link, or name another file with -o",
            ) from None  # fmt: skip
        except OSError as error:  # a loop of links, a folder on the way not searchable
            raise unwritable(path, error) from None
        if kind != stat.S_IFREG:
            raise DraftroomError(
                f"is a symbolic link (to {os.readlink(path)}) to "
                f"{_KINDS.get(kind, 'something not a file')}: only a file is written",
                path=path, hint=_NOT_A_FILE,
            )  # fmt: skip
        if _through_proc(path):
            raise DraftroomError(
                f"is a symbolic link (to {os.readlink(path)}) to a file this program has "
                "open, not a document: only a file is written", path=path, hint=_NOT_A_FILE,
            )  # fmt: skip
        real = Path(os.path.realpath(path))
        if not force:
            raise DraftroomError(f"already exists (a link to {real})", path=path, hint=hint)
        return real
    if own is not None:
        if not stat.S_ISREG(own.st_mode):
            what = _KINDS.get(stat.S_IFMT(own.st_mode), "not a regular file")
            raise DraftroomError(f"is {what}: only a file is written", path=path, hint=_NOT_A_FILE)
        if not force:
            raise DraftroomError("already exists", path=path, hint=hint)
        return path
    _check_folder(path.parent)
    return path


#: Where a FIFO or a device was named: what the user most likely wanted.
_NOT_A_FILE = "-o - writes to standard output; -o FILE to a file"


def _through_proc(link: Path) -> bool:
    """Whether a chain of links passes through /proc (/dev/stdout, /dev/fd/1): a stream
    this program writes to, whatever file it happens to be, never a document to replace."""
    current = Path(link)
    for _ in range(40):  # (the system's own limit on links in a chain)
        if Path(os.path.realpath(current.parent)).parts[1:2] == ("proc",):
            return True
        if not current.is_symlink():
            return False
        current = current.parent / os.readlink(current)
    return False


def _check_folder(folder: Path) -> None:
    """Refuse, naming it, a folder a new file cannot go in: missing, or not a folder."""
    try:
        mode = os.stat(folder).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise DraftroomError(
            "no such folder", path=folder, hint="create it first, or choose another -o"
        ) from None
    except OSError as error:
        raise unwritable(folder, error) from None
    if not stat.S_ISDIR(mode):
        kind = "a file" if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a folder")
        raise DraftroomError(f"is {kind}, not a folder", path=folder)


def check_name_lengths(path: Path) -> None:
    """Refuse a path the file system cannot hold, before anything is made: a name in it
    longer than the limit where it goes (255 bytes on most systems), or a whole path longer
    than the system's limit; the system itself would say only "File name too long"."""
    path = Path(path)
    parts = path.parts
    # the deepest part of the path that exists: its file system sets the limit for the rest
    have = next((n for n in range(len(parts), 0, -1) if _exists(Path(*parts[:n]))), 0)
    known = Path(*parts[:have]) if have else Path(".")
    limit = _limit(known, "PC_NAME_MAX", 255)
    for name in parts[have:]:
        size, count = len(os.fsencode(name)), len(name)
        if size > limit:
            measure = f"{count} characters" + (f", {size} bytes" if size != count else "")
            unit = " bytes" if size != count else ""
            raise DraftroomError(
                f"file name too long ({measure}; the limit here is {limit}{unit})",
                path=_elided(path), hint="choose a shorter name",
            )  # fmt: skip
    whole = len(os.fsencode(os.path.abspath(path)))
    longest = _limit(known, "PC_PATH_MAX", 4096)
    if whole >= longest:
        raise DraftroomError(
            f"path too long ({whole} bytes; the limit here is {longest - 1})",
            path=_elided(path), hint="choose a shorter path",
        )  # fmt: skip


def _elided(path: Path) -> str:
    """A path too long to read in a message: the middle of each long name left out."""
    names = [n if len(n) <= 48 else f"{n[:24]}…{n[-16:]}" for n in Path(path).parts]
    text = str(Path(*names)) if names else str(path)
    return text if len(text) <= 240 else f"{text[:120]}…{text[-100:]}"


def _exists(path: Path) -> bool:
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def _limit(folder: Path, name: str, default: int) -> int:
    try:
        return os.pathconf(folder if folder.is_dir() else folder.parent, name)
    except (OSError, ValueError):
        return default


def write_document(path: Path, data: bytes) -> None:
    """`write_atomic` for a user's document: a failure of the file system (a read-only
    folder, /proc, a full disk) is a DraftroomError naming the path and the reason, and
    leaves nothing behind (the temporary file goes)."""
    try:
        write_atomic(path, data)
    except OSError as error:
        raise unwritable(path, error) from None


@contextmanager
def output_folder(folder: Path) -> Iterator[None]:
    """Around writing a folder a user named (import's ``-o``): a name the file system cannot
    hold is refused before anything is made, and a failure of the file system (/proc, a
    read-only folder, a full disk) is a DraftroomError naming the folder; what was made for
    it (the folder, the folders above it that did not exist, files in a folder that was
    empty) is removed, so nothing partial is left."""
    folder = Path(folder)
    check_name_lengths(folder)
    parts = folder.absolute().parts
    _check_folder(next(p for p in folder.absolute().parents if _exists(p)))
    made = next(
        (Path(*parts[:n]) for n in range(1, len(parts) + 1) if not _exists(Path(*parts[:n]))), None
    )
    empty = made is None and folder.is_dir() and not any(folder.iterdir())
    try:
        yield
    except OSError as error:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        elif empty:
            for child in folder.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise unwritable(folder, error) from None


#: Reasons worded for a person, by errno; others are the system's own words.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "symbolic links in a loop",
}


def unwritable(path: Path, error: OSError) -> DraftroomError:
    """A file-system failure writing `path`, as a message naming it and the reason."""
    reason = _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    folder = Path(path).parent
    if error.errno == errno.ENOENT:
        # /proc and kin: the folder is there, but takes no new file (an atomic write makes
        # one beside the file it replaces)
        folder = next(p for p in Path(path).absolute().parents if _exists(p))
        reason = f"{folder} takes no new files"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += f" (no new file can be made in {folder})"
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
