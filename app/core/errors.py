"""Errors a person can act on.

Every mistake a user can make (a wrong path, a broken file, an unknown label) is raised as a
:class:`DraftroomError` that names where the problem is and, when we can guess, what was
meant. The CLI prints it without a traceback and exits 2; the TUI shows it in a
notification. Anything else escaping is a bug in Draftroom, and is allowed to crash loudly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


class DraftroomError(Exception):
    """A user-facing error: a message, where it happened, and a hint."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        excerpt: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.hint = hint

    @property
    def where(self) -> str:
        """`file:line:column` as compilers print it, or as much of it as is known."""
        parts = [self.path] if self.path else []
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.excerpt is not None:
            text += f"\n    {self.excerpt}"
            if self.column is not None:
                text += "\n    " + " " * (self.column - 1) + "^"
        if self.hint:
            text += f"\n  {self.hint}"
        return text


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The few candidates nearest to `word`, for "did you mean" hints (case-insensitive)."""
    pool = list(candidates)
    by_folded: dict[str, str] = {}
    for candidate in pool:
        by_folded.setdefault(candidate.casefold(), candidate)
    matches = difflib.get_close_matches(word.casefold(), list(by_folded), n=n, cutoff=0.5)
    return [by_folded[m] for m in matches]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint line naming the closest candidates, or None when nothing is close."""
    near = closest(word, candidates)
    if not near:
        return None
    return "did you mean " + " or ".join(repr(n) for n in near) + "?"
