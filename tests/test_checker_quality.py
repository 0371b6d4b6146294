"""The agreed-language checker meets its quality targets on the labelled set.

Why a labelled set: the checker's rules (alignment, thresholds, edges, which finding wins)
trade recall against precision, and only a set of known answers shows the trade. The set
is generated from the glossary by tests/glossary_quality/make_labelled.py and scored by
tests/glossary_quality/score.py, the same scoring bench/glossary_quality.py prints.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from app.glossary.entries import load_glossary
from tests.glossary_quality import make_labelled
from tests.glossary_quality.score import (
    KINDS,
    META,
    TARGETS,
    Report,
    evaluate,
    fingerprint,
    load_items,
)


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate()


def _figures(report: Report) -> str:
    """The numbers and the failing items, for a failure message the checker's author can act on."""
    lines = [report.summary()]
    for kind in KINDS:
        row = report.rows[kind]
        lines.append(
            f"  {kind:<13} recall {row.recall:.3f} ({row.detected}/{row.items}; interior "
            f"{row.interior_recall:.3f}, edge {row.edge_recall:.3f} of {row.edge_items}), "
            f"kind correct {row.kind_correct}, false positives {row.false_positives}"
        )
    tally = Counter((f.kind, f.why) for f in report.failures)
    lines.append(
        "  failing items: " + ", ".join(f"{k} {w}: {n}" for (k, w), n in sorted(tally.items()))
    )
    for why in ("missed", "exact missed", "false positive"):
        ids = [f.id for f in report.failures if f.why == why]
        if ids:
            lines.append(f"  {why}: {' '.join(ids)}")
    lines.append("  details: .venv/bin/python bench/glossary_quality.py --failures 20")
    return "\n".join(lines)


def test_the_labelled_set_has_at_least_100_items_of_every_kind() -> None:
    counts = Counter(item["kind"] for item in load_items())
    for kind in (*KINDS, "exact", "negative"):
        assert counts[kind] >= 100, f"{kind}: {counts[kind]} items"


def test_the_generator_rewrites_the_committed_set_exactly() -> None:
    made = json.loads(META.read_text(encoding="utf-8"))["glossary"]
    if made != fingerprint(load_glossary()):
        pytest.skip("the glossary changed since the set was generated: run make_labelled")
    assert make_labelled.build() == load_items()


def test_the_labelled_set_names_only_entries_still_in_the_glossary(report: Report) -> None:
    assert not report.stale, (
        f"{len(report.stale)} items name entries no longer in the glossary "
        f"({' '.join(report.stale[:20])}…): run .venv/bin/python -m tests.glossary_quality.make_labelled"
    )


def test_every_exact_use_is_found_despite_the_noise_of_real_documents(report: Report) -> None:
    assert report.exact_recall >= TARGETS["exact_recall"], _figures(report)


def test_near_miss_findings_are_precise(report: Report) -> None:
    assert report.precision >= TARGETS["near_miss_precision"], _figures(report)


def test_near_misses_are_found_for_every_kind_of_change(report: Report) -> None:
    assert report.recall >= TARGETS["near_miss_recall"], _figures(report)


def test_negatives_give_no_finding_at_all(report: Report) -> None:
    negative = report.rows["negative"]
    assert negative.detected == negative.items, _figures(report)


def test_scoring_the_whole_set_takes_under_ten_seconds(report: Report) -> None:
    assert report.seconds < 10, f"{report.seconds:.1f} s"
