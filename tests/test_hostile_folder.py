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


# -- ids: never two of one, never the wrong paragraph changed ---------------------------
def _sections(path: Path) -> list[str]:
    head, *rest = path.read_text().split("\n[[paragraph]]\n")
    return [head, *rest]


def _put_section(draft: Path, source: Path, paragraph_id: str) -> None:
    """Paragraph `paragraph_id` of draft `source` in place of the draft's own (a merge)."""
    wanted = f'id = "{paragraph_id}"\n'
    theirs = next(s for s in _sections(source / "paragraphs.toml") if wanted in s)
    ours = _sections(draft / "paragraphs.toml")
    at = next(i for i, s in enumerate(ours) if wanted in s)
    ours[at] = theirs if theirs.endswith("\n") else theirs + "\n"
    (draft / "paragraphs.toml").write_text("\n[[paragraph]]\n".join(ours))


def test_two_brackets_with_one_id_name_both_paragraphs_by_label_and_line(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    assert cli("propose", draft_dir, "OP26", "--by", "US", "--text", "Something else entirely;").code == 0  # fmt: skip
    text = (draft_dir / "paragraphs.toml").read_text()
    (draft_dir / "paragraphs.toml").write_text(text.replace('"b2"', '"b1"'))
    result = cli("show", draft_dir, "OP27")
    assert result.code == 2
    assert "OP26" in result.err and "OP27" in result.err
    assert re.search(r"paragraphs\.toml:\d+.*line \d+", result.err)


def test_two_paragraphs_with_one_id_are_refused_naming_both_lines(cli, draft_dir):
    path = draft_dir / "paragraphs.toml"
    path.write_text(path.read_text().replace('id = "p046"', 'id = "p045"'))
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "'p045' is used twice" in result.err
    assert re.search(r"paragraphs\.toml:\d+:.*\(first on line \d+\)", result.err)


def test_two_footnotes_of_one_number_on_one_paragraph_are_refused(cli, draft_dir):
    path = draft_dir / "footnotes.toml"
    path.write_text(path.read_text() + '\n[[footnote]]\nnumber = "1"\nparagraph = "p016"\ntext = "Never shown."\n')  # fmt: skip
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "footnote 1" in result.err and "first on line 2" in result.err
    assert re.search(r"footnotes\.toml:\d+", result.err)


def test_a_history_change_recording_another_paragraph_is_refused(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    path = draft_dir / "history.toml"
    text = path.read_text()
    at = text.index("[event.change.after]")
    path.write_text(text[:at] + text[at:].replace('id = "p045"', 'id = "p046"', 1))
    paragraphs = (draft_dir / "paragraphs.toml").read_bytes()
    result = cli("undo", draft_dir)
    assert result.code == 2
    assert re.search(r"history\.toml:\d+", result.err)
    assert "p046" in result.err and "p045" in result.err
    assert (draft_dir / "paragraphs.toml").read_bytes() == paragraphs


def test_a_bracket_id_only_the_history_holds_is_never_handed_out_again(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    assert cli("agree", draft_dir, "b1", "--to", "EU").code == 0  # b1 now only in the history
    _lower_counter(draft_dir, "next_bracket", 1)
    result = cli("propose", draft_dir, "OP26", "--by", "US", "--text", "Something else entirely;")
    assert result.code == 0 and "new bracket b2" in result.out


def test_an_undo_that_would_bring_back_a_bracket_id_held_elsewhere_is_refused(cli, draft_dir, tmp_path):  # fmt: skip
    other = tmp_path / "other"
    shutil.copytree(draft_dir, other)
    assert propose(cli, draft_dir).code == 0
    assert cli("agree", draft_dir, "b1", "--to", "EU").code == 0
    # a merge brings in OP26 as another copy changed it: a bracket b1 of its own
    assert cli("propose", other, "OP26", "--by", "US", "--text", "Something else entirely;").code == 0  # fmt: skip
    _put_section(draft_dir, other, "p044")
    before = {p.name: p.read_bytes() for p in draft_dir.iterdir() if p.is_file()}
    result = cli("undo", draft_dir)  # would bring back OP27's b1
    assert result.code == 2
    assert "b1" in result.err and "OP26" in result.err
    assert {p.name: p.read_bytes() for p in draft_dir.iterdir() if p.is_file()} == before
    assert cli("agree", draft_dir, "b1", "--to", "US").code == 0
    assert "Something else entirely" in cli("show", draft_dir, "OP26").out
    assert "polydrug use" in cli("show", draft_dir, "OP27").out


def test_an_undo_of_a_change_to_a_paragraph_the_draft_lacks_is_refused(cli, draft_dir):
    assert propose(cli, draft_dir).code == 0
    path = draft_dir / "history.toml"
    path.write_text(path.read_text().replace("p045", "p999"))
    result = cli("undo", draft_dir)
    assert result.code == 2 and "p999" in result.err
    assert "p999" not in (draft_dir / "paragraphs.toml").read_text()


# -- revisions: a file the draft did not write is never taken, replaced or deleted -------
def test_a_revision_file_the_draft_does_not_hold_is_left_alone(cli, draft_dir):
    stray = {"rev.7.toml": b'name = "rev.7"\n', "notes.toml": b"# mine\n"}
    for name, data in stray.items():
        (draft_dir / "revisions" / name).write_bytes(data)
    assert propose(cli, draft_dir).code == 0
    for name, data in stray.items():
        assert (draft_dir / "revisions" / name).read_bytes() == data


def test_a_new_revision_never_takes_the_text_of_a_file_already_in_its_place(cli, draft_dir):
    assert cli("revise", draft_dir).code == 0
    old = (draft_dir / "revisions" / "rev.1.toml").read_bytes()
    assert cli("undo", draft_dir).code == 0
    assert propose(cli, draft_dir).code == 0  # forgets the undone revision
    (draft_dir / "revisions" / "rev.1.toml").write_bytes(old)  # brought back by hand
    result = cli("revise", draft_dir)
    assert result.code == 2 and "rev.1.toml" in result.err
    assert (draft_dir / "revisions" / "rev.1.toml").read_bytes() == old
    assert 'revisions = [\n    "rev.0",\n]' in (draft_dir / "draft.toml").read_text()


def test_a_revision_listed_twice_is_refused_naming_the_line(cli, draft_dir):
    path = draft_dir / "draft.toml"
    path.write_text(path.read_text().replace('    "rev.0",\n', '    "rev.0",\n    "rev.0",\n'))
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "'rev.0'" in result.err and "twice" in result.err
    assert re.search(r"draft\.toml:\d+", result.err)


def test_undoing_a_revision_draft_toml_no_longer_lists_is_no_traceback(cli, draft_dir):
    assert cli("revise", draft_dir).code == 0
    path = draft_dir / "draft.toml"
    path.write_text(path.read_text().replace('    "rev.1",\n', ""))
    result = cli("undo", draft_dir)
    assert result.code in (0, 2) and "Traceback" not in result.err
    assert cli("redo", draft_dir).code in (0, 2)
    listed = re.findall(r'"(rev\.\d+)"', (draft_dir / "draft.toml").read_text())
    assert len(listed) == len(set(listed))
    assert cli("show", draft_dir).code == 0


def test_a_draft_imported_over_another_with_force_keeps_its_own_first_revision(cli, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Title A\n\n1. First text about apples;\n")
    second.write_text("Title B\n\n1. Second text about pears;\n")
    assert cli("import", first, "-o", tmp_path / "d").code == 0
    assert cli("import", second, "-o", tmp_path / "d", "--force").code == 0
    rev0 = (tmp_path / "d" / "revisions" / "rev.0.toml").read_text()
    assert "pears" in rev0 and "apples" not in rev0
