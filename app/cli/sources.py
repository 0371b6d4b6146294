"""Adopted texts as agreed language on the command line: `check --sources DIR`,
`glossary QUERY --sources DIR`, and `sources DRAFT add|remove DIR` for the folders a draft
remembers (so neither `check` nor the room needs the option every time)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import session
from app.cli.common import EXIT_OK, Command
from app.core.draft import Draft
from app.core.errors import DraftroomError

if TYPE_CHECKING:  # the glossary loads with the commands that use it
    from app.glossary.precedent import Precedents


def add_options(sub: argparse.ArgumentParser, *, remember: bool) -> None:
    """`--sources DIR` (repeatable), and for `check` `--remember`."""
    sub.add_argument(
        "--sources",
        action="append",
        metavar="DIR",
        help="a folder of adopted texts (txt, md, docx, pdf) whose paragraphs are agreed "
        "language; findings cite the document's symbol and paragraph (repeatable)",
    )
    if remember:
        sub.add_argument(
            "--remember",
            action="store_true",
            help="keep the --sources folders in the draft, for the next check and the room",
        )


def precedents(folders: list[Path]) -> Precedents:
    """The passages of the folders' adopted texts, each unusable file named on stderr."""
    from app.glossary.precedent import Precedents

    index = session.read_sources(folders)
    for warning in index.warnings:
        print(f"draftroom: warning: {warning}", file=sys.stderr)
    return Precedents(index.documents)


def folders_for(args: argparse.Namespace, target: Path, draft: Draft | None) -> list[Path]:
    """The folders given, else those the draft remembers; `--remember` keeps those given."""
    given = [Path(s) for s in args.sources or []]
    for folder in given:
        if not folder.is_dir():
            raise DraftroomError(
                "no such folder" if not folder.exists() else "is not a folder",
                path=folder, hint="give --sources a folder of adopted texts",
            )  # fmt: skip
    if getattr(args, "remember", False):
        if draft is None:
            raise DraftroomError(
                "--remember keeps the folders in a draft; this is a file", path=target,
                hint="name a draft folder, or leave --remember out",
            )  # fmt: skip
        if not given:
            raise DraftroomError("--remember needs --sources DIR", hint="add --sources DIR")
        remember(target, given)
    if given or draft is None:
        return given
    return session.draft_sources(target, draft)


def remember(path: Path, folders: list[Path], *, forget: bool = False) -> list[str]:
    """Add (or remove) folders in the draft's `sources`, relative to the draft's folder."""
    with session.Session(path, program="draftroom sources") as opened:
        kept = list(opened.draft.sources)
        for folder in folders:
            name = os.path.relpath(folder.resolve(), Path(path).resolve())
            if forget:
                same = [k for k in kept if (Path(path) / k).resolve() == folder.resolve()]
                if not same:
                    raise DraftroomError(
                        "is not among the draft's sources", path=folder,
                        hint="draftroom sources DRAFT lists them",
                    )  # fmt: skip
                kept = [k for k in kept if k not in same]
            elif all((Path(path) / k).resolve() != folder.resolve() for k in kept):
                kept.append(name)
        if kept != opened.draft.sources:
            opened.draft.sources = kept
            opened.save()
        return kept


def print_finding(finding: object, sources: Precedents | None) -> None:
    """One finding as `check` prints it: where, what kind, the citations."""
    from app.glossary.checker import Finding

    assert isinstance(finding, Finding)
    cited = sources.citations(finding.entry) if sources is not None else []
    where = "; ".join(str(c) for c in cited) if cited else finding.entry.source
    print(f"{finding.paragraph:<12} {finding.kind:<9} {where}")
    print(f"    agreed: {finding.entry.text}")
    if finding.kind == "near-miss":
        print(f"    found:  {finding.found_text}")
        for change in finding.diff:
            if change.op != "equal":
                print(f"    {change.op}: {change.entry or '-'!r} -> {change.found or '-'!r}")


def cmd_sources(args: argparse.Namespace) -> int:
    path = Path(args.draft)
    if args.action:
        if not args.folders:
            raise DraftroomError(
                f"{args.action} needs a folder", hint=f"sources DRAFT {args.action} DIR"
            )
        folders = [Path(f) for f in args.folders]
        if args.action == "add":
            for folder in folders:
                if not folder.is_dir():
                    raise DraftroomError("no such folder", path=folder,
                                         hint="name a folder of adopted texts")  # fmt: skip
        kept = remember(path, folders, forget=args.action == "remove")
    else:
        kept = session.read(path).sources
    if args.json:
        print(json.dumps(kept, indent=2, ensure_ascii=False))
    elif kept:
        print("\n".join(kept))
    else:
        print("no source folders (draftroom sources DRAFT add DIR)")
    return EXIT_OK


def cmd_lookup(args: argparse.Namespace, folders: list[Path]) -> int:
    """`glossary QUERY --sources DIR`: passages ranked, with where agreed and the difference."""
    query = " ".join(args.query)
    found = precedents(folders).lookup(query, limit=args.limit)
    if not found:
        raise DraftroomError(
            f"no adopted passage matches {query!r}", hint="try fewer or other words"
        )
    if args.json:
        print(json.dumps([
            {"text": p.entry.text, "source": p.citations[0].to_json(),
             "sources": [c.to_json() for c in p.citations], "score": round(p.score, 3),
             "diff": [{"op": op, "words": w} for op, w in p.diff]}
            for p in found
        ], indent=2, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    for precedent in found:
        print(precedent.entry.text)
        print(f"    {'; '.join(str(c) for c in precedent.citations)}")
        changes = [f"{'+' if op == 'insertion' else '-' if op == 'omission' else '~'} {w!r}"
                   for op, w in precedent.diff if op != "equal"]  # fmt: skip
        print(f"    {'exact' if not changes else ', '.join(changes)}")
    return EXIT_OK


def register(command: Command) -> None:
    sub = command(
        "sources", cmd_sources, "list, add or remove the source folders a draft remembers"
    )
    sub.add_argument("draft", metavar="DRAFT", help="a draft folder")
    sub.add_argument("action", nargs="?", choices=("add", "remove"))
    sub.add_argument("folders", nargs="*", metavar="DIR")
    sub.add_argument("--json", action="store_true")
