"""PDF in (issue 16): the statement's zero draft, typed in LibreOffice as a secretariat
officer does (numbered list, footnotes, running header and footer) and printed to PDF by
LibreOffice, imports as the statement: every paragraph whole, its number right, every
footnote at its mark, no page furniture. Files that cannot be read are refused with exit 2
and nothing written."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.core.labels import labels
from app.store.store import load_draft

from .conftest import BUNDLED
from .secretariat import JOB_NUMBER, SYMBOL, zero_draft


@pytest.fixture(scope="module")
def circulated(libreoffice, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The zero draft as .docx and as .pdf, both made by LibreOffice."""
    return zero_draft(libreoffice, BUNDLED, tmp_path_factory.mktemp("zero"))


def _paragraphs(draft: Path) -> list[tuple[str, str, str, list[str]]]:
    """Each negotiable paragraph's label (PP1, OP7, A 3), kind, words and italics, in order."""
    loaded = load_draft(draft)
    label = labels(loaded)
    return [(label[p.id], p.kind.value, p.text, p.emphasis) for p in loaded.negotiable]


def _footnotes(draft: Path) -> list[tuple[str, str, str]]:
    """Each footnote's number, words and the label of the paragraph carrying its mark."""
    loaded = load_draft(draft)
    label = labels(loaded)
    return [(n.number, n.text, label.get(n.paragraph, "")) for n in loaded.footnotes]


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_the_zero_draft_reads_as_the_statement_paragraph_by_paragraph(
    cli, circulated, tmp_path, form
):
    source = circulated[0] if form == "docx" else circulated[1]
    result = cli("import", source, "-o", tmp_path / "d")
    assert result.code == 0, result.err
    assert "79 negotiable paragraphs, 12 headings" in result.out
    assert "24 footnotes" in result.out
    assert _paragraphs(tmp_path / "d") == _paragraphs(BUNDLED)
    assert _footnotes(tmp_path / "d") == _footnotes(BUNDLED)
    clean = cli("export", tmp_path / "d", "--as", "clean").out
    assert clean == cli("export", BUNDLED, "--as", "clean").out


def test_a_pdf_is_read_without_its_running_header_footer_and_page_numbers(
    cli, circulated, tmp_path
):
    result = cli("import", circulated[1], "-o", tmp_path / "d")
    pages = len(pdfium.PdfDocument(circulated[1]))
    assert pages > 10  # a header and a footer line on each page
    said = f"{pages} pages read; {2 * pages} lines of running headers, footers and page numbers"
    assert said in result.err
    text = cli("export", tmp_path / "d", "--as", "clean").out
    assert SYMBOL not in text and JOB_NUMBER.split()[0] not in text


def test_a_pdf_is_chosen_by_its_content_not_its_name(cli, circulated, tmp_path):
    renamed = tmp_path / "zero-draft.txt"
    renamed.write_bytes(circulated[1].read_bytes())
    assert cli("import", renamed, "-o", tmp_path / "d").code == 0
    assert _paragraphs(tmp_path / "d") == _paragraphs(BUNDLED)


def _scanned(source: Path, target: Path) -> Path:
    """`source`'s first page as a picture on a page of its own: a scan, no text layer."""
    original = pdfium.PdfDocument(source)
    bitmap = original[0].render(scale=1)
    scan = pdfium.PdfDocument.new()
    width, height = original[0].get_size()
    page = scan.new_page(width, height)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    scan.save(target)
    return target


def _protected(source: Path, target: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt("secret", algorithm="AES-256")
    with target.open("wb") as out:
        writer.write(out)
    return target


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_scanned, "has no text to read: a scanned PDF"),
        (_protected, "is a password-protected PDF"),
        (lambda s, t: (t.write_bytes(s.read_bytes()[:40_000]), t)[1], "damaged or cut-short"),
    ],
    ids=["scanned", "password", "truncated"],
)
def test_an_unreadable_pdf_is_refused_and_nothing_is_written(cli, circulated, tmp_path, make, said):
    bad = make(circulated[1], tmp_path / "bad.pdf")
    result = cli("import", bad, "-o", tmp_path / "d")
    assert result.code == 2
    assert said in result.err and "bad.pdf" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "d").exists()
