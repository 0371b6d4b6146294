"""A literal bracket typed in the text keeps the spaces typed beside it in every clean
export and the outline (issue 14, item 6); spaces left by a dropped option are still
tidied."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.brackets import Bracket, Option, reading

WORDING = "Literal [ open and ] close, a stray ] bracket and ( a parenthesis ) stay as typed;"


@pytest.fixture
def literal(cli, draft_dir):
    assert cli("propose", draft_dir, "OP27", "--by", "EU", "--text", WORDING).code == 0
    assert cli("agree", draft_dir, "b1", "--to", "EU").code == 0
    return draft_dir


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_clean_export_keeps_spaces_beside_literal_brackets(cli, literal, fmt, tmp_path):
    target = tmp_path / f"clean.{fmt}"
    assert cli("export", literal, "--as", "clean", "--format", fmt, "-o", target).code == 0
    text = target.read_text()
    if fmt == "md":
        text = text.replace("\\[", "[").replace("\\]", "]").replace("\\(", "(").replace("\\)", ")")
    if fmt == "html":
        text = re.sub(r"<[^>]+>", "", text)
    assert "Literal [ open and ] close, a stray ] bracket and ( a parenthesis ) stay" in text


def test_the_clean_docx_keeps_spaces_beside_literal_brackets(cli, literal, tmp_path):
    from docx import Document

    target = tmp_path / "clean.docx"
    assert cli("export", literal, "--as", "clean", "--format", "docx", "-o", target).code == 0
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Literal [ open and ] close, a stray ] bracket" in text


def test_the_outline_keeps_spaces_beside_literal_brackets(cli, literal):
    shown = cli("show", literal, "OP27").out
    assert "Literal [ open and ] close" in " ".join(shown.split())


def test_spaces_left_by_a_dropped_option_are_still_tidied():
    deleted = Bracket("b1", [Option([", including X"], ["EU"]), Option([], ["G77"], True)])
    kept = Bracket("b2", [Option([" as appropriate"], [], True), Option([], ["US"])])
    assert reading(["growth ", deleted, " ; and (", kept, " ) more"]) == (
        "growth; and (as appropriate) more"
    )


literal_text = (
    st.text(st.sampled_from(list("ab [](),;. ")), min_size=1, max_size=30)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@settings(max_examples=200, deadline=None)
@given(literal_text)
def test_a_paragraph_of_literal_text_reads_as_typed(text):
    assert reading([text]) == text
