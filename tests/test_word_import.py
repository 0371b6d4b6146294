"""Word in (issue 16, first step): `draftroom import FILE.docx` reads the circulated draft
(Word's numbering, footnotes, italics, the text before tracked changes), chosen by content;
a file that is not a Word document is refused with exit 2 and nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import BUNDLED

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"""
# one list: level 0 decimal "1.", level 1 "(a)"; the list instance starts at 5
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> General Assembly resolution S-30/1, annex.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _numbered(text: str, level: int = 0) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"{text}</w:p>"
    )


def _run(text: str, italic: bool = False) -> str:
    props = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


ZERO_DRAFT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:r><w:t>United Nations</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{_run("Draft statement on drug policy")}</w:p>
<w:p>{_run("Recalling the outcome of the special session,")}<w:r><w:footnoteReference w:id="7"/></w:r></w:p>
{_numbered(_run("Reaffirm", True) + _run(" our commitment to the three conventions;"))}
{_numbered(_run("Decide", True) + _run(" to strengthen cooperation, including:"))}
{_numbered(_run("by sharing information;"), level=1)}
{_numbered(_run("by joint training;"), level=1)}
<w:tbl><w:tr><w:tc><w:p>{_run("a table cell")}</w:p></w:tc></w:tr></w:tbl>
{_numbered(_run("Encourage", True) + _run(" Member States to ") + '<w:del w:id="1" w:author="Maria Rossi"><w:r><w:delText xml:space="preserve">further </w:delText></w:r></w:del>' + '<w:ins w:id="2" w:author="EU"><w:r><w:t xml:space="preserve">actively </w:t></w:r></w:ins>' + _run("promote prevention;"))}
</w:body></w:document>"""


def make_docx(path: Path, document: str = ZERO_DRAFT) -> Path:
    """A .docx written part by part, as Word lays one out (numbering, footnotes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        package.writestr("word/document.xml", document)
        package.writestr("word/numbering.xml", NUMBERING)
        package.writestr("word/footnotes.xml", FOOTNOTES)
    return path


def resaved_by_libreoffice(source: Path, folder: Path) -> Path:
    """`source` opened and saved again as .docx by LibreOffice, as a user's Word file is."""
    if shutil.which("soffice") is None:
        if os.environ.get("DRAFTROOM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("soffice is required here (DRAFTROOM_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("soffice is not installed")
    out = folder / "libreoffice"
    out.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out / source.name


def test_our_clean_docx_imports_back_to_the_same_text(cli, tmp_path):
    docx = tmp_path / "statement.docx"
    assert cli("export", BUNDLED, "--as", "clean", "--format", "docx", "-o", docx).code == 0
    result = cli("import", docx, "-o", tmp_path / "d")
    assert result.code == 0, result.err
    assert "24 footnotes" in result.out and "78" not in result.err
    original = cli("export", BUNDLED, "--as", "clean").out
    assert cli("export", tmp_path / "d", "--as", "clean").out == original


def test_the_statement_saved_by_libreoffice_imports_to_the_same_text(cli, tmp_path):
    docx = tmp_path / "statement.docx"
    assert cli("export", BUNDLED, "--as", "clean", "--format", "docx", "-o", docx).code == 0
    resaved = resaved_by_libreoffice(docx, tmp_path)
    result = cli("import", resaved, "-o", tmp_path / "d")
    assert result.code == 0, result.err
    original = cli("export", BUNDLED, "--as", "clean").out
    assert cli("export", tmp_path / "d", "--as", "clean").out == original


def test_word_numbering_footnotes_and_italics_are_read(cli, tmp_path):
    result = cli("import", make_docx(tmp_path / "zero.docx"), "-o", tmp_path / "d")
    assert result.code == 0, result.err
    text = cli("export", tmp_path / "d", "--as", "clean").out
    assert text.startswith("Draft statement on drug policy")  # the masthead left out
    assert "Recalling the outcome of the special session,¹" in text
    assert "5. Reaffirm our commitment" in text  # the list's start override
    assert "6. Decide to strengthen" in text
    assert "(a) by sharing information;" in text and "(b) by joint training;" in text
    assert "7. Encourage Member States to further promote prevention;" in text
    assert "¹ General Assembly resolution S-30/1, annex." in text
    shown = cli("show", tmp_path / "d", "OP5").out
    assert "Reaffirm" in shown
    status = cli("status", tmp_path / "d", "--json").out
    assert '"footnotes": 1' in status


def test_tracked_changes_are_left_out_and_counted_by_author(cli, tmp_path):
    result = cli("import", make_docx(tmp_path / "return.docx"), "-o", tmp_path / "d")
    assert result.code == 0
    assert "2 tracked changes left out, by Maria Rossi (1), EU (1)" in result.err
    assert "actively" not in cli("export", tmp_path / "d", "--as", "clean").out


def test_a_table_is_reported_not_lost_silently(cli, tmp_path):
    result = cli("import", make_docx(tmp_path / "zero.docx"), "-o", tmp_path / "d")
    assert "a table after" in result.err and "was left out" in result.err


def test_word_numbering_survives_libreoffice(cli, tmp_path):
    resaved = resaved_by_libreoffice(make_docx(tmp_path / "zero.docx"), tmp_path)
    result = cli("import", resaved, "-o", tmp_path / "d")
    assert result.code == 0, result.err
    text = cli("export", tmp_path / "d", "--as", "clean").out
    assert "5. Reaffirm our commitment" in text and "(b) by joint training;" in text
    assert "¹ General Assembly resolution S-30/1, annex." in text


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (None, "not a Word document"),  # a zip of something else
        ("truncated", "damaged or cut-short"),
    ],
    ids=["encrypted", "other-zip", "truncated"],
)
def test_a_file_that_is_not_a_readable_word_document_is_refused(cli, tmp_path, content, said):
    bad = tmp_path / "bad.docx"
    if content is None:
        with zipfile.ZipFile(bad, "w") as package:
            package.writestr("photo.txt", "not a document")
    elif content == "truncated":
        whole = make_docx(tmp_path / "whole.docx").read_bytes()
        bad.write_bytes(whole[: len(whole) // 2])
    else:
        bad.write_bytes(content)
    result = cli("import", bad, "-o", tmp_path / "d")
    assert result.code == 2
    assert said in result.err and "bad.docx" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "d").exists()
