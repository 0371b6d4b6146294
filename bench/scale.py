"""Speed at the scale of the biggest negotiations (issue 20): one table of every budget
outside the drafting room's screen, each against a baseline measured in the same run.

On the 2,000-paragraph draft with its history (bench/tui_speed.py's make_large_draft,
about 7.7 MB; `--large DIR` reuses one):

- load                  load_draft          vs tomllib parsing the same files  (≤ 1x)
- CLI end to end        status, show, propose, export as subprocesses, vs the same
                        command on a one-paragraph draft                   (within 0.5 s)
- save after one change Session.save        vs write + fsync of the bytes it writes (≤ 2x)
- check 1 MB            1,000 entries       vs the naive partial_ratio matcher (≤ 0.25 s)
- Word and PDF          a 100-page .docx, 20 returns compiled, a 98-page PDF
- the live room         page and follower delay after a save, save time with a server
                        and a follower reading the large draft

The drafting room's own figures (start-up, first frame, key → repaint) are `make bench-tui`.

    .venv/bin/python bench/scale.py [--large DIR] [--quick] [--only check|store|cli|word|live]

`--only check` times the check alone (seconds, not minutes: no large draft is made),
with the CPU time it takes in all processes beside the wall time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import check_speed  # beside this script
import live_load
import store_speed
import word_speed
from _timing import best, timed_with_cpu

from app.core.labels import find
from app.glossary.checker import Checker
from app.glossary.entries import load_glossary
from app.importers.importing import import_file
from app.importers.returns import compile_return
from app.session import Session
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "draftroom"

Row = tuple[str, float, str, float, str]
"""What, its time (s), the baseline's name, the baseline's time (s), the budget's verdict."""


def _cli(*args: str | Path, runs: int) -> float:
    """The median wall time of `draftroom ARGS` as a user runs it (a new process)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(BIN), *map(str, args)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_rows(large: Path, scratch: Path, runs: int) -> list[Row]:
    """Each command on the large draft against the same on a one-paragraph draft."""
    one = scratch / "one.txt"
    one.write_text("Statement\n\n1. *Reaffirm* our commitment to the three conventions;\n")
    small = scratch / "one"
    subprocess.run([str(BIN), "import", one, "-o", small], check=True, capture_output=True)
    big = scratch / "large-cli"
    shutil.copytree(large, big)
    rows: list[Row] = []
    for name, args in [
        ("status", ("status", "{d}")),
        ("show OP1", ("show", "{d}", "OP1")),
        ("export --as bracketed", ("export", "{d}", "--as", "bracketed")),
        ("propose (then undo, untimed)", ("propose", "{d}", "OP1", "--by", "EU", "--text", "{t}")),
    ]:  # fmt: skip
        times = {}
        for label, folder in (("small", small), ("large", big)):
            wording = find(load_draft(folder), "OP1").text.rstrip(";.") + " without delay;"
            argv = [a.replace("{d}", str(folder)).replace("{t}", wording) for a in args]
            if argv[0] == "propose":
                times[label] = _propose(argv, folder, runs)
            else:
                times[label] = _cli(*argv, runs=runs)
        gap = times["large"] - times["small"]
        rows.append((
            f"`{name}` on the large draft", times["large"], "one-paragraph draft",
            times["small"], f"+{gap:.2f} s of 0.5 {'✓' if gap <= 0.5 else '✗'}",
        ))  # fmt: skip
    return rows


def _propose(argv: list[str], folder: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(BIN), *argv], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        subprocess.run([str(BIN), "undo", folder], check=True, capture_output=True)
    return statistics.median(times)


def store_rows(large: Path, scratch: Path, runs: int) -> list[Row]:
    r = store_speed.measure(large, scratch / "store", runs)
    load, parse = r["load_draft"], r["tomllib"]
    save, commit = r["save, 1 change"], r["write + fsync"]
    return [
        ("load the large draft with its history", load, "tomllib parse", parse,
         f"{load / parse:.2f}x of 1x {'✓' if load <= parse else '✗'}"),
        (f"save after one change (a session's; {r['written KB']:,.0f} KB written)", save,
         "write + fsync of those bytes", commit,
         f"{save / commit:.1f}x of 2x {'✓' if save <= 2 * commit else '✗'}"),
    ]  # fmt: skip


def check_rows(quick: bool, runs: int | None = None) -> list[Row]:
    """The check's row; with `runs` (`--only check`), also its median and CPU time."""
    glossary = load_glossary()
    pool = check_speed.corpus_paragraphs()
    entries = check_speed.thousand_entries(glossary, pool)
    text = check_speed.big_text(pool, 1_000_000)
    checker = Checker(entries)
    walls, cpus = timed_with_cpu(lambda: checker.check(text), runs or (1 if quick else 3))
    ours = min(walls)
    sample = check_speed.big_text(pool, 25_000)  # the naive matcher, on 1/40 of the text
    naive = best(lambda: check_speed.naive(entries, sample), 1) * (1_000_000 / 25_000)
    rows: list[Row] = [
        ("check 1 MB against 1,000 entries", ours, "naive partial_ratio (from 25 KB, x40)",
         naive, f"{ours:.2f} s of 0.25 {'✓' if ours <= 0.25 else '✗'}"),
    ]  # fmt: skip
    if runs:
        rows += [
            (f"the same, median of {runs} runs", statistics.median(walls), "", 0.0, ""),
            ("the same, CPU time of all its processes (best)", min(cpus), "", 0.0, ""),
        ]
    return rows


def word_rows(scratch: Path) -> list[Row]:
    docx = word_speed.long_docx(scratch)
    import docx as python_docx

    opened = best(lambda: python_docx.Document(str(docx)), 3)
    imported = best(lambda: import_file(docx, name="long"), 3)
    returns = word_speed.returns(scratch, 20)

    def compile_all() -> None:
        folder = scratch / "compiled"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(word_speed.DRAFT, folder)
        with Session(folder, program="bench") as session:
            for n, data in enumerate(returns):
                compile_return(session.room, data, f"return{n}.docx")

    compiled = best(compile_all, 2)
    rows: list[Row] = [
        ("import a 100-page .docx", imported, "python-docx opens it", opened,
         f"{imported:.2f} s of 1 {'✓' if imported < 1 else '✗'}"),
        ("compile 20 returns of the statement", compiled, "python-docx opens the long file",
         opened, f"{compiled:.2f} s of 5 {'✓' if compiled < 5 else '✗'}"),
    ]  # fmt: skip
    printed = word_speed.printed(word_speed.long_docx(scratch, 2 * word_speed.COPIES), scratch)
    if printed is not None:
        pdf, libreoffice = printed
        took = best(lambda: import_file(pdf, name="long"), 2)
        rows.append(("import a 98-page PDF", took, "LibreOffice prints it", libreoffice,
                     f"{took:.2f} s of 3 {'✓' if took < 3 else '✗'}"))  # fmt: skip
    return rows


def live_rows(large: Path, scratch: Path, quick: bool) -> list[Row]:
    clients, changes = (5, 8) if quick else (20, 24)
    r = live_load.run(clients, changes, 0.2, scratch / "live", rounds=2, source=large)
    alone, loaded = r["save alone"][0], r["save loaded"][0]
    page, follower = r["page delay"], r["follower delay"]
    return [
        (f"page delay after a save (p95; {clients} pages)", page[1], "—", 0.0,
         f"{page[1]:.2f} s of 1 {'✓' if page[1] < 1 else '✗'}"),
        ("follower delay after a save (p95)", follower[1], "—", 0.0,
         f"{follower[1]:.2f} s of 1 {'✓' if follower[1] < 1 else '✗'}"),
        ("save with the server and a follower reading", loaded, "save alone", alone,
         f"{loaded / alone - 1:+.0%} of +10% {'✓' if loaded <= 1.1 * alone else '✗'}"),
    ]  # fmt: skip


def table(rows: list[Row]) -> str:
    lines = ["| measure | time | baseline | baseline time | budget |", "|---|---:|---|---:|---|"]
    for what, took, base, base_took, verdict in rows:
        shown = f"{base_took * 1000:,.0f} ms" if base_took else ""
        lines.append(f"| {what} | {took * 1000:,.0f} ms | {base} | {shown} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", type=Path, help="a large draft made before (copied)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, a smaller live load")
    parser.add_argument(
        "--only", choices=("store", "cli", "check", "word", "live"),
        help="one part of the table (check: with its median and CPU time, 9 runs)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 5
    if args.only == "check":  # no large draft to make
        print(table(check_rows(args.quick, runs=3 if args.quick else 9)))
        return 0
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        if args.only in (None, "store", "cli", "live"):
            large = store_speed.large_draft(args.large, scratch)
        parts: dict[str, Callable[[], list[Row]]] = {
            "store": lambda: store_rows(large, scratch, runs),
            "cli": lambda: cli_rows(large, scratch, runs),
            "check": lambda: check_rows(args.quick),
            "word": lambda: word_rows(scratch),
            "live": lambda: live_rows(large, scratch, args.quick),
        }
        rows = [row for name, part in parts.items() if args.only in (None, name) for row in part()]
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
