"""The draft: one negotiating text and everything recorded about it.

A draft is an ordered list of paragraphs plus the footnotes they reference and the
document's cover metadata. Paragraph ids are stable (they survive renumbering and are what
the store and the history refer to); labels such as ``OP7 bis`` are derived from the
paragraph's kind, number, section and suffix (see :mod:`app.core.labels`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


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


def footnote_numbers(text: str) -> list[str]:
    """The footnote numbers whose marks appear in `text`, in order."""
    return [m.group().translate(_FROM_SUPERSCRIPT) for m in FOOTNOTE_MARK.finditer(text)]


@dataclass(slots=True)
class Paragraph:
    """A unit of text with a stable id; its label is derived, never stored."""

    id: str
    """Stable identifier (``p0042``); never reused, survives renumbering."""
    kind: Kind
    text: str
    """The wording, footnote marks kept inline as superscript digits."""
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
    status: str = "open"
    """Where the room is on this paragraph (see issue #3 for the full set)."""

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

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def footnotes_of(self, paragraph: Paragraph) -> list[Footnote]:
        """The footnotes whose marks the paragraph carries, in the order they appear.

        A mark may repeat a footnote attached to an earlier paragraph (OP3 of the
        statement cites footnote 1 again); it resolves to the nearest one before it.
        """
        position = {p.id: i for i, p in enumerate(self.paragraphs)}
        here = position.get(paragraph.id, len(self.paragraphs))
        found: list[Footnote] = []
        for number in footnote_numbers(paragraph.text):
            candidates = [
                f for f in self.footnotes if f.number == number and f.paragraph in position
            ]
            before = [f for f in candidates if position[f.paragraph] <= here]
            chosen = max(before, key=lambda f: position[f.paragraph]) if before else None
            if chosen is None and candidates:
                chosen = candidates[0]
            if chosen is not None and chosen not in found:
                found.append(chosen)
        return found

    @property
    def negotiable(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.negotiable]
