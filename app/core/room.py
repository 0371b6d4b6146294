"""The room: every operation a facilitator performs on a draft, one implementation each.

The CLI and the TUI both call these methods. Each records an event (who, what, when,
the paragraphs before and after) so it can be undone and redone, and each refuses what
the room could not do (amend a context paragraph, agree an option that does not exist)
with a DraftroomError before changing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.core import history
from app.core.brackets import (
    MAX_DEPTH,
    Bracket,
    Option,
    canonical,
    depth,
    replace_bracket,
    settle,
)
from app.core.delegations import Registry, check_name
from app.core.draft import Draft, Kind, Paragraph, Status
from app.core.errors import DraftroomError, Hint, NotFound, Refused, did_you_mean
from app.core.history import Change, Event, Revision
from app.core.labels import find, find_labelled, labels
from app.core.options import held_by, move_support, numbered, option_text
from app.core.typed import package_name, parse_status, typed

if TYPE_CHECKING:  # (its word diff, diff-match-patch: loaded by the first proposal)
    from app.core.proposals import Proposed

#: Latin suffixes of inserted paragraphs, in UN order.
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies",
            "decies")  # fmt: skip
#: Statuses that close a paragraph: it may hold no open bracket.
CLOSING = (Status.AGREED, Status.AGREED_AD_REF, Status.AGREED_IN_INFORMALS)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def welcomed_name(typed: str) -> str:
    """A delegation as the room typed it, without the ``+`` that adds one not on the list
    (``+Malta Observers``: :meth:`Room.welcoming`)."""
    return typed.strip().removeprefix("+").strip()


class Room:
    """Operations on one draft, recorded in its history."""

    def __init__(self, draft: Draft, clock: Callable[[], datetime] = utc_now) -> None:
        self.draft = draft
        self.clock = clock
        self.registry = Registry(draft.delegations)

    # -- lookups -------------------------------------------------------------------------
    def paragraph(self, label: str) -> Paragraph:
        return find(self.draft, label)

    def label(self, paragraph: Paragraph) -> str:
        return labels(self.draft)[paragraph.id]

    def bracket(self, bracket_id: str) -> tuple[Paragraph, Bracket]:
        try:
            return self.draft.bracket(bracket_id.strip().lower())
        except KeyError:
            ids = [b.id for p in self.draft.paragraphs for b in p.brackets]
            raise NotFound(
                f"no open bracket {bracket_id!r} in {self.draft.document.name}",
                hint=did_you_mean(bracket_id, ids)
                or Hint(
                    "bracket ids (b1, b2…) are printed by `draftroom show DRAFT LABEL`",
                    "the panel lists the current paragraph's brackets (] goes to the next)",
                ),
            ) from None

    def delegation(self, typed: str) -> str:
        """A delegation as the list spells it; a name the notation could not hold, or an
        unknown one, is refused (with suggestions)."""
        return self.registry.spelling(check_name(typed))

    def add_delegation(self, name: str) -> str:
        """Record a delegation that is not on the bundled list (``--new-delegation``); a
        name the notation could not hold is refused (see :func:`check_name`)."""
        name = check_name(name)
        found = self.registry.lookup(name)
        if found:
            return found[1]
        self.draft.delegations.append(name)
        self.registry = Registry(self.draft.delegations)
        return name

    @contextmanager
    def welcoming(self, typed: str) -> Iterator[str]:
        """The name the room typed, as the operation inside should record it. A name
        written with a ``+`` in front ("+Sovereign Order of Malta") is a delegation not on
        the list, added for that operation: if the operation is refused, it is not added
        (the room's way of ``--new-delegation``)."""
        name = welcomed_name(typed)
        if not typed.strip().startswith("+"):
            yield name
            return
        before = list(self.draft.delegations)
        name = self.add_delegation(name)
        try:
            yield name
        except BaseException:
            self.draft.delegations = before
            self.registry = Registry(before)
            raise

    def _same(self, a: str, b: str) -> bool:
        return self.registry.same(a, b)

    def _negotiable(self, paragraph: Paragraph) -> None:
        if not paragraph.negotiable:
            raise Refused(
                f"{self.label(paragraph)} is context, not negotiated text: it cannot be amended",
                hint="only paragraphs of the statement (PP, OP, headings) take proposals",
            )
        if paragraph.status in CLOSING or paragraph.status is Status.DELETED:
            raise Refused(
                f"{self.label(paragraph)} is {paragraph.shown_status}",
                hint=Hint(
                    f"reopen it first: draftroom mark DRAFT {self.label(paragraph)!r} reopened",
                    "reopen it first: m, then reopen",
                ),
            )

    # -- recording -----------------------------------------------------------------------
    @contextmanager
    def _event(
        self, action: str, summary: str, paragraphs: list[Paragraph], *, by: str = "",
        bracket: str = "",
    ) -> Iterator[Event]:  # fmt: skip
        """Record what happens inside as one event; on an error nothing is kept."""
        saved_order = list(self.draft.paragraphs)
        saved_counters = (self.draft.next_bracket, self.draft.next_paragraph)
        ids = {p.id for p in paragraphs}
        before = {p.id: (i, history.snapshot(p)) for i, p in enumerate(self.draft.paragraphs)
                  if p.id in ids}  # fmt: skip
        event = Event(
            seq=len(self.draft.history) + 1, at=_stamp(self.clock()), action=action,
            summary=summary, by=by, paragraph=paragraphs[0].id if paragraphs else "",
            bracket=bracket,
        )  # fmt: skip
        try:
            yield event
        except BaseException:
            self.draft.paragraphs = [before[p.id][1] if p.id in before else p for p in saved_order]
            self.draft.next_bracket, self.draft.next_paragraph = saved_counters
            raise
        positions = {p.id: i for i, p in enumerate(self.draft.paragraphs)}
        touched = list(dict.fromkeys([*before, *(p.id for p in paragraphs)]))
        for pid in touched:
            old = before.get(pid)
            now = self.draft.paragraphs[positions[pid]] if pid in positions else None
            index = positions.get(pid, old[0] if old else 0)
            event.changes.append(
                Change(pid, index, old[1] if old else None, history.snapshot(now) if now else None)
            )
        self.draft.history = [e for e in self.draft.history if not e.undone]
        event.seq = len(self.draft.history) + 1
        self.draft.history.append(event)

    # -- proposals -----------------------------------------------------------------------
    def propose(self, label: str, delegation: str, wording: str) -> list[Proposed]:
        """The delegation wants the paragraph to read `wording`; brackets are returned.
        Its line breaks and tabs are spaces (a paragraph is one line of text, as `insert`
        makes it): a break kept inside an option would end the paragraph in an export."""
        paragraph, name = find_labelled(self.draft, label)
        self._negotiable(paragraph)
        who = self.delegation(delegation)
        wording = typed(wording)
        if not wording:
            raise Refused(
                "the proposed wording is empty",
                hint=Hint(
                    "to propose deleting the paragraph: draftroom delete DRAFT LABEL --by X",
                    "to propose deleting the paragraph: d",
                ),
            )
        from app.core.proposals import propose  # (not needed to open the room)

        with self._event("propose", "", [paragraph], by=who) as event:
            paragraph.content, proposed = propose(
                paragraph.content, wording, who, self.draft.new_bracket_id, self._same
            )
            if depth(paragraph.content) > MAX_DEPTH:  # (undone by the event: nothing kept)
                raise DraftroomError(
                    f"{name}'s brackets would nest more than {MAX_DEPTH} deep",
                    hint="agree or withdraw some of its brackets first",
                )
            event.summary = (
                f"{who} proposes "
                + "; ".join(f"{option_text(p.option)} ({p.bracket.id})" for p in proposed)
                + f" in {name}"
            )
            event.bracket = proposed[0].bracket.id
        return proposed

    def propose_deletion(self, label: str, delegation: str) -> Bracket:
        """The delegation proposes to delete the whole paragraph."""
        paragraph = self.paragraph(label)
        self._negotiable(paragraph)
        who = self.delegation(delegation)
        whole = paragraph.content[0] if len(paragraph.content) == 1 else None
        if isinstance(whole, Bracket) and any(
            o.empty and any(self._same(s, who) for s in o.supporters) for o in whole.options
        ):
            raise Refused(f"{who} already proposes to delete {self.label(paragraph)}")
        with self._event("delete", f"{who} proposes to delete {self.label(paragraph)}",
                         [paragraph], by=who) as event:  # fmt: skip
            content = paragraph.content
            if len(content) == 1 and isinstance(content[0], Bracket):
                bracket = content[0]
                for option in bracket.options:
                    option.supporters = [s for s in option.supporters if not self._same(s, who)]
                empty = next((o for o in bracket.options if o.empty), None)
                if empty is None:
                    empty = Option([])
                    bracket.options.append(empty)
                empty.supporters.append(who)
                canonical(bracket)
            else:
                bracket = Bracket(
                    self.draft.new_bracket_id(),
                    [Option(list(content), original=True), Option([], [who])],
                )
                paragraph.content = [bracket]
            event.bracket = bracket.id
        return bracket

    def insert(
        self, after: str, delegation: str, wording: str, *, alternative: bool = False
    ) -> Paragraph:
        """A new paragraph proposed after another (`OP7 bis`), or an alternative to it
        (`OP6 alt`): its whole text is one bracket, so the room can still delete it."""
        anchor = self.paragraph(after)
        if anchor.kind not in (Kind.PREAMBULAR, Kind.OPERATIVE):
            raise DraftroomError(
                f"{self.label(anchor)} is not a numbered paragraph of the statement",
                hint="new paragraphs go after a PP or OP paragraph",
            )
        who = self.delegation(delegation)
        if not wording.strip():
            raise DraftroomError("the new paragraph has no text")
        family = [p for p in self.draft.paragraphs if (p.kind, p.number, p.parent, p.section)
                  == (anchor.kind, anchor.number, anchor.parent, anchor.section)]  # fmt: skip
        used = {p.suffix for p in family}
        if alternative:
            suffix = next(s for s in ("alt", *(f"alt {n}" for n in range(2, 100))) if s not in used)
        else:
            suffix = next((s for s in SUFFIXES if s not in used), "")
            if not suffix:
                raise DraftroomError(
                    f"{self.label(anchor)} already has {len(SUFFIXES)} new paragraphs"
                )
        paragraph = Paragraph(
            id=self.draft.new_paragraph_id(), kind=anchor.kind, number=anchor.number,
            parent=anchor.parent, section=anchor.section, suffix=suffix, part=anchor.part,
        )  # fmt: skip
        position = max(self.draft.paragraphs.index(p) for p in family) + 1
        what = "an alternative to" if alternative else "a new paragraph after"
        with self._event("insert", "", [paragraph], by=who) as event:
            bracket = Bracket(
                self.draft.new_bracket_id(),
                [Option([], original=True), Option([typed(wording)], [who])],
            )
            paragraph.content = [bracket]
            self.draft.paragraphs.insert(position, paragraph)
            event.bracket = bracket.id
            event.summary = f"{who} proposes {what} {self.label(anchor)}: {self.label(paragraph)}"
        return paragraph

    # -- decisions on brackets -------------------------------------------------------------
    def support(self, bracket_id: str, delegation: str, option: int | None = None) -> Option:
        """The delegation supports an option ("EU retain": the original)."""
        paragraph, bracket = self.bracket(bracket_id)
        self._negotiable(paragraph)
        who = self.delegation(delegation)
        chosen = numbered(bracket, option, "support")
        with self._event("support", "", [paragraph], by=who, bracket=bracket.id) as event:
            move_support(bracket, chosen, who, self._same)
            canonical(bracket)
            event.summary = f"{who} supports {option_text(chosen)} ({bracket.id})"
        return chosen

    def oppose(self, bracket_id: str, delegation: str, option: int | None = None) -> Option:
        """The delegation objects to an option; a compilation text records the objection as
        support for the alternative: "retain" the original, or "delete"."""
        paragraph, bracket = self.bracket(bracket_id)
        self._negotiable(paragraph)
        who = self.delegation(delegation)
        opposed = numbered(bracket, option, "oppose")
        with self._event("oppose", "", [paragraph], by=who, bracket=bracket.id) as event:
            others = [o for o in bracket.options if o is not opposed]
            if len(others) == 1:
                target = others[0]
            elif not opposed.original and bracket.original is not None:
                target = bracket.original
            else:
                empty = next((o for o in others if o.empty), None)
                if empty is None:
                    empty = Option([])
                    bracket.options.append(empty)
                target = empty
            move_support(bracket, target, who, self._same)
            canonical(bracket)
            event.summary = f"{who} opposes {option_text(opposed)} ({bracket.id})"
        return target

    def withdraw(self, bracket_id: str, delegation: str) -> None:
        """The delegation withdraws its support; an option nobody supports any more is
        dropped, and a place left with one wording reads on as agreed text."""
        paragraph, bracket = self.bracket(bracket_id)
        self._negotiable(paragraph)
        who = self.delegation(delegation)
        held = next(
            (o for o in bracket.options if any(self._same(s, who) for s in o.supporters)), None
        )
        if held is None:
            raise Refused(
                f"{who} supports no option of {bracket.id}",
                hint=Hint(
                    "supporters of each option are shown by `draftroom show DRAFT LABEL`",
                    "the panel lists each option's supporters",
                ),
            )
        with self._event("withdraw", f"{who} withdraws {option_text(held)} ({bracket.id})",
                         [paragraph], by=who, bracket=bracket.id):  # fmt: skip
            for option in bracket.options:
                option.supporters = [s for s in option.supporters if not self._same(s, who)]
            bracket.options = [o for o in bracket.options if o.supporters or o.original]
            paragraph.content = settle(paragraph.content)

    def agree(self, bracket_id: str, option: int | None = None, *, to: str | None = None) -> Option:
        """The room agrees a place to one option: the bracket vanishes and the text reads on.
        `to` may name a delegation (its option) or "original"."""
        paragraph, bracket = self.bracket(bracket_id)
        self._negotiable(paragraph)
        if to is not None and option is not None:
            raise Refused(
                f"say the option agreed once: option {option} or {to}'s",
                hint=Hint(
                    "give --option N or --to DELEGATION, not both",
                    "answer with the option's number or a delegation, not both",
                ),
            )
        if to is not None:
            chosen = held_by(bracket, to, self.delegation, self._same)
        elif option is None and len(bracket.options) != 2:
            raise Refused(
                f"{bracket.id} has {len(bracket.options)} options: say which one is agreed",
                hint=Hint(
                    "add --option N, --to DELEGATION or --to original",
                    "answer with the option's number, a delegation or original",
                ),
            )
        else:
            chosen = (
                numbered(bracket, option, "agree") if option is not None else bracket.options[-1]
            )
        with self._event("agree", f"the room agrees {option_text(chosen)} ({bracket.id})",
                         [paragraph], bracket=bracket.id):  # fmt: skip
            paragraph.content = replace_bracket(paragraph.content, bracket, chosen.content)
            if not paragraph.content:  # the room agreed to delete it: no one holds it
                paragraph.status, paragraph.status_by = Status.DELETED, []
        return chosen

    # -- decisions on paragraphs -----------------------------------------------------------
    def _members(self, paragraph: Paragraph) -> list[Paragraph]:
        """A paragraph and those tied to it in a package."""
        if not paragraph.package:
            return [paragraph]
        return [p for p in self.draft.paragraphs if p.package == paragraph.package]

    def mark(
        self, label: str, status: Status | str, by: list[str] | None = None
    ) -> list[Paragraph]:
        """Mark a paragraph (and its package) with a status; "reopened" reopens it."""
        paragraph = self.paragraph(label)
        status = parse_status(status)
        if not paragraph.negotiable:
            raise DraftroomError(f"{self.label(paragraph)} is context: it has no status")
        names = [self.delegation(n) for n in (by or [])]
        if names and status not in (Status.PENDING, Status.RESERVED):
            raise Refused(
                f"{status.value} is the room's: it takes no delegation ({', '.join(names)})",
                hint=Hint(
                    "leave out --by; a delegation holds a paragraph with pending or reserved",
                    "a delegation holds a paragraph with pending X or reserved X",
                ),
            )
        if status in (Status.PENDING, Status.RESERVED) and not names:
            raise DraftroomError(f"{status.value} needs the delegation: add --by DELEGATION")
        members = self._members(paragraph)
        if status in CLOSING:
            open_places = [(p, b) for p in members for b in p.brackets]
            if open_places:
                listing = ", ".join(f"{b.id} in {self.label(p)}" for p, b in open_places[:6])
                raise Refused(
                    f"{self.label(paragraph)} cannot be {status.value}: open brackets remain ({listing})",
                    hint=Hint(
                        "agree or withdraw them first (draftroom agree DRAFT BRACKET --option N)",
                        "agree or withdraw them first (a on each bracket)",
                    ),
                )
        shown = (
            f"{status.value} {', '.join(names)}".strip()
            if status is not Status.OPEN
            else "reopened"
        )
        with self._event("reopen" if status is Status.OPEN else "mark",
                         f"{', '.join(self.label(p) for p in members)} {shown}", members):  # fmt: skip
            for member in members:
                member.status = status
                member.status_by = names if status in (Status.PENDING, Status.RESERVED) else []
        return members

    def agree_paragraph(self, label: str) -> list[Paragraph]:
        """The room agrees a paragraph that has no open bracket."""
        return self.mark(label, Status.AGREED)

    def package(self, name: str, labels_: list[str]) -> list[Paragraph]:
        """Tie paragraphs together: a status marked on one is marked on all."""
        name = package_name(name)
        members = [self.paragraph(label) for label in labels_]
        for member in members:
            if not member.negotiable:
                raise DraftroomError(f"{self.label(member)} is context: it cannot be in a package")
        with self._event(
            "package", f"package {name}: " + ", ".join(self.label(m) for m in members), members
        ):
            for member in members:
                member.package = name
        return members

    # -- revisions, undo, redo -----------------------------------------------------------
    def revise(self) -> Revision:
        """Issue the next revision: a frozen copy of the text as it now stands."""
        names = [r.name for r in self.draft.revisions]
        number = max((int(n.split(".")[1]) for n in names), default=-1) + 1
        for event in self.draft.history:
            if event.revision is not None and event.revision.name == f"rev.{number}":
                number += 1
        revision = history.freeze(self.draft, f"rev.{number}", _stamp(self.clock()))
        with self._event("revise", f"{revision.name} issued", []) as event:
            event.revision = revision
            self.draft.revisions.append(revision)
        return revision

    def undo(self) -> Event:
        return history.undo(self.draft)

    def redo(self) -> Event:
        return history.redo(self.draft)
