"""The draft: one negotiating text and everything recorded about it.

A draft is an ordered list of paragraphs plus the footnotes they reference and the
document's cover metadata. Paragraph ids are stable (they survive renumbering and are what
the store and the history refer to); labels such as ``OP7 bis`` are derived from the
paragraph's kind, number, section and suffix (see :mod:`app.core.labels`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import MutableSequence
from dataclasses import dataclass, field
from enum import StrEnum

from app.core.brackets import Bracket, Inline, plain_content, reading, walk
from app.core.history import Event, Revision


class Kind(StrEnum):
    """What a paragraph is in the negotiation."""

    PREAMBULAR = "preambular"
    """A preambular paragraph (PP): "Recalling…", "We, the Ministers…"."""
    OPERATIVE = "operative"
    """An operative paragraph (OP): numbered, opens with an italic verb."""
    HEADING = "heading"
    """A heading inside the negotiable text (its wording can be negotiated too)."""
    CONTEXT = "context"
    """Shown but never amended: a report's introduction, a chair's summary."""


class Status(StrEnum):
    """Where the room is on a paragraph."""

    OPEN = "open"
    """No decision yet: shown as "bracketed" while it holds brackets."""
    AGREED_IN_INFORMALS = "agreed in informals"
    AGREED_AD_REF = "agreed ad ref"
    """Agreed, pending agreement on the whole text."""
    AGREED = "agreed"
    PENDING = "pending"
    """Agreed by the room but for the delegations named, who are consulting capitals."""
    RESERVED = "reserved"
    """A delegation has placed a reservation on the paragraph."""
    DELETED = "deleted"


class Part(StrEnum):
    """Where a paragraph sits in the document as distributed."""

    NOTE = "note"
    INTRODUCTION = "introduction"
    STATEMENT = "statement"
    ANNEX = "annex"


#: Footnote marks as UN plain text prints them: superscript digits glued to the text.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_MARK = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript(number: int | str) -> str:
    """`12` -> `¹²`, the footnote mark as it appears in the text."""
    return str(number).translate(_TO_SUPERSCRIPT)


def from_superscript(mark: str) -> str:
    """`¹²` -> `12`, the footnote number a mark in the text stands for."""
    return mark.translate(_FROM_SUPERSCRIPT)


def footnote_numbers(text: str) -> list[str]:
    """The footnote numbers whose marks appear in `text`, in order."""
    return [from_superscript(m.group()) for m in FOOTNOTE_MARK.finditer(text)]


@dataclass(slots=True)
class Paragraph:
    """A unit of text with a stable id; its label is derived, never stored."""

    id: str
    """Stable identifier (``p0042``); never reused, survives renumbering."""
    kind: Kind
    content: list[Inline] = field(default_factory=list)
    """Agreed text and brackets; footnote marks kept inline as superscript digits."""
    part: Part = Part.STATEMENT
    number: str = ""
    """The printed number: ``"3"``, ``"(a)"``; empty for unnumbered paragraphs."""
    parent: str = ""
    """For paragraphs inside a sectioned operative paragraph (OP33 A 1): ``"33"``."""
    section: str = ""
    """The section letter inside that paragraph: ``"A"``."""
    suffix: str = ""
    """``bis``, ``ter``, ``alt``… for paragraphs proposed during the negotiation."""
    level: int = 0
    """Heading level (1 title, 2 section, 3 sub-heading); 0 for running text."""
    emphasis: list[str] = field(default_factory=list)
    """Phrases printed in italics (operative verbs, titles of publications)."""
    status: Status = Status.OPEN
    """The room's decision on the paragraph (see :attr:`shown_status` for what to show)."""
    status_by: list[str] = field(default_factory=list)
    """The delegations a ``pending`` or ``reserved`` status names."""
    package: str = ""
    """Name of the package this paragraph is held together with, if any."""

    @property
    def text(self) -> str:
        """The paragraph as it now reads: each open place at its current wording."""
        return reading(self.content)

    @text.setter
    def text(self, value: str) -> None:
        self.content = plain_content(value)

    @property
    def brackets(self) -> list[Bracket]:
        """Every open bracket, nested ones included, in reading order."""
        return list(walk(self.content))

    @property
    def shown_status(self) -> str:
        """The status as facilitators say it: "bracketed" for an open paragraph with
        brackets, "pending Iran (Islamic Republic of)" with the delegations named."""
        if self.status is Status.OPEN:
            return "bracketed" if any(True for _ in walk(self.content)) else "open"
        if self.status_by:
            return f"{self.status.value} {', '.join(self.status_by)}"
        return self.status.value

    @property
    def negotiable(self) -> bool:
        """Whether delegations may propose amendments to this paragraph."""
        return self.kind is not Kind.CONTEXT

    @property
    def is_heading(self) -> bool:
        return self.level > 0

    def emphasis_spans(self) -> list[tuple[int, int]]:
        """Character ranges of `text` to print in italics (first use of each phrase)."""
        spans = []
        for phrase in self.emphasis:
            start = self.text.find(phrase)
            if start >= 0:
                spans.append((start, start + len(phrase)))
        return spans


@dataclass(slots=True)
class Footnote:
    """A footnote, attached to the paragraph whose text carries its mark."""

    number: str
    text: str
    paragraph: str = ""
    """Id of the paragraph carrying the mark; empty for cover-page notes."""
    emphasis: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """What the cover page says about the document."""

    name: str
    """Short name of the draft, used in file names (``cnd-2014-jms``)."""
    title: str
    """Title of the negotiable text."""
    source: str = ""
    """The file the draft was imported from."""
    report_title: str = ""
    """Title of the document as distributed (the cover page)."""
    date: str = ""
    distribution: str = ""
    original: str = ""
    cover: list[str] = field(default_factory=list)
    """The cover page's remaining lines (organs, sessions, agenda items), as printed."""
    cover_notes: list[str] = field(default_factory=list)
    """Cover-page footnotes (``* A/69/50.``)."""


@dataclass(slots=True)
class Draft:
    """One negotiating text and everything recorded about it."""

    document: Document
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    history: MutableSequence[Event] = field(default_factory=list)
    """Every change, oldest first (a list, or a :class:`History` a store reads later)."""
    revisions: list[Revision] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    """Delegations added to this draft beyond the bundled list (``--new-delegation``)."""
    next_paragraph: int = 0
    """Counter for new paragraph ids (ids are never reused, even after an undo)."""
    next_bracket: int = 1
    """Counter for new bracket ids."""
    stored: object = field(default=None, compare=False, repr=False)
    """What the store remembers of where this draft was read or saved (opaque here): so a
    change another program made underneath is told from this draft's own."""
    sources: list[str] = field(default_factory=list)
    """Folders of adopted texts the draft is checked against (``draftroom sources``);
    a relative path is relative to the draft's folder."""

    def new_paragraph_id(self) -> str:
        self.next_paragraph = max(self.next_paragraph, len(self.paragraphs)) + 1
        return f"p{self.next_paragraph:03d}"

    def new_bracket_id(self) -> str:
        bracket_id = f"b{self.next_bracket}"
        self.next_bracket += 1
        return bracket_id

    def bracket(self, bracket_id: str) -> tuple[Paragraph, Bracket]:
        """The bracket with this id and the paragraph holding it."""
        for paragraph in self.paragraphs:
            for bracket in walk(paragraph.content):
                if bracket.id == bracket_id:
                    return paragraph, bracket
        raise KeyError(bracket_id)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def footnote_index(self) -> FootnoteIndex:
        """Which footnotes each paragraph's marks cite, indexed once (an export asks for
        every paragraph's: see :class:`FootnoteIndex`)."""
        return FootnoteIndex(self)

    def footnotes_of(self, paragraph: Paragraph) -> list[Footnote]:
        """The footnotes whose marks the paragraph carries (see :class:`FootnoteIndex`;
        for many paragraphs, build one with :meth:`footnote_index`)."""
        return FootnoteIndex(self).of(paragraph)

    @property
    def negotiable(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.negotiable]


class FootnoteIndex:
    """The footnotes each paragraph's marks cite, for a whole draft: built once, each
    paragraph's then looked up by number, whatever the draft's length.

    A mark may repeat a footnote attached to an earlier paragraph (OP3 of the statement
    cites footnote 1 again): it resolves to the nearest one attached at or before the
    paragraph (the first listed, of several attached to one paragraph); failing that, to
    the first listed of its number. Footnotes attached to no paragraph of the draft (cover
    notes) are never cited. A paragraph not in the draft (a revision's) counts as after
    every paragraph. Footnotes that compare equal are given as one object, the first listed.
    """

    def __init__(self, draft: Draft) -> None:
        self._position = {p.id: i for i, p in enumerate(draft.paragraphs)}
        self._end = len(draft.paragraphs)
        # by number: the positions holding one, ascending, and the first listed at each
        self._at: dict[str, tuple[list[int], list[Footnote]]] = {}
        self._first: dict[str, Footnote] = {}
        found: dict[str, dict[int, Footnote]] = {}
        for note in draft.footnotes:
            where = self._position.get(note.paragraph)
            if where is not None:
                found.setdefault(note.number, {}).setdefault(where, note)
                self._first.setdefault(note.number, note)
        for number, by_position in found.items():
            ordered = sorted(by_position)
            self._at[number] = (ordered, [by_position[i] for i in ordered])

    def of(self, paragraph: Paragraph, numbers: list[str] | None = None) -> list[Footnote]:
        """The footnotes whose marks the paragraph carries, in the order they appear
        (`numbers`: the marks' numbers, when the caller knows them already)."""
        here = self._position.get(paragraph.id, self._end)
        found: list[Footnote] = []
        for number in footnote_numbers(paragraph.text) if numbers is None else numbers:
            entry = self._at.get(number)
            if entry is None:
                continue
            positions, notes = entry
            before = bisect_right(positions, here)
            chosen = notes[before - 1] if before else self._first[number]
            if chosen not in found:
                found.append(chosen)
        return found
