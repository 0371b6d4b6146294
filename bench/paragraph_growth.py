"""How `check` and `propose` grow with one long paragraph: by its brackets and by its words.

One paragraph of N brackets (each a word and a proposed variant, by two delegations), or of
N words (seeded prose from the statement's vocabulary), in the statement; timed in this
process: `check` of the whole draft, `propose` of a one-word change and of a change of
every "the". A linear cost shows as a steady time per unit down each column; the ratio
column is each size's time per unit against the smallest size's (1.0x: linear).

    .venv/bin/python bench/paragraph_growth.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from _timing import best  # beside this script

from app.core.labels import find
from app.core.notation import read
from app.core.room import Room
from app.glossary.checker import Checker
from app.glossary.entries import load_glossary
from app.glossary.readings import check_draft
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "drafts" / "cnd-2014-jms"
BRACKETS = (500, 1000, 2000, 4000)
WORDS = (2500, 5000, 10000, 20000)
SEED = 20141


def vocabulary() -> list[str]:
    text = " ".join(p.text for p in load_draft(DRAFT).paragraphs)
    return re.findall(r"[A-Za-z]+", text)


def with_paragraph(kind: str, size: int, words: list[str]) -> Room:
    """The statement whose OP27 is one paragraph of `size` brackets or words."""
    draft = load_draft(DRAFT)
    paragraph = find(draft, "OP27")
    pick = random.Random(SEED).choice
    if kind == "brackets":
        text = " ".join(
            f"{pick(words)} the [{w} - EU / {w} further - US]"
            for w in (pick(words) for _ in range(size))
        )
        ids = iter(range(1, size + 1))
        paragraph.content = read(text + ";", new_id=lambda: f"b{next(ids)}").content
        draft.next_bracket = size + 1
    else:
        paragraph.content = [" ".join(pick(words) for _ in range(size)) + ";"]
    return Room(draft)


def measures(checker: Checker) -> dict[str, Callable[[Room], object]]:
    def one_word(room: Room) -> object:
        text = find(room.draft, "OP27").text
        return room.propose("OP27", "Mexico", text.replace(" the ", " the very ", 1))

    def every_the(room: Room) -> object:
        text = find(room.draft, "OP27").text
        return room.propose("OP27", "Mexico", text.replace(" the ", " a "))

    return {
        "check": lambda room: check_draft(room.draft, checker),
        "propose one word": one_word,
        "propose every 'the'": every_the,
    }


def grow(kind: str, sizes: tuple[int, ...], runs: int = 3) -> dict[str, list[float]]:
    """Best time of each measure at each size (a fresh draft each run)."""
    words = vocabulary()
    checker = Checker(load_glossary())
    found: dict[str, list[float]] = {name: [] for name in measures(checker)}
    for size in sizes:
        for name, work in measures(checker).items():
            rooms = [with_paragraph(kind, size, words) for _ in range(runs)]
            found[name].append(best(lambda rooms=rooms, work=work: work(rooms.pop()), runs))
    return found


def table(kind: str, sizes: tuple[int, ...], times: dict[str, list[float]]) -> str:
    lines = [f"| {kind} | " + " | ".join(times) + " |", "|---:|" + "---:|" * len(times)]
    for at, size in enumerate(sizes):
        cells = []
        for series in times.values():
            ratio = (series[at] / size) / (series[0] / sizes[0])
            cells.append(f"{series[at]:.2f} s ({ratio:.1f}x)")
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two smallest sizes only")
    args = parser.parse_args(argv)
    for kind, sizes in (("brackets", BRACKETS), ("words", WORDS)):
        sizes = sizes[:2] if args.quick else sizes
        print(table(kind, sizes, grow(kind, sizes)))
        print("(time per unit against the smallest size: 1.0x is linear)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
