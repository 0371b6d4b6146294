"""The benchmarks keep working as the code under them changes (they are not run by `make
test`, so a changed signature would otherwise surface only at the next `make bench-*`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import store_speed


def test_the_store_benchmark_measures_every_row_on_the_demo(tmp_path):
    result = store_speed.measure(store_speed.DEMO, tmp_path, runs=1)
    assert set(store_speed.ROWS) <= set(result)
    assert all(result[row] > 0 for row in store_speed.ROWS)
    assert 0 < result["written KB"] < result["files KB"]
    assert "history later" in store_speed.table({"demo": result})


def test_the_word_benchmark_builds_a_long_file_and_returns_that_import_and_compile(tmp_path):
    import word_speed

    from app.importers.importing import import_file

    long = word_speed.long_docx(tmp_path)
    assert len(import_file(long, name="long").paragraphs) > 400
    assert len(word_speed.returns(tmp_path, 2)) == 2


def test_the_live_benchmark_has_every_page_and_the_follower_see_every_change(tmp_path):
    import live_load

    result = live_load.run(clients=2, changes=2, interval=0.05, scratch=tmp_path, rounds=1)
    assert result["pages complete"] == 2 and result["follower complete"]
    assert 0 < result["page delay"][0] < 1.0
    assert "save time growth under load" in live_load.table(result)


def test_the_merge_benchmark_records_branches_that_merge_without_a_clash():
    import merge_speed

    from app.core.merging import merge_drafts
    from app.store.store import load_draft

    base = load_draft(merge_speed.DRAFT)
    ours, theirs = merge_speed.branch(base, 0, events=30), merge_speed.branch(base, 1, events=30)
    merged = merge_drafts(base, ours, theirs).draft
    assert len(merged.history) == len(base.history) + 60


async def test_the_room_benchmark_times_every_key_and_each_change_is_saved(tmp_path):
    import shutil

    import tui_speed

    draft = tmp_path / "demo"
    shutil.copytree(tui_speed.DEMO, draft)
    times = await tui_speed.room_keys(draft, presses=1)  # (it checks each key did its job)
    assert set(times) == {row for row, _, _ in tui_speed.ROWS_TIMED} | {
        f"{row} saved" for row in tui_speed.CHANGES
    }
    assert all(len(each) == 1 and each[0] > 0 for each in times.values())


def test_the_scale_benchmark_times_the_check_alone_with_its_cpu_time(capsys):
    import scale

    assert scale.main(["--only", "check", "--quick"]) == 0
    table = capsys.readouterr().out
    assert "| check 1 MB against 1,000 entries |" in table
    assert "CPU time of all its processes" in table
