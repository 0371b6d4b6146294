"""Crashes and second writers: no acknowledged change is lost, no draft is left half-saved,
no two programs write one draft.

The kill test forks writers from `tests/crash_driver.py` (each does what the drafting room
does on a key press: change, save, acknowledge) and SIGKILLs them at random moments;
`DRAFTROOM_KILLS` sets how many (50 in `make test`, more in `make fuzz`).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.errors import DraftroomError
from app.core.room import Room
from app.store.lock import LOCK_FILE, DraftLock, DraftLocked
from app.store.store import (
    HISTORY_FILE,
    JOURNAL,
    PARAGRAPHS_FILE,
    ChangedOnDisk,
    changed_on_disk,
    load_draft,
    save_draft,
)

from .conftest import ROOT
from .crash_driver import digest

KILLS = int(os.environ.get("DRAFTROOM_KILLS", "50"))
SMALL_TEXT = "Draft resolution on drug policy\n\n" + "\n\n".join(
    f"{i}. Decides that States shall [take - EU; G77 delete] measure number {i} to address "
    "the world drug problem, as appropriate;"
    for i in range(1, 13)
)


@pytest.fixture
def small_draft(tmp_path: Path, cli) -> Path:
    """A twelve-paragraph compilation text, imported (saves are quick)."""
    source = tmp_path / "small.txt"
    source.write_text(SMALL_TEXT, encoding="utf-8")
    assert cli("import", source, "-o", tmp_path / "small").code == 0
    return tmp_path / "small"


class Driver:
    """The crash driver process, spoken to line by line."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "crash_driver.py"), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.line() == "ready"

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.strip())
        self.lines.put("")  # the driver's output ended

    def line(self, timeout: float = 30) -> str:
        """The driver's next line; a silent driver fails the test instead of hanging it."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"the crash driver said nothing for {timeout} s") from None
        assert line, "the crash driver stopped"
        assert not line.startswith("failed"), line
        return line

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=10)


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_change(small_draft: Path):
    rng = random.Random(7)
    driver = Driver(small_draft)
    acknowledged = digest(load_draft(small_draft))
    saves = in_save = committed = 0
    try:
        for kill in range(KILLS):
            driver.send(f"go {kill}")
            pid = int(driver.line().split()[1])
            started = driver.line().split()
            assert started[0] == "start", started  # the killed writer's lock was taken over
            assert started[2] == acknowledged, "reopened draft differs from the last save"
            time.sleep(rng.uniform(0, 0.12))
            os.kill(pid, signal.SIGKILL)
            driver.send(f"reap {pid}")
            in_flight = None
            while (line := driver.line()) != f"dead {pid}":
                word, _n, state = line.split(maxsplit=2)
                assert word in ("saving", "ok"), line
                if word == "saving":
                    in_flight = state
                elif word == "ok":
                    acknowledged, in_flight = state, None
                    saves += 1
            reopened = digest(load_draft(small_draft))
            assert reopened in (acknowledged, in_flight), f"kill {kill + 1}"
            in_save += in_flight is not None
            if reopened != acknowledged:  # killed after the commit point, before the reply
                committed += 1
                acknowledged = reopened
    finally:
        driver.close()
    assert not (small_draft / LOCK_FILE).exists() or DraftLock(small_draft).acquire()
    print(
        f"{KILLS} kills, {saves} acknowledged saves; {in_save} kills inside a save, "
        f"{committed} of them after its commit point"
    )
    assert saves > KILLS / 2 and in_save  # kills landed between saves and inside them


def test_a_kill_between_two_files_of_one_save_leaves_the_previous_or_the_next_save(
    small_draft: Path,
):
    """A save that changes several files commits them at once: a journal written first is
    applied on the next save, and read meanwhile."""
    room = Room(load_draft(small_draft))
    before = digest(room.draft)
    room.propose("OP1", "US", "Decides that States shall act;")
    after = digest(room.draft)
    # what a kill after the journal's commit and the first file leaves: the journal, the
    # new paragraphs, the old history
    from app.store import store

    folder = small_draft
    old = store._Snapshot(folder).files
    new = store.dumps(room.draft)
    changes = {n: d for n, d in new.items() if old.get(n) != d}
    assert PARAGRAPHS_FILE in changes and HISTORY_FILE in changes
    (folder / JOURNAL).write_bytes(store._journal(changes))
    (folder / PARAGRAPHS_FILE).write_bytes(changes[PARAGRAPHS_FILE])
    assert digest(load_draft(folder)) == after
    # a journal whose write was cut short was never committed (renamed into place)
    (folder / JOURNAL).write_bytes(store._journal(changes)[:-30])
    with pytest.raises(DraftroomError, match="damaged"):
        load_draft(folder)
    (folder / JOURNAL).write_bytes(store._journal(changes))
    draft = load_draft(folder)
    save_draft(draft, folder)  # the next save finishes the unfinished one
    assert not (folder / JOURNAL).exists()
    assert digest(load_draft(folder)) == after != before


def test_a_revision_file_a_killed_save_was_moving_is_not_left_behind(small_draft: Path):
    """Redo moves rev.1.undone.toml back to rev.1.toml. Killed after its journal's commit,
    before the move: the next save, replacing the journal, must still delete the old file,
    or a later undo finds it there and refuses to save (seen under random kills)."""
    from app.store import store

    folder = small_draft
    room = Room(load_draft(folder))
    room.revise()
    save_draft(room.draft, folder)
    room.undo()
    save_draft(room.draft, folder)
    assert (folder / "revisions" / "rev.1.undone.toml").exists()
    room.redo()  # saved up to the commit point only: the journal, no file moved
    disk = store._Snapshot(folder)
    new = store.dumps(room.draft, frozen={"rev.1"}) | {
        "revisions/rev.1.toml": disk.files["revisions/rev.1.undone.toml"]
    }
    changes: dict = {n: d for n, d in new.items() if disk.files.get(n) != d}
    changes["revisions/rev.1.undone.toml"] = None
    (folder / JOURNAL).write_bytes(store._journal(changes))
    reopened = Room(load_draft(folder))  # a new writer, after the kill
    reopened.propose("OP1", "US", "Decides that States shall act;")
    save_draft(reopened.draft, folder)
    assert not (folder / "revisions" / "rev.1.undone.toml").exists()
    reopened.revise()
    save_draft(reopened.draft, folder)
    reopened.undo()
    save_draft(reopened.draft, folder)
    assert sorted(f.name for f in (folder / "revisions").iterdir()) == [
        "rev.0.toml", "rev.1.toml", "rev.2.undone.toml",
    ]  # fmt: skip


def test_a_long_file_is_journaled_by_its_new_tail_and_a_kill_after_the_commit_is_finished(
    draft_dir: Path,
):
    """history.toml grows at its end: a save journals only what follows the beginning the
    file keeps, and a kill after that journal's commit still yields the new save."""
    from app.store import store

    room = Room(load_draft(draft_dir))
    for n in range(1, 31):
        [proposed] = room.propose(f"OP{n}", "US", room.paragraph(f"OP{n}").text + " as agreed")
        for delegation in ("EU", "Japan", "Canada"):
            room.support(proposed.bracket.id, delegation)
    save_draft(room.draft, draft_dir)
    old = store._Snapshot(draft_dir).files
    assert len(old[HISTORY_FILE]) > 100_000
    room.agree(room.paragraph("OP30").brackets[0].id)
    after = digest(room.draft)
    new = store.dumps(room.draft)
    changes = {n: d for n, d in new.items() if old.get(n) != d}
    splice = store._Splice.of(old[HISTORY_FILE], changes[HISTORY_FILE])
    assert splice is not None and len(splice.data) < len(changes[HISTORY_FILE]) // 4
    journal = store._journal({HISTORY_FILE: splice, PARAGRAPHS_FILE: changes[PARAGRAPHS_FILE]})
    assert len(journal) < len(changes[HISTORY_FILE]) // 2
    (draft_dir / JOURNAL).write_bytes(journal)  # killed here: the journal committed, no file
    assert digest(load_draft(draft_dir)) == after
    (draft_dir / HISTORY_FILE).write_bytes(changes[HISTORY_FILE])  # or here: one file
    assert digest(load_draft(draft_dir)) == after
    # a journal is never spliced onto another file than the one it was written against
    (draft_dir / HISTORY_FILE).write_bytes(b"# edited\n" + old[HISTORY_FILE])
    with pytest.raises(DraftroomError, match="no longer the file it was written against"):
        load_draft(draft_dir)
    (draft_dir / HISTORY_FILE).write_bytes(old[HISTORY_FILE])
    draft = load_draft(draft_dir)
    save_draft(draft, draft_dir)  # the next save finishes the unfinished one
    assert not (draft_dir / JOURNAL).exists()
    assert digest(load_draft(draft_dir)) == after


def test_a_second_writer_cannot_take_a_draft_that_is_open(small_draft: Path):
    first = DraftLock(small_draft, program="draftroom open")
    second = DraftLock(small_draft, program="draftroom propose")
    assert first.acquire()
    started = time.monotonic()
    assert not second.acquire(wait=0.3)
    assert time.monotonic() - started >= 0.3
    assert f"draftroom open (pid {os.getpid()}) since " in second.holder()
    first.release()
    assert second.acquire()
    second.release()
    assert not (small_draft / LOCK_FILE).exists()


def test_a_cli_command_on_a_draft_open_elsewhere_waits_then_fails_naming_the_holder(
    small_draft: Path, cli, monkeypatch
):
    monkeypatch.setattr("app.session.CLI_WAIT", 0.2)
    before = {p.name: p.read_bytes() for p in small_draft.glob("*.toml")}
    with DraftLock(small_draft, program="draftroom open"):
        result = cli("mark", small_draft, "OP1", "pending", "--by", "EU")
    assert result.code == 2
    assert "open for writing in another window: draftroom open (pid" in result.err
    assert {p.name: p.read_bytes() for p in small_draft.glob("*.toml")} == before
    assert cli("mark", small_draft, "OP1", "pending", "--by", "EU").code == 0
    assert not (small_draft / LOCK_FILE).exists()


def test_concurrent_cli_commands_take_turns_and_every_change_is_kept(small_draft: Path):
    """Four commands started at once on one draft: each waits for the lock, none is lost."""
    commands = [
        [sys.executable, "-m", "app", "propose", str(small_draft), f"OP{i}", "--by", "US",
         "--text", f"Decides that States shall do thing {i};"]
        for i in range(1, 5)
    ]  # fmt: skip
    processes = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, text=True) for c in commands]
    assert [p.wait(timeout=60) for p in processes] == [0] * 4
    draft = load_draft(small_draft)
    assert sorted(e.paragraph for e in draft.history) == sorted(
        draft.paragraphs[i].id for i in range(1, 5)
    )


def test_a_lock_left_by_a_killed_process_is_taken_over(small_draft: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from app.store.lock import DraftLock; "
         f"assert DraftLock({str(small_draft)!r}, 'draftroom open').acquire(); "
         "print('held', flush=True); time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"  # type: ignore[union-attr]
    lock = DraftLock(small_draft)
    assert not lock.acquire()
    assert f"pid {holder.pid}" in lock.holder()
    holder.kill()
    holder.wait()
    assert (small_draft / LOCK_FILE).exists()  # stale: its holder died without removing it
    assert lock.acquire()
    lock.release()


def test_a_file_changed_underneath_is_never_overwritten(small_draft: Path):
    room = Room(load_draft(small_draft))
    # another editor (or `git pull`) changes paragraphs.toml after the draft was read
    paragraphs = small_draft / PARAGRAPHS_FILE
    edited = paragraphs.read_text(encoding="utf-8").replace("number 3 ", "number three ")
    paragraphs.write_text(edited, encoding="utf-8")
    assert changed_on_disk(room.draft, small_draft) == PARAGRAPHS_FILE
    room.mark("OP1", "pending", ["EU"])
    with pytest.raises(ChangedOnDisk) as caught:
        save_draft(room.draft, small_draft)
    assert caught.value.path == str(paragraphs) and "changed on disk" in str(caught.value)
    assert paragraphs.read_text(encoding="utf-8") == edited  # nothing written
    reloaded = load_draft(small_draft)
    assert not reloaded.history  # reloading shows the edit, not our change
    assert changed_on_disk(reloaded, small_draft) is None  # each draft knows what it read
    assert changed_on_disk(room.draft, small_draft) == PARAGRAPHS_FILE
    save_draft(room.draft, small_draft, overwrite=True)  # the user chose to keep theirs
    assert load_draft(small_draft).history


def test_a_cli_command_sees_the_files_as_they_are_when_it_starts(small_draft: Path, cli):
    assert cli("mark", small_draft, "OP1", "pending", "--by", "EU").code == 0
    (small_draft / PARAGRAPHS_FILE).write_text(
        (small_draft / PARAGRAPHS_FILE).read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert cli("mark", small_draft, "OP2", "pending", "--by", "EU").code == 0


def test_a_git_merge_conflict_is_reported_with_file_line_and_column(small_draft: Path, cli):
    paragraphs = small_draft / PARAGRAPHS_FILE
    lines = paragraphs.read_text(encoding="utf-8").splitlines()
    lines[6:7] = ["<<<<<<< HEAD", lines[6], "=======", lines[6].replace("1", "one"), ">>>>>>> x"]
    paragraphs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("show", small_draft)
    assert result.code == 2
    assert (
        f"{paragraphs}:7:1: merge conflict left by git (<<<<<<<): resolve it, then open again"
        in result.err
    )


def test_saving_with_a_journal_left_over_leaves_no_journal_and_no_temporary_files(
    small_draft: Path,
):
    stale = small_draft / ".paragraphs.toml.abc123.tmp"
    stale.write_text("half a file")
    os.utime(stale, (time.time() - 60, time.time() - 60))
    room = Room(load_draft(small_draft))
    room.revise()
    save_draft(room.draft, small_draft)
    assert sorted(p.name for p in small_draft.iterdir() if p.name.startswith(".")) == []


def test_a_locked_draft_refuses_import_over_it(small_draft: Path, cli, monkeypatch, tmp_path):
    monkeypatch.setattr("app.session.CLI_WAIT", 0.1)
    with DraftLock(small_draft, program="draftroom open"):
        result = cli("import", tmp_path / "small.txt", "-o", small_draft, "--force")
    assert result.code == 2 and "another window" in result.err
    assert isinstance(DraftLocked("x"), DraftroomError)


def test_a_revision_removed_underneath_is_a_change_too(small_draft: Path):
    room = Room(load_draft(small_draft))
    (small_draft / "revisions" / "rev.0.toml").unlink()
    assert changed_on_disk(room.draft, small_draft) == "revisions/rev.0.toml"
    with pytest.raises(ChangedOnDisk):
        save_draft(room.draft, small_draft)
