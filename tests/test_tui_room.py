"""The drafting room driven from the keyboard: every change saved, every refusal shown."""

from __future__ import annotations

from textual.widgets import Input, Label, TextArea

from app.core.draft import Status
from app.core.labels import find
from app.store.store import load_draft
from app.tui.app import DraftroomApp
from app.tui.screens import ChoiceScreen, StatusScreen
from app.tui.widgets.counters import Counters
from app.tui.widgets.draft_text import DraftText
from app.tui.widgets.outline import Outline
from tests.pilot import answer, glossary_loaded, go_to, notified, open_editor, panel_text


async def test_jump_to_a_label_as_typed(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "op33 b 29")
        assert app.labels[app.paragraph.id] == "OP33 B 29"
        await go_to(pilot, "7bis")
        assert app.labels[app.paragraph.id] == "OP7 bis"


async def test_an_unknown_label_is_refused_with_a_suggestion(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        before = app.paragraph.id
        await go_to(pilot, "OP34")
        assert app.paragraph.id == before
        assert notified(app, "did you mean")


async def test_next_and_previous_bracket_walk_the_open_places(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")
        assert (app.labels[app.paragraph.id], app.bracket.id) == ("OP2", "b4")
        await pilot.press("right_square_bracket")
        assert app.bracket.id == "b3"
        await pilot.press("right_square_bracket")
        assert app.labels[app.paragraph.id] == "OP7"
        await pilot.press("left_square_bracket")
        assert app.bracket.id == "b3"
        assert "▶ b3" in panel_text(app)


async def test_filter_to_contested_paragraphs(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f")
        assert app.query_one(Outline).paragraph_count == 14
        await pilot.press("f")
        assert app.query_one(Outline).paragraph_count == len(app.room.draft.paragraphs)


async def test_propose_in_the_editor_records_brackets_and_saves_them(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_editor(pilot, "OP3", "European Union")
        area = screen.query_one(TextArea)
        area.text = area.text.replace("Reaffirm our commitment", "Strongly reaffirm our commitment")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [bracket] = app.paragraph.brackets
        text = app.query_one(DraftText)
        assert (
            "[Reaffirm / Strongly reaffirm - European Union]"
            in text.content_at(text.highlighted).plain
        )
        saved = load_draft(demo)
        assert any(p.brackets and p.brackets[0].id == bracket.id for p in saved.paragraphs)


async def test_the_editor_opened_again_holds_the_new_paragraph_and_no_delegation(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        first = await open_editor(pilot, "OP3", "European Union")
        first.query_one(TextArea).text = "something else entirely"
        await pilot.press("escape")
        await pilot.pause()
        await go_to(pilot, "OP4")
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert editor.query_one(TextArea).text == app.paragraph.text
        assert editor.query_one(Input).value == ""
        assert editor.focused is editor.query_one(Input)
        assert "Propose for OP4" in str(editor.query_one(Label).render())
        editor.query_one(Input).value = "Mexico"
        area = editor.query_one(TextArea)
        area.text = area.text.replace("Reaffirm the Political", "Reaffirm firmly the Political")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [o.supporters for o in app.paragraph.brackets[0].options][-1] == ["Mexico"]


async def test_support_oppose_and_agree_on_the_current_bracket(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")  # OP2 b4
        await pilot.press("s")
        await answer(pilot, "Brazil 2")
        assert "Brazil" in app.bracket.options[1].supporters
        await pilot.press("o")
        await answer(pilot, "China")
        assert app.bracket.state == "opposed"
        await pilot.press("a")
        await answer(pilot, "Uruguay")
        assert "b4" not in {b.id for b in app.paragraph.brackets}
        assert "including human rights instruments" in find(load_draft(demo), "OP2").text


async def test_a_delegation_not_on_the_list_is_recorded_when_typed_with_a_plus(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")  # OP2 b4
        await pilot.press("s")
        await answer(pilot, "Sovereign Order of Malta 2")
        assert notified(app, "unknown delegation 'Sovereign Order of Malta'")
        assert notified(app, "type it with a + in front: +Sovereign Order of Malta")
        await pilot.press("s")
        await answer(pilot, "+Sovereign Order of Malta 2")
        assert "Sovereign Order of Malta" in app.bracket.options[1].supporters
        saved = load_draft(demo)
        assert "Sovereign Order of Malta" in saved.delegations
        assert "Sovereign Order of Malta" in find(saved, "OP2").brackets[0].options[1].supporters


async def test_agreeing_to_an_option_that_does_not_exist_is_shown_and_changes_nothing(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        before = (demo / "paragraphs.toml").read_bytes()
        await pilot.press("right_square_bracket")
        await pilot.press("a")
        await answer(pilot, "7")
        assert notified(app, "has no option 7")
        assert (demo / "paragraphs.toml").read_bytes() == before


async def test_mark_statuses_and_undo(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        await pilot.press("m")
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("down", "enter")  # agreed ad ref
        await pilot.pause()
        assert app.paragraph.shown_status == "agreed ad ref"
        await pilot.press("m", "down", "down", "down", "enter")  # pending
        await answer(pilot, "Iran")
        assert app.paragraph.shown_status == "pending Iran"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.paragraph.shown_status == "agreed ad ref"
        assert notified(app, "undone: OP3 pending Iran")
        assert (
            load_draft(demo).paragraphs[app.room.draft.paragraphs.index(app.paragraph)].status.value
            == "agreed ad ref"
        )


async def test_a_change_is_shown_first_and_one_made_just_before_quitting_is_still_saved(demo):
    """The repaint comes before the save (a key answers within a frame on a long draft);
    quitting saves what is shown but not yet saved."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        app.apply_change(lambda: app.room.mark("OP3", Status.AGREED_AD_REF), "OP3: agreed ad ref")
        assert app.paragraph.shown_status == "agreed ad ref"
        assert find(load_draft(demo), "OP3").status is not Status.AGREED_AD_REF
        await app.action_quit()
    assert find(load_draft(demo), "OP3").status is Status.AGREED_AD_REF
    assert notified(app, "OP3: agreed ad ref")


async def test_counters_and_sparkline_follow_the_session(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        counts = app.query_one(Counters).counts
        assert "[ ] 25" in counts
        await pilot.press("right_square_bracket", "a")
        await answer(pilot, "original")
        assert "[ ] 24" in app.query_one(Counters).counts
        assert app.drawing.trend == [25, 24]


async def test_new_bis_paragraph_and_proposed_deletion(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP20")
        await pilot.press("b")
        screen = app.screen
        screen.query_one(Input).value = "Japan"
        screen.query_one(TextArea).text = "Also take note of the World Drug Report 2014;"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "OP20 bis" in app.labels.values()
        await go_to(pilot, "OP21")
        await pilot.press("d")
        await answer(pilot, "G77")
        assert app.paragraph.brackets[0].options[-1].supporters == ["G77"]


async def test_the_panel_shows_the_agreed_language_a_proposal_would_miss(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await glossary_loaded(pilot)  # the glossary loads off the start-up path
        await go_to(pilot, "OP23")
        panel = panel_text(app)
        assert (
            "agreed language" in panel and "exact: E/2014/28, chap. I, sect. C, para. 23" in panel
        )
        # Iran's proposal turns the statement's formula into a near-miss of itself
        assert "near-miss: E/2014/28, chap. I, sect. C, para. 23" in panel
        assert "head: in full conformity with → in accordance with" in panel


async def test_the_room_reopens_where_it_was_left(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP33 B 29")
        await pilot.press("q")
    again = DraftroomApp(demo)
    async with again.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert again.labels[again.paragraph.id] == "OP33 B 29"


async def test_a_second_window_opens_read_only_and_changes_nothing(demo):
    first = DraftroomApp(demo)
    async with first.run_test(size=(160, 50)):
        second = DraftroomApp(demo)
        async with second.run_test(size=(160, 50)) as pilot:
            assert "read-only" in second.sub_title
            before = (demo / "paragraphs.toml").read_bytes()
            await pilot.press("m")
            await pilot.press("enter")  # "agreed": refused, the other window writes
            assert (demo / "paragraphs.toml").read_bytes() == before
            assert notified(second, "pid")
    again = DraftroomApp(demo)  # both closed: the lock is free
    assert not again.read_only
    again.session.close()


async def test_a_file_changed_underneath_is_asked_about_never_overwritten(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        edited = (demo / "draft.toml").read_text().replace("ILLUSTRATIVE", "EDITED ELSEWHERE")
        (demo / "draft.toml").write_text(edited)  # another editor, or a git pull
        await pilot.press("m")
        await pilot.press("enter")  # agreed
        assert isinstance(app.screen, ChoiceScreen)
        assert (demo / "draft.toml").read_text() == edited
        await pilot.press("enter")  # reload from disk: the change made underneath wins
        await pilot.pause()
        assert "EDITED ELSEWHERE" in app.room.draft.document.title
        assert find(load_draft(demo), "OP3").status.value == "open"
        await pilot.press("m")
        await pilot.press("enter")  # now it saves
        assert find(load_draft(demo), "OP3").status.value == "agreed"


async def test_the_history_is_read_after_the_first_frame_and_a_broken_one_leaves_it_read_only(
    demo,
):
    app = DraftroomApp(demo)
    assert app.room.draft.history.unread  # the first frame does not wait for it
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP23")
        assert not app.room.draft.history.unread
        assert "Iran" in panel_text(app).split("history")[-1]  # OP23's events, in the panel
    history = demo / "history.toml"
    history.write_text(history.read_text(encoding="utf-8").replace("seq = 3\n", "seq = x\n"))
    before = {p.name: p.read_bytes() for p in demo.glob("*.toml")}
    broken = DraftroomApp(demo)
    async with broken.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert "read-only" in broken.sub_title
        assert notified(broken, "history.toml")
        await pilot.press("m", "enter")  # "agreed": refused, nothing written
        await pilot.pause()
        assert notified(broken, "Read-only: its history cannot be read")
    assert {p.name: p.read_bytes() for p in demo.glob("*.toml")} == before


async def test_quitting_with_a_change_the_disk_refuses_keeps_the_room_open_and_asks(demo):
    """A change not yet saved when `q` comes, and the file changed underneath: the room
    stays open with the question (reload, or keep this version), never quits losing it."""
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP3")
        (demo / "draft.toml").write_text((demo / "draft.toml").read_text() + "\n")
        app.apply_change(lambda: app.room.mark("OP3", Status.AGREED_AD_REF), "OP3: agreed ad ref")
        await app.action_quit()  # before the save that follows the repaint
        await pilot.pause()
        assert not app._exit and isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # keep this version: saved over the disk's
        await pilot.pause()
        assert find(load_draft(demo), "OP3").status is Status.AGREED_AD_REF


async def test_a_click_on_a_paragraph_in_the_text_makes_it_current(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await go_to(pilot, "OP1")
        before = app.paragraph.id
        await pilot.click("#text", offset=(20, 30))  # lower down the text
        await pilot.pause()
        label = app.labels[app.paragraph.id]
        assert app.paragraph.id != before
        assert panel_text(app).startswith(label)
        assert app.query_one(Outline).highlighted == app.query_one(DraftText).highlighted
