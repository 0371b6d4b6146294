"""Every option does what it says or is refused (exit 2, nothing written); messages name
what was meant; undo takes back all a change wrote (issue 14, items 3, 13-15, 17, 18, 20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OP27 = "Note the emerging challenge of polydrug abuse in some regions;"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def three_options(cli, draft_dir: Path) -> Path:
    """OP27 with b1: the original, CELAC's wording and Mexico's."""
    assert cli("propose", draft_dir, "OP27", "--by", "CELAC", "--text", OP27.replace("abuse", "use")).code == 0  # fmt: skip
    assert cli("propose", draft_dir, "OP27", "--by", "Mexico", "--text", OP27.replace("abuse", "misuse")).code == 0  # fmt: skip
    assert "3." in cli("show", draft_dir, "OP27").out
    return draft_dir


@pytest.mark.parametrize("option", ["0", "-1", "4", "two"])
def test_agree_refuses_an_option_that_is_not_one_of_the_bracket(cli, three_options, option):
    before = files(three_options)
    result = cli("agree", three_options, "b1", "--option", option)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert files(three_options) == before


def test_agree_without_an_option_on_three_options_asks_which_one(cli, three_options):
    result = cli("agree", three_options, "b1")
    assert result.code == 2
    assert "say which one is agreed" in result.err


def test_agree_option_one_agrees_the_first_option_not_the_last(cli, three_options):
    assert cli("agree", three_options, "b1", "--option", "1").code == 0
    assert "polydrug abuse" in cli("export", three_options, "--as", "clean").out


@pytest.mark.parametrize(
    "extra",
    [["--to", "EU"], ["--option", "2"], ["--to", "original"]],
    ids=["to", "option", "original"],
)
def test_agree_on_a_paragraph_refuses_options_that_choose_a_bracket_option(cli, draft_dir, extra):
    before = files(draft_dir)
    result = cli("agree", draft_dir, "OP1", *extra)
    assert result.code == 2
    assert "OP1 is a paragraph" in result.err
    assert files(draft_dir) == before


@pytest.mark.parametrize("status", ["agreed", "agreed ad ref", "deleted", "reopened"])
def test_mark_refuses_a_delegation_for_a_status_that_takes_none(cli, draft_dir, status):
    before = files(draft_dir)
    result = cli("mark", draft_dir, "OP4", status, "--by", "EU")
    assert result.code == 2
    assert "takes no delegation" in result.err
    assert files(draft_dir) == before


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_glossary_refuses_a_limit_below_one(cli, limit):
    result = cli("glossary", "sovereignty", "--limit", limit)
    assert result.code == 2
    assert "--limit" in result.err


def test_glossary_limit_one_gives_one_match(cli):
    result = cli("glossary", "sovereignty", "--limit", "1", "--json")
    assert result.code == 0
    assert len(json.loads(result.out)) == 1


@pytest.mark.parametrize("name", ["", "   ", "A [B]", "x\x1b[31m", "back\\slash"])
def test_a_package_name_the_status_tag_cannot_hold_is_refused(cli, draft_dir, name):
    before = files(draft_dir)
    result = cli("package", draft_dir, name, "OP26", "OP27")
    assert result.code == 2
    assert "package name" in result.err
    assert files(draft_dir) == before


def test_a_package_name_is_stored_with_its_spaces_collapsed(cli, draft_dir):
    assert cli("package", draft_dir, "  health   package ", "OP26", "OP27").code == 0
    assert "[Package: health package]" in cli("export", draft_dir, "--as", "bracketed").out


def test_check_names_a_missing_glossary_file_as_the_glossary(cli, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("the principle of common and shared responsibility\n")
    result = cli("check", text, "--glossary", tmp_path / "nope.toml")
    assert result.code == 2
    assert "no such glossary file" in result.err
    assert "draft folder" not in result.err


def test_check_of_an_empty_file_speaks_of_checking(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    result = cli("check", empty)
    assert result.code == 2
    assert "no text to check" in result.err


@pytest.mark.parametrize("command", ["mark", "agree", "propose", "support", "insert"])
def test_the_new_delegation_option_a_hint_suggests_is_in_the_commands_help(cli, command):
    result = cli(command, "--help")
    assert result.code == 0
    assert "--new-delegation" in result.out


def test_undo_of_a_revision_leaves_no_issued_revision_file_and_redo_brings_it_back(cli, draft_dir):
    before = sorted(p.name for p in (draft_dir / "revisions").iterdir())
    assert cli("revise", draft_dir).code == 0
    issued = (draft_dir / "revisions" / "rev.1.toml").read_bytes()
    assert cli("undo", draft_dir).code == 0
    assert sorted(p.name for p in (draft_dir / "revisions").glob("rev.*[0-9].toml")) == before
    assert cli("export", draft_dir, "--as", "tracked", "--since", "rev.1").code == 2
    assert cli("redo", draft_dir).code == 0
    assert (draft_dir / "revisions" / "rev.1.toml").read_bytes() == issued
    assert cli("export", draft_dir, "--as", "tracked", "--since", "rev.1").code == 0


def test_a_delegation_holding_a_paragraph_counts_with_its_brackets(cli, three_options):
    assert cli("mark", three_options, "OP27", "pending", "--by", "Egypt").code == 0
    assert cli("mark", three_options, "OP26", "reserved", "--by", "Egypt").code == 0
    counts = json.loads(cli("status", three_options, "--json").out)
    assert counts["by_delegation"]["Egypt"] == {
        "proposed": 0, "supported": 0, "pending": 1, "reserved": 1, "held_brackets": 1,
    }  # fmt: skip


def test_a_wording_with_invisible_characters_reads_as_the_same_wording(cli, draft_dir):
    hidden = OP27.replace("abuse", "u\u200bs\u00ade").replace("challenge", "chal\u202elenge")
    first = cli("propose", draft_dir, "OP27", "--by", "EU", "--text", OP27.replace("abuse", "use"))
    assert first.code == 0
    second = cli("propose", draft_dir, "OP27", "--by", "US", "--text", hidden)
    assert second.code == 0
    assert '"use" - EU, US' in second.out  # support for the same option, not a new one
    assert "\u200b" not in (draft_dir / "paragraphs.toml").read_text()


def test_a_wording_typed_decomposed_is_stored_composed(cli, draft_dir):
    decomposed = OP27.replace("regions", "re\u0301gions")
    assert cli("propose", draft_dir, "OP27", "--by", "EU", "--text", decomposed).code == 0
    assert "r\u00e9gions" in cli("export", draft_dir, "--as", "bracketed").out


def test_a_refusal_speaks_options_in_the_cli_and_keys_in_the_room(three_options):
    from app.core.errors import Refused
    from app.core.room import Room
    from app.store.store import load_draft

    room = Room(load_draft(three_options))
    with pytest.raises(Refused) as refused:
        room.agree("b1")
    assert "--option N" in str(refused.value)
    in_room = refused.value.shown_in("room")
    assert "--" not in in_room and "draftroom" not in in_room
    assert "option's number" in in_room
