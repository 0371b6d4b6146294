"""How fast two branches of a draft merge: the statement with 500 events on each side.

Budget (DESIGN.md, section 5): the merge driver takes under 1 s on the statement with 500
events a side. Measured: `session.merge` (what each driver call does once per merge: read
the three folders, merge by events, write the merged folder through the store, read it
back) and the merge in memory alone. Baseline in the same run: reading one branch's
folder (`load_draft`, its history included). Both branches propose on the same paragraphs
(their ids collide and are renumbered; both sides' events on one paragraph are merged
into its history), support and oppose each other's proposals.

    .venv/bin/python bench/merge_speed.py
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _timing import best  # beside this script

from app import session
from app.core.draft import Draft, Kind
from app.core.errors import DraftroomError
from app.core.merging import merge_drafts
from app.core.room import Room
from app.store.store import load_draft, save_draft

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "drafts" / "cnd-2014-jms"
EVENTS = 500
WHO = [["EU", "Japan", "Norway", "Switzerland"], ["Mexico", "Brazil", "G77 and China", "Egypt"]]
WORDS = ["firmly", "fully", "effectively", "further", "all", "national"]


def branch(base: Draft, side: int, events: int = EVENTS) -> Draft:
    """The base with `events` events of one informal group: proposals on the operative
    paragraphs (both groups work on the same ones, each on its half of their words), supports of what is on the table."""
    draft = copy.deepcopy(base)
    start = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    step = [0]
    room = Room(draft, clock=lambda: start + timedelta(seconds=2 * step[0] + side))
    operative = [p.id for p in draft.paragraphs if p.kind is Kind.OPERATIVE][:40]
    attempt = 0
    while len(draft.history) - len(base.history) < events:
        attempt += 1
        step[0] += 1
        who = WHO[side][attempt % 4]
        try:
            brackets = [b.id for p in draft.paragraphs for b in p.brackets]
            if attempt % 4 == 0 and brackets:
                room.support(brackets[attempt * 7 % len(brackets)], who, 1)
                continue
            paragraph = draft.paragraph(operative[(attempt * 3 + side) % len(operative)])
            words = paragraph.text.split(" ")
            half = max(1, len(words) // 2 - 2)  # ours in the first half, theirs the second
            at = (attempt * 5) % half + 1 + side * (len(words) // 2 + 1)
            words.insert(at, WORDS[attempt % len(WORDS)])
            room.propose(room.label(paragraph), who, " ".join(words))
        except DraftroomError:
            continue
    return draft


def git_merge(folder: Path, base: Draft, ours: Draft, theirs: Draft) -> float:
    """The wall time of `git merge` of the two branches in a fresh repository (the driver
    set up by `draftroom setup-git`; git calls it once per file both sides changed)."""
    repo = folder / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "bench",
           "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@b"}  # fmt: skip

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    subprocess.run([sys.executable, "-m", "app", "setup-git"], cwd=repo, env=env, check=True, capture_output=True)  # fmt: skip
    for name, draft in (("main", base), ("ours", ours), ("theirs", theirs)):
        if name != "main":
            git("checkout", "-q", "-b", name, "main")
            shutil.rmtree(repo / "st")
        save_draft(copy.deepcopy(draft), repo / "st")
        git("add", "-A")
        git("commit", "-qm", name)
    git("checkout", "-q", "ours")
    started = time.perf_counter()
    git("merge", "--no-edit", "theirs")
    return time.perf_counter() - started


def main() -> int:
    base = load_draft(DRAFT)
    ours, theirs = branch(base, 0), branch(base, 1)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for name, draft in (("base", base), ("ours", ours), ("theirs", theirs)):
            save_draft(copy.deepcopy(draft), folder / name)
        into = [0]

        def merged_folder() -> list[str]:
            into[0] += 1
            return session.merge(folder / "base", folder / "ours", folder / "theirs", folder / f"m{into[0]}")  # fmt: skip

        def in_memory() -> object:
            return merge_drafts(*(load_draft(folder / n) for n in ("base", "ours", "theirs")))

        baseline = best(lambda: list(load_draft(folder / "ours").history), 5)
        loads = best(lambda: [list(load_draft(folder / n).history) for n in ("base", "ours", "theirs")], 3)  # fmt: skip
        memory = best(in_memory, 3) - loads
        whole = best(merged_folder, 3)
        notes = merged_folder()
        merged = load_draft(folder / f"m{into[0]}")
        whole_git = git_merge(folder, base, ours, theirs) if shutil.which("git") else 0.0
    events = len(merged.history) - len(base.history)
    brackets = sum(len(p.brackets) for p in merged.paragraphs)
    print(f"the statement, {EVENTS} events on each branch: {events} merged events, "
          f"{brackets} open brackets, {len(notes)} ids renumbered")  # fmt: skip
    print("| measure | time | x reading one branch | budget |")
    print("|---|---:|---:|---:|")
    print(f"| read one branch's folder, history included (baseline) | {baseline * 1000:.0f} ms | 1.0x | |")  # fmt: skip
    print(f"| merge by events, in memory (three drafts read) | {memory * 1000:.0f} ms | {memory / baseline:.1f}x | |")  # fmt: skip
    print(f"| session.merge: read three, merge, save, read back | {whole * 1000:.0f} ms | {whole / baseline:.1f}x | 1 s {'✓' if whole < 1 else '✗'} |")  # fmt: skip
    if whole_git:
        print(f"| `git merge` of the two branches (the driver, 3 files) | {whole_git * 1000:.0f} ms | {whole_git / baseline:.1f}x | |")  # fmt: skip
    return 0 if whole < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
