"""The commands that make, open and read a draft: import, open (:mod:`app.cli.opening`),
export, show, status, delegations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.delegations import Registry
from app.core.errors import DraftroomError, did_you_mean
from app.core.labels import find
from app.core.tally import tally
from app.exports import FORMATS, MODES, STDOUT_FORMATS

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    pass


from app import session
from app.cli import opening
from app.cli.common import EXIT_OK, Command, Shown, draft_path, new_delegation


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.source)
    imported = session.import_draft(
        source, Path(args.output) if args.output else Path(source.stem), name=args.name or "",
        title=args.title or "", force=args.force, strict=args.strict,
        new_delegations=args.new_delegation or [], program="draftroom import",
    )  # fmt: skip
    for warning in imported.warnings:
        print(f"draftroom: warning: {warning}", file=sys.stderr)
    for note in imported.notes:
        print(f"draftroom: note: {note}", file=sys.stderr)
    if imported.tracked_left_out:
        print(f"draftroom: note: {imported.compile_hint('cli')}", file=sys.stderr)
    print(imported.summary)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """txt and md print to stdout unless -o names a file; html and docx always go to a
    file (the default name is the draft's, the mode's and the revision's)."""
    from app.exports import export as exports  # the writers load with the command

    path = draft_path(args.draft)
    draft = session.read(path)
    to_stdout = args.output == "-" or (args.output is None and args.format in STDOUT_FORMATS)
    if to_stdout:
        if args.format == "docx":
            raise DraftroomError("a docx export cannot go to the terminal", hint="use -o FILE")
        sys.stdout.write(
            exports.export(
                draft, args.mode, args.format, args.since, args.keep_brackets, args.anonymous
            )
        )
        return EXIT_OK
    written = exports.export_file(
        draft, path.resolve().name, args.mode, args.format, since=args.since,
        keep_brackets=args.keep_brackets, target=args.output, force=args.force,
        anonymous=args.anonymous,
    )  # fmt: skip
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from app.cli.console import outline_view, paragraph_view

    draft = session.read(draft_path(args.draft))
    out = sys.stdout  # (its own escape codes: not through Shown; its text is shown already)
    console = Console(
        file=out.stream if isinstance(out, Shown) else out, highlight=False, soft_wrap=False
    )
    if args.label:
        console.print(paragraph_view(draft, find(draft, args.label)))
    else:
        console.print(outline_view(draft))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    counts = tally(session.read(draft_path(args.draft)))
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{counts['draft']}: {counts['paragraphs']} negotiable paragraphs, "
        f"{counts['open_brackets']} open brackets"
    )
    for group in ("by_kind", "by_status"):
        print(f"  {group.removeprefix('by_')}:")
        for key, value in counts[group].items():
            print(f"    {key:<24} {value:>5}")
    if counts["by_delegation"]:
        print("  delegations (proposed / supported / pending / reserved / brackets held):")
        for name, roles in counts["by_delegation"].items():
            figures = " ".join(f"{value:>5}" for value in roles.values())
            print(f"    {name:<24} {figures}")
    for key in ("headings", "context", "footnotes"):
        print(f"  {key:<26} {counts[key]:>5}")
    return EXIT_OK


def cmd_delegations(args: argparse.Namespace) -> int:
    registry = Registry()
    matches = registry.complete(args.prefix, limit=1000) if args.prefix else registry.spellings()
    if not matches:
        raise DraftroomError(
            f"no delegation matches {args.prefix!r}",
            hint=did_you_mean(args.prefix, registry.spellings()),
        )
    print(json.dumps(matches, ensure_ascii=False) if args.json else "\n".join(matches))
    return EXIT_OK


def register(command: Command) -> None:
    """Add these commands to the parser."""
    sub = command("import", cmd_import, "import a UN text or compilation text into a draft folder")
    sub.add_argument("source", metavar="SOURCE", help="the text file (UTF-8)")
    sub.add_argument("-o", "--output", metavar="DRAFT_DIR", help="the draft folder to write")
    sub.add_argument("--name", help="the draft's short name (default: the folder's name)")
    sub.add_argument("--title", help="the draft's title (default: the title the text gives)")
    sub.add_argument("--force", action="store_true", help="replace a draft already there")
    sub.add_argument(
        "--strict", action="store_true", help="a stray bracket is an error, not a warning"
    )
    new_delegation(sub, "accept a delegation tag")

    opening.register(command)

    sub = command(
        "export", cmd_export, "export a draft: clean, bracketed or tracked; txt, md, html, docx"
    )
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--as", dest="mode", choices=MODES, default="clean")
    sub.add_argument("--format", choices=FORMATS, default="txt")
    sub.add_argument(
        "--since", metavar="REV", help="tracked: the base revision (default rev.0), e.g. rev.1"
    )
    sub.add_argument(
        "--keep-brackets", action="store_true", help="clean: show the open places as brackets"
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE or into a folder ('-': stdout); default: stdout for txt and md, "
        "DRAFT-MODE-REV.FORMAT in the current folder for html and docx",
    )  # fmt: skip
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub.add_argument(
        "--anonymous", action="store_true",
        help="bracketed or tracked: leave out who proposed what (untagged brackets; every "
        "tracked change by 'Proposal')",
    )  # fmt: skip

    sub = command("show", cmd_show, "show the outline, or one paragraph by label")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("label", nargs="?", metavar="LABEL", help="e.g. PP1, OP7, 'OP33 B 24'")

    sub = command("status", cmd_status, "counts: paragraphs by status, open brackets, delegations")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = command("delegations", cmd_delegations, "list or complete delegation names and aliases")
    sub.add_argument("prefix", nargs="?", default="", metavar="PREFIX")
    sub.add_argument("--json", action="store_true")
