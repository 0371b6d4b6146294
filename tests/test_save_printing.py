"""A save prints again only what changed (the sections it printed before are kept with the
open draft), and what it writes is always byte for byte what printing the whole draft
from scratch writes: after any change, undo and redo, a revision, a reopening, a merge."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import history
from app.core.draft import Draft
from app.core.room import Room
from app.importers.untext import import_un_text
from app.session import Session, merge
from app.store.store import REVISIONS, Printer, dumps, load_draft, save_draft
from tests import room_steps

WHO = ["EU", "G77 and China", "United States", "Mexico"]
STEPS = [
    "propose", "support", "propose", "agree", "insert", "undo", "undo", "redo", "mark",
    "revise", "propose", "undo", "redo", "redo", "withdraw", "propose",
]  # fmt: skip


def _on_disk(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*.toml"))
        if p.parent in (folder, folder / REVISIONS)
    }


def _assert_printed_from_scratch(draft: Draft, folder: Path, why: object) -> None:
    """Every file of the folder is what a new printer, keeping nothing, prints for `draft`."""
    fresh = dumps(draft, printer=Printer())
    assert _on_disk(folder) == fresh, why


def _clock() -> datetime:
    return datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def _step(room: Room, kind: str, n: int) -> None:
    """One operation, its paragraph picked by 7n, its bracket, delegation and word by n."""
    room_steps.step(room, kind, 7 * n, n, WHO, word="resolutely")


def test_every_save_writes_what_printing_the_whole_draft_from_scratch_writes(statement, tmp_path):
    folder = tmp_path / "d"
    statement.revisions = [history.freeze(statement, "rev.0", "2026-01-01T00:00:00Z")]
    room = Room(statement, clock=_clock)
    save_draft(statement, folder)
    for n, kind in enumerate(STEPS):
        _step(room, kind, n)
        save_draft(statement, folder)
        _assert_printed_from_scratch(statement, folder, (n, kind))
    # reopened as the room opens it (history read after the first frame), changed again
    with Session(folder, program="test", history_later=True) as session:
        for n, kind in enumerate(reversed(STEPS)):
            _step(session.room, kind, n + 3)
            session.save()
            _assert_printed_from_scratch(session.draft, folder, ("reopened", n, kind))


def test_a_change_made_in_place_deep_inside_a_bracket_is_saved(statement, tmp_path):
    """Nobody marks a paragraph changed: a save sees every field of every option."""
    folder = tmp_path / "d"
    room = Room(statement, clock=_clock)
    room.propose("OP1", "EU", room.paragraph("OP1").text.replace("the", "all the", 1))
    save_draft(statement, folder)
    _, bracket = next(
        (p, b) for p in statement.paragraphs for b in p.brackets if len(b.options) == 2
    )
    changes = [
        lambda: bracket.options[1].supporters.append("Mexico"),
        lambda: bracket.options[1].content.append(" indeed"),
        lambda: bracket.options[0].__setattr__("original", False),
        lambda: bracket.options.reverse(),
    ]
    for n, change in enumerate(changes):
        change()
        save_draft(statement, folder)
        _assert_printed_from_scratch(statement, folder, n)


def _branch(base: Path, to: Path, steps: list[tuple[str, int]]) -> Path:
    shutil.copytree(base, to)
    with Session(to, program="test") as session:
        session.room.clock = _clock
        for kind, n in steps:
            _step(session.room, kind, n)
        session.save()
    return to


@pytest.mark.parametrize("theirs_steps", [[("propose", 4)], [("support", 0), ("propose", 9)]])
def test_a_merged_draft_and_each_save_after_it_write_what_printing_from_scratch_writes(
    statement, tmp_path, theirs_steps
):
    base = tmp_path / "base"
    room = Room(statement, clock=_clock)
    _step(room, "propose", 1)
    save_draft(statement, base)
    ours = _branch(base, tmp_path / "ours", [("propose", 2), ("agree", 0)])
    theirs = _branch(base, tmp_path / "theirs", theirs_steps)
    into = tmp_path / "merged"
    merge(base, ours, theirs, into)
    _assert_printed_from_scratch(load_draft(into), into, "merged")
    with Session(into, program="test", history_later=True) as session:
        for n, kind in enumerate(["propose", "undo", "redo", "undo", "insert", "support"]):
            _step(session.room, kind, n)
            session.save()
            _assert_printed_from_scratch(session.draft, into, ("after the merge", n, kind))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(set(STEPS))), st.integers(0, 40)), max_size=14))
def test_any_operations_saved_through_a_session_write_what_printing_from_scratch_writes(
    source_text, tmp_path_factory, steps
):
    """A session's save prints again only what its room's events changed: after any
    operations, undone and redone, the files are what printing from scratch writes."""
    folder = tmp_path_factory.mktemp("d") / "d"
    draft = import_un_text(source_text, name="cnd-2014-jms")
    draft.revisions = [history.freeze(draft, "rev.0", "2026-01-01T00:00:00Z")]
    save_draft(draft, folder)
    for half in (steps[: len(steps) // 2], steps[len(steps) // 2 :]):  # (reopened between)
        with Session(folder, program="test") as session:
            session.room.clock = _clock
            for kind, n in half:
                _step(session.room, kind, n)
                session.save()
                _assert_printed_from_scratch(session.draft, folder, (kind, n))
