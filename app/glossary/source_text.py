"""A cited document as a reader opens it: its paragraphs under the labels findings cite
them by (PP3, OP26), and where in them a finding's passage stands, with the words that
the text checked changes.

The index (`app.glossary.index`) keeps only passages, clauses with their end punctuation
cut off, which is what the checker needs and all it reads on every check. The room's
viewer needs the paragraphs as printed, so they are kept beside the index in a file of
their own (``HASH-V.text.json``), read only when a passage is opened: the check does not
read them (its budget is 0.5 s against 50 resolutions, with little margin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.draft import Draft
from app.glossary.findings import Change
from app.glossary.sources import SourceDocument, labelled_paragraphs
from app.glossary.words import words


@dataclass(slots=True)
class SourceText:
    """An adopted text's paragraphs as printed, each with the label it is cited by ("" for
    a heading or the organ's opening words, which are never cited)."""

    symbol: str
    file: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"symbol": self.symbol, "paragraphs": [list(p) for p in self.paragraphs]}

    @classmethod
    def from_json(cls, data: dict[str, object], file: str) -> SourceText:
        paragraphs = [(str(label), str(text)) for label, text in data["paragraphs"]]  # type: ignore[attr-defined]
        return cls(str(data["symbol"]), file, paragraphs)


def source_text(draft: Draft, document: SourceDocument) -> SourceText:
    """The text of `document`, read as `draft`: every paragraph, the cited ones labelled
    as its passages are (the same cut, so a citation finds its paragraph)."""
    paragraphs = [
        (label, " ".join(text.split()))
        for label, text in labelled_paragraphs(draft, everything=True)
    ]
    return SourceText(document.symbol, document.file, paragraphs)


@dataclass(slots=True)
class Place:
    """Where a passage stands in a source text."""

    paragraph: int
    """The paragraph's index in `SourceText.paragraphs`."""
    start: int
    end: int
    """The passage in the paragraph's text (character offsets)."""
    changed: list[tuple[int, int, str]] = field(default_factory=list)
    """The passage's words the text checked does not have as agreed, in the paragraph's
    text, with the kind of change (substitution, omission, inflection, moved, head)."""


def place(text: SourceText, label: str, wording: str, diff: list[Change]) -> Place | None:
    """Where `wording` (a passage cited as paragraph `label`) stands in `text`: in the
    paragraph of that label, else in any (a document changed since it was indexed may
    have moved it); None when it is in none. `diff` (a finding's, word by word) marks
    the words of the passage that the text checked changed."""
    pattern = re.compile(
        r"\s+".join(re.escape(w) for w in wording.split()), re.IGNORECASE
    )  # (the index keeps a passage's spaces as one, its case as first agreed)
    order = sorted(range(len(text.paragraphs)), key=lambda i: text.paragraphs[i][0] != label)
    for index in order:
        found = pattern.search(text.paragraphs[index][1])
        if found:
            passage = text.paragraphs[index][1][found.start() : found.end()]
            changed = [
                (found.start() + a, found.start() + b, op) for a, b, op in marks(passage, diff)
            ]
            return Place(index, found.start(), found.end(), changed)
    return None


def marks(passage: str, diff: list[Change]) -> list[tuple[int, int, str]]:
    """The words of `passage` (the agreed wording) that `diff` changes, each with the
    kind of change: the diff names the entry's words in their order, so each change's
    words are found after the last one's."""
    found = words(passage)
    keys = [w.key for w in found]
    marked: list[tuple[int, int, str]] = []
    at = 0
    for change in diff:
        wanted = [w.key for w in words(change.entry)]
        if not wanted:
            continue  # words the text inserted: not in the passage
        for start in range(at, len(keys) - len(wanted) + 1):
            if keys[start : start + len(wanted)] == wanted:
                if change.op != "equal":
                    marked.append(
                        (found[start].start, found[start + len(wanted) - 1].end, change.op)
                    )
                at = start + len(wanted)
                break
    return marked
