"""Compile (issue 16, second step): delegations' returns, Word files edited with Track
Changes, become their proposals on the right paragraphs; all or nothing, never twice."""

from __future__ import annotations

import shutil

from .word_files import make_return, resaved_by_libreoffice


def test_two_delegations_returns_compile_into_one_bracketed_text(
    cli, draft_dir, circulated, tmp_path
):
    eu = make_return(circulated, tmp_path / "eu.docx", [
        ("EU", "abuse", "use"),
        ("EU", "+", "Encourage the exchange of best practices on polydrug use;"),
    ])  # fmt: skip
    mexico = make_return(circulated, tmp_path / "mexico.docx", [("Maria Rossi", "abuse", "misuse")])
    before = (draft_dir / "paragraphs.toml").read_bytes()
    refused = cli("compile", draft_dir, eu, mexico)
    assert refused.code == 2  # Maria Rossi is a person, not a delegation: nothing written
    assert "'Maria Rossi', who is not a delegation" in refused.err and "--from" in refused.err
    assert (draft_dir / "paragraphs.toml").read_bytes() == before

    assert cli("compile", draft_dir, eu).code == 0
    result = cli("compile", draft_dir, mexico, "--from", "Mexico")
    assert result.code == 0, result.err
    assert "Mexico: 1 proposal (OP27)" in result.out
    text = cli("export", draft_dir, "--as", "bracketed").out
    assert "polydrug [abuse / use - EU / misuse - Mexico] in some regions;" in text
    assert "27 bis. [Encourage the exchange of best practices on polydrug use; - EU]" in text
    assert text.count(" - EU") == 2  # nothing else changed


def test_a_return_compiled_twice_adds_nothing(cli, draft_dir, circulated, tmp_path):
    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    assert cli("compile", draft_dir, eu).code == 0
    files = {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")}
    again = cli("compile", draft_dir, eu)
    assert again.code == 0
    assert "compiled already" in again.out
    assert {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")} == files


def test_a_return_saved_by_libreoffice_compiles_the_same(cli, draft_dir, circulated, tmp_path):
    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    resaved = resaved_by_libreoffice(eu, tmp_path)
    result = cli("compile", draft_dir, resaved)
    assert result.code == 0, result.err
    assert "[abuse / use - EU]" in cli("export", draft_dir, "--as", "bracketed").out


def test_a_missing_or_unreadable_return_writes_nothing(cli, draft_dir, circulated, tmp_path):
    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 cut short")
    before = (draft_dir / "paragraphs.toml").read_bytes()
    for files in ([eu, bad], [eu, tmp_path / "missing.docx"]):
        result = cli("compile", draft_dir, *files)
        assert result.code == 2 and "Traceback" not in result.err
        assert (draft_dir / "paragraphs.toml").read_bytes() == before
    shutil.rmtree(tmp_path / "d", ignore_errors=True)


def test_words_changed_without_track_changes_need_to_be_attributed(
    cli, draft_dir, circulated, tmp_path
):
    import zipfile

    with zipfile.ZipFile(circulated) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"polydrug abuse", b"polydrug misuse"
    )
    untracked = tmp_path / "untracked.docx"
    with zipfile.ZipFile(untracked, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    before = (draft_dir / "paragraphs.toml").read_bytes()
    refused = cli("compile", draft_dir, untracked)
    assert refused.code == 2
    assert "changes OP27 without Track Changes" in refused.err and "--from" in refused.err
    assert (draft_dir / "paragraphs.toml").read_bytes() == before
    assert cli("compile", draft_dir, untracked, "--from", "Mexico").code == 0
    assert "[abuse / misuse - Mexico]" in cli("export", draft_dir, "--as", "bracketed").out
    again = cli("compile", draft_dir, untracked, "--from", "Mexico")
    assert again.code == 0 and "compiled already" in again.out


def test_a_return_says_which_revision_it_was_made_against(cli, draft_dir, circulated, tmp_path):
    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    assert cli("revise", draft_dir).code == 0
    result = cli("compile", draft_dir, eu)
    assert result.code == 0
    assert "made against rev.0; the draft is now at rev.1" in result.out


def test_a_return_of_another_draft_is_refused(cli, draft_dir, circulated, tmp_path):
    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    other = tmp_path / "other"
    shutil.copytree(draft_dir, other)
    text = (other / "draft.toml").read_text().replace('name = "cnd-2014-jms"', 'name = "another"')
    (other / "draft.toml").write_text(text)
    result = cli("compile", other, eu)
    assert result.code == 2 and "is a return of the draft 'cnd-2014-jms'" in result.err


def test_comments_in_a_return_are_listed_with_their_author_and_paragraph(
    cli, draft_dir, circulated, tmp_path
):
    import zipfile

    eu = make_return(circulated, tmp_path / "eu.docx", [("EU", "abuse", "use")])
    with zipfile.ZipFile(eu) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/comments.xml"] = (
        f'<w:comments {ns}><w:comment w:id="5" w:author="EU"><w:p><w:r>'
        "<w:t>Use is the agreed term since 2016.</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    xml = parts["word/document.xml"].decode()
    at = xml.index("the emerging challenge of polydrug")
    end = xml.index("</w:p>", at)
    xml = xml[:end] + '<w:r><w:commentReference w:id="5"/></w:r>' + xml[end:]
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(eu, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    result = cli("compile", draft_dir, eu)
    assert result.code == 0, result.err
    assert "comment by EU on OP27: “Use is the agreed term since 2016.”" in result.out


def test_returns_edited_in_libreoffice_with_track_changes_compile_into_one_bracketed_text(
    cli, draft_dir, circulated, tmp_path, libreoffice
):
    """Two delegates open the circulated file in LibreOffice, switch on Track Changes and
    type: the EU replaces a word and adds a paragraph after OP27; Mexico's delegate
    (signed in as a person) replaces the same word and deletes a paragraph."""
    eu = libreoffice.edit(
        circulated, tmp_path / "eu.docx", "EU",
        replace=[["polydrug abuse", "polydrug use"]],
        insert_after=[["polydrug abuse", "Encourage the exchange of best practices;"]],
    )  # fmt: skip
    deleted = "Also recognize the need to improve"
    mexico = libreoffice.edit(
        circulated, tmp_path / "mexico.docx", "Maria Rossi",
        replace=[["polydrug abuse", "polydrug misuse"]], delete=[deleted],
    )  # fmt: skip
    before = {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")}
    refused = cli("compile", draft_dir, eu, mexico)
    assert refused.code == 2 and "'Maria Rossi', who is not a delegation" in refused.err
    assert {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")} == before

    assert cli("compile", draft_dir, eu).code == 0
    result = cli("compile", draft_dir, mexico, "--from", "Mexico")
    assert result.code == 0, result.err
    text = cli("export", draft_dir, "--as", "bracketed").out
    assert "polydrug [abuse / use - EU / misuse - Mexico]" in text
    assert "bis. [Encourage the exchange of best practices; - EU]" in text
    assert text.count(" - EU") == 2 and text.count(" - Mexico") == 2  # nothing else
    assert "\n36. [Also recognize the need to improve" in text
    assert "organizations; - Mexico delete]" in text
    files = {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")}
    for again in (
        cli("compile", draft_dir, eu),
        cli("compile", draft_dir, mexico, "--from", "Mexico"),
    ):
        assert again.code == 0 and "2 change(s) compiled already" in again.out, again.out
        assert "proposal" not in again.out
    assert {p.name: p.read_bytes() for p in draft_dir.glob("*.toml")} == files
