"""An export writes a regular file or refuses, naming the path and why (issue 14, items 8
and 12): never a FIFO, a device or a dangling link, never a traceback, nothing left behind."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUNDLED, SOURCE


def export(cli, target: Path | str, *extra: str):
    return cli("export", BUNDLED, "--as", "clean", "--format", "txt", "-o", target, *extra)


def test_a_fifo_is_refused_even_with_force(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = export(cli, fifo, "--force")
    assert result.code == 2
    assert "named pipe" in result.err and str(fifo) in result.err
    assert fifo.is_fifo()


def test_a_device_is_refused_and_stays_a_device(cli):
    result = export(cli, "/dev/null", "--force")
    assert result.code == 2
    assert "character device" in result.err
    assert Path("/dev/null").is_char_device()


def test_a_link_to_a_file_is_written_through_and_stays_a_link(cli, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert export(cli, link).code == 2  # it exists: --force wanted
    assert export(cli, link, "--force").code == 0
    assert link.is_symlink()
    assert "Joint Ministerial Statement" in real.read_text()


def test_a_dangling_link_is_refused_even_without_force(cli, tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere" / "x.txt")
    result = export(cli, link)
    assert result.code == 2
    assert "does not exist" in result.err
    assert link.is_symlink() and not link.exists()


def test_a_link_to_a_device_is_refused(cli, tmp_path):
    link = tmp_path / "null.txt"
    link.symlink_to("/dev/null")
    result = export(cli, link, "--force")
    assert result.code == 2
    assert "character device" in result.err


@pytest.mark.parametrize("target", ["/proc/version", "/sys/kernel/x.txt", "/proc/nope/x.txt"])
def test_a_file_system_that_cannot_be_written_is_a_message_not_a_traceback(cli, target):
    result = export(cli, target, "--force")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert target.split("/")[1] in result.err


def test_a_file_name_too_long_names_the_limit(cli, tmp_path):
    result = export(cli, tmp_path / ("x" * 300 + ".txt"))
    assert result.code == 2
    assert "file name too long (304 characters; the limit here is 255)" in result.err
    assert f"{tmp_path}/{'x' * 24}…{'x' * 12}.txt:" in result.err  # named, shortened
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_within_the_limit_is_written(cli, tmp_path):
    target = tmp_path / ("x" * 250 + ".txt")
    assert export(cli, target).code == 0
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_dash_still_means_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for fmt in ("txt", "md", "html"):
        result = cli("export", BUNDLED, "--format", fmt, "-o", "-")
        assert result.code == 0 and "Joint Ministerial Statement" in result.out
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_a_file_this_program_has_open_is_refused_not_replaced(cli, tmp_path):
    log = tmp_path / "log.txt"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT)  # as the shell opens `> log.txt`
    try:
        link = tmp_path / "out.txt"
        link.symlink_to(f"/proc/self/fd/{fd}")  # what /dev/stdout is
        before = log.stat().st_ino
        result = export(cli, link, "--force")
    finally:
        os.close(fd)
    assert result.code == 2
    assert "-o - writes to standard output" in result.err
    assert log.stat().st_ino == before and log.read_text() == ""


def test_a_folder_that_does_not_exist_is_named_and_nothing_is_made(cli, tmp_path):
    result = export(cli, tmp_path / "nowhere" / "x.txt")
    assert result.code == 2
    assert f"{tmp_path / 'nowhere'}: no such folder" in result.err
    result = export(cli, f"{tmp_path}/newdir/")  # a folder meant, not a file named newdir
    assert result.code == 2
    assert "newdir/: no such folder" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_a_folder_belongs_is_named(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    result = export(cli, tmp_path / "notes.txt" / "x.txt")
    assert result.code == 2
    assert "notes.txt: is a file, not a folder" in result.err


def test_proc_says_why_it_cannot_be_written(cli):
    result = export(cli, "/proc/version", "--force")
    assert result.code == 2
    assert "/proc/version: cannot be written: /proc takes no new files" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_a_message(cli, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    result = export(cli, folder / "x.txt")
    assert result.code == 2
    assert "permission denied" in result.err and str(folder) in result.err
    assert list(folder.iterdir()) == []


def test_a_folder_name_too_long_and_a_path_too_long_are_messages(cli, tmp_path):
    result = export(cli, tmp_path / ("d" * 256) / "x.txt")
    assert result.code == 2
    assert "file name too long (256 characters; the limit here is 255)" in result.err
    deep = tmp_path.joinpath(*["d" * 200] * 25, "x.txt")
    result = export(cli, deep)
    assert result.code == 2
    assert "path too long (" in result.err and "Traceback" not in result.err


def test_a_name_too_long_in_bytes_counts_characters_and_bytes(cli, tmp_path):
    result = export(cli, tmp_path / ("é" * 130 + ".txt"))  # 134 characters, 264 bytes
    assert result.code == 2
    assert "(134 characters, 264 bytes; the limit here is 255 bytes)" in result.err
    assert export(cli, tmp_path / ("é" * 120 + ".txt")).code == 0


def _small_disk(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`draftroom ARGS` where no file may grow past 4 KB (RLIMIT_FSIZE): a disk that fills
    mid-write, as far as the program can tell (Python ignores SIGXFSZ, so writes fail)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, preexec_fn=cap, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_a_full_disk_is_a_message_and_leaves_no_temporary_file(tmp_path, fmt):
    result = _small_disk("export", BUNDLED, "--format", fmt, "-o", f"x.{fmt}", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"x.{fmt}: cannot be written: the file would be larger" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_during_import_leaves_no_half_draft(tmp_path):
    result = _small_disk("import", SOURCE, "-o", "new/draft", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "new/draft: cannot be written" in result.stderr
    assert list(tmp_path.iterdir()) == []  # not even the folder above it, made for it


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/proc/x", "/proc takes no new files"),
        ("/proc/nope/x", "/proc takes no new files"),
        ("/sys/x", "no new file can be made in /sys"),
        ("z" * 300, "file name too long (300 characters; the limit here is 255)"),
    ],
)
def test_import_into_a_folder_that_cannot_be_made_is_a_message(
    cli, tmp_path, monkeypatch, target, reason
):
    monkeypatch.chdir(tmp_path)
    result = cli("import", SOURCE, "-o", target)
    assert result.code == 2, result.err
    assert reason in result.err and "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_import_under_a_file_names_it(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    result = cli("import", SOURCE, "-o", tmp_path / "notes.txt" / "draft")
    assert result.code == 2
    assert "notes.txt: is a file, not a folder" in result.err
