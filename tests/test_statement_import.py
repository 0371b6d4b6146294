"""Importing the CND 2014 statement: every paragraph whole, once, whatever the pagination."""

from __future__ import annotations

import random
import re

import pytest

from app.core.draft import Kind, Part, footnote_numbers
from app.core.labels import labels
from app.exports.export import clean_txt
from app.importers.untext import import_un_text

FOOTNOTE_LINE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s")


def annex_one(source: str) -> str:
    """The statement as printed between 'Annex I' and 'Annex II'."""
    return source.split("\nAnnex I\n", 1)[1].split("\nAnnex II\n", 1)[0]


def words(text: str) -> list[str]:
    return text.replace("*", "").split()


def exported_statement(export: str) -> list[str]:
    """Non-empty lines of a clean export, up to the footnotes."""
    body = export.split("__________", 1)[0]
    return [line for line in body.splitlines() if line.strip()]


def test_the_statement_has_pp1_op1_to_33_and_sections_a_to_c_1_to_45(statement):
    table = labels(statement)
    body = [
        table[p.id] for p in statement.paragraphs if p.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)
    ]
    expected = (
        ["PP1"]
        + [f"OP{n}" for n in range(1, 34)]
        + [f"OP33 A {n}" for n in range(1, 15)]
        + [f"OP33 B {n}" for n in range(15, 38)]
        + [f"OP33 C {n}" for n in range(38, 46)]
    )
    assert body == expected


def test_export_shows_each_of_the_79_paragraphs_once_and_whole(statement, source_text):
    lines = exported_statement(clean_txt(statement))
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    numbers = [int(line.split(".", 1)[0]) for line in numbered]
    assert numbers == list(range(1, 34)) + list(range(1, 46))
    assert sum(1 for line in lines if line.startswith("We, the Ministers")) == 1
    for line in numbered:
        # whole: opens with the operative verb, closes the sentence
        assert re.match(r"^\d+\. [A-Z]", line), line
        assert re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", "", line).endswith((";", ":", ".", "”")), line
    # and nothing is lost or added: the words are the printed words, footnote blocks aside
    printed = [ln for ln in annex_one(source_text).splitlines() if not FOOTNOTE_LINE.match(ln)]
    assert words(" ".join(lines)) == words(" ".join(printed))


def test_paragraphs_split_by_a_footnote_block_are_rejoined(statement):
    table = labels(statement)
    by_label = {table[p.id]: p for p in statement.paragraphs}
    assert by_label["OP3"].text.endswith(
        "Plan of Action on International Cooperation towards an Integrated and Balanced "
        "Strategy to Counter the World Drug Problem;¹"
    )
    assert "Control Commission of the Organization of American States" in by_label["OP21"].text
    assert "Problem; Declaration" not in by_label["OP33 B 18"].text
    assert by_label["OP33 B 18"].text.endswith("Strategy to Counter the World Drug Problem;")


def test_introduction_paragraphs_on_consecutive_lines_are_separate_and_context(statement):
    intro = [p for p in statement.paragraphs if p.part is Part.INTRODUCTION and not p.is_heading]
    assert [p.number for p in intro] == [str(n) for n in range(1, 11)]
    assert all(p.kind is Kind.CONTEXT for p in intro)
    assert intro[3].text.endswith("to be held in 2016.")  # continued after a page break


def test_round_table_summaries_are_context_that_cannot_be_amended(statement):
    annex = [p for p in statement.paragraphs if p.part is Part.ANNEX]
    assert annex and all(not p.negotiable for p in annex)
    assert any("was not subject to negotiation" in p.text for p in annex)
    cut = next(p for p in annex if p.text.startswith("Participants spoke of the need"))
    assert cut.text.endswith("and other amphetamine-type substances.")


def test_footnotes_attach_to_the_paragraph_carrying_their_mark(statement):
    table = labels(statement)
    owners = {f.number: table[f.paragraph] for f in statement.footnotes}
    assert sorted(owners, key=int) == [str(n) for n in range(1, 25)]
    assert owners["1"] == "PP1"
    assert owners["12"] == "OP5"
    assert owners["19"] == "OP21"
    assert owners["23"] == "OP33 A 2"
    assert owners["24"] == "OP33 A 11"
    for footnote in statement.footnotes:
        assert footnote.number in footnote_numbers(statement.paragraph(footnote.paragraph).text)


def test_italic_operative_verbs_are_kept_as_emphasis(statement):
    table = labels(statement)
    by_label = {table[p.id]: p for p in statement.paragraphs}
    assert by_label["OP1"].emphasis == ["Are fully aware"]
    assert by_label["OP20"].emphasis == ["Take note", "World Drug Report 2013"]
    assert "*" not in by_label["OP20"].text


def test_cover_page_and_note_become_metadata_and_context(statement):
    document = statement.document
    assert document.date == "20 May 2014"
    assert document.distribution == "General"
    assert document.report_title.startswith("Outcome of the high-level review")
    assert document.title.startswith("Joint Ministerial Statement of the 2014 high-level review")
    assert document.cover_notes == ["* A/69/50.", "** E/2014/100."]
    note = [p for p in statement.paragraphs if p.part is Part.NOTE]
    assert note[1].text.startswith("The Secretary-General has the honour to transmit")


def _repaginate(source: str, seed: int) -> str:
    """The same statement laid out on other pages: footnote blocks lifted from where they
    were and dropped into the middle of other paragraphs, cut at random words."""
    rng = random.Random(seed)
    lines = source.split("\n")
    notes = [line for line in lines if FOOTNOTE_LINE.match(line)]
    kept = [line for line in lines if not FOOTNOTE_LINE.match(line)]
    start = kept.index("Introduction")
    headings = {i + 2 for i, line in enumerate(kept) if line.startswith("Annex ")}
    candidates = [
        i
        for i, line in enumerate(kept)
        if i > start and len(line) > 200 and i not in headings and not line.startswith("Outcome")
    ]
    rng.shuffle(notes)
    for i in sorted(rng.sample(candidates, k=12), reverse=True):
        line_words = kept[i].split(" ")
        cuts = [
            k
            for k in range(3, len(line_words) - 2)
            if not line_words[k - 1].endswith((".", ";", ":"))
        ]
        k = rng.choice(cuts)
        block, notes = notes[:3], notes[3:]
        middle = "\n\n".join(block) if block else ""
        kept[i] = " ".join(line_words[:k]) + "\n\n" + middle + "\n\n" + " ".join(line_words[k:])
    return "\n".join(kept) + "\n\n" + "\n\n".join(notes) + "\n"


@pytest.mark.parametrize("seed", range(12))
def test_repaginated_statement_gives_the_same_paragraphs(source_text, statement, seed):
    moved = _repaginate(source_text, seed)
    assert moved != source_text
    again = import_un_text(moved, name="cnd-2014-jms", source=statement.document.source)
    assert [(p.kind, p.number, p.text) for p in again.paragraphs] == [
        (p.kind, p.number, p.text) for p in statement.paragraphs
    ]
    assert again.footnotes == statement.footnotes


def test_a_plain_text_without_un_landmarks_imports_as_a_statement():
    draft = import_un_text(
        "Recalling its resolution 1,\n\n1. Decides to act;\n\n2. Requests a report.\n",
        name="plain",
    )
    assert [labels(draft)[p.id] for p in draft.paragraphs] == ["PP1", "OP1", "OP2"]


def test_labels_keep_numbers_apart_when_looked_up():
    from app.core.labels import find

    draft = import_un_text("Recalling,\n\n1. One;\n\n11. Eleven;\n", name="n")
    assert find(draft, "op1").text == "One;"
    assert find(draft, "11").text == "Eleven;"


@pytest.mark.parametrize("ending", ["1/1,¹", "1/1, [Agreed]", "1/1, *[Reserved: EU]*"])
def test_a_preambular_paragraph_ending_in_a_footnote_mark_or_a_status_is_no_heading(ending):
    text = f"Draft resolution\n\n*Recalling* its resolution {ending}\n\n1. *Decides* to act.\n"
    draft = import_un_text(text, name="d")
    assert [p.kind for p in draft.paragraphs] == [Kind.HEADING, Kind.PREAMBULAR, Kind.OPERATIVE]


def test_a_lettered_item_in_a_section_belongs_to_the_sections_paragraph():
    text = (
        "Draft resolution\n\n33. *Decide* to act in these areas:\n\nA. Cooperation\n\n"
        "1. *Encourage* States to cooperate;\n\n2. *Request* a report:\n\n(a) On progress;\n\n"
        "(b) On obstacles.\n"
    )
    draft = import_un_text(text, name="d")
    assert list(labels(draft).values())[-3:] == ["OP33 A 2", "OP33 A 2 (a)", "OP33 A 2 (b)"]
