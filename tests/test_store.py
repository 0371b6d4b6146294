"""The draft store: equal on reload, byte-stable, git-friendly, and loud when broken."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import history
from app.core.delegations import Registry
from app.core.draft import Draft
from app.core.errors import DraftroomError
from app.core.room import Room
from app.importers.untext import import_un_text
from app.store.store import (
    FOOTNOTES_FILE,
    HISTORY_FILE,
    PARAGRAPHS_FILE,
    _event_table,
    load_draft,
    paragraph_table,
    save_draft,
)
from tests import room_steps

from .conftest import BUNDLED, SOURCE


def test_a_saved_draft_loads_equal(statement, tmp_path):
    save_draft(statement, tmp_path / "d")
    assert load_draft(tmp_path / "d") == statement


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_bundled_draft_is_exactly_what_the_importer_writes(cli, tmp_path):
    assert cli("import", SOURCE, "-o", tmp_path / "cnd-2014-jms").code == 0
    written = _files(tmp_path / "cnd-2014-jms")
    assert sorted(written) == sorted(_files(BUNDLED))
    for name, data in written.items():
        assert data == (BUNDLED / name).read_bytes(), name


def test_changing_one_paragraph_changes_one_line_of_one_file(draft_dir: Path):
    before = {n: d.decode().splitlines() for n, d in _files(draft_dir).items()}
    draft = load_draft(draft_dir)
    draft.paragraphs[20].text += " (amended)"
    save_draft(draft, draft_dir)
    after = {n: d.decode().splitlines() for n, d in _files(draft_dir).items()}
    changed = {
        name: [(a, b) for a, b in zip(before[name], after[name], strict=True) if a != b]
        for name in before
    }
    assert {name: len(lines) for name, lines in changed.items()} == {
        "draft.toml": 0,
        PARAGRAPHS_FILE: 1,
        FOOTNOTES_FILE: 0,
        "history.toml": 0,
        "revisions/rev.0.toml": 0,
    }


def test_saving_leaves_no_temporary_files(statement, tmp_path):
    save_draft(statement, tmp_path / "d")
    statement.paragraphs[0].text = "changed"
    save_draft(statement, tmp_path / "d")
    assert sorted(_files(tmp_path / "d")) == [
        "draft.toml",
        FOOTNOTES_FILE,
        "history.toml",
        PARAGRAPHS_FILE,
    ]


def test_each_paragraph_is_one_table_with_its_id_first(statement, tmp_path):
    save_draft(statement, tmp_path / "d")
    text = (tmp_path / "d" / PARAGRAPHS_FILE).read_text(encoding="utf-8")
    tables = text.split("[[paragraph]]\n")[1:]
    assert len(tables) == len(statement.paragraphs)
    assert all(table.startswith('id = "p') for table in tables)


def test_nested_bracket_ids_survive_saving_and_loading(statement, tmp_path):
    from app.core.notation import read

    counter = iter(["b1", "b2", "b3"])
    statement.paragraphs[20].content = read(
        "x [a [b][c] d][e] y", new_id=lambda: next(counter)
    ).content
    statement.next_bracket = 4  # (ids handed out above, not by the draft's counter)
    save_draft(statement, tmp_path / "d")
    loaded = load_draft(tmp_path / "d")
    assert [b.id for b in loaded.paragraphs[20].brackets] == ["b1", "b2"]
    assert loaded == statement


def test_files_written_atomically_get_the_usual_permissions(statement, tmp_path):
    import os

    save_draft(statement, tmp_path / "d")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "d" / PARAGRAPHS_FILE).stat().st_mode & 0o777 == 0o666 & ~umask


# -- speed without a change of meaning: lazy history, sections kept between saves ---------
WHO = ["EU", "G77", "US", "Mexico", "Iran", "Japan"]
KINDS = ["propose", "support", "agree", "insert", "mark", "revise", "undo", "redo"]
STEPS = [
    ("propose", 3, 5), ("propose", 7, 2), ("support", 0, 1), ("insert", 4, 9), ("revise", 0, 0),
    ("agree", 1, 0), ("mark", 10, 3), ("undo", 0, 0), ("undo", 0, 0), ("redo", 0, 0),
    ("propose", 3, 8), ("agree", 0, 1),
]  # fmt: skip


def _room(statement: Draft) -> Room:
    """The statement with rev.0, in a room whose clock ticks a minute per event."""
    statement.revisions = [history.freeze(statement, "rev.0", "2026-01-01T00:00:00Z")]
    ticks = iter(range(10**6))
    return Room(statement, clock=lambda: datetime(2026, 3, 10, tzinfo=UTC) + timedelta(minutes=next(ticks)))  # fmt: skip


def _step(room: Room, kind: str, i: int, j: int) -> None:
    """One operation of the room, its paragraph, bracket and delegation picked by i and j."""
    room_steps.step(room, kind, i, j, WHO)


def _serialised_in_full(draft: Draft) -> dict[str, bytes]:
    """paragraphs.toml and history.toml as one tomli_w call over all their tables writes."""
    registry = Registry(draft.delegations)
    return {
        PARAGRAPHS_FILE: tomli_w.dumps(
            {"paragraph": [paragraph_table(p, registry) for p in draft.paragraphs]}
        ).encode(),
        HISTORY_FILE: tomli_w.dumps(
            {"event": [_event_table(e, registry) for e in draft.history]}
        ).encode(),
    }


def test_history_loads_without_reading_its_paragraphs_and_undoes_exactly(statement, tmp_path):
    room = _room(statement)
    for step in STEPS:
        _step(room, *step)
    save_draft(room.draft, tmp_path / "d")
    loaded = load_draft(tmp_path / "d")
    stored = [s for e in loaded.history for c in e.changes for s in c.stored() if s is not None]
    assert stored and all(s._read is not None for s in stored)  # none read yet
    assert loaded == room.draft  # equal without reading them: stored the same way
    while any(not e.undone for e in room.draft.history):
        assert history.undo(loaded) == history.undo(room.draft)
        assert loaded.paragraphs == room.draft.paragraphs
    while any(e.undone for e in room.draft.history):
        assert history.redo(loaded) == history.redo(room.draft)
        assert loaded.paragraphs == room.draft.paragraphs


def _saved_with_two_events(statement: Draft, folder: Path) -> str:
    room = _room(statement)
    for step in STEPS[:2]:
        _step(room, *step)
    save_draft(room.draft, folder)
    return (folder / HISTORY_FILE).read_text(encoding="utf-8")


def _replace_line(folder: Path, old: str, new: str) -> int:
    """Replace the last line of history.toml reading `old`; its number is returned."""
    path = folder / HISTORY_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    number = len(lines) - 1 - lines[::-1].index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_a_malformed_history_paragraph_is_named_by_file_and_line_when_it_is_read(
    statement, tmp_path
):
    folder = tmp_path / "d"
    text = _saved_with_two_events(statement, folder)
    before = [line for line in text.split("\n") if line.startswith("text = ")][-2]
    line = _replace_line(folder, before, 'text = "an [unclosed bracket"')  # the last event's
    draft = load_draft(folder)  # its shape is right: it is read when undo needs it
    with pytest.raises(DraftroomError) as caught:
        history.undo(draft)
    error = caught.value
    assert (error.path, error.line) == (str(folder / HISTORY_FILE), line)
    assert "never closed" in error.message
    assert "[unclosed" in (error.excerpt or "")


def _history_of_the_wrong_shape(statement: Draft, folder: Path) -> int:
    """A saved draft whose first history paragraph has a number for its text: its line."""
    text = _saved_with_two_events(statement, folder)
    first = next(line for line in text.split("\n") if line.startswith("text = "))
    return _replace_line(folder, first, "text = 3")


def test_a_history_paragraph_of_the_wrong_shape_is_refused_at_load_with_its_line(
    statement, tmp_path
):
    folder = tmp_path / "d"
    line = _history_of_the_wrong_shape(statement, folder)
    with pytest.raises(DraftroomError) as caught:
        load_draft(folder)
    assert caught.value.path == str(folder / HISTORY_FILE)
    assert caught.value.line is not None and caught.value.line <= line


def _check_saves(statement: Draft, folder: Path, steps: list[tuple[str, int, int]]) -> None:
    room = _room(statement)
    save_draft(room.draft, folder)
    for step in steps:
        _step(room, *step)
        save_draft(room.draft, folder)
        for name, data in _serialised_in_full(room.draft).items():
            assert (folder / name).read_bytes() == data, (step, name)
    loaded = load_draft(folder)
    assert loaded == room.draft
    for step in steps[:4]:  # a loaded draft's saves too (its history as it was stored)
        _step(loaded_room := Room(loaded), *step)
        save_draft(loaded_room.draft, folder)
        for name, data in _serialised_in_full(loaded).items():
            assert (folder / name).read_bytes() == data, ("loaded", step, name)


def test_each_save_writes_what_serialising_everything_again_writes(statement, tmp_path):
    """Sections kept from save to save (paragraphs by content, events by identity) give
    the bytes of a full serialisation, after every kind of operation, undo and redo."""
    _check_saves(statement, tmp_path / "d", STEPS * 2)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 60), st.integers(0, 60)), max_size=12))  # fmt: skip
def test_any_operations_save_what_serialising_everything_again_writes(source_text, steps):
    with tempfile.TemporaryDirectory() as temp:
        _check_saves(import_un_text(source_text, name="cnd-2014-jms"), Path(temp) / "d", steps)


def test_a_paragraph_changed_in_place_outside_the_room_is_saved(statement, tmp_path):
    save_draft(statement, tmp_path / "d")
    statement.paragraphs[5].content[0] += " (amended)"  # in place: no event, nothing marked
    statement.paragraphs[6].emphasis.append("Recalling")
    save_draft(statement, tmp_path / "d")
    assert load_draft(tmp_path / "d") == statement


def test_sections_read_are_written_back_and_a_file_in_another_layout_is_serialised(
    statement, tmp_path
):
    """A save after opening writes back the sections it read (the store's own layout) and
    serialises a file laid out otherwise (edited by hand): either way it loads back equal."""
    folder = tmp_path / "d"
    room = _room(statement)
    for step in STEPS[:6]:
        _step(room, *step)
    save_draft(room.draft, folder)
    written = {name: (folder / name).read_bytes() for name in (PARAGRAPHS_FILE, HISTORY_FILE)}
    loaded = load_draft(folder)
    save_draft(loaded, folder, overwrite=True)
    assert {n: (folder / n).read_bytes() for n in written} == written
    edited = b"# edited by hand\n" + written[HISTORY_FILE].replace(b"\n\n", b"\n\n\n", 3)
    (folder / HISTORY_FILE).write_bytes(edited)
    reloaded = load_draft(folder)
    _step(again := Room(reloaded), *STEPS[0])
    save_draft(again.draft, folder)
    assert (folder / HISTORY_FILE).read_bytes() == _serialised_in_full(again.draft)[HISTORY_FILE]
    assert load_draft(folder) == again.draft


def test_a_tiny_draft_written_inline_reopens_saves_and_loads_again(tmp_path):
    """tomli_w writes a short array inline: that file is not taken for one section."""
    from app.importers.untext import import_un_text

    folder = tmp_path / "tiny"
    draft = import_un_text("\n\n1. Note;\n", name="tiny")
    save_draft(draft, folder)
    assert (folder / PARAGRAPHS_FILE).read_text().startswith("paragraph = [")
    reopened = load_draft(folder)
    reopened.paragraphs[-1].content = ["Take note;"]
    save_draft(reopened, folder)
    assert load_draft(folder).paragraphs[-1].text == "Take note;"


def test_revisions_are_read_when_first_needed_and_written_back_as_read(draft_dir, tmp_path):
    draft = load_draft(draft_dir)
    [rev0] = draft.revisions
    assert rev0.unread
    copy = tmp_path / "copy"
    save_draft(draft, copy)
    assert (copy / "revisions" / "rev.0.toml").read_bytes() == (
        draft_dir / "revisions" / "rev.0.toml"
    ).read_bytes()
    assert rev0.unread
    assert load_draft(copy) == draft
    assert [p.id for p in rev0.paragraphs] == [p.id for p in draft.paragraphs]


def test_a_history_left_for_later_is_read_when_first_used_and_nothing_of_it_is_lost(
    statement, tmp_path
):
    """The room opens a draft with `history_later` (its first frame does not wait for the
    events); a change, a save or an undo reads them first, from the bytes the load read."""
    folder = tmp_path / "d"
    room = _room(statement)
    for step in STEPS:
        _step(room, *step)
    save_draft(room.draft, folder)
    eager = load_draft(folder)
    later = load_draft(folder, history_later=True)
    assert isinstance(later.history, history.History) and later.history.unread
    (folder / HISTORY_FILE).write_text("not even TOML", encoding="utf-8")  # read at load
    assert later == eager and not later.history.unread
    (folder / HISTORY_FILE).write_bytes(_serialised_in_full(eager)[HISTORY_FILE])
    later = load_draft(folder, history_later=True)
    new = Room(later)
    new.propose("OP1", "EU", new.paragraph("OP1").text + " together")  # reads the events first
    save_draft(later, folder)
    again = load_draft(folder)
    kept = [e.summary for e in eager.history if not e.undone]  # (a change forgets undone ones)
    assert [e.summary for e in again.history] == [*kept, 'EU proposes "together" (b5) in OP1']
    assert again == later


def test_a_malformed_history_left_for_later_is_reported_with_its_line_at_every_use(
    statement, tmp_path
):
    folder = tmp_path / "d"
    line = _history_of_the_wrong_shape(statement, folder)
    draft = load_draft(folder, history_later=True)  # the rest is read, and is fine
    for _ in range(2):  # not read the first time, not read the second: a save never forgets it
        with pytest.raises(DraftroomError) as caught:
            save_draft(draft, folder)
        assert caught.value.path == str(folder / HISTORY_FILE)
        assert caught.value.line is not None and caught.value.line <= line
    assert (folder / HISTORY_FILE).read_text(encoding="utf-8").count("text = 3") == 1
