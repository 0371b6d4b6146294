"""What the screen may show of a user's text: no control characters.

Importers drop them, but a hand-edited draft file or a paste into the editor could still
bring an escape sequence that would drive the terminal instead of showing; Content keeps
them. Tabs show as a space; line breaks are kept.
"""

from __future__ import annotations

_HIDDEN: dict[int, str | None] = {
    c: None for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if c != 0x0A
}
_HIDDEN[0x09] = " "
_SPACED: dict[int, str | None] = {c: " " for c in [*_HIDDEN, 0x0A]}


def visible(text: str) -> str:
    """`text` with its control characters removed (a tab becomes a space)."""
    return text.translate(_HIDDEN) if not text.isprintable() else text


def printable(text: str) -> str:
    """`text` with each control character a space, a line break too: one line, and every
    character where it was (a passage marked by its offsets stays on its words)."""
    return text.translate(_SPACED) if not text.isprintable() else text
