"""How well the agreed-language checker finds near-misses and exact uses.

Runs the checker over the labelled set (tests/glossary_quality/labelled.jsonl) and prints,
per kind of change, how many variants it detects and names rightly, the false positives,
near-miss precision and recall, and exact-use recall. Then the real variants
(tests/glossary_quality/real_variants*.toml): recall per kind on the held-out pairs and on
the fresh ones (made after the tuning), ours beside the naive partial_ratio baseline in the
same run, and false alarms on the Paris
Agreement. The test suite asserts the same figures against the targets; this script only
reports (exit code 0).

    .venv/bin/python bench/glossary_quality.py [--json] [--failures N] [--part PART …]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the tests package sits beside bench/
    sys.path.insert(0, str(ROOT))

from tests.glossary_quality.real import evaluate_real, real_table  # noqa: E402
from tests.glossary_quality.score import KINDS, TARGETS, Report, Row, evaluate  # noqa: E402


def _pct(x: float) -> str:
    return f"{x:6.1%}"


def table(report: Report) -> str:
    """The figures as a fixed-width table."""
    head = (
        f"{'kind':<14}{'items':>6}{'detected':>9}{'recall':>8}{'interior':>9}{'edge':>12}"
        f"{'kind ok':>9}{'kind acc':>9}{'FP':>5}"
    )
    lines = [head, "-" * len(head)]

    def line(row: Row, variant: bool = True) -> str:
        if variant:
            edge = f"{_pct(row.edge_recall)} ({row.edge_items})" if row.edge_items else "-"
            return (
                f"{row.kind:<14}{row.items:>6}{row.detected:>9}{_pct(row.recall):>8}"
                f"{_pct(row.interior_recall):>9}{edge:>12}{row.kind_correct:>9}"
                f"{_pct(row.kind_accuracy):>9}{row.false_positives:>5}"
            )
        return (
            f"{row.kind:<14}{row.items:>6}{row.detected:>9}{_pct(row.recall):>8}"
            f"{'':>9}{'':>12}{'':>9}{'':>9}{row.false_positives:>5}"
        )

    lines += [line(report.rows[k]) for k in KINDS]
    lines += ["-" * len(head), line(report.variants), ""]
    exact, negative = report.rows["exact"], report.rows["negative"]
    lines.append(line(exact, variant=False))
    lines.append(line(negative, variant=False) + f"   (+{negative.exact_false_positives} exact)")
    lines += [
        "",
        "detected: a near-miss of the item's entry; interior / edge: recall where the change "
        "leaves / touches the entry's first or last word (edge items in brackets); kind ok: "
        "the finding names only the item's kind of change; FP: near-miss findings that are "
        "wrong. exact row: detected = exact use found; negative row: detected = no finding.",
        "",
        f"near-miss precision {report.precision:.3f} ({report.near_correct}/{report.near_total}"
        f" findings correct; target >= {TARGETS['near_miss_precision']})",
        f"near-miss recall    {report.recall:.3f} ({report.variants.detected}/"
        f"{report.variants.items}; target >= {TARGETS['near_miss_recall']})",
        f"exact-use recall    {report.exact_recall:.3f} ({exact.detected}/{exact.items}; "
        f"target {TARGETS['exact_recall']:.0%})",
        f"targets met: {'yes' if report.meets_targets() else 'no'}; scored in "
        f"{report.seconds:.2f} s",
    ]
    if report.stale:
        lines.append(
            f"{len(report.stale)} items name entries no longer in the glossary: "
            "run .venv/bin/python -m tests.glossary_quality.make_labelled"
        )
    elif report.glossary_changed:
        lines.append(
            "the glossary changed since the set was generated: consider "
            "regenerating it (python -m tests.glossary_quality.make_labelled)"
        )
    return "\n".join(lines)


def failures(report: Report, per_kind: int) -> str:
    """A few failing items of each kind and why, to show what the checker misses."""
    lines: list[str] = []
    for kind in (*KINDS, "exact", "negative"):
        mine = [f for f in report.failures if f.kind == kind]
        if not mine or per_kind <= 0:
            continue
        lines.append(f"\n{kind}: {len(mine)} failing")
        for f in mine[:per_kind]:
            lines.append(f"  {f.id} {f.why} ({f.note}) entry {f.entry}")
            lines.append(f"    text: {f.text}")
            lines += [f"    found: {x}" for x in f.found] or ["    found: nothing"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--failures", type=int, default=0, metavar="N", help="list N failing items of each kind"
    )
    parser.add_argument(
        "--part",
        choices=("held-out", "fresh", "tuning"),
        action="append",
        help="which part of the real variants to score (default: held-out and fresh; the "
        "tuning looks only at 'tuning')",
    )
    args = parser.parse_args(argv)
    parts = args.part or ["held-out", "fresh"]
    report = evaluate()
    real = {part: evaluate_real(part) for part in parts}
    if args.json:
        figures = report.to_json()
        figures["real_variants"] = {
            part: {
                "pairs": r.pairs,
                "naive_threshold": r.threshold,
                "naive_strict_threshold": r.strict_threshold,
                "recall": {
                    k: {
                        "pairs": row.items,
                        "ours": row.ours_recall,
                        "naive": row.naive_recall,
                        "naive_as_few_alarms": row.naive_strict_recall,
                    }
                    for k, row in r.rows.items()
                },
                "paris_false_alarms": {"ours": len(r.false_alarms), "naive": r.naive_false_alarms},
            }
            for part, r in real.items()
        }
        print(json.dumps(figures, indent=1, ensure_ascii=False))
    else:
        print(table(report))
        if args.failures:
            print(failures(report, args.failures))
        for part, r in real.items():
            print()
            print(real_table(r, part))
    return 0


if __name__ == "__main__":
    sys.exit(main())
