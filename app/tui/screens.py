"""Modal screens: propose a wording (the editor), choose among answers, choose a status.
(One-line questions are asked on the question line, :mod:`app.tui.widgets.ask_bar`.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from app.core.draft import Status

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from app.glossary.entries import Entry


@dataclass(slots=True)
class Proposal:
    delegation: str
    wording: str


class ProposeScreen(ModalScreen[Proposal | None]):
    """Edit a paragraph as a delegation wants it to read; the brackets appear on saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="propose-save", tooltip="Record the proposal"),
        Binding("ctrl+g", "lookup", "Agreed language", id="propose-lookup",
                tooltip="Look up agreed language and insert it at the cursor "
                "(the words selected are the query)"),
        Binding("escape", "cancel", "Cancel", id="propose-cancel", tooltip="Close without change"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    ProposeScreen { align: center middle; background: $background; }
    ProposeScreen > Vertical { width: 90%; height: 80%; border: thick $accent; background: $surface; padding: 0 1; }
    ProposeScreen TextArea { height: 1fr; }
    """

    def __init__(
        self,
        label: str,
        wording: str,
        delegations: list[str],
        delegation: str = "",
        glossary: Callable[[], list[Entry]] | None = None,
    ) -> None:
        super().__init__()
        self.label = label
        self.wording = wording
        self.delegations = delegations
        self.delegation = delegation
        self.glossary = glossary
        """Where the lookup finds agreed language (the room's loaded glossary)."""
        self._loaded = True
        """Loaded and not shown yet (the cursor goes to its first field)."""

    def load(self, label: str, wording: str, delegations: list[str]) -> None:
        """The editor again, on another paragraph: the room keeps one and shows it again
        (composing and styling its widgets was a third of `e`), emptied and loaded."""
        self.label, self.wording, self.delegations, self.delegation = (
            label, wording, delegations, "",
        )  # fmt: skip
        self._loaded = True
        if not self.is_mounted:
            return
        self.query_one(Label).update(self._title())
        field = self.query_one("#delegation", Input)
        field.suggester = SuggestFromList(delegations, case_sensitive=False)
        field.value = ""
        self._wording().load_text(wording)

    def _title(self) -> str:
        return (
            f"Propose for {self.label}: edit the text as the delegation wants it "
            "(Ctrl+S saves, Ctrl+G inserts agreed language, Esc cancels)"
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title())
            yield Input(
                value=self.delegation, placeholder="delegation (EU, G77, Iran…)", id="delegation",
                suggester=SuggestFromList(self.delegations, case_sensitive=False),
            )  # fmt: skip
            # (textual's TextArea is imported here, when first proposed: 6 ms of start-up)
            from textual.widgets import TextArea

            yield TextArea(self.wording, id="wording", soft_wrap=True)

    def on_screen_resume(self) -> None:
        """Shown loaded: the cursor in the delegation's field (or the wording's, the
        delegation named already); back from the look-up, where it was."""
        if self._loaded:
            self._loaded = False
            self.query_one("#delegation" if not self.delegation else "#wording").focus()

    @on(Input.Submitted, "#delegation")
    def _to_text(self) -> None:
        self._wording().focus()

    def action_lookup(self) -> None:
        """Agreed language into the wording: the entry chosen replaces the selection."""
        if self.glossary is None:
            return
        area = self._wording()

        def insert(entry: Entry | None) -> None:
            if entry is None:
                return
            start, end = sorted(area.selection)
            before = area.get_text_range((0, 0), start)[-1:]
            after = area.get_text_range(end, area.document.end)[:1]
            area.replace(between_words(before, entry.text, after), start, end)
            area.focus()

        from app.tui.lookup import LookupScreen

        self.app.push_screen(LookupScreen(self.glossary(), area.selected_text.strip()), insert)

    def action_save(self) -> None:
        self.dismiss(Proposal(self.query_one("#delegation", Input).value, self._wording().text))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _wording(self) -> TextArea:
        from textual.widgets import TextArea

        return self.query_one("#wording", TextArea)


def between_words(before: str, wording: str, after: str) -> str:
    """`wording` with the spaces it needs to stand between the character `before` it and
    the one `after` it: agreed language dropped in the middle of a sentence stays words."""
    if before and not before.isspace() and before not in "([\"“‘'":
        wording = " " + wording
    if after and (after.isalnum() or after in '(["“‘'):
        wording += " "
    return wording


STATUS_CHOICES = [
    ("agreed", Status.AGREED), ("agreed ad ref", Status.AGREED_AD_REF),
    ("agreed in informals", Status.AGREED_IN_INFORMALS), ("pending (a delegation)", Status.PENDING),
    ("reserved (a delegation)", Status.RESERVED), ("deleted", Status.DELETED), ("reopen", Status.OPEN),
]  # fmt: skip


class ChoiceScreen(ModalScreen[str | None]):
    """A question and a few answers to choose from (arrows and Enter, or the mouse)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice-cancel", tooltip="Close without change")
    ]
    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: 72; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    ChoiceScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        """`choices`: (what the user reads, the answer returned)."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.question:
                yield Label(self.question)
            yield OptionList(*(Option(shown, id=answer) for shown, answer in self.choices))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StatusScreen(ChoiceScreen):
    """Choose a paragraph's status (the answer is a :class:`Status` value)."""

    def __init__(self) -> None:
        super().__init__("", [(name, status.value) for name, status in STATUS_CHOICES])
