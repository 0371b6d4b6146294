"""The room's `v` (issue 17, item 3): from a finding of agreed language to the passage in
the adopted text it was agreed in, scrolled to the cited paragraph, the passage and the
words the draft changes marked; Esc back to the room where it was.

The folder is the one of tests/test_sources.py: real excerpts of GA resolutions 71/211
and 73/192 as printed, and the Joint Ministerial Statement as a Word file made by
python-docx (E/CN.7/2014/L.1 in its masthead); the draft is a text of their passages
slightly reworded, imported as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from app.cli import main
from app.tui.app import DraftroomApp
from app.tui.help import help_content
from app.tui.keys import KEYS
from app.tui.source_view import CHANGED_STYLE, PASSAGE_STYLE, SourceDocument, SourceScreen
from tests.pilot import glossary_loaded, go_to, notified

from .test_sources import REWORDED, adopted_folder


@pytest.fixture
def reworded_draft(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft of the reworded passages (PP1-PP3) that remembers the folder of adopted
    texts they come from."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = adopted_folder(tmp_path, cli)
    text = tmp_path / "reworded.txt"
    text.write_text("\n\n".join(REWORDED), encoding="utf-8")
    assert cli("import", text, "-o", tmp_path / "reworded").code == 0
    assert cli("sources", tmp_path / "reworded", "add", folder).code == 0
    return tmp_path / "reworded"


async def open_source(pilot: Pilot, label: str) -> SourceScreen:
    """Go to `label`, press `v`, and wait for the document to be read."""
    await glossary_loaded(pilot)
    await go_to(pilot, label)
    await pilot.press("v")
    screen = pilot.app.screen
    assert isinstance(screen, SourceScreen)
    await read(pilot, screen)
    return screen


async def read(pilot: Pilot, screen: SourceScreen) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if screen.sight.citation is None or screen.sight.citation.file in screen.texts:
            await pilot.pause()
            return
    raise AssertionError("the source was not read within 5 s")


def cited(screen: SourceScreen) -> tuple[str, dict[str, list[str]]]:
    """The paragraph the viewer is at, as shown, and its words by style."""
    document = screen.query_one(SourceDocument)
    assert document.highlighted is not None
    content = document.content_at(document.highlighted)
    styled: dict[str, list[str]] = {}
    for span in content.spans:
        styled.setdefault(str(span.style), []).append(content.plain[span.start : span.end])
    return content.plain, styled


@pytest.mark.parametrize(
    ("label", "agreed"), zip(["PP1", "PP2", "PP3"], REWORDED.values(), strict=True)
)
async def test_v_opens_a_near_miss_at_its_paragraph_in_the_document_it_was_agreed_in(
    reworded_draft: Path, label: str, agreed: tuple[str, str, str]
) -> None:
    symbol, paragraph, word = agreed
    app = DraftroomApp(reworded_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_source(pilot, label)
        assert (screen.title, screen.sub_title) == (symbol, paragraph)
        shown, styled = cited(screen)
        assert shown.startswith(f"{paragraph}  ")
        [passage] = styled[PASSAGE_STYLE]
        assert passage in shown and len(passage.split()) > 10
        assert styled[CHANGED_STYLE] == [word]  # the agreed word the draft changed
        document = screen.query_one(SourceDocument)
        assert document.in_view(document.highlighted or 0)
        finding = str(screen.query_one("#finding").render())
        assert f"agreed: {symbol}, {paragraph}" in finding
        assert f"{word}→" in finding  # the difference, word by word


async def test_a_long_document_is_scrolled_to_the_cited_paragraph_and_esc_returns_to_the_room(
    reworded_draft: Path,
) -> None:
    app = DraftroomApp(reworded_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_source(pilot, "PP3")
        document = screen.query_one(SourceDocument)
        assert screen.title == "E/CN.7/2014/L.1"
        assert document.scroll_y > 20  # OP8 is pages into the statement
        assert document.content_at(document.highlighted or 0).plain.startswith("OP8  Reaffirm")
        count = len(screen.sights)
        assert f"1 of {count}" in str(screen.query_one("#finding").render())
        await pilot.press("n")
        await read(pilot, screen)
        assert f"2 of {count}" in str(screen.query_one("#finding").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert app.labels[app.paragraph.id] == "PP3"


async def test_a_glossary_finding_shows_the_glossary_s_source_and_how_to_add_adopted_texts(
    draft_dir: Path,
) -> None:
    app = DraftroomApp(draft_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_source(pilot, "OP29")
        assert screen.title == "Glossary"
        assert screen.sub_title == "E/2014/28, chap. I, sect. C, para. 29"
        document = screen.query_one(SourceDocument)
        note = document.content_at(1).plain
        assert f"draftroom sources {draft_dir} add FOLDER" in note


async def test_a_source_gone_since_it_was_indexed_is_named(reworded_draft: Path) -> None:
    app = DraftroomApp(reworded_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        await glossary_loaded(pilot)
        folder = reworded_draft.parent / "adopted"
        (folder / "A_RES_71_211-excerpt.txt").unlink()
        await go_to(pilot, "PP1")
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        await read(pilot, screen)
        assert notified(app, "A_RES_71_211-excerpt.txt: is gone")
        shown = screen.query_one(SourceDocument).content_at(0).plain
        assert "A_RES_71_211-excerpt.txt: is gone" in shown
        assert "open the room again" in shown  # the hint in the room's words


async def test_the_key_is_in_the_help_the_key_bar_and_the_palette_where_there_is_a_finding(
    reworded_draft: Path,
) -> None:
    assert "Open the passage a finding of agreed language cites" in help_content(KEYS, []).plain
    app = DraftroomApp(reworded_draft)
    async with app.run_test(size=(120, 40)) as pilot:
        await glossary_loaded(pilot)
        await go_to(pilot, "PP2")
        assert "Source" in {c.title for c in app.get_system_commands(app.screen)}
        assert " v Source" in str(app.query_one("KeyBar").render())


def test_the_kept_paragraphs_are_read_again_from_the_file_when_the_cache_lost_them(
    reworded_draft: Path, tmp_path: Path
) -> None:
    from app.session import read_source_text

    for kept in (tmp_path / "cache").rglob("*.text.json"):
        kept.unlink()
    text = read_source_text(tmp_path / "adopted" / "A_RES_73_192-excerpt.txt")
    assert text.symbol == "A/RES/73/192"
    assert [label for label, _ in text.paragraphs if label] == ["OP26", "OP27", "OP75", "OP105"]
    assert any(p.endswith("(A/73/585)") for _, p in text.paragraphs)  # the masthead too
    assert list((tmp_path / "cache").rglob("*.text.json"))  # kept again
    assert main(["check", str(reworded_draft)]) == 1  # the index itself untouched


def test_the_viewer_shows_the_statement_at_op8_with_the_passage_marked(
    snap_compare, reworded_draft: Path
) -> None:
    async def opened(pilot: Pilot) -> None:
        await open_source(pilot, "PP3")

    app = DraftroomApp(reworded_draft)
    assert snap_compare(app, terminal_size=(120, 40), run_before=opened)
