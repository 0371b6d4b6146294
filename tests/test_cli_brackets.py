"""The bracket commands as a script uses them; failures change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.store import dumps, load_draft

OP27 = "Note the emerging challenge of polydrug abuse in some regions;"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_propose_prints_the_brackets_it_created(cli, draft_dir):
    result = cli("propose", draft_dir, "OP27", "--by", "eu", "--text", OP27.replace("abuse", "use"))
    assert result.code == 0
    assert result.out.splitlines() == [
        "new bracket b1 (proposed)",
        '  1. "abuse" (original)',
        '  2. "use" - EU',
    ]


def test_propose_reads_the_wording_from_a_file(cli, draft_dir, tmp_path):
    wording = tmp_path / "eu.txt"
    wording.write_text(OP27.replace("abuse", "misuse") + "\n", encoding="utf-8")
    assert cli("propose", draft_dir, "OP27", "--by", "EU", "--file", wording).code == 0
    assert "[abuse / misuse - EU]" in cli("export", draft_dir, "--as", "bracketed").out


def test_a_session_of_commands_and_the_status_counters(cli, draft_dir):
    assert (
        cli(
            "propose", draft_dir, "OP27", "--by", "CELAC", "--text", OP27.replace("abuse", "use")
        ).code
        == 0
    )
    assert cli("oppose", draft_dir, "b1", "--by", "Iran").code == 0
    assert cli("support", draft_dir, "b1", "--by", "Mexico", "--option", "2").code == 0
    assert (
        cli(
            "insert",
            draft_dir,
            "OP7",
            "--by",
            "G77",
            "--text",
            "Recognize alternative development;",
        ).code
        == 0
    )
    assert cli("delete", draft_dir, "OP28", "--by", "US").code == 0
    assert cli("mark", draft_dir, "OP1", "agreed ad ref").code == 0
    assert cli("mark", draft_dir, "PP1", "pending", "--by", "Iran (Islamic Republic of)").code == 0
    counts = json.loads(cli("status", draft_dir, "--json").out)
    assert counts["open_brackets"] == 3
    assert counts["by_status"]["agreed ad ref"] == 1
    assert counts["by_status"]["pending"] == 1
    assert counts["by_status"]["bracketed"] == 3
    assert (
        counts["by_section"]["General challenges and priorities for action"]["open_brackets"] == 2
    )
    assert counts["by_delegation"]["CELAC"] == {
        "proposed": 1,
        "supported": 0,
        "pending": 0,
        "reserved": 0,
        "held_brackets": 0,
    }
    assert counts["by_delegation"]["Mexico"] == {
        "proposed": 0,
        "supported": 1,
        "pending": 0,
        "reserved": 0,
        "held_brackets": 0,
    }
    assert counts["contested_paragraphs"] == ["OP7 bis", "OP27", "OP28"]
    shown = cli("show", draft_dir, "OP27").out
    assert "b1 (opposed)" in shown and "Iran opposes" in shown
    exported = cli("export", draft_dir, "--as", "bracketed").out
    assert "7 bis. [Recognize alternative development; - G77]" in exported
    assert "2009, [Pending: Iran (Islamic Republic of)]" in exported


def test_agree_a_bracket_then_the_paragraph(cli, draft_dir):
    cli("propose", draft_dir, "OP27", "--by", "EU", "--text", OP27.replace("abuse", "use"))
    assert cli("agree", draft_dir, "OP27").code == 2
    assert cli("agree", draft_dir, "b1", "--to", "EU").out.strip() == 'b1 agreed: "use"'
    assert cli("agree", draft_dir, "OP27").out.strip() == "OP27 agreed"
    assert (
        "27. Note the emerging challenge of polydrug use in some regions; [Agreed]"
        in cli("export", draft_dir, "--as", "bracketed").out
    )


def test_undo_and_redo_from_the_command_line(cli, draft_dir):
    original = files(draft_dir)
    cli("propose", draft_dir, "OP27", "--by", "EU", "--text", OP27.replace("abuse", "use"))
    assert cli("undo", draft_dir).out.startswith("undone: EU proposes")
    assert load_draft(draft_dir).paragraphs == load_draft(draft_dir).paragraphs
    assert files(draft_dir)["paragraphs.toml"] == original["paragraphs.toml"]
    assert cli("redo", draft_dir).out.startswith("redone: EU proposes")
    assert cli("redo", draft_dir).code == 2


def test_revise_issues_the_next_revision(cli, draft_dir):
    assert cli("revise", draft_dir).out.strip() == "rev.1 issued"
    assert (draft_dir / "revisions" / "rev.1.toml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["propose", "{d}", "II 2.1", "--by", "EU", "--text", "x"], "context, not negotiated text"),
        (["propose", "{d}", "OP99", "--by", "EU", "--text", "x"], "no paragraph labelled 'OP99'"),
        (["propose", "{d}", "OP27", "--by", "Frnace", "--text", "x"], "did you mean 'France'"),
        (["propose", "{d}", "OP27", "--by", "Japan", "--text", OP27], "already reads"),
        (["agree", "{d}", "b7", "--option", "1"], "no open bracket 'b7'"),
        (["support", "{d}", "b1", "--by", "EU", "--option", "9"], "has no option 9"),
        (["withdraw", "{d}", "b1", "--by", "Japan"], "Japan supports no option of b1"),
        (["mark", "{d}", "OP27", "agreed"], "open brackets remain (b1 in OP27)"),
        (["mark", "{d}", "OP26", "pendng"], "did you mean 'pending'"),
        (["undo", "{d}"], None),
    ],
)
def test_a_failing_command_writes_nothing_and_says_why(cli, draft_dir, args, message):
    cli("propose", draft_dir, "OP27", "--by", "EU", "--text", OP27.replace("abuse", "use"))
    if message is None:  # undo twice: the second has nothing to undo
        cli("undo", draft_dir)
        message = "nothing to undo"
    before = files(draft_dir)
    result = cli(*[a.format(d=draft_dir) for a in args])
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert files(draft_dir) == before


def test_a_bracketed_export_imports_back_to_the_same_text(cli, draft_dir, tmp_path):
    cli("propose", draft_dir, "OP27", "--by", "CELAC", "--text", OP27.replace("abuse", "use"))
    cli("oppose", draft_dir, "b1", "--by", "Iran (Islamic Republic of)")
    cli(
        "insert",
        draft_dir,
        "PP1",
        "--by",
        "Holy See",
        "--text",
        "Recalling the Charter of the United Nations,",
    )
    cli(
        "insert",
        draft_dir,
        "OP33 B 24",
        "--by",
        "Côte d'Ivoire",
        "--text",
        "Stress also [sic] the need;",
    )
    cli("mark", draft_dir, "OP1", "agreed ad ref")
    cli("mark", draft_dir, "OP2", "reserved", "--by", "Bolivia (Plurinational State of)")
    compilation = tmp_path / "compilation.txt"
    assert cli("export", draft_dir, "--as", "bracketed", "-o", compilation).code == 0
    assert cli("import", compilation, "-o", tmp_path / "again").code == 0
    again = cli("export", tmp_path / "again", "--as", "bracketed").out
    assert again == compilation.read_text(encoding="utf-8")
    original = load_draft(draft_dir)
    imported = load_draft(tmp_path / "again")
    shape = lambda d: [(p.kind, p.number, p.suffix, p.section, p.status, p.status_by, p.text)  # noqa: E731
                       for p in d.paragraphs if p.negotiable]  # fmt: skip
    assert shape(imported) == shape(original)


def test_the_bundled_draft_stays_untouched_by_the_tests():
    assert dumps(load_draft(Path(__file__).parent.parent / "drafts" / "cnd-2014-jms"))


def test_delegation_names_complete_from_the_bundled_list(cli):
    result = cli("delegations", "iran", "--json")
    assert json.loads(result.out)[:2] == ["Iran (Islamic Republic of)", "Iran"]
    result = cli("delegations", "Frnace")
    assert result.code == 2 and "'France'" in result.err
