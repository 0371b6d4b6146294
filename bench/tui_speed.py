"""How fast the drafting room (the TUI) is, against its budgets (DESIGN.md, section 5).

Start-up is measured as a user sees it: each program is spawned under a real
pseudo-terminal (120x40) and timed from spawn to its first full frame on the terminal
(the frame's last row written); `draftroom open` on the demo draft against a bare Textual
app (Header, Static, Footer) started the same way, alternately, in the same run, so the
budget is a ratio (1.5x). The same method times the first frame of a generated draft of
2,000 paragraphs with 2,000 open brackets (budget 1 s).

Key presses on that draft (next paragraph, next bracket, agree) run headless
(`App.run_test`, 160x50). Pilot's `press` + `pause` sleep in 20 ms steps until the process
looks idle (about 100 ms even on a bare app), so a key is timed directly instead: the key
event is sent as Pilot sends it, every message it causes is processed
(`Pilot._wait_for_screen`, no sleeping) and the screen's pending repaint is done at once
(layout and compositor: every changed line rendered). The same measurement on a bare app
pressing an unbound key is the harness cost, subtracted ("net"). The headless driver skips
only the last step, encoding the frame to escape codes.

    .venv/bin/python bench/tui_speed.py [--json] [--repeat N] [--presses N] [--keep DIR]

Exit code 1 when a budget is missed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import fcntl
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "drafts" / "cnd-2014-demo"
STATEMENT = ROOT / "drafts" / "cnd-2014-jms"
ROWS, COLS = 40, 120
HEADLESS_SIZE = (160, 50)
PARAGRAPHS = 2000
PREAMBULAR = 100
BRACKETS = 2000
BUDGET_STARTUP_RATIO = 1.5
BUDGET_LARGE_FIRST_FRAME = 1.0
BUDGET_KEY = 0.050

#: The baseline: a bare Textual app, started as `draftroom open` is (same interpreter, pty).
BARE_APP = """\
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    TITLE = "Bare"

    def compose(self):
        yield Header()
        yield Static("bare textual app")
        yield Footer()


Bare().run()
"""
#: Module imports only (the interpreter's own start-up left out).
IMPORTS = {
    "draftroom": "import app.cli, app.tui.app",
    "bare": "import textual.app, textual.widgets",
}
CSI = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Za-z0-9])")


# -- start-up under a pseudo-terminal ------------------------------------------------------
def child_env(state_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", DRAFTROOM_STATE_DIR=state_dir)
    env.pop("TEXTUAL", None)  # no devtools
    return env


def first_frame(argv: list[str], env: dict[str, str], expect: str, timeout: float = 30) -> float:
    """Seconds from spawning `argv` on a fresh pty until its first full frame is written
    (the cursor moved to the last row), checked to show `expect`; the process is killed."""
    last_row = f"\x1b[{ROWS};1H".encode()
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, become the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    out = b""
    found: float | None = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, 1 << 16)
            except OSError:  # the child exited
                break
            if not data:
                break
            out += data
            if last_row in out:
                found = time.perf_counter() - started
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    screen = CSI.sub(b"", out).decode("utf-8", "replace")
    if found is None or expect not in screen:
        raise RuntimeError(
            f"no frame showing {expect!r} from {' '.join(argv[:4])}…: {screen[-400:]!r}"
        )
    return found


def import_time(code: str) -> float:
    """Seconds to import `code`'s modules in a fresh interpreter."""
    probe = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return float(done.stdout)


def startup(repeat: int, large: Path, bare_draft: Path, state_dir: str) -> dict[str, Any]:
    env = child_env(state_dir)
    py = sys.executable
    runs: dict[str, list[float]] = {"demo": [], "bare": [], "large": [], "large_no_history": []}
    imports: dict[str, list[float]] = {name: [] for name in IMPORTS}
    first_frame([py, "-c", BARE_APP], env, "bare textual app")  # warm the file cache
    first_frame([py, "-m", "app", "open", str(DEMO)], env, DEMO.name)
    for _ in range(repeat):  # alternately, so both see the same machine
        runs["bare"].append(first_frame([py, "-c", BARE_APP], env, "bare textual app"))
        runs["demo"].append(first_frame([py, "-m", "app", "open", str(DEMO)], env, DEMO.name))
        for name, code in IMPORTS.items():
            imports[name].append(import_time(code))
    for _ in range(max(3, repeat // 2)):
        runs["large"].append(first_frame([py, "-m", "app", "open", str(large)], env, "PP1 "))
        runs["large_no_history"].append(
            first_frame([py, "-m", "app", "open", str(bare_draft)], env, "PP1 ")
        )
    med = {k: statistics.median(v) for k, v in runs.items()}
    imp = {k: statistics.median(v) for k, v in imports.items()}
    return {
        "runs": runs,
        "median_s": med,
        "ratio": med["demo"] / med["bare"],
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
    "]": ("right_square_bracket", "]"),
    "a": ("a", "a"),
    "enter": ("enter", "\r"),
    "unbound": ("f12", None),
}


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


def _frames(app: Any) -> list[tuple[float, bool]]:
    """The frames the app sends to its terminal from now on: when, and whether a change
    they show was still waiting to be saved (the room saves right after the repaint)."""
    if not hasattr(app, "_bench_frames"):
        frames: list[tuple[float, bool]] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            frames.append((time.perf_counter(), bool(app.saving.unsaved)))

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


async def room_keys(draft: Path, presses: int) -> dict[str, list[float]]:
    """Time next paragraph, next bracket and agree (a: the question; Enter: agreed and
    shown, then saved) on the draft, after the glossary has loaded (moving checks the
    paragraph)."""
    from textual.widgets import Input

    from app.tui.app import DraftroomApp

    app = DraftroomApp(draft)
    times: dict[str, list[float]] = {"down": [], "]": [], "a": [], "enter": [], "saved": []}
    async with app.run_test(size=HEADLESS_SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.agreed.checker is not None, "the glossary did not load"
        for n in range(presses + 3):  # the first 3 of each warm caches: not counted
            for name in ("down", "]"):
                times[name].append((await timed_key(pilot, name))[1])
            opening = app.bracket
            assert opening is not None, "no current bracket after ]"
            times["a"].append((await timed_key(pilot, "a"))[1])
            app.screen.query_one(Input).value = "1"
            shown, saved = await timed_key(pilot, "enter")
            times["enter"].append(shown)
            times["saved"].append(saved)
            assert opening not in app.paragraph.brackets, f"press {n}: {opening.id} not agreed"
            assert not app.saving.unsaved, f"press {n}: the agreement was not saved"
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
KEY_NAMES = {
    "down": "next paragraph (down)",
    "]": "next bracket (])",
    "a": "agree: a -> question",
    "enter": "agree: Enter -> agreed, shown",
}
SAVED = "agree: Enter -> saved (after the repaint)"


def verdicts(r: dict[str, Any]) -> dict[str, bool]:
    s, k = r["startup"], r["keys"]["large"]
    out = {
        "startup ratio": s["ratio"] <= BUDGET_STARTUP_RATIO,
        "large first frame": s["median_s"]["large"] <= BUDGET_LARGE_FIRST_FRAME,
    }
    out.update({f"key {name}": k[name]["median"] <= BUDGET_KEY for name in KEY_NAMES})
    return out


def report(r: dict[str, Any]) -> str:
    m, s, k = r["machine"], r["startup"], r["keys"]
    ok = verdicts(r)
    mark = {True: "ok", False: "OVER"}
    med = s["median_s"]
    lines = [
        f"machine: {m['cores']} cores, Python {m['python']} ({m['platform']}), textual "
        f"{m['textual']}; start-up: median of {r['repeat']} spawns under a {COLS}x{ROWS} pty; "
        f"keys: {k['presses']} presses each, headless {HEADLESS_SIZE[0]}x{HEADLESS_SIZE[1]}",
        "",
        f"{'measure':<46}{'median':>10}{'p95':>10}{'budget':>10}{'ratio':>8}  verdict",
        "-" * 92,
        f"{'first frame, bare Textual app':<46}{med['bare'] * 1000:>7.0f} ms",
        f"{'first frame, draftroom open demo (148 paras)':<46}{med['demo'] * 1000:>7.0f} ms"
        f"{'':>10}{'1.5x':>10}{s['ratio']:>7.2f}x  {mark[ok['startup ratio']]}",
        f"{'  imports only: draftroom vs bare':<46}{s['imports_s']['draftroom'] * 1000:>7.0f} ms"
        f"{'':>20}{s['imports_ratio']:>7.2f}x  (bare {s['imports_s']['bare'] * 1000:.0f} ms)",
        f"{'first frame, 2,000 paras / 2,000 brackets':<46}{med['large'] * 1000:>7.0f} ms"
        f"{'':>10}{'1000 ms':>10}{med['large'] / BUDGET_LARGE_FIRST_FRAME:>7.2f}x  "
        f"{mark[ok['large first frame']]}",
        f"{'  the same draft without its history':<46}{med['large_no_history'] * 1000:>7.0f} ms"
        f"{'':>20}{med['large_no_history'] / BUDGET_LARGE_FIRST_FRAME:>7.2f}x  "
        f"(history: {r['large_events']:,} events)",
        f"{'key -> repaint, harness (bare app, unbound key)':<46}"
        f"{k['harness_s']['median'] * 1000:>7.1f} ms{k['harness_s']['p95'] * 1000:>7.1f} ms",
    ]
    for name, title in KEY_NAMES.items():
        big, demo = k["large"][name], k["demo"][name]
        lines.append(
            f"{'  2,000 paras: ' + title:<46}{big['median'] * 1000:>7.1f} ms{big['p95'] * 1000:>7.1f} ms"
            f"{'50 ms':>10}{big['median'] / BUDGET_KEY:>7.2f}x  {mark[ok['key ' + name]]}"
            f"  (demo {demo['median'] * 1000:.1f} ms)"
        )
    big, demo = k["large"]["saved"], k["demo"]["saved"]
    lines.append(
        f"{'  2,000 paras: ' + SAVED:<46}{big['median'] * 1000:>7.1f} ms{big['p95'] * 1000:>7.1f} ms"
        f"{'':>18}  (demo {demo['median'] * 1000:.1f} ms)"
    )
    lines += ["-" * 92, "key times are net of the harness; ratios are of the budget"]
    lines.append("all within budget" if all(ok.values()) else "OVER BUDGET: " + ", ".join(
        name for name, good in ok.items() if not good
    ))  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--repeat", type=int, default=7, help="spawns of each program")
    parser.add_argument("--presses", type=int, default=30, help="presses of each key")
    parser.add_argument(
        "--keep", type=Path, help="make the large draft here (or reuse it if it is there)"
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
            "large_draft_made_s": made,
            "large_events": len(load_draft(large).history),
            "startup": startup(
                args.repeat,
                large,
                without_history(large, work / "large-no-history"),
                str(work / "state"),
            ),
            "keys": keys(bench_copy, args.presses),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["within_budget"] = verdicts(result)
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0 if all(result["within_budget"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
