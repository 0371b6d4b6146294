"""LibreOffice for the tests, driven through UNO by `tests/libreoffice_probe.py` (run by the
system Python, where `uno` imports): it reads our DOCX exports, composes documents as a
secretariat officer does in Writer and edits them with Track Changes as delegates do.

Where LibreOffice is missing the tests that use it skip, unless
DRAFTROOM_REQUIRE_LIBREOFFICE=1 (set by `.ci/run`), which makes its absence a failure.
"""

from __future__ import annotations

import json
import selectors
import shutil
import subprocess
from pathlib import Path
from typing import Any

PROBE = Path(__file__).with_name("libreoffice_probe.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def libreoffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "soffice is not installed (Debian: libreoffice-writer-nogui)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing"
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if found.returncode != 0:
        return "the system Python cannot import uno (Debian: python3-uno)"
    return None


class LibreOffice:
    """The probe process: one JSON request per line in, one JSON answer per line out."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(PROBE), str(profile)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/",
        )  # fmt: skip
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        assert self._answer(timeout=90).get("ready")

    def _answer(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        if not self.selector.select(timeout):
            raise AssertionError(f"LibreOffice gave no answer in {timeout} s")
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError("the LibreOffice probe stopped")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(answer["error"])
        return answer

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._answer(timeout=60)

    def read(self, path: Path, then: str | None = None) -> dict[str, Any]:
        """The document as LibreOffice reads it, after accepting or rejecting all changes."""
        return self._ask({"path": str(path), "then": then})

    def compose(self, spec: dict[str, Any], docx: Path, pdf: Path | None = None) -> None:
        """A document typed in Writer (see the probe's docstring for SPEC), saved as .docx
        and printed to PDF."""
        self._ask({"compose": spec, "docx": str(docx), "pdf": str(pdf) if pdf else None})

    def edit(self, source: Path, out: Path, author: str, **changes: Any) -> Path:
        """`source` edited with Track Changes recording as `author` (replace=[[old, new]],
        insert_after=[[words, paragraph]], delete=[words]), saved as .docx at `out`."""
        self._ask({"edit": str(source), "out": str(out), "author": author, **changes})
        return out

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
