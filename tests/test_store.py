"""The draft store: equal on reload, byte-stable, git-friendly, and loud when broken."""

from __future__ import annotations

from pathlib import Path

from app.formats.store import FOOTNOTES_FILE, PARAGRAPHS_FILE, load_draft, save_draft

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
    from app.formats.notation import read

    counter = iter(["b1", "b2", "b3"])
    statement.paragraphs[20].content = read(
        "x [a [b][c] d][e] y", new_id=lambda: next(counter)
    ).content
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
