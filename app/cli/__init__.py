"""The command line: `draftroom` and `python -m app`.

Every command is a thin shell around a function of `app.core`, `app.exports` or
`app.glossary`, the same function the TUI calls. User mistakes raise
:class:`~app.core.errors.DraftroomError`; they are printed without a traceback and the
exit code is 2. Nothing is written when a command fails. Whatever a command prints goes
through :func:`~app.files.textfile.shown`: a control character a draft holds is printed
as its escape, never handed to the terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout

from app.cli.common import EXIT_OK, EXIT_USAGE, Parser, Shown
from app.core.errors import DraftroomError


def build_parser(only_open: bool = False) -> argparse.ArgumentParser:
    """The parser: the program's options, then each group's commands; `only_open`: the
    `open` command alone (:func:`opens_the_room`), the others' modules not imported."""
    parser = Parser(
        prog="draftroom",
        description="A terminal drafting room for UN negotiators.",
        epilog="With no command, opens the drafting room on the bundled statement.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    if only_open:
        from app.cli import opening

        opening.register(command)
        return parser
    from app.cli import agreed, documents, gitmerge, history, live, recording

    for group in (documents, agreed, recording, history, gitmerge, live):
        group.register(command)
    return parser


def opens_the_room(argv: Sequence[str]) -> bool:
    """Whether the command line is `draftroom open …` or bare `draftroom` (which opens
    the room too): parsed by the `open` command's parser alone, which reads it exactly as
    the whole parser would (an option before the command, `-h` or another command needs
    the whole parser). Opening the room must start almost as fast as a bare Textual app
    (issue 20): the other commands' modules and parsers cost it about 10 ms."""
    return not argv or argv[0] == "open"


def main(argv: Sequence[str] | None = None) -> int:
    with redirect_stdout(Shown(sys.stdout)), redirect_stderr(Shown(sys.stderr)):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only_open=opens_the_room(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    if args.command is None:
        args = parser.parse_args(["open"])
    try:
        return args.handler(args)
    except DraftroomError as error:
        print(f"draftroom: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        sys.stderr.close()  # `draftroom export … | head` is not an error
        return EXIT_OK
    finally:
        if getattr(args, "session", None) is not None:
            args.session.close()
