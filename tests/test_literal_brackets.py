"""A literal bracket typed in the text keeps the spaces typed beside it in every clean
export and the outline (issue 14, item 6); spaces left by a dropped option are still
tidied."""

from __future__ import annotations

import html
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from app.cli.console import outline_view
from app.core.brackets import Bracket, Option, reading
from app.exports.export import render
from app.importers.importing import import_document

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


#: Words a negotiating text holds, literal brackets and what the exports must escape among them.
_PIECES = ["we", "agree", "HIV/AIDS", "2011-2016", "[", "]", "(", ")", ",", ";", ".", ":"]
_PIECES += ["-", "/", "\\", "<b>", "&amp;", "_", "#", "`", "[[", "]]"]
typed_text = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  "])), min_size=1, max_size=20
).map(lambda pieces: " ".join("".join(w + s for w, s in pieces).split()))


def _as_read(data: bytes, fmt: str) -> str:
    """What a reader of the export sees, whitespace normalised."""
    text = data.decode()
    if fmt == "md":  # a backslash before ASCII punctuation is that character (CommonMark)
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


@settings(max_examples=100, deadline=None)
@given(typed_text)
def test_literal_brackets_read_in_every_clean_export_as_typed(typed):
    escaped = typed.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    draft = import_document(f"Title\n\n1. We agree {escaped} here.\n", name="t", source="t.txt")
    wanted = f"We agree {typed} here."
    for fmt in ("txt", "md", "html"):
        assert wanted in _as_read(render(draft, "clean", fmt), fmt), fmt
    console = Console(file=io.StringIO(), width=1000)
    console.print(outline_view(draft, width=900))  # `draftroom show`
    assert f"We agree {typed} here." in " ".join(console.file.getvalue().split())
