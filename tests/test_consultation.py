"""A scripted informal consultation on five paragraphs of the statement.

Delegations propose, overlap, support, object, withdraw; the room agrees places and marks
paragraphs; a new paragraph is proposed. After every step the bracketed export shows each
paragraph as a facilitator would type it in the compilation text.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.room import Room
from app.exports.export import bracketed_txt
from app.store.store import load_draft, save_draft

from .conftest import BUNDLED


def compiled(room: Room, label: str) -> str:
    """The line of the bracketed export that holds a paragraph (one line each, in order)."""
    body = bracketed_txt(room.draft).split("__________")[0]
    lines = [line for line in body.splitlines() if line]
    negotiable = [p for p in room.draft.paragraphs if p.negotiable]
    assert len(lines) == len(negotiable)
    return lines[negotiable.index(room.paragraph(label))]


@pytest.fixture
def room() -> Room:
    return Room(load_draft(BUNDLED), clock=lambda: datetime(2026, 3, 10, 10, 0, tzinfo=UTC))


OP26 = (
    "26. Express the need for a better understanding of the {} drivers{} of the world drug problem;"
)
OP27 = "27. Note the emerging challenge of polydrug {}{};{}"


def test_an_informal_consultation_reads_as_the_facilitator_would_type_it(room, tmp_path):
    # EU rewords a phrase: one place, the old words against EU's.
    [eu] = room.propose(
        "OP26", "EU",
        "Express the need for a better understanding of the social, economic and health "
        "drivers of the world drug problem;",
    )  # fmt: skip
    assert compiled(room, "OP26") == OP26.format(
        "[social and economic / social, economic and health - EU]", ""
    )
    # The Russian Federation adds words elsewhere: a second place.
    [russia] = room.propose(
        "OP26", "Russian Federation",
        "Express the need for a better understanding of the social and economic drivers and "
        "consequences of the world drug problem;",
    )  # fmt: skip
    assert russia.new_bracket and russia.bracket.id != eu.bracket.id
    assert compiled(room, "OP26") == OP26.format(
        "[social and economic / social, economic and health - EU]",
        " [and consequences - Russian Federation]",
    )
    # Iran objects to EU's wording: in a compilation text that is "Iran retain".
    room.oppose(eu.bracket.id, "Iran")
    # Norway's wording overlaps EU's place: it becomes another option of that place.
    norway, norway_too = room.propose(
        "OP26", "Norway",
        "Express the need for a better understanding of the social, economic, health and human "
        "rights drivers and consequences of the world drug problem;",
    )  # fmt: skip
    assert norway.bracket.id == eu.bracket.id and not norway.new_bracket
    assert norway_too.bracket.id == russia.bracket.id and not norway_too.new_bracket
    assert compiled(room, "OP26") == OP26.format(
        "[social and economic - Iran retain / social, economic and health - EU"
        " / social, economic, health and human rights - Norway]",
        " [and consequences - Russian Federation, Norway]",
    )
    # Norway read Russia's words as its own too: it now supports them.
    assert room.draft.bracket(russia.bracket.id)[1].options[1].supporters == [
        "Russian Federation", "Norway",
    ]  # fmt: skip

    # OP27: a replacement by CELAC, a deletion by the United States.
    [celac] = room.propose(
        "OP27", "CELAC", "Note the emerging challenge of polydrug use in some regions;"
    )
    [us] = room.propose("OP27", "US", "Note the emerging challenge of polydrug abuse;")
    assert compiled(room, "OP27") == OP27.format(
        "[abuse / use - CELAC]", " [in some regions - US delete]", ""
    )
    room.support(us.bracket.id, "G77", option=1)  # "G77 retain"
    assert compiled(room, "OP27") == OP27.format(
        "[abuse / use - CELAC]", " [in some regions - G77 retain; US delete]", ""
    )
    room.withdraw(us.bracket.id, "US")  # the place reads on as it was
    room.agree(celac.bracket.id, to="CELAC")
    room.mark("OP27", "agreed ad ref")
    assert compiled(room, "OP27") == OP27.format("use", " in some regions", " [Agreed ad ref]")

    # Japan proposes a new paragraph after OP28; EU supports it, Mexico objects.
    bis = room.insert(
        "OP28",
        "Japan",
        "Also note with concern the increasing abuse of new psychoactive substances;",
    )
    assert room.label(bis) == "OP28 bis"
    [place] = bis.brackets
    room.support(place.id, "EU")
    room.oppose(place.id, "Mexico")
    assert compiled(room, "OP28 bis") == (
        "28 bis. [Also note with concern the increasing abuse of new psychoactive substances;"
        " - Japan, EU; Mexico delete]"
    )
    room.mark("OP28", "pending", ["China"])
    assert compiled(room, "OP28").endswith("international drug control efforts; [Pending: China]")

    # OP24: Switzerland's insertion is not taken up; the room keeps the original; agreed.
    [swiss] = room.propose(
        "OP24", "Switzerland",
        "Also underscore the need to respond to shifting trafficking routes and new drug "
        "trafficking trends, including Internet-based e-commerce, the darknet and mail-order "
        "services;",
    )  # fmt: skip
    assert "e-commerce[, the darknet - Switzerland] and mail-order" in compiled(room, "OP24")
    room.agree(swiss.bracket.id, to="original")
    room.agree_paragraph("OP24")
    assert compiled(room, "OP24") == (
        "24. Also underscore the need to respond to shifting trafficking routes and new drug "
        "trafficking trends, including Internet-based e-commerce and mail-order services; [Agreed]"
    )

    # The whole session survives the store, and the counters say where the room is.
    save_draft(room.draft, tmp_path / "d")
    again = load_draft(tmp_path / "d")
    assert bracketed_txt(again) == bracketed_txt(room.draft)
    from app.core.tally import tally

    counts = tally(again)
    assert counts["open_brackets"] == 3
    assert counts["by_status"]["agreed ad ref"] == 1
    assert counts["by_status"]["pending"] == 1
    assert counts["by_status"]["agreed"] == 1
    assert counts["by_status"]["bracketed"] == 2
    assert counts["by_delegation"]["Japan"] == {
        "proposed": 1,
        "supported": 0,
        "pending": 0,
        "reserved": 0,
        "held_brackets": 0,
    }


def test_counts_kept_paragraph_by_paragraph_agree_with_counting_the_whole_draft(room):
    """The status bar recounts only the paragraphs a change touched; through proposals,
    agreements, statuses, a new paragraph, undo and redo it says what a full count says."""
    from app.core.draft import Status
    from app.core.history import Event
    from app.core.tally import RoomCounter, room_counts

    counter = RoomCounter()
    assert counter.counts(room.draft) == room_counts(room.draft)
    steps = [
        lambda: room.propose("OP3", "EU", room.paragraph("OP3").text + " and harm reduction"),
        lambda: room.oppose(room.paragraph("OP3").brackets[0].id, "Iran"),
        lambda: room.mark("OP1", Status.AGREED_AD_REF),
        lambda: room.mark("OP4", Status.PENDING, ["Iran"]),
        lambda: room.insert("OP5", "G77", "Stress the role of civil society;"),
        lambda: room.agree(room.paragraph("OP3").brackets[0].id),
        room.undo,
        room.undo,
        room.redo,
    ]
    for step in steps:
        done = step()
        event = done if isinstance(done, Event) else room.draft.history[-1]
        changed = {c.paragraph for c in event.changes}
        assert counter.counts(room.draft, changed) == room_counts(room.draft)
    assert room_counts(room.draft)["by_status"]["pending"] == 1
