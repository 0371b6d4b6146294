"""Word in (issue 16, first step): `draftroom import FILE.docx` reads the circulated draft
(Word's numbering, footnotes, italics, the text before tracked changes), chosen by content;
a file that is not a Word document is refused with exit 2 and nothing written."""

from __future__ import annotations

import zipfile

import pytest

from .conftest import BUNDLED
from .word_files import make_docx, resaved_by_libreoffice


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
