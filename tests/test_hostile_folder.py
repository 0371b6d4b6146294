"""A hostile or damaged draft folder is refused with a message, never followed out of the
folder, never read forever, never a traceback (issue 14, items 7, 9 and 11)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

OP27 = "Note the emerging challenge of polydrug abuse in some regions;"


def propose(cli, draft: Path, word: str = "use"):
    return cli("propose", draft, "OP27", "--by", "EU", "--text", OP27.replace("abuse", word))


def test_a_lock_file_linked_to_another_file_never_truncates_it(cli, draft_dir, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (draft_dir / ".draftroom.lock").symlink_to(victim)
    result = propose(cli, draft_dir)
    assert result.code == 2
    assert "symbolic link" in result.err and ".draftroom.lock" in result.err
    assert victim.read_text() == "precious\n"


def test_a_fifo_in_place_of_the_lock_is_refused_without_hanging(cli, draft_dir):
    os.mkfifo(draft_dir / ".draftroom.lock")
    result = propose(cli, draft_dir)
    assert result.code == 2 and "lock file" in result.err


@pytest.mark.parametrize("name", ["paragraphs.toml", "draft.toml", "history.toml"])
def test_a_draft_file_linked_elsewhere_is_refused_and_its_target_untouched(cli, draft_dir, tmp_path, name):  # fmt: skip
    outside = tmp_path / f"outside-{name}"
    shutil.move(draft_dir / name, outside)
    before = outside.read_bytes()
    (draft_dir / name).symlink_to(outside)
    for args in (("show", draft_dir), ("propose", draft_dir, "OP27", "--by", "EU", "--text", OP27.replace("abuse", "use"))):  # fmt: skip
        result = cli(*args)
        assert result.code == 2
        assert "symbolic link" in result.err and name in result.err
    assert outside.read_bytes() == before


def test_a_draft_file_linked_to_dev_zero_is_refused_at_once(cli, draft_dir):
    (draft_dir / "paragraphs.toml").unlink()
    (draft_dir / "paragraphs.toml").symlink_to("/dev/zero")
    result = cli("show", draft_dir)
    assert result.code == 2 and "symbolic link" in result.err


@pytest.mark.parametrize("kind", ["folder", "fifo", "unreadable"])
def test_a_draft_file_that_is_not_a_readable_file_is_named(cli, draft_dir, kind):
    path = draft_dir / "paragraphs.toml"
    path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text("[[paragraph]]\n")
        path.chmod(0)
        if os.access(path, os.R_OK):
            pytest.skip("root reads a file of mode 000")
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "Traceback" not in result.err and "paragraphs.toml" in result.err


def test_importing_a_device_is_refused_without_reading_it(cli, tmp_path):
    result = cli("import", "/dev/zero", "-o", tmp_path / "d")
    assert result.code == 2 and "character device" in result.err
    assert not (tmp_path / "d").exists()


def test_a_revisions_folder_linked_elsewhere_is_refused(cli, draft_dir, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.move(draft_dir / "revisions", outside)
    (draft_dir / "revisions").symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    result = cli("revise", draft_dir)
    assert result.code == 2 and "revisions" in result.err
    assert sorted(p.name for p in outside.iterdir()) == before


def _lower_counter(draft: Path, key: str, value: int) -> None:
    text = (draft / "draft.toml").read_text()
    (draft / "draft.toml").write_text(re.sub(rf"(?m)^{key} = \d+", f"{key} = {value}", text))


def test_a_lowered_bracket_counter_never_makes_a_duplicate_id(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    _lower_counter(draft_dir, "next_bracket", 1)
    result = cli("propose", draft_dir, "OP26", "--by", "US", "--text", "Something else entirely;")
    assert result.code == 0
    assert "b2" in result.out and "b1" not in result.out
    assert cli("agree", draft_dir, "b1", "--to", "EU").code == 0
    assert "polydrug use" in cli("show", draft_dir, "OP27").out


def test_a_lowered_paragraph_counter_never_makes_a_duplicate_id(cli, draft_dir):
    assert cli("insert", draft_dir, "OP7", "--by", "EU", "--text", "A new paragraph;").code == 0
    _lower_counter(draft_dir, "next_paragraph", 1)
    assert cli("insert", draft_dir, "OP8", "--by", "EU", "--text", "Another one;").code == 0
    ids = re.findall(r'(?m)^id = "(p\d+)"', (draft_dir / "paragraphs.toml").read_text())
    assert len(ids) == len(set(ids))


def test_two_brackets_with_one_id_are_refused_naming_both_paragraphs(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    assert cli("propose", draft_dir, "OP26", "--by", "US", "--text", "Something else entirely;").code == 0  # fmt: skip
    text = (draft_dir / "paragraphs.toml").read_text()
    (draft_dir / "paragraphs.toml").write_text(text.replace('"b2"', '"b1"'))
    result = cli("agree", draft_dir, "b1", "--to", "EU")
    assert result.code == 2
    assert "'b1' is already used in paragraph" in result.err
    assert re.search(r"paragraphs\.toml:\d+", result.err)


# -- every place the store writes: nothing outside the folder, nothing through a link ----
def test_a_lock_file_hard_linked_to_another_file_never_overwrites_it(cli, draft_dir, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.link(victim, draft_dir / ".draftroom.lock")
    result = propose(cli, draft_dir)
    assert result.code == 2
    assert ".draftroom.lock" in result.err and "link" in result.err
    assert victim.read_text() == "precious\n"


def test_a_folder_in_place_of_the_lock_is_named_as_such(cli, draft_dir):
    (draft_dir / ".draftroom.lock").mkdir()
    result = propose(cli, draft_dir)
    assert result.code == 2
    assert ".draftroom.lock" in result.err and "is a folder" in result.err


@pytest.mark.parametrize("kind", ["file", "fifo", "dangling link"])
def test_a_revisions_entry_that_is_not_a_folder_is_named(cli, draft_dir, tmp_path, kind):
    shutil.rmtree(draft_dir / "revisions")
    revisions = draft_dir / "revisions"
    if kind == "file":
        revisions.write_text("not a folder\n")
    elif kind == "fifo":
        os.mkfifo(revisions)
    else:
        revisions.symlink_to(tmp_path / "nowhere")
    for args in (("show", draft_dir, "OP27"), ("revise", draft_dir)):
        result = cli(*args)
        assert result.code == 2, result.err
        assert "revisions: is " in result.err and "Traceback" not in result.err
        assert ("symbolic link" if kind == "dangling link" else "not a folder") in result.err
    assert not (tmp_path / "nowhere").exists()


def test_the_view_state_linked_to_another_file_never_writes_to_it(tmp_path, monkeypatch):
    from app.tui import position

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    state = tmp_path / "state"
    state.mkdir()
    (state / "positions.toml").symlink_to(victim)
    monkeypatch.setenv("DRAFTROOM_STATE_DIR", str(state))
    position.remember(tmp_path / "draft", "p045")
    assert victim.read_text() == "precious\n"
    assert position.last_paragraph(tmp_path / "draft") == "p045"


def test_a_view_state_nested_too_deeply_only_costs_the_starting_place(tmp_path, monkeypatch):
    from app.tui import position

    (tmp_path / "positions.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    monkeypatch.setenv("DRAFTROOM_STATE_DIR", str(tmp_path))
    assert position.last_paragraph(tmp_path / "draft") is None


# -- a draft file that cannot be what the store wrote -----------------------------------
@pytest.mark.parametrize(
    "name", ["draft.toml", "paragraphs.toml", "footnotes.toml", "history.toml", "revisions/rev.0.toml"]
)  # fmt: skip
def test_an_empty_draft_file_is_refused_naming_it(cli, draft_dir, name):
    (draft_dir / name).write_bytes(b"")
    before = {p: p.read_bytes() for p in draft_dir.rglob("*") if p.is_file()}
    for args in (("show", draft_dir, "OP27"), ("export", draft_dir, "--as", "tracked", "-o", "-")):
        result = cli(*args)
        assert result.code == 2, (args, result.out[:200])
        assert f"{name}: is empty" in result.err
    assert propose(cli, draft_dir).code == 2
    assert {p: p.read_bytes() for p in draft_dir.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_draft_folder_that_is_a_device_or_a_fifo_is_named_as_such(cli, tmp_path, kind):
    target = tmp_path / "d"
    if kind == "device":
        target.symlink_to("/dev/zero")
    else:
        os.mkfifo(target)
    result = cli("show", target)
    assert result.code == 2
    assert ("character device" if kind == "device" else "named pipe") in result.err
    assert "not a draft folder" in result.err and "import" not in result.err


def test_a_draft_folder_reached_through_a_link_is_the_folder_it_names(cli, draft_dir, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(draft_dir)
    assert propose(cli, link).code == 0
    assert "polydrug [abuse / use - EU]" in cli("show", draft_dir, "OP27").out


def test_a_draft_file_that_is_not_utf8_is_named_by_line_and_column(cli, draft_dir):
    path = draft_dir / "paragraphs.toml"
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4][:7] + b"\xff" + lines[4][7:]
    path.write_bytes(b"\n".join(lines))
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "paragraphs.toml:5:8: is not UTF-8 text" in result.err


@pytest.mark.parametrize("name", ["draft.toml", "paragraphs.toml", "footnotes.toml"])
@pytest.mark.parametrize("opener", ["[", "{a = "])
def test_a_draft_file_nested_too_deeply_is_refused_naming_the_line(cli, draft_dir, name, opener):
    closer = "]" if opener == "[" else "}"
    path = draft_dir / name
    lines = path.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("[")) if name == "draft.toml" else len(lines)  # fmt: skip
    lines.insert(at, f"x = {opener * 3000}1{closer * 3000}")
    path.write_text("\n".join(lines))
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "Traceback" not in result.err and "too deeply" in result.err
    assert f"{name}:{at + 1}:" in result.err


def test_a_folder_whose_files_add_up_to_more_than_is_read_is_refused_at_once(cli, draft_dir):
    for n in range(3):  # sparse: no room on disk, but 1.2 GB to read
        with open(draft_dir / "revisions" / f"spare.{n}.toml", "wb") as handle:
            handle.truncate(400 * 2**20)
    result = cli("show", draft_dir, "OP27")
    assert result.code == 2
    assert "larger than Draftroom reads" in result.err and "cnd-2014-jms" in result.err
