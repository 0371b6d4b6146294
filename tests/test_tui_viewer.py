"""The drafting room opens on a draft, shows labelled paragraphs, scrolls, and quits."""

from __future__ import annotations

from app.core.draft import Document, Draft, Kind, Paragraph
from app.core.labels import find
from app.core.notation import read
from app.store.store import load_draft, save_draft
from app.tui.app import DraftroomApp
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline
from app.tui.widgets.panel import ParagraphPanel
from tests.pilot import go_to

from .conftest import BUNDLED


async def test_the_room_opens_on_the_statement_at_its_first_negotiable_paragraph():
    app = DraftroomApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = app.query_one(DraftText)
        current = app.room.draft.paragraphs[text.highlighted]
        assert app.labels[current.id] == "H1"
        assert current.text.startswith("Joint Ministerial Statement")
        assert app.query_one(Outline).paragraph_count == len(app.room.draft.paragraphs)


async def test_arrow_keys_move_through_paragraphs_and_the_outline_follows():
    app = DraftroomApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down", "down")
        text = app.query_one(DraftText)
        assert app.labels[app.room.draft.paragraphs[text.highlighted].id] == "OP2"
        assert app.query_one(Outline).highlighted == text.highlighted
        await pilot.press("pagedown")
        assert text.highlighted > 3
        assert text.scroll_offset.y > 0


async def test_moving_in_the_outline_brings_the_paragraph_into_the_text():
    app = DraftroomApp(BUNDLED)
    async with app.run_test(size=(120, 40)) as pilot:
        outline = app.query_one(Outline)
        outline.focus()
        await pilot.press("end")
        text = app.query_one(DraftText)
        assert text.highlighted == len(app.room.draft.paragraphs) - 1
        assert text.scroll_offset.y > 0


async def test_q_and_ctrl_q_quit():
    for key in ("q", "ctrl+q"):
        app = DraftroomApp(BUNDLED)
        async with app.run_test() as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running


async def test_brackets_in_the_text_show_as_typed_never_as_markup(tmp_path):
    wording = "Decides that Parties [shall][should][may] report [bold]annually[/bold];"
    draft = Draft(
        Document(name="brackets", title="Brackets"),
        [Paragraph(id="p001", kind=Kind.OPERATIVE, content=read(wording).content, number="1")],
    )
    save_draft(draft, tmp_path / "brackets")
    app = DraftroomApp(tmp_path / "brackets")
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(DraftText)
        rows = [
            "".join(segment.text for segment in view.render_line(y))
            for y in range(view.size.height)
        ]
        assert any(wording in row for row in rows), rows


async def test_control_characters_in_a_draft_never_reach_the_terminal(tmp_path):
    """A hand-edited draft file with an escape sequence shows the words, not the escape."""
    folder = tmp_path / "edited"
    draft = load_draft(BUNDLED)
    op1 = find(draft, "OP1")
    op1.content = ["Are fully aware\x1b[2J\x07 that\tthe world drug problem remains;"]
    save_draft(draft, folder)
    app = DraftroomApp(folder)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP1")
        text = app.query_one(DraftText)
        shown = text.content_at(text.highlighted).plain
        assert "Are fully aware\\[2J that the world drug problem remains;" in shown
        assert not any(ord(c) < 32 and c != "\n" for c in shown)
        panel = str(app.query_one(ParagraphPanel).content)
        assert "\x1b" not in panel
