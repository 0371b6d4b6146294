"""Time a program's first frame in a real terminal, as its user waits for it: spawned on a
fresh pseudo-terminal, or in a tmux pane, and timed to its first full frame (the cursor
moved to the last row, as Textual does when it writes a frame's last line).

In tmux the program's output is read through `tmux pipe-pane` (raw, as tmux reads it);
the pane's shell waits on a FIFO, so the clock starts when the program is let go, not when
tmux and its shell start (a tmux client is a process of its own: ~5 ms here).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROWS, COLS = 40, 120
CSI = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Za-z0-9])")
LAST_ROW = f"\x1b[{ROWS};1H".encode()


def _read_until_frame(fd: int, started: float, timeout: float) -> tuple[float | None, bytes]:
    """Read `fd` until the last row is written: seconds since `started`, and what was read."""
    out = b""
    while time.perf_counter() - started < timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            continue
        except OSError:  # the child exited
            break
        if not data:
            continue
        out += data
        if LAST_ROW in out:
            return time.perf_counter() - started, out
    return None, out


def _checked(found: float | None, out: bytes, expect: str, argv: list[str]) -> float:
    screen = CSI.sub(b"", out).decode("utf-8", "replace")
    if found is None or expect not in screen:
        raise RuntimeError(
            f"no frame showing {expect!r} from {' '.join(argv[:4])}…: {screen[-400:]!r}"
        )
    return found


def first_frame_pty(
    argv: list[str], env: dict[str, str], expect: str, timeout: float = 30
) -> float:
    """Seconds from spawning `argv` on a fresh 120x40 pty to its first full frame, checked to
    show `expect`; the process is killed."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, become the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    try:
        found, out = _read_until_frame(fd, started, timeout)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return _checked(found, out, expect, argv)


def first_frame_tmux(
    argv: list[str], env: dict[str, str], expect: str, timeout: float = 30
) -> float:
    """Seconds from letting `argv` go in a 120x40 tmux pane (a server of its own, its
    environment `env`) to its first full frame, checked to show `expect`."""
    scratch = Path(tempfile.mkdtemp(prefix="draftroom-bench-tmux-"))
    go, out = scratch / "go", scratch / "out"
    os.mkfifo(go)
    os.mkfifo(out)
    socket = scratch / "tmux.sock"  # a server of its own, its socket in the scratch folder
    tmux = ["tmux", "-S", str(socket), "-f", "/dev/null"]
    shell = f"read x < {shlex.quote(str(go))}; exec {shlex.join(argv)}"
    keep = {k: v for k, v in env.items() if k not in ("TMUX", "TMUX_PANE")}
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", "bench", "-x", str(COLS), "-y", str(ROWS), shell],
            env=keep, check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [*tmux, "pipe-pane", "-t", "bench", "-O", f"cat > {shlex.quote(str(out))}"],
            env=keep, check=True, capture_output=True,
        )  # fmt: skip
        fd = os.open(out, os.O_RDONLY | os.O_NONBLOCK)
        try:
            with open(go, "w") as release:
                started = time.perf_counter()
                release.write("go\n")
            found, seen = _read_until_frame(fd, started, timeout)
        finally:
            os.close(fd)
    finally:
        subprocess.run([*tmux, "kill-server"], env=keep, capture_output=True)
        for path in (go, out, socket):
            path.unlink(missing_ok=True)
        scratch.rmdir()
    return _checked(found, seen, expect, argv)


def import_time(code: str) -> float:
    """Seconds to import `code`'s modules in a fresh interpreter."""
    probe = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return float(done.stdout)
