"""Word files in the room (issue 16, item 5): the palette imports a Word, PDF or text file
and compiles delegations' returns with the command line's report; `draftroom open` on a
Word file offers to import it. Real .docx files: a zero draft as Word lays one out, and
returns of the circulated DOCX with tracked changes."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from app.core.labels import find
from app.exports.export import bracketed_txt
from app.store.store import load_draft
from app.tui.app import DraftroomApp
from app.tui.help import help_content
from app.tui.importing import (
    FormScreen,
    ImportOfferApp,
    OfferScreen,
    ReportScreen,
    import_lines,
)  # fmt: skip
from app.tui.keys import KEYS
from tests.pilot import notified

from .word_files import make_docx, make_return

IMPORT, COMPILE = "Import a Word, PDF or text file…", "Compile delegations' returns…"


async def fill(pilot: Pilot, **values: str) -> None:
    """Fill the open form's lines (set, not typed) and press Enter on the last."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen), form
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value
    form.query_one(f"#{form.fields[-1].id}", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def report(pilot: Pilot) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen), screen
    return str(screen.query_one("#report", Static).render())


async def test_the_palette_and_the_help_offer_import_and_compile(demo):
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {IMPORT, COMPILE} <= titles
        helped = help_content(KEYS, []).plain
        assert "Import a Word, PDF or text file into a new draft" in helped
        assert "Compile delegations' returns (Word files" in helped
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "compile delegations"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.heading == "Compile delegations' returns"


async def test_importing_a_word_file_reports_what_it_left_out_and_opens_the_new_draft(
    demo, tmp_path
):
    zero = make_docx(tmp_path / "zero.docx")
    app = DraftroomApp(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("i")
        await fill(pilot, file=str(zero), folder=str(demo))  # a draft is there
        assert isinstance(app.screen, FormScreen)  # still open, to be corrected
        assert notified(app, "already exists and is not empty")
        assert notified(app, "name another draft folder") and not notified(app, "--force")
        await fill(pilot, folder="")  # next to the file, named after it
        said = report(pilot)
        assert f"imported {zero} -> {tmp_path / 'zero'}:" in said
        assert "2 tracked changes left out, by " in said and "Maria Rossi (1)" in said
        assert "press C (Compile delegations' returns…)" in said
        assert "a table" in said  # what the importer could not read is named
        assert "draftroom compile" not in said  # the room's words, not the command line's
        assert find(load_draft(tmp_path / "zero"), "OP5").text.startswith("Reaffirm")
        await pilot.press("enter")  # open the new draft
        await pilot.pause()
    assert app.next_draft == tmp_path / "zero"


async def test_returns_compile_in_the_room_all_or_none_with_the_command_lines_report(
    draft_dir, circulated, tmp_path
):
    eu = make_return(circulated, tmp_path / "eu.docx", [
        ("EU", "abuse", "use"),
        ("EU", "+", "Encourage the exchange of best practices on polydrug use;"),
    ])  # fmt: skip
    mexico = make_return(circulated, tmp_path / "mexico.docx", [("Maria Rossi", "abuse", "misuse")])
    saved = (draft_dir / "paragraphs.toml").read_bytes()
    app = DraftroomApp(draft_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("C")
        await fill(pilot, returns=f"{eu} '{mexico}'")
        assert isinstance(app.screen, FormScreen)
        assert notified(app, "'Maria Rossi', who is not a delegation")
        assert notified(app, "name the delegation under “From”") and not notified(app, "--from")
        assert (draft_dir / "paragraphs.toml").read_bytes() == saved  # not even EU's
        assert not find(app.room.draft, "OP27").brackets

        await fill(pilot, returns=str(eu))
        assert report(pilot) == "eu.docx: EU: 2 proposals (OP27, OP27 bis)"
        await pilot.press("escape")
        assert app.labels[app.paragraph.id] == "OP27"  # where the returns changed the text
        assert find(app.room.draft, "OP27").brackets  # the room shows it…
        assert "OP27 bis" in app.labels.values()
        assert find(load_draft(draft_dir), "OP27").brackets  # …and it is saved

        await pilot.press("C")
        await fill(pilot, returns=str(mexico), **{"from": "Mexico"})
        assert report(pilot) == "mexico.docx: Mexico: 1 proposal (OP27)"
        await pilot.press("enter")
    text = bracketed_txt(load_draft(draft_dir))
    assert "polydrug [abuse / use - EU / misuse - Mexico] in some regions;" in text


async def test_opening_a_word_file_offers_to_import_it_next_to_it(tmp_path):
    zero = make_docx(tmp_path / "zero.docx")
    (tmp_path / "zero").mkdir()
    (tmp_path / "zero" / "notes.txt").write_text("a folder of that name, in use")
    offer = ImportOfferApp(zero, "a Word document")
    async with offer.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(offer.screen, OfferScreen)
        said = str(offer.screen.query_one(Static).render())
        assert f"{zero} is a Word document, not a draft folder" in said
        assert f"{tmp_path / 'zero-2'}/" in said
        await pilot.press("enter")
        await offer.workers.wait_for_complete()
        await pilot.pause()
    assert offer.return_value is not None and offer.return_value.target == tmp_path / "zero-2"
    room = DraftroomApp(tmp_path / "zero-2", imported=import_lines(offer.return_value))
    async with room.run_test(size=(120, 40)) as pilot:
        assert "OP5" in room.labels.values()
        assert "2 tracked changes left out" in report(pilot)  # what the import left out

    cancelled = ImportOfferApp(zero, "a Word document")
    async with cancelled.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert cancelled.return_value is None and not (tmp_path / "zero-3").exists()


def test_open_on_a_word_file_without_a_terminal_names_the_import_command(cli, tmp_path):
    zero = make_docx(tmp_path / "zero.docx")
    result = cli("open", zero)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{zero}: is a Word document, not a draft folder" in result.err
    assert f"draftroom import {zero} -o {tmp_path / 'zero'}" in result.err
    assert not (tmp_path / "zero").exists()
    printed = tmp_path / "zero.pdf"
    printed.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")  # (the header is what is looked at)
    assert "zero.pdf: is a PDF, not a draft folder" in cli("open", printed).err
    text = tmp_path / "notes.txt"
    text.write_text("PP1. Not a draft.")
    assert "is a file, not a draft folder" in cli("open", text).err
