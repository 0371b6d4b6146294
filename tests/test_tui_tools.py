"""The room's tools: searching the text, agreed language in place and in the lookup, the
help screen, and a footer that shows the keys that matter where the facilitator is."""

from __future__ import annotations

import os
import zipfile

from textual.widgets import Input, OptionList, Static, TextArea

from app.cli import main
from app.store.store import load_draft
from app.tui.app import DraftroomApp
from app.tui.help import HelpScreen
from app.tui.keys import KEYS, key_name
from app.tui.lookup import LookupScreen
from app.tui.screens import ChoiceScreen, between_words
from app.tui.widgets.ask_bar import AskBar
from app.tui.widgets.draft_text import MARK_STYLES, DraftText
from app.tui.widgets.keybar import KeyBar
from app.tui.widgets.outline import Outline
from tests.pilot import answer, glossary_loaded, go_to, notified, open_editor


def current_prompt(app: DraftroomApp):
    text = app.query_one(DraftText)
    return text.content_at(text.highlighted)


def styled(prompt, style: str) -> list[str]:
    """The passages of a prompt drawn with `style`."""
    return [prompt.plain[span.start : span.end] for span in prompt.spans if span.style == style]


async def test_search_goes_to_the_words_marks_them_and_n_goes_on(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash")
        await answer(pilot, "harm  REDUCTION")
        assert app.labels[app.paragraph.id] == "OP25"  # inside Brazil's proposal
        assert "harm reduction" in styled(current_prompt(app), MARK_STYLES["search"])
        first = app.paragraph.id
        await pilot.press("n")
        second = app.paragraph.id
        assert second != first
        await pilot.press("N")
        assert app.paragraph.id == first
        # the mark leaves the paragraph left behind
        text = app.query_one(DraftText)
        index = next(
            i for i, n in enumerate(app.shown) if app.room.draft.paragraphs[n].id == second
        )
        assert not styled(text.content_at(index), MARK_STYLES["search"])


async def test_searching_words_that_are_nowhere_says_so_and_stays(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        before = app.paragraph.id
        await pilot.press("slash")
        await answer(pilot, "cannabis legalization")
        assert app.paragraph.id == before
        assert notified(app, "is not in the text")


async def test_agreed_language_is_marked_in_the_text_of_the_current_paragraph(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await glossary_loaded(pilot)
        await go_to(pilot, "OP23")
        exact = styled(current_prompt(app), MARK_STYLES["exact"])
        assert "the three international drug control conventions" in exact


async def test_a_near_miss_in_the_text_is_marked_in_red(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await glossary_loaded(pilot)
        screen = await open_editor(pilot, "OP1", "Mexico")
        area = screen.query_one(TextArea)
        area.text = area.text.replace(
            "territorial integrity of States", "territorial integrity of the States"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.bracket is not None
        # the room agrees Mexico's wording: the paragraph now reads with the near-miss
        await pilot.press("a")
        await answer(pilot, "Mexico")
        near = styled(current_prompt(app), MARK_STYLES["near-miss"])
        assert any("territorial integrity of the States" in passage for passage in near)


async def test_lookup_inserts_agreed_wording_into_the_proposal_at_the_cursor(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        editor = await open_editor(pilot, "OP3", "EU")
        area = editor.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(" and ")
        await pilot.press("ctrl+g")
        lookup = app.screen
        assert isinstance(lookup, LookupScreen)
        lookup.query_one(Input).value = "sovereignity territorial"  # a typo, forgiven
        await pilot.pause()
        assert lookup.query_one(OptionList).option_count > 0
        chosen = lookup.found[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor
        assert area.text.endswith(" and " + chosen.text)
        assert editor.focused is area  # the cursor stays in the wording
        assert "sovereignty" in chosen.text


async def test_lookup_from_the_room_copies_the_wording_and_shows_its_source(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("l")
        lookup = app.screen
        assert isinstance(lookup, LookupScreen)
        lookup.query_one(Input).value = "common and shared responsibility"
        await pilot.pause()
        chosen = lookup.found[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == chosen.text
        assert notified(app, chosen.source)


async def test_the_help_screen_lists_every_key_with_what_it_does(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for key in KEYS:
            assert key.binding.tooltip in shown
        assert "Look up agreed language and insert it at the cursor" in shown  # the editor's
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def footer_keys(app: DraftroomApp) -> set[str]:
    """The actions whose keys the key bar shows."""
    shown = str(app.query_one(KeyBar).render())
    return {
        k.binding.action
        for k in KEYS
        if k.binding.show and f" {key_name(k.binding)} {k.binding.description}" in shown
    }


async def test_the_footer_shows_bracket_keys_only_on_a_paragraph_with_brackets(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        keys = footer_keys(app)
        assert {"propose", "mark"} <= keys
        assert not {"support", "oppose", "agree"} & keys
        await pilot.press("right_square_bracket")
        assert {"support", "oppose", "agree", "propose"} <= footer_keys(app)
        await pilot.press("s")  # out of context keys do nothing: here it asks who supports
        assert app.query_one(AskBar).is_open
        await pilot.press("escape")
        assert not app.query_one(AskBar).is_open
        await go_to(pilot, "OP3")
        await pilot.press("s")  # no bracket here: nothing opens
        assert not app.query_one(AskBar).is_open
        assert "search_next" not in footer_keys(app)
        await pilot.press("slash")
        await answer(pilot, "cornerstone")
        assert "search_next" in footer_keys(app)


async def test_export_writes_the_chosen_draft_and_names_the_file(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("x")
        await pilot.press("enter")  # the first choice: tracked since rev.0, Word
        await pilot.pause()
        [written] = tmp_path.glob("*.docx")
        assert written.name == "demo-tracked-rev.1.docx"
        with zipfile.ZipFile(written) as docx:
            assert "<w:ins " in docx.read("word/document.xml").decode()
        assert notified(app, written.name)
        first = written.read_bytes()
        await pilot.press("x")
        await pilot.press("enter")  # again: it exists, and is replaced only when asked
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # keep it
        await pilot.pause()
        assert written.read_bytes() == first
        assert app.screen is app.screen_stack[0]


async def test_the_command_palette_offers_the_actions_that_apply_here(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {
            "Propose",
            "Status",
            "Agreed lang.",
            "Export",
            "Undo",
            "Next open bracket",
        } <= titles
        assert "Agree" not in titles  # no open bracket in OP3
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # the export choices


def test_agreed_language_inserted_mid_sentence_stays_separate_words():
    assert between_words("d", "with full respect", "R") == " with full respect "
    assert between_words(" ", "with full respect", ";") == "with full respect"
    assert between_words("", "Recognize", "") == "Recognize"
    assert between_words("(", "as appropriate", ")") == "as appropriate"


async def test_a_question_is_asked_below_the_text_and_the_arrows_do_not_move_what_it_is_about(
    demo,
):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")
        paragraph, bracket = app.paragraph, app.bracket
        await pilot.press("s")
        bar = app.query_one(AskBar)
        assert bar.is_open and app.screen is app.screen_stack[0]  # no dialog over the text
        line = str(app.query_one(KeyBar).render())  # the question takes the key bar's line
        assert "Which delegation supports" in line and "Go to" not in line
        typed = bar.query_one(Input)
        assert typed.has_focus and typed.content_size.height == 1  # what is typed shows
        await pilot.press("down", "down", "right_square_bracket", "ctrl+z")
        assert (app.paragraph, app.bracket) == (paragraph, bracket)
        assert len(app.room.draft.history) == len(load_draft(demo).history)  # nothing undone
        await pilot.press("escape")
        assert not bar.is_open and "Go to" in str(app.query_one(KeyBar).render())
        assert app.query_one(DraftText).has_focus
        await pilot.press("s")
        await pilot.click("#outline")  # answering elsewhere drops the question
        assert not bar.is_open


def test_the_panel_history_follows_new_events_undos_and_forgotten_ones(statement):
    """The index adds events recorded since; a change after undos forgets the undone
    events, and the index forgets them too."""
    from app.core.room import Room
    from app.tui.widgets.panel import HistoryIndex

    room, index = Room(statement), HistoryIndex()
    op1 = room.paragraph("OP1")

    def shown() -> list[str]:
        return [e.summary for e in index.latest(room.draft, op1.id)]

    def fresh() -> list[str]:
        return [e.summary for e in HistoryIndex().latest(room.draft, op1.id)]

    assert shown() == [] == fresh()
    room.propose("OP1", "EU", op1.text + " together")
    room.mark("OP1", "pending", ["Iran"])
    assert shown() == fresh() and len(shown()) == 2
    room.undo()
    assert shown() == fresh() and len(shown()) == 1
    room.mark("OP1", "reserved", ["Cuba"])  # forgets the undone event
    assert shown() == fresh() and shown()[-1].endswith("reserved Cuba")
    room.draft.history = list(room.draft.history[:1])  # another history altogether
    assert shown() == fresh() and len(shown()) == 1


async def test_the_key_bar_follows_a_resize_made_while_a_question_is_open(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket", "s")  # a question is open
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert app.screen.has_class("narrow")
        await pilot.press("escape")
        await pilot.pause()
        assert {"jump", "support", "toggle_panel"} <= footer_keys(app)


async def test_the_palette_over_the_proposal_editor_offers_no_room_actions(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        editor = await open_editor(pilot, "OP3", "EU")
        titles = {c.title for c in app.get_system_commands(editor)}
        assert "Go to" not in titles and "Quit" in titles
        assert "Go to" in {c.title for c in app.get_system_commands(app.default_screen)}


async def test_a_question_opening_and_closing_repaints_neither_the_text_nor_the_screen(demo):
    """The text looks the same focused or not, so moving the focus to the question line
    and back must not repaint its 47 lines, nor the whole screen (most of a key press)."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        repaints: list[str] = []
        for name, widget in (("text", app.query_one(DraftText)), ("screen", app.screen)):
            original = widget.refresh

            def spy(*regions, _name=name, _original=original, **kwargs):
                if not regions and kwargs.get("repaint", True):
                    repaints.append(_name)
                return _original(*regions, **kwargs)

            widget.refresh = spy
        await pilot.press("g")
        assert app.ask_bar.is_open
        await pilot.press("escape")
        assert not app.ask_bar.is_open and app.query_one(DraftText).has_focus
        assert repaints == []


async def test_a_question_opening_typing_and_closing_draws_only_its_own_line(demo):
    """Any change of the screen's layout hands the text, the outline and the panel their
    size again and draws every line of them (most of a key press on a long draft): the
    question line shows, takes what is typed and closes without one."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("g", "escape")  # (the first question after the first frame draws all)
        await pilot.pause()
        drawn: list[str] = []
        for widget in (
            app.query_one(DraftText),
            app.query_one("#outline"),
            app.query_one("#panel"),
        ):
            original = widget.render_lines

            def spy(crop, _widget=widget, _original=original):
                drawn.append(str(_widget.id))
                return _original(crop)

            widget.render_lines = spy  # type: ignore[method-assign]
        await pilot.press("g")
        await pilot.pause()
        assert "Go to paragraph" in str(app.query_one(KeyBar).render())
        await pilot.press("O", "P", "3")
        await pilot.pause()
        assert app.ask_bar.query_one(Input).value == "OP3"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.ask_bar.is_open and drawn == []


async def test_export_refuses_what_is_not_a_file_as_a_notification(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fifo = tmp_path / "demo-tracked-rev.1.docx"  # the first choice's name
    os.mkfifo(fifo)
    dangling = tmp_path / "demo-tracked-rev.1.html"
    dangling.symlink_to(tmp_path / "gone" / "x.html")
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("x")
        await pilot.press("enter")  # tracked since rev.0, Word: a FIFO has that name
        await pilot.pause()
        assert app.screen is app.screen_stack[0]  # no "replace it?" for a FIFO
        assert notified(app, "is a named pipe (FIFO): only a file is written")
        assert not notified(app, "-o ")  # the CLI's hints are not the room's
        await pilot.press("x")
        await pilot.press("down", "enter")  # tracked since rev.0, web page: a dangling link
        await pilot.pause()
        assert notified(app, "which does not exist")
    assert fifo.is_fifo()
    assert dangling.is_symlink() and not dangling.exists()
    assert {p.name for p in tmp_path.iterdir()} == {demo.name, fifo.name, dangling.name}


async def test_the_outline_keeps_spaces_beside_literal_brackets(tmp_path):
    source = tmp_path / "h.txt"
    source.write_text(
        "Title\n\nLiteral \\[ open and \\] close and a stray \\] bracket\n\n1. Text.\n"
    )
    assert main(["import", str(source), "-o", str(tmp_path / "h")]) == 0
    app = DraftroomApp(tmp_path / "h")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        shown = [str(outline.content_at(i)) for i in range(outline.paragraph_count)]
        assert "Literal [ open and ] close and a stray ] bracket" in shown
