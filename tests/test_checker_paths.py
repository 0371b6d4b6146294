"""A long text is checked by faster paths than a paragraph in the room (issue 20): its
word-pair votes counted together in numpy, its words kept as keys and places, its parts
shared between forked processes. Each must find exactly what the straightforward path
finds, paragraph by paragraph: the same formulations, at the same places, with the same
differences."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.glossary.checker import PARALLEL_FROM, Checker, Finding
from app.glossary.entries import load_glossary
from app.glossary.words import _MARKS, _WORD, Mender, Word, normal, spans, words

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import check_speed  # the benchmark's own text and 1,000 entries


@pytest.fixture(scope="module")
def thousand() -> Checker:
    pool = check_speed.corpus_paragraphs()
    return Checker(check_speed.thousand_entries(load_glossary(), pool))


@pytest.fixture(scope="module")
def long_text() -> list[tuple[str, str]]:
    """150 KB of the UNFCCC texts and the statement, and one long paragraph that uses
    formulations again and again (an entry with several places in one paragraph)."""
    jms = check_speed.statement()
    pool = check_speed.corpus_paragraphs() + [text for _, text in jms]
    text = check_speed.big_text(pool[::-3], 150_000)
    return [*text, ("long", " ".join(t for _, t in jms[:30]) * 3)]


def _seen(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [
        (f.paragraph, f.kind, f.entry.id, f.start, f.end, f.found_text, f.similarity,
         [(c.op, c.entry, c.found, c.start, c.end) for c in f.diff])
        for f in findings
    ]  # fmt: skip


def _one_by_one(checker: Checker, text: list[tuple[str, str]]) -> list[list[Finding]]:
    return [checker.check_paragraph(label, t) for label, t in text]


def _each(found: list[list[Finding]]) -> list[list[tuple[object, ...]]]:
    return [_seen(findings) for findings in found]


def test_a_long_text_checked_at_once_finds_what_each_paragraph_checked_alone_finds(
    thousand: Checker, long_text: list[tuple[str, str]]
) -> None:
    alone = _one_by_one(thousand, long_text)
    assert sum(map(len, alone)) > 500  # exact uses and near-misses both
    assert {f.kind for found in alone for f in found} == {"exact", "near-miss"}
    assert _each(thousand._check_all(long_text, batch=True)) == _each(alone)


def test_a_long_text_sharing_few_words_with_the_glossary_is_checked_the_same_way() -> None:
    """Few pairs shared with many paragraphs: the votes are counted by sorting, not in a
    table of paragraphs x entries."""
    glossary = Checker(load_glossary())
    unrelated = [(f"U{n}", t) for n, t in enumerate(check_speed.corpus_paragraphs()[:300])]
    text = unrelated + check_speed.statement()[:10]
    alone = _one_by_one(glossary, text)
    assert sum(map(len, alone)) > 20
    assert _each(glossary._check_all(text, batch=True)) == _each(alone)


def test_the_votes_counted_together_are_the_candidates_of_each_paragraph_in_order(
    thousand: Checker, long_text: list[tuple[str, str]]
) -> None:
    pairs = thousand.pairs
    ids = [pairs.ids(thousand._text(label, text).keys) for label, text in long_text]
    together = [list(found) for found in pairs.batch(ids)]
    assert together == [list(pairs.candidates(one)) for one in ids]
    assert max(len({entry for entry, _ in found}) for found in together) > 50
    # an entry at several places of one paragraph, each within reach of the next
    assert any(len(found) > len(dict(found)) for found in together)


def test_a_text_shared_between_processes_comes_back_whole_and_in_order(
    thousand: Checker, long_text: list[tuple[str, str]]
) -> None:
    shared = thousand.check_each(long_text)  # over 100,000 characters: forked workers
    assert _each(shared) == _each(_one_by_one(thousand, long_text))
    assert _seen(thousand.check(long_text)) == [f for found in _each(shared) for f in found]


def test_a_near_miss_repeated_at_other_places_is_reported_at_each_with_its_own_places(
    thousand: Checker,
) -> None:
    """The verdict on a passage is given again where the same words stand elsewhere
    (`Judged`): at its own places, in its own paragraph, and only where the words around
    the formula are the same."""
    near = next(  # a near-miss well inside its paragraph: the same words around it
        text
        for label, text in check_speed.big_text(check_speed.corpus_paragraphs(), 100_000)
        if any(
            f.kind == "near-miss" and f.start > 150 and f.end < len(text) - 150
            for f in thousand.check_paragraph(label, text)
        )
    )
    text = [("A", near), ("B", "As agreed, " + near), ("C", near), ("D", near.upper())]
    found = thousand._check_all(text, batch=True)
    assert _each(found) == _each(_one_by_one(thousand, text))
    a, b = ([f for f in findings if f.kind == "near-miss"] for findings in found[:2])
    assert a and [f.start + len("As agreed, ") for f in a] == [f.start for f in b]
    assert [f.diff[0].start + len("As agreed, ") for f in a] == [f.diff[0].start for f in b]
    assert {f.paragraph for f in b} == {"B"}


def test_a_long_text_repeating_its_paragraphs_is_shared_between_processes_in_order(
    thousand: Checker,
) -> None:
    """Copies of a paragraph go to one process (which judges their passages once); the
    findings still come back in the text's order."""
    pool = check_speed.corpus_paragraphs()[:300]
    text = [(f"R{n}", pool[n * 7 % 300]) for n in range(900)]  # each paragraph thrice
    assert sum(len(t) for _, t in text) > PARALLEL_FROM
    shared = thousand.check_each(text)
    assert _each(shared) == _each(_one_by_one(thousand, text))
    assert sum(map(len, shared)) > 100


def test_the_statement_against_the_glossary_finds_its_177_agreed_formulations() -> None:
    found = Checker(load_glossary()).check(check_speed.statement())
    assert [f.kind for f in found].count("exact") == 177


def _straightforward(text: str) -> list[Word]:
    clean = _MARKS.sub(lambda m: " " * len(m.group()), text)
    return [Word(normal(m.group()), m.start(), m.end()) for m in _WORD.finditer(clean)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aBz9 _-.,'’\n²³[^4]ÉéßＡ\u00a0İ", max_size=40))
def test_words_are_read_as_each_word_matched_on_its_own_would_be(text: str) -> None:
    assert words(text) == _straightforward(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["othe r", "crossborder", "other", "cross", "border", "in",
                                 "x", "the", "bor der", "wor k", "ab"]), max_size=12))  # fmt: skip
def test_words_are_mended_where_the_vocabulary_says_so_and_nowhere_else(parts: list[str]) -> None:
    vocabulary = {"other", "cross", "border", "the", "in", "work"}
    text = " ".join(parts)
    mended = list(map(Word, *Mender(vocabulary)(spans(text))))
    keys = [w.key for w in mended]
    assert all(text[w.start : w.end].replace(" ", "").casefold() == w.key for w in mended)
    assert "crossborder" not in keys and "othe" not in keys
    assert " ".join(keys) == re.sub(
        r"\bcrossborder\b", "cross border", re.sub(r"\b(othe r|bor der|wor k)\b", _joined, text)
    )


def _joined(match: re.Match[str]) -> str:
    return match.group().replace(" ", "")
