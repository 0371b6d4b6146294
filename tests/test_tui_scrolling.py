"""Moving far in the room (a page, the next bracket, the next hit) repaints what changed,
once: the current paragraph is drawn once however many lines it has, the outline does not
scroll again at every step after a jump, and a search reads each paragraph's words once
(until it changes), not at every press."""

from __future__ import annotations

from typing import Any

import pytest
from textual.events import MouseScrollDown
from textual.filter import ANSIToTruecolor
from textual.visual import Visual
from textual.widgets import TextArea

from app.core import search as search_module
from app.core.search import KeptWords, search
from app.store.store import load_draft
from app.tui.app import DraftroomApp
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline
from tests.pilot import answer, go_to, open_editor


def count_drawn(monkeypatch: pytest.MonkeyPatch, widget: Any) -> list[str]:
    """The contents `widget` turns into lines from now on (the words of each)."""
    drawn: list[str] = []
    original = Visual.to_strips.__func__  # type: ignore[attr-defined]

    def spy(cls, on, visual, *args, **kwargs):
        if on is widget:
            drawn.append(visual.plain)
        return original(cls, on, visual, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", classmethod(spy))
    return drawn


async def test_a_paragraph_come_back_to_is_drawn_once_not_once_per_line(demo, monkeypatch):
    """The current paragraph is marked anew each time the room comes back to it; its
    lines were drawn from the whole paragraph once per line (14 times for OP2)."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await go_to(pilot, "OP2")
        await pilot.press("down")
        await pilot.pause()
        text = app.query_one(DraftText)
        drawn = count_drawn(monkeypatch, text)
        await pilot.press("up")
        await pilot.pause()
        assert app.labels[app.paragraph.id] == "OP2"
        assert len(text.content_at(text.highlighted).plain) > 5 * text.size.width  # lines
        assert sum(1 for words in drawn if words.startswith("OP2 ")) == 1


async def test_after_a_jump_the_outline_shows_the_paragraph_in_its_middle_and_stays(demo):
    """Scrolled just into view, the current label sat on the outline's last line, and the
    next step down scrolled it (and repainted every label) again, step after step."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        assert outline.paragraph_count > 2 * outline.size.height  # (it must scroll)
        await go_to(pilot, "OP20")
        row = outline.highlighted - outline.scroll_offset.y
        assert abs(row - outline.size.height // 2) <= 1
        scrolled = outline.scroll_offset.y
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
        assert outline.highlighted - 3 - scrolled == row
        assert outline.scroll_offset.y == scrolled


async def test_a_label_longer_than_the_outline_ends_in_an_ellipsis_at_its_width(demo):
    """The outline draws its labels without wrapping them (each is one line)."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        width = outline.scrollable_content_region.width
        lines = [outline.render_line(y) for y in range(outline.size.height)]
        assert {line.cell_length for line in lines} == {width}
        texts = [line.text.rstrip() for line in lines]
        assert texts[0].startswith("Note by") and texts[0].endswith("…")
        assert len(texts[0]) == width
        assert "OP1" in {text.strip() for text in texts}


async def test_search_finds_words_a_proposal_just_brought_in(demo):
    """The words of each paragraph are kept between searches: a paragraph changed is
    searched as it now reads."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash")
        await answer(pilot, "strongly reaffirm")
        assert app.labels[app.paragraph.id] != "OP3"  # (nowhere yet)
        editor = await open_editor(pilot, "OP3", "European Union")
        area = editor.query_one(TextArea)
        area.text = area.text.replace("Reaffirm our commitment", "Strongly reaffirm our commitment")
        await pilot.press("ctrl+s")
        await go_to(pilot, "OP1")
        await pilot.press("n")
        await pilot.pause()
        assert app.labels[app.paragraph.id] == "OP3"


def test_a_search_round_the_draft_gathers_each_paragraphs_words_once(demo, monkeypatch):
    """`n` to a word found in one place goes round the whole draft (14 ms on 2,000
    paragraphs when each paragraph's words were gathered anew at each press)."""
    draft = load_draft(demo)
    gathered: list[object] = []
    contents = {id(paragraph.content) for paragraph in draft.paragraphs}
    original = search_module.searchable

    def spy(content):
        if id(content) in contents:  # (not an option's, read for its paragraph)
            gathered.append(content)
        return original(content)

    monkeypatch.setattr(search_module, "searchable", spy)
    kept = KeptWords()
    assert search(draft, "cannabis legalization", 0, kept=kept) is None
    assert len(gathered) == len(draft.paragraphs)
    assert search(draft, "cannabis legalization", 5, kept=kept) is None
    assert len(gathered) == len(draft.paragraphs)
    kept.forget([draft.paragraphs[3].id])  # (changed)
    assert search(draft, "cannabis legalization", 5, kept=kept) is None
    assert len(gathered) == len(draft.paragraphs) + 1


async def test_the_text_and_outline_are_drawn_in_true_colours_with_no_filter_to_apply(demo):
    """Their lines skip Textual's filter turning terminal colours into true colours (a
    tenth of a page's repaint): the current paragraph, its brackets, the words searched
    and the outline's marks must all come in the theme's true colours already."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash")
        await answer(pilot, "harm reduction")
        for widget in (app.query_one(DraftText), app.query_one(Outline)):
            assert not any(isinstance(f, ANSIToTruecolor) for f in widget.get_line_filters())
            filter = ANSIToTruecolor(app.ansi_theme)
            background = widget.background_colors[1]
            for y in range(widget.size.height):
                segments = list(widget.render_line(y))
                assert filter.apply(segments, background) == segments


async def test_after_the_outline_scrolls_a_question_still_draws_none_of_the_room(demo):
    """The outline scrolls without a scrollbar: one of no width, out of Textual's map of
    the screen, made the next question rebuild that map and draw the whole room again."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", "escape")  # (the first question after the first frame draws all)
        await pilot.press("end")  # (a move by a key, not by a question)
        await pilot.pause()
        outline = app.query_one(Outline)
        assert outline.scroll_offset.y > 0
        drawn: list[str] = []
        for widget in (app.query_one(DraftText), outline):
            original = widget.render_lines

            def spy(crop, _widget=widget, _original=original):
                drawn.append(type(_widget).__name__)
                return _original(crop)

            widget.render_lines = spy  # type: ignore[method-assign]
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert drawn == []


async def test_the_wheel_scrolls_the_outline(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        outline = app.query_one(Outline)
        await pilot.pause()
        assert outline.scroll_offset.y == 0
        for _ in range(3):  # (as the terminal sends a turn of the wheel over it)
            outline.post_message(MouseScrollDown(outline, 2, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert outline.scroll_offset.y > 0


async def test_while_the_room_waits_the_next_hit_is_drawn_so_n_draws_only_the_hit(
    demo, monkeypatch
):
    """The next hit of a search is mostly a page nobody has seen: wrapping and drawing its
    ten paragraphs inside `n` was most of the key. Drawn while the room waits, `n` draws
    only the hit itself, marked (its words reversed)."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await answer(pilot, "marginalized")  # in two paragraphs, 72 apart
        text = app.query_one(DraftText)
        first = text.highlighted
        await pilot.pause(0.5)  # the delegate reads the hit
        drawn = count_drawn(monkeypatch, text)
        await pilot.press("n")
        await pilot.pause()
        assert text.highlighted is not None and text.highlighted > first + text.size.height
        assert "marginalized" in app.paragraph.text.lower()
        assert drawn == [text.content_at(text.highlighted).plain]
