"""The DOCX exports as LibreOffice reads them: a program nobody here wrote.

One LibreOffice serves the whole session (the `libreoffice` fixture, tests/office.py).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.draft import SUPERSCRIPT_DIGITS
from app.core.labels import find
from app.core.tracking import ROOM
from app.exports.export import clean_txt
from app.store.store import load_draft

from .conftest import ROOT, SOURCE

_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def draftroom(*args: str | Path) -> None:
    assert main([str(a) for a in args]) == 0, args


def export(draft: Path, out: Path, *args: str) -> Path:
    target = out / ("-".join(a.strip("-") for a in args) + ".docx")
    draftroom("export", draft, *args, "--format", "docx", "-o", target)
    return target


def text_of(draft: Path) -> str:
    """The clean txt export, as `draftroom export DRAFT` prints it."""
    return clean_txt(load_draft(draft))


def statement(txt: str) -> list[str]:
    """The lines of a clean txt export up to its footnotes, marks as plain digits."""
    body = txt.split("__________", 1)[0]
    return [line.translate(_DIGITS) for line in body.splitlines() if line.strip()]


def document_statement(read: dict[str, Any], title: str) -> list[str]:
    """The body's paragraphs from the title on, as LibreOffice gives them (number, tab,
    text; a footnote's anchor reads as its number)."""
    paragraphs = read["paragraphs"]
    start = paragraphs.index(title)
    return [p.replace("\t", " ") for p in paragraphs[start:] if p.strip()]


@pytest.fixture(scope="module")
def negotiated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The statement imported, then three paragraphs changed by three delegations (an
    insertion, a deletion, a replacement), OP5 bis inserted and OP27 deleted, all agreed.
    Returns the draft, the statement as imported (a second import) and the delegations."""
    work = tmp_path_factory.mktemp("negotiated")
    draft, imported = work / "jms", work / "as-imported"
    draftroom("import", SOURCE, "-o", draft)
    draftroom("import", SOURCE, "-o", imported)

    def now(label: str) -> str:
        return find(load_draft(draft), label).text

    edits = [
        ("OP11", "EU", now("OP11").replace("inclusive and scientific", "inclusive, gender-responsive and scientific")),
        ("OP7", "Russian Federation", now("OP7").replace(" political stability and democratic institutions,", "")),
        ("OP26", "CELAC", now("OP26").replace("social and economic drivers", "social, economic and health drivers")),
    ]  # fmt: skip
    for bracket, (label, who, wording) in enumerate(edits, start=1):
        draftroom("propose", draft, label, "--by", who, "--text", wording)
        draftroom("agree", draft, f"b{bracket}")
    draftroom("insert", draft, "OP5", "--by", "G77", "--text",
              "Recognize the role of alternative development in reducing illicit cultivation;")  # fmt: skip
    draftroom("agree", draft, "b4")
    draftroom("delete", draft, "OP27", "--by", "US")
    draftroom("agree", draft, "b5")
    return draft, imported, ["EU", "Russian Federation", "CELAC", "G77", "US"]


def test_a_tracked_docx_credits_each_change_to_the_delegation_that_made_it(
    libreoffice, negotiated, tmp_path
):
    draft, _, delegations = negotiated
    opened = libreoffice.read(export(draft, tmp_path, "--as", "tracked"))
    assert opened["recording"], "track changes is switched on"
    assert {r["author"] for r in opened["redlines"]} == set(delegations)
    assert {r["type"] for r in opened["redlines"]} == {"Insert", "Delete"}
    assert all(r["date"] >= "2020-01-01" for r in opened["redlines"])


def test_an_anonymous_tracked_docx_credits_every_change_to_proposal_and_names_no_one(
    libreoffice, negotiated, tmp_path
):
    draft, _, delegations = negotiated
    tracked = export(draft, tmp_path, "--as", "tracked", "--anonymous")
    opened = libreoffice.read(tracked)
    assert opened["recording"] and len(opened["redlines"]) >= 5
    assert {r["author"] for r in opened["redlines"]} == {"Proposal"}
    clean = statement(text_of(draft))
    assert document_statement(libreoffice.read(tracked, "accept"), clean[0]) == clean
    with zipfile.ZipFile(tracked) as package:  # body, footnotes, settings, properties
        parts = {name: package.read(name).decode() for name in package.namelist()
                 if name.endswith((".xml", ".rels"))}  # fmt: skip
    for name, xml in parts.items():
        assert set(re.findall(r'w:author="([^"]*)"', xml)) <= {"Proposal"}, name
        words = re.sub(r"<[^>]+>", " ", xml)  # text: comments, footnotes, properties
        for who in [*delegations, ROOM]:
            assert not re.search(rf"\b{re.escape(who)}\b", words), (who, name)


def test_accepting_all_changes_gives_the_clean_export_and_rejecting_all_the_text_imported(
    libreoffice, negotiated, tmp_path
):
    draft, imported, _ = negotiated
    tracked = export(draft, tmp_path, "--as", "tracked")
    clean = statement(text_of(draft))
    original = statement(text_of(imported))
    assert clean != original
    assert document_statement(libreoffice.read(tracked, "accept"), clean[0]) == clean
    assert document_statement(libreoffice.read(tracked, "reject"), clean[0]) == original


def test_changes_since_a_later_revision_accept_to_the_text_and_reject_to_that_revision(
    libreoffice, negotiated, tmp_path
):
    draft, _, _ = negotiated
    work = tmp_path / "jms"
    shutil.copytree(draft, work)
    at_rev1 = statement(text_of(work))
    draftroom("revise", work)
    op8 = find(load_draft(work), "OP8").text
    draftroom(
        "propose", work, "OP8", "--by", "Mexico", "--text", op8.replace("peace", "lasting peace")
    )
    draftroom("agree", work, "b6")
    tracked = export(work, tmp_path, "--as", "tracked", "--since", "rev.1")
    opened = libreoffice.read(tracked)
    assert {r["author"] for r in opened["redlines"]} == {"Mexico"}
    assert document_statement(libreoffice.read(tracked, "accept"), at_rev1[0]) == statement(
        text_of(work)
    )
    assert document_statement(libreoffice.read(tracked, "reject"), at_rev1[0]) == at_rev1


def test_a_clean_docx_has_the_statement_and_its_footnotes_as_real_footnotes(
    libreoffice, negotiated, tmp_path
):
    draft, _, _ = negotiated
    opened = libreoffice.read(export(draft, tmp_path, "--as", "clean"))
    clean_txt = text_of(draft)
    assert document_statement(opened, statement(clean_txt)[0]) == statement(clean_txt)
    notes = clean_txt.split("__________", 1)[1].split("\n")
    expected = [line.split(" ", 1)[1] for line in notes if line.strip()]
    assert [n["text"] for n in opened["footnotes"]] == expected
    assert not opened["redlines"] and not opened["recording"]


def test_the_demo_negotiation_in_docx_reads_back_in_libreoffice(libreoffice, tmp_path):
    demo = ROOT / "drafts" / "cnd-2014-demo"
    bracketed = libreoffice.read(export(demo, tmp_path, "--as", "bracketed"))
    assert any("[Agreed ad ref]" in p for p in bracketed["paragraphs"])
    tracked = export(demo, tmp_path, "--as", "tracked")
    clean = statement(text_of(demo))
    assert document_statement(libreoffice.read(tracked, "accept"), clean[0]) == clean
