"""How fast the drafting room (the TUI) is, against issue 20's budgets (DESIGN.md, section 5).

Start-up is measured as a user sees it (bench/_terminal.py): each program is spawned in a
real terminal (a fresh 120x40 pseudo-terminal, and a tmux pane) and timed to its first
full frame on it: `draftroom open` on the demo draft against a bare Textual app showing
one Static started the same way, alternately, in the same run, so the budget is a ratio
(1.3x). The same method times the first frame of a generated draft of 2,000 paragraphs
with 2,000 open brackets (budget 400 ms).

Key presses on that draft run headless (`App.run_test`, 160x50): the cursor (next
paragraph, next bracket), the page (PageDown), search (`/` and its Enter, `n`), propose
(`e`, its Ctrl+S) and agree (`a`, its Enter). Pilot's `press` + `pause` sleep in 20 ms
steps until the process looks idle (about 100 ms even on a bare app), so a key is timed
directly instead: the key event is sent as Pilot sends it, every message it causes is
processed (`Pilot._wait_for_screen`, no sleeping) and the screen's pending repaint is
done at once (layout and compositor: every changed line rendered). The same measurement
on a bare app pressing an unbound key is the harness cost, subtracted ("net"). The
headless driver skips only the last step, encoding the frame to escape codes. Budget:
p95 <= 33 ms (two frames at 60 Hz), median <= 16 ms (one).

    .venv/bin/python bench/tui_speed.py [--json] [--repeat N] [--presses N] [--keep DIR]

Exit code 1 when a budget is missed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _terminal import COLS, ROWS, first_frame_pty, first_frame_tmux, import_time

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "drafts" / "cnd-2014-demo"
STATEMENT = ROOT / "drafts" / "cnd-2014-jms"
HEADLESS_SIZE = (160, 50)
PARAGRAPHS = 2000
PREAMBULAR = 100
BRACKETS = 2000
BUDGET_STARTUP_RATIO = 1.3
BUDGET_LARGE_FIRST_FRAME = 0.400
BUDGET_KEY_MEDIAN = 0.016
BUDGET_KEY_P95 = 0.033
TYPING_PAUSE = 0.4
"""Seconds of the delegate's typing before Ctrl+S without a key (twice the room's pause)."""
KEY_BUDGET = f"{BUDGET_KEY_MEDIAN * 1000:.0f} / {BUDGET_KEY_P95 * 1000:.0f} ms"
"""The key budget as the table says it (median / p95)."""
MARK = {True: "ok", False: "OVER"}
"""A verdict as the table says it."""
SEARCHED = "precursor"
"""Words searched: in 5 of the statement's 79 paragraphs, so a hit is mostly out of view."""

#: The baseline: a bare Textual app showing one Static, started as `draftroom open` is.
BARE_APP = """\
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("bare textual app")


Bare().run()
"""
#: Module imports only (the interpreter's own start-up left out).
IMPORTS = {
    "draftroom": "import app.cli, app.tui.app",
    "bare": "import textual.app, textual.widgets",
}


# -- start-up in a real terminal ----------------------------------------------------------
def child_env(state_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", DRAFTROOM_STATE_DIR=state_dir)
    env.pop("TEXTUAL", None)  # no devtools
    return env


def startup(
    repeat: int, demo_copy: Path, large: Path, bare_draft: Path, state_dir: str
) -> dict[str, Any]:
    """The first frames: the bare app and the room on (a copy of) the demo draft
    alternately, so both see the same machine, on a pty and in tmux; the large draft's on
    a pty. (Copies: a room killed at its first frame leaves its lock file behind.)"""
    env = child_env(state_dir)
    py = sys.executable
    bare = ([py, "-c", BARE_APP], "bare textual app")
    demo = ([py, "-m", "app", "open", str(demo_copy)], DEMO.name)
    terminals = {"pty": first_frame_pty, "tmux": first_frame_tmux}
    if shutil.which("tmux") is None:
        del terminals["tmux"]
    runs: dict[str, list[float]] = {"large": [], "large_no_history": []}
    for terminal, first_frame in terminals.items():
        for argv, expect in (bare, demo):  # warm the file cache
            first_frame(argv, env, expect)
        runs.update({f"bare {terminal}": [], f"demo {terminal}": []})
        for _ in range(repeat):
            for name, (argv, expect) in (("bare", bare), ("demo", demo)):
                runs[f"{name} {terminal}"].append(first_frame(argv, env, expect))
    imports: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for _ in range(repeat):
        for name, code in IMPORTS.items():
            imports[name].append(import_time(code))
    for _ in range(max(3, repeat // 2)):
        for name, folder in (("large", large), ("large_no_history", bare_draft)):
            argv = [py, "-m", "app", "open", str(folder)]
            runs[name].append(first_frame_pty(argv, env, "PP1 "))
    med = {k: statistics.median(v) for k, v in runs.items()}
    imp = {k: statistics.median(v) for k, v in imports.items()}
    return {
        "runs": runs,
        "median_s": med,
        "ratio": {t: med[f"demo {t}"] / med[f"bare {t}"] for t in terminals},
        "imports_s": imp,
        "imports_ratio": imp["draftroom"] / imp["bare"],
    }


# -- the large draft ---------------------------------------------------------------------
DELEGATIONS = [
    "EU", "G77", "US", "Mexico", "Russian Federation", "Iran", "Canada", "Japan",
    "Norway", "Switzerland", "CELAC", "Colombia", "China", "Brazil", "African Group",
]  # fmt: skip
SWAPS = [
    ("should", "shall"), ("promote", "strengthen"), ("international", "regional"),
    ("and", "and, as appropriate,"), ("efforts", "commitments"), ("the", "all the"),
]  # fmt: skip


def make_large_draft(folder: Path) -> Path:
    """A draft of PARAGRAPHS paragraphs (PP1-PP100, OP1-OP1900) whose wording comes from
    the bundled statement, with BRACKETS open brackets recorded through the room as
    delegations would: proposals (one or two places per paragraph), then support and
    objections, so brackets are proposed, supported or opposed; some paragraphs without
    brackets are agreed ad ref. Saved with the store, history and rev.0 included."""
    from app.core import history
    from app.core.draft import Document, Draft, Kind, Paragraph, Status
    from app.core.labels import labels
    from app.core.room import Room
    from app.store.store import load_draft, save_draft

    source = [p.text for p in load_draft(STATEMENT).paragraphs if p.negotiable and p.number]
    draft = Draft(Document(name=folder.name, title="Generated: 2,000 paragraphs, 2,000 brackets"))
    for n in range(PARAGRAPHS):
        preambular = n < PREAMBULAR
        draft.paragraphs.append(
            Paragraph(
                id=f"p{n + 1:04d}",
                kind=Kind.PREAMBULAR if preambular else Kind.OPERATIVE,
                number=str(n + 1 if preambular else n + 1 - PREAMBULAR),
            )
        )
        draft.paragraphs[-1].text = source[n % len(source)]
    draft.next_paragraph = PARAGRAPHS
    draft.revisions = [history.freeze(draft, "rev.0", "2026-01-05T00:00:00Z")]
    tick = iter(range(10**9))
    room = Room(draft, clock=lambda: _clock(next(tick)))
    # look-ups by label and bracket id scan the whole draft (a few ms each at this size):
    # indexed here, only to make the draft quickly; the operations are the room's own
    label_of = labels(draft)  # (no paragraph comes or goes below: the labels stand)
    by_label = {label_of[p.id]: p for p in draft.paragraphs}
    room.paragraph = by_label.__getitem__  # type: ignore[method-assign]
    room.label = lambda paragraph: label_of[paragraph.id]  # type: ignore[method-assign]
    open_brackets = 0
    for n, paragraph in enumerate(draft.paragraphs):
        if open_brackets >= BRACKETS:
            break
        if n % 10 == 9:  # a clean paragraph, agreed ad ref
            room.mark(label_of[paragraph.id], Status.AGREED_AD_REF)
            continue
        places = 2 if n % 10 in (0, 5) else 1
        words = paragraph.text.split()
        for place in range(min(places, BRACKETS - open_brackets)):
            at = len(words) // 3 if place == 0 else 2 * len(words) // 3
            old, new = SWAPS[(n + place) % len(SWAPS)]
            words[at] = new if words[at] != new else old
            who = DELEGATIONS[(n + place) % len(DELEGATIONS)]
            before = len(paragraph.brackets)
            room.propose(label_of[paragraph.id], who, " ".join(words))
            open_brackets += len(paragraph.brackets) - before
    by_id = {b.id: (p, b) for p in draft.paragraphs for b in p.brackets}
    room.bracket = by_id.__getitem__  # type: ignore[method-assign]
    counter = 0
    for paragraph in draft.paragraphs:
        for bracket in paragraph.brackets:
            counter += 1
            other = DELEGATIONS[(counter * 7) % len(DELEGATIONS)]
            proposal = next(
                (n for n, o in enumerate(bracket.options, 1) if o.supporters and not o.original),
                None,
            )
            if proposal is None or bracket.option_of(other) is not None:
                continue
            if counter % 3 == 1:
                room.support(bracket.id, other, proposal)
            elif counter % 3 == 2:
                room.oppose(bracket.id, other, proposal)
    save_draft(draft, folder)
    return folder


def without_history(large: Path, folder: Path) -> Path:
    """The same draft with no history: what the screen costs apart from the store reading
    3,000 events (as a compilation text just imported would be)."""
    from app.store.store import load_draft, save_draft

    draft = load_draft(large)
    draft.history = []
    save_draft(draft, folder)
    return folder


def _clock(n: int):
    from datetime import UTC, datetime, timedelta

    return datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(seconds=20 * n)


# -- key presses, headless ---------------------------------------------------------------
KEYS = {  # name: (key, character) as Pilot.press sends them
    "down": ("down", None),
    "pagedown": ("pagedown", None),
    "]": ("right_square_bracket", "]"),
    "a": ("a", "a"),
    "/": ("slash", "/"),
    "n": ("n", "n"),
    "e": ("e", "e"),
    "ctrl+s": ("ctrl+s", None),
    "enter": ("enter", "\r"),
    "unbound": ("f12", None),
}
#: What is timed, in the order pressed: (row, key, title); a key that changes the draft
#: is timed to the frame showing the change, then to its save ("row saved").
ROWS_TIMED = [
    ("down", "down", "cursor: next paragraph (down)"),
    ("pagedown", "pagedown", "page: PageDown"),
    ("]", "]", "cursor: next bracket (])"),
    ("a", "a", "agree: a -> question"),
    ("agree", "enter", "agree: Enter -> agreed, shown"),
    ("e", "e", "propose: e -> editor"),
    ("propose", "ctrl+s", "propose: Ctrl+S -> recorded, shown"),
    ("/", "/", "search: / -> question"),
    ("search", "enter", "search: Enter -> hit shown"),
    ("n", "n", "search: n -> next hit shown"),
]
CHANGES = ("agree", "propose")
"""The rows that change the draft (each saved right after its frame)."""


async def timed_key(pilot: Any, name: str) -> tuple[float, float]:
    """Seconds from sending a key to the screen repainted (every message the key causes
    processed: handlers post more messages, so rounds until every queue of the app and the
    screen is empty; then the screen's pending layout and repaint done at once), and to the
    room settled: what runs after that repaint (the save of a change) done too, and its
    own repaints."""
    from textual import events

    app = pilot.app
    key, char = KEYS[name]
    started = time.perf_counter()
    event = events.Key(key, char)
    event.set_sender(app)
    frames = _frames(app)
    frames.clear()
    await app._post_message(event)
    for _ in range(40):
        await pilot._wait_for_screen()
        if _busy(app):
            continue
        app.screen._on_timer_update()  # the repaint; then what waits for it (a save)
        await asyncio.sleep(0)
        if not _busy(app) and not app.screen._callbacks:
            break
    settled = time.perf_counter() - started
    unsaved = [at for at, waiting in frames if waiting]  # frames showing a change not saved yet
    return (unsaved[0] - started if unsaved else settled), settled


async def typed(pilot: Any) -> None:
    """What was set directly (the editor's fields, 8 lines of text) drawn now, as typing
    it would have been long before the key that follows (else its repaint, 2 ms, is
    timed as part of that key), and the pause that typing leaves the room (where it
    collects its young garbage: app/tui/memory.py)."""
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()
    await asyncio.sleep(TYPING_PAUSE)


def _frames(app: Any) -> list[tuple[float, bool]]:
    """The frames the app sends to its terminal from now on: when, and whether a change
    they show was still waiting to be saved (the room saves right after the repaint)."""
    if not hasattr(app, "_bench_frames"):
        frames: list[tuple[float, bool]] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            saving = getattr(app, "saving", None)
            frames.append((time.perf_counter(), bool(saving and saving.unsaved)))

        app._display, app._bench_frames = timed, frames
    return app._bench_frames


def _busy(app: Any) -> bool:
    """Whether a message is waiting anywhere in the app or its current screen."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    return any(node._message_queue.qsize() for node in nodes)


def summary(times: list[float], harness: float = 0.0) -> dict[str, float]:
    ordered = sorted(t - harness for t in times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


async def bare_harness(presses: int) -> list[float]:
    """The measurement's own cost: a bare app (an OptionList of 3) pressing an unbound key."""
    from textual.app import App
    from textual.widgets import OptionList

    class Bare(App[None]):
        def compose(self):
            yield OptionList("one", "two", "three")

    times = []
    async with Bare().run_test(size=HEADLESS_SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses + 3):
            times.append((await timed_key(pilot, "unbound"))[0])
    return times[3:]


def _edited(wording: str) -> str:
    """A delegation's edit of `wording`: a word inserted in its middle."""
    words = wording.split()
    words.insert(len(words) // 2, "duly")
    return " ".join(words)


async def room_keys(draft: Path, presses: int) -> dict[str, list[float]]:
    """Time each row of ROWS_TIMED on the draft, `presses` rounds after 3 that warm
    caches, once the glossary has loaded (moving checks the paragraph): each change is
    checked to be made and saved, each move to land where it should."""
    from textual.widgets import Input, TextArea

    from app.tui.app import DraftroomApp

    app = DraftroomApp(draft)
    times: dict[str, list[float]] = {row: [] for row, _, _ in ROWS_TIMED}
    times.update({f"{row} saved": [] for row in CHANGES})

    async def press(row: str, key: str) -> None:
        shown, settled = await timed_key(pilot, key)
        times[row].append(shown if row in CHANGES else settled)
        if row in CHANGES:
            times[f"{row} saved"].append(settled)
            assert not app.saving.unsaved, f"{row}: the change was not saved"

    async with app.run_test(size=HEADLESS_SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.agreed.checker is not None, "the glossary did not load"
        for n in range(presses + 3):
            here = app.here
            await press("down", "down")
            await press("pagedown", "pagedown")
            assert app.here > here + 1 or app.here == app.shown[-1], "PageDown moved no page"
            await press("]", "]")
            opening = app.bracket
            assert opening is not None, "no current bracket after ]"
            await press("a", "a")
            app.screen.query_one(Input).value = "1"
            await press("agree", "enter")
            assert opening not in app.paragraph.brackets, f"press {n}: {opening.id} not agreed"
            events = len(app.room.draft.history)
            await press("e", "e")
            app.screen.query_one("#delegation", Input).value = DELEGATIONS[n % len(DELEGATIONS)]
            area = app.screen.query_one(TextArea)
            area.text = _edited(area.text)
            await typed(pilot)  # as the delegate did, before Ctrl+S
            await press("propose", "ctrl+s")
            assert len(app.room.draft.history) == events + 1, f"press {n}: nothing proposed"
            await press("/", "/")
            app.screen.query_one(Input).value = SEARCHED
            await typed(pilot)  # the words typed (the room draws their next hit meanwhile)
            await press("search", "enter")
            found = app.here
            assert SEARCHED in app.paragraph.text, f"press {n}: search found no hit"
            await typed(pilot)  # the hit read (the room draws the next one meanwhile)
            await press("n", "n")
            assert app.here != found and SEARCHED in app.paragraph.text, "n found no next hit"
        await pilot.pause()
    return {k: v[3:] for k, v in times.items()}


def keys(large: Path, presses: int) -> dict[str, Any]:
    harness = asyncio.run(bare_harness(presses))
    cost = statistics.median(harness)
    demo_copy = Path(tempfile.mkdtemp(prefix="draftroom-bench-demo-"))
    try:
        shutil.copytree(DEMO, demo_copy, dirs_exist_ok=True)
        demo = asyncio.run(room_keys(demo_copy, min(presses, 10)))
    finally:
        shutil.rmtree(demo_copy, ignore_errors=True)
    big = asyncio.run(room_keys(large, presses))
    return {
        "harness_s": summary(harness),
        "large": {k: summary(v, cost) for k, v in big.items()},
        "demo": {k: summary(v, cost) for k, v in demo.items()},
        "presses": presses,
    }


# -- the report ----------------------------------------------------------------------------
def verdicts(r: dict[str, Any]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if "startup" in r:
        s = r["startup"]
        for t, ratio in s["ratio"].items():
            out[f"startup ratio ({t})"] = ratio <= BUDGET_STARTUP_RATIO
        out["large first frame"] = s["median_s"]["large"] < BUDGET_LARGE_FIRST_FRAME
    if "keys" not in r:
        return out
    k = r["keys"]["large"]
    for row, _, _ in ROWS_TIMED:
        out[f"key {row}"] = (
            k[row]["median"] <= BUDGET_KEY_MEDIAN and k[row]["p95"] <= BUDGET_KEY_P95
        )
    return out


def report(r: dict[str, Any]) -> str:
    m = r["machine"]
    ok = verdicts(r)
    lines = [
        f"machine: {m['cores']} cores, Python {m['python']} ({m['platform']}), textual "
        f"{m['textual']}; start-up: median of {r['repeat']} spawns in a {COLS}x{ROWS} "
        f"terminal; keys: {r['presses']} presses each, headless {HEADLESS_SIZE[0]}x"
        f"{HEADLESS_SIZE[1]}",
        "",
        f"{'measure':<50}{'median':>10}{'p95':>10}{'budget':>14}{'ratio':>8}  verdict",
        "-" * 100,
    ]
    if "startup" in r:
        lines += startup_rows(r, ok)
    if "keys" in r:
        lines += key_rows(r, ok)
    lines.append("-" * 100)
    lines.append("all within budget" if all(ok.values()) else "OVER BUDGET: " + ", ".join(
        name for name, good in ok.items() if not good
    ))  # fmt: skip
    return "\n".join(lines)


def startup_rows(r: dict[str, Any], ok: dict[str, bool]) -> list[str]:
    s, med, ms = r["startup"], r["startup"]["median_s"], 1000
    lines = []
    for t, ratio in s["ratio"].items():
        lines += [
            f"{f'first frame, bare Textual app ({t})':<50}{med[f'bare {t}'] * ms:>7.0f} ms",
            f"{f'first frame, draftroom open demo ({t})':<50}{med[f'demo {t}'] * ms:>7.0f} ms"
            f"{'':>10}{f'{BUDGET_STARTUP_RATIO}x bare':>14}{ratio:>7.2f}x  {MARK[ok[f'startup ratio ({t})']]}",
        ]
    lines += [
        f"{'  imports only: draftroom vs bare':<50}{s['imports_s']['draftroom'] * ms:>7.0f} ms"
        f"{'':>24}{s['imports_ratio']:>7.2f}x  (bare {s['imports_s']['bare'] * ms:.0f} ms)",
        f"{'first frame, 2,000 paras / 2,000 brackets (pty)':<50}{med['large'] * ms:>7.0f} ms"
        f"{'':>10}{f'< {BUDGET_LARGE_FIRST_FRAME * 1000:.0f} ms':>14}{med['large'] / BUDGET_LARGE_FIRST_FRAME:>7.2f}x  "
        f"{MARK[ok['large first frame']]}",
        f"{'  the same draft without its history':<50}{med['large_no_history'] * ms:>7.0f} ms"
        f"{'':>24}{med['large_no_history'] / BUDGET_LARGE_FIRST_FRAME:>7.2f}x  "
        f"(history: {r['large_events']:,} events)",
    ]
    return lines


def key_rows(r: dict[str, Any], ok: dict[str, bool]) -> list[str]:
    k, ms = r["keys"], 1000
    lines = [
        f"{'key -> repaint, harness (bare app, unbound key)':<50}"
        f"{k['harness_s']['median'] * ms:>7.1f} ms{k['harness_s']['p95'] * ms:>7.1f} ms",
    ]
    for row, _, title in ROWS_TIMED:
        big, demo = k["large"][row], k["demo"][row]
        worst = max(big["median"] / BUDGET_KEY_MEDIAN, big["p95"] / BUDGET_KEY_P95)
        lines.append(
            f"{'  ' + title:<50}{big['median'] * ms:>7.1f} ms{big['p95'] * ms:>7.1f} ms"
            f"{KEY_BUDGET:>14}{worst:>7.2f}x  {MARK[ok['key ' + row]]}"
            f"  (demo {demo['median'] * ms:.1f} ms)"
        )
        if row in CHANGES:
            big, demo = k["large"][f"{row} saved"], k["demo"][f"{row} saved"]
            lines.append(
                f"{'    then saved (after that frame)':<50}{big['median'] * ms:>7.1f} ms"
                f"{big['p95'] * ms:>7.1f} ms{'':>22}  (demo {demo['median'] * ms:.1f} ms)"
            )
    lines.append(
        "keys: 2,000 paragraphs, net of the harness; ratio: of the budget (keys: the worse "
        "of median and p95)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--repeat", type=int, default=7, help="spawns of each program")
    parser.add_argument("--presses", type=int, default=30, help="presses of each key")
    parser.add_argument(
        "--keep", type=Path, help="make the large draft here (or reuse it if it is there)"
    )
    parser.add_argument(
        "--only", choices=("startup", "keys"), help="measure only start-up, or only keys"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    work = Path(tempfile.mkdtemp(prefix="draftroom-bench-"))
    os.environ["DRAFTROOM_STATE_DIR"] = str(work / "state")  # never the user's positions
    # measure the app as installed: its modules compiled, as pip compiles textual's (with
    # PYTHONDONTWRITEBYTECODE set, each start would otherwise compile our sources again)
    compileall.compile_dir(ROOT / "app", quiet=1)
    try:
        made = time.perf_counter()
        if args.keep and (args.keep / "paragraphs.toml").exists():
            large = args.keep
        else:
            large = make_large_draft(args.keep or work / "large-2000")
        made = time.perf_counter() - made
        bench_copy = work / "large-keys"
        shutil.copytree(large, bench_copy)  # agreeing changes it
        import textual

        from app.store.store import load_draft

        result = {
            "machine": {
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(terse=True),
                "textual": textual.__version__,
            },
            "repeat": args.repeat,
            "presses": args.presses,
            "large_draft_made_s": made,
            "large_events": len(load_draft(large).history),
        }
        if args.only != "keys":
            result["startup"] = startup(
                args.repeat,
                Path(shutil.copytree(DEMO, work / DEMO.name)),
                Path(shutil.copytree(large, work / "large-start")),
                without_history(large, work / "large-no-history"),
                str(work / "state"),
            )
        if args.only != "startup":
            result["keys"] = keys(bench_copy, args.presses)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["within_budget"] = verdicts(result)
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0 if all(result["within_budget"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
