"""Our own Markdown export reads back as the draft it came from, as the txt export does:
paragraphs by kind and label, headings, footnotes, brackets and supporters (issue 14,
item 5)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

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
