"""The drafting room: the outline, the text, the current paragraph's panel, the counters.

Every change goes through :class:`app.core.room.Room` (the functions the CLI calls) and is
saved through the store before the screen says it is done; a refused change or a failed
save is shown in a notification, never swallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Footer, Header, OptionList

from app.core.brackets import Bracket
from app.core.draft import Paragraph, Status
from app.core.errors import DraftroomError
from app.core.labels import labels
from app.core.room import Room
from app.core.search import search
from app.core.tally import tally
from app.formats import export as exports
from app.formats.atomic import write_atomic
from app.formats.lock import DraftLock
from app.formats.store import ChangedOnDisk, load_draft, save_draft
from app.glossary.checker import Checker, Finding
from app.glossary.entries import Entry, load_glossary
from app.glossary.readings import check_paragraph
from app.tui import position
from app.tui.help import HelpScreen
from app.tui.keys import CONTEXTS, KEYS, Context
from app.tui.lookup import LookupScreen
from app.tui.screens import AskScreen, ChoiceScreen, Proposal, ProposeScreen, StatusScreen
from app.tui.widgets.counters import Counters
from app.tui.widgets.draft_text import DraftText, marks, paragraph_body, paragraph_content
from app.tui.widgets.outline import Outline
from app.tui.widgets.panel import ParagraphPanel, panel_content


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

    def __init__(self, draft_path: Path) -> None:
        super().__init__()
        self.draft_path = Path(draft_path)
        self.room = Room(load_draft(self.draft_path))
        self.lock = DraftLock(self.draft_path, program="draftroom open")
        self.read_only = ""
        """Why the draft cannot be changed here (another window writes it), or empty."""
        try:
            if not self.lock.acquire(wait=0):
                self.read_only = f"open for writing in {self.lock.holder()}"
        except DraftroomError as error:
            self.read_only = error.message
        self.labels: dict[str, str] = labels(self.room.draft)
        self.contested_only = False
        self.shown: list[int] = list(range(len(self.room.draft.paragraphs)))
        self.current_bracket: str | None = None
        self.trend: list[int] = []
        self.checker: Checker | None = None
        self._marked: int | None = None
        """The row of the text last drawn with the current paragraph's marks."""
        self.searched = ""
        """The words last searched (`n` and `N` go on with them; highlighted in the text)."""

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Outline(id="outline")
            yield DraftText(id="text")
            yield ParagraphPanel(id="panel")
        yield Counters()
        yield Footer()

    async def action_quit(self) -> None:
        """Leave the room, remembering where (the draft itself is already saved)."""
        position.remember(self.draft_path, self.paragraph.id)
        await super().action_quit()

    def on_unmount(self) -> None:
        self.lock.release()

    def on_resize(self) -> None:
        self.screen.set_class(self.size.width < self.NARROW, "narrow")

    def action_toggle_panel(self) -> None:
        self.screen.toggle_class("with-panel")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys out of their context are hidden from the footer and do nothing."""
        context = CONTEXTS.get(action, Context.ALWAYS)
        if context is Context.ALWAYS:
            return True
        if context is Context.NARROW:
            return self.size.width < self.NARROW
        if context is Context.SEARCH:
            return bool(self.searched)
        try:
            paragraph = self.paragraph
        except NoMatches:  # a modal screen is up, or the room is not mounted yet
            return True
        if context is Context.PARAGRAPH:
            return paragraph.negotiable
        return bool(paragraph.negotiable and paragraph.brackets)

    def on_mount(self) -> None:
        self.screen.set_class(self.size.width < self.NARROW, "narrow")
        self.sub_title = self.room.draft.document.name
        if self.read_only:
            self.sub_title += " (read-only)"
            self.notify(
                f"Read-only: {self.read_only}. Close it there, then open it again here.",
                title="Read-only", severity="warning", timeout=20,
            )  # fmt: skip
        self._show()
        paragraphs = self.room.draft.paragraphs
        first = next((i for i, p in enumerate(paragraphs) if p.negotiable), 0)
        last = position.last_paragraph(self.draft_path)
        self._go(next((i for i, p in enumerate(paragraphs) if p.id == last), first))
        text = self.query_one(DraftText)
        text.focus()
        self.call_after_refresh(text.scroll_to_highlight, top=True)
        self._load_checker()

    # -- state -------------------------------------------------------------------------
    @property
    def paragraph(self) -> Paragraph:
        """The current paragraph."""
        highlighted = self.query_one(DraftText).highlighted or 0
        return self.room.draft.paragraphs[self.shown[min(highlighted, len(self.shown) - 1)]]

    @property
    def bracket(self) -> Bracket | None:
        """The current bracket: the one chosen with [ and ], else the paragraph's first."""
        brackets = self.paragraph.brackets
        chosen = next((b for b in brackets if b.id == self.current_bracket), None)
        return chosen or (brackets[0] if brackets else None)

    def _show(self) -> None:
        """Redraw the outline and the text from the draft (after a change or a filter)."""
        draft = self.room.draft
        self.labels = labels(draft)
        keep = self.paragraph.id if self.query_one(DraftText).option_count else None
        self.shown = [
            i for i, p in enumerate(draft.paragraphs)
            if not self.contested_only or (p.negotiable and p.brackets)
        ] or list(range(len(draft.paragraphs)))  # fmt: skip
        self.query_one(Outline).show_draft(draft, self.labels, self.shown)
        self.query_one(DraftText).show_draft(draft, self.labels, self.shown, self.room.registry)
        counts = tally(draft)
        if not self.trend or self.trend[-1] != counts["open_brackets"]:
            self.trend.append(counts["open_brackets"])  # type: ignore[arg-type]
        self.query_one(Counters).show(counts, self.trend)
        if keep is not None:
            index = next((n for n, i in enumerate(self.shown) if draft.paragraphs[i].id == keep), 0)
            self.query_one(DraftText).highlighted = index
        self._panel()

    def _go(self, index: int) -> None:
        """Make the paragraph at draft index `index` current."""
        if index not in self.shown:
            self.contested_only = False
            self._show()
        self.query_one(DraftText).highlighted = self.shown.index(index)

    def _panel(self) -> None:
        """Show the current paragraph in the panel, and in the text with its marks."""
        paragraph = self.paragraph
        label = self.labels[paragraph.id]
        findings = self._findings(paragraph) if paragraph.negotiable else []
        self.query_one(ParagraphPanel).update(
            panel_content(self.room.draft, paragraph, label, self.bracket, findings)
        )
        text = self.query_one(DraftText)
        left = self._marked
        if left is not None and left != text.highlighted and left < len(self.shown):
            former = self.room.draft.paragraphs[self.shown[left]]
            text.replace_option_prompt_at_index(
                left, paragraph_content(former, self.labels[former.id], registry=self.room.registry)
            )
        self._marked = text.highlighted
        if text.highlighted is not None:
            body = paragraph_body(paragraph, self.room.registry)
            text.replace_option_prompt_at_index(
                text.highlighted,
                paragraph_content(
                    paragraph, label, self.bracket, self.room.registry,
                    marks(body, findings, label, self.searched),
                ),
            )  # fmt: skip
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="glossary")
    def _load_checker(self) -> None:
        """Read the glossary and index it off the start-up path (~160 ms); the panel shows
        agreed language once it is ready."""
        try:
            checker = Checker(load_glossary())
        except DraftroomError as error:
            self.call_from_thread(
                self.notify, str(error), title="Glossary not loaded", severity="warning"
            )
            return
        self.call_from_thread(self._checker_ready, checker)

    def _checker_ready(self, checker: Checker) -> None:
        self.checker = checker
        self._panel()

    def _glossary(self) -> list[Entry]:
        """The glossary's entries: those the checker loaded, else read now."""
        if self.checker is not None:
            return self.checker.entries
        try:
            return load_glossary()
        except DraftroomError as error:
            self.notify(str(error), title="Glossary not loaded", severity="error")
            return []

    def action_lookup(self) -> None:
        """Look up agreed language; the wording chosen is copied, its source shown."""

        def chosen(entry: Entry | None) -> None:
            if entry is not None:
                self.copy_to_clipboard(entry.text)
                self.notify(f"{entry.text}\n— {entry.source}", title="Copied", timeout=8)

        self.push_screen(LookupScreen(self._glossary()), chosen)

    def _findings(self, paragraph: Paragraph) -> list[Finding]:
        """The agreed language the paragraph uses, as it reads and as its proposals would
        have it read (none until the glossary is loaded)."""
        if self.checker is None:
            return []
        return check_paragraph(paragraph, self.labels[paragraph.id], self.checker)

    def _apply(self, change: Callable[[], object], done: str) -> bool:
        """Run a change through the room, save it, show it; a refusal changes nothing."""
        if self.read_only:
            self.notify(f"Read-only: {self.read_only}", title="Not done", severity="error")
            return False
        try:
            change()
        except DraftroomError as error:
            self.notify(str(error), title="Not done", severity="error", timeout=8)
            return False
        if not self._save(done):
            return False
        self._show()
        self.notify(done, timeout=3)
        return True

    def _save(self, done: str, *, overwrite: bool = False) -> bool:
        """Save through the store; a failure is shown, a file changed underneath is asked
        about (reload, or keep this version), never overwritten silently."""
        try:
            save_draft(self.room.draft, self.draft_path, overwrite=overwrite)
        except ChangedOnDisk as error:
            self._changed_underneath(error, done)
            return False
        except (OSError, DraftroomError) as error:
            self.notify(f"{error}", title="NOT SAVED", severity="error", timeout=30)
            return False
        return True

    def _changed_underneath(self, error: ChangedOnDisk, done: str) -> None:
        def choose(answer: str | None) -> None:
            if answer == "reload":
                self.room = Room(load_draft(self.draft_path))
                self._show()
                self.notify(f"Reloaded. Not kept: {done}", title="Reloaded", timeout=15)
            elif answer == "keep" and self._save(done, overwrite=True):
                self._show()
                self.notify(f"Saved over the change on disk: {done}", timeout=8)
            elif answer is None:
                self._show()
                self.notify(f"NOT SAVED: {done}", severity="error", timeout=30)

        self.push_screen(
            ChoiceScreen(
                f"{error.name} changed on disk since the room read it (another program, or "
                f"`git pull`). Your change is not saved yet: {done}.",
                [("Reload the draft from disk (your change is dropped)", "reload"),
                 ("Keep this version: save it over the change on disk", "keep")],
            ),
            choose,
        )  # fmt: skip

    # -- moving ------------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the outline brings the paragraph into view in the text."""
        text = self.query_one(DraftText)
        if text.highlighted != event.option_index:
            text.highlighted = event.option_index

    @on(OptionList.OptionHighlighted, "#text")
    def _text_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the text follows in the outline and the panel."""
        outline = self.query_one(Outline)
        if outline.highlighted != event.option_index:
            outline.highlighted = event.option_index
        if self.current_bracket not in {b.id for b in self.paragraph.brackets}:
            self.current_bracket = None
        self._panel()

    def action_jump(self) -> None:
        def go(label: str | None) -> None:
            if label:
                try:
                    paragraph = self.room.paragraph(label)
                except DraftroomError as error:
                    self.notify(str(error), severity="error")
                    return
                self._go(self.room.draft.paragraphs.index(paragraph))

        self.push_screen(
            AskScreen("Go to paragraph (OP33 B 24, pp1, 7bis):", list(self.labels.values())), go
        )

    def _step_bracket(self, step: int) -> None:
        places = [
            (i, b.id)
            for i, p in enumerate(self.room.draft.paragraphs)
            if p.negotiable
            for b in p.brackets
        ]
        if not places:
            self.notify("no open bracket in this draft")
            return
        here = (self.shown[self.query_one(DraftText).highlighted or 0], self.current_bracket or "")
        ordered = places if step > 0 else list(reversed(places))
        position = next((n for n, place in enumerate(ordered) if place == here), None)
        if position is None:
            current = here[0]
            target = next(
                (pl for pl in ordered if (pl[0] > current if step > 0 else pl[0] < current)),
                ordered[0],
            )
        else:
            target = ordered[(position + 1) % len(ordered)]
        self.current_bracket = target[1]
        self._go(target[0])
        self._panel()

    def action_next_bracket(self) -> None:
        self._step_bracket(1)

    def action_previous_bracket(self) -> None:
        self._step_bracket(-1)

    def action_search(self) -> None:
        """Ask for words; go to the next paragraph holding them and mark them there."""

        def find(words: str | None) -> None:
            if words:
                self.searched = words
                self._search_step(1)

        self.push_screen(AskScreen("Search the text for:", value=self.searched), find)

    def _search_step(self, step: int) -> None:
        here = self.shown[self.query_one(DraftText).highlighted or 0]
        found = search(self.room.draft, self.searched, here, step, self.shown)
        if found is None and self.contested_only:
            found = search(self.room.draft, self.searched, here, step)
        if found is None:
            self.notify(f"“{self.searched}” is not in the text", severity="warning")
            return
        self._go(found)
        self._panel()

    def action_search_next(self) -> None:
        self._search_step(1)

    def action_search_previous(self) -> None:
        self._search_step(-1)

    def action_filter(self) -> None:
        self.contested_only = not self.contested_only
        self._show()
        self.notify(
            "contested paragraphs only" if self.contested_only else "all paragraphs", timeout=2
        )

    # -- changing ----------------------------------------------------------------------
    def _delegations(self) -> list[str]:
        return self.room.registry.spellings()

    def action_propose(self) -> None:
        paragraph = self.paragraph
        label = self.labels[paragraph.id]

        def record(proposal: Proposal | None) -> None:
            if proposal is not None:
                self._apply(
                    lambda: self.room.propose(label, proposal.delegation, proposal.wording),
                    f"{proposal.delegation}'s proposal recorded in {label}",
                )

        self.push_screen(
            ProposeScreen(label, paragraph.text, self._delegations(), glossary=self._glossary),
            record,
        )

    def _on_bracket(self, verb: str, run: Callable[[Bracket, str], object]) -> None:
        bracket = self.bracket
        if bracket is None:
            self.notify(
                "this paragraph has no open bracket: ] goes to the next one", severity="warning"
            )
            return

        def answer(who: str | None) -> None:
            if who:
                self._apply(lambda: run(bracket, who), f"{who}: {verb} ({bracket.id})")

        self.push_screen(
            AskScreen(
                f"Which delegation {verb} in {bracket.id}? (option N: 'EU 2')", self._delegations()
            ),
            answer,
        )

    @staticmethod
    def _who_and_option(answer: str) -> tuple[str, int | None]:
        """ "EU 2" -> ("EU", 2): a delegation and, optionally, an option number."""
        head, _, tail = answer.rpartition(" ")
        return (head, int(tail)) if head and tail.isdigit() else (answer, None)

    def action_support(self) -> None:
        self._on_bracket("supports", lambda b, a: self.room.support(b.id, *self._who_and_option(a)))

    def action_oppose(self) -> None:
        self._on_bracket("opposes", lambda b, a: self.room.oppose(b.id, *self._who_and_option(a)))

    def action_withdraw(self) -> None:
        self._on_bracket("withdraws", lambda b, a: self.room.withdraw(b.id, a))

    def action_agree(self) -> None:
        bracket = self.bracket
        if bracket is None:
            self.notify("this paragraph has no open bracket", severity="warning")
            return

        def answer(choice: str | None) -> None:
            if not choice:
                return
            if choice.isdigit():
                run = lambda: self.room.agree(bracket.id, int(choice))  # noqa: E731
            else:
                run = lambda: self.room.agree(bracket.id, to=choice)  # noqa: E731
            self._apply(run, f"{bracket.id} agreed")

        options = ", ".join(f"{n}" for n in range(1, len(bracket.options) + 1))
        self.push_screen(
            AskScreen(f"Agree {bracket.id} to which option ({options}), delegation or 'original'?"),
            answer,
        )

    def action_mark(self) -> None:
        label = self.labels[self.paragraph.id]

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            status = Status(answer)
            if status in (Status.PENDING, Status.RESERVED):
                self.push_screen(
                    AskScreen(
                        f"{status.value.capitalize()}: which delegation?", self._delegations()
                    ),
                    lambda who: (
                        who
                        and self._apply(
                            lambda: self.room.mark(label, status, [who]),
                            f"{label} {status.value} {who}",
                        )
                    ),
                )
                return
            self._apply(
                lambda: self.room.mark(label, status),
                f"{label}: {status.value if status is not Status.OPEN else 'reopened'}",
            )

        self.push_screen(StatusScreen(), chosen)

    def action_insert(self) -> None:
        label = self.labels[self.paragraph.id]

        def record(proposal: Proposal | None) -> None:
            if proposal is not None:
                self._apply(
                    lambda: self.room.insert(label, proposal.delegation, proposal.wording),
                    f"new paragraph after {label}",
                )

        self.push_screen(
            ProposeScreen(
                f"a new paragraph after {label}", "", self._delegations(), glossary=self._glossary
            ),
            record,
        )

    def action_delete(self) -> None:
        label = self.labels[self.paragraph.id]
        self.push_screen(
            AskScreen(f"Which delegation proposes to delete {label}?", self._delegations()),
            lambda who: (
                who
                and self._apply(
                    lambda: self.room.propose_deletion(label, who), f"deletion of {label} proposed"
                )
            ),
        )

    def action_undo(self) -> None:
        self._apply(self.room.undo, "undone")

    def action_redo(self) -> None:
        self._apply(self.room.redo, "redone")

    def action_revise(self) -> None:
        self._apply(self.room.revise, "revision issued")

    def action_export(self) -> None:
        draft = self.room.draft
        target = self.draft_path.parent / f"{draft.document.name}-bracketed.txt"
        try:
            write_atomic(target, exports.export(draft, "bracketed", "txt").encode())
        except OSError as error:
            self.notify(f"{target}: {error.strerror}", title="Export failed", severity="error")
            return
        self.notify(str(target), title="Exported")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(ProposeScreen.BINDINGS))  # type: ignore[arg-type]
