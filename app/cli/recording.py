"""The commands that record the negotiation: propose, insert, delete, support, oppose,
withdraw, agree, mark, package, revise, undo, redo. Each opens a `Session` (the lock
held), changes the draft through its room, saves, and prints what it did."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.delegations import ORIGINAL, check_name
from app.core.errors import DraftroomError
from app.core.options import describe, option_text
from app.core.room import Room
from app.files.textfile import clean, read_text

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    pass


from app.cli.common import EXIT_OK, Command, draft_path, new_delegation, positive
from app.session import Session


# -- commands that change a draft ---------------------------------------------------------
def _room(args: argparse.Namespace) -> Room:
    """The draft's room, through a session holding its lock for the rest of the command
    (`main` closes it): another program's lock is waited for a few seconds, then named."""
    args.session = Session(draft_path(args.draft), program=f"draftroom {args.command}")
    room = args.session.room
    for name in getattr(args, "new_delegation", None) or []:
        _refuse_unused(room, name, args)
        room.add_delegation(name)
    return room


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


def cmd_compile(args: argparse.Namespace) -> int:
    """Each return's tracked changes as its delegations' proposals: all the files or none
    (the session is saved once every file is compiled; a refusal saves nothing)."""
    from app.session import compile_returns

    room = _room(args)
    reports = compile_returns(room, [Path(name) for name in args.returns], args.delegation)
    return _changed(args, "\n".join(line for report in reports for line in report.lines()))


def _changed(args: argparse.Namespace, message: str) -> int:
    """Save the change through the command's session, then say what was done."""
    args.session.save()
    print(message)
    return EXIT_OK


def cmd_propose(args: argparse.Namespace) -> int:
    room = _room(args)
    proposed = room.propose(args.label, args.by, _wording(args))
    lines = [("new bracket " if p.new_bracket else "") + describe(p.bracket) for p in proposed]
    return _changed(args, "\n".join(lines))


def cmd_insert(args: argparse.Namespace) -> int:
    room = _room(args)
    paragraph = room.insert(args.after, args.by, _wording(args), alternative=args.alternative)
    return _changed(args, f"{room.label(paragraph)} proposed by {args.by}")


def cmd_delete(args: argparse.Namespace) -> int:
    room = _room(args)
    bracket = room.propose_deletion(args.label, args.by)
    return _changed(args, describe(bracket))


def _decision(action: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        room = _room(args)
        if action == "withdraw":
            room.withdraw(args.bracket, args.by)
        else:
            getattr(room, action)(args.bracket, args.by, args.option)
        try:
            _, bracket = room.draft.bracket(args.bracket.strip().lower())
            message = describe(bracket)
        except KeyError:
            message = f"{args.bracket} resolved: the text reads on"
        return _changed(args, message)

    return run


def cmd_agree(args: argparse.Namespace) -> int:
    room = _room(args)
    target = args.target.strip()
    if re.fullmatch(r"[bB]\d+", target):
        option = room.agree(target, args.option, to=args.to)
        return _changed(args, f"{target.lower()} agreed: {option_text(option)}")
    if args.option is not None or args.to is not None:
        given = f"--option {args.option}" if args.option is not None else f"--to {args.to}"
        raise DraftroomError(
            f"{target} is a paragraph: {given} chooses an option of a bracket",
            hint=f"agree a bracket of it (draftroom agree DRAFT BRACKET {given}), "
            f"or the whole paragraph without {given.split()[0]}",
        )
    members = room.agree_paragraph(target)
    return _changed(args, ", ".join(room.label(p) for p in members) + " agreed")


def cmd_mark(args: argparse.Namespace) -> int:
    room = _room(args)
    members = room.mark(args.label, args.status, args.by)
    return _changed(args, ", ".join(f"{room.label(p)}: {p.shown_status}" for p in members))


def cmd_package(args: argparse.Namespace) -> int:
    room = _room(args)
    members = room.package(args.name, args.labels)
    return _changed(args, f"package {args.name}: " + ", ".join(room.label(p) for p in members))


def cmd_revise(args: argparse.Namespace) -> int:
    room = _room(args)
    revision = room.revise()
    return _changed(args, f"{revision.name} issued")


def cmd_undo(args: argparse.Namespace) -> int:
    room = _room(args)
    event = room.undo()
    return _changed(args, f"undone: {event.summary}")


def cmd_redo(args: argparse.Namespace) -> int:
    room = _room(args)
    event = room.redo()
    return _changed(args, f"redone: {event.summary}")


def register(command: Command) -> None:
    """Add these commands to the parser."""

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
        new_delegation(sub)

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
            type=positive,
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
        "--option", type=positive, metavar="N", help="the option, numbered as `show` numbers them"
    )
    choice.add_argument("--to", metavar="DELEGATION|original")
    new_delegation(sub)

    sub = changing(
        "mark",
        cmd_mark,
        "mark a paragraph: agreed, 'agreed ad ref', 'agreed in informals', pending, reserved, deleted, reopened",
    )
    sub.add_argument("label", metavar="LABEL")
    sub.add_argument("status", metavar="STATUS")
    sub.add_argument("--by", action="append", metavar="DELEGATION", help="for pending and reserved")
    new_delegation(sub)

    sub = changing(
        "package", cmd_package, "tie paragraphs together: a status marked on one is marked on all"
    )
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("labels", nargs="+", metavar="LABEL")

    sub = changing(
        "compile", cmd_compile,
        "record returns (Word files with Track Changes) as their delegations' proposals",
    )  # fmt: skip
    sub.add_argument("returns", nargs="+", metavar="RETURN", help="a returned .docx")
    sub.add_argument(
        "--from", dest="delegation", metavar="DELEGATION",
        help="whose changes these are, when their author is a person (e.g. --from EU)",
    )  # fmt: skip

    changing("revise", cmd_revise, "issue the next revision (rev.1, rev.2…)")
    changing("undo", cmd_undo, "undo the last change")
    changing("redo", cmd_redo, "redo the change last undone")
