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
import json
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.core import history
from app.core.delegations import ORIGINAL, Registry, check_name
from app.core.errors import DraftroomError, did_you_mean
from app.core.labels import find
from app.core.room import Room, describe, option_text
from app.core.tally import tally
from app.exports import FORMATS, MODES, STDOUT_FORMATS
from app.files.atomic import check_name_lengths, output_folder
from app.files.textfile import clean, read_text, shown
from app.store.lock import CLI_WAIT, DraftLock, hold
from app.store.store import load_draft, save_draft

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    from app.glossary.checker import Change
    from app.glossary.entries import Entry


EXIT_OK = 0
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors name the fix and exit 2 like every other mistake."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class _Shown:
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


def _positive(value: str) -> int:
    """A whole number from 1 (an option, a limit): argparse reports anything else."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not a number from 1 up")
    return number


def _draft_path(value: str | None) -> Path:
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


# -- commands -----------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.source)
    text = read_text(source)
    target = Path(args.output) if args.output else Path(source.stem)
    check_name_lengths(target)  # (before asking the system about a name it cannot hold)
    if target.exists() and not target.is_dir():
        raise DraftroomError(
            "exists and is not a folder: a draft is a folder",
            path=target,
            hint="name the draft folder to create with -o",
        )
    if target.exists() and any(target.iterdir()) and not args.force:
        raise DraftroomError(
            "already exists and is not empty",
            path=target,
            hint="choose another folder with -o, or add --force to replace the draft in it",
        )
    from app.importers.importing import import_document  # only `import` needs the importers

    extra = list(dict.fromkeys(check_name(n) for n in args.new_delegation or []))
    warnings: list[DraftroomError] = []
    draft = import_document(
        text, name=args.name or target.name, source=source.name, registry=Registry(extra),
        strict=args.strict, warnings=warnings,
    )  # fmt: skip
    draft.delegations = extra
    if args.title:
        draft.document.title = args.title
    draft.revisions = [history.freeze(draft, "rev.0", _issued(draft.document.date))]
    for warning in warnings:
        print(f"draftroom: warning: {warning}", file=sys.stderr)
    _lock(args, target)  # --force over a draft another window is writing: wait, or refuse
    with output_folder(target):  # /proc, a read-only folder, a full disk: a message
        save_draft(draft, target, overwrite=True)
    counts = tally(draft)
    print(
        f"imported {source} -> {target}: {counts['paragraphs']} negotiable paragraphs, "
        f"{counts['headings']} headings, {counts['context']} context paragraphs, "
        f"{counts['footnotes']} footnotes, {counts['open_brackets']} open brackets"
    )
    return EXIT_OK


def _issued(date: str) -> str:
    """rev.0 is the text as distributed: dated by the document when it gives a date, so
    importing the same document twice gives the same files."""
    try:
        return datetime.strptime(date, "%d %B %Y").strftime("%Y-%m-%dT00:00:00Z")
    except ValueError:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cmd_open(args: argparse.Namespace) -> int:
    from app.tui import open_room  # (textual is imported by the room, not the CLI)

    open_room(_draft_path(args.draft))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """txt and md print to stdout unless -o names a file; html and docx always go to a
    file (the default name is the draft's, the mode's and the revision's)."""
    from app.exports import export as exports  # the writers load with the command

    path = _draft_path(args.draft)
    draft = load_draft(path)
    to_stdout = args.output == "-" or (args.output is None and args.format in STDOUT_FORMATS)
    if to_stdout:
        if args.format == "docx":
            raise DraftroomError("a docx export cannot go to the terminal", hint="use -o FILE")
        sys.stdout.write(
            exports.export(draft, args.mode, args.format, args.since, args.keep_brackets)
        )
        return EXIT_OK
    written = exports.export_file(
        draft, path.resolve().name, args.mode, args.format, since=args.since,
        keep_brackets=args.keep_brackets,
        target=args.output, force=args.force,
    )  # fmt: skip
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from app.console import outline_view, paragraph_view

    draft = load_draft(_draft_path(args.draft))
    out = sys.stdout  # (its own escape codes: not through _Shown; its text is shown already)
    console = Console(
        file=out.stream if isinstance(out, _Shown) else out, highlight=False, soft_wrap=False
    )
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


def _glossary(args: argparse.Namespace) -> list[Entry]:
    from app.glossary.entries import load_glossary

    return load_glossary([Path(p) for p in args.glossary] if args.glossary else None)


def _text_paragraphs(target: Path) -> list[tuple[str, str]]:
    """A text file's paragraphs (blank-line separated, else one per line), by line."""
    text = read_text(target, "check")
    blocks = (
        re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text.strip()) else text.splitlines()
    )
    found: list[tuple[str, str]] = []
    line = 1
    offset = 0
    for block in blocks:
        at = text.index(block, offset) if block else offset
        line = text.count("\n", 0, at) + 1
        offset = at + len(block)
        if block.strip():
            found.append((f"line {line}", " ".join(block.split())))
    return found


def cmd_check(args: argparse.Namespace) -> int:
    from app.glossary.checker import Checker
    from app.glossary.readings import check_draft

    entries = _glossary(args)
    checker = Checker(entries)
    target = Path(args.target)
    if target.is_dir():
        findings = check_draft(load_draft(target), checker)
    else:
        findings = checker.check(_text_paragraphs(target))
    near = [f for f in findings if f.kind == "near-miss"]
    if args.json:
        print(json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(f"{finding.paragraph:<12} {finding.kind:<9} {finding.entry.source}")
            print(f"    agreed: {finding.entry.text}")
            if finding.kind == "near-miss":
                print(f"    found:  {finding.found_text}")
                for change in finding.diff:
                    if change.op != "equal":
                        print(
                            f"    {change.op}: {change.entry or '-'!r} -> {change.found or '-'!r}"
                        )
        exact = len(findings) - len(near)
        print(f"{exact} exact uses, {len(near)} near-misses of {len(entries)} agreed formulations")
    return 1 if near else EXIT_OK


def _change(change: Change) -> str:
    if change.op == "insertion":
        return f"+ {change.found!r}"
    if change.op == "omission":
        return f"- {change.entry!r}"
    if change.op == "moved":
        return f"{change.entry!r} stands elsewhere"
    return f"{change.entry!r} -> {change.found!r}"


def cmd_glossary(args: argparse.Namespace) -> int:
    from app.glossary.lookup import lookup

    entries = _glossary(args)
    matches = lookup(" ".join(args.query), entries, limit=args.limit)
    if not matches:
        raise DraftroomError(
            f"no agreed formulation matches {' '.join(args.query)!r}",
            hint="try fewer or other words; `draftroom glossary` searches every entry",
        )
    if args.json:
        print(json.dumps([
            {"entry_id": m.entry.id, "text": m.entry.text, "source": m.entry.source,
             "also_in": m.entry.also_in, "topic": m.entry.topic, "verified": m.entry.verified,
             "score": round(m.score, 3), "matched": m.matched}
            for m in matches
        ], indent=2, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    for match in matches:
        print(f"{match.entry.text}\n    {match.entry.source}  [{match.entry.id}]")
    return EXIT_OK


# -- commands that change a draft ---------------------------------------------------------
def _lock(args: argparse.Namespace, path: Path) -> None:
    """Take the draft's write lock for the rest of the command (`main` releases it); wait
    a few seconds for another program, then fail naming it."""
    if path.is_dir():
        lock = DraftLock(path, program=f"draftroom {args.command}")
        hold(lock, CLI_WAIT)
        args.lock = lock


def _room(args: argparse.Namespace) -> tuple[Room, Path]:
    path = _draft_path(args.draft)
    _lock(args, path)
    room = Room(load_draft(path))
    for name in getattr(args, "new_delegation", None) or []:
        _refuse_unused(room, name, args)
        room.add_delegation(name)
    return room, path


def _refuse_unused(room: Room, name: str, args: argparse.Namespace) -> None:
    """`--new-delegation` adds the delegation the command records (`--by`, `--to`): one the
    command does not name is refused, rather than added to the draft unused."""
    by = getattr(args, "by", None)
    named = [*([by] if isinstance(by, str) else by or [])]
    to = getattr(args, "to", None)
    if to is not None and to.strip().lower() != ORIGINAL:
        named.append(to)
    new = check_name(name)
    if not any(room.registry.same(new, check_name(n)) for n in named):
        option = "--to" if hasattr(args, "to") and not hasattr(args, "by") else "--by"
        raise DraftroomError(
            f"--new-delegation {name!r} is not a delegation this command records",
            hint=f"a new delegation is added by the command that records it: "
            f"{option} {new!r} --new-delegation {new!r}",
        )


def _wording(args: argparse.Namespace) -> str:
    """The wording typed, piped or in a file, without control characters."""
    if args.file is not None:
        return (
            clean(sys.stdin.read()) if args.file == "-" else read_text(Path(args.file), "propose")
        )
    return clean(args.text)


def _changed(room: Room, path: Path, message: str) -> int:
    save_draft(room.draft, path)
    print(message)
    return EXIT_OK


def cmd_propose(args: argparse.Namespace) -> int:
    room, path = _room(args)
    proposed = room.propose(args.label, args.by, _wording(args))
    lines = [("new bracket " if p.new_bracket else "") + describe(p.bracket) for p in proposed]
    return _changed(room, path, "\n".join(lines))


def cmd_insert(args: argparse.Namespace) -> int:
    room, path = _room(args)
    paragraph = room.insert(args.after, args.by, _wording(args), alternative=args.alternative)
    return _changed(room, path, f"{room.label(paragraph)} proposed by {args.by}")


def cmd_delete(args: argparse.Namespace) -> int:
    room, path = _room(args)
    bracket = room.propose_deletion(args.label, args.by)
    return _changed(room, path, describe(bracket))


def _decision(action: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        room, path = _room(args)
        if action == "withdraw":
            room.withdraw(args.bracket, args.by)
        else:
            getattr(room, action)(args.bracket, args.by, args.option)
        try:
            _, bracket = room.draft.bracket(args.bracket.strip().lower())
            message = describe(bracket)
        except KeyError:
            message = f"{args.bracket} resolved: the text reads on"
        return _changed(room, path, message)

    return run


def cmd_agree(args: argparse.Namespace) -> int:
    room, path = _room(args)
    target = args.target.strip()
    if re.fullmatch(r"[bB]\d+", target):
        option = room.agree(target, args.option, to=args.to)
        return _changed(room, path, f"{target.lower()} agreed: {option_text(option)}")
    if args.option is not None or args.to is not None:
        given = f"--option {args.option}" if args.option is not None else f"--to {args.to}"
        raise DraftroomError(
            f"{target} is a paragraph: {given} chooses an option of a bracket",
            hint=f"agree a bracket of it (draftroom agree DRAFT BRACKET {given}), "
            f"or the whole paragraph without {given.split()[0]}",
        )
    members = room.agree_paragraph(target)
    return _changed(room, path, ", ".join(room.label(p) for p in members) + " agreed")


def cmd_mark(args: argparse.Namespace) -> int:
    room, path = _room(args)
    members = room.mark(args.label, args.status, args.by)
    return _changed(room, path, ", ".join(f"{room.label(p)}: {p.shown_status}" for p in members))


def cmd_package(args: argparse.Namespace) -> int:
    room, path = _room(args)
    members = room.package(args.name, args.labels)
    return _changed(
        room, path, f"package {args.name}: " + ", ".join(room.label(p) for p in members)
    )


def cmd_revise(args: argparse.Namespace) -> int:
    room, path = _room(args)
    revision = room.revise()
    return _changed(room, path, f"{revision.name} issued")


def cmd_undo(args: argparse.Namespace) -> int:
    room, path = _room(args)
    event = room.undo()
    return _changed(room, path, f"undone: {event.summary}")


def cmd_redo(args: argparse.Namespace) -> int:
    room, path = _room(args)
    event = room.redo()
    return _changed(room, path, f"redone: {event.summary}")


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

    sub = command("import", cmd_import, "import a UN text or compilation text into a draft folder")
    sub.add_argument("source", metavar="SOURCE", help="the text file (UTF-8)")
    sub.add_argument("-o", "--output", metavar="DRAFT_DIR", help="the draft folder to write")
    sub.add_argument("--name", help="the draft's short name (default: the folder's name)")
    sub.add_argument("--title", help="the draft's title (default: the title the text gives)")
    sub.add_argument("--force", action="store_true", help="replace a draft already there")
    sub.add_argument(
        "--strict", action="store_true", help="a stray bracket is an error, not a warning"
    )
    sub.add_argument(
        "--new-delegation",
        action="append",
        metavar="NAME",
        help="accept a delegation tag that is not on the bundled list",
    )

    sub = command("open", cmd_open, "open the drafting room (TUI) on a draft")
    sub.add_argument(
        "draft",
        nargs="?",
        metavar="DRAFT",
        help="draft folder (default: your working copy of the bundled statement)",
    )

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

    sub = command("show", cmd_show, "show the outline, or one paragraph by label")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("label", nargs="?", metavar="LABEL", help="e.g. PP1, OP7, 'OP33 B 24'")

    sub = command("status", cmd_status, "counts: paragraphs by status, open brackets, delegations")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = command(
        "check", cmd_check, "check a draft or text against agreed language (exit 1: near-misses)"
    )
    sub.add_argument("target", metavar="TARGET", help="a draft folder or a text file")
    sub.add_argument(
        "--glossary",
        action="append",
        metavar="FILE",
        help="use these glossary files instead of the bundled one",
    )
    sub.add_argument("--json", action="store_true")

    sub = command("glossary", cmd_glossary, "look up agreed language by a few words")
    sub.add_argument("query", nargs="+", metavar="QUERY")
    sub.add_argument("--glossary", action="append", metavar="FILE")
    sub.add_argument(
        "--limit", type=_positive, default=10, metavar="N", help="at most N matches (default 10)"
    )
    sub.add_argument("--json", action="store_true")

    sub = command("delegations", cmd_delegations, "list or complete delegation names and aliases")
    sub.add_argument("prefix", nargs="?", default="", metavar="PREFIX")
    sub.add_argument("--json", action="store_true")

    def changing(
        name: str, handler: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        sub = command(name, handler, help)
        sub.add_argument("draft", metavar="DRAFT")
        return sub

    def by(sub: argparse.ArgumentParser, required: bool = True) -> None:
        sub.add_argument(
            "--by",
            required=required,
            metavar="DELEGATION",
            help="e.g. EU, G77, 'Iran (Islamic Republic of)'",
        )
        sub.add_argument(
            "--new-delegation",
            action="append",
            metavar="NAME",
            help="record a delegation that is not on the bundled list",
        )

    def wording(sub: argparse.ArgumentParser) -> None:
        group = sub.add_mutually_exclusive_group(required=True)
        group.add_argument("--text", help="the wording, in full")
        group.add_argument("--file", metavar="F", help="read the wording from F ('-': stdin)")

    sub = changing(
        "propose", cmd_propose, "a delegation's wording for a paragraph; prints the brackets"
    )
    sub.add_argument("label", metavar="LABEL")
    by(sub)
    wording(sub)

    sub = changing("insert", cmd_insert, "propose a new paragraph after LABEL (OP7 bis)")
    sub.add_argument("after", metavar="LABEL")
    sub.add_argument(
        "--alternative", action="store_true", help="an alternative paragraph (OP6 alt)"
    )
    by(sub)
    wording(sub)

    sub = changing("delete", cmd_delete, "propose to delete a whole paragraph")
    sub.add_argument("label", metavar="LABEL")
    by(sub)

    for name, help in (
        ("support", "a delegation supports an option"),
        ("oppose", "a delegation opposes an option (recorded as retain/delete)"),
    ):
        sub = changing(name, _decision(name), help)
        sub.add_argument("bracket", metavar="BRACKET")
        sub.add_argument(
            "--option",
            type=_positive,
            metavar="N",
            help="the option, numbered as `show` numbers them",
        )
        by(sub)

    sub = changing(
        "withdraw", _decision("withdraw"), "a delegation withdraws its support or proposal"
    )
    sub.add_argument("bracket", metavar="BRACKET")
    by(sub)

    sub = changing("agree", cmd_agree, "the room agrees a bracket to one option, or a paragraph")
    sub.add_argument("target", metavar="BRACKET|LABEL")
    choice = sub.add_mutually_exclusive_group()
    choice.add_argument(
        "--option", type=_positive, metavar="N", help="the option, numbered as `show` numbers them"
    )
    choice.add_argument("--to", metavar="DELEGATION|original")
    sub.add_argument(
        "--new-delegation",
        action="append",
        metavar="NAME",
        help="record a delegation that is not on the bundled list",
    )

    sub = changing(
        "mark",
        cmd_mark,
        "mark a paragraph: agreed, 'agreed ad ref', 'agreed in informals', pending, reserved, deleted, reopened",
    )
    sub.add_argument("label", metavar="LABEL")
    sub.add_argument("status", metavar="STATUS")
    sub.add_argument("--by", action="append", metavar="DELEGATION", help="for pending and reserved")
    sub.add_argument(
        "--new-delegation",
        action="append",
        metavar="NAME",
        help="record a delegation that is not on the bundled list",
    )

    sub = changing(
        "package", cmd_package, "tie paragraphs together: a status marked on one is marked on all"
    )
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("labels", nargs="+", metavar="LABEL")

    changing("revise", cmd_revise, "issue the next revision (rev.1, rev.2…)")
    changing("undo", cmd_undo, "undo the last change")
    changing("redo", cmd_redo, "redo the change last undone")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with redirect_stdout(_Shown(sys.stdout)), redirect_stderr(_Shown(sys.stderr)):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
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
        if getattr(args, "lock", None) is not None:
            args.lock.release()
