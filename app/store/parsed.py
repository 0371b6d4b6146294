"""Paragraphs parsed by a reader's last read of a draft, for a reader that reads the same
draft again after every save (a follower, the live page).

Reading the 2,000-paragraph draft is mostly parsing the bracket notation of each
paragraph (about 0.3 s of a 0.35 s read on this machine); a save changes a few of them. A
paragraph whose section of paragraphs.toml (from its `[[paragraph]]` to the next) holds
the bytes it held last time is the paragraph read last time: it is taken again, unparsed,
and only the other sections are parsed and checked, each alone (a file in another layout,
or a section that does not read alone, is read whole, as any reader reads it). Such a read
of the large draft takes 12 ms. The drafts read this way share those paragraphs, so this
is for readers that never change a draft they read; the room and the CLI never pass one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.draft import Paragraph
from app.store.printing import sections_read

Read = tuple[Paragraph, tuple[str, ...]]
"""A paragraph read, and the ids of its brackets in reading order."""


@dataclass(slots=True, eq=False)
class Parsed:
    """The paragraphs of the last read, by the bytes of their section of paragraphs.toml;
    replaced at each read, so it holds one draft's paragraphs, never more."""

    delegations: tuple[str, ...] = ()
    """The draft's own delegations then (the notation is read against them)."""
    paragraphs: dict[bytes, Read] = field(default_factory=dict)

    def take(self, raw: bytes, alone: Callable[[bytes], Read | None]) -> list[Read] | None:
        """The paragraphs of paragraphs.toml (`raw`): each section seen last time as it
        was read then, each other one read `alone` (the reader parses and checks it); None
        when the file is not in the store's layout or a section does not read alone (the
        caller reads the whole file, and names by its line what is wrong)."""
        sections = sections_read("paragraph", raw)
        if sections is None:
            self.paragraphs = {}
            return None
        now: dict[bytes, Read] = {}
        read = []
        for section in sections:  # (a section twice is two paragraphs: the caller says so)
            found = self.paragraphs.get(section) or alone(section)
            if found is None:
                return None
            now[section] = found
            read.append(found)
        self.paragraphs = now
        return read
