"""The command line: `draftroom` and `python -m app`.

Every command is a thin shell around a function of `app.core`, `app.formats` or
`app.glossary`, the same function the TUI calls. User mistakes raise
:class:`~app.core.errors.DraftroomError`; they are printed without a traceback and the
exit code is 2. Nothing is written when a command fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.core.errors import DraftroomError
from app.core.labels import find
from app.core.tally import tally
from app.formats import export as exports
from app.formats.atomic import write_atomic
from app.formats.store import load_draft, save_draft
from app.formats.textfile import read_text
from app.formats.untext import import_un_text

#: The bundled statement, opened when no draft is named.
BUNDLED_DRAFT = Path(__file__).resolve().parent.parent / "drafts" / "cnd-2014-jms"

EXIT_OK = 0
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors name the fix and exit 2 like every other mistake."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _draft_path(value: str | None) -> Path:
    return Path(value) if value else BUNDLED_DRAFT


# -- commands -----------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.source)
    text = read_text(source)
    target = Path(args.output) if args.output else Path(source.stem)
    if target.exists() and any(target.iterdir()) and not args.force:
        raise DraftroomError(
            "already exists and is not empty",
            path=target,
            hint="choose another folder with -o, or add --force to replace the draft in it",
        )
    draft = import_un_text(text, name=args.name or target.name, source=source.name)
    save_draft(draft, target)
    counts = tally(draft)
    print(
        f"imported {source} -> {target}: {counts['paragraphs']} negotiable paragraphs, "
        f"{counts['headings']} headings, {counts['context']} context paragraphs, "
        f"{counts['footnotes']} footnotes"
    )
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    draft_path = _draft_path(args.draft)
    load_draft(draft_path)  # fail here, with a clear message, before the screen switches
    from app.tui.app import DraftroomApp  # imported late: only `open` needs textual

    DraftroomApp(draft_path).run()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    draft = load_draft(_draft_path(args.draft))
    text = exports.export(draft, args.mode, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    if output.exists() and not args.force:
        raise DraftroomError(
            "already exists", path=output, hint="add --force to overwrite it, or choose -o FILE"
        )
    if not output.parent.is_dir():
        raise DraftroomError("no such folder", path=output.parent)
    write_atomic(output, text.encode())
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from app.console import outline_view, paragraph_view

    draft = load_draft(_draft_path(args.draft))
    console = Console(highlight=False)
    if args.label:
        console.print(paragraph_view(draft, find(draft, args.label)))
    else:
        console.print(outline_view(draft))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    counts = tally(load_draft(_draft_path(args.draft)))
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{counts['draft']}: {counts['paragraphs']} negotiable paragraphs")
    for group in ("by_kind", "by_status"):
        print(f"  {group.removeprefix('by_')}:")
        for key, value in counts[group].items():
            print(f"    {key:<24} {value:>5}")
    for key in ("headings", "context", "footnotes"):
        print(f"  {key:<26} {counts[key]:>5}")
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="draftroom",
        description="A terminal drafting room for UN negotiators.",
        epilog="With no command, opens the drafting room on the bundled statement.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("import", cmd_import, "import a UN plain-text document into a draft folder")
    sub.add_argument("source", metavar="SOURCE", help="the text file (UTF-8)")
    sub.add_argument("-o", "--output", metavar="DRAFT_DIR", help="the draft folder to write")
    sub.add_argument("--name", help="the draft's short name (default: the folder's name)")
    sub.add_argument("--force", action="store_true", help="replace a draft already there")

    sub = command("open", cmd_open, "open the drafting room (TUI) on a draft")
    sub.add_argument("draft", nargs="?", metavar="DRAFT", help="draft folder (default: bundled)")

    sub = command("export", cmd_export, "export a draft as text")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--as", dest="mode", choices=exports.MODES, default="clean")
    sub.add_argument("--format", choices=exports.FORMATS, default="txt")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    sub = command("show", cmd_show, "show the outline, or one paragraph by label")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("label", nargs="?", metavar="LABEL", help="e.g. PP1, OP7, 'OP33 B 24'")

    sub = command("status", cmd_status, "count paragraphs by kind and status")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
