"""The live room under load: a facilitator records changes while pages and a follower watch.

On a scratch copy of the demo draft, the facilitator (this process, as the room does it:
a `Session` holding the lock, each change through its `Room`, then `save`, then the
position published) inserts CHANGES paragraphs ("… action number N;"), one every INTERVAL
seconds, three times:

1. alone (the baseline);
2. while `draftroom serve` (its own process) has CLIENTS pages following it over
   server-sent events, and a follower reads the draft on file events (`DraftWatch`, the
   follower terminal's reader, without its screen), both in a third process;
3. alone again (the baseline's second half: the machine's drift shows as their gap).

It prints the facilitator's save time (median, p95) in each phase with its ratio to the
baselines (the budget: at most 1.10), whether every page saw every change, and how long
after a save the pages and the follower had it (median, p95, worst).

    .venv/bin/python bench/live_load.py [--clients 50] [--changes 100] [--interval 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.labels import labels  # noqa: E402
from app.session import Session  # noqa: E402

DEMO = ROOT / "drafts" / "cnd-2014-demo"
WHO = ["EU", "G77", "US", "Mexico", "Japan", "Norway"]


def marker(n: int) -> str:
    return f"action number {n};"


# -- the facilitator ----------------------------------------------------------------------
def record(folder: Path, start: int, changes: int, interval: float) -> tuple[list[float], dict]:
    """Record `changes` insertions as the room does; each save's duration, and the wall
    time each change was saved at (by its number)."""
    durations: list[float] = []
    saved: dict[int, float] = {}
    with Session(folder, program="bench facilitator") as session:
        operative = [  # (the paragraphs as imported: a new one's `bis` goes with its anchor's)
            p.id for p in session.draft.paragraphs if p.kind.value == "operative" and not p.suffix
        ]
        for n in range(start, start + changes):
            begin = time.monotonic()
            names = labels(session.draft)
            after = names[operative[n % len(operative)]]
            paragraph = session.room.insert(
                after, WHO[n % len(WHO)], f"Invites further {marker(n)}"
            )
            started = time.perf_counter()
            session.save()
            durations.append(time.perf_counter() - started)
            saved[n] = time.time()
            session.publish(paragraph.id, labels(session.draft)[paragraph.id])
            time.sleep(max(0.0, interval - (time.monotonic() - begin)))
    return durations, saved


# -- the watchers (a process of their own) ----------------------------------------------
async def _page(url: str, numbers: set[int], seen: dict[int, float], ready: asyncio.Event):
    import httpx

    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(30, read=None)) as client,
        client.stream("GET", url) as response,
    ):
        data: list[str] = []
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif not line and data:
                update = json.loads("\n".join(data))
                data = []
                ready.set()
                arrived = time.time()
                text = "".join(update["html"].values())
                for n in numbers - seen.keys():
                    if marker(n) in text:
                        seen[n] = arrived
                if len(seen) == len(numbers):
                    return


async def _follower(folder: Path, numbers: set[int], seen: dict[int, float]) -> None:
    from app.core import notation
    from app.live.watch import DraftWatch

    stop = asyncio.Event()
    async for update in DraftWatch(folder).updates(stop):
        if update.draft is None or not update.draft_changed:
            continue
        arrived = time.time()
        for paragraph in update.draft.paragraphs:
            if paragraph.id in update.changed:
                text = notation.write(paragraph.content)  # (a proposal: in its bracket)
                for n in numbers - seen.keys():
                    if marker(n) in text:
                        seen[n] = arrived
        if len(seen) == len(numbers):
            stop.set()
            return


async def watch(url: str, folder: Path, clients: int, numbers: set[int], out: Path) -> None:
    """`clients` pages and a follower until each saw every change (or 120 s); what each
    saw when, written to `out` as JSON."""
    pages: list[dict[int, float]] = [{} for _ in range(clients)]
    follower: dict[int, float] = {}
    readies = [asyncio.Event() for _ in range(clients)]
    tasks = [asyncio.create_task(_page(url, numbers, pages[i], readies[i])) for i in range(clients)]
    tasks.append(asyncio.create_task(_follower(folder, numbers, follower)))
    await asyncio.gather(*(r.wait() for r in readies))
    print("ready", flush=True)
    await asyncio.wait(tasks, timeout=120)
    out.write_text(json.dumps({"pages": pages, "follower": follower}))


# -- the run ------------------------------------------------------------------------------
def _stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def _loaded(
    folder: Path, start: int, changes: int, interval: float, clients: int, scratch: Path
) -> tuple[list[float], dict[int, float], dict[str, Any], float]:
    """`changes` recorded while a fresh server has `clients` pages and a follower has the
    draft: the save times, when each was saved, what the watchers saw, the server's CPU."""
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", str(folder), "--port", "0", "--clients",
         str(clients + 10)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split(" at ", 1)[1].strip().rstrip("/") + "/events"
        numbers = list(range(start, start + changes))
        out = scratch / f"seen-{start}.json"
        # the pages stand for the delegates' browsers, on their own laptops: their process
        # takes only what this machine leaves idle (the server and the follower do not)
        watchers = subprocess.Popen(
            ["nice", "-n", "19", sys.executable, __file__, "--watch", url, str(folder),
             str(clients), json.dumps(numbers), str(out)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert watchers.stdout is not None
        assert watchers.stdout.readline().strip() == "ready"
        cpu = _cpu(server.pid)
        durations, saved = record(folder, start, changes, interval)
        served = _cpu(server.pid) - cpu
        watchers.wait(150)
    finally:
        server.terminate()
        server.wait(20)
    return durations, saved, json.loads(out.read_text()), served


def run(
    clients: int, changes: int, interval: float, scratch: Path, rounds: int = 4,
    source: Path = DEMO,
) -> dict[str, Any]:  # fmt: skip
    """`rounds` times: changes/rounds alone, then as many under load (the machine's drift
    falls on both alike), on a copy of `source` (the demo draft unless told)."""
    folder = scratch / "draft"
    shutil.copytree(source, folder)
    alone: list[float] = []
    loaded: list[float] = []
    page_delays: list[float] = []
    follower_delays: list[float] = []
    complete = followed = 0
    served = 0.0
    n = 0
    for r in range(rounds):
        k = changes // rounds + (1 if r < changes % rounds else 0)
        alone += record(folder, n, k, interval)[0]
        n += k
        durations, saved, seen, cpu = _loaded(folder, n, k, interval, clients, scratch)
        loaded += durations
        served += cpu
        for page in seen["pages"]:
            page_delays += [page[str(m)] - saved[m] for m in saved if str(m) in page]
            complete += len(page) == k
        follower_delays += [seen["follower"][str(m)] - saved[m] for m in saved
                            if str(m) in seen["follower"]]  # fmt: skip
        followed += len(seen["follower"]) == k
        n += k
    return {
        "clients": clients, "changes": changes, "interval": interval, "rounds": rounds,
        "save alone": _stats(alone), "save loaded": _stats(loaded),
        "pages complete": complete, "page delay": _stats(page_delays),
        "follower complete": followed == rounds,
        "follower delay": _stats(follower_delays),
        "server cpu per change": served / changes,
    }  # fmt: skip


def _cpu(pid: int) -> float:
    """The CPU seconds process `pid` used so far (user and system, from /proc)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def table(result: dict[str, Any]) -> str:
    base, base95 = result["save alone"][0], result["save alone"][1]
    ms = lambda v: f"{v * 1000:8.1f}"  # noqa: E731
    lines = [
        f"{result['changes']} changes, one every {result['interval']} s, in {result['rounds']} "
        f"rounds of alone / loaded; loaded: {result['clients']} pages following `draftroom "
        "serve` over SSE, and a follower",
        f"{'':34}{'median ms':>10}{'p95 ms':>9}{'worst ms':>9}{'ratio':>8}",
    ]
    for name in ("save alone", "save loaded"):
        median, p95, worst = result[name]
        lines.append(
            f"{'facilitator ' + name:34}{ms(median):>10}{ms(p95):>9}{ms(worst):>9}"
            f"{median / base:8.2f}"
        )
    loaded = result["save loaded"]
    lines.append(f"{'  (p95 loaded / p95 alone)':34}{'':>28}{loaded[1] / base95:8.2f}")
    for name in ("page delay", "follower delay"):
        median, p95, worst = result[name]
        lines.append(f"{name + ' after a save':34}{ms(median):>10}{ms(p95):>9}{ms(worst):>9}")
    lines.append(
        f"server CPU per change (read, page, {result['clients']} sends): "
        f"{result['server cpu per change'] * 1000:.1f} ms"
    )
    pages = result["clients"] * result["rounds"]
    lines.append(
        f"pages that saw every change of their round: {result['pages complete']} of {pages}; "
        f"the follower: {'every change' if result['follower complete'] else 'NOT all'}"
    )
    lines.append(
        f"save time growth under load (median): {loaded[0] / base - 1:+.1%} (budget: +10%)"
    )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--watch"]:
        url, folder, clients, numbers, out = sys.argv[2:7]
        asyncio.run(watch(url, Path(folder), int(clients), set(json.loads(numbers)), Path(out)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        result = run(args.clients, args.changes, args.interval, Path(scratch), args.rounds)
    print(json.dumps(result, indent=2) if args.json else table(result))


if __name__ == "__main__":
    main()
