"""Paragraphs parsed by a reader's last read of a draft, for a reader that reads the same
draft again after every save (a follower, the live page).

Reading the 2,000-paragraph draft is mostly parsing the bracket notation of each
paragraph (about 0.3 s of a 0.35 s read on this machine); a save changes a few of them. A
paragraph whose table (every key and value, as the file holds them) is the one read last
time is the paragraph read last time: it is taken again, unparsed, and only the others are
parsed and validated. The drafts read this way share those paragraphs, so this is for
readers that never change a draft they read; the room and the CLI never pass one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.draft import Paragraph

Key = tuple[Any, ...]


@dataclass(slots=True, eq=False)
class Parsed:
    """The paragraphs of the last read, by their table; replaced at each read, so it holds
    one draft's paragraphs, never more."""

    delegations: tuple[str, ...] = ()
    """The draft's own delegations then (the notation is read against them)."""
    paragraphs: dict[Key, Paragraph] = field(default_factory=dict)

    @staticmethod
    def key(table: Any) -> Key | None:
        """A paragraph's table as a key (None: not a table; the parser says why)."""
        if table.__class__ is not dict:
            return None
        return tuple((k, tuple(v) if v.__class__ is list else v) for k, v in table.items())
