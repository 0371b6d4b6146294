"""Our own Markdown export reads back as the draft it came from, as the txt export does:
paragraphs by kind and label, headings, footnotes, brackets and supporters (issue 14,
item 5)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.draft import Draft, Kind, Status
from app.core.errors import DraftroomError
from app.core.room import Room
from app.exports.export import export
from app.importers.importing import import_document
from app.importers.untext import import_un_text

from .conftest import BUNDLED, ROOT

DEMO = ROOT / "drafts" / "cnd-2014-demo"


@pytest.mark.parametrize(
    ("draft", "mode"), [(DEMO, "bracketed"), (BUNDLED, "clean"), (DEMO, "clean")]
)
def test_the_markdown_export_reads_back_as_the_txt_export_does(cli, tmp_path, draft, mode):
    for fmt in ("txt", "md"):
        exported = tmp_path / f"out.{fmt}"
        assert cli("export", draft, "--as", mode, "--format", fmt, "-o", exported).code == 0
        result = cli("import", exported, "-o", tmp_path / fmt)
        assert result.code == 0, result.err
        assert "warning" not in result.err
    for what in (["export", "--as", "bracketed"], ["show"], ["status", "--json"]):
        from_txt = cli(what[0], tmp_path / "txt", *what[1:]).out.replace('"txt"', "D")
        from_md = cli(what[0], tmp_path / "md", *what[1:]).out.replace('"md"', "D")
        assert from_md == from_txt


def test_supporters_and_labels_survive_the_markdown_round_trip(cli, tmp_path):
    assert cli("export", DEMO, "--as", "bracketed", "--format", "md", "-o", tmp_path / "x.md").code == 0  # fmt: skip
    assert cli("import", tmp_path / "x.md", "-o", tmp_path / "back").code == 0
    original = json.loads(cli("status", DEMO, "--json").out)
    back = json.loads(cli("status", tmp_path / "back", "--json").out)
    assert back["by_delegation"] == original["by_delegation"]
    assert back["contested_paragraphs"] == original["contested_paragraphs"]
    assert back["by_status"] == original["by_status"]
    assert "OP7 bis" in cli("show", tmp_path / "back").out


STARRED = "Note the *emerging* challenge of poly*drug abuse in **some** regions;"


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("mode", ["bracketed", "clean"])
def test_a_wordings_own_stars_read_back_as_typed_not_as_italics(cli, tmp_path, fmt, mode):
    draft = tmp_path / "d"
    shutil.copytree(DEMO, draft)
    proposed = cli("propose", draft, "OP27", "--by", "EU", "--text", STARRED)
    assert proposed.code == 0, proposed.err
    for bracket in re.findall(r"new bracket (b\d+)", proposed.out):
        assert cli("agree", draft, bracket, "--to", "EU").code == 0
    exported = tmp_path / f"x.{fmt}"
    assert cli("export", draft, "--as", mode, "--format", fmt, "-o", exported).code == 0
    assert cli("import", exported, "-o", tmp_path / "back").code == 0
    assert STARRED in cli("show", tmp_path / "back", "OP27").out


def test_an_escaped_footnote_mark_in_a_compilation_text_is_not_read_as_markdown(cli, tmp_path):
    draft = tmp_path / "d"
    shutil.copytree(DEMO, draft)
    wording = "Note the emerging challenge of polydrug abuse in some regions [^1];"
    assert cli("propose", draft, "OP27", "--by", "EU", "--text", wording).code == 0
    exported = tmp_path / "x.txt"
    assert cli("export", draft, "--as", "bracketed", "-o", exported).code == 0
    assert cli("import", exported, "-o", tmp_path / "back").code == 0
    again = cli("export", tmp_path / "back", "--as", "bracketed").out
    assert again == exported.read_text()


def _import_both(cli, draft, tmp_path, mode="bracketed"):
    """The draft exported as txt and as md in `mode` and imported back from each."""
    for fmt in ("txt", "md"):
        exported = tmp_path / f"out.{fmt}"
        assert cli("export", draft, "--as", mode, "--format", fmt, "-o", exported).code == 0
        result = cli("import", exported, "-o", tmp_path / fmt)
        assert result.code == 0 and "warning" not in result.err, result.err
    return tmp_path / "txt", tmp_path / "md"


def test_new_preambular_and_alternative_paragraphs_keep_their_labels_through_markdown(
    cli, demo, tmp_path
):
    for after, by, alternative in [("PP1", "US", []), ("PP1 bis", "EU", []),
                                   ("OP7", "EU", ["--alternative"]),
                                   ("OP7", "US", ["--alternative"])]:  # fmt: skip
        inserted = cli("insert", demo, after, "--by", by, "--text", f"Recalling {by}'s point;", *alternative)  # fmt: skip
        assert inserted.code == 0, inserted.err
    from_txt, from_md = _import_both(cli, demo, tmp_path)
    shown = cli("show", from_md).out
    for label in ("PP1 bis", "PP1 ter", "OP7 alt", "OP7 alt 2"):
        assert f"\n{label} " in shown
    assert shown == cli("show", from_txt).out.replace("txt", "md")
    expected = cli("export", demo, "--as", "bracketed").out
    assert cli("export", from_md, "--as", "bracketed").out == expected


@pytest.mark.parametrize("how", ["windows line ends", "without its first line", "both"])
def test_our_markdown_reads_back_the_same_when_an_editor_changed_its_lines(cli, tmp_path, how):
    exported = tmp_path / "x.md"
    assert cli("export", DEMO, "--as", "bracketed", "--format", "md", "-o", exported).code == 0
    text = exported.read_text(encoding="utf-8")
    if how != "windows line ends":
        text = text.split("\n", 1)[1]  # the export's <!-- … --> line: pasted from below it
    if how != "without its first line":
        text = text.replace("\n", "\r\n")
    exported.write_bytes(text.encode("utf-8"))
    result = cli("import", exported, "-o", tmp_path / "back")
    assert result.code == 0 and "warning" not in result.err, result.err
    original = cli("export", DEMO, "--as", "bracketed").out
    assert cli("export", tmp_path / "back", "--as", "bracketed").out == original
    assert "chapeau" not in cli("show", tmp_path / "back").out


def test_a_bracket_left_open_in_our_markdown_is_reported_at_its_place_in_the_file(cli, tmp_path):
    exported = tmp_path / "x.md"
    assert cli("export", DEMO, "--as", "bracketed", "--format", "md", "-o", exported).code == 0
    lines = exported.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("3\\. *Reaffirm* our"))
    lines[at] = lines[at].replace("our commitment", "our [commitment")
    exported.write_text("\n".join(lines), encoding="utf-8")
    column = lines[at].index("[commitment") + 1
    result = cli("import", exported, "-o", tmp_path / "back")
    assert result.code == 0
    assert f"x.md:{at + 1}:{column}: this opening bracket '[' is never closed" in result.err
    assert lines[at] in result.err  # the file's line, as written, under the message
    refused = cli("import", exported, "-o", tmp_path / "strict", "--strict")
    assert refused.code == 2 and f"x.md:{at + 1}:{column}:" in refused.err
    assert not (tmp_path / "strict").exists()


BASE = (
    "Draft resolution\n\n*Recalling* its resolution 1/1 on the matter,¹\n\n"
    "1. *Decides* that States shall act;\n\n"
    "2. *Invites* States to act in the following areas:\n\nA. Cooperation\n\n"
    "1. *Encourages* States to cooperate;\n\n2. *Requests* a report:\n\n"
    "(a) On progress;\n\n(b) On obstacles.\n\n__________\n\n¹ See the *report* of 2010.\n"
)
NAMES = ["EU", "US", "G77", "Mexico", "Iran (Islamic Republic of)", "Côte d'Ivoire"]
#: Words that mean something to Markdown, to the notation or to the UN layout.
WORDS = st.sampled_from(
    ["shall", "States", "act", "2011-2016", "HIV/AIDS", "a - b", "x / y", "[", "]", "\\",
     "*", "**", "*firm*", "_", "_firm_", "#", "`", "<b>", "&amp;", "~~", "|", "1.", "7\\.",
     "[^1]", "¹", "(a)", "A.", "PP1", "bis", "retain", "delete", "Agreed", "[Agreed]", "-",
     "/", ",", ";", ":", "<!--", "-->", "é", "中文"]
)  # fmt: skip
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["propose", "insert", "alternative", "agree", "mark"]),
        st.integers(0, 99), st.sampled_from(NAMES), st.lists(WORDS, min_size=1, max_size=4),
    ),
    max_size=6,
)  # fmt: skip
STATUSES = [Status.AGREED, Status.PENDING, Status.RESERVED, Status.AGREED_AD_REF, Status.DELETED]


def _negotiate(room: Room, action: str, pick: int, who: str, words: list[str]) -> None:
    """One change the room may make (a refusal leaves the draft as it was)."""
    numbered = [p for p in room.draft.paragraphs if p.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)]
    label = room.label(numbered[pick % len(numbered)])
    brackets = [b for p in room.draft.paragraphs for b in p.brackets]
    with contextlib.suppress(DraftroomError):
        old = room.paragraph(label).text.split()
        if action == "propose" and old:
            at = pick % len(old)
            room.propose(label, who, " ".join([*old[:at], *words, *old[at + 1 :]]))
        elif action in ("insert", "alternative"):
            room.insert(label, who, " ".join(words) + ";", alternative=action == "alternative")
        elif action == "agree" and brackets:
            bracket = brackets[pick % len(brackets)]
            room.agree(bracket.id, pick % len(bracket.options) + 1)
        elif action == "mark":
            status = STATUSES[pick % len(STATUSES)]
            by = [who] if status in (Status.PENDING, Status.RESERVED) else []
            room.mark(label, status, by)


def _read(draft: Draft) -> list[tuple[str, Kind, Status, list[str]]]:
    room = Room(draft)
    return [(room.label(p), p.kind, p.status, p.status_by) for p in draft.paragraphs]


@settings(
    max_examples=int(os.environ.get("DRAFTROOM_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ACTIONS, st.sampled_from(["bracketed", "clean"]))
def test_any_negotiated_draft_reads_back_from_our_markdown_as_it_was(actions, mode):
    """Whatever the room did, our Markdown export imports back as the same draft: the
    paragraphs by kind, label and status, their wording and brackets, the footnotes."""
    draft = import_un_text(BASE, name="d")
    room = Room(draft)
    for action in actions:
        _negotiate(room, *action)
    warnings: list[DraftroomError] = []
    back = import_document(export(draft, mode, "md"), name="d", warnings=warnings)
    assert not warnings, [str(w) for w in warnings]
    assert export(back, mode, "txt") == export(draft, mode, "txt")
    assert export(back, mode, "md") == export(draft, mode, "md")
    if mode == "bracketed":
        assert _read(back) == _read(draft)
    else:  # a clean text: what now reads, without the paragraphs deleted or not yet agreed
        shown = [p for p in draft.negotiable if p.status is not Status.DELETED and p.text]
        assert [(p.kind, " ".join(p.text.split())) for p in back.paragraphs] == [
            (p.kind, " ".join(p.text.split())) for p in shown
        ]


@pytest.mark.parametrize(
    "opening", ["# of", "1. of", "7 bis. of", "(a) of", "PP2 bis. of", "¹ of", "Annex I"]
)
@pytest.mark.parametrize("mode", ["bracketed", "clean"])
def test_a_paragraph_opening_like_a_number_or_heading_reads_back_as_its_words(opening, mode):
    draft = import_un_text(BASE, name="d")
    room = Room(draft)
    for label in ("H1", "PP1"):
        wording = " ".join([opening, *room.paragraph(label).text.split()[1:]])
        for proposed in room.propose(label, "EU", wording):
            room.agree(proposed.bracket.id, to="EU")
    back = import_document(export(draft, mode, "md"), name="d")
    assert _read(back) == _read(draft)
    assert [p.text for p in back.paragraphs] == [p.text for p in draft.paragraphs]
