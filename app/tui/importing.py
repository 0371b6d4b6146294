"""Word, PDF and text files in the room: import one into a new draft, compile delegations'
returns into this one, and the offer to import a file `draftroom open` was given instead
of a draft folder.

Each runs the function the command line runs (:func:`app.session.import_draft`,
:func:`app.session.compile_returns`), in a thread worker while its form stays open (a
long file takes a second or more), and shows the report the command line prints. A
compile is one transaction: it works on a room of its own read from the saved draft
(:meth:`app.session.Session.apart`), which replaces the room only when every file is
compiled; a refusal is shown as the room shows errors, and nothing is changed or saved.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from app import session
from app.core.errors import DraftroomError
from app.tui.view import RoomView

if TYPE_CHECKING:
    from app.core.room import Room
    from app.importers.returns import Compiled
    from app.tui.saving import Saving

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Field:
    """One line of a form: its id, what it asks, what it holds to begin with."""

    id: str
    label: str
    placeholder: str = ""
    value: str = ""
    suggestions: Sequence[str] = ()


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A few lines to fill in, then `run` on what they say, in a thread worker; what it
    returns closes the form, a refusal is shown and the form stays open to be corrected."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel", tooltip="Close; nothing is done")
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical { width: 90; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    FormScreen .field { margin-top: 1; }
    FormScreen #busy { color: $text-muted; }
    """

    def __init__(
        self, title: str, fields: list[Field], run: Callable[[dict[str, str]], T], busy: str
    ) -> None:
        super().__init__()
        self.heading = title
        self.fields = fields
        self.run = run
        self.busy = busy
        """What the form says while `run` works ("Compiling…")."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading).stylize("bold"))
            for field in self.fields:
                yield Static(Content(field.label), classes="field")
                suggester = (
                    SuggestFromList(field.suggestions, case_sensitive=False)
                    if field.suggestions
                    else None
                )
                yield Input(
                    field.value, placeholder=field.placeholder, id=field.id, suggester=suggester
                )
            yield Static(Content("Enter: go on · Esc: cancel"), id="busy")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter moves to the next line; on the last, the form is done."""
        ids = [f.id for f in self.fields]
        at = ids.index(event.input.id or "")
        if at + 1 < len(ids):
            self.query_one(f"#{ids[at + 1]}", Input).focus()
        else:
            self.submit()

    def submit(self) -> None:
        values = {f.id: self.query_one(f"#{f.id}", Input).value for f in self.fields}
        self.app.clear_notifications()  # a refusal of the last try no longer applies
        self.query_one("#busy", Static).update(Content(self.busy))
        self._work(values)

    @work(thread=True, exclusive=True, group="form")
    def _work(self, values: dict[str, str]) -> None:
        try:
            result = self.run(values)
        except DraftroomError as error:
            self.app.call_from_thread(self._refused, error)
            return
        self.app.call_from_thread(self.dismiss, result)

    def _refused(self, error: DraftroomError) -> None:
        self.query_one("#busy", Static).update(Content("Enter: try again · Esc: cancel"))
        self.app.notify(
            error.shown_in("room"), title="Not done", severity="error", timeout=15, markup=False
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportScreen(ModalScreen[bool]):
    """What was done, as the command line reports it; Enter takes the step `then` offers
    (open the new draft), Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", "OK", id="report-accept", tooltip="Take the step offered"),
        Binding("escape", "close", "Close", id="report-close", tooltip="Back to the draft"),
    ]
    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > Vertical { width: 100; max-width: 100%; height: auto; max-height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    ReportScreen VerticalScroll { height: auto; max-height: 30; margin: 1 0; }
    ReportScreen #then { color: $text-muted; }
    """

    def __init__(self, title: str, lines: list[str], then: str = "") -> None:
        super().__init__()
        self.heading = title
        self.lines = lines
        self.then = then

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.heading).stylize("bold"))
            with VerticalScroll():
                yield Static(Content("\n".join(self.lines)), id="report")
            footer = f"Enter: {self.then} · Esc: close" if self.then else "Enter or Esc: close"
            yield Static(Content(footer), id="then")

    def action_accept(self) -> None:
        self.dismiss(bool(self.then))

    def action_close(self) -> None:
        self.dismiss(False)


def import_lines(imported: session.Imported) -> list[str]:
    """An import's report as the command line prints it, hints in the room's words."""
    lines = [imported.summary]
    lines += [f"note: {note}" for note in imported.notes]
    lines += [f"warning: {warning.shown_in('room')}" for warning in imported.warnings]
    if imported.tracked_left_out:
        lines.append(f"note: {imported.compile_hint('room')}")
    return lines


def import_into(source: Path, target: Path) -> session.Imported:
    """Import `source` into the new draft folder `target`, as `draftroom import` does."""
    return session.import_draft(source, target, program="draftroom open")


def _path(typed: str) -> Path:
    return Path(typed.strip()).expanduser()


class Importing:
    """The room's import and compile (keys `i` and `C`, and the command palette)."""

    def __init__(self, view: RoomView, saving: Saving) -> None:
        self.view = view
        self.saving = saving

    def import_file(self) -> None:
        """Ask for a file and a draft folder; import it; offer to open the new draft."""

        def run(values: dict[str, str]) -> session.Imported:
            if not values["file"].strip():
                raise DraftroomError("name the file to import (.docx, .pdf or a text)")
            source = _path(values["file"])
            folder = values["folder"].strip()
            return import_into(source, _path(folder) if folder else session.import_target(source))

        def done(imported: session.Imported | None) -> None:
            if imported is None:
                return

            def opened(answer: bool | None) -> None:
                if answer:
                    self.view.open_draft(imported.target)

            self.view.push_screen(
                ReportScreen("Imported", import_lines(imported), then="open the new draft"),
                opened,
            )

        fields = [
            Field("file", "The Word, PDF or text file:", "e.g. zero-draft.docx"),
            Field("folder", "The new draft folder:",
                  "empty: next to the file, named after it (zero-draft/)"),
        ]  # fmt: skip
        self.view.push_screen(
            FormScreen("Import a Word, PDF or text file", fields, run, "Importing…"), done
        )

    def compile_returns(self) -> None:
        """Ask for the returns and whose they are; compile them all into the draft, or none."""
        if self.view.read_only:
            self.view.notify(f"Read-only: {self.view.read_only}", title="Not done",
                             severity="error")  # fmt: skip
            return
        if not self.saving.shown():  # the draft on disk is what the room shows
            return

        def run(values: dict[str, str]) -> tuple[Room, list[Compiled]]:
            try:
                paths = [_path(p) for p in shlex.split(values["returns"])]
            except ValueError as error:  # an unclosed quote
                raise DraftroomError(f"the file names cannot be read: {error}") from None
            if not paths:
                raise DraftroomError("name one or more returns (.docx), separated by spaces")
            room = self.saving.session.apart()
            return room, session.compile_returns(room, paths, values["from"].strip() or None)

        def done(result: tuple[Room, list[Compiled]] | None) -> None:
            if result is None:
                return
            room, reports = result
            self.saving.adopt(room, f"{len(reports)} return(s) compiled")
            changed = [
                label for r in reports for labels in r.proposals.values() for label in labels
            ]

            def closed(_: object) -> None:  # then to the first paragraph the returns changed
                ids = [p.id for p in self.view.room.draft.paragraphs]
                at = next(
                    (n for n, i in enumerate(ids) if self.view.labels[i] in changed[:1]), None
                )
                if at is not None:
                    self.view.go_to(at)

            lines = [line for report in reports for line in report.lines()]
            self.view.push_screen(ReportScreen("Compiled", lines), closed)

        fields = [
            Field("returns", "The returns (Word files with Track Changes), separated by spaces:",
                  "e.g. eu.docx 'mexico return.docx'"),
            Field("from", "From (when an author is a person, not a delegation; else empty):",
                  "e.g. EU", suggestions=self.view.room.registry.spellings()),
        ]  # fmt: skip
        self.view.push_screen(
            FormScreen("Compile delegations' returns", fields, run, "Compiling…"), done
        )


class OfferScreen(ModalScreen[session.Imported | None]):
    """`draftroom open FILE.docx`: a Word or PDF file, not a draft folder. Enter imports it
    into the folder named and opens the room on it; Esc leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "import", "Import", id="offer-import", tooltip="Import it and open it"),
        Binding("escape", "cancel", "Cancel", id="offer-cancel", tooltip="Leave; nothing made"),
    ]
    DEFAULT_CSS = """
    OfferScreen { align: center middle; }
    OfferScreen > Vertical { width: 90; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    OfferScreen #busy { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, source: Path, kind: str, target: Path) -> None:
        super().__init__()
        self.source = source
        self.kind = kind
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble(
                    (str(self.source), "bold"),
                    f" is {self.kind or 'a file'}, not a draft "
                    "folder.\n\nImport it into the new draft folder ",
                    (f"{self.target}/", "bold"),
                    " and open the drafting room on it?",
                )
            )
            yield Static(Content("Enter: import and open · Esc: cancel"), id="busy")

    def action_import(self) -> None:
        self.query_one("#busy", Static).update(Content("Importing…"))
        self._import()

    @work(thread=True, exclusive=True, group="offer")
    def _import(self) -> None:
        try:
            imported = import_into(self.source, self.target)
        except DraftroomError as error:
            self.app.call_from_thread(self._refused, error)
            return
        self.app.call_from_thread(self.dismiss, imported)

    def _refused(self, error: DraftroomError) -> None:
        self.query_one("#busy", Static).update(Content("Esc: leave"))
        self.app.notify(error.shown_in("room"), title="Not imported", severity="error",
                        timeout=30, markup=False)  # fmt: skip

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportOfferApp(App[session.Imported]):
    """The offer alone, before any room: returns what was imported (None: cancelled)."""

    TITLE = "Draftroom"

    def __init__(self, source: Path, kind: str) -> None:
        super().__init__()
        self.source = source
        self.kind = kind
        self.target = session.import_target(source)

    def on_mount(self) -> None:
        self.push_screen(OfferScreen(self.source, self.kind, self.target), self.exit)
