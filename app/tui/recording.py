"""Recording the negotiation: proposals, support and objections, the room's decisions,
undo, revisions and exports. Every change goes through :class:`app.core.room.Room` by
``DraftroomApp._apply``, which shows it, saves it right after that frame and then says it
is done. Mixed into :class:`app.tui.app.DraftroomApp`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.brackets import Bracket
from app.core.draft import Status
from app.core.errors import DraftroomError
from app.files.atomic import replaceable
from app.tui.screens import ChoiceScreen, Proposal, ProposeScreen, StatusScreen

if TYPE_CHECKING:
    from app.tui.app import DraftroomApp

    _Base = DraftroomApp
else:
    _Base = object


class RecordingActions(_Base):
    """The room's recording and deciding keys (see :mod:`app.tui.keys`)."""

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
            if proposal is not None:
                self._apply(lambda: run(proposal), done(proposal))

        self.push_screen(
            ProposeScreen(title, wording, self._delegations(), glossary=self._glossary), record
        )

    def _ask_delegation(self, question: str, run: Callable[[str], object], done: str) -> None:
        """Ask which delegation (with completion), then make the change it names."""
        self.ask(
            question,
            lambda who: who and self._apply(lambda: run(who), done.format(who=who)),
            self._delegations(),
        )

    def action_propose(self) -> None:
        label = self.labels[self.paragraph.id]
        self._edit_proposal(
            label,
            self.paragraph.text,
            lambda p: self.room.propose(label, p.delegation, p.wording),
            lambda p: f"{p.delegation}'s proposal recorded in {label}",
        )

    def _on_bracket(self, verb: str, run: Callable[[Bracket, str], object]) -> None:
        bracket = self.bracket
        if bracket is None:
            self.notify(
                "this paragraph has no open bracket: ] goes to the next one", severity="warning"
            )
            return

        self._ask_delegation(
            f"Which delegation {verb} in {bracket.id}? (option N: 'EU 2')",
            lambda who: run(bracket, who),
            f"{{who}}: {verb} ({bracket.id})",
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
        self.ask(
            f"Agree {bracket.id} to which option ({options}), delegation or 'original'?", answer
        )

    def action_mark(self) -> None:
        label = self.labels[self.paragraph.id]

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
            self._apply(
                lambda: self.room.mark(label, status),
                f"{label}: {status.value if status is not Status.OPEN else 'reopened'}",
            )

        self.push_screen(StatusScreen(), chosen)

    def action_insert(self) -> None:
        label = self.labels[self.paragraph.id]
        self._edit_proposal(
            f"a new paragraph after {label}",
            "",
            lambda p: self.room.insert(label, p.delegation, p.wording),
            lambda p: f"new paragraph after {label}",
        )

    def action_delete(self) -> None:
        label = self.labels[self.paragraph.id]
        self._ask_delegation(
            f"Which delegation proposes to delete {label}?",
            lambda who: self.room.propose_deletion(label, who),
            f"deletion of {label} proposed",
        )

    def action_undo(self) -> None:
        last = next((e for e in reversed(self.room.draft.history) if not e.undone), None)
        self._apply(self.room.undo, f"undone: {last.summary}" if last else "undone")

    def action_redo(self) -> None:
        undone = next((e for e in self.room.draft.history if e.undone), None)
        self._apply(self.room.redo, f"redone: {undone.summary}" if undone else "redone")

    def action_revise(self) -> None:
        self._apply(self.room.revise, lambda revision: f"{revision.name} issued")

    def action_export(self) -> None:
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
                self._export(mode, fmt, base or None)

        self.push_screen(ChoiceScreen("Export the draft as:", choices), chosen)

    def _export(self, mode: str, fmt: str, since: str | None, force: bool = False) -> None:
        from app.exports import export as exports  # the writers load when first asked for

        name = self.draft_path.resolve().name
        target = Path.cwd() / exports.default_name(self.room.draft, name, mode, fmt, since)
        try:
            if os.path.lexists(target) and not force:
                # asked only about a file it could replace: a FIFO, a device, a dangling
                # link are refused now, as `export -o` refuses them
                replaceable(target, force=True, hint="")
                self.push_screen(
                    ChoiceScreen(
                        f"{target} exists.",
                        [("Replace it", "replace"), ("Keep it (export nothing)", "keep")],
                    ),
                    lambda answer: answer == "replace" and self._export(mode, fmt, since, True),
                )
                return
            written = exports.export_file(
                self.room.draft, name, mode, fmt, since, target=target, force=force
            )
        except DraftroomError as error:  # (its hint speaks of -o and --force: not here)
            shown = DraftroomError(error.message, path=error.path)
            self.notify(str(shown), title="Export failed", severity="error", timeout=15)
            return
        except OSError as error:
            self.notify(str(error), title="Export failed", severity="error", timeout=15)
            return
        self.notify(str(written), title="Exported", timeout=10)
