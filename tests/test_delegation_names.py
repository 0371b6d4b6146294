"""Delegation names (issue 14, items 1, 2, 16 and 19): a name the bracket notation would
misread, or that would drive the terminal, is refused where it enters, with exit 2, the
character or word named and a spelling that works; nothing is written, and nothing
printed holds a control character. The property test over any name is
`test_names_property.py`."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from textual.content import Content

from app.core.delegations import bundled, check_name
from app.core.labels import find
from app.store.store import load_draft
from app.tui.app import DraftroomApp
from tests.pilot import answer

#: OP27 of the statement with one word changed.
TXT = "Note the growing challenge of polydrug abuse in some regions;"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def controls(text: str) -> set[str]:
    """The control characters (a line break aside) and bidi overrides in printed text."""
    return {c for c in text if (unicodedata.category(c) == "Cc" and c != "\n") or c == "\u202e"}


def supporters(folder: Path, label: str) -> list[list[str]]:
    paragraph = find(load_draft(folder), label)
    return [o.supporters for b in paragraph.brackets for o in b.options if o.supporters]


# -- item 1: brackets ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["A [B]", "A]", "A[", "\x1b[31mRed\x1b[0m", "A \\[B\\]"])
def test_a_delegation_name_with_a_bracket_is_refused_and_the_draft_still_loads(
    cli, draft_dir, name
):
    before = files(draft_dir)
    result = cli("propose", draft_dir, "OP27", "--by", name, "--new-delegation", name,
                 "--text", TXT)  # fmt: skip
    assert result.code == 2 and f"the delegation name {name!r}" in result.err
    assert files(draft_dir) == before
    assert cli("status", draft_dir).code == 0


# -- item 2: separators and keywords --------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "named", "spelling"),
    [
        ("X / Y", "' / '", "X/Y"),
        ("T - U", "' - '", "T-U"),
        ("R, S", "','", "R S"),
        ("P; Q", "';'", "P Q"),
        ("back\\slash", "'\\\\'", "back slash"),
        ("Star*", "'*'", "Star"),
        ("EU retain", "the word 'retain'", "EU"),
        ("Mexico delete", "the word 'delete'", "Mexico"),
        ("Mexico DELETE", "the word 'delete'", "Mexico"),
        ("-Lead", "'-'", "Lead"),
        ("Trail /", "ends with '/'", "Trail"),
    ],
)
def test_a_name_the_notation_would_read_otherwise_is_refused_with_a_spelling_that_works(
    cli, draft_dir, name, named, spelling
):
    before = files(draft_dir)
    result = cli("propose", draft_dir, "OP27", f"--by={name}", f"--new-delegation={name}",
                 "--text", TXT)  # fmt: skip
    assert result.code == 2, result.out
    assert named in result.err and f"e.g. {spelling!r}" in result.err
    assert files(draft_dir) == before
    # the spelling suggested is taken, and reads back as typed
    result = cli("propose", draft_dir, "OP27", "--by", spelling, "--new-delegation", spelling,
                 "--text", TXT)  # fmt: skip
    assert result.code == 0, result.err
    assert supporters(draft_dir, "OP27") == [[spelling]]


def test_original_is_not_a_delegation_name(cli, draft_dir):
    result = cli("propose", draft_dir, "OP27", "--by", "Original", "--new-delegation",
                 "Original", "--text", TXT)  # fmt: skip
    assert result.code == 2 and "agree --to original" in result.err


def test_every_name_on_the_bundled_list_is_a_name_a_draft_takes():
    names = [s for d in bundled() for s in (d.name, *d.aliases)]
    assert {"Joint United Nations Programme on HIV/AIDS", "Guinea-Bissau", "G77/China",
            "Asia-Pacific Group", "Chair's proposal"} <= set(names)  # fmt: skip
    assert [n for n in names if check_name(n) != n] == []


def test_a_new_name_is_stored_as_typed_with_its_spaces_collapsed(cli, draft_dir):
    typed = "  Sovereign   Order\u00a0of Malta "
    result = cli("propose", draft_dir, "OP27", "--by", typed, "--new-delegation", typed,
                 "--text", TXT)  # fmt: skip
    assert result.code == 0, result.err
    assert load_draft(draft_dir).delegations == ["Sovereign Order of Malta"]
    assert supporters(draft_dir, "OP27") == [["Sovereign Order of Malta"]]


@pytest.mark.parametrize(
    "command",
    [
        ["support", "b3", "--option", "2", "--by"],
        ["oppose", "b3", "--by"],
        ["withdraw", "b3", "--by"],
        ["agree", "b3", "--to"],
        ["mark", "OP1", "pending", "--by"],
        ["insert", "OP2", "--text", "Invite States to act;", "--by"],
        ["delete", "OP2", "--by"],
        ["propose", "OP2", "--text", "Underscore that all is well;", "--by"],
    ],
)
def test_every_option_that_names_a_delegation_refuses_a_name_the_notation_would_misread(
    cli, demo, command
):
    before = files(demo)
    result = cli(command[0], demo, *command[1:], "A [B]")
    assert result.code == 2 and "holds '['" in result.err
    assert files(demo) == before


def test_import_refuses_a_new_delegation_the_notation_would_misread(cli, tmp_path):
    source = tmp_path / "text.txt"
    source.write_text("1. We note the [growing - EU] challenge.\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "d", "--new-delegation", "X / Y")
    assert result.code == 2 and "' / '" in result.err
    assert not (tmp_path / "d").exists()


# -- names a draft's files hold --------------------------------------------------------------
def test_a_draft_listing_a_name_the_notation_would_misread_is_refused_at_load_by_line(
    cli, draft_dir
):
    head = draft_dir / "draft.toml"
    head.write_text(
        head.read_text(encoding="utf-8").replace(
            "revisions = [", 'delegations = [\n    "Good",\n    "EU retain",\n]\nrevisions = [', 1
        ),
        encoding="utf-8",
    )
    for command in (["status", draft_dir], ["propose", draft_dir, "OP27", "--by", "EU",
                                             "--text", TXT]):  # fmt: skip
        result = cli(*command)
        assert result.code == 2 and "Traceback" not in result.err
        assert f"{head}:6:5: the delegation name 'EU retain' ends with the word 'retain'" in (
            result.err
        )


def test_a_status_held_by_a_name_with_control_characters_is_refused_at_load(cli, demo):
    paragraphs = demo / "paragraphs.toml"
    text = paragraphs.read_text(encoding="utf-8")
    paragraphs.write_text(
        text.replace('status_by = [\n    "Egypt",', 'status_by = [\n    "\\u001b]0;pwned\\u0007",'),
        encoding="utf-8",
    )
    result = cli("show", demo, "OP12")
    assert result.code == 2 and "the control character U+001B" in result.err
    assert f"{paragraphs}:244:5:" in result.err
    assert not controls(result.out + result.err)


# -- item 16: --new-delegation unused ---------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["propose", "OP27", "--by", "EU", "--text", TXT],
        ["mark", "OP27", "pending", "--by", "Iran"],
        ["mark", "OP27", "agreed ad ref"],
    ],
)
def test_a_new_delegation_the_command_does_not_record_is_refused_and_not_stored(
    cli, draft_dir, command
):
    before = files(draft_dir)
    result = cli(command[0], draft_dir, *command[1:], "--new-delegation", "Foo")
    assert result.code == 2
    assert "--new-delegation 'Foo' is not a delegation this command records" in result.err
    assert "--by 'Foo' --new-delegation 'Foo'" in result.err
    assert files(draft_dir) == before


def test_a_new_delegation_the_command_records_is_stored_once(cli, draft_dir):
    result = cli("propose", draft_dir, "OP27", "--by", "foo", "--new-delegation", "Foo",
                 "--new-delegation", "FOO", "--text", TXT)  # fmt: skip
    assert result.code == 0, result.err
    assert load_draft(draft_dir).delegations == ["Foo"]
    assert cli("mark", draft_dir, "OP26", "pending", "--by", "Bar", "--new-delegation",
               "Bar").code == 0  # fmt: skip
    assert load_draft(draft_dir).delegations == ["Foo", "Bar"]


# -- item 19: control characters --------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Evil\x1b]0;pwned\x07", "\\x1b"),
        ("Evil\x1bc", "\\x1b"),
        ("Bidi\u202eX", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("E\u200bU", "U+200B ZERO WIDTH SPACE"),
        ("Line\u2028Break", "U+2028 LINE SEPARATOR"),
    ],
)
def test_a_control_character_in_a_name_is_refused_and_printed_as_its_escape(
    cli, draft_dir, name, shown
):
    before = files(draft_dir)
    result = cli("propose", draft_dir, "OP27", "--by", name, "--new-delegation", name,
                 "--text", TXT)  # fmt: skip
    assert result.code == 2 and shown in result.err
    assert not controls(result.out + result.err)
    assert files(draft_dir) == before


def test_nothing_printed_holds_a_control_character_a_hand_edited_draft_holds(cli, draft_dir):
    paragraphs = draft_dir / "paragraphs.toml"
    text = paragraphs.read_text(encoding="utf-8")
    paragraphs.write_text(
        text.replace("Note the emerging challenge", "Note the \\u001bc\\u202eemerging challenge"),
        encoding="utf-8",
    )
    printed = []
    for command in (
        ["show", draft_dir],
        ["show", draft_dir, "OP27"],
        ["export", draft_dir, "--as", "clean"],
        ["export", draft_dir, "--as", "bracketed"],
        ["export", draft_dir, "--as", "bracketed", "--format", "md"],
        ["propose", draft_dir, "OP27", "--by", "EU", "--text", TXT.replace("Note", "Notes")],
    ):
        result = cli(*command)
        assert result.code == 0, result.err
        assert not controls(result.out + result.err), command
        printed.append(result.out)
    assert all("\\x1bc\\u202eemerging" in out for out in printed[1:5])


def test_a_proposal_typed_over_several_lines_is_one_line_of_text(cli, draft_dir):
    result = cli("propose", draft_dir, "OP27", "--by", "EU", "--text",
                 "Note the growing\nand\tworrying challenge of polydrug abuse in some regions;")  # fmt: skip
    assert result.code == 0, result.err
    [bracket] = find(load_draft(draft_dir), "OP27").brackets
    assert [o.content for o in bracket.options] == [["emerging"], ["growing and worrying"]]


# -- the room's question line ----------------------------------------------------------------
async def test_the_room_refuses_a_name_the_notation_would_misread_and_shows_it_as_typed(demo):
    before = files(demo)
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.press("s")
        await answer(pilot, "A [B] 2")
        [said] = [n for n in app._notifications if "delegation" in n.message]
        # what the toast shows: markup would eat "[B]"
        toast = Content.from_markup(said.message) if said.markup else Content(said.message)
        assert "the delegation name 'A [B]' holds '['" in toast.plain
        assert "e.g. 'A B'" in toast.plain
    assert files(demo) == before
