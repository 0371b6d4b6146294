"""History you can read: `log` (who did what, when, on which paragraph) and `diff` (the
text changed between revisions, word by word) — what a facilitator reads after a merge.

The diff compares each paragraph's compilation text (the bracket notation, so a new
proposal shows as its bracket), token by token with diff-match-patch (the engine the
proposals use: :func:`~app.core.proposals.word_diff`), printed as `git diff --word-diff`
prints: `[-removed-]{+added+}`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from app import session
from app.cli.common import EXIT_OK, Command, draft_path
from app.core.delegations import Registry
from app.core.draft import Draft, Paragraph
from app.core.errors import DraftroomError
from app.core.history import Event
from app.core.labels import labels
from app.core.notation import write
from app.core.proposals import tokenize, word_diff
from app.core.room import Room
from app.core.tracking import revision


def events_since(draft: Draft, since: str | None) -> list[Event]:
    """The events after the revision named was issued (rev.0, the import: every event)."""
    events = list(draft.history)
    if since is None:
        return events
    name = revision(draft, since).name
    for index, event in enumerate(events):
        if event.revision is not None and event.revision.name == name and not event.undone:
            return events[index + 1 :]
    return events


def cmd_log(args: argparse.Namespace) -> int:
    draft = session.read(draft_path(args.draft))
    events = events_since(draft, args.since)
    if args.by is not None:
        who = Room(draft).delegation(args.by)
        events = [e for e in events if e.by == who]
    named = labels(draft)
    rows: list[dict[str, Any]] = [
        {
            "seq": e.seq,
            "at": e.at,
            "action": e.action,
            "by": e.by,
            "paragraph": named.get(e.paragraph, e.paragraph),
            "paragraph_id": e.paragraph,
            "bracket": e.bracket,
            "summary": e.summary,
            "undone": e.undone,
            **({"revision": e.revision.name} if e.revision is not None else {}),
        }
        for e in events
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("no events" + (f" since {args.since}" if args.since else "") + (f" by {args.by}" if args.by else ""))  # fmt: skip
    for row in rows:
        undone = "  (undone)" if row["undone"] else ""
        print(f"{row['seq']:>5}  {row['at']}  {row['paragraph'] or '-':<12} {row['by'] or 'the room':<14} {row['summary']}{undone}")  # fmt: skip
    return EXIT_OK


#: Tokens (words and spaces) of unchanged text kept on each side of a change.
CONTEXT = 12


def word_changes(old: str, new: str, context: int | None = CONTEXT) -> str:
    """`new` against `old`, word by word: `[-removed-]{+added+}` around what changed, and
    `context` tokens of unchanged text on each side of a change (None: all of it)."""
    before, after = tokenize(old), tokenize(new)
    out: list[str] = []
    i = j = 0
    diffs = word_diff(before, after, lossless=False)
    for n, (op, count) in enumerate(diffs):
        if op == 0:
            kept = after[j : j + count]
            around = len(kept) if context is None else context
            head = around if n + 1 < len(diffs) else 0  # before the next change
            tail = around if n > 0 else 0  # after the last change
            shown = "".join(kept)
            if len(kept) > head + tail + 2:
                start = "".join(kept[:tail]).rstrip() + " …" if tail else "…"
                shown = start + (" " + "".join(kept[len(kept) - head :]).lstrip() if head else "")
            out.append(shown)
            i, j = i + count, j + count
        elif op < 0:
            out.append(f"[-{''.join(before[i : i + count])}-]")
            i += count
        else:
            out.append(f"{{+{''.join(after[j : j + count])}+}}")
            j += count
    return "".join(out)


def cmd_diff(args: argparse.Namespace) -> int:
    draft = session.read(draft_path(args.draft))
    if args.old is None and not draft.revisions:
        raise DraftroomError(f"{draft.document.name} has no revision to compare with")
    old = revision(draft, args.old) if args.old is not None else draft.revisions[-1]
    new_paragraphs = draft.paragraphs if args.new is None else revision(draft, args.new).paragraphs
    shown_new = revision(draft, args.new).name if args.new else "the text as it stands"
    registry = Registry(draft.delegations)
    named = labels(Draft(draft.document, new_paragraphs)) | {
        k: v for k, v in labels(Draft(draft.document, old.paragraphs)).items()
    }
    before = {p.id: p for p in old.paragraphs}
    after = {p.id: p for p in new_paragraphs}
    order = [p.id for p in new_paragraphs] + [p.id for p in old.paragraphs if p.id not in after]
    print(f"{draft.document.name}: {old.name} -> {shown_new}")
    changed = 0
    for pid in order:
        a, b = before.get(pid), after.get(pid)
        if a == b:
            continue
        lines = _changes(a, b, registry)
        if lines:
            changed += 1
            print(f"\n{named.get(pid, pid)}")
            for line in lines:
                print(f"  {line}")
    print(f"\n{changed} paragraph{'s' if changed != 1 else ''} changed")
    return EXIT_OK


def _changes(old: Paragraph | None, new: Paragraph | None, registry: Registry) -> list[str]:
    lines = []
    if old is None or new is None:
        state = new or old
        assert state is not None
        text = write(state.content, registry)
        return [f"{'{+' if new else '[-'}{text}{'+}' if new else '-]'}", "(new paragraph)" if new else "(paragraph removed)"]  # fmt: skip
    if old.shown_status != new.shown_status:
        lines.append(f"status: {old.shown_status} -> {new.shown_status}")
    a, b = write(old.content, registry), write(new.content, registry)
    if a != b:
        lines.append(word_changes(a, b))
    return lines


def register(command: Command) -> None:
    sub = command("log", cmd_log, "who did what, when, on which paragraph")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("--since", metavar="REV", help="only what was done after REV was issued (rev.1)")  # fmt: skip
    sub.add_argument("--by", metavar="DELEGATION", help="only what this delegation did")
    sub.add_argument("--json", action="store_true", help="machine-readable output")
    sub = command("diff", cmd_diff, "the text changed between two revisions, word by word")
    sub.add_argument("draft", metavar="DRAFT")
    sub.add_argument("old", nargs="?", metavar="REV_A", help="from (default: the last revision)")  # fmt: skip
    sub.add_argument("new", nargs="?", metavar="REV_B", help="to (default: the text as it stands)")  # fmt: skip
