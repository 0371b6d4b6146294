"""Speed of checking against a folder of adopted texts (issue 17, item 2), and the
measurement behind the passage unit (`--units`).

Makes 50 resolution-like texts (a masthead with a symbol, ~15 preambular and ~90
operative paragraphs recombined from the clauses of the statement and of the real GA
resolutions in tests/data/sources, seeded), then times in one run:

- indexing the folder with an empty cache (every file imported and cut into passages);
- checking the statement against it with the index kept (read the index, build the
  checker, check): budget 0.5 s;
- the naive baseline: every paragraph of the statement against every passage with
  rapidfuzz's `partial_ratio` (in C), the way a script would do it (timed on 5
  paragraphs, scaled to the statement).

`--units` prints near-miss recall with whole paragraphs, sentences or clauses as the unit.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import session  # noqa: E402
from app.core.draft import Kind  # noqa: E402
from app.glossary.index import index_sources  # noqa: E402
from app.glossary.precedent import Precedents  # noqa: E402
from app.importers.importing import import_file  # noqa: E402

STATEMENT = ROOT / "drafts" / "cnd-2014-jms"
REAL = ROOT / "tests" / "data" / "sources"
PARIS = ROOT / "tests" / "corpus" / "unfccc-cop21" / "paris-agreement-2015-12-12-final.txt"
VERBS = ["Encourages", "Urges", "Calls upon", "Invites", "Requests", "Reaffirms", "Stresses"]
OPENERS = ["Recognizing", "Recalling", "Reaffirming", "Noting", "Concerned", "Bearing in mind"]


def clauses(texts: list[str]) -> list[str]:
    """Clauses of real texts, cut at , ;"""
    found = []
    for text in texts:
        for piece in re.split(r"[;,]\s+", " ".join(text.split())):
            if len(piece.split()) >= 5 and not re.search(r"\d", piece):
                found.append(piece.strip(" .;,"))
    return found


def resolution(number: int, pieces: list[str], rng: random.Random) -> str:
    session_no = 60 + number % 15
    lines = [
        f"United Nations A/RES/{session_no}/{100 + number}",
        "",
        "General Assembly Distr.: General",
        f"{1 + number % 27} February {1946 + session_no}",
        "",
        f"Resolution adopted by the General Assembly on {1 + number % 28} December "
        f"{1945 + session_no}",
        "",
        f"{session_no}/{100 + number}. International cooperation against the world drug problem",
        "",
        "The General Assembly,",
        "",
    ]
    for _ in range(15):
        body = ", ".join(rng.sample(pieces, 3))
        lines += [f"{rng.choice(OPENERS)} {body[0].lower()}{body[1:]},", ""]
    for n in range(1, 91):
        body = ", ".join(rng.sample(pieces, rng.randint(2, 4)))
        lines += [f"{n}. {rng.choice(VERBS)} {body[0].lower()}{body[1:]};", ""]
    return "\n".join(lines)


def make_folder(folder: Path, count: int = 50) -> None:
    """Resolutions whose clauses are one in three the statement's or the GA excerpts'
    (resolutions on the same subject reuse its language), the others from the Paris
    Agreement (other wording, as in resolutions on other subjects)."""
    rng = random.Random(17)
    drug = [p.text for p in session.read(STATEMENT).paragraphs if p.kind is not Kind.CONTEXT]
    drug += [p.read_text() for p in REAL.glob("*.txt")]
    other = PARIS.read_text(encoding="utf-8").split("\n") if PARIS.exists() else []
    own, others = clauses(drug), clauses(other)
    pieces = own + (others[: 2 * len(own)] if others else [])
    for n in range(count):
        (folder / f"res-{n:02d}.txt").write_text(resolution(n, pieces, rng), encoding="utf-8")


def read(path: Path):  # type: ignore[no-untyped-def]
    return import_file(path, name="source")


def best(runs: int, job) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def speed() -> None:
    from rapidfuzz import fuzz, process

    work = Path(tempfile.mkdtemp(prefix="draftroom-bench-sources-"))
    try:
        folder, cache = work / "resolutions", work / "cache"
        folder.mkdir()
        make_folder(folder)
        statement = session.read(STATEMENT)

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            index_sources([folder], read, cache=cache)

        def warm() -> None:
            index = index_sources([folder], read, cache=cache)
            Precedents(index.documents).check_draft(statement)

        indexing = best(2, cold)
        index = index_sources([folder], read, cache=cache)
        precedents = Precedents(index.documents)
        checking = best(5, warm)
        build = best(3, lambda: Precedents(index_sources([folder], read, cache=cache).documents))
        texts = [p.text for p in statement.paragraphs if p.negotiable]
        passages = [e.text for e in precedents.entries]
        sample = texts[:5]  # the naive way is too slow for the whole statement: scaled

        def naive_check() -> None:
            for text in sample:
                process.extract(text, passages, scorer=fuzz.partial_ratio, score_cutoff=90,
                                limit=None)  # fmt: skip

        naive = best(1, naive_check) * (len(texts) / len(sample))
        findings = precedents.check_draft(statement)
        print(f"50 resolutions: {len(index.documents)} documents, {len(passages)} passages; "
              f"the statement: {len(texts)} paragraphs; {len(findings)} findings")  # fmt: skip
        print()
        print("| measure | time | x check | budget |")
        print("|---|---:|---:|---:|")
        print(f"| index 50 resolutions (empty cache) | {indexing:.2f} s | "
              f"{indexing / checking:.1f}x | 10 s {'✓' if indexing < 10 else '✗'} |")  # fmt: skip
        print(f"| of which: read the index | {build:.3f} s | "
              f"{build / checking:.2f}x | |")  # fmt: skip
        print(f"| check the statement, index kept | {checking:.3f} s | 1.0x | "
              f"0.5 s {'✓' if checking < 0.5 else '✗'} |")  # fmt: skip
        print(f"| naive: partial_ratio, every paragraph x every passage | "
              f"{naive:.2f} s | {naive / checking:.0f}x | |")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def units() -> None:
    """Near-miss recall by passage unit: a clause of a real resolution, one content word
    substituted, quoted inside words of another text."""
    from app.glossary.checker import Checker
    from app.glossary.entries import Entry
    from app.glossary.sources import labelled_paragraphs, passages_of

    rng = random.Random(7)
    statement = session.read(STATEMENT)
    paragraphs = [p.text for p in statement.paragraphs if p.negotiable][:40]
    for path in sorted(REAL.glob("*.txt")):
        paragraphs += [t for _, t in labelled_paragraphs(read(path))]
    cuts = {
        "paragraph": lambda t: [t],
        "sentence": lambda t: [s for s in re.split(r"(?<=[;.])\s+", t) if s],
        "clause": lambda t: [p.text for p in passages_of(t, "")],
    }
    quotes = []
    for text in paragraphs:
        for clause in passages_of(text, ""):
            words = clause.text.split()
            if len(words) < 6 or clause.text == text.rstrip(";,.:"):
                continue
            at = rng.choice([i for i, w in enumerate(words) if len(w) > 4] or [0])
            words[at] = "various"
            quotes.append(f"The delegation said that {' '.join(words)} in its statement.")
    print("| unit | entries | near-misses found |")
    print("|---|---:|---:|")
    for name, cut in cuts.items():
        entries = [Entry(piece, "x") for t in paragraphs for piece in cut(t)]
        checker = Checker(entries)
        found = sum(
            any(f.kind == "near-miss" for f in checker.check_paragraph("q", q)) for q in quotes
        )
        print(f"| {name} | {len(entries)} | {found / len(quotes):.2f} of {len(quotes)} |")
    real_variants(cuts)


def real_variants(cuts: dict) -> None:  # type: ignore[type-arg]
    """The real variants of tests/glossary_quality (formulations that changed between
    successive adopted texts): the earlier wording cut into passages as the sources
    are, the later text checked against them; found = any finding on the pair."""
    import tomllib
    from collections import Counter

    from app.glossary.checker import Checker
    from app.glossary.entries import Entry

    pairs = tomllib.loads((ROOT / "tests/glossary_quality/real_variants.toml").read_text())["pair"]
    kinds = Counter(p["kind"] for p in pairs)
    print()
    print("| unit | " + " | ".join(f"{k} ({n})" for k, n in sorted(kinds.items())) + " |")
    print("|---|" + "---:|" * len(kinds))
    for name, cut in cuts.items():
        found: Counter[str] = Counter()
        for pair in pairs:
            checker = Checker([Entry(piece, "x") for piece in cut(pair["entry"])])
            findings = checker.check_paragraph("t", pair["text"])
            wanted = "exact" if pair["kind"] == "exact" else "near-miss"
            found[pair["kind"]] += any(f.kind == wanted for f in findings)
        print(
            f"| {name} | "
            + " | ".join(f"{found[k] / n:.2f}" for k, n in sorted(kinds.items()))
            + " |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", action="store_true", help="recall by passage unit")
    if parser.parse_args().units:
        units()
    else:
        speed()
