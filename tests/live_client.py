"""The live room from outside, as tests use it: `draftroom serve` in a process of its own
(real uvicorn on a free port), and a page following it over server-sent events (httpx)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from .conftest import ROOT


@contextmanager
def served(draft: Path, *args: str) -> Iterator[str]:
    """`draftroom serve DRAFT --port 0 ARGS…` running; yields the address it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", str(draft), "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert " at http" in line, line + (process.stderr.read() if process.stderr else "")
        yield line.split(" at ", 1)[1].strip()
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Following:
    """A page following the server: every update it receives, as JSON, with the time it
    arrived; the parts' HTML as they stand after each (as the page's script keeps them)."""

    def __init__(self, address: str, *, since: str = "") -> None:
        base, _, query = address.partition("?")
        self.url = base.rstrip("/") + "/events" + (f"?{query}" if query else "")
        self.updates: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.parts: dict[str, str] = {}
        self.here = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(10, read=None)) as client,
            client.stream("GET", self.url) as response,
        ):
            response.raise_for_status()
            data: list[str] = []
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif not line and data:
                    self.updates.put((time.monotonic(), json.loads("\n".join(data))))
                    data = []

    def until(self, seen: Callable[[dict[str, Any]], bool], timeout: float = 5.0) -> float:
        """Wait for an update that `seen` accepts (applying each to `parts`); the time it
        arrived."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such update within {timeout} s")
            try:
                arrived, update = self.updates.get(timeout=left)
            except queue.Empty:
                continue
            self.parts.update(update["html"])
            self.here = update["here"]
            if seen(update):
                return arrived

    def close(self) -> None:
        self._stop.set()
