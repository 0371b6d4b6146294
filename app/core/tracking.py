"""Tracked changes: the statement's words since a revision, each change with its author.

Capitals read a draft as changes against a base text, each change attributed to the
delegation that proposed it and dated (UN rules ask for Word track changes). This module
computes those changes; it knows nothing of formats.

The structure comes from replaying the draft's history paragraph by paragraph, word token
by word token: each token of the text as it now reads remembers who brought it in and
which base token it is, if any; each base token deleted remembers who deleted it. A change
only shows once the room has agreed it (an open bracket reads at its original wording), so
a change agreed by the room is credited to the delegation that proposed the wording agreed,
on the day it proposed it. Accepting every change gives exactly the clean text (each
paragraph's :attr:`~app.core.draft.Paragraph.text`); rejecting every change gives exactly
the base revision's: both are checked by property tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.core.brackets import Bracket, Option, find_bracket, reading_with
from app.core.draft import Draft, Paragraph, Status
from app.core.errors import DraftroomError, closest
from app.core.history import Change, Event, Revision
from app.core.proposals import tokenize, word_diff

#: Who a change is credited to when no delegation made it (the room marked a paragraph).
ROOM = "Secretariat"
#: Who every change is credited to in a tracked text circulated without attribution.
UNATTRIBUTED = "Proposal"

PieceKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Author:
    """Who made a change, and when (ISO 8601 UTC, as events are stamped)."""

    name: str
    at: str

    @property
    def day(self) -> str:
        return self.at[:10]


@dataclass(slots=True)
class Piece:
    """A stretch of a paragraph: unchanged, inserted or deleted (then with its author)."""

    kind: PieceKind
    text: str
    author: Author | None = None


@dataclass(slots=True)
class TrackedParagraph:
    """One paragraph of the statement with its changes since the base revision."""

    paragraph: Paragraph
    """The paragraph as it now stands (as it stood in the base, if it is gone)."""
    base: Paragraph | None
    """The paragraph in the base revision (None: inserted since)."""
    pieces: list[Piece] = field(default_factory=list)
    inserted: Author | None = None
    """Set when the whole paragraph is new since the base."""
    deleted: Author | None = None
    """Set when the whole paragraph is gone from the text since the base."""

    @property
    def accepted(self) -> str:
        """The paragraph with every change accepted (its clean text)."""
        return "".join(p.text for p in self.pieces if p.kind != "delete")

    @property
    def rejected(self) -> str:
        """The paragraph with every change rejected (its text in the base)."""
        return "".join(p.text for p in self.pieces if p.kind != "insert")

    @property
    def changed(self) -> bool:
        return any(p.kind != "equal" for p in self.pieces)

    @property
    def authors(self) -> list[Author]:
        return [p.author for p in self.pieces if p.author is not None]


def clean_text(paragraph: Paragraph | None) -> str:
    """What a paragraph contributes to the clean statement: nothing when deleted."""
    if paragraph is None or not paragraph.negotiable or paragraph.status is Status.DELETED:
        return ""
    return paragraph.text


# -- the base ---------------------------------------------------------------------------
def revision(draft: Draft, name: str | None) -> Revision:
    """The revision named (``rev.1``, ``1``, ``Rev.1``); the first when None.
    An unknown name is refused with the names that exist and the closest."""
    names = [r.name for r in draft.revisions]
    if not names:
        raise DraftroomError(
            f"{draft.document.name} has no revision to compare with",
            hint="rev.0 is made on import; issue one with: draftroom revise DRAFT",
        )
    if name is None:
        return draft.revisions[0]
    typed = name.strip().lower().replace(" ", "")
    wanted = typed if typed.startswith("rev.") else f"rev.{typed.removeprefix('rev')}"
    for found in draft.revisions:
        if found.name == wanted:
            return found
    near = closest(name, names, n=1)
    raise DraftroomError(
        f"{draft.document.name} has no revision {name!r}",
        hint=f"revisions: {', '.join(names)}" + (f" (closest: {near[0]})" if near else ""),
    )


def _events_since(draft: Draft, base: Revision) -> list[Event]:
    """The events done after the base was issued (rev.0, the import, has no event)."""
    events = [e for e in draft.history if not e.undone]
    for index, event in enumerate(events):
        if event.revision is not None and event.revision.name == base.name:
            return events[index + 1 :]
    return events


# -- attribution --------------------------------------------------------------------------
@dataclass(slots=True)
class _Token:
    text: str
    origin: Author | None
    """Who inserted it (None for a base token)."""
    base: int | None
    """Its index among the base's tokens (None for an inserted token)."""


#: The events that changed one paragraph, in order, each with its change to it.
_Touches = list[tuple[Event, Change]]


def _proposal(touches: _Touches, event: Event, change: Change, after: str) -> Author | None:
    """For the room's decision on a bracket (`after`: the paragraph's clean text after it):
    who proposed the wording agreed, and when."""
    before = change.before
    if before is None or not event.bracket:
        return _deletion_proposer(touches, event, change)
    bracket = find_bracket(before.content, event.bracket)
    if bracket is None:
        return None
    chosen = _chosen(bracket, before, after)
    if chosen is None or not chosen.supporters:
        return None
    proposer = chosen.supporters[0]
    return Author(proposer, _proposed_at(touches, event, bracket.id, proposer))


def _chosen(bracket: Bracket, before: Paragraph, after_reading: str) -> Option | None:
    """The option of `bracket` the room agreed: the one that reads as the result."""
    for option in bracket.options:
        if option.original:
            continue
        trial = _with_option(before, bracket, option)
        if trial == after_reading:
            return option
    proposals = [o for o in bracket.options if not o.original and o.supporters]
    return proposals[0] if len(proposals) == 1 else None


def _with_option(paragraph: Paragraph, bracket: Bracket, option: Option) -> str:
    if paragraph.status is Status.DELETED:
        return ""
    return reading_with(paragraph.content, bracket, option)


def _proposed_at(touches: _Touches, until: Event, bracket: str, who: str) -> str:
    """When `who` proposed their wording for `bracket`: the first event by them that left
    the bracket (in the paragraph `touches` changed) holding their option; the decision's
    date if none is found."""
    for event, change in touches:
        if event is until:
            break
        if event.by != who or change.after is None:
            continue
        found = find_bracket(change.after.content, bracket)
        if found is not None and found.option_of(who) is not None:
            return event.at
    return until.at


def _deletion_proposer(touches: _Touches, event: Event, change: Change) -> Author | None:
    """For a paragraph marked deleted: the delegation that proposed deleting it, if any."""
    before, after = change.before, change.after
    if before is None or after is None or after.status is not Status.DELETED:
        return None
    whole = before.content[0] if len(before.content) == 1 else None
    if not isinstance(whole, Bracket):
        return None
    empty = next((o for o in whole.options if o.empty and o.supporters), None)
    if empty is None:
        return None
    who = empty.supporters[0]
    return Author(who, _proposed_at(touches, event, whole.id, who))


def _author(touches: _Touches, event: Event, change: Change, after: str) -> Author:
    if event.by:
        return Author(event.by, event.at)
    return _proposal(touches, event, change, after) or Author(ROOM, event.at)


def _apply(
    tokens: list[_Token], new_text: str, who: Author, deleted: dict[int, Author]
) -> list[_Token]:
    """The tokens after a change to `new_text`: kept tokens keep their origin, new ones
    are `who`'s, base tokens dropped are recorded as deleted by `who`."""
    old, new = [t.text for t in tokens], tokenize(new_text)
    if old == new:
        return tokens
    result: list[_Token] = []
    i = j = 0
    for op, count in word_diff(old, new, lossless=False):
        if op == 0:
            result += tokens[i : i + count]
            i += count
            j += count
        elif op < 0:
            for token in tokens[i : i + count]:
                if token.base is not None:
                    deleted[token.base] = who
            i += count
        else:
            result += [_Token(text, who, None) for text in new[j : j + count]]
            j += count
    return result


def _pieces(base: list[str], final: list[_Token], deleted: dict[int, Author]) -> list[Piece]:
    """The paragraph as equal, deleted and inserted stretches, in reading order. Between two
    kept base tokens, the deleted and the inserted words are compared again so a word
    deleted and later put back reads as unchanged."""
    out: list[Piece] = []

    def add(kind: PieceKind, text: str, author: Author | None) -> None:
        if out and out[-1].kind == kind and out[-1].author == author:
            out[-1].text += text
        else:
            out.append(Piece(kind, text, author))

    def gap(removed: list[int], added: list[_Token]) -> None:
        i = j = 0
        for op, count in word_diff(
            [base[k] for k in removed], [t.text for t in added], lossless=False
        ):
            if op == 0:
                for k in range(count):
                    add("equal", base[removed[i + k]], None)
            elif op < 0:
                for k in removed[i : i + count]:
                    add("delete", base[k], deleted.get(k) or _nearest(deleted, k))
            else:
                for token in added[j : j + count]:
                    add("insert", token.text, token.origin)
            i += count if op <= 0 else 0
            j += count if op >= 0 else 0

    next_base = 0
    pending: list[_Token] = []
    for token in final:
        if token.base is None:
            pending.append(token)
            continue
        if pending or token.base != next_base:  # something between two kept base tokens
            gap(list(range(next_base, token.base)), pending)
            pending = []
        add("equal", token.text, None)
        next_base = token.base + 1
    gap(list(range(next_base, len(base))), pending)
    return out


def _nearest(deleted: dict[int, Author], index: int) -> Author:
    if not deleted:
        return Author(ROOM, "")
    return deleted[min(deleted, key=lambda k: abs(k - index))]


def _replay(
    base_text: str, changes: list[tuple[str, Author]], current_text: str, last: Author
) -> list[Piece]:
    """`changes`: the paragraph's clean text after each change, with who made it."""
    base = tokenize(base_text)
    tokens = [_Token(text, None, index) for index, text in enumerate(base)]
    deleted: dict[int, Author] = {}
    for after, who in changes:
        tokens = _apply(tokens, after, who, deleted)
    tokens = _apply(tokens, current_text, last, deleted)  # a history out of step: resync
    return _pieces(base, tokens, deleted)


def track(draft: Draft, since: str | None = None) -> list[TrackedParagraph]:
    """The statement's paragraphs with their changes since revision `since` (rev.0 when
    None), in document order; paragraphs gone since the base stand where they stood."""
    base_revision = revision(draft, since)
    events = _events_since(draft, base_revision)
    touched: dict[str, _Touches] = {}  # so far; a decision looks back only at its own
    per_paragraph: dict[str, list[tuple[str, Author]]] = {}
    for event in events:
        for change in event.changes:
            touches = touched.setdefault(change.paragraph, [])
            touches.append((event, change))
            after = clean_text(change.after)
            per_paragraph.setdefault(change.paragraph, []).append(
                (after, _author(touches, event, change, after))
            )
    base_by_id = {p.id: p for p in base_revision.paragraphs if p.negotiable}
    now_ids = {p.id for p in draft.paragraphs}
    order: list[tuple[Paragraph, Paragraph | None]] = []
    for paragraph in draft.paragraphs:
        if paragraph.negotiable:
            order.append((paragraph, base_by_id.get(paragraph.id)))
    for index, lost in enumerate(base_revision.paragraphs):  # rare: gone since the base
        if lost.id in base_by_id and lost.id not in now_ids:
            before = {p.id for p in base_revision.paragraphs[:index]}
            at = max((i + 1 for i, (p, _) in enumerate(order) if p.id in before), default=0)
            order.insert(at, (lost, lost))

    tracked: list[TrackedParagraph] = []
    for paragraph, base in order:
        gone = paragraph.id not in now_ids
        base_text = clean_text(base)
        current_text = "" if gone else clean_text(paragraph)
        if not base_text and not current_text:
            continue
        changes = per_paragraph.get(paragraph.id, [])
        last = changes[-1][1] if changes else Author(ROOM, base_revision.at)
        if not changes and base_text == current_text:  # untouched since the base
            pieces = [Piece("equal", base_text)]
        else:
            pieces = _replay(base_text, changes, current_text, last)
        entry = TrackedParagraph(paragraph, base, pieces)
        if not base_text:
            entry.inserted = next((p.author for p in pieces if p.author), last)
        elif not current_text:
            entry.deleted = next((p.author for p in pieces if p.author), last)
        tracked.append(entry)
    return tracked


def unattributed(tracked: list[TrackedParagraph]) -> list[TrackedParagraph]:
    """`tracked` with every change credited to "Proposal" (dates kept): the tracked text
    circulated without attribution, as compilation texts often are (`--anonymous`)."""

    def anonymous(author: Author | None) -> Author:
        return Author(UNATTRIBUTED, author.at if author is not None else "")

    return [
        TrackedParagraph(
            entry.paragraph,
            entry.base,
            [
                p if p.kind == "equal" else Piece(p.kind, p.text, anonymous(p.author))
                for p in entry.pieces
            ],
            entry.inserted and anonymous(entry.inserted),
            entry.deleted and anonymous(entry.deleted),
        )
        for entry in tracked
    ]
