"""Exports in every format as a capital receives them: the CLI's choices and refusals,
standalone HTML, Markdown, and DOCX with real footnotes and Word revisions."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from app.exports.export import default_name, export_file, render
from app.store.store import load_draft

from .conftest import BUNDLED, ROOT

DEMO = ROOT / "drafts" / "cnd-2014-demo"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def agreed(draft_dir: Path, cli) -> Path:
    """The statement with one change agreed: CELAC's "use" for "abuse" in OP27."""
    assert cli("propose", draft_dir, "OP27", "--by", "CELAC", "--text",
               "Note the emerging challenge of polydrug use in some regions;").code == 0  # fmt: skip
    assert cli("agree", draft_dir, "b1").code == 0
    return draft_dir


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode()


def test_a_tracked_docx_holds_word_revisions_with_the_delegation_and_the_date(agreed):
    data = render(load_draft(agreed), "tracked", "docx")
    body = docx_part(data, "word/document.xml")
    assert re.search(r'<w:del w:id="\d+" w:author="CELAC" w:date="\d{4}-\d\d-\d\dT[\d:]+Z">', body)
    assert re.search(r'<w:ins w:id="\d+" w:author="CELAC"', body)
    assert '<w:delText xml:space="preserve">abuse</w:delText>' in body
    assert "<w:trackRevisions/>" in docx_part(data, "word/settings.xml")


def test_a_docx_cites_footnotes_as_real_footnotes_not_text_at_the_end(agreed):
    data = render(load_draft(agreed), "clean", "docx")
    notes = docx_part(data, "word/footnotes.xml")
    assert notes.count("<w:footnoteRef/>") == 24
    assert docx_part(data, "word/document.xml").count("<w:footnoteReference") == 24
    assert "footnotes" in docx_part(data, "word/_rels/document.xml.rels")
    assert "General Assembly resolution 65/277, annex." in notes


def test_a_docx_prints_operative_verbs_in_italics_and_numbers_paragraphs_as_the_un_does():
    body = docx_part(render(load_draft(BUNDLED), "clean", "docx"), "word/document.xml")
    assert '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Reaffirm</w:t></w:r>' in body
    assert '<w:t xml:space="preserve">7.</w:t><w:tab/>' in body
    assert "Distr.: General" in body and "Joint Ministerial Statement" in body


def test_a_bracketed_docx_shows_proposals_bold_and_wording_to_delete_struck_through():
    body = docx_part(render(load_draft(DEMO), "bracketed", "docx"), "word/document.xml")
    assert "<w:b/>" in body and "<w:strike/>" in body
    assert "delete</w:t>" in body  # the supporters' tags


def test_html_is_one_standalone_file_with_changes_carrying_author_and_date(agreed):
    page = render(load_draft(agreed), "tracked", "html").decode()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page), "nothing fetched from elsewhere"
    assert re.search(
        r'<del title="CELAC, \d{4}-\d\d-\d\d" datetime="[^"]+" data-by="CELAC">abuse</del>', page
    )
    assert "<i>Note</i>" in page and 'class="num">27.<' in page


def test_markdown_keeps_footnotes_and_escapes_numbers_that_would_start_a_list():
    text = render(load_draft(BUNDLED), "clean", "md").decode()
    assert "\n1\\. *Are fully aware* that" in text
    assert "[^24]: General Assembly resolution 65/277, annex." in text


def test_tracked_txt_marks_changes_inline_and_lists_who_made_each(agreed):
    text = render(load_draft(agreed), "tracked", "txt").decode()
    assert "27. Note the emerging challenge of polydrug [-abuse-]{+use+} in some regions;" in text
    assert re.search(r"\n    \{\+use\+\} CELAC, \d{4}-\d\d-\d\d\n", text)


def test_clean_with_kept_brackets_shows_the_open_places():
    text = render(load_draft(DEMO), "clean", "txt", keep_brackets=True).decode()
    assert "[" in text and " - " in text
    assert "[" not in render(load_draft(DEMO), "clean", "txt").decode().split("__________")[0]


def test_the_default_file_name_says_draft_mode_and_revision():
    demo = load_draft(DEMO)
    assert (
        default_name(demo, "cnd-2014-demo", "tracked", "docx") == "cnd-2014-demo-tracked-rev.1.docx"
    )
    assert (
        default_name(demo, "cnd-2014-demo", "tracked", "docx", since="rev.1")
        == "cnd-2014-demo-tracked-rev.1-since-rev.1.docx"
    )


def test_export_file_writes_into_a_folder_and_refuses_to_overwrite_without_force(tmp_path):
    demo = load_draft(DEMO)
    path = export_file(demo, "cnd-2014-demo", "tracked", "docx", target=tmp_path)
    assert path == tmp_path / "cnd-2014-demo-tracked-rev.1.docx"
    assert zipfile.is_zipfile(path)
    with pytest.raises(Exception, match="already exists"):
        export_file(demo, "cnd-2014-demo", "tracked", "docx", target=tmp_path)
    assert export_file(demo, "cnd-2014-demo", "tracked", "docx", target=tmp_path, force=True)


def test_cli_html_and_docx_go_to_a_file_named_after_the_draft(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export", DEMO, "--as", "tracked", "--format", "docx")
    assert result.code == 0 and result.out == ""
    assert (tmp_path / "cnd-2014-demo-tracked-rev.1.docx").exists()
    assert cli("export", DEMO, "--as", "tracked", "--format", "docx").code == 2
    assert cli("export", DEMO, "--format", "docx", "-o", "-").code == 2


def test_an_unknown_revision_is_refused_naming_those_there_are_and_nothing_is_written(
    cli, tmp_path
):
    target = tmp_path / "out.docx"
    result = cli(
        "export", DEMO, "--as", "tracked", "--since", "rev.3", "--format", "docx", "-o", target
    )
    assert result.code == 2
    assert "no revision 'rev.3'" in result.err and "rev.0, rev.1" in result.err
    assert "closest: rev.1" in result.err or "closest: rev.0" in result.err
    assert "Traceback" not in result.err and not target.exists()


def test_since_with_a_clean_export_is_a_usage_mistake(cli):
    result = cli("export", DEMO, "--as", "clean", "--since", "rev.1")
    assert result.code == 2 and "--since is for tracked exports" in result.err
