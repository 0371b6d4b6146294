"""What the checker finds: a passage that uses an agreed formulation exactly or almost,
and the word-by-word changes between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.glossary.entries import Entry


@dataclass(slots=True)
class Change:
    """One difference between an entry and the passage, word by word."""

    op: str
    """equal, substitution, inflection, insertion, omission, moved, head."""
    entry: str
    """The entry's words here (empty for an insertion)."""
    found: str
    """The passage's words here, as printed (empty for an omission)."""
    start: int = 0
    end: int = 0
    """Where those words stand in the paragraph (an omission: the point they are missing at)."""


@dataclass(slots=True)
class Finding:
    """An agreed formulation used in a paragraph, exactly or almost."""

    kind: str
    """``exact`` or ``near-miss``."""
    entry: Entry
    paragraph: str
    found_text: str
    start: int
    end: int
    """Where the passage stands in the paragraph's text (character offsets)."""
    diff: list[Change] = field(default_factory=list)
    similarity: float = 1.0

    @property
    def changes(self) -> list[str]:
        """The kinds of difference, in order ("substitution", "moved"…)."""
        return [c.op for c in self.diff if c.op != "equal"]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "entry_id": self.entry.id,
            "entry_text": self.entry.text,
            "source": self.entry.source,
            "also_in": self.entry.also_in,
            "verified": self.entry.verified,
            "found_text": self.found_text,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "changes": self.changes,
            "similarity": round(self.similarity, 3),
            "diff": [{"op": c.op, "entry": c.entry, "found": c.found} for c in self.diff],
        }
