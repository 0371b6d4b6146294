"""How fast the agreed-language checker is, against its budgets and a naive baseline.

Budgets (DESIGN.md, section 5): the whole statement against the whole glossary under
50 ms; a 1 MB text against 1,000 entries under 1 s; cost growing linearly with the text.
Times depend on the machine, so every figure is also given as a ratio within this run:
against its budget, and against the naive way (rapidfuzz's partial_ratio of every entry
against every paragraph), timed here in the same process.

    .venv/bin/python bench/check_speed.py [--json] [--repeat N] [--naive-kb KB]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
from pathlib import Path
from typing import Any

from _timing import best, best_timed  # beside this script
from rapidfuzz import fuzz

from app.core.labels import labels
from app.glossary.checker import Checker
from app.glossary.entries import Entry, load_glossary
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "drafts" / "cnd-2014-jms"
CORPUS = ROOT / "tests" / "corpus" / "unfccc-cop21"
SIZES_KB = (125, 250, 500, 1000)
ENTRIES = 1000
SEED = 20140314
BUDGET_STATEMENT = 0.050
BUDGET_MB = 1.0

Paragraphs = list[tuple[str, str]]


def statement() -> Paragraphs:
    """The negotiable paragraphs of the bundled statement, by label."""
    draft = load_draft(DRAFT)
    names = labels(draft)
    return [(names[p.id], p.text) for p in draft.paragraphs if p.negotiable and p.text.strip()]


def corpus_paragraphs() -> list[str]:
    """The UNFCCC texts' paragraphs (their source header left out)."""
    found: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("-----", 1)[-1]
        found += [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return found


def big_text(pool: list[str], size: int) -> Paragraphs:
    """Paragraphs of the pool (shuffled once, so every size has the same mix), repeated
    until their text, blank lines between, reaches `size` bytes."""
    out: Paragraphs = []
    total = n = 0
    while total < size:
        text = pool[n % len(pool)]
        out.append((f"P{n + 1}", text))
        total += len(text.encode()) + 2
        n += 1
    return out


def thousand_entries(glossary: list[Entry], pool: list[str]) -> list[Entry]:
    """The glossary, one variant of each entry (a word dropped or swapped, as other agreed
    wordings of one concept differ) and phrases of the corpus, to 1,000 entries."""
    rng = random.Random(SEED)
    entries = list(glossary)
    vocabulary = sorted({w for e in glossary for w in e.text.split() if w.isalpha() and len(w) > 3})
    for e in glossary:
        words = e.text.split()
        if len(words) < 5 or len(entries) >= ENTRIES // 2:
            continue
        i = rng.randrange(1, len(words) - 1)
        words[i : i + 1] = [] if rng.random() < 0.5 else [rng.choice(vocabulary)]
        entries.append(Entry(" ".join(words), "bench variant", id=f"bench-variant-{len(entries)}"))
    sentences = [
        s for p in pool for s in re.split(r"(?<=[.;,])\s+", p) if 6 <= len(s.split()) <= 25
    ]
    rng.shuffle(sentences)
    for s in sentences[: ENTRIES - len(entries)]:
        entries.append(Entry(s, "UNFCCC corpus", id=f"bench-unfccc-{len(entries)}"))
    return entries


def naive(entries: list[Entry], paragraphs: Paragraphs) -> int:
    """The baseline: every entry against every paragraph, fuzzily."""
    hits = 0
    for entry in entries:
        for _label, text in paragraphs:
            hits += fuzz.partial_ratio(entry.text, text, score_cutoff=90) > 0
    return hits


def kb(paragraphs: Paragraphs) -> float:
    return sum(len(t.encode()) + 2 for _, t in paragraphs) / 1000


def measure(repeat: int, naive_kb: int) -> dict[str, Any]:
    glossary = load_glossary()
    jms = statement()
    pool = corpus_paragraphs() + [t for _, t in jms]
    random.Random(SEED).shuffle(pool)
    entries = thousand_entries(glossary, pool)

    build_glossary = best(lambda: Checker(glossary), repeat)
    build_thousand = best(lambda: Checker(entries), repeat)
    small, large = Checker(glossary), Checker(entries)

    result: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
        },
        "repeat": repeat,
        "construction": {
            "glossary_entries": len(glossary),
            "glossary_s": build_glossary,
            "thousand_entries": len(entries),
            "thousand_s": build_thousand,
        },
    }
    t_jms, found = best_timed(lambda: small.check(jms), repeat)
    findings = len(found)
    naive_repeat = max(1, min(3, repeat))
    t_naive_jms = best(lambda: naive(glossary, jms), naive_repeat)
    result["statement"] = {
        "paragraphs": len(jms),
        "kb": kb(jms),
        "entries": len(glossary),
        "findings": findings,
        "checker_s": t_jms,
        "budget_s": BUDGET_STATEMENT,
        "of_budget": t_jms / BUDGET_STATEMENT,
        "naive_s": t_naive_jms,
        "naive_repeat": naive_repeat,
        "speed_up": t_naive_jms / t_jms,
    }

    sizes = []
    for size in SIZES_KB:
        text = big_text(pool, size * 1000)
        runs = max(1, repeat // 2 if size >= 500 else repeat)
        t, found = best_timed(lambda text=text: large.check(text), runs)
        sizes.append(
            {
                "target_kb": size,
                "kb": kb(text),
                "paragraphs": len(text),
                "runs": runs,
                "findings": len(found),
                "checker_s": t,
                "ms_per_kb": 1000 * t / kb(text),
            }
        )
    result["sizes"] = sizes
    mb = sizes[-1]
    # the same megabyte against the glossary alone: how much the 1,000 entries add
    t, found = best_timed(lambda: small.check(text), max(1, repeat // 2))
    result["megabyte_glossary"] = {"entries": len(glossary), "checker_s": t, "findings": len(found)}
    result["megabyte"] = {
        "checker_s": mb["checker_s"],
        "budget_s": BUDGET_MB,
        "of_budget": mb["checker_s"] / BUDGET_MB,
    }
    first = sizes[0]
    result["linearity"] = {
        "size_ratio": mb["kb"] / first["kb"],
        "time_ratio": mb["checker_s"] / first["checker_s"],
        "per_kb_ratio": mb["ms_per_kb"] / first["ms_per_kb"],
    }
    if naive_kb:
        text = big_text(pool, naive_kb * 1000)
        t_naive = best(lambda: naive(entries, text), 1)
        t_checker = best(lambda: large.check(text), repeat)
        result["naive_text"] = {
            "kb": kb(text),
            "paragraphs": len(text),
            "entries": len(entries),
            "naive_s": t_naive,
            "checker_s": t_checker,
            "speed_up": t_naive / t_checker,
            "naive_1mb_estimate_s": t_naive * mb["kb"] / kb(text),
        }
    return result


def report(r: dict[str, Any]) -> str:
    m, c, s = r["machine"], r["construction"], r["statement"]
    lines = [
        f"machine: {m['cores']} cores, {m['processor']}, Python {m['python']} ({m['platform']}); "
        f"times are the best of {r['repeat']} runs (of {max(1, r['repeat'] // 2)} at 500 KB "
        "and over) unless said",
        "",
        f"{'measure':<44}{'time':>11}{'budget':>9}{'of budget':>11}{'vs naive':>10}",
        "-" * 85,
        f"{'Checker(): ' + str(c['glossary_entries']) + ' glossary entries':<44}"
        f"{c['glossary_s'] * 1000:>8.1f} ms",
        f"{'Checker(): ' + str(c['thousand_entries']) + ' entries':<44}"
        f"{c['thousand_s'] * 1000:>8.1f} ms",
        f"{'(a) statement, ' + str(s['paragraphs']) + ' paras, ' + format(s['kb'], '.0f') + ' KB x glossary':<44}"
        f"{s['checker_s'] * 1000:>8.1f} ms{'50 ms':>9}{s['of_budget']:>10.2f}x{s['speed_up']:>9.1f}x",
    ]
    sizes = r["sizes"]
    for row in sizes:
        label = f"(c) {row['kb']:.0f} KB, {row['paragraphs']} paras x {c['thousand_entries']}"
        budget = "1 s" if row is sizes[-1] else ""
        of = f"{row['checker_s'] / BUDGET_MB:>10.2f}x" if budget else ""
        lines.append(f"{label:<44}{row['checker_s'] * 1000:>8.1f} ms{budget:>9}{of}")
    g = r["megabyte_glossary"]
    lines.append(
        f"{'    same 1 MB x the ' + str(g['entries']) + ' glossary entries only':<44}"
        f"{g['checker_s'] * 1000:>8.1f} ms"
    )
    lines.append("-" * 85)
    lines.append(
        "findings: statement "
        + str(s["findings"])
        + "; "
        + ", ".join(f"{x['kb']:.0f} KB {x['findings']}" for x in sizes)
        + f"; 1 MB x glossary {g['findings']}"
    )
    lines.append(
        f"(b) 1 MB x 1,000 entries: {sizes[-1]['checker_s']:.3f} s = "
        f"{sizes[-1]['checker_s'] / BUDGET_MB:.2f}x of the 1 s budget"
    )
    lines.append(
        "(c) cost per KB: " + ", ".join(f"{x['kb']:.0f} KB {x['ms_per_kb']:.3f} ms" for x in sizes)
    )
    lin = r["linearity"]
    lines.append(
        f"    text x{lin['size_ratio']:.1f} -> time x{lin['time_ratio']:.2f}; per-KB cost at "
        f"1 MB / at 125 KB = {lin['per_kb_ratio']:.2f} (1.00 = linear)"
    )
    lines.append(
        f"(d) naive partial_ratio, statement x glossary: {s['naive_s'] * 1000:.0f} ms "
        f"(best of {s['naive_repeat']}); checker {s['speed_up']:.1f}x faster"
    )
    naive_text = r.get("naive_text")
    if isinstance(naive_text, dict):
        lines.append(
            f"    naive at the smallest size only ({naive_text['kb']:.0f} KB, {naive_text['paragraphs']} "
            f"paras x {naive_text['entries']} entries, one run): {naive_text['naive_s']:.1f} s; "
            f"checker {naive_text['speed_up']:.0f}x faster"
        )
        lines.append(
            f"    (the larger sizes would take about {naive_text['naive_1mb_estimate_s']:.0f} s at 1 MB "
            "by the same rate, so the naive way is not run there)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best kept)")
    parser.add_argument(
        "--naive-kb",
        type=int,
        default=SIZES_KB[0],
        help="text size for the naive baseline (0: statement only)",
    )
    args = parser.parse_args(argv)
    result = measure(args.repeat, args.naive_kb)
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
