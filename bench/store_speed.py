"""How fast the draft store loads and saves, against baselines measured in the same run.

For the demo draft (drafts/cnd-2014-demo) and a generated draft of 2,000 paragraphs with
2,000 open brackets and its history (bench/tui_speed.py's make_large_draft; `--large DIR`
reuses one), each on a scratch copy:

- read bytes      every file of the draft read (the floor of any load)
- tomllib         every file parsed by tomllib, nothing else (the floor of a TOML load)
- load_draft      the draft read and validated, as the CLI's commands do
- history later   the same, its history left to be read when first used, as `draftroom
                  open` does (it reads it right after its first frame)
- save, 1 change  the room agrees one bracket (not timed), then the session saves (timed):
                  what the drafting room and the CLI do after "agree" (the store prints
                  again what the new event changed)
- save, checked   the room undoes or redoes (not timed), saved by save_draft alone, as by a
                  caller that may have changed a paragraph outside the room (every
                  paragraph's content compared)
- save, nothing   the session saves again with nothing changed
- dumps, 1 change what a session's save prints after one change (the CPU part of a save)
- write + fsync   the bytes that save wrote, committed again (journal, renames, fsyncs):
                  what the disk costs, whatever the serialisation does

Times are medians; ratios are to "read bytes" of the same draft in the same run.

    .venv/bin/python bench/store_speed.py [--repeat N] [--large DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

from _timing import median  # beside this script

from app.session import Session
from app.store import store

ROOT = Path(__file__).resolve().parent.parent

DEMO = ROOT / "drafts" / "cnd-2014-demo"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*.toml"))
        if p.is_file()
    }


def measure(source: Path, scratch: Path, runs: int) -> dict[str, float]:
    folder = scratch / source.name
    shutil.copytree(source, folder)
    result: dict[str, float] = {}
    result["read bytes"] = median(lambda: _files(folder), runs)
    result["tomllib"] = median(
        lambda: [tomllib.loads(d.decode()) for d in _files(folder).values()], runs
    )
    result["load_draft"] = median(lambda: store.load_draft(folder), runs)
    result["history later"] = median(lambda: store.load_draft(folder, history_later=True), runs)
    with Session(folder, program="bench") as session:
        room, draft = session.room, session.draft
        brackets = iter([b.id for p in draft.paragraphs for b in p.brackets if len(b.options) == 2])
        session.save()  # the first save may normalise what an older version wrote
        before: dict[str, bytes] = {}

        def change() -> None:
            before.clear()
            before.update(_files(folder))
            room.agree(next(brackets))

        result["save, 1 change"] = median(session.save, runs, change)
        after = _files(folder)
        written = {n: d for n, d in after.items() if before.get(n) != d}

        def undo_or_redo() -> None:  # (one change each; the brackets are left for the others)
            room.redo() if draft.history[-1].undone else room.undo()

        result["save, checked"] = median(
            lambda: store.save_draft(draft, folder), runs, undo_or_redo
        )
        result["save, nothing"] = median(session.save, runs)
        frozen = {p.stem for p in (folder / store.REVISIONS).glob("*.toml")}
        result["dumps, 1 change"] = median(
            lambda: store.dumps(draft, frozen, through_room=True), runs,
            lambda: room.agree(next(brackets)),
        )  # fmt: skip
    commit = scratch / f"{source.name}-commit"
    shutil.copytree(folder, commit)
    result["write + fsync"] = median(
        lambda: store._commit(commit, written, [], before, pending=False), runs
    )
    result["written KB"] = sum(len(d) for d in written.values()) / 1000
    result["files KB"] = sum(len(d) for d in after.values()) / 1000
    return result


ROWS = [
    "read bytes", "tomllib", "load_draft", "history later", "save, 1 change", "save, checked",
    "save, nothing", "dumps, 1 change", "write + fsync",
]  # fmt: skip


def table(results: dict[str, dict[str, float]]) -> str:
    names = list(results)
    head = f"{'':<16}" + "".join(f"{n:>30}" for n in names)
    lines = [head, "-" * len(head)]
    for row in ROWS:
        cells = []
        for name in names:
            r = results[name]
            cells.append(f"{r[row] * 1000:>10.1f} ms {r[row] / r['read bytes']:>8.1f}x")
        lines.append(f"{row:<16}" + "".join(f"{c:>30}" for c in cells))
    sizes = [
        f"{r['files KB']:,.0f} KB, {r['written KB']:,.0f} KB written" for r in results.values()
    ]
    lines.append(f"{'size':<16}" + "".join(f"{s:>30}" for s in sizes))
    return "\n".join(lines)


def large_draft(given: Path | None, scratch: Path) -> Path:
    """The 2,000-paragraph draft: `given` (made before), else made in `scratch`."""
    if given is not None:
        return given
    from tui_speed import make_large_draft  # beside this script

    print("making the large draft (about a minute)…", file=sys.stderr)
    return make_large_draft(scratch / "made" / "large")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--large", type=Path, help="a large draft made before (reused, copied)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        large = large_draft(args.large, scratch)
        results = {
            "demo": measure(DEMO, scratch / "demo", max(args.repeat, 5) * 2),
            "large (2,000 paragraphs)": measure(large, scratch / "large", args.repeat),
        }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
