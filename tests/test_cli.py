"""The command line as a user meets it: commands, outputs, and mistakes that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.store import PARAGRAPHS_FILE

from .conftest import BUNDLED, SOURCE, run_module


def test_import_writes_a_draft_folder_and_reports_what_it_found(cli, tmp_path):
    result = cli("import", SOURCE, "-o", tmp_path / "jms")
    assert result.code == 0
    assert "79 negotiable paragraphs" in result.out
    assert "24 footnotes" in result.out
    assert sorted(p.name for p in (tmp_path / "jms").iterdir()) == [
        "draft.toml", "footnotes.toml", "history.toml", "paragraphs.toml", "revisions",
    ]  # fmt: skip
    assert (tmp_path / "jms" / "revisions" / "rev.0.toml").exists()


def test_import_refuses_to_replace_an_existing_draft_without_force(cli, draft_dir):
    before = (draft_dir / PARAGRAPHS_FILE).read_bytes()
    result = cli("import", SOURCE, "-o", draft_dir)
    assert result.code == 2
    assert "already exists" in result.err and "--force" in result.err
    assert (draft_dir / PARAGRAPHS_FILE).read_bytes() == before
    assert cli("import", SOURCE, "-o", draft_dir, "--force").code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x01\x02binary", "binary file"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "is not a readable PDF: a damaged or cut-short file"),
        ("1. Décide d'agir;\n".encode("latin-1"), "is not UTF-8"),
    ],
    ids=["empty", "blank", "binary", "damaged-pdf", "latin-1"],
)
def test_import_of_a_bad_file_says_what_is_wrong_and_writes_nothing(
    cli, tmp_path, content, message
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = cli("import", bad, "-o", tmp_path / "out")
    assert result.code == 2
    assert message in result.err
    assert str(bad) in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_a_non_utf8_file_is_named_with_line_and_column(cli, tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Annex I\n\n1. Décide d'agir;\n".encode("latin-1"))
    result = cli("import", bad)
    assert f"{bad}:3:5:" in result.err


def test_import_of_a_missing_file_is_a_clear_error(cli, tmp_path):
    result = cli("import", tmp_path / "nowhere.txt")
    assert result.code == 2
    assert "no such file" in result.err


def test_export_clean_txt_prints_one_line_per_paragraph(cli):
    result = cli("export", BUNDLED, "--as", "clean", "--format", "txt")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("Joint Ministerial Statement of the 2014 high-level review")
    op1 = next(line for line in lines if line.startswith("1. "))
    assert op1.startswith("1. Are fully aware that the world drug problem remains")
    assert op1.endswith("mutual respect among States;")
    assert "General achievements" in lines
    assert "²⁴ General Assembly resolution 65/277, annex." in lines


def test_export_to_a_file_refuses_to_overwrite_without_force(cli, tmp_path):
    target = tmp_path / "jms.txt"
    assert cli("export", BUNDLED, "-o", target).code == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("Joint Ministerial Statement")
    target.write_text("my notes", encoding="utf-8")
    result = cli("export", BUNDLED, "-o", target)
    assert result.code == 2 and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "my notes"
    assert cli("export", BUNDLED, "-o", target, "--force").code == 0
    assert target.read_text(encoding="utf-8") == first


def test_show_without_a_label_lists_the_outline(cli):
    result = cli("show", BUNDLED)
    assert result.code == 0
    for label in ("PP1", "OP1", "OP33 A 1", "OP33 B 24", "OP33 C 45", "Intro 10", "II 4.9"):
        assert label in result.out


def test_show_a_paragraph_by_label_with_its_footnotes(cli):
    result = cli("show", BUNDLED, "op33 b 24")
    assert result.code == 0
    assert result.out.startswith("OP33 B 24")
    assert "24. Stress the urgent need to respond" in " ".join(result.out.split())
    result = cli("show", BUNDLED, "OP3")
    assert "¹ See Official Records of the Economic and Social Council, 2009" in result.out


def test_an_unknown_label_suggests_the_closest_ones(cli):
    result = cli("show", BUNDLED, "OP34")
    assert result.code == 2
    assert "no paragraph labelled 'OP34'" in result.err
    assert "did you mean" in result.err and "'OP33'" in result.err


def test_status_json_counts_paragraphs_by_kind_and_status(cli):
    result = cli("status", BUNDLED, "--json")
    assert result.code == 0
    counts = json.loads(result.out)
    assert counts["paragraphs"] == 79
    assert counts["by_kind"]["operative"] == 78
    assert counts["by_kind"]["preambular"] == 1
    assert counts["by_status"] == {"open": 79}
    assert counts["open_brackets"] == 0
    assert counts["revisions"] == ["rev.0"]
    assert counts["footnotes"] == 24


def test_a_draft_folder_broken_by_hand_is_named_with_file_and_line(cli, draft_dir: Path):
    paragraphs = draft_dir / PARAGRAPHS_FILE
    lines = paragraphs.read_text(encoding="utf-8").splitlines()
    broken = [i for i, line in enumerate(lines) if line.startswith("kind = ")][30]
    lines[broken] = lines[broken].replace(" = ", " == ", 1)
    paragraphs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("status", draft_dir)
    assert result.code == 2
    assert f"{paragraphs}:{broken + 1}:7:" in result.err
    assert "is not valid TOML" in result.err
    assert "Traceback" not in result.err


def test_an_unknown_paragraph_kind_suggests_the_valid_one(cli, draft_dir: Path):
    paragraphs = draft_dir / PARAGRAPHS_FILE
    text = paragraphs.read_text(encoding="utf-8")
    paragraphs.write_text(
        text.replace('kind = "operative"', 'kind = "operatve"', 1), encoding="utf-8"
    )
    line = next(
        i + 1
        for i, ln in enumerate(paragraphs.read_text(encoding="utf-8").splitlines())
        if ln == 'kind = "operatve"'
    )
    result = cli("show", draft_dir)
    assert result.code == 2
    assert f"{paragraphs}:{line}:" in result.err
    assert "'operative'" in result.err


def test_a_git_merge_conflict_in_a_draft_is_reported_with_its_line(cli, draft_dir: Path):
    paragraphs = draft_dir / PARAGRAPHS_FILE
    lines = paragraphs.read_text(encoding="utf-8").splitlines()
    lines[10:10] = ["<<<<<<< HEAD", 'text = "ours"', "=======", 'text = "theirs"', ">>>>>>> rev.1"]
    paragraphs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("status", draft_dir)
    assert result.code == 2
    assert f"{paragraphs}:11:" in result.err and "merge conflict" in result.err


def test_a_missing_draft_folder_is_a_clear_error(cli, tmp_path):
    result = cli("show", tmp_path / "nowhere")
    assert result.code == 2 and "no such draft folder" in result.err


def test_a_usage_mistake_exits_2_with_the_usage(cli):
    result = cli("export", BUNDLED, "--as", "cleen")
    assert result.code == 2
    assert "usage: draftroom export" in result.err


def test_python_dash_m_app_runs_the_same_command_line(tmp_path):
    result = run_module("status", BUNDLED)
    assert result.returncode == 0
    assert "79 negotiable paragraphs" in result.stdout
    result = run_module("show", BUNDLED, "OP99")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_bracket_broken_by_hand_in_the_store_is_named_with_file_line_and_column(cli, draft_dir):
    paragraphs = draft_dir / PARAGRAPHS_FILE
    lines = paragraphs.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('text = "Note the emerging'))
    lines[at] = lines[at].replace("polydrug abuse", "polydrug [abuse - EU")
    paragraphs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("show", draft_dir, "OP27")
    assert result.code == 2
    assert f"{paragraphs}:{at + 1}:{lines[at].index('[') + 1}:" in result.err
    assert "never closed" in result.err


def test_proposing_again_to_delete_a_paragraph_is_refused_and_records_nothing(cli, draft_dir):
    assert cli("delete", draft_dir, "OP5", "--by", "EU").code == 0
    history = (draft_dir / "history.toml").read_bytes()
    again = cli("delete", draft_dir, "OP5", "--by", "EU")
    assert again.code == 2 and "EU already proposes to delete OP5" in again.err
    assert (draft_dir / "history.toml").read_bytes() == history
