"""`draftroom open`: the room on a draft. A module of its own so that opening the room
imports and builds only this command (`app.cli.main`): the other commands' modules
(exports, importers, git merging…) and their ~30 parsers are not the room's start-up. The
session, the store and the core are imported by the room, once the garbage collector is
off (:func:`app.tui.open_room`: ~4 ms of collections walking their new objects)."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_OK, Command, draft_path
from app.core.errors import DraftroomError


def cmd_open(args: argparse.Namespace) -> int:
    """The room on a draft folder (`--follow`, `--projector`: a follower); a Word or PDF
    file is offered for import first (in a terminal: the room asks; else the command to
    import it is named)."""
    path = draft_path(args.draft)
    if path.is_file():
        from app.importers.kinds import document_kind

        kind = document_kind(path)
        asked = sys.stdin.isatty() and sys.stdout.isatty()
        if not (kind and asked) or args.follow or args.projector:
            from app.session import import_target

            target = import_target(path)
            raise DraftroomError(
                f"is {kind or 'a file'}, not a draft folder", path=path,
                hint=f"import it into a draft first: draftroom import {path} -o {target}",
            )  # fmt: skip
    from app import tui  # (textual is imported by the room, not the CLI)

    if args.follow or args.projector:
        tui.follow(path, projector=args.projector)
    else:
        tui.open_room(path)
    return EXIT_OK


def register(command: Command) -> None:
    """Add `open` to the parser."""
    sub = command(
        "open", cmd_open,
        "open the drafting room (TUI) on a draft; a Word or PDF file: offers to import it",
    )  # fmt: skip
    sub.add_argument(
        "draft",
        nargs="?",
        metavar="DRAFT",
        help="draft folder (default: your working copy of the bundled statement)",
    )
    sub.add_argument(
        "--follow", action="store_true",
        help="follow the facilitator's room read-only (no lock; every save shown)",
    )  # fmt: skip
    sub.add_argument(
        "--projector", action="store_true",
        help="follow in the projector layout: the current paragraph large, for the room",
    )  # fmt: skip
