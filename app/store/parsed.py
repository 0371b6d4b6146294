"""Paragraphs parsed by a reader's last read of a draft, for a reader that reads the same
draft again after every save (a follower, the live page).

Reading the 2,000-paragraph draft is mostly parsing the bracket notation of each
paragraph (about 0.3 s of a 0.35 s read on this machine); a save changes a few of them. A
paragraph whose section of paragraphs.toml (from its `[[paragraph]]` to the next) holds
the bytes it held last time is the paragraph read last time: it is taken again, unparsed,
and only the other sections are parsed and validated, each alone (a file in another
layout, or a section that cannot be read alone, is read whole, as any reader reads it). The drafts read this way share those paragraphs, so this is for
readers that never change a draft they read; the room and the CLI never pass one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.draft import Paragraph

HEADER = b"[[paragraph]]\n"
Read = tuple[Paragraph, tuple[str, ...]]
"""A paragraph read, and the ids of its brackets in reading order."""


@dataclass(slots=True, eq=False)
class Parsed:
    """The paragraphs of the last read, by the bytes of their section of paragraphs.toml;
    replaced at each read, so it holds one draft's paragraphs, never more."""

    delegations: tuple[str, ...] = ()
    """The draft's own delegations then (the notation is read against them)."""
    paragraphs: dict[bytes, Read] = field(default_factory=dict)


def split_sections(raw: bytes) -> list[bytes] | None:
    """The `[[paragraph]]` sections of paragraphs.toml as the store writes it (each from
    its header to its blank line); None for any other layout."""
    if not raw.startswith(HEADER):
        return None
    return [HEADER + s for s in raw[len(HEADER) :].split(b"\n" + HEADER)]
