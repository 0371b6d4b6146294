"""Bracket notation: what compilation texts print, read and written back unchanged."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.brackets import Bracket, Inline, Option, canonical, normalize, reading, trim
from app.core.delegations import Registry
from app.core.draft import Status
from app.core.errors import DraftroomError
from app.core.notation import NotationReader, read, write, write_paragraph


def strip_ids(content: list[Inline]) -> list[object]:
    """Content compared without bracket ids (reading assigns fresh ones)."""
    return [
        part if isinstance(part, str)
        else [(strip_ids(o.content), o.supporters, o.original) for o in part.options]
        for part in content
    ]  # fmt: skip


def options(text: str) -> list[tuple[str, list[str], bool]]:
    [bracket] = [p for p in read(text).content if isinstance(p, Bracket)]
    return [(reading(o.content), o.supporters, o.original) for o in bracket.options]


def test_an_insertion_opposed_by_another_delegation():
    assert options("to free humanity from [extreme - US; G77 delete] poverty") == [
        ("", ["G77"], True),
        ("extreme", ["US"], False),
    ]


def test_a_replacement_with_supporters_of_the_original():
    text = "together with [changing unsustainable - EU, G77 retain / promoting sustainable - US] patterns"
    assert options(text) == [
        ("changing unsustainable", ["EU", "G77"], True),
        ("promoting sustainable", ["US"], False),
    ]


def test_a_deletion_proposal_of_existing_words():
    assert options("the [old words - G77 delete] remain") == [
        ("old words", [], True),
        ("", ["G77"], False),
    ]


def test_an_insertion_opposed_by_several_delegations():
    text = "We acknowledge … [, in accordance with … - G77; US, Canada, Japan, EU delete]"
    assert options(text) == [
        ("", ["US", "Canada", "Japan", "EU"], True),
        (", in accordance with …", ["G77"], False),
    ]


def test_adjacent_untagged_brackets_are_one_place_with_several_options():
    parsed = read("Parties [shall][should][other] report")
    [bracket] = [p for p in parsed.content if isinstance(p, Bracket)]
    assert [reading(o.content) for o in bracket.options] == ["shall", "should", "other"]
    assert not any(o.original or o.supporters for o in bracket.options)


def test_a_lone_untagged_bracket_is_text_that_may_be_deleted():
    assert options("efforts [, as appropriate,] to") == [
        (", as appropriate,", [], False),
        ("", [], False),
    ]


def test_brackets_nest():
    parsed = read("a [low-[carbon][emission]] economy")
    [outer] = [p for p in parsed.content if isinstance(p, Bracket)]
    inner = outer.options[0].content[1]
    assert isinstance(inner, Bracket)
    assert [reading(o.content) for o in inner.options] == ["carbon", "emission"]
    assert reading(parsed.content) == "a low-carbon economy"


@pytest.mark.parametrize(
    "text",
    [
        "HIV/AIDS and 2011-2016 and cross-border [cooperation - EU]",
        "in [2011 - 2016][2016 - 2020]",
        "[HIV/AIDS / HIV and AIDS - Brazil]",
        "a [cross-border - EU] - and / so",
    ],
)
def test_the_texts_own_hyphens_and_slashes_are_text(text):
    parsed = read(text)
    assert write(parsed.content) == text
    assert "2011 - 2016" in text or "HIV" in write(parsed.content) or "cross-border" in text


def test_hyphens_inside_a_bracket_are_not_tags_unless_they_name_delegations():
    assert options("in [2011 - 2016]") == [("2011 - 2016", [], False), ("", [], False)]


@pytest.mark.parametrize(
    "name",
    ["Iran (Islamic Republic of)", "Bolivia (Plurinational State of)", "Côte d'Ivoire",
     "Türkiye", "G77 and China", "Venezuela (Bolivarian Republic of)"],
)  # fmt: skip
def test_official_names_with_parentheses_apostrophes_and_diacritics_are_tags(name):
    text = f"the [new words - {name}, EU; Holy See delete] here"
    assert options(text)[1] == ("new words", [name, "EU"], False)
    assert write(read(text).content) == text


@pytest.mark.parametrize(
    ("tag", "status", "by"),
    [
        ("[Agreed ad ref]", Status.AGREED_AD_REF, []),
        ("[Agreed in informals]", Status.AGREED_IN_INFORMALS, []),
        ("[Agreed]", Status.AGREED, []),
        ("[Pending: Iran (Islamic Republic of)]", Status.PENDING, ["Iran (Islamic Republic of)"]),
        ("[Reserved: US, Holy See]", Status.RESERVED, ["US", "Holy See"]),
    ],
)
def test_status_tags_close_a_paragraph(tag, status, by):
    parsed = read(f"We, the heads of State, [resolve - EU] to act; {tag}")
    assert (parsed.status, parsed.status_by) == (status, by)
    assert write_paragraph(parsed.content, parsed.status, parsed.status_by).endswith(f"act; {tag}")


def test_an_unknown_delegation_is_refused_with_the_closest_names():
    with pytest.raises(DraftroomError) as error:
        read("the [new - Canda, EU] words", line=12, column=1, path="text.txt")
    assert "unknown delegation 'Canda'" in str(error.value)
    assert "'Canada'" in str(error.value)
    assert error.value.line == 12 and error.value.column == 12


def test_a_delegation_added_to_the_draft_is_accepted():
    parsed = NotationReader(Registry(["Sovereign Order of Malta"]), lambda: "b1").parse(
        "the [new - Sovereign Order of Malta] words"
    )
    assert options.__name__ and parsed.content[1].options[1].supporters == [
        "Sovereign Order of Malta"
    ]


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("Decides [shall][should report", "never closed", 16),
        ("Decides shall] report", "has no opening bracket", 14),
        ("Decides [[shall] report", "never closed", 9),
    ],
)
def test_unbalanced_brackets_name_the_line_and_column_and_show_the_line(text, message, column):
    with pytest.raises(DraftroomError) as error:
        read(text, path="compilation.txt", line=7)
    assert message in error.value.message
    assert (error.value.line, error.value.column) == (7, column)
    rendered = str(error.value)
    assert f"compilation.txt:7:{column}:" in rendered and text in rendered


def test_in_lenient_reading_a_stray_closing_bracket_is_text_with_a_warning():
    reader = NotationReader(Registry(), lambda: "b1", strict=False, line=3)
    parsed = reader.parse("text,]] and [more]")
    assert reading(parsed.content).startswith("text,]")
    assert [w.column for w in parsed.warnings] == [6, 7]


def test_literal_brackets_and_backslashes_survive_escaped():
    content: list[Inline] = ["a [sic] b \\ c"]
    written = write(content)
    assert written == "a \\[sic\\] b \\\\ c"
    assert read(written).content == content


# -- the round trip, for every content the model can hold -----------------------------------
NAMES = ["EU", "US", "G77", "Iran (Islamic Republic of)", "Côte d'Ivoire", "Holy See", "CELAC"]
WORDS = st.sampled_from(
    ["shall", "should", "HIV/AIDS", "2011-2016", "cross-border", "a - b", "x / y", "[", "]",
     "\\", "delete", "retain", "EU", "- US", "/", "-", "Agreed", ",", ";", "é", "中文", "العربية"]
)  # fmt: skip
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)


def _content(depth: int) -> st.SearchStrategy[list[Inline]]:
    """Content as the model holds it: text between brackets, never two untagged brackets
    side by side (that would be one place), tagged options trimmed, canonical order."""
    if depth == 0:
        return TEXT.map(lambda t: [t])
    return st.lists(st.one_of(TEXT, _bracket(depth - 1)), min_size=1, max_size=3).map(_separate)


def _separate(parts: list[object]) -> list[Inline]:
    result: list[Inline] = []
    for part in parts:
        if result and isinstance(part, Bracket) and isinstance(result[-1], Bracket):
            result.append(" and ")
        result.append(part)  # type: ignore[arg-type]
    return normalize(result)


_ids = itertools.count(1)


@st.composite
def _bracket(draw: st.DrawFn, depth: int) -> Bracket:
    words = st.lists(_content(depth), min_size=2, max_size=3)
    if draw(st.booleans()):  # untagged, UNFCCC style
        return Bracket(f"b{next(_ids)}", [Option(c) for c in draw(words)])
    texts = [trim(c) for c in draw(words)]
    texts = [t for t in texts if t] or [["words"]]
    names = draw(st.permutations(NAMES))
    options = []
    # a tagged place always has an original wording, empty for an insertion
    original = draw(st.sampled_from(["empty", "first"]))
    for index, text in enumerate(texts):
        is_original = original == "first" and index == 0
        supporters = (
            [names.pop()] if not is_original else draw(st.sampled_from([[], [names.pop()]]))
        )
        options.append(Option(text, supporters, is_original))
    if original == "empty":
        options.insert(0, Option([], draw(st.sampled_from([[], [names.pop()]])), True))
    elif draw(st.booleans()) or len(options) < 2:
        options.append(Option([], [names.pop()]))
    return canonical(Bracket(f"b{next(_ids)}", options))


@settings(
    max_examples=int(__import__("os").environ.get("DRAFTROOM_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_content(2))
def test_writing_any_content_and_reading_it_back_gives_the_same_content(content):
    written = write(content)
    assert strip_ids(read(written).content) == strip_ids(content), written
