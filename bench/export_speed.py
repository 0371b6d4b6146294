"""Export speed: the tracked DOCX of the whole statement with 200 changes, against its
budget (under 1 s) and against baselines measured in the same run.

Usage: python bench/export_speed.py   (or `make bench-export`)
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _timing import best  # beside this script

from app.core import history
from app.core.room import Room
from app.core.tracking import track
from app.exports import export
from app.importers.untext import import_un_text

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "drafts" / "cnd-2014-high-level-review.txt"
DELEGATIONS = ["EU", "G77", "US", "CELAC", "Russian Federation", "Norway", "Mexico", "Japan"]
WORDS = ["effective", "national", "all", "relevant", "health", "human rights", "as appropriate"]


def negotiated(changes: int, seed: int = 7):
    """The statement with `changes` agreed changes by several delegations: insertions,
    deletions and replacements of words, a few new paragraphs and deletions."""
    draft = import_un_text(SOURCE.read_text(encoding="utf-8"), name="bench", source=SOURCE.name)
    draft.revisions = [history.freeze(draft, "rev.0", "2014-05-20T00:00:00Z")]
    moment = [datetime(2026, 11, 27, 9, tzinfo=UTC)]

    def clock() -> datetime:
        moment[0] += timedelta(minutes=1)
        return moment[0]

    room = Room(draft, clock)
    rng = random.Random(seed)
    operative = [room.label(p) for p in draft.paragraphs if p.negotiable and p.number and p.text]
    made = 0
    while made < changes:
        label = rng.choice(operative)
        who = rng.choice(DELEGATIONS)
        roll = rng.random()
        if roll < 0.03:
            new = room.insert(label, who, "Recognize the role of " + rng.choice(WORDS) + " action;")
            room.agree(new.brackets[0].id)
        elif roll < 0.05 and label not in ("OP1", "OP33"):
            bracket = room.propose_deletion(label, who)
            room.agree(bracket.id, to=who)
            operative.remove(label)
        else:
            words = room.paragraph(label).text.split(" ")
            at = rng.randrange(1, len(words))
            kind = rng.choice(["insert", "delete", "replace"])
            if kind == "insert":
                words.insert(at, rng.choice(WORDS))
            elif kind == "delete" and len(words) > 3:
                del words[at]
            else:
                words[at] = rng.choice(WORDS)
            try:
                proposed = room.propose(label, who, " ".join(words))
            except Exception:
                continue
            for p in proposed:
                room.agree(p.bracket.id, to=who)
        made += 1
    return draft


def main() -> None:
    start = time.perf_counter()
    draft = negotiated(200)
    setup = time.perf_counter() - start
    pieces = sum(1 for t in track(draft) for p in t.pieces if p.kind != "equal")
    rows = [
        ("clean txt (baseline)", best(lambda: export.render(draft, "clean", "txt"))),
        ("clean docx", best(lambda: export.render(draft, "clean", "docx"))),
        ("tracking only (attribution)", best(lambda: track(draft))),
        ("tracked txt", best(lambda: export.render(draft, "tracked", "txt"))),
        ("tracked html", best(lambda: export.render(draft, "tracked", "html"))),
        ("tracked docx", best(lambda: export.render(draft, "tracked", "docx"))),
    ]
    baseline = rows[0][1]
    print(
        f"the statement with 200 agreed changes ({pieces} tracked insertions and deletions, "
        f"{len(draft.history)} events; made in {setup:.1f} s); best of 5"
    )
    print(f"{'export':<30} {'time':>9} {'x clean txt':>12}")
    for name, seconds in rows:
        print(f"{name:<30} {seconds * 1000:>6.0f} ms {seconds / baseline:>11.1f}x")
    docx = rows[-1][1]
    verdict = "within" if docx < 1.0 else "OVER"
    print(f"tracked docx: {docx * 1000:.0f} ms, {verdict} the 1 s budget")


if __name__ == "__main__":
    main()
