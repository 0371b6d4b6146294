"""Agreed language in the room: the glossary (loaded after the first frame), the adopted
texts of the folders the draft remembers (`draftroom sources DRAFT add DIR`), what the
current paragraph uses of them (a precedent cited by symbol and paragraph, newest first),
and the look-up that copies a formulation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.brackets import Inline
from app.core.draft import Draft, Paragraph
from app.core.errors import DraftroomError
from app.tui.view import RoomView

if TYPE_CHECKING:
    from app.glossary.checker import Checker, Finding
    from app.glossary.entries import Entry
    from app.glossary.precedent import Citation, Precedents


Shape = tuple[object, ...]


def shape(content: list[Inline]) -> Shape:
    """All that the findings of a paragraph's content depend on: its words, and each
    bracket's id and options (their words, supporters and which is the original)."""
    return tuple(
        part
        if isinstance(part, str)
        else (
            part.id,
            tuple((shape(o.content), tuple(o.supporters), o.original) for o in part.options),
        )
        for part in content
    )


class AgreedLanguage:
    """The room's glossary: the checker once it is loaded, the findings and the look-up."""

    def __init__(self, view: RoomView) -> None:
        self.view = view
        self.checker: Checker | None = None
        """The glossary indexed, once it is loaded (None until then)."""
        self.precedents: Precedents | None = None
        """The draft's source folders indexed, once loaded (None: none, or not yet)."""
        self._found: dict[tuple[str, str, Shape], list[Finding]] = {}
        """Findings by paragraph, label and shape: checked once per change, not at every
        move to the paragraph (about 1 ms a paragraph)."""

    def ready(self, checker: Checker, precedents: Precedents | None) -> None:
        """The glossary and the sources, loaded: findings are checked with them."""
        self.checker, self.precedents = checker, precedents
        self._found.clear()

    def load(self, say: Callable[[str, str], None]) -> tuple[Checker, Precedents | None] | None:
        """The glossary indexed and the draft's source folders (run in a thread, off the
        start-up path: ~160 ms); what went wrong is said through `say(message, title)`
        (thread-safe), and None returned when the glossary cannot be read."""
        try:
            from app.glossary.checker import Checker
            from app.glossary.entries import load_glossary

            checker = Checker(load_glossary())
        except DraftroomError as error:
            say(str(error), "Glossary not loaded")
            return None
        precedents, warnings = load_sources(self.view.draft_path, self.view.room.draft)
        for warning in warnings:
            say(warning, "Sources")
        return checker, precedents

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

        label = self.view.labels[paragraph.id]
        key = (paragraph.id, label, shape(paragraph.content))
        found = self._found.get(key)
        if found is None:
            found = check_paragraph(paragraph, label, self.checker)
            if self.precedents is not None:
                found += check_paragraph(paragraph, label, self.precedents.checker)
            if len(self._found) >= 1024:
                self._found.clear()
            self._found[key] = found
        return list(found)

    def look_up(self) -> None:
        """Ask for a formulation (typos forgiven); the wording chosen is copied to the
        clipboard, its source shown."""

        def chosen(entry: Entry | None) -> None:
            if entry is not None:
                self.view.copy_to_clipboard(entry.text)
                self.view.notify(f"{entry.text}\n— {entry.source}", title="Copied", timeout=8)

        from app.tui.lookup import LookupScreen

        self.view.push_screen(LookupScreen(self.entries()), chosen)

    def view_source(self) -> None:
        """Open the current paragraph's findings where they were agreed: each passage in
        its adopted text (every document that agreed it, newest first), a glossary entry
        as the glossary gives it; near-misses first, as the panel lists them, and of each
        kind those with a document to open first."""
        findings = self.view.findings
        if not findings:
            self.view.notify(
                "No agreed language found in this paragraph"
                + ("" if self.checker is not None else " yet: the glossary is still loading"),
                title="Nothing to open",
            )
            return
        from app.tui.source_view import Sight, SourceScreen

        sights = [
            Sight(finding, citation)
            for finding in findings
            for citation in self._citations(finding)
        ]
        sights.sort(key=lambda s: (s.finding.kind == "exact", s.citation is None))
        screen = SourceScreen(
            sights, self.view.draft_path, has_sources=bool(self.view.room.draft.sources)
        )
        self.view.push_screen(screen, lambda _: None)

    def _citations(self, finding: Finding) -> list[Citation | None]:
        """Where the finding's wording was agreed, newest first ([None]: a glossary entry)."""
        cited = self.precedents.citations(finding.entry) if self.precedents is not None else []
        return [*cited] or [None]


def load_sources(path: Path, draft: Draft) -> tuple[Precedents | None, list[str]]:
    """The adopted texts of the folders the draft remembers, indexed (off the start-up
    path: the index is read from the cache, the checker built over every passage), and
    the warnings for files left out."""
    if not draft.sources:
        return None, []
    from app.glossary.precedent import Precedents
    from app.session import draft_sources, read_sources

    try:
        index = read_sources(draft_sources(path, draft))
    except DraftroomError as error:
        return None, [str(error)]
    precedents = Precedents(index.documents)
    precedents.checker  # noqa: B018  (built here, in the worker, not at the first key)
    return precedents, [str(w) for w in index.warnings]
