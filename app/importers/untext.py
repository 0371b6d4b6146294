"""Import a UN document distributed as plain text into a draft.

The text is read from its structure, never from a list of places: each non-blank line is a
block; footnote blocks (lines opening with superscript digits) are lifted out wherever a
page break put them; a paragraph that stops mid-sentence (no closing ``.``, ``;`` or ``:``)
continues in the next block of running text; a numbered paragraph continues until the next
number in sequence. So the same statement paginated differently gives the same paragraphs.

Landmarks of the UN layout drive the parts: the cover page up to "Note by the
Secretary-General", the report's introduction, "Annex I" (the negotiable statement) and
"Annex II" (summaries that were not negotiated, imported as context).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from app.core.delegations import Registry, default_registry
from app.core.draft import (
    FOOTNOTE_MARK,
    SUPERSCRIPT_DIGITS,
    Document,
    Draft,
    Footnote,
    Kind,
    Paragraph,
    Part,
    footnote_numbers,
)
from app.core.english import FUNCTION_WORDS
from app.core.errors import DraftroomError
from app.core.notation import STARRED, NotationReader

_FOOTNOTE_BLOCK = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$")
_COVER_NOTE = re.compile(r"^(\*+)\s+(.*)$")
_SUFFIX = r"(?: (?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|alt(?: \d+)?))"
_NUMBERED = re.compile(rf"^(\d+)({_SUFFIX}?)\.\s+(.*)$")
_PP_INSERTED = re.compile(rf"^PP(\d+)({_SUFFIX})\.\s+(.*)$")
_SEPARATOR = re.compile(r"^[_\-–—]{5,}$")
_TRAILING_STATUS = re.compile(
    r"(\s*\*?\[(?:Agreed[^\[\]]*|Deleted|Pending: [^\[\]]+|Reserved: [^\[\]]+|Package: [^\[\]]+)\]\*?)+$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^(\([a-z]{1,3}\))\s+(.*)$")
_SECTION = re.compile(r"^([A-Z])\.\s+(.*)$")
_ANNEX = re.compile(r"^Annex\s+([IVX]+)$")
_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
_NOTE_HEADING = re.compile(r"^Note by the Secretary-General$")
#: A heading is short; running text cut by a page break is not.
_HEADING_MAX = 500


@dataclass(slots=True)
class _Block:
    line: int
    text: str
    column: int = 1
    """Where `text` starts in the file's line (a paragraph number cut off before it)."""
    whole: str = ""
    """The file's line, for messages (empty: `text` is the line)."""


@dataclass(slots=True)
class _Open:
    """The paragraph being assembled, with what it needs to know about continuation."""

    paragraph: Paragraph
    body: list[_Block] = field(default_factory=list)


def _bare(text: str) -> str:
    """A block without what may follow its last word: status tags (in italics too, as our
    Markdown prints them), footnote marks, closing quotes and stars."""
    return FOOTNOTE_MARK.sub("", _TRAILING_STATUS.sub("", text)).rstrip(" \"'”’)*")


def _terminated(text: str) -> bool:
    """Whether a block ends a sentence; footnote marks, closing quotes and status tags
    don't count, and a line closing all its brackets ends its paragraph."""
    unmarked = _TRAILING_STATUS.sub("", text)
    if unmarked.endswith("]") and unmarked.count("[") == unmarked.count("]"):
        return True
    return _bare(text).endswith((".", ";", ":", "?", "!"))


def _looks_like_heading(text: str, following: str) -> bool:
    """A short unterminated line, not cut mid-phrase, not followed by a lowercase tail;
    a footnote mark or a status after its last word does not count (a preambular
    paragraph ending ``2009,¹ [Agreed]`` is no heading)."""
    bare = _bare(text)
    words = bare.split() or text.split()
    return (
        len(text) <= _HEADING_MAX
        and not _terminated(text)
        and not bare.endswith(",")
        and words[-1].casefold() not in FUNCTION_WORDS  # a page break cut it mid-phrase
        and not following[:1].islower()
    )


def _emphasis(text: str) -> tuple[str, list[str], list[tuple[int, int]]]:
    """Strip the stars around ``*italic*`` phrases, remembering the phrases and where stars
    went (each cut: its place in the result, the stars taken there). A lone star and an
    escaped ``\\*`` are the text's own (our txt export escapes its stars): both are kept,
    the escape for the notation reader."""
    out: list[str] = []
    phrases: list[str] = []
    cuts: list[tuple[int, int]] = []
    at = length = 0
    for match in STARRED.finditer(text):
        if match.group(1) is None:  # an escape
            continue
        stars = len(match.group(1))
        out.append(text[at : match.start()])
        length += match.start() - at
        cuts.append((length, stars))
        out.append(match.group(2))
        length += len(match.group(2))
        cuts.append((length, stars))
        # a footnote mark in italics (Word italicises the anchor with its phrase) is no
        # part of the phrase
        phrases.append(match.group(2).replace("\\*", "*").rstrip(SUPERSCRIPT_DIGITS))
        at = match.end()
    out.append(text[at:])
    return "".join(out), phrases, cuts


class _Importer:
    def __init__(
        self, text: str, name: str, source: str, registry: Registry, strict: bool,
        headings: Collection[int] | None = None,
    ) -> None:  # fmt: skip
        self.text = text
        self.headings = headings
        self.name = name
        self.source = source
        self.registry = registry
        self.strict = strict
        self.warnings: list[DraftroomError] = []
        self.last_body: _Open | None = None
        self.line = 0
        self.block = _Block(0, "")
        self.paragraphs: list[_Open] = []
        self.footnotes: list[tuple[str, str]] = []
        self.cover_notes: list[str] = []
        self.open: _Open | None = None
        self.part = Part.STATEMENT
        self.after_landmark = False
        self.section = ""
        self.section_parent = ""
        self.last_top_number = ""
        self.last_number = 0
        self.seen_numbered = False

    # -- blocks -------------------------------------------------------------------------
    def blocks(self) -> list[_Block]:
        lines = self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return [
            _Block(i + 1, line.strip(), len(line) - len(line.lstrip()) + 1, line.rstrip())
            for i, line in enumerate(lines)
            if line.strip()
        ]

    # -- assembling ---------------------------------------------------------------------
    def _new_id(self) -> str:
        return f"p{len(self.paragraphs) + 1:03d}"

    def _start(self, kind: Kind, text: str, **fields: Any) -> None:
        paragraph = Paragraph(id=self._new_id(), kind=kind, part=self.part, **fields)
        opened = _Open(paragraph, [self._here(text)])
        self.paragraphs.append(opened)
        self.open = None if paragraph.is_heading or self._ends(text) else opened
        self.last_body = None if paragraph.is_heading else opened

    def _continue(self, target: _Open, text: str) -> None:
        target.body.append(self._here(text))
        self.open = None if self._ends(text) else target

    def _here(self, text: str) -> _Block:
        """A block for `text`, the end of the line being read (its number cut off)."""
        block = self.block
        if block.text.endswith(text):
            offset = len(block.text) - len(text)
            return _Block(block.line, text, block.column + offset, block.whole)
        return _Block(self.line, text)

    def _ends(self, text: str) -> bool:
        """Whether a block ends its paragraph: every line does when the layout is known."""
        return self.headings is not None or _terminated(text)

    def _is_heading(self, text: str, following: str) -> bool:
        """Whether the block being read is a heading: as the layout says, when known."""
        if self.headings is not None:
            return self.block.line in self.headings
        return _looks_like_heading(text, following)

    def _expected(self, number: int) -> bool:
        """Whether a number opens the next paragraph (and is not text cut by a page): the
        next in sequence, a 1, or the first number after the preamble (a list may start
        at 5), not a year cut off by a page."""
        first = not self.seen_numbered and number < 1000
        return number == self.last_number + 1 or number == 1 or first

    def _heading(self, text: str, level: int) -> None:
        kind = Kind.HEADING if self.part is Part.STATEMENT else Kind.CONTEXT
        self._start(kind, text, level=level)

    # -- the walk -----------------------------------------------------------------------
    def run(self) -> Draft:
        blocks = self.blocks()
        if not blocks:
            raise DraftroomError("the file is empty: there is no text to import", path=self.source)
        document, start = self._cover(blocks)
        self.last_body = None
        following = ""
        tails: list[str] = []
        for block in reversed(blocks):
            tails.append(following)
            if not _FOOTNOTE_BLOCK.match(block.text):
                following = block.text
        tails.reverse()
        for block, tail in zip(blocks[start:], tails[start:], strict=True):
            self.line, self.block = block.line, block
            self._block(block, tail)
        return self._finish(document)

    def _cover(self, blocks: list[_Block]) -> tuple[Document, int]:
        """Read the cover page and the Secretary-General's note, if the text has them."""
        note_at = next((i for i, b in enumerate(blocks) if _NOTE_HEADING.match(b.text)), None)
        document = Document(name=self.name, title="", source=self.source)
        if note_at is None:
            return document, 0
        for block in blocks[:note_at]:
            text = block.text
            if text.startswith("Distr.:"):
                document.distribution = text.removeprefix("Distr.:").strip()
            elif text.startswith("Original:"):
                document.original = text.removeprefix("Original:").strip()
            elif _DATE.match(text):
                document.date = text
            else:
                document.cover.append(text)
        # The cover's title is its last line: the one right above the note's heading.
        if document.cover:
            document.report_title = document.cover.pop()
        self.part = Part.NOTE
        self._heading(blocks[note_at].text, level=1)
        return document, note_at + 1

    def _block(self, block: _Block, following: str) -> None:
        text = block.text
        mark = _FOOTNOTE_BLOCK.match(text)
        if mark:
            number = footnote_numbers(mark.group(1))[0]
            self.footnotes.append((number, mark.group(2)))
            return
        if self.part is Part.NOTE and _COVER_NOTE.match(text):
            self.cover_notes.append(text)
            return
        if _SEPARATOR.match(text):
            return
        annex = _ANNEX.match(text)
        if annex:
            self._landmark(Part.STATEMENT if annex.group(1) == "I" else Part.ANNEX)
            return
        numbered = _NUMBERED.match(text)
        inserted = _PP_INSERTED.match(text)
        if self.open is not None:
            starts = inserted or (
                numbered and (numbered.group(2) or self._expected(int(numbered.group(1))))
            )
            if not starts:
                self._continue(self.open, text)
                return
        if self.after_landmark:
            self.after_landmark = False
            self._heading(text, level=1)
            return
        if inserted and self.part is Part.STATEMENT:
            self._start(
                Kind.PREAMBULAR, inserted.group(3), number=inserted.group(1),
                suffix=inserted.group(2).strip(),
            )  # fmt: skip
            return
        if numbered:
            self._numbered(int(numbered.group(1)), numbered.group(2).strip(), numbered.group(3))
            return
        item = _ITEM.match(text)
        if item and self.part is Part.STATEMENT and self.last_top_number:
            # a lettered sub-paragraph of the operative paragraph before it: OP6 (a), and
            # in a section, of the section's paragraph before it: OP33 A 2 (a)
            in_section = bool(self.section and self.last_number)
            self._start(
                Kind.OPERATIVE, item.group(2),
                number=str(self.last_number) if in_section else self.last_top_number,
                parent=self.section_parent if in_section else "", suffix=item.group(1),
                section=self.section,
            )  # fmt: skip
            return
        if item:
            self._start(Kind.CONTEXT, item.group(2), number=item.group(1))
            return
        section = _SECTION.match(text)
        if section and self.part is Part.STATEMENT and self._is_heading(text, following):
            self.section, self.section_parent = section.group(1), self.last_top_number
            self.last_number = 0
            self._heading(text, level=2)
            return
        if self._is_heading(text, following):
            if self.part is Part.NOTE:
                self.part = Part.INTRODUCTION
            self._heading(text, level=3 if self.section else 2)
            return
        self._unnumbered(text)

    def _landmark(self, part: Part) -> None:
        self.part = part
        self.open = None
        self.after_landmark = True
        self.section = self.section_parent = ""
        self.last_number = 0
        self.seen_numbered = False

    def _numbered(self, number: int, suffix: str, text: str) -> None:
        if not suffix:
            self.last_number = number
        self.seen_numbered = True
        if self.part is Part.STATEMENT:
            if self.section:
                self._start(
                    Kind.OPERATIVE, text, number=str(number), suffix=suffix,
                    parent=self.section_parent, section=self.section,
                )  # fmt: skip
            else:
                if not suffix:
                    self.last_top_number = str(number)
                self._start(Kind.OPERATIVE, text, number=str(number), suffix=suffix)
        else:
            self._start(Kind.CONTEXT, text, number=str(number))

    def _unnumbered(self, text: str) -> None:
        if self.part is Part.STATEMENT:
            if self.seen_numbered and self.last_body is not None:
                # Running text between numbered paragraphs belongs to the one before it:
                # a page break after a full stop, not a new paragraph.
                self._continue(self.last_body, text)
                return
            count = sum(
                1 for p in self.paragraphs
                if p.paragraph.kind is Kind.PREAMBULAR and not p.paragraph.suffix
            )  # fmt: skip
            self._start(Kind.PREAMBULAR, text, number=str(count + 1))
            return
        self._start(Kind.CONTEXT, text)

    # -- finishing ----------------------------------------------------------------------
    def _finish(self, document: Document) -> Draft:
        paragraphs: list[Paragraph] = []
        counter = iter(range(1, 10**9))
        for opened in self.paragraphs:
            raw = " ".join(block.text for block in opened.body)
            unstarred, emphasis, cuts = _emphasis(raw)
            paragraph = opened.paragraph
            paragraph.emphasis = [e.replace("[", "").replace("]", "") for e in emphasis]
            if paragraph.negotiable and ("[" in raw or "]" in raw or "\\" in raw):
                # read as it reads without the *italic* marks; errors point into the file
                reader = NotationReader(
                    self.registry, lambda: f"b{next(counter)}", strict=self.strict,
                    path=self.source, locate=_locator(opened.body, cuts),
                )  # fmt: skip
                parsed = reader.parse(unstarred)
                self.warnings += parsed.warnings
                paragraph.content = parsed.content
                paragraph.status, paragraph.status_by = parsed.status, parsed.status_by
                paragraph.package = parsed.package
            else:
                paragraph.text = re.sub(r"\s+", " ", unstarred).strip()
            paragraphs.append(paragraph)
        title = next((p.text for p in paragraphs if p.kind is Kind.HEADING and p.level == 1), "")
        document.title = title or document.report_title or self.name
        document.cover_notes = self.cover_notes
        draft = Draft(document, paragraphs, self._attach_footnotes(paragraphs))
        draft.next_paragraph = len(paragraphs)
        draft.next_bracket = next(counter)
        return draft

    def _attach_footnotes(self, paragraphs: list[Paragraph]) -> list[Footnote]:
        """Attach each footnote to the paragraph carrying its mark, in text order.

        A footnote block goes to the first paragraph whose text carries its mark and that
        no earlier block of the same number has claimed (numbering may restart between a
        report and its annex). Later marks of a claimed number are repeated references.
        Footnotes are ordered by where their marks stand, not by where a page put them.
        """
        marks = [(p.id, n) for p in paragraphs for n in footnote_numbers(p.text)]
        order = {mark: i for i, mark in reversed(list(enumerate(marks)))}
        claimed: set[tuple[str, str]] = set()
        footnotes: list[Footnote] = []
        for number, raw in self.footnotes:
            text, emphasis, _ = _emphasis(raw)
            text = text.replace("\\*", "*")
            owner = next((m for m in marks if m[1] == number and m not in claimed), None)
            if owner:
                claimed.add(owner)
            footnotes.append(Footnote(number, text.strip(), owner[0] if owner else "", emphasis))
        unplaced = len(marks)
        return sorted(footnotes, key=lambda f: order.get((f.paragraph, f.number), unplaced))


def _locator(
    body: list[_Block], cuts: list[tuple[int, int]]
) -> Callable[[int], tuple[int, int, str]]:
    """Maps an offset in a paragraph's joined text, read without its italics' stars
    (`cuts`, see `_emphasis`), to the line, column and text of the block it came from, so
    a notation error points into the file."""

    def locate(at: int) -> tuple[int, int, str]:
        at += sum(stars for place, stars in cuts if place <= at)
        offset = 0
        for block in body:
            if at <= offset + len(block.text) or block is body[-1]:
                return block.line, block.column + at - offset, block.whole or block.text
            offset += len(block.text) + 1
        raise AssertionError("a paragraph has blocks")

    return locate


def import_un_text(
    text: str,
    *,
    name: str,
    source: str = "",
    registry: Registry | None = None,
    strict: bool = False,
    warnings: list[DraftroomError] | None = None,
    headings: Collection[int] | None = None,
) -> Draft:
    """A draft from a UN document's plain text (see the module docstring for the rules).

    Brackets are read in notation (a compilation text); in the default lenient mode a
    stray bracket is kept as text and reported in `warnings`, with `strict` it is an error.
    `headings`, when the layout is known (our Markdown export marks its headings), are the
    lines that are headings; every other line is then a paragraph of its own, never one
    cut by a page.
    """
    importer = _Importer(text, name, source, registry or default_registry(), strict, headings)
    draft = importer.run()
    if warnings is not None:
        warnings.extend(importer.warnings)
    return draft
