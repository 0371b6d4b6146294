"""Scoring the agreed-language checker on the labelled set.

One module for the benchmark (which prints the figures) and the test (which asserts the
targets), so both count the same way:

- a variant item is *detected* when the checker reports a near-miss of its entry (or of an
  entry with the same words); its *kind is correct* when that finding's changes are all of
  the item's kind (a head swap reported as "substitution" + "omission" is not);
- a near-miss finding is *correct* when it is of the item's entry, of an entry with the same
  words, or of an entry the item's entry contains ("the three international drug control
  conventions" inside a variant of "the goals and objectives of the three …": a true
  near-miss of that part). Any other near-miss is a false positive, and so is any near-miss
  on an exact use or a negative;
- an exact item must give an ``exact`` finding of its entry; a negative must give no
  finding at all (an exact finding there is counted apart from the near-miss figures).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.glossary.checker import Checker, Finding
from app.glossary.entries import Entry, load_glossary
from tests.glossary_quality.make_labelled import META, OUT, fingerprint
from tests.glossary_quality.make_labelled import keys as words

LABELLED = OUT
KINDS = ("substitution", "insertion", "omission", "inflection", "moved", "head")
TARGETS = {"near_miss_recall": 0.9, "near_miss_precision": 0.95, "exact_recall": 1.0}


def keys(text: str) -> tuple[str, ...]:
    """Words as the set compares them (the generator's own normalisation)."""
    return tuple(words(text))


def load_items(path: Path = LABELLED) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Row:
    """Figures for one kind of item."""

    kind: str
    items: int = 0
    detected: int = 0
    """Variants: near-miss of the entry found. Exact: exact use found. Negative: no finding."""
    kind_correct: int = 0
    false_positives: int = 0
    """Near-miss findings on these items that are not correct."""
    exact_false_positives: int = 0
    """Exact findings on negatives."""
    edge_items: int = 0
    """Variants whose change touches the entry's first or last word."""
    edge_detected: int = 0

    @property
    def recall(self) -> float:
        return self.detected / self.items if self.items else 0.0

    @property
    def interior_recall(self) -> float:
        inside = self.items - self.edge_items
        return (self.detected - self.edge_detected) / inside if inside else 0.0

    @property
    def edge_recall(self) -> float:
        return self.edge_detected / self.edge_items if self.edge_items else 0.0

    @property
    def kind_accuracy(self) -> float:
        """Kind correct among the detected."""
        return self.kind_correct / self.detected if self.detected else 0.0


@dataclass
class Failure:
    id: str
    kind: str
    why: str
    """"missed", "wrong kind", "false positive", "exact missed"."""
    entry: str
    text: str
    note: str
    found: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: dict[str, Row]
    near_correct: int
    near_total: int
    stale: list[str]
    """Items whose entry is no longer in the glossary (the set needs regenerating)."""
    glossary_changed: bool
    failures: list[Failure]
    seconds: float

    def __repr__(self) -> str:  # pytest shows this on failure: the figures, not the items
        return f"Report({self.summary()})"

    @property
    def variants(self) -> Row:
        total = Row("all changes")
        for kind in KINDS:
            row = self.rows[kind]
            total.items += row.items
            total.detected += row.detected
            total.kind_correct += row.kind_correct
            total.false_positives += row.false_positives
            total.edge_items += row.edge_items
            total.edge_detected += row.edge_detected
        return total

    @property
    def precision(self) -> float:
        return self.near_correct / self.near_total if self.near_total else 1.0

    @property
    def recall(self) -> float:
        return self.variants.recall

    @property
    def exact_recall(self) -> float:
        return self.rows["exact"].recall

    def meets_targets(self) -> bool:
        return (
            self.recall >= TARGETS["near_miss_recall"]
            and self.precision >= TARGETS["near_miss_precision"]
            and self.exact_recall >= TARGETS["exact_recall"]
        )

    def summary(self) -> str:
        return (
            f"near-miss recall {self.recall:.3f} (target >= {TARGETS['near_miss_recall']}), "
            f"precision {self.precision:.3f} (target >= {TARGETS['near_miss_precision']}), "
            f"exact-use recall {self.exact_recall:.3f} (target {TARGETS['exact_recall']:.0%})"
        )

    def to_json(self) -> dict[str, Any]:
        rows = [
            *(self.rows[k] for k in KINDS),
            self.variants,
            self.rows["exact"],
            self.rows["negative"],
        ]
        return {
            "rows": [
                asdict(r)
                | {
                    "recall": round(r.recall, 4),
                    "interior_recall": round(r.interior_recall, 4),
                    "edge_recall": round(r.edge_recall, 4),
                    "kind_accuracy": round(r.kind_accuracy, 4),
                }
                for r in rows
            ],
            "near_miss_precision": round(self.precision, 4),
            "near_miss_recall": round(self.recall, 4),
            "near_miss_findings": self.near_total,
            "near_miss_correct": self.near_correct,
            "exact_recall": round(self.exact_recall, 4),
            "targets": TARGETS,
            "meets_targets": self.meets_targets(),
            "stale_items": self.stale,
            "glossary_changed": self.glossary_changed,
            "seconds": round(self.seconds, 3),
            "failures": [asdict(f) for f in self.failures],
        }


def _describe(finding: Finding) -> str:
    changes = ",".join(finding.changes) or "-"
    return f"{finding.kind} {finding.entry.id} [{changes}] {finding.found_text!r}"


def evaluate(
    items: list[dict[str, Any]] | None = None, entries: list[Entry] | None = None
) -> Report:
    """Run the checker over the labelled set and count."""
    items = load_items() if items is None else items
    glossary = load_glossary() if entries is None else entries
    started = time.perf_counter()
    checkers: dict[str, Checker] = {"": Checker(glossary)}
    known = {keys(e.text) for e in glossary}
    rows = {kind: Row(kind) for kind in (*KINDS, "exact", "negative")}
    near_correct = near_total = 0
    failures: list[Failure] = []
    stale: list[str] = []
    for item in items:
        kind = item["kind"]
        if item.get("entry_text") and keys(item["entry_text"]) not in known:
            stale.append(item["id"])
            continue
        adhoc = item.get("adhoc_text", "")
        if adhoc not in checkers:
            extra = Entry(adhoc, "labelled set (ad hoc)", id=item["adhoc_id"])
            checkers[adhoc] = Checker([*glossary, extra])
        findings = checkers[adhoc].check_paragraph(item["id"], item["text"])
        target_id = item.get("adhoc_id") or item["entry"]
        target = keys(adhoc or item.get("entry_text", ""))
        row = rows[kind]
        row.items += 1

        def fail(why: str, item: dict[str, Any] = item, findings: list[Finding] = findings) -> None:
            failures.append(
                Failure(
                    item["id"],
                    item["kind"],
                    why,
                    item.get("adhoc_id") or item["entry"],
                    item["text"],
                    item.get("note", ""),
                    [_describe(f) for f in findings],
                )
            )

        def ours(f: Finding, target_id: str = target_id, target: tuple[str, ...] = target) -> bool:
            return f.entry.id == target_id or keys(f.entry.text) == target

        near = [f for f in findings if f.kind == "near-miss"]
        near_total += len(near)
        if kind in KINDS:
            mine = [f for f in near if ours(f)]
            padded = " " + " ".join(target) + " "
            correct = [
                f for f in near if ours(f) or " " + " ".join(keys(f.entry.text)) + " " in padded
            ]
            near_correct += len(correct)
            row.false_positives += len(near) - len(correct)
            row.edge_items += bool(item.get("edge"))
            if mine:
                row.detected += 1
                row.edge_detected += bool(item.get("edge"))
                if any(set(f.changes) == {kind} for f in mine):
                    row.kind_correct += 1
                else:
                    fail("wrong kind")
            else:
                fail("missed")
            if len(correct) < len(near):
                fail("false positive")
        elif kind == "exact":
            row.false_positives += len(near)
            if any(f.kind == "exact" and ours(f) for f in findings):
                row.detected += 1
            else:
                fail("exact missed")
            if near:
                fail("false positive")
        else:
            row.false_positives += len(near)
            row.exact_false_positives += len(findings) - len(near)
            if findings:
                fail("false positive")
            else:
                row.detected += 1
    changed = False
    if META.exists():
        changed = json.loads(META.read_text(encoding="utf-8")).get("glossary") != fingerprint(
            glossary
        )
    return Report(
        rows, near_correct, near_total, stale, changed, failures, time.perf_counter() - started
    )
