"""The agreed-language checker: exact uses, near-misses of every kind, what it tolerates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.glossary.checker import Checker
from app.glossary.entries import load_glossary
from app.glossary.lookup import lookup

SMALL = Path(__file__).parent / "data" / "glossary-small.toml"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary([SMALL]))


def only(checker: Checker, text: str):
    findings = checker.check_paragraph("P1", text)
    assert len(findings) == 1, [(f.kind, f.entry.id) for f in findings]
    return findings[0]


def test_an_exact_use_is_reported_with_its_source(checker):
    finding = only(
        checker,
        "Decides to act with full respect for the sovereignty and territorial integrity of States;",
    )
    assert (finding.kind, finding.entry.id) == ("exact", "sovereignty")
    assert finding.entry.source == "A/RES/65/233, para. 2"


@pytest.mark.parametrize(
    ("text", "entry", "change", "was", "now"),
    [
        ("the world drug problem remains a common and shared responsibility that shall be addressed "
         "in a multilateral setting through effective and increased international cooperation",
         "common-shared-should", "substitution", "should", "shall"),
        ("Decides to strengthen further international cooperation in the fight against the world "
         "drug problem", "to-strengthen-international-cooperation-in-the-fight-against", "insertion", "", "further"),
        ("Calls for minimizing the public health and social impacts of drug abuse",
         "public-health-impacts", "omission", "negative", ""),
        ("Calls for minimizing the negative public health and social impact of drug abuse",
         "public-health-impacts", "inflection", "impacts", "impact"),
        ("Encourages Member States, in cooperation with relevant stakeholders, as appropriate, to act",
         "stakeholders-as-appropriate", "moved", "as appropriate", "as appropriate"),
        ("in accordance with the purposes and principles of the Charter of the United Nations, "
         "international law and the Universal Declaration of Human Rights",
         "charter-full-conformity", "head", "in full conformity with", "in accordance with"),
    ],
    ids=["substitution", "insertion", "omission", "inflection", "moved", "head"],
)  # fmt: skip
def test_a_near_miss_names_the_entry_and_the_words_that_differ(
    checker, text, entry, change, was, now
):
    finding = only(checker, text)
    assert (finding.kind, finding.entry.id) == ("near-miss", entry)
    [difference] = [c for c in finding.diff if c.op != "equal"]
    assert difference.op == change
    assert (difference.entry, difference.found) == (was, now) or change == "moved"
    assert finding.found_text in text


@pytest.mark.parametrize(
    "text",
    [
        "WITH FULL RESPECT FOR THE SOVEREIGNTY AND TERRITORIAL INTEGRITY OF STATES",
        "with full respect for the sovereignty\nand territorial integrity of States",
        "with full respect for the sovereignty² and territorial integrity[^3] of States",
        "with full respect for the sove reignty and territorial integrity of States",
        "with full respect for the sovereignty and territorial integrity of States’",
    ],
    ids=["case", "line break", "footnote marks", "split by extraction", "curly quote"],
)
def test_what_real_documents_contain_does_not_spoil_an_exact_use(checker, text):
    finding = only(checker, text)
    assert (finding.kind, finding.entry.id) == ("exact", "sovereignty")


@pytest.mark.parametrize("text", ["cross border cooperation among law enforcement authorities",
                                  "crossborder cooperation among law enforcement authorities"])  # fmt: skip
def test_a_hyphen_lost_or_words_run_together_still_read_as_the_formula(checker, text):
    assert only(checker, text).kind == "exact"


def test_quoting_gives_the_passage_as_printed(checker):
    text = "Acting With Full Respect for the “sovereignty” and territorial integrity of States, we"
    assert (
        only(checker, text).found_text
        == "With Full Respect for the “sovereignty” and territorial integrity of States"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Parties shall regularly prepare and communicate nationally determined contributions.",
        "The secretariat shall publish the report in all official languages of the United Nations.",
        "Territorial waters and the integrity of ecosystems were discussed at length by experts.",
        "We welcome cooperation with relevant partners in the fight against climate change.",
    ],
)
def test_unrelated_text_gives_no_finding(checker, text):
    assert checker.check_paragraph("P1", text) == []


def test_where_an_exact_use_stands_no_near_miss_of_another_wording_is_reported(tmp_path):
    variants = tmp_path / "variants.toml"
    variants.write_text(
        SMALL.read_text(encoding="utf-8")
        + '\n[[entry]]\nid = "must"\ntext = "common and shared responsibility that must be addressed in a multilateral setting"\n'
        'source = "A/RES/65/233, para. 2"\n',
        encoding="utf-8",
    )
    text = ("remains a common and shared responsibility that should be addressed in a multilateral "
            "setting through effective and increased international cooperation")  # fmt: skip
    findings = Checker(load_glossary([variants])).check_paragraph("OP1", text)
    assert [(f.kind, f.entry.id) for f in findings] == [("exact", "common-shared-should")]


def test_lookup_ranks_by_the_words_asked_and_forgives_typos():
    entries = load_glossary([SMALL])
    assert lookup("sovereignity", entries)[0].entry.id == "sovereignty"
    assert lookup("shared responsibilty", entries)[0].entry.id == "common-shared-should"
    assert lookup("zzzz qqqq", entries) == []


# -- the command line ----------------------------------------------------------------------
def test_check_a_text_file_reports_near_misses_with_exit_1_and_json(cli, tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text(
        "Decides to act with full respect for the sovereignty and territorial integrity of States;\n\n"
        "Calls for minimizing the negative public health and social impact of drug abuse;\n",
        encoding="utf-8",
    )
    result = cli("check", text, "--glossary", SMALL, "--json")
    assert result.code == 1
    findings = json.loads(result.out)
    assert [(f["kind"], f["entry_id"], f["paragraph"]) for f in findings] == [
        ("exact", "sovereignty", "line 1"), ("near-miss", "public-health-impacts", "line 3"),
    ]  # fmt: skip
    near = findings[1]
    assert set(near) >= {
        "kind",
        "entry_id",
        "entry_text",
        "source",
        "found_text",
        "paragraph",
        "diff",
    }
    assert {"op": "inflection", "entry": "impacts", "found": "impact"} in near["diff"]


def test_check_exits_0_when_there_is_no_near_miss(cli, tmp_path):
    text = tmp_path / "clean.txt"
    text.write_text(
        "with full respect for the sovereignty and territorial integrity of States\n",
        encoding="utf-8",
    )
    result = cli("check", text, "--glossary", SMALL)
    assert result.code == 0
    assert "1 exact uses, 0 near-misses" in result.out


def test_a_glossary_file_with_a_mistake_is_named_with_its_line(cli, tmp_path):
    broken = tmp_path / "mine.toml"
    broken.write_text(
        '[[entry]]\ntext = "a formula"\nsource = "A/RES/1/1, para. 1"\n\n[[entry]]\ntext = "another"\n',
        encoding="utf-8",
    )
    result = cli("check", SMALL, "--glossary", broken)
    assert result.code == 2
    assert f"{broken}:5:" in result.err and "'source'" in result.err
    broken.write_text(
        '[[entry]]\ntext = "a formula"\nsource = "x"\nverified = "yes"\n', encoding="utf-8"
    )
    result = cli("glossary", "formula", "--glossary", broken)
    assert result.code == 2 and f"{broken}:4:" in result.err


def test_glossary_lookup_on_the_command_line(cli):
    result = cli("glossary", "sovereignity", "--glossary", SMALL, "--json")
    assert result.code == 0
    assert json.loads(result.out)[0]["entry_id"] == "sovereignty"


# -- the bundled glossary on the statement ---------------------------------------------------
def test_the_statement_uses_its_agreed_formulations_and_its_own_rewordings_are_near_misses(cli):
    """The statement words three of its formulations differently elsewhere in it: "the
    international drug control conventions" without "three" (OP33 A 3), "components for
    drug demand reduction that include" (OP33 A 6), "measures … that are outlined in the
    … Technical Guide" (OP33 A 12). Those, and nothing else, are near-misses."""
    from .conftest import BUNDLED

    result = cli("check", BUNDLED, "--json")
    findings = json.loads(result.out)
    assert result.code == 1  # near-misses found
    exact = [f for f in findings if f["kind"] == "exact"]
    assert len(exact) >= 170
    assert "E/2014/28, chap. I, sect. C, para. 1" in {f["source"] for f in exact}
    near = {
        (f["paragraph"], " ".join(f["found_text"].split()))
        for f in findings
        if f["kind"] == "near-miss"
    }
    assert near == {
        ("OP33 A 3", "the international drug control conventions"),
        ("OP33 A 6", "drug demand reduction that include primary prevention, early intervention, "
         "treatment, care, rehabilitation, recovery and social reintegration, as well as measures"),
        ("OP33 A 12", "that are outlined in the WHO, UNODC, UNAIDS Technical Guide"),
    }  # fmt: skip


def test_changing_one_word_by_a_proposal_is_reported_as_a_near_miss(cli, draft_dir):
    from app.store.store import load_draft

    op1 = load_draft(draft_dir).paragraphs[16].text
    assert op1.startswith("Are fully aware")
    cli(
        "propose",
        draft_dir,
        "OP1",
        "--by",
        "EU",
        "--text",
        op1.replace("should be addressed", "could be addressed"),
    )
    result = cli("check", draft_dir, "--json")
    assert result.code == 1
    [near] = [
        f
        for f in json.loads(result.out)
        if f["kind"] == "near-miss" and not f["paragraph"].startswith("OP33 A")
    ]
    assert near["paragraph"] == "OP1 [b1: EU]"
    assert "that should be addressed in a multilateral setting" in near["entry_text"]
    assert {"op": "substitution", "entry": "should", "found": "could"} in near["diff"]
