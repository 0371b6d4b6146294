"""The drafting room: the outline, the text, the current paragraph's panel, the counters.

Every change goes through :class:`app.core.room.Room` (the functions the CLI calls) and is
saved through the store right after the screen shows it: the repaint comes first, so a key
answers within a frame even on a long draft, and the notification that says it is done
comes once it is saved. A refused change or a failed save is shown, never swallowed; a
change still unsaved when the room closes is saved first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from app.core.brackets import Bracket
from app.core.draft import Paragraph
from app.core.errors import DraftroomError
from app.core.history import Event
from app.core.labels import labels
from app.session import Session
from app.tui import position
from app.tui.agreed import AgreedLanguage
from app.tui.ahead import TICK as AHEAD_TICK
from app.tui.ahead import Ahead
from app.tui.drawing import Drawing
from app.tui.keys import CONTEXTS, KEYS, Context, applies, room_commands
from app.tui.memory import PAUSE, Memory
from app.tui.moving import Moving
from app.tui.saving import Saving
from app.tui.widgets.ask_bar import AskBar
from app.tui.widgets.paragraph_list import ParagraphList
from app.tui.widgets.title_bar import TitleBar
from app.tui.widgets.visible import visible

if TYPE_CHECKING:  # the glossary (rapidfuzz, its index) loads in a worker after the first frame
    from textual.notifications import SeverityLevel

    from app.glossary.checker import Checker, Finding
    from app.glossary.entries import Entry
    from app.glossary.precedent import Precedents
    from app.tui.importing import Importing
    from app.tui.recording import Recording


class RoomScreen(Screen[None]):
    """The room's screen. Moving the focus (to the question line and back) repaints only
    the widgets it moves between: Textual's `Screen.focused` is a reactive that repaints
    the whole screen when it changes, a 160x50 frame of text, outline and panel (about
    30 ms here) on every question asked."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    AUTO_FOCUS = "DraftText"
    """The text has the focus from the start (not the outline first, drawn again as it
    loses it, before the first frame)."""


class DraftroomApp(App[None]):
    """A terminal drafting room on one draft folder."""

    TITLE = "Draftroom"
    BINDINGS: ClassVar[list[BindingType]] = [key.binding for key in KEYS]
    CSS = """
    #body { height: 1fr; }
    Screen.narrow Outline { width: 14; }
    Screen.narrow ParagraphPanel { display: none; }
    Screen.narrow.with-panel ParagraphPanel { display: block; width: 30; }
    Screen.narrow.with-panel Outline { display: none; }
    """
    NARROW = 110
    """Below this many columns the panel gives way to the text (`p` shows it instead of the outline)."""

    def __init__(self, draft_path: Path, imported: list[str] | None = None) -> None:
        """Open the draft at `draft_path`: a draft that cannot be read raises here, before
        the screen switches; its history is read right after the first frame. `imported`:
        the report of the import that just made it, shown first."""
        super().__init__()
        self.imported = imported or []
        self.draft_path = Path(draft_path)
        self.session = Session(
            self.draft_path, program="draftroom open", read_only_if_busy=True,
            history_later=True,
        )  # fmt: skip
        self.room = self.session.room
        self.read_only = self.session.read_only
        """Why the draft cannot be changed here (another window writes it), or empty."""
        self.labels: dict[str, str] = labels(self.room.draft)
        self.contested_only = False
        self.shown: list[int] = list(range(len(self.room.draft.paragraphs)))
        self.current_bracket: str | None = None
        self.agreed = AgreedLanguage(self)
        self.searched = ""
        """The words last searched (`n` and `N` go on with them; highlighted in the text)."""
        self.findings: list[Finding] = []
        """The current paragraph's agreed language, as the panel shows it (`v` opens it)."""
        self.saving = Saving(self, self.session)
        """What the changes shown but not yet saved did (saved right after the repaint)."""
        self.moving = Moving(self)
        self.drawing = Drawing(self, self.agreed, self.moving, self.NARROW, self._shown)
        """The room's widgets, kept in step with the draft and the current paragraph."""
        self.ask_bar = AskBar(self.drawing.keybar)
        """Where the room asks its questions (a delegation, a label, an option)."""
        self.next_draft: Path | None = None
        """The draft to open once this room closes (one just imported), or None."""
        self.memory = Memory()

    @cached_property
    def recording(self) -> Recording:
        """The keys that change the draft (their forms and editor: imported after the
        first frame, :meth:`_warm_up`, as are the imports')."""
        from app.tui.recording import Recording

        return Recording(self)

    @cached_property
    def importing(self) -> Importing:
        from app.tui.importing import Importing

        return Importing(self, self.saving)

    def _warm_up(self) -> None:
        """What the keys need and the first frame does not (the forms, the editor, their
        modules: ~4 ms; the question line's answer line), made once it is out, so the
        first key does not wait for it."""
        self.recording, self.importing  # noqa: B018
        self.ask_bar.prepare()

    # -- layout ------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return RoomScreen(id="_default")

    def compose(self) -> ComposeResult:
        drawing = self.drawing
        yield TitleBar()
        with Horizontal(id="body"):
            yield drawing.outline
            yield drawing.text
            yield drawing.panel
        yield drawing.counters
        yield self.ask_bar  # (the key bar's line)

    async def action_quit(self) -> None:
        """Leave the room, remembering where, once what it shows is saved (a save refused,
        or a file changed on disk, keeps the room open and says so)."""
        if not self.saving.shown():
            return
        position.remember(self.draft_path, self.paragraph.id)
        await super().action_quit()

    def on_unmount(self) -> None:
        self.saving.shown()
        self.session.close()
        self.memory.release()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.memory.input()  # (full collections wait for a pause: app/tui/memory.py)
        await super().on_event(event)

    def _read_history(self) -> None:
        """Read the history the store left for later (a long draft's first frame does not
        wait for it); one that cannot be read leaves the room read-only, saying why."""
        try:
            len(self.room.draft.history)
        except DraftroomError as error:
            self.read_only = f"its history cannot be read: {error}"
            self.sub_title = f"{self.room.draft.document.name} (read-only)"
            self.notify(str(error), title="History not read: read-only", severity="error",
                        timeout=30)  # fmt: skip
            return
        self.show_current()

    def on_resize(self, event: events.Resize) -> None:
        # (this handler runs before the App's own, which sets `self.size` to the new size)
        self.screen.set_class(event.size.width < self.NARROW, "narrow")
        if self.drawing.keys_drawn():  # `p` (the panel) is a key of narrow screens only
            self.call_later(self.drawing.show_keys)

    def action_toggle_panel(self) -> None:
        self.screen.toggle_class("with-panel")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (Ctrl+P) offers every action of the room that applies
        here, by its name and what it does, then Textual's own (theme, screenshot…). Over
        another screen (the proposal editor, a choice) it offers only Textual's."""
        if screen is self.default_screen:
            yield from room_commands(self.check_action, self.run_action)
        yield from super().get_system_commands(screen)

    @property
    def ask(self) -> Callable[..., None]:
        """Ask one line of input at the foot of the room (:meth:`AskBar.ask`): the text
        stays in view while the facilitator answers."""
        return self.ask_bar.ask

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys out of their context are hidden from the key bar and do nothing; while a
        question is open, only quitting is (the arrows must not move what it is about)."""
        if action != "quit" and self.ask_bar.is_open:
            return False
        return applies(CONTEXTS.get(action, Context.ALWAYS), self, self.NARROW)

    def on_mount(self) -> None:
        text = self.drawing.text
        self.watch(text, "highlighted", self._text_moved, init=False)
        self.screen.set_class(self.size.width < self.NARROW, "narrow")
        self.sub_title = self.room.draft.document.name
        if self.read_only:
            self.sub_title += " (read-only)"
            self.notify(
                f"Read-only: {self.read_only}. Close it there, then open it again here.",
                title="Read-only", severity="warning", timeout=20,
            )  # fmt: skip
        self.redraw_all(show=False)  # (shown once, where the room opens: below)
        paragraphs = self.room.draft.paragraphs
        first = next((i for i, p in enumerate(paragraphs) if p.negotiable), 0)
        last = position.last_paragraph(self.draft_path)
        self.go_to(next((i for i, p in enumerate(paragraphs) if p.id == last), first))
        text.focus()
        if self.imported:
            from app.tui.importing import ReportScreen

            self.push_screen(ReportScreen("Imported", self.imported))
        self.call_after_refresh(self._read_history)  # after the first frame is out
        self.call_after_refresh(self._warm_up)
        self.call_after_refresh(self._load_checker)
        self.call_after_refresh(self.memory.settle)
        self.set_interval(PAUSE, self.memory.collect_if_idle)
        ahead = Ahead(self, self.memory, self.moving.words, text, self.drawing.outline)
        self.set_interval(AHEAD_TICK, ahead.step)  # the next hit, drawn while still

    # -- state -------------------------------------------------------------------------
    @property
    def here(self) -> int:
        """The current paragraph's index in the draft."""
        highlighted = self.drawing.text.highlighted or 0
        return self.shown[min(highlighted, len(self.shown) - 1)]

    @property
    def paragraph(self) -> Paragraph:
        """The current paragraph."""
        return self.room.draft.paragraphs[self.here]

    @property
    def bracket(self) -> Bracket | None:
        """The current bracket: the one chosen with [ and ], else the paragraph's first."""
        brackets = self.paragraph.brackets
        chosen = next((b for b in brackets if b.id == self.current_bracket), None)
        return chosen or (brackets[0] if brackets else None)

    # (what the room shows: app/tui/drawing.py)
    def redraw_all(self, *, show: bool = True) -> None:
        """Redraw the outline and the text from the draft; then the current paragraph."""
        self.drawing.redraw_all(show=show)

    def go_to(self, index: int) -> None:
        """Make the paragraph at draft index `index` current, and show it (:meth:`Drawing.go_to`)."""
        self.drawing.go_to(index)

    def show_current(self) -> None:
        """Show the current paragraph in the panel, and in the text with its marks."""
        self.drawing.show_current()

    def _shown(self, paragraph_id: str, label: str) -> None:
        """Where the room is, told to its followers once the frame is out."""
        self.call_after_refresh(self.session.publish, paragraph_id, label)

    @work(thread=True, exclusive=True, group="glossary")
    def _load_checker(self) -> None:
        """The panel's agreed language, loaded in a thread (:meth:`AgreedLanguage.load`)."""

        def say(message: str, title: str) -> None:
            self.call_from_thread(self.notify, message, title=title, severity="warning")

        loaded = self.agreed.load(say)
        if loaded is not None:
            self.call_from_thread(self._checker_ready, *loaded)

    def _checker_ready(self, checker: Checker, precedents: Precedents | None) -> None:
        self.agreed.ready(checker, precedents)
        self.show_current()
        self.memory.freeze()

    def glossary_entries(self) -> list[Entry]:
        """The glossary's entries (for the proposal editor's completion)."""
        return self.agreed.entries()

    def action_lookup(self) -> None:
        """Look up agreed language; the wording chosen is copied, its source shown."""
        self.agreed.look_up()

    def action_view_source(self) -> None:
        self.agreed.view_source()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification, plain text unless asked: what the room says quotes names and
        wordings ("the delegation name 'A [B]' holds '['"), which markup would eat; their
        control characters are dropped (:func:`visible`)."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout,
            markup=markup,
        )  # fmt: skip

    def apply_change(self, change: Callable[[], Any], done: str | Callable[[Any], str]) -> bool:
        """Run a change through the room, show it, and save it right after the repaint; a
        refusal changes nothing. `done` says what was done (or makes the message from what
        the change returned); it is said once saved."""
        if self.read_only:
            self.notify(f"Read-only: {self.read_only}", title="Not done", severity="error")
            return False
        try:
            result = change()
        except DraftroomError as error:
            self.notify(error.shown_in("room"), title="Not done", severity="error", timeout=8)
            return False
        done = done(result) if callable(done) else done
        history = self.room.draft.history
        event = result if isinstance(result, Event) else history[-1] if history else None
        self.drawing.redraw({c.paragraph for c in event.changes} if event else set())
        self.saving.unsaved.append(done)
        self.call_after_refresh(self.saving.shown)
        return True

    # -- moving ------------------------------------------------------------------------
    @on(ParagraphList.Highlighted, "#outline")
    def _outline_moved(self, event: ParagraphList.Highlighted) -> None:
        """Moving in the outline brings the paragraph into view in the text."""
        text = self.drawing.text
        if text.highlighted != event.index:
            text.highlighted = event.index

    def _text_moved(self, index: int | None) -> None:
        """Moving in the text follows in the outline and the panel, at once (watched, not
        told by a message: a frame drawn before the message came would show the highlight
        moved and nothing else, then everything would be drawn again)."""
        if index is None:
            return
        outline = self.drawing.outline
        if outline.highlighted != index:
            outline.highlighted = index
        if self.current_bracket not in {b.id for b in self.paragraph.brackets}:
            self.current_bracket = None
        if index != self.drawing.marked:  # else drawn already, by what moved here
            self.show_current()

    # (the keys of app/tui/keys.py: their work is in moving.py and recording.py)
    def action_jump(self) -> None:
        self.moving.jump()

    def action_next_bracket(self) -> None:
        self.moving.step_bracket(1)

    def action_previous_bracket(self) -> None:
        self.moving.step_bracket(-1)

    def action_search(self) -> None:
        self.moving.search()

    def action_search_next(self) -> None:
        self.moving.search_step(1)

    def action_search_previous(self) -> None:
        self.moving.search_step(-1)

    def action_filter(self) -> None:
        self.moving.toggle_filter()

    # -- changing ----------------------------------------------------------------------
    def action_propose(self) -> None:
        self.recording.propose()

    def action_support(self) -> None:
        self.recording.support()

    def action_oppose(self) -> None:
        self.recording.oppose()

    def action_withdraw(self) -> None:
        self.recording.withdraw()

    def action_agree(self) -> None:
        self.recording.agree()

    def action_mark(self) -> None:
        self.recording.mark()

    def action_insert(self) -> None:
        self.recording.insert()

    def action_delete(self) -> None:
        self.recording.delete()

    def action_undo(self) -> None:
        self.recording.undo()

    def action_redo(self) -> None:
        self.recording.redo()

    def action_revise(self) -> None:
        self.recording.revise()

    def action_export(self) -> None:
        self.recording.export()

    def action_projector(self) -> None:
        """The projector layout of the current paragraph (Esc or `P` returns)."""
        from app.tui.projector import ProjectorScreen  # (as the help: not at start-up)

        self.push_screen(ProjectorScreen(self))

    def action_import_file(self) -> None:
        self.importing.import_file()

    def action_compile_returns(self) -> None:
        self.importing.compile_returns()

    def open_draft(self, path: Path) -> None:
        """Close this room (all is saved) and open one on `path` (:func:`app.tui.open_room`)."""
        self.next_draft = path
        self.call_later(self.action_quit)

    def action_help(self) -> None:
        from app.tui.help import HelpScreen
        from app.tui.screens import ProposeScreen

        self.push_screen(HelpScreen(ProposeScreen.BINDINGS))  # type: ignore[arg-type]
