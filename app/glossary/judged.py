"""The checker's verdicts on passages it has aligned already in one text.

Agreed language repeats: a text uses the same formula, with the same words around it,
again and again (options of one paragraph, a compiled text's reprinted paragraphs, a
bracket's readings). Aligning a formulation against a passage and judging the result
depends only on the formulation and on the passage's words (their keys, their places,
the characters between them), never on where the passage stands or in which paragraph:
the verdict is kept under those, its places counted from the passage's first word, and
given again, moved to the new place. Of bench/scale.py's megabyte against 1,000 entries,
4,538 windows pass the cheap bound and 1,508 of them differ (its text repeats its
corpus's paragraphs 2.4 times; real texts repeat formulas, less): one process checks it
in 0.26 s of CPU instead of 0.39 s. A text that repeats nothing gains nothing.
"""

from __future__ import annotations

from app.glossary.findings import Change, Finding

Passage = tuple[int, str, tuple[str, ...], tuple[int, ...], tuple[int, ...]]
"""An entry's number, the passage's text, its words' keys, where they start and end
(counted from the passage's first word)."""


class Judged:
    """Verdicts by formulation and passage: a finding, or None where there is none."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[Passage, Finding | None] = {}

    @staticmethod
    def passage(
        number: int, text: str, keys: list[str], starts: list[int], ends: list[int]
    ) -> Passage:
        """The key of entry `number` against the words `keys` (at `starts`, `ends`) of `text`."""
        base = starts[0]
        return (
            number, text[base : ends[-1]], tuple(keys),
            tuple([s - base for s in starts]), tuple([e - base for e in ends]),
        )  # fmt: skip

    def __contains__(self, passage: Passage) -> bool:
        return passage in self._seen

    def get(self, passage: Passage, label: str, base: int) -> Finding | None:
        """The verdict kept on `passage`, for it standing at `base` of paragraph `label`."""
        found = self._seen[passage]
        return None if found is None else _moved(found, label, base)

    def keep(self, passage: Passage, found: Finding | None, base: int) -> None:
        """Keep the verdict on `passage` standing at `base`."""
        self._seen[passage] = None if found is None else _moved(found, found.paragraph, -base)


def _moved(found: Finding, label: str, by: int) -> Finding:
    """A copy of `found` in paragraph `label`, its places moved by `by` characters."""
    return Finding(
        found.kind, found.entry, label, found.found_text, found.start + by, found.end + by,
        [Change(c.op, c.entry, c.found, c.start + by, c.end + by) for c in found.diff],
        found.similarity,
    )  # fmt: skip
