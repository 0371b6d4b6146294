"""The statement laid out for a document: blocks of styled runs, whatever the file format.

Each export mode (clean, bracketed, tracked) is turned into one :class:`Sheet` here, and the
HTML, Markdown and DOCX writers only render sheets: a mode is implemented once, and every
format shows the same words, italics, footnotes and changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from app.core import notation
from app.core.brackets import Bracket, Inline
from app.core.delegations import Registry
from app.core.draft import (
    FOOTNOTE_MARK,
    Draft,
    Footnote,
    Kind,
    Paragraph,
    Status,
    footnote_numbers,
    from_superscript,
)
from app.core.labels import printed_number
from app.core.tracking import Author, TrackedParagraph, revision, track, unattributed

Role = Literal["title", "heading", "paragraph"]
ChangeKind = Literal["", "insert", "delete"]


@dataclass(slots=True)
class Run:
    """Text printed one way: italic (operative verbs), bold or struck (proposals in a
    compilation text), a footnote reference, a tracked insertion or deletion."""

    text: str
    italic: bool = False
    bold: bool = False
    strike: bool = False
    footnote: Footnote | None = None
    """A footnote's reference (its first citation); `text` is the printed number."""
    superscript: bool = False
    """A footnote mark citing again a footnote referenced before (OP3 cites footnote 1)."""
    change: ChangeKind = ""
    author: Author | None = None
    notation: bool = False
    """A bracket, an option separator or a tag list of the notation, not the text's own
    words (a text format escapes the text's own brackets, never these)."""


@dataclass(slots=True)
class Block:
    """A title, a heading or a numbered paragraph."""

    role: Role
    runs: list[Run]
    number: str = ""
    """The printed number without its space (``"7 bis."``), empty when unnumbered."""
    level: int = 0
    kind: Kind = Kind.OPERATIVE
    change: ChangeKind = ""
    """A whole paragraph inserted or deleted (tracked mode)."""
    author: Author | None = None
    paragraph: str = ""
    """The id of the paragraph laid out (the live page marks and links it by its label)."""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class Sheet:
    """A whole document: what the first page says, the blocks, the footnotes cited."""

    title: str
    mode: str
    edition: str
    """Which text this is: ``"rev.1"``, ``"changes since rev.0"``."""
    organs: str
    distribution: str
    date: str
    original: str
    symbol: str
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def edition_line(self) -> str:
        """The last line of the masthead: which text this is."""
        return {
            "clean": f"Clean text, {self.edition}",
            "bracketed": f"Compilation text, {self.edition}",
            "tracked": f"Tracked {self.edition}",
        }.get(self.mode, self.edition)

    @property
    def authors(self) -> list[str]:
        names = [r.author.name for b in self.blocks for r in b.runs if r.author]
        return list(dict.fromkeys(names))


Marks = tuple[tuple[str, str], tuple[str, str], tuple[str, str]]
"""A writer's opening and closing marks for italic, bold and struck text."""


def styled(run: Run, text: str, marks: Marks) -> str:
    """`text` (the run's, as the writer prints it) in the writer's marks for the run's
    italic, bold and strike, in that order from the inside out."""
    for on, (start, end) in zip((run.italic, run.bold, run.strike), marks, strict=True):
        if on:
            text = f"{start}{text}{end}"
    return text


def changes(runs: list[Run]) -> Iterator[tuple[ChangeKind, Author | None, list[Run]]]:
    """Consecutive runs of one change ("" for none) by one author, grouped: a writer puts
    each changed group in one insertion or deletion."""
    for (change, author), group in groupby(runs, key=lambda r: (r.change, r.author)):
        yield change, author, list(group)


def marked_up(
    runs: list[Run],
    run: Callable[[Run], str],
    wrap: Callable[[ChangeKind, str, Author | None], str],
) -> str:
    """Runs as text markup (md, html): each run by `run`, each changed group wrapped in
    its insertion or deletion by `wrap`."""
    out = []
    for change, author, group in changes(runs):
        inner = "".join(run(r) for r in group)
        out.append(wrap(change, inner, author) if change else inner)
    return "".join(out)


def _role(paragraph: Paragraph) -> Role:
    if paragraph.level == 1:
        return "title"
    return "heading" if paragraph.is_heading else "paragraph"


class _Styler:
    """Splits text into runs at italic phrases and footnote marks; the first citation of
    a footnote becomes its reference, later ones a superscript mark."""

    def __init__(self, draft: Draft) -> None:
        self.index = draft.footnote_index()
        self.cited: list[Footnote] = []
        self._cited: set[int] = set()  # their ids (the index gives one object per footnote)

    def notes(
        self, *paragraphs: Paragraph | None, numbers: list[str] | None = None
    ) -> dict[str, Footnote]:
        found: dict[str, Footnote] = {}
        for paragraph in paragraphs:
            if paragraph is not None:
                for note in self.index.of(paragraph, numbers):
                    found.setdefault(note.number, note)
        return found

    def cite(self, notes: Iterable[Footnote]) -> None:
        """Count `notes` as cited (by a paragraph laid out before, not again)."""
        for note in notes:
            if id(note) not in self._cited:
                self.cited.append(note)
                self._cited.add(id(note))

    def was_cited(self, note: Footnote) -> bool:
        return id(note) in self._cited

    def runs(
        self, text: str, italic: list[bool], notes: dict[str, Footnote], **style: object
    ) -> Iterator[Run]:
        """`text` as runs; `italic` holds one flag per character."""
        position = 0
        for mark in FOOTNOTE_MARK.finditer(text):
            yield from self._plain(text, position, mark.start(), italic, style)
            number = from_superscript(mark.group())
            note = notes.get(number)
            if note is not None and id(note) not in self._cited:
                self.cited.append(note)
                self._cited.add(id(note))
                yield Run(number, footnote=note, **style)  # type: ignore[arg-type]
            else:
                yield Run(number, superscript=True, **style)  # type: ignore[arg-type]
            position = mark.end()
        yield from self._plain(text, position, len(text), italic, style)

    @staticmethod
    def _plain(
        text: str, start: int, end: int, italic: list[bool], style: dict[str, object]
    ) -> Iterator[Run]:
        while start < end:
            flag = italic[start]
            stop = start
            while stop < end and italic[stop] == flag:
                stop += 1
            own = dict(style)
            own["italic"] = bool(own.get("italic")) or flag
            yield Run(text[start:stop], **own)  # type: ignore[arg-type]
            start = stop


def italics(text: str, phrases: list[str]) -> list[bool]:
    """One flag per character of `text`: inside the first use of an emphasised phrase."""
    flags = [False] * len(text)
    for phrase in phrases:
        start = text.find(phrase)
        if start >= 0:
            flags[start : start + len(phrase)] = [True] * len(phrase)
    return flags


def _masthead(draft: Draft, mode: str, edition: str) -> Sheet:
    document = draft.document
    organs = document.cover[0] if document.cover else ""
    return Sheet(
        title=document.title, mode=mode, edition=edition, organs=organs,
        distribution=document.distribution, date=document.date, original=document.original,
        symbol=f"{document.name}/{edition}",
    )  # fmt: skip


def latest(draft: Draft) -> str:
    """The name of the draft's latest revision ("draft" before the first)."""
    return draft.revisions[-1].name if draft.revisions else "draft"


# -- clean ------------------------------------------------------------------------------
def clean_sheet(draft: Draft, keep_brackets: bool = False) -> Sheet:
    """The statement as it now reads (`keep_brackets`: open places shown as brackets)."""
    sheet = _masthead(draft, "clean", latest(draft))
    styler = _Styler(draft)
    registry = Registry(draft.delegations)
    for paragraph in draft.negotiable:
        if paragraph.status is Status.DELETED or not paragraph.text:
            continue
        notes = styler.notes(paragraph)
        if keep_brackets and paragraph.brackets:
            runs = list(_content_runs(paragraph.content, paragraph, styler, notes, registry))
        else:
            text = paragraph.text
            runs = list(styler.runs(text, italics(text, paragraph.emphasis), notes))
        sheet.blocks.append(_block(paragraph, runs))
    sheet.footnotes = styler.cited
    return sheet


def _block(paragraph: Paragraph, runs: list[Run]) -> Block:
    return Block(
        _role(paragraph), runs, printed_number(paragraph), paragraph.level, paragraph.kind,
        paragraph=paragraph.id,
    )  # fmt: skip


# -- bracketed ----------------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class _Laid:
    """One paragraph as a sheet laid it out, and what its block depended on."""

    paragraph: Paragraph
    numbers: list[str]
    """The numbers of the footnote marks it carries (its text read once)."""
    cites: list[tuple[Footnote, bool]]
    """The footnotes it cites, each with whether a paragraph before it cited it first."""
    block: Block | None
    first: list[str]
    """The numbers of the footnotes it cites first (their reference is in its block)."""


@dataclass(slots=True, eq=False)
class LaidOut:
    """The paragraphs of the last bracketed sheet made with it: the next one lays out
    again only the paragraphs that changed (another object, unequal) or cite footnotes
    otherwise, and takes the other blocks as they were (the same objects). For drafts
    whose paragraphs are not changed in place between two sheets (drafts read from disk,
    as the live page reads them)."""

    delegations: tuple[str, ...] = ()
    paragraphs: dict[str, _Laid] = field(default_factory=dict)


def bracketed_sheet(draft: Draft, memo: LaidOut | None = None) -> Sheet:
    """The compilation text: proposals bold, wording proposed for deletion or replacement
    struck through, each followed by its supporters' tags; statuses closing paragraphs.
    `memo`: what the last sheet of this draft laid out (see :class:`LaidOut`)."""
    sheet = _masthead(draft, "bracketed", latest(draft))
    styler = _Styler(draft)
    registry = Registry(draft.delegations)
    delegations = tuple(draft.delegations)
    before = memo.paragraphs if memo is not None and memo.delegations == delegations else {}
    now: dict[str, _Laid] = {}
    for paragraph in draft.negotiable:
        old = before.get(paragraph.id)
        same = old is not None and (old.paragraph is paragraph or old.paragraph == paragraph)
        numbers = old.numbers if old is not None and same else footnote_numbers(paragraph.text)
        notes = styler.notes(paragraph, numbers=numbers)
        cites = [(note, styler.was_cited(note)) for note in notes.values()]
        if old is not None and same and old.cites == cites:
            styler.cite(notes[number] for number in old.first)
            laid, old.paragraph = old, paragraph  # (next time: the same object)
        else:
            start = len(styler.cited)
            block = _bracketed_block(paragraph, styler, notes, registry)
            laid = _Laid(paragraph, numbers, cites, block, [n.number for n in styler.cited[start:]])
        if laid.block is not None:
            sheet.blocks.append(laid.block)
        now[paragraph.id] = laid
    if memo is not None:
        memo.delegations, memo.paragraphs = delegations, now
    sheet.footnotes = styler.cited
    return sheet


def _bracketed_block(
    paragraph: Paragraph, styler: _Styler, notes: dict[str, Footnote], registry: Registry
) -> Block | None:
    runs = list(_content_runs(paragraph.content, paragraph, styler, notes, registry))
    status = notation.write_status(paragraph.status, paragraph.status_by, paragraph.package)
    if status:
        runs.append(Run(status, italic=True, notation=True))
    return _block(paragraph, runs) if runs else None


def _content_runs(
    content: list[Inline],
    paragraph: Paragraph,
    styler: _Styler,
    notes: dict[str, Footnote],
    registry: Registry,
    **style: object,
) -> Iterator[Run]:
    for part in content:
        if isinstance(part, Bracket):
            yield from _bracket_runs(part, paragraph, styler, notes, registry, style)
        else:
            yield from styler.runs(part, italics(part, paragraph.emphasis), notes, **style)


def _bracket_runs(
    bracket: Bracket,
    paragraph: Paragraph,
    styler: _Styler,
    notes: dict[str, Footnote],
    registry: Registry,
    style: dict[str, object],
) -> Iterator[Run]:
    options = bracket.options
    tagged = any(o.supporters or o.original for o in options)
    if not tagged:  # UNFCCC alternatives: [shall][should]
        for option in options:
            yield Run("[", notation=True)
            yield from _content_runs(option.content, paragraph, styler, notes, registry, **style)
            yield Run("]", notation=True)
        return
    empty = next((o for o in options if o.empty), None)
    challenged = any(o.supporters for o in options if not o.original)
    yield Run("[", notation=True)
    shown = [o for o in options if o is not empty]
    for index, option in enumerate(shown):
        if index:
            yield Run(" / ", notation=True)
        look = {"strike": True} if option.original and challenged else {}
        if not option.original:
            look = {"bold": True}
        yield from _content_runs(
            option.content, paragraph, styler, notes, registry, **(style | look)
        )
        groups = []
        if option.supporters:
            names = ", ".join(option.supporters)
            groups.append(f"{names} retain" if option.original else names)
        if index == len(shown) - 1 and empty is not None and empty.supporters:
            groups.append(", ".join(empty.supporters) + " delete")
        if groups:
            yield Run(" - " + "; ".join(groups), italic=True, notation=True)
    yield Run("]", notation=True)


# -- tracked ------------------------------------------------------------------------------
def tracked_sheet(draft: Draft, since: str | None = None, anonymous: bool = False) -> Sheet:
    """The changes since a revision (rev.0 when None), attributed and dated (`anonymous`:
    every change credited to "Proposal")."""
    paragraphs = unattributed(track(draft, since)) if anonymous else track(draft, since)
    base = since_name(draft, since)
    sheet = _masthead(draft, "tracked", f"changes since {base}")
    sheet.symbol = f"{draft.document.name}/{latest(draft)}"
    styler = _Styler(draft)
    for entry in paragraphs:
        sheet.blocks.append(_tracked_block(entry, styler))
    sheet.footnotes = styler.cited
    return sheet


def since_name(draft: Draft, since: str | None) -> str:
    return revision(draft, since).name


_CHANGE: dict[str, ChangeKind] = {"equal": "", "insert": "insert", "delete": "delete"}


def _tracked_block(entry: TrackedParagraph, styler: _Styler) -> Block:
    now, base = entry.paragraph, entry.base
    accepted, rejected = entry.accepted, entry.rejected
    now_italic = italics(accepted, now.emphasis)
    base_italic = italics(rejected, base.emphasis if base is not None else now.emphasis)
    notes = styler.notes(now, base)
    runs: list[Run] = []
    a = r = 0  # positions in the accepted and the rejected text
    for piece in entry.pieces:
        size = len(piece.text)
        deleted = piece.kind == "delete"
        flags = base_italic[r : r + size] if deleted else now_italic[a : a + size]
        runs += styler.runs(
            piece.text, flags, notes, change=_CHANGE[piece.kind], author=piece.author
        )
        a += 0 if piece.kind == "delete" else size
        r += 0 if piece.kind == "insert" else size
    block = _block(now, runs)
    if entry.inserted is not None:
        block.change, block.author = "insert", entry.inserted
    elif entry.deleted is not None:
        block.change, block.author = "delete", entry.deleted
    return block
