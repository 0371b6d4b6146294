"""The agreed-language commands: check a draft or a text, look a formulation up."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import DraftroomError
from app.files.textfile import read_text

if TYPE_CHECKING:  # the glossary and the importers load with the commands that use them
    from app.glossary.checker import Change
    from app.glossary.entries import Entry


from app import session
from app.cli import sources
from app.cli.common import EXIT_OK, Command, positive


def _glossary(args: argparse.Namespace) -> list[Entry]:
    from app.glossary.entries import load_glossary

    return load_glossary([Path(p) for p in args.glossary] if args.glossary else None)


#: A paragraph's number as a text file prints it: 1., 7 bis., PP3., (a)
_NUMBER = re.compile(r"^(?:(?:PP|OP)?\d+(?: [a-z]+)?\.|\([a-z]{1,4}\))\s")


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
            # its number is no word of it ("1. Encourages" is no near-miss of "Also encourages")
            words = _NUMBER.sub(lambda m: " " * len(m.group()), " ".join(block.split()))
            found.append((f"line {line}", words))
    return found


def cmd_check(args: argparse.Namespace) -> int:
    from app.cli import sources as cited
    from app.glossary.checker import Checker
    from app.glossary.readings import check_draft

    target = Path(args.target)
    draft = session.read(target) if target.is_dir() else None
    folders = cited.folders_for(args, target, draft)
    paragraphs = None if draft is not None else _text_paragraphs(target)
    findings = []
    counted = 0
    # --sources alone replaces the bundled glossary; folders the draft remembers add to
    # it, as in the room
    if args.glossary or not folders or not args.sources:
        entries = _glossary(args)
        checker = Checker(entries)
        counted += len(entries)
        findings = (
            check_draft(draft, checker) if draft is not None else checker.check(paragraphs or [])
        )
    precedents = cited.precedents(folders) if folders else None
    if precedents is not None:
        counted += len(precedents.entries)
        findings += (
            precedents.check_draft(draft)
            if draft is not None
            else precedents.check(paragraphs or [])
        )
    near = [f for f in findings if f.kind == "near-miss"]
    if args.json:
        print(json.dumps([
            precedents.finding_json(f) if precedents is not None and f.entry.id in precedents.cited
            else f.to_json()
            for f in findings
        ], indent=2, ensure_ascii=False))  # fmt: skip
    else:
        for finding in findings:
            own = precedents is not None and finding.entry.id in precedents.cited
            cited.print_finding(finding, precedents if own else None)
        exact = len(findings) - len(near)
        print(f"{exact} exact uses, {len(near)} near-misses of {counted} agreed formulations")
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

    if args.sources:
        from app.cli import sources as cited

        return cited.cmd_lookup(args, cited.folders_for(args, Path("."), None))
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


def register(command: Command) -> None:
    """Add these commands to the parser."""
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
    sources.add_options(sub, remember=True)

    sub = command("glossary", cmd_glossary, "look up agreed language by a few words")
    sub.add_argument("query", nargs="+", metavar="QUERY")
    sub.add_argument("--glossary", action="append", metavar="FILE")
    sub.add_argument(
        "--limit", type=positive, default=10, metavar="N", help="at most N matches (default 10)"
    )
    sub.add_argument("--json", action="store_true")
    sources.add_options(sub, remember=False)
    sources.register(command)
