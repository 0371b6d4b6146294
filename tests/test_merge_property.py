"""Merging by events, for random pairs of branches: the same draft whichever branch is
ours, and a merged history that undoes back to where the draft started."""

from __future__ import annotations

import copy
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.draft import Document, Draft, Kind, Paragraph
from app.core.errors import DraftroomError
from app.core.merging import Clash, merge_drafts
from app.core.room import Room
from app.store.store import dumps, load_draft, save_draft

EXAMPLES = int(os.environ.get("DRAFTROOM_FUZZ_EXAMPLES", "100"))
TEXTS = [
    "Reaffirm our commitment to the principle of common and shared responsibility;",
    "Encourage Member States to strengthen cooperation on the world drug problem;",
    "Note the emerging challenge of new psychoactive substances in some regions;",
    "Invite the Commission to report on progress at its next session;",
]
WORDS = ["strongly", "firmly", "", "all", "regional", "global"]
WHO = ["EU", "United States", "Mexico", "G77 and China"]
START = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def base_draft() -> Draft:
    paragraphs = [
        Paragraph(f"p{n:03d}", Kind.OPERATIVE, [text], number=str(n))
        for n, text in enumerate(TEXTS, start=1)
    ]
    draft = Draft(Document("merge", "Merge"), paragraphs, next_paragraph=len(TEXTS))
    room = Room(draft, clock=lambda: START)
    room.propose("OP1", "EU", TEXTS[0].replace("common and shared", "shared"))
    return draft


op = st.one_of(
    st.tuples(st.just("propose"), st.integers(0, 3), st.integers(0, 12), st.sampled_from(WORDS),
              st.sampled_from(WHO)),
    st.tuples(st.just("support"), st.integers(0, 9), st.sampled_from(WHO), st.integers(1, 3)),
    st.tuples(st.just("agree"), st.integers(0, 9), st.integers(1, 3)),
    st.tuples(st.just("withdraw"), st.integers(0, 9), st.sampled_from(WHO)),
    st.tuples(st.just("insert"), st.integers(0, 3), st.sampled_from(WHO)),
    st.tuples(st.just("mark"), st.integers(0, 3), st.sampled_from(["agreed", "reopened", "deleted"])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("revise")),
)  # fmt: skip
branch = st.lists(st.tuples(op, st.integers(0, 1)), max_size=7)


def record(draft: Draft, ops: list[tuple[tuple[Any, ...], int]]) -> Draft:
    """A branch: the ancestor with these operations recorded (those the room refuses skipped)."""
    draft = copy.deepcopy(draft)
    now = [START]
    room = Room(draft, clock=lambda: now[0])
    for (name, *args), step in ops:
        now[0] += timedelta(minutes=step)
        labels = [room.label(p) for p in draft.paragraphs]
        brackets = [b.id for p in draft.paragraphs for b in p.brackets]
        try:
            if name == "propose":
                label = labels[args[0] % len(labels)]
                words = room.paragraph(label).text.split(" ")
                words[args[1] % len(words)] = args[2] or words[args[1] % len(words)] + " " + WHO[0][:0] + "indeed"  # fmt: skip
                room.propose(label, args[3], " ".join(words))
            elif name in ("support", "agree", "withdraw") and brackets:
                bracket = brackets[args[0] % len(brackets)]
                if name == "support":
                    room.support(bracket, args[1], args[2])
                elif name == "agree":
                    room.agree(bracket, args[1])
                else:
                    room.withdraw(bracket, args[1])
            elif name == "insert":
                room.insert(labels[args[0] % len(labels)], args[1], f"{args[1]} adds words.")
            elif name == "mark":
                room.mark(labels[args[0] % len(labels)], args[1])
            elif name == "undo":
                room.undo()
            elif name == "revise":
                room.revise()
        except DraftroomError:
            pass
    return draft


def merged_or_clash(base: Draft, ours: Draft, theirs: Draft) -> Draft | str:
    try:
        return merge_drafts(copy.deepcopy(base), copy.deepcopy(ours), copy.deepcopy(theirs)).draft
    except Clash:
        return "clash"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(branch, branch)
def test_merging_a_into_b_and_b_into_a_gives_the_same_draft(one, two):
    base = base_draft()
    a, b = record(base, one), record(base, two)
    a_into_b, b_into_a = merged_or_clash(base, b, a), merged_or_clash(base, a, b)
    if isinstance(a_into_b, str) or isinstance(b_into_a, str):
        assert a_into_b == b_into_a == "clash"
        return
    assert a_into_b == b_into_a
    assert dumps(a_into_b) == dumps(b_into_a)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(branch, branch)
def test_a_merged_draft_loads_and_undoes_back_to_where_it_started(tmp_path_factory, one, two):
    base = base_draft()
    merged = merged_or_clash(base, record(base, one), record(base, two))
    if isinstance(merged, str):
        return
    folder = tmp_path_factory.mktemp("merged")
    save_draft(merged, folder)
    loaded = load_draft(folder)
    room = Room(loaded)
    for _ in range(len(loaded.history)):
        room.undo()
    assert [p.content for p in loaded.paragraphs] == [[text] for text in TEXTS]


@pytest.mark.parametrize("ours_first", [True, False])
def test_two_new_paragraphs_after_one_are_bis_and_ter_in_the_order_made(ours_first):
    base = base_draft()
    early = record(base, [(("insert", 1, "EU"), 1)])
    late = record(base, [(("insert", 1, "Mexico"), 1), (("revise",), 0)])
    late.history[0].at = "2026-12-05T10:05:00Z"
    merged = merge_drafts(base, early, late) if ours_first else merge_drafts(base, late, early)
    inserted = [p for p in merged.draft.paragraphs if p.suffix]
    assert [(p.suffix, p.content[0].options[1].supporters) for p in inserted] == [  # type: ignore[union-attr]
        ("bis", ["EU"]), ("ter", ["Mexico"]),
    ]  # fmt: skip
    assert any("now ter" in note for note in merged.notes)
