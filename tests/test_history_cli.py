"""`log` and `diff`: what a facilitator reads after a merge — who did what, when, on which
paragraph, and the text changed between revisions, word by word."""

from __future__ import annotations

import json

from app import session
from app.core.labels import find


def _propose(cli, draft, label, who, old, new):
    text = find(session.read(draft), label).text
    assert old in text
    result = cli("propose", draft, label, "--by", who, "--text", text.replace(old, new, 1))
    assert result.code == 0, result.err


def test_log_lists_who_did_what_on_which_paragraph_and_filters_by_delegation_and_revision(cli, draft_dir):  # fmt: skip
    _propose(cli, draft_dir, "OP27", "EU", "polydrug abuse", "polydrug use")
    assert cli("revise", draft_dir).code == 0
    _propose(cli, draft_dir, "OP28", "Mexico", "serious", "grave")
    everything = cli("log", draft_dir).out.splitlines()
    assert any("OP27" in line and "EU proposes" in line for line in everything)
    assert any("rev." in line and "issued" in line for line in everything)
    since = cli("log", draft_dir, "--since", "rev.1").out
    assert "Mexico proposes" in since and "EU proposes" not in since
    by = json.loads(cli("log", draft_dir, "--by", "mexico", "--json").out)
    assert [(row["by"], row["paragraph"], row["action"]) for row in by] == [("Mexico", "OP28", "propose")]  # fmt: skip
    assert by[0]["at"].endswith("Z") and "grave" in by[0]["summary"]


def test_log_of_an_unknown_revision_or_delegation_says_so_and_exits_2(cli, draft_dir):
    wrong = cli("log", draft_dir, "--since", "rev.9")
    assert wrong.code == 2 and "no revision 'rev.9'" in wrong.err and "rev.0" in wrong.err
    assert cli("log", draft_dir, "--by", "Atlantis").code == 2


def test_diff_shows_the_words_changed_between_revisions_and_since_the_last(cli, draft_dir):
    _propose(cli, draft_dir, "OP27", "EU", "polydrug abuse", "polydrug use")
    assert cli("revise", draft_dir).code == 0
    _propose(cli, draft_dir, "OP28", "Mexico", "serious", "grave")
    first = cli("diff", draft_dir, "rev.0", "rev.1").out
    assert "OP27" in first and "OP28" not in first
    assert "[-abuse-]{+[abuse / use - EU]+}" in first and "1 paragraph changed" in first
    since = cli("diff", draft_dir).out  # the last revision against the text as it stands
    assert "rev.1 -> the text as it stands" in since
    assert "OP28" in since and "OP27" not in since and "{+[serious / grave - Mexico]+}" in since
    assert "status: open -> bracketed" in since
    assert "…" in since  # a long paragraph's unchanged words are cut around the change


def test_diff_of_a_revision_the_draft_lacks_names_the_ones_it_has(cli, draft_dir):
    result = cli("diff", draft_dir, "rev.4")
    assert result.code == 2 and "rev.0" in result.err
