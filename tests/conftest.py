"""Shared fixtures: the statement as distributed, a fresh import of it, a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.core.draft import Draft
from app.importers.untext import import_un_text

from .office import LibreOffice, libreoffice_missing

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "drafts" / "cnd-2014-high-level-review.txt"
BUNDLED = ROOT / "drafts" / "cnd-2014-jms"

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The room's view state (where a draft was left) goes to a fresh folder per test."""
    monkeypatch.setenv("DRAFTROOM_STATE_DIR", str(tmp_path_factory.mktemp("state")))


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def statement(source_text: str) -> Draft:
    """A fresh import of the statement (tests may change it)."""
    return import_un_text(source_text, name="cnd-2014-jms", source=SOURCE.name)


@pytest.fixture
def draft_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled draft."""
    target = tmp_path / "cnd-2014-jms"
    shutil.copytree(BUNDLED, target)
    return target


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo negotiation (the drafting room's own test bed)."""
    target = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "drafts" / "cnd-2014-demo", target)
    return target


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `draftroom ARGS…` in-process; returns exit code, stdout and stderr."""

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_module(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS…` in a real subprocess, as a script would call it."""
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
    )


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LibreOffice]:
    """One headless LibreOffice for the whole session (skipped where it is not installed,
    unless DRAFTROOM_REQUIRE_LIBREOFFICE=1)."""
    missing = libreoffice_missing()
    if missing:
        if os.environ.get("DRAFTROOM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice is required here: {missing}")
        pytest.skip(missing)
    office = LibreOffice(tmp_path_factory.mktemp("lo-profile"))
    yield office
    office.close()


@pytest.fixture
def circulated(cli, draft_dir, tmp_path) -> Path:
    """The bundled draft's clean DOCX, as the secretariat circulates it (returns are
    made from it)."""
    docx = tmp_path / "circulated.docx"
    assert cli("export", draft_dir, "--as", "clean", "--format", "docx", "-o", docx).code == 0
    return docx
