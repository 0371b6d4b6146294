"""Compiling returns: a delegation's Word file, sent back with Track Changes, recorded as
that delegation's proposals on the draft it was made from.

Each paragraph of the return is paired with the draft's by its words as circulated (the
return may add or drop paragraphs, so never by position alone); each author's changes to
a paragraph become that author's delegation's wording for it, which the room turns into
brackets as it does for any proposal (`Room.propose`): two delegations changing the same
words make one place with both options. A paragraph an author added becomes their `bis`
after the paragraph before it; one an author deleted whole, their proposal to delete it.
Words changed with Track Changes off are found against the text as it stands: with
`--from` they are that delegation's proposal, otherwise the file is refused, naming the
paragraphs. A return compiled again adds nothing. Every change goes through the room, so one return
is one transaction in the caller's session: it is saved whole, or not at all.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from app.core.brackets import Bracket, Option, current_option, reading
from app.core.draft import Paragraph
from app.core.errors import DraftroomError, Hint, NotFound, Refused
from app.core.room import Room
from app.importers.docx import WordParagraph, word_identifier, word_paragraphs


@dataclass(slots=True)
class Compiled:
    """What one return brought: proposals by delegation and paragraph, what it could not
    place (not written), what was compiled already."""

    source: str
    proposals: dict[str, list[str]] = field(default_factory=dict)
    """Each delegation's proposals, by the labels of the paragraphs they are on."""
    unplaced: list[str] = field(default_factory=list)
    already: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        said = [
            f"{self.source}: {who}: {len(labels)} proposal{'s' * (len(labels) != 1)} "
            f"({', '.join(labels)})"
            for who, labels in self.proposals.items()
        ]
        said += [f"{self.source}: {note}" for note in self.notes]
        if self.already:
            said.append(
                f"{self.source}: {self.already} change(s) compiled already, not added again"
            )
        said += [f"{self.source}: not placed: {what}" for what in self.unplaced]
        return said or [f"{self.source}: no tracked changes"]


def compile_return(room: Room, data: bytes, source: str, delegation: str | None = None) -> Compiled:
    """Record a return's tracked changes as proposals in `room` (`delegation`: every
    author's changes are that delegation's). An author that is not a delegation, without
    `delegation`, is refused before anything is changed."""
    paragraphs = word_paragraphs(data, source)
    made_against = _made_against(room, word_identifier(data), source)
    authors = sorted({a for p in paragraphs for a in p.by_author})
    who = {author: _delegation(room, author, delegation, source) for author in authors}
    pairs = _pair(room, paragraphs)
    compiled = Compiled(source)
    if made_against:
        compiled.notes.append(made_against)
    # words changed with Track Changes off: found against the text as it stands
    untracked: list[tuple[WordParagraph, Paragraph]] = [
        (w, p) for w, p in zip(paragraphs, pairs, strict=True)
        if p is not None and w.before != " ".join(p.text.split())
    ]  # fmt: skip
    if untracked and delegation is None:
        labels = ", ".join(room.label(p) for _, p in untracked)
        raise Refused(
            f"{source} changes {labels} without Track Changes: whose changes they are is "
            "not recorded in the file",
            hint=Hint(
                "say whose they are: --from DELEGATION records them as its proposals",
                "say whose they are: name the delegation under “From”, and its proposals they are",
            ),
        )
    for changed, at in untracked:
        if not changed.by_author:  # (with tracked changes too, each author's view has them)
            name = room.delegation(delegation or "")
            if _proposed(room, compiled, at, name, changed.before):
                compiled.proposals.setdefault(name, []).append(room.label(at))
    last: Paragraph | None = None
    for word, paragraph in zip(paragraphs, pairs, strict=True):
        if paragraph is not None:
            last = paragraph
        where = room.label(paragraph) if paragraph is not None else "a paragraph it adds"
        compiled.notes += [f"comment by {by} on {where}: “{text}”" for by, text in word.comments]
        for author, wanted in word.by_author.items():
            if wanted == word.before:
                continue
            name = who[author]
            if paragraph is None and not word.before:  # a paragraph the author added
                if last is None:
                    compiled.unplaced.append(f"a paragraph {author} added before the first")
                    continue
                if _added_already(room, last, name, wanted):
                    compiled.already += 1
                    continue
                added = room.insert(room.label(last), name, wanted)
                compiled.proposals.setdefault(name, []).append(room.label(added))
            elif paragraph is None:
                compiled.unplaced.append(f"“{word.before[:60]}…” matches no paragraph")
            elif not wanted:
                try:
                    room.propose_deletion(room.label(paragraph), name)
                except Refused as refused:
                    if "already proposes to delete" not in refused.message:
                        raise
                    compiled.already += 1
                    continue
                compiled.proposals.setdefault(name, []).append(room.label(paragraph))
            elif _proposed(room, compiled, paragraph, name, wanted):
                compiled.proposals.setdefault(name, []).append(room.label(paragraph))
    return compiled


def _made_against(room: Room, identifier: str, source: str) -> str:
    """What the return says it was made against, when that is not the current text (a
    return of another draft is refused)."""
    found = re.fullmatch(r"(.+)/(rev\.\d+|draft)", identifier)
    if found is None:
        return ""
    name, revision = found.groups()
    if name != room.draft.document.name:
        raise Refused(
            f"{source} is a return of the draft {name!r}, not of {room.draft.document.name!r}",
            hint="compile it into the draft it was circulated from",
        )
    latest = room.draft.revisions[-1].name if room.draft.revisions else "draft"
    if revision == latest:
        return ""
    return (
        f"made against {revision}; the draft is now at {latest}: its changes were placed on "
        "the text as it now stands"
    )


def _proposed(room: Room, compiled: Compiled, paragraph: Paragraph, name: str, wanted: str) -> bool:
    """Propose `wanted` for `name`; False when the paragraph already reads so for it (the
    return was compiled before)."""
    try:
        room.propose(room.label(paragraph), name, wanted)
    except Refused as refused:
        if "already reads" not in refused.message:
            raise
        compiled.already += 1
        return False
    return True


def _added_already(room: Room, after: Paragraph, name: str, wanted: str) -> bool:
    """Whether a new paragraph of `after` reads `wanted` as `name` proposes it (the return
    was compiled before)."""
    family = (after.kind, after.number, after.parent, after.section)

    def theirs(bracket: Bracket) -> Option:
        return bracket.option_of(name) or current_option(bracket)

    return any(
        (p.kind, p.number, p.parent, p.section) == family
        and p.suffix
        and " ".join(reading(p.content, theirs).split()) == wanted
        for p in room.draft.paragraphs
    )


def _delegation(room: Room, author: str, given: str | None, source: str) -> str:
    if given is not None:
        return room.delegation(given)
    try:
        return room.delegation(author)
    except DraftroomError:
        near = difflib.get_close_matches(author, room.registry.spellings(), n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(map(repr, near))}? " if near else ""
        raise NotFound(
            f"the changes in {source} are by {author!r}, who is not a delegation",
            hint=Hint(
                hint + "say whose they are: --from DELEGATION (e.g. --from EU)",
                hint + "say whose they are: name the delegation under “From” (e.g. EU)",
            ),
        ) from None


def _pair(room: Room, paragraphs: list[WordParagraph]) -> list[Paragraph | None]:
    """Each return paragraph's draft paragraph: the same words first, else the closest
    near where the order puts it (a return may add or drop paragraphs)."""
    negotiable = [p for p in room.draft.paragraphs if p.negotiable]
    texts = [" ".join(p.text.split()) for p in negotiable]
    exact: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        exact.setdefault(text, []).append(index)
    taken: set[int] = set()
    found: list[Paragraph | None] = []
    cursor = 0
    for word in paragraphs:
        at = next((i for i in exact.get(word.before, []) if i not in taken), None)
        if at is None and word.before:
            window = [
                i for i in range(max(0, cursor - 3), min(len(texts), cursor + 6)) if i not in taken
            ]
            scored = [
                (difflib.SequenceMatcher(None, word.before, texts[i]).quick_ratio(), i)
                for i in window
            ]
            best = max(scored, default=(0.0, -1))
            at = best[1] if best[0] >= 0.8 else None
        if at is None:
            found.append(None)
            continue
        taken.add(at)
        cursor = at + 1
        found.append(negotiable[at])
    return found
