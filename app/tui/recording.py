"""Recording the negotiation: proposals, support and objections, the room's decisions,
undo, revisions and exports. The app's recording keys (:mod:`app.tui.keys`) call these;
every change goes through :class:`app.core.room.Room` by `RoomView.apply_change`, which
shows it, saves it right after that frame and then says it is done."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from app.core.brackets import Bracket
from app.core.draft import Status
from app.core.errors import DraftroomError
from app.core.room import Room, welcomed_name
from app.files.atomic import replaceable
from app.tui.screens import ChoiceScreen, Proposal, ProposeScreen, StatusScreen
from app.tui.view import RoomView


def who_and_option(answer: str) -> tuple[str, int | None]:
    """ "EU 2" -> ("EU", 2): a delegation and, optionally, an option number."""
    head, _, tail = answer.rpartition(" ")
    return (head, int(tail)) if head and tail.isdigit() else (answer, None)


class Recording:
    """The room's recording and deciding keys."""

    def __init__(self, view: RoomView) -> None:
        self.view = view
        self._editor: ProposeScreen | None = None
        """The proposal editor, once opened (kept, shown again)."""

    @property
    def room(self) -> Room:
        """The room's draft and its operations (read when a change is made: a draft
        reloaded from disk is another room)."""
        return self.view.room

    def _delegations(self) -> list[str]:
        return self.room.registry.spellings()

    def _edit_proposal(
        self,
        title: str,
        wording: str,
        run: Callable[[Proposal], object],
        done: Callable[[Proposal], str],
    ) -> None:
        """The proposal editor on `wording`; what it records goes through `run`."""

        def record(proposal: Proposal | None) -> None:
            if proposal is None:
                return
            said = done(Proposal(welcomed_name(proposal.delegation), proposal.wording))

            def change() -> object:
                with self.room.welcoming(proposal.delegation) as who:
                    return run(Proposal(who, proposal.wording))

            self.view.apply_change(change, said)

        if self._editor is None:  # one editor, shown again each time (ProposeScreen.load)
            self._editor = ProposeScreen(
                title, wording, self._delegations(), glossary=self.view.glossary_entries
            )
            self.view.install_screen(self._editor, "propose")
        else:
            self._editor.load(title, wording, self._delegations())
        self.view.push_screen(self._editor, record)

    def _ask_delegation(self, question: str, run: Callable[[str], object], done: str) -> None:
        """Ask which delegation (with completion), then make the change it names; "+Name"
        records a delegation not on the list (:meth:`Room.welcoming`)."""

        def answer(typed: str | None) -> None:
            if not typed:
                return

            name, option = who_and_option(typed)

            def change() -> object:
                with self.room.welcoming(name) as who:  # "+Malta 2": Malta, option 2
                    return run(who if option is None else f"{who} {option}")

            self.view.apply_change(change, done.format(who=welcomed_name(typed)))

        self.view.ask(question, answer, self._delegations())

    def _label(self) -> str:
        return self.view.labels[self.view.paragraph.id]

    def propose(self) -> None:
        label = self._label()
        self._edit_proposal(
            label,
            self.view.paragraph.text,
            lambda p: self.room.propose(label, p.delegation, p.wording),
            lambda p: f"{p.delegation}'s proposal recorded in {label}",
        )

    def _on_bracket(self, verb: str, run: Callable[[Bracket, str], object]) -> None:
        bracket = self.view.bracket
        if bracket is None:
            self.view.notify(
                "this paragraph has no open bracket: ] goes to the next one", severity="warning"
            )
            return

        self._ask_delegation(
            f"Which delegation {verb} in {bracket.id}? (option N: 'EU 2')",
            lambda who: run(bracket, who),
            f"{{who}}: {verb} ({bracket.id})",
        )

    def support(self) -> None:
        self._on_bracket("supports", lambda b, a: self.room.support(b.id, *who_and_option(a)))

    def oppose(self) -> None:
        self._on_bracket("opposes", lambda b, a: self.room.oppose(b.id, *who_and_option(a)))

    def withdraw(self) -> None:
        self._on_bracket("withdraws", lambda b, a: self.room.withdraw(b.id, a))

    def agree(self) -> None:
        bracket = self.view.bracket
        if bracket is None:
            self.view.notify("this paragraph has no open bracket", severity="warning")
            return

        def answer(choice: str | None) -> None:
            if not choice:
                return
            if choice.isdigit():
                run = lambda: self.room.agree(bracket.id, int(choice))  # noqa: E731
            else:
                run = lambda: self.room.agree(bracket.id, to=choice)  # noqa: E731
            self.view.apply_change(run, f"{bracket.id} agreed")

        options = ", ".join(f"{n}" for n in range(1, len(bracket.options) + 1))
        self.view.ask(
            f"Agree {bracket.id} to which option ({options}), delegation or 'original'?", answer
        )

    def mark(self) -> None:
        label = self._label()

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            status = Status(answer)
            if status in (Status.PENDING, Status.RESERVED):
                self._ask_delegation(
                    f"{status.value.capitalize()}: which delegation?",
                    lambda who: self.room.mark(label, status, [who]),
                    f"{label} {status.value} {{who}}",
                )
                return
            self.view.apply_change(
                lambda: self.room.mark(label, status),
                f"{label}: {status.value if status is not Status.OPEN else 'reopened'}",
            )

        self.view.push_screen(StatusScreen(), chosen)

    def insert(self) -> None:
        label = self._label()
        self._edit_proposal(
            f"a new paragraph after {label}",
            "",
            lambda p: self.room.insert(label, p.delegation, p.wording),
            lambda p: f"new paragraph after {label}",
        )

    def delete(self) -> None:
        label = self._label()
        self._ask_delegation(
            f"Which delegation proposes to delete {label}?",
            lambda who: self.room.propose_deletion(label, who),
            f"deletion of {label} proposed",
        )

    def undo(self) -> None:
        last = next((e for e in reversed(self.room.draft.history) if not e.undone), None)
        self.view.apply_change(self.room.undo, f"undone: {last.summary}" if last else "undone")

    def redo(self) -> None:
        undone = next((e for e in self.room.draft.history if e.undone), None)
        self.view.apply_change(self.room.redo, f"redone: {undone.summary}" if undone else "redone")

    def revise(self) -> None:
        self.view.apply_change(self.room.revise, lambda revision: f"{revision.name} issued")

    def export(self) -> None:
        """Choose what to export; it is written to the current folder, named after the
        draft, the mode and the revision (the name is shown)."""
        draft = self.room.draft
        latest = draft.revisions[-1].name if draft.revisions else ""
        bases = ["rev.0"] + ([latest] if latest and latest != "rev.0" else [])
        kinds = [(f"tracked since {base}", "tracked", base) for base in bases]
        kinds += [("bracketed compilation", "bracketed", ""), ("clean text", "clean", "")]
        formats = [
            ("Word", "docx"),
            ("web page", "html"),
            ("Markdown", "md"),
            ("plain text", "txt"),
        ]
        choices = [
            (f"{shown} — {name} (.{fmt})", f"{mode}:{fmt}:{base}")
            for shown, mode, base in kinds
            for name, fmt in formats
        ]

        def chosen(answer: str | None) -> None:
            if answer:
                mode, fmt, base = answer.split(":")
                self.write_export(mode, fmt, base or None)

        self.view.push_screen(ChoiceScreen("Export the draft as:", choices), chosen)

    def write_export(self, mode: str, fmt: str, since: str | None, force: bool = False) -> None:
        from app.exports import export as exports  # the writers load when first asked for

        name = self.view.draft_path.resolve().name
        target = Path.cwd() / exports.default_name(self.room.draft, name, mode, fmt, since)
        try:
            if os.path.lexists(target) and not force:
                # asked only about a file it could replace: a FIFO, a device, a dangling
                # link are refused now, as `export -o` refuses them
                replaceable(target, force=True, hint="")

                def replace(answer: str | None) -> None:
                    if answer == "replace":
                        self.write_export(mode, fmt, since, force=True)

                self.view.push_screen(
                    ChoiceScreen(
                        f"{target} exists.",
                        [("Replace it", "replace"), ("Keep it (export nothing)", "keep")],
                    ),
                    replace,
                )
                return
            written = exports.export_file(
                self.room.draft, name, mode, fmt, since, target=target, force=force
            )
        except DraftroomError as error:  # (its hint speaks of -o and --force: not here)
            shown = DraftroomError(error.message, path=error.path)
            self.view.notify(str(shown), title="Export failed", severity="error", timeout=15)
            return
        except OSError as error:
            self.view.notify(str(error), title="Export failed", severity="error", timeout=15)
            return
        self.view.notify(str(written), title="Exported", timeout=10)
