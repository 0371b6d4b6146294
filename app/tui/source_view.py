"""The source viewer (the room's `v`): a finding of agreed language opened where it was
agreed, the adopted document under its symbol, scrolled to the cited paragraph, the
passage marked in it and the words the draft changes marked in the passage; above it,
the draft's words against the agreed ones, word by word. `n` / `N` go through the
paragraph's findings (and the other documents that agreed the same wording), `Esc`
returns to the room where it was.

The document's paragraphs come from the session (`session.read_source_text`: kept beside
the index when its folder was indexed), never parsed here, and are read in a thread: a
document whose kept paragraphs are gone is read again by the importers (a long PDF, a
second). They are drawn by the room's line-by-line list (`ParagraphList`), so a long
resolution costs only the lines on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from app.core.errors import DraftroomError
from app.glossary.source_text import Place, SourceText, marks, place
from app.tui.keys import SOURCE_KEYS
from app.tui.widgets.keybar import key_line
from app.tui.widgets.paragraph_list import ParagraphList
from app.tui.widgets.title_bar import TitleBar
from app.tui.widgets.visible import printable, visible

if TYPE_CHECKING:
    from app.glossary.checker import Finding
    from app.glossary.findings import Change
    from app.glossary.precedent import Citation

#: The passage cited, and its words the draft has otherwise.
PASSAGE_STYLE = "on $warning-muted"
CHANGED_STYLE = "bold $text-error on $error-muted"
#: The difference, word by word: the agreed words the draft lacks, the draft's own.
AGREED_STYLE = "strike $error"
YOURS_STYLE = "bold $success"


@dataclass(frozen=True, slots=True)
class Sight:
    """One thing `v` opens: a finding, in one of the documents that agreed its wording
    (None: a glossary entry, which has no document in the draft's source folders)."""

    finding: Finding
    citation: Citation | None


@dataclass(frozen=True, slots=True)
class _Shown:
    """A paragraph of the document as the list draws it: its label as cited (none for a
    heading, or a note of the viewer's own), its words, and the passage if cited here."""

    id: str
    label: str
    text: str
    place: Place | None = None


class SourceDocument(ParagraphList):
    """The document's paragraphs; the cited one on a quiet band, its passage marked."""

    DEFAULT_CSS = """
    SourceDocument, SourceDocument:focus {
        & > .paragraph-list--highlighted, &:focus > .paragraph-list--highlighted {
            color: $foreground;
            background: $primary 20%;
            text-style: none;
        }
    }
    """


class SourceScreen(Screen[None]):
    """A finding of the current paragraph in its source; Esc: back to the room."""

    BINDINGS: ClassVar[list[BindingType]] = [key.binding for key in SOURCE_KEYS]
    DEFAULT_CSS = """
    SourceScreen > #finding { height: auto; max-height: 45%; padding: 0 1;
                              border-bottom: hkey $foreground 20%; }
    SourceScreen > SourceDocument { height: 1fr; }
    SourceScreen > #source-keys { height: 1; background: $footer-background;
                                  color: $footer-foreground; }
    """

    def __init__(self, sights: list[Sight], draft_path: Path, *, has_sources: bool) -> None:
        super().__init__()
        self.sights = sights
        self.draft_path = draft_path
        self.has_sources = has_sources
        """Whether the draft names folders of adopted texts (a glossary entry says how)."""
        self.at = 0
        """Which sight is shown."""
        self.texts: dict[str, SourceText | DraftroomError] = {}
        """The documents read, by file (n and N come back to them)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="finding")
        yield SourceDocument(id="document")
        yield Static(key_line(SOURCE_KEYS), id="source-keys")

    def on_mount(self) -> None:
        self.query_one(SourceDocument).focus()
        self.show()

    def action_step(self, by: int) -> None:
        self.at = (self.at + by) % len(self.sights)
        self.show()

    @property
    def sight(self) -> Sight:
        return self.sights[self.at]

    def show(self) -> None:
        """Show the current sight: its finding at once, its document once read."""
        sight = self.sight
        self.query_one("#finding", Static).update(finding_content(sight, self.at, len(self.sights)))
        if sight.citation is None:
            self._show_entry(sight.finding)
            return
        self.title, self.sub_title = sight.citation.symbol, sight.citation.paragraph
        text = self.texts.get(sight.citation.file)
        if text is None:
            self._show_paragraphs([_Shown("reading", "", f"Reading {sight.citation.file}…")])
            self._read(sight.citation.file)
        else:
            self._show_text(text)

    @work(thread=True, exclusive=True, group="source")
    def _read(self, file: str) -> None:
        from app.session import read_source_text

        try:
            text: SourceText | DraftroomError = read_source_text(file)
        except DraftroomError as error:
            text = error
        self.app.call_from_thread(self._read_done, file, text)

    def _read_done(self, file: str, text: SourceText | DraftroomError) -> None:
        self.texts[file] = text
        if not self.is_attached:
            return  # back in the room already
        if self.sight.citation is not None and self.sight.citation.file == file:
            self._show_text(text)

    def _show_text(self, text: SourceText | DraftroomError) -> None:
        """The document, at the cited paragraph, the passage marked (or why not)."""
        sight = self.sight
        assert sight.citation is not None
        if isinstance(text, DraftroomError):
            said = text.shown_in("room")
            self._show_paragraphs([_Shown("error", "", said)])
            self.notify(said, title="Source not read", severity="error", markup=False)
            return
        where = place(text, sight.citation.paragraph, sight.finding.entry.text, sight.finding.diff)
        shown = [
            _Shown(
                str(n), label, printable(body), where if where and where.paragraph == n else None
            )
            for n, (label, body) in enumerate(text.paragraphs)
        ]
        if where is None:
            shown.insert(0, _Shown("moved", "", f"The passage cited as {sight.citation.paragraph} "
                                   "is no longer in this file: it changed since the room read it "
                                   "(open the room again to read it anew)."))  # fmt: skip
        self._show_paragraphs(shown, where.paragraph if where else 0)

    def _show_entry(self, finding: Finding) -> None:
        """A glossary entry: no document to open, so the entry as the glossary gives it,
        where it says it comes from, and how to give the room the adopted texts."""
        entry = finding.entry
        self.title, self.sub_title = "Glossary", entry.source
        note = (
            f"A glossary entry ({Path(entry.file).name or 'the bundled glossary'}), not a "
            f"passage of an adopted text the draft knows: the glossary cites {entry.source}. "
        )
        if self.has_sources:
            note += (
                "To open it in its document, put the document in one of the draft's source "
                f"folders (draftroom sources {self.draft_path} lists them)."
            )
        else:
            note += (
                "To open wordings in their documents, give the draft a folder of adopted "
                f"texts: draftroom sources {self.draft_path} add FOLDER"
            )
        where = Place(0, 0, len(entry.text), marks(entry.text, finding.diff))
        self._show_paragraphs(
            [_Shown("entry", "", printable(entry.text), where), _Shown("note", "", note)]
        )

    def _show_paragraphs(self, shown: list[_Shown], cited: int = 0) -> None:
        document = self.query_one(SourceDocument)
        document.show_paragraphs(
            shown, {s.id: "" for s in shown}, lambda s, _label: paragraph_content(s),
            lambda s, _label: [len(s.text), 0],
        )  # fmt: skip
        document.highlighted = cited
        self.call_after_refresh(document.scroll_to_highlight, top=True)


def paragraph_content(shown: _Shown) -> Content:
    """A paragraph of the document: its label bold, and if cited, the passage marked and
    in it the words the draft has otherwise."""
    head = f"{shown.label}  " if shown.label else ""
    content = Content(head + shown.text + "\n").stylize("bold $accent", 0, len(shown.label))
    where = shown.place
    if where is not None:
        at = len(head)
        content = content.stylize(PASSAGE_STYLE, at + where.start, at + where.end)
        for start, end, _op in where.changed:
            content = content.stylize(CHANGED_STYLE, at + start, at + end)
    return content


def finding_content(sight: Sight, at: int, count: int) -> Content:
    """What was found and where agreed, the draft's words, and the difference."""
    finding = sight.finding
    where = str(sight.citation) if sight.citation is not None else finding.entry.source
    lines = [
        Content.assemble(
            (f"{finding.kind} in {visible(finding.paragraph)}", "bold"),
            (f"  ·  {at + 1} of {count}", "$text-muted"),
        ),
        Content.assemble(("agreed: ", "$text-muted"), (visible(where), "bold")),
        Content.assemble(("yours:  ", "$text-muted"), visible(finding.found_text)),
    ]
    if finding.kind == "exact":
        lines.append(Content("exactly as agreed").stylize("$success"))
    else:
        lines.append(Content.assemble(("difference: ", "$text-muted"), difference(finding.diff)))
    return Content("\n").join(lines)


def difference(diff: list[Change]) -> Content:
    """The difference word by word: agreed words the draft lacks struck through, the
    draft's own words in bold, a phrase moved named so."""
    parts: list[Content] = []
    for change in diff:
        agreed, yours = visible(change.entry), visible(change.found)
        if change.op == "equal":
            parts.append(Content(agreed or yours))
        elif change.op == "insertion":
            parts.append(Content(yours).stylize(YOURS_STYLE))
        elif change.op == "omission":
            parts.append(Content(agreed).stylize(AGREED_STYLE))
        elif change.op == "moved":
            parts.append(Content(f"{agreed} (moved)").stylize(CHANGED_STYLE))
        else:
            parts.append(Content.assemble((agreed, AGREED_STYLE), "→", (yours, YOURS_STYLE)))
    return Content(" ").join(p for p in parts if p.plain)
