"""The live room's command: `serve` (the delegates' web page). The follower terminal and the
projector are options of `open` (:mod:`app.cli.documents`)."""

from __future__ import annotations

import argparse
import contextlib
import secrets
import sys

from app.cli.common import EXIT_OK, Command, draft_path, positive
from app.core.errors import DraftroomError


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the page until Ctrl+C; on a host other than the loopback, with a token."""
    from app.live import server  # (starlette and uvicorn load with the command)

    token = args.token or ""
    if args.token is not None and len(args.token) < 12:
        raise DraftroomError(
            "a token must be at least 12 characters: it is all that keeps the page private",
            hint="leave --token out: the server makes one and prints it",
        )
    if not server.is_local(args.host) and not token:
        token = secrets.token_urlsafe(18)

    def announce(address: str) -> None:
        print(f"Serving {args.draft} at {address}", flush=True)
        if token:
            print("Every request needs the token: give delegates the whole address.", flush=True)
        print("Read-only; Ctrl+C stops it.", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # (uvicorn stops on Ctrl+C by itself)
        server.serve(
            draft_path(args.draft), host=args.host, port=args.port, token=token,
            clients=args.clients, announce=announce,
        )  # fmt: skip
    return EXIT_OK


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (0-65535; 0: any free one)")
    return int(value)


def register(command: Command) -> None:
    """Add these commands to the parser."""
    sub = command(
        "serve", cmd_serve,
        "serve a draft's bracketed text as a live, read-only web page for the delegates",
    )  # fmt: skip
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument(
        "--host", default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only; any other "
        "needs a token)",
    )  # fmt: skip
    sub.add_argument("--port", type=_port, default=8000, help="default 8000; 0: any free port")
    sub.add_argument(
        "--token", help="the token every request must carry (default on a non-local --host: "
        "a random one, printed)",
    )  # fmt: skip
    sub.add_argument(
        "--clients", type=positive, default=200, help="the most pages following at once"
    )
