"""Tracked changes: who changed which words since a revision; accepting every change gives
the clean text, rejecting every change gives the revision, whatever the room did."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import history
from app.core.draft import Document, Draft, Kind, Paragraph, Status
from app.core.errors import DraftroomError
from app.core.room import Room
from app.core.tracking import ROOM, clean_text, revision, track


class Clock:
    """A clock a test moves on: each event a minute after the last."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def small_draft() -> Draft:
    texts = [
        "Recognize that drug addiction is a health problem;",
        "Note the emerging challenge of polydrug abuse in some regions;",
        "Encourage Member States, as appropriate, to share information.",
    ]
    paragraphs = [
        Paragraph(f"p{i}", Kind.OPERATIVE, [text], number=str(i), emphasis=[text.split()[0]])
        for i, text in enumerate(texts, start=1)
    ]
    draft = Draft(Document("small", "A small statement"), paragraphs, next_paragraph=3)
    draft.revisions = [history.freeze(draft, "rev.0", "2026-11-01T00:00:00Z")]
    return draft


def by_id(draft: Draft) -> dict[str, str]:
    return {t.paragraph.id: t for t in track(draft)}


def test_an_agreed_replacement_is_credited_to_its_proposer_on_the_day_it_was_proposed():
    clock = Clock()
    room = Room(small_draft(), clock)
    room.propose("OP2", "CELAC", "Note the emerging challenge of polydrug use in some regions;")
    proposed_at = clock.now
    room.support("b1", "Mexico")
    room.agree("b1", to="CELAC")
    (entry,) = [t for t in track(room.draft) if t.changed]
    changes = [(p.kind, p.text, p.author.name) for p in entry.pieces if p.kind != "equal"]
    assert changes == [("delete", "abuse", "CELAC"), ("insert", "use", "CELAC")]
    assert entry.pieces[1].author.at == proposed_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_open_bracket_is_not_a_change_until_the_room_agrees_it():
    room = Room(small_draft(), Clock())
    room.propose("OP1", "EU", "Recognize that drug addiction is a chronic health problem;")
    assert not any(t.changed for t in track(room.draft))


def test_a_new_paragraph_and_a_deleted_one_are_whole_changes_with_their_proposers():
    room = Room(small_draft(), Clock())
    room.insert("OP1", "G77", "Recognize the role of alternative development;")
    room.agree("b1")
    room.propose_deletion("OP3", "US")
    room.agree("b2")
    tracked = by_id(room.draft)
    new = next(t for t in tracked.values() if t.paragraph.suffix == "bis")
    assert new.inserted.name == "G77" and new.accepted.startswith("Recognize the role")
    assert new.rejected == ""
    assert tracked["p3"].deleted.name == "US" and tracked["p3"].accepted == ""


def test_a_paragraph_the_room_marks_deleted_without_a_proposal_is_the_secretariat_s_change():
    room = Room(small_draft(), Clock())
    room.mark("OP2", Status.DELETED)
    assert by_id(room.draft)["p2"].deleted.name == ROOM


def test_changes_since_a_later_revision_leave_out_what_that_revision_already_had():
    room = Room(small_draft(), Clock())
    room.propose("OP1", "EU", "Recognize that drug addiction is a chronic health problem;")
    room.agree("b1")
    room.revise()
    room.propose("OP2", "Norway", "Note the challenge of polydrug abuse in some regions;")
    room.agree("b2")
    since_rev1 = [t for t in track(room.draft, "rev.1") if t.changed]
    assert [t.paragraph.id for t in since_rev1] == ["p2"]
    assert {a.name for t in track(room.draft, "rev.0") for a in t.authors} == {"EU", "Norway"}


def test_an_unknown_revision_names_the_revisions_there_are_and_the_closest():
    with pytest.raises(DraftroomError) as error:
        revision(small_draft(), "rev.3")
    assert "no revision 'rev.3'" in str(error.value)
    assert "rev.0" in str(error.value.hint)
    assert revision(small_draft(), "0").name == "rev.0"


def test_a_word_deleted_then_put_back_reads_as_unchanged():
    room = Room(small_draft(), Clock())
    room.mark("OP2", Status.DELETED)
    room.mark("OP2", "reopened")
    assert not by_id(room.draft)["p2"].changed


# -- any sequence of the room's operations ------------------------------------------------
WORDS = ["health", "drug", "use", "and", "the", ",", "States", "evidence-based", "(WHO)"]
DELEGATIONS = ["EU", "G77", "US", "CELAC", "Norway"]

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 5), st.sampled_from(DELEGATIONS),
              st.lists(st.tuples(st.integers(0, 12), st.sampled_from(["ins", "del", "sub"]),
                                 st.sampled_from(WORDS)), min_size=1, max_size=3)),
    st.tuples(st.just("insert"), st.integers(0, 5), st.sampled_from(DELEGATIONS),
              st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)),
    st.tuples(st.just("delete"), st.integers(0, 5), st.sampled_from(DELEGATIONS)),
    st.tuples(st.just("mark"), st.integers(0, 5), st.sampled_from(["deleted", "reopened"])),
    st.tuples(st.just("revise")),
    st.tuples(st.just("undo")),
)  # fmt: skip


def _edited(text: str, edits: list[tuple[int, str, str]]) -> str:
    words = text.split(" ")
    for at, op, word in edits:
        at = min(at, len(words))
        if op == "ins":
            words.insert(at, word)
        elif op == "del" and len(words) > 1:
            del words[min(at, len(words) - 1)]
        elif words:
            words[min(at, len(words) - 1)] = word
    return " ".join(words)


def _play(room: Room, action: tuple) -> None:
    paragraphs = [p for p in room.draft.paragraphs if p.negotiable]
    kind = action[0]
    if kind == "revise":
        room.revise()
        return
    if kind == "undo":
        room.undo()
        return
    paragraph = paragraphs[action[1] % len(paragraphs)]
    label = room.label(paragraph)
    if kind == "edit":
        room.propose(label, action[2], _edited(paragraph.text, action[3]) or "words")
        for bracket in list(room.paragraph(label).brackets)[:1]:
            room.agree(bracket.id, len(bracket.options))
    elif kind == "insert":
        new = room.insert(label, action[2], " ".join(action[3]))
        room.agree(new.brackets[0].id)
    elif kind == "delete":
        bracket = room.propose_deletion(label, action[2])
        room.agree(bracket.id, to=action[2])
    else:
        room.mark(label, action[2])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=12))
def test_accepting_every_change_gives_the_text_and_rejecting_every_change_the_revision(steps):
    room = Room(small_draft(), Clock())
    for action in steps:
        with contextlib.suppress(DraftroomError):  # refused (a closed paragraph): no change
            _play(room, action)
    draft = room.draft
    for base in draft.revisions:
        tracked = track(draft, base.name)
        now = [clean_text(p) for p in draft.paragraphs if clean_text(p)]
        then = [clean_text(p) for p in base.paragraphs if clean_text(p)]
        assert [t.accepted for t in tracked if t.accepted] == now
        assert [t.rejected for t in tracked if t.rejected] == then
        for entry in tracked:
            assert all(p.author is not None for p in entry.pieces if p.kind != "equal")
