"""Agreed language in the room: the glossary (loaded after the first frame), what the
current paragraph uses of it, and the look-up that copies a formulation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.draft import Paragraph
from app.core.errors import DraftroomError
from app.tui.view import RoomView

if TYPE_CHECKING:
    from app.glossary.checker import Checker, Finding
    from app.glossary.entries import Entry


class AgreedLanguage:
    """The room's glossary: the checker once it is loaded, the findings and the look-up."""

    def __init__(self, view: RoomView) -> None:
        self.view = view
        self.checker: Checker | None = None
        """The glossary indexed, once it is loaded (None until then)."""

    def entries(self) -> list[Entry]:
        """The glossary's entries: those the checker loaded, else read now."""
        if self.checker is not None:
            return self.checker.entries
        try:
            from app.glossary.entries import load_glossary

            return load_glossary()
        except DraftroomError as error:
            self.view.notify(str(error), title="Glossary not loaded", severity="error")
            return []

    def findings(self, paragraph: Paragraph) -> list[Finding]:
        """The agreed language the paragraph uses, as it reads and as its proposals would
        have it read (none until the glossary is loaded)."""
        if self.checker is None:
            return []
        from app.glossary.readings import check_paragraph

        return check_paragraph(paragraph, self.view.labels[paragraph.id], self.checker)

    def look_up(self) -> None:
        """Ask for a formulation (typos forgiven); the wording chosen is copied to the
        clipboard, its source shown."""

        def chosen(entry: Entry | None) -> None:
            if entry is not None:
                self.view.copy_to_clipboard(entry.text)
                self.view.notify(f"{entry.text}\n— {entry.source}", title="Copied", timeout=8)

        from app.tui.lookup import LookupScreen

        self.view.push_screen(LookupScreen(self.entries()), chosen)
