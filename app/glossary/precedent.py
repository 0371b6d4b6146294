"""Precedent: a text checked against the passages of adopted documents, each finding
citing where the wording was agreed ("A/RES/71/211, OP19"), and lookup of a wording.

The passages become glossary entries for the existing checker (its public `Checker`,
unchanged): the same wording agreed in several documents is one entry that cites them
all, newest first, so a text repeating a formula of ten omnibus resolutions gets one
finding with ten citations, not ten findings.

Building a checker over every passage of 50 resolutions (6,400 entries) took 0.7 s, over
the 0.5 s budget by itself, and a pickled checker loaded slower still (0.86 s). So the
checker is built for each text over the passages that could be candidates: those
sharing with the text at least as many word pairs as the checker needs to consider
them (the stems are kept in the index; a superset of the checker's own vote, function
word pairs counted too), a few hundred entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from app.core import proposals
from app.core.draft import Draft
from app.core.english import FUNCTION_WORDS
from app.glossary.checker import Checker, Finding
from app.glossary.entries import Entry
from app.glossary.findings import Change
from app.glossary.lookup import lookup
from app.glossary.readings import check_draft, readings
from app.glossary.sources import Passage, SourceDocument
from app.glossary.words import gc_paused, stem, words


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a wording was agreed: the document's symbol and the paragraph's label."""

    symbol: str
    paragraph: str
    date: tuple[int, int, int]
    file: str

    def __str__(self) -> str:
        return f"{self.symbol}, {self.paragraph}"

    def to_json(self) -> dict[str, object]:
        year = self.date[0] or None
        return {"symbol": self.symbol, "paragraph": self.paragraph, "year": year,
                "file": self.file}  # fmt: skip


@dataclass(slots=True)
class Precedent:
    """A passage found for a query: the entry, where agreed, and the difference."""

    entry: Entry
    citations: list[Citation]
    score: float
    diff: list[tuple[str, str]]
    """Word by word against the query: ("insertion", the passage's words the query lacks),
    ("omission", the query's words the passage lacks), or ("equal"|"substitution"|…, the
    passage's words)."""


class Precedents:
    """The passages of adopted documents, indexed for checking and lookup."""

    def __init__(self, documents: list[SourceDocument]) -> None:
        with gc_paused():
            self._merge(documents)
        self._checker: Checker | None = None

    def _merge(self, documents: list[SourceDocument]) -> None:
        """One entry per wording, citing every document that has it, newest first."""
        by_wording: dict[str, int] = {}
        passages_of: dict[str, Passage] = {}
        self.entries: list[Entry] = []
        self.cited: dict[str, list[Citation]] = {}
        for document in documents:
            for passage in document.passages:
                key = " ".join(passage.text.split()).casefold()
                citation = Citation(
                    document.symbol, passage.paragraph, document.date, document.file
                )
                number = by_wording.get(key)
                if number is None:
                    number = by_wording[key] = len(self.entries)
                    entry_id = f"source:{number}"
                    self.entries.append(Entry(passage.text, str(citation), id=entry_id))
                    self.cited[entry_id] = []
                    passages_of[entry_id] = passage
                cited = self.cited[self.entries[number].id]
                if citation not in cited:
                    cited.append(citation)
        for entry in self.entries:
            cited = self.cited[entry.id]
            cited.sort(key=lambda c: c.date, reverse=True)  # newest first
            entry.source = str(cited[0])
            entry.also_in = [str(c) for c in cited[1:]]
            entry.verified = True  # read in the document itself
        self.passages = [passages_of[e.id] for e in self.entries]

    @property
    def checker(self) -> Checker:
        """A checker over every passage (lookup, or a text touching most of them)."""
        if self._checker is None:
            with gc_paused():
                self._checker = Checker(self.entries, [p.words() for p in self.passages])
        return self._checker

    def checker_for(self, texts: Iterable[str]) -> Checker:
        """A checker over the passages that `texts` could use (see the module's note)."""
        with gc_paused():
            return self._checker_for(texts)

    def _checker_for(self, texts: Iterable[str]) -> Checker:
        have: set[tuple[str, str]] = set()
        for text in texts:
            found = [stem(w.key) for w in words(text)]
            have.update(pairwise(found))
        kept = []
        kept_words = []
        for entry, passage in zip(self.entries, self.passages, strict=True):
            pairs = list(pairwise(map(stem, passage.keys.split())))
            content = sum(1 for a, b in pairs if not (a in FUNCTION_WORDS and b in FUNCTION_WORDS))
            need = min(content, max(2, round(0.4 * content)))
            if need and sum(1 for pair in pairs if pair in have) >= need:
                kept.append(entry)
                kept_words.append(passage.words())
        return Checker(kept, kept_words)

    def citations(self, entry: Entry) -> list[Citation]:
        return self.cited.get(entry.id, [])

    def check(self, paragraphs: list[tuple[str, str]]) -> list[Finding]:
        checker = self.checker_for(t for _, t in paragraphs)
        with gc_paused():
            return checker.check(paragraphs)

    def check_draft(self, draft: Draft) -> list[Finding]:
        """Findings in a draft as it reads and as each proposal would have it read."""
        texts = [r.text for r in readings(draft, reach=400)]
        checker = self.checker_for(texts)
        with gc_paused():
            return check_draft(draft, checker)

    def finding_json(self, finding: Finding) -> dict[str, object]:
        """A finding as `check --json` gives it, with `source` the document and paragraph
        agreed most recently and `sources` every document, newest first."""
        data = finding.to_json()
        cited = self.citations(finding.entry)
        if cited:
            data["source"] = cited[0].to_json()
            data["sources"] = [c.to_json() for c in cited]
            data["also_in"] = [str(c) for c in cited[1:]]
        return data

    def lookup(self, query: str, limit: int = 10) -> list[Precedent]:
        """Passages where `query`'s wording, or something close, was agreed: those the
        checker finds in the query (exact, then near-misses) first, then those holding
        its words (rarer words count more, typos forgiven)."""
        found: dict[str, Precedent] = {}
        for finding in sorted(
            self.checker.check_paragraph("query", query),
            key=lambda f: (f.kind != "exact", -f.similarity),
        ):
            entry = finding.entry
            if entry.id not in found:
                diff = [_from_passage(c) for c in finding.diff]
                found[entry.id] = Precedent(
                    entry, self.citations(entry), 2.0 + finding.similarity, diff
                )
        for match in lookup(query, self.entries, limit=limit * 3):
            entry = match.entry
            if entry.id not in found:
                found[entry.id] = Precedent(
                    entry, self.citations(entry), match.score / (1 + match.score),
                    word_diff(query, entry.text),
                )  # fmt: skip
        ranked = sorted(found.values(), key=lambda p: -p.score)
        return ranked[:limit]


def _from_passage(change: Change) -> tuple[str, str]:
    """A checker's change (the passage is its entry, the query its text) as
    :func:`word_diff` gives it: "insertion" the passage's words the query lacks,
    "omission" the query's the passage lacks, otherwise the passage's words."""
    if change.op == "omission":
        return ("insertion", change.entry)
    if change.op == "insertion":
        return ("omission", change.found)
    return (change.op, change.entry or change.found)


def word_diff(query: str, passage: str) -> list[tuple[str, str]]:
    """The passage word by word against the query: the query's words it holds in order
    (equal), its own words around them (insertion), the query's it lacks (omission);
    words compared casefolded, without their punctuation, by the project's one word diff
    (:func:`app.core.proposals.word_diff`)."""
    asked, given = query.split(), passage.split()

    def keys(items: list[str]) -> list[str]:
        return [w.strip(",.;:").casefold() for w in items]

    diff: list[tuple[str, str]] = []
    a = b = 0
    for op, count in proposals.word_diff(keys(asked), keys(given)):
        if op == 0:
            diff.append(("equal", " ".join(given[b : b + count])))
            a, b = a + count, b + count
        elif op == 1:
            diff.append(("insertion", " ".join(given[b : b + count])))
            b += count
        else:
            diff.append(("omission", " ".join(asked[a : a + count])))
            a += count
    return diff
