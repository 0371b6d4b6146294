"""`check` and `propose` grow about linearly with one long paragraph (issue 14, items 21
and 22): doubling the brackets or the words of a paragraph does not much more than double
the time (a margin of 3.5x for a noisy machine; the quadratic cost was 4x and worse)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import paragraph_growth as growth

MARGIN = 3.5


@pytest.fixture(scope="module")
def words() -> list[str]:
    return growth.vocabulary()


@pytest.fixture(scope="module")
def measures():
    from app.glossary.checker import Checker
    from app.glossary.entries import load_glossary

    return growth.measures(Checker(load_glossary()))


def _time(kind: str, size: int, words: list[str], work) -> float:
    from _timing import best

    rooms = [growth.with_paragraph(kind, size, words) for _ in range(3)]
    return best(lambda: work(rooms.pop()), 3)


@pytest.mark.parametrize(
    ("kind", "size", "measure"),
    [
        ("brackets", 300, "check"),
        ("brackets", 1200, "propose one word"),
        ("words", 6000, "propose every 'the'"),
        ("words", 6000, "check"),
    ],
)
def test_doubling_a_paragraph_does_not_much_more_than_double_the_time(
    words, measures, kind, size, measure
):
    single = _time(kind, size, words, measures[measure])
    double = _time(kind, 2 * size, words, measures[measure])
    assert double < MARGIN * single + 0.02, f"{measure}: {single:.3f} s -> {double:.3f} s"
