"""Errors a person can act on, drawn in one place.

Every mistake a user can make (a wrong path, a broken file, an unknown label) is raised as a
:class:`DraftroomError` that names where the problem is and, when we can guess, what was
meant. The CLI prints it without a traceback and exits 2; the room shows it in a
notification. Anything else escaping is a bug in Draftroom, and is allowed to crash loudly.

    DraftroomError            a message, where (file:line:column, excerpt), a hint
    ├── InputError            a file or a text that cannot be read as it is
    ├── NotFound              a label, bracket, delegation, revision or file not there
    ├── Refused               the room cannot do what was asked (a closed paragraph…)
    └── Conflict              another program holds or changed the draft
        (DraftLocked, ChangedOnDisk: the store's)

A hint is said in the words of the front end that shows it: a :class:`Hint` carries the
command line's (`--option N`) and the room's (`type the option's number`); `str(error)` is
the command line's, :meth:`DraftroomError.hint_for` picks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Hint:
    """What to do next, as the command line says it and as the room says it."""

    cli: str
    room: str

    def __str__(self) -> str:
        return self.cli


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
        hint: str | Hint | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.hint = hint

    def hint_for(self, front: str) -> str | None:
        """The hint in the words of `front` ("cli" or "room"); a plain hint for both."""
        if isinstance(self.hint, Hint):
            return self.hint.room if front == "room" else self.hint.cli
        return self.hint

    def shown_in(self, front: str) -> str:
        """The error as `front` shows it: where, the message, the excerpt, its hint."""
        return self._text(self.hint_for(front))

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
        return self._text(self.hint_for("cli"))

    def _text(self, hint: str | None) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.excerpt is not None:
            text += f"\n    {self.excerpt}"
            if self.column is not None:
                text += "\n    " + " " * (self.column - 1) + "^"
        if hint:
            text += f"\n  {hint}"
        return text


class InputError(DraftroomError):
    """A file or a text that cannot be read as it is: names the file, line and column."""


class NotFound(DraftroomError):
    """Something named that is not there: a label, a bracket, a delegation, a revision, a
    file; the hint names the closest that are."""


class Refused(DraftroomError):
    """The room cannot do what was asked: a paragraph closed, an option that does not
    exist, a wording the paragraph already reads."""


class Conflict(DraftroomError):
    """Another program holds the draft, or changed it on disk since it was read."""


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
