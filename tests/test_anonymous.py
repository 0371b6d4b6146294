"""A compilation text circulated without attribution (issue 16, item 4): `export --as
bracketed --anonymous` says no one's name, in every format."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

DEMO = ROOT / "drafts" / "cnd-2014-demo"
NAMES = ("EU", "Uruguay", "China", "Colombia", "Mexico", "Norway", "Switzerland", "Canada")


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_an_anonymous_compilation_text_names_no_delegation(cli, fmt, tmp_path):
    target = tmp_path / f"anonymous.{fmt}"
    result = cli("export", DEMO, "--as", "bracketed", "--anonymous", "--format", fmt, "-o", target)
    assert result.code == 0, result.err
    text = re.sub(r"<[^>]+>", "", target.read_text())
    assert "principal" in text and "central" in text
    for name in NAMES:
        assert not re.search(rf"\b{name}\b", text), name
    assert " retain" not in text and " delete]" not in text


def test_anonymous_brackets_read_as_the_untagged_form(cli):
    text = cli("export", DEMO, "--as", "bracketed", "--anonymous").out
    assert "the [principal][central] role" in text  # alternatives
    assert "political stability[, human rights] and" in text  # may be added
    assert "7 bis. [Recognize that drug policies" in text


def test_the_anonymous_docx_names_no_delegation(cli, tmp_path):
    from docx import Document

    target = tmp_path / "anonymous.docx"
    assert cli("export", DEMO, "--as", "bracketed", "--anonymous", "--format", "docx", "-o", target).code == 0  # fmt: skip
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "[principal][central]" in text
    assert not any(re.search(rf"\b{name}\b", text) for name in NAMES)


def test_anonymous_is_refused_where_it_has_no_meaning_yet(cli):
    result = cli("export", DEMO, "--as", "clean", "--anonymous")
    assert result.code == 2 and "--as bracketed" in result.err


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_an_anonymous_tracked_text_credits_every_change_to_proposal(cli, fmt, tmp_path):
    def tracked(*extra: str) -> str:
        target = tmp_path / f"tracked{len(extra)}.{fmt}"
        result = cli("export", DEMO, "--as", "tracked", *extra, "--format", fmt, "-o", target)
        assert result.code == 0, result.err
        return target.read_text()  # tags and attributes too (title="Brazil, …")

    assert "Brazil" in tracked()  # the demo's change since rev.0
    text = tracked("--anonymous")
    assert "including corruption" in text and "Proposal" in text
    for name in (*NAMES, "Brazil"):
        assert not re.search(rf"\b{name}\b", text), name
