"""Importing the UNFCCC COP21 negotiating texts as the OKFN cop21 project put them in Markdown.

The counts below were computed once and then checked by reading the paragraphs they come
from: a place is counted once per paragraph it appears in (a bracket running over three
paragraphs counts three times), nested places included. Every warning is a bracket that
is unbalanced in the file itself, or a footnote defined twice, never referenced or never
defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import notation
from app.core.brackets import Bracket, Inline, reading
from app.core.draft import Draft, Kind, Paragraph, Part
from app.core.errors import DraftroomError
from app.core.labels import labels
from app.importers.markdown import import_markdown, looks_like_markdown

CORPUS = Path(__file__).resolve().parent / "corpus" / "unfccc-cop21"
CND = Path(__file__).resolve().parent.parent / "drafts" / "cnd-2014-high-level-review.txt"
OCTOBER = "draft-agreement-2015-10-23-bracketed.txt"
DECEMBER_4 = "draft-agreement-2015-12-04-bracketed.txt"
DECEMBER_9 = "draft-agreement-2015-12-09-bracketed.txt"
DECISION = "draft-decision-2015-11-06-bracketed.txt"
PARIS = "paris-agreement-2015-12-12-final.txt"


@dataclass(frozen=True)
class Counts:
    paragraphs: int
    places: int
    warnings: int


EXPECTED = {
    OCTOBER: Counts(paragraphs=566, places=939, warnings=19),
    DECEMBER_4: Counts(paragraphs=430, places=813, warnings=24),
    DECEMBER_9: Counts(paragraphs=281, places=198, warnings=5),
    DECISION: Counts(paragraphs=405, places=494, warnings=8),
    PARIS: Counts(paragraphs=219, places=0, warnings=0),
}


@dataclass
class Imported:
    text: str
    draft: Draft
    warnings: list[DraftroomError]

    def by_label(self) -> dict[str, Paragraph]:
        table = labels(self.draft)
        return {table[p.id]: p for p in self.draft.paragraphs}


@pytest.fixture(scope="module")
def imported() -> dict[str, Imported]:
    """Each text imported once (the tests only read the drafts)."""
    result = {}
    for name in EXPECTED:
        text = (CORPUS / name).read_text(encoding="utf-8")
        warnings: list[DraftroomError] = []
        draft = import_markdown(
            text, name=name.removesuffix(".txt"), source=name, warnings=warnings
        )
        result[name] = Imported(text, draft, warnings)
    return result


def paragraph(imported: Imported, label: str) -> Paragraph:
    return imported.by_label()[label]


def without_ids(content: list[Inline]) -> list[object]:
    """Content to compare, bracket ids aside."""
    return [
        [(without_ids(o.content), o.supporters, o.original) for o in part.options]
        if isinstance(part, Bracket)
        else part
        for part in content
    ]


def option_texts(bracket: Bracket) -> list[str]:
    return [reading(option.content) for option in bracket.options]


# -- every text ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_text_imports_with_its_counted_paragraphs_places_and_warnings(imported, name):
    result = imported[name]
    places = sum(len(p.brackets) for p in result.draft.paragraphs)
    counted = Counts(len(result.draft.paragraphs), places, len(result.warnings))
    assert counted == EXPECTED[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_warning_names_the_file_and_the_line_and_column_it_points_at(imported, name):
    result = imported[name]
    lines = result.text.split("\n")
    for warning in result.warnings:
        assert warning.path == name
        assert warning.line is not None and warning.column is not None, warning
        assert warning.excerpt == lines[warning.line - 1]
        assert 1 <= warning.column <= len(warning.excerpt) + 1


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_label_is_unique(imported, name):
    table = labels(imported[name].draft)
    assert len(set(table.values())) == len(table)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_markdown_is_left_in_any_paragraph_or_footnote(imported, name):
    draft = imported[name].draft
    texts = [p.text for p in draft.paragraphs] + [f.text for f in draft.footnotes]
    for text in texts:
        for artefact in ("[^", "](http", "{:", "* TOC", "**", "<span", "<!--", "~~", "^th^", "\\"):
            assert artefact not in text, (artefact, text)
        assert not text.startswith("#"), text


@pytest.mark.parametrize("name", list(EXPECTED))
def test_writing_and_reading_every_paragraph_gives_the_same_content(imported, name):
    for p in imported[name].draft.paragraphs:
        written = notation.write(p.content)
        assert without_ids(notation.read(written).content) == without_ids(p.content), written


@pytest.mark.parametrize("name", list(EXPECTED))
def test_bracket_ids_run_in_reading_order_a_bracket_before_those_it_holds(imported, name):
    draft = imported[name].draft
    ids = [b.id for p in draft.paragraphs for b in p.brackets]
    assert ids == [f"b{n}" for n in range(1, len(ids) + 1)]
    assert draft.next_bracket == len(ids) + 1


@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_texts_are_recognised_as_markdown(imported, name):
    assert looks_like_markdown(imported[name].text)


# -- brackets -----------------------------------------------------------------------------
def test_alternatives_printed_side_by_side_are_one_place_with_several_options(imported):
    preamble = paragraph(imported[OCTOBER], "PP3")
    assert preamble.text.startswith("In furtherance of the objective")
    assert option_texts(preamble.brackets[0]) == ["furtherance", "pursuit"]
    individual = paragraph(imported[OCTOBER], "OP Art 3 2 opt 1")
    assert option_texts(individual.brackets[0]) == ["shall", "should", "other"]


def test_a_lone_bracket_is_text_that_may_be_deleted(imported):
    preamble = paragraph(imported[OCTOBER], "PP3")
    assert option_texts(preamble.brackets[1]) == ["principles and provisions", ""]


def test_nested_brackets_are_places_inside_an_option(imported):
    goal = paragraph(imported[OCTOBER], "OP Art 3 1 opt 1")
    low = next(b for b in goal.brackets if option_texts(b)[0] == "low-carbon transformation")
    inner = low.options[0].content[1]
    assert isinstance(inner, Bracket)
    assert option_texts(inner) == ["carbon", "emission"]
    assert len(goal.brackets) == 17


def test_footnote_marks_and_links_are_not_brackets(imported):
    note = imported[OCTOBER].draft.paragraphs[0]
    assert note.kind is Kind.CONTEXT and note.part is Part.NOTE
    assert note.text.startswith("This is the final draft negotiating text prepared before")
    goal = paragraph(imported[OCTOBER], "OP Art 3 1 opt 1")
    ending = "[over the course of the century][by 2050][by 2100].²]"
    assert notation.write(goal.content).endswith(ending)
    assert imported[OCTOBER].draft.footnotes[1].paragraph == goal.id


def test_a_stray_closing_bracket_stays_text_with_a_warning_where_it_stands(imported):
    preamble = paragraph(imported[OCTOBER], "PP3")
    assert preamble.content[-1] == "]"
    first = imported[OCTOBER].warnings[0]
    assert (first.line, first.column) == (28, 287)
    assert first.message == "a closing bracket ']' has no opening bracket"


def test_a_bracket_open_at_a_paragraphs_end_runs_on_into_the_next():
    text = (
        "## Article 9\n\n1. [The NDMC of developed country Parties shall be inscribed in Annex A."
        "\n\n    The NDMC of developing country Parties shall be inscribed in Annex B.]\n"
    )
    warnings: list[DraftroomError] = []
    draft = import_markdown(text, name="t", warnings=warnings)
    first, second = draft.paragraphs[1:]
    assert warnings == []
    assert option_texts(first.brackets[0])[0].endswith("Annex A.")
    assert option_texts(second.brackets[0])[0].endswith("Annex B.")
    assert [labels(draft)[p.id] for p in (first, second)] == ["OP Art 9 1", "OP Art 9 1 cont"]


def test_a_bracket_never_closed_stays_in_its_paragraph_with_a_warning_where_it_opens():
    warnings: list[DraftroomError] = []
    draft = import_markdown("1. Parties [shall act\n\n2. and report.", name="t", warnings=warnings)
    first, second = draft.paragraphs
    assert option_texts(first.brackets[0])[0] == "shall act"
    assert second.brackets == [] and second.text == "and report."
    assert [(w.line, w.column) for w in warnings] == [(1, 12)]
    assert warnings[0].message.endswith(
        "is never closed in its paragraph: closed at the paragraph's end"
    )


def test_a_bracket_still_open_at_a_heading_stays_in_its_paragraph_reported_where_it_opened(
    imported,
):
    purpose = paragraph(imported[OCTOBER], "OP Art 2 1")
    assert notation.write(purpose.content).startswith("The purpose of this Agreement is [to [")
    warning = next(w for w in imported[OCTOBER].warnings if w.line == 85)
    assert warning.column == 37
    assert warning.excerpt[36] == "["
    assert "never closed in its paragraph" in warning.message
    heading = paragraph(imported[OCTOBER], "H4")
    assert heading.text == "Article 2bis (general)" and not heading.brackets


def test_a_bracket_open_in_a_heading_does_not_run_on_into_the_text_below():
    warnings: list[DraftroomError] = []
    draft = import_markdown(
        "## Article 9 [x\n\n1. Parties shall] act.\n", name="t", warnings=warnings
    )
    heading, first = draft.paragraphs
    assert option_texts(heading.brackets[0])[0] == "x"
    assert first.brackets == [] and first.text == "Parties shall] act."
    assert [(w.line, w.column) for w in warnings] == [(1, 14), (3, 17)]


def test_brackets_nested_too_deep_in_markdown_are_refused_not_kept_as_text():
    text = "## Article 1\n\n1. Parties " + "[" * 40 + "x" + "]" * 40 + " act.\n"
    with pytest.raises(DraftroomError, match="nested more than 32 deep") as raised:
        import_markdown(text, name="t")
    assert (raised.value.line, raised.value.column) == (3, 44)


def test_strict_import_stops_at_the_first_unbalanced_bracket(imported):
    with pytest.raises(DraftroomError) as raised:
        import_markdown(imported[OCTOBER].text, name="october", source=OCTOBER, strict=True)
    assert (raised.value.line, raised.value.column) == (28, 287)


def test_the_final_paris_agreement_has_no_brackets_and_no_warnings(imported):
    paris = imported[PARIS]
    assert paris.warnings == []
    assert not any(p.brackets for p in paris.draft.paragraphs)
    assert "[" not in "".join(p.text for p in paris.draft.paragraphs)


# -- structure and labels -----------------------------------------------------------------
def test_articles_restart_their_numbering_in_a_section_named_after_the_article(imported):
    table = labels(imported[PARIS].draft)
    found = list(table.values())
    for label in (
        "OP Art 2 1",
        "OP Art 2 1(a)",
        "OP Art 4 19",
        "OP Art 13 7(b)",
        "OP Art 29 chapeau",
    ):
        assert label in found
    purpose = paragraph(imported[PARIS], "OP Art 2 1(a)")
    assert purpose.text.startswith("Holding the increase in the global average temperature")
    assert (purpose.section, purpose.number) == ("Art 2", "1(a)")


def test_the_preamble_is_preambular_and_headings_keep_their_level(imported):
    paris = imported[PARIS].draft
    kinds = [p.kind for p in paris.paragraphs]
    assert kinds.count(Kind.PREAMBULAR) == 18
    preamble = paragraph(imported[PARIS], "PP18")
    assert preamble.text == "Have agreed as follows:"
    headings = [p for p in paris.paragraphs if p.kind is Kind.HEADING]
    assert headings[0].text == "Preamble" and headings[-1].text == "Article 29"
    assert {h.level for h in headings} == {2}


def test_options_and_printed_numbers_that_repeat_get_readable_distinct_labels(imported):
    decision = imported[DECISION].by_label()
    assert decision["OP I opt I"].text == "Option I (paras 6-9bis):"
    assert decision["OP6 alt"].text.startswith("Notes that the work of the Ad Hoc Working Group")
    assert decision["OP6 alt 2"].text.startswith("Notes that, in accordance with decision")
    assert decision["OP9 bis"].text.startswith("Decides that the IPC shall hold its first session")
    october = imported[OCTOBER].by_label()
    assert october["OP Art 3 7 opt 2 (a)"].text == "Be quantified or quantifiable;"
    assert october["OP Art 3 7 opt 2 (a) alt"].text.startswith("Be expressed as an unconditional")
    assert october["OP Art 3 8(b) opt 1 (i)"].text == "Every 5 years, harmonised NDC"


def test_sub_paragraphs_printed_flush_left_nest_by_their_letters(imported):
    decision = imported[DECISION].by_label()
    assert decision["OP27(i)"].text.startswith("Its deviation from base year")  # (i) after (h)
    assert decision["OP37 opt 1 (d)(ii)"].text.startswith("to the extent that they use projected")


def test_a_paragraph_cut_by_a_page_break_is_joined_again(imported):
    decision = imported[DECISION].by_label()
    assert decision["OP59 bis"].text.endswith("will conclude its work no later than 2018;")
    heading = next(h for h in imported[DECISION].draft.paragraphs if h.text.startswith("Textual"))
    assert heading.text.endswith("under the Convention and the 2015 Agreement")


# -- footnotes, cover, title --------------------------------------------------------------
def test_footnotes_are_attached_to_the_paragraph_carrying_their_mark(imported):
    october = imported[OCTOBER]
    table = labels(october.draft)
    attached = {f.number: table[f.paragraph] for f in october.draft.footnotes}
    assert len(attached) == 12
    assert attached["2"] == "OP Art 3 1 opt 1"
    assert attached["9"] == attached["10"] == "OP Art 4 2 opt 2 (a)"
    assert "Parties⁹ to developing country Parties¹⁰" in paragraph(october, attached["9"]).text


def test_marks_side_by_side_stay_two_footnotes(imported):
    december = imported[DECEMBER_4]
    option = paragraph(december, "OP Art 3 8(a) opt 1")
    assert option.text.startswith("Option 1⁶,⁷: Each Party's first")
    table = labels(december.draft)
    attached = {f.number: table.get(f.paragraph) for f in december.draft.footnotes}
    assert attached["6"] == attached["7"] == "OP Art 3 8(a) opt 1"


def test_footnotes_defined_twice_or_never_are_reported(imported):
    messages = {(w.line, w.message) for w in imported[DECEMBER_4].warnings}
    assert (124, "footnote mark [^1] has no definition") in messages
    assert (810, "footnote [^0] is never referenced in the text") in messages
    assert any(line == 820 and "defined again" in message for line, message in messages)


def test_the_provenance_header_is_the_cover_and_the_front_matter_the_title(imported):
    document = imported[OCTOBER].draft.document
    assert document.title == "Final Draft Negotiating Text 23 October 2015"
    assert document.cover[0].startswith("SOURCE: github.com/rufuspollock-okfn/cop21")
    assert len(document.cover) == 3
    assert document.report_title.startswith("Draft agreement and draft decision on workstreams")
    assert imported[PARIS].draft.document.title == "Paris Agreement"


# -- recognising Markdown -----------------------------------------------------------------
def test_a_un_plain_text_and_a_compilation_text_are_not_taken_for_markdown():
    assert not looks_like_markdown(CND.read_text(encoding="utf-8"))
    assert not looks_like_markdown("1. Decides [shall][should] act;")
    assert not looks_like_markdown("2. … to free humanity from [extreme - US; G77 delete] poverty")


def test_markdown_without_the_converters_header_is_recognised():
    assert looks_like_markdown("## Article 1\n\n1. Parties [shall][should] act.[^1]\n")
    assert looks_like_markdown("Text with a [link](http://unfccc.int) in it.")


# -- robustness ---------------------------------------------------------------------------
PIECES = [
    *"[]()*#^:-_\\{}<>!~\n  abcdef123.",
    "Option 1:",
    "[^1]",
    "[^1]: ",
    "1. ",
    "    ",
    "* TOC",
]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_any_markdownish_text_imports_or_is_reported_empty_never_crashes(text):
    warnings: list[DraftroomError] = []
    try:
        draft = import_markdown(text, name="noise", source="noise.md", warnings=warnings)
    except DraftroomError as error:
        assert "empty" in error.message
        return
    assert len(set(labels(draft).values())) == len(draft.paragraphs)
    for warning in warnings:
        assert warning.line is not None and warning.column is not None
