"""What every command shares: exit codes, the parser that exits 2, the streams that show
control characters as escapes, the draft a command names."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.core.errors import DraftroomError
from app.files.textfile import shown

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    pass


#: Adds a command to the parser: its name, its handler, its one-line help.
Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]

EXIT_OK = 0
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors name the fix and exit 2 like every other mistake."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class Shown:
    """A text stream (stdout, stderr) that hands on what is written as :func:`shown` makes
    it: a name or wording from a draft cannot drive the terminal. Rich, which writes
    escape codes of its own, is given `stream` itself and text already shown."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(shown(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding…
        return getattr(self.stream, name)


def positive(value: str) -> int:
    """A whole number from 1 (an option, a limit): argparse reports anything else."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not a number from 1 up")
    return number


def draft_path(value: str | None) -> Path:
    """The draft named, else the user's working copy of the bundled statement; an empty
    name (`"$UNSET"`) is an error, never the bundled draft."""
    if value is None:
        from app.data import working_copy

        path, made = working_copy()
        if made:
            print(f"draftroom: a working copy of the bundled statement: {path}", file=sys.stderr)
        return path
    if not value.strip():
        raise DraftroomError(
            f"the draft folder is named {value!r}", hint="name the draft folder, e.g. my-draft"
        )
    return Path(value)


def new_delegation(sub: argparse.ArgumentParser, help: str = "record a delegation") -> None:
    """`--new-delegation NAME` (repeatable): a delegation not on the bundled list."""
    sub.add_argument(
        "--new-delegation",
        action="append",
        metavar="NAME",
        help=f"{help} that is not on the bundled list",
    )
