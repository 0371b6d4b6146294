"""An export writes a regular file or refuses, naming the path and why (issue 14, items 8
and 12): never a FIFO, a device or a dangling link, never a traceback, nothing left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import BUNDLED


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
    assert "file name too long (304 bytes; the limit here is 255)" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_within_the_limit_is_written(cli, tmp_path):
    target = tmp_path / ("x" * 250 + ".txt")
    assert export(cli, target).code == 0
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
