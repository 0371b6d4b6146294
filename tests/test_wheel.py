"""A wheel built from the repository works outside it: the glossary and the bundled drafts
ship inside the package, and nothing is written into site-packages."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT, SOURCE


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh venv holding the wheel built from this checkout (its dependencies are the
    test environment's, reached by a .pth file: no download, and no editable finder)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True, cwd=work,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("draftroom-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin" / "draftroom", site


def _run(draftroom: Path, *args: str | Path, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(draftroom), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env,
        timeout=120,
    )  # fmt: skip


def test_the_installed_wheel_looks_up_checks_imports_and_exports_outside_the_checkout(
    installed: tuple[Path, Path], tmp_path: Path
):
    draftroom, site = installed
    package = site / "app"
    before = _snapshot(site)
    assert (package / "data" / "glossary").is_dir()
    assert not (package / "data" / "glossary").is_symlink()  # copied in, not a link back

    found = _run(draftroom, "glossary", "sovereignity", cwd=tmp_path, home=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "sovereign" in found.stdout.lower()

    imported = _run(draftroom, "import", SOURCE, "-o", "mine", cwd=tmp_path, home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    checked = _run(draftroom, "check", "mine", cwd=tmp_path, home=tmp_path)
    assert checked.returncode == 1, checked.stderr  # its own three rewordings
    assert "177 exact uses, 3 near-misses" in checked.stdout
    exported = _run(draftroom, "export", "mine", "--as", "clean", cwd=tmp_path, home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "Joint Ministerial Statement" in exported.stdout
    assert str(ROOT) not in checked.stdout + exported.stdout

    assert _snapshot(site) == before  # nothing written into site-packages


def test_the_bundled_statement_opens_as_a_working_copy_never_in_the_package(
    installed: tuple[Path, Path], tmp_path: Path
):
    from app.data import working_copy

    os.environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    try:
        path, made = working_copy()
        again, made_again = working_copy()
    finally:
        del os.environ["XDG_DATA_HOME"]
    assert (made, made_again) == (True, False)
    assert path == again == tmp_path / "data" / "draftroom" / "cnd-2014-jms"
    assert (path / "paragraphs.toml").read_bytes() == (
        ROOT / "drafts" / "cnd-2014-jms" / "paragraphs.toml"
    ).read_bytes()
