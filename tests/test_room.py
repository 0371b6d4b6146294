"""The room's operations: proposals, decisions, statuses, packages, revisions, undo."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.brackets import reading
from app.core.draft import Status
from app.core.errors import DraftroomError
from app.core.room import Room
from app.store.store import dumps, load_draft

from .conftest import BUNDLED

OP27 = "Note the emerging challenge of polydrug abuse in some regions;"


@pytest.fixture
def room() -> Room:
    return Room(load_draft(BUNDLED), clock=lambda: datetime(2026, 3, 10, 10, 0, tzinfo=UTC))


def test_a_word_change_is_bracketed_by_words_never_by_characters(room):
    [change] = room.propose(
        "OP29", "EU", room.paragraph("OP29").text.replace("Encourage", "Strongly encourage", 1)
    )
    assert [reading(o.content) for o in change.bracket.options] == [
        "Encourage",
        "Strongly encourage",
    ]


def test_an_insertion_a_deletion_and_a_replacement(room):
    [inserted] = room.propose("OP27", "EU", OP27.replace("abuse", "abuse and dependence"))
    assert [(reading(o.content), o.original) for o in inserted.bracket.options] == [
        ("", True), ("and dependence", False),
    ]  # fmt: skip
    [deleted] = room.propose("OP28", "US", room.paragraph("OP28").text.replace(" serious and", ""))
    assert [(reading(o.content), o.supporters) for o in deleted.bracket.options] == [
        ("serious and", []), ("", ["US"]),
    ]  # fmt: skip
    [replaced] = room.propose(
        "OP26", "G77", room.paragraph("OP26").text.replace("better", "deeper")
    )
    assert [reading(o.content) for o in replaced.bracket.options] == ["better", "deeper"]


def test_proposing_the_same_words_as_an_option_supports_it(room):
    [first] = room.propose("OP27", "CELAC", OP27.replace("abuse", "use"))
    [second] = room.propose("OP27", "Mexico", OP27.replace("abuse", "use"))
    assert second.bracket.id == first.bracket.id and not second.new_bracket
    assert second.option.supporters == ["CELAC", "Mexico"]
    assert len(second.bracket.options) == 2


def test_a_change_spanning_two_brackets_nests_them_in_a_new_one(room):
    room.propose("OP27", "CELAC", OP27.replace("abuse", "use"))
    room.propose("OP27", "US", OP27.replace(" in some regions", ""))
    changes = room.propose("OP27", "Russian Federation", "Note the emerging challenge;")
    [whole] = [c for c in changes if c.new_bracket]
    nested = [p for p in whole.bracket.options[0].content if not isinstance(p, str)]
    assert len(nested) == 2  # CELAC's and the US's places, kept inside the new one
    assert len(room.paragraph("OP27").brackets) == 3
    assert reading(room.paragraph("OP27").content) == OP27


def test_proposing_the_paragraph_as_it_reads_changes_nothing(room):
    before = dumps(room.draft)
    with pytest.raises(DraftroomError, match="already reads"):
        room.propose("OP27", "EU", OP27)
    assert dumps(room.draft) == before


def test_context_paragraphs_cannot_be_amended(room):
    with pytest.raises(DraftroomError, match="context"):
        room.propose("II 2.1", "EU", "Anything at all.")


def test_an_unknown_delegation_is_refused_with_suggestions_unless_added(room):
    with pytest.raises(DraftroomError) as error:
        room.propose("OP27", "Frnace", OP27.replace("abuse", "use"))
    assert "'France'" in str(error.value) and "--new-delegation" in str(error.value)
    room.add_delegation("Sovereign Order of Malta")
    [done] = room.propose("OP27", "Sovereign Order of Malta", OP27.replace("abuse", "use"))
    assert done.option.supporters == ["Sovereign Order of Malta"]


def test_a_delegation_welcomed_with_a_plus_is_added_only_if_its_operation_is_made(room):
    with pytest.raises(DraftroomError, match="context"), room.welcoming("+Palau Observer") as who:
        room.propose("II 2.1", who, "Anything at all.")
    assert "Palau Observer" not in room.draft.delegations
    assert room.registry.lookup("Palau Observer") is None
    with room.welcoming("+Palau Observer") as who:
        [done] = room.propose("OP27", who, OP27.replace("abuse", "use"))
    assert done.option.supporters == ["Palau Observer"]
    assert "Palau Observer" in room.draft.delegations
    with room.welcoming("EU") as who:  # a name on the list is as typed
        assert who == "EU"


def test_support_and_opposition_as_compilation_texts_record_them(room):
    [change] = room.propose("OP27", "EU", OP27.replace("abuse", "abuse and dependence"))
    room.support(change.bracket.id, "Norway")
    room.oppose(change.bracket.id, "G77")
    options = room.draft.bracket(change.bracket.id)[1].options
    assert [(o.supporters, o.original) for o in options] == [
        (["G77"], True),
        (["EU", "Norway"], False),
    ]
    assert room.draft.bracket(change.bracket.id)[1].state == "opposed"


def test_agreeing_to_an_option_that_does_not_exist_is_refused(room):
    [change] = room.propose("OP27", "EU", OP27.replace("abuse", "use"))
    with pytest.raises(DraftroomError, match="no option 5"):
        room.agree(change.bracket.id, 5)
    with pytest.raises(DraftroomError, match="supports no option"):
        room.agree(change.bracket.id, to="Japan")
    with pytest.raises(DraftroomError, match="no open bracket 'b99'"):
        room.agree("b99", 1)


def test_agreeing_a_place_lets_the_text_read_on(room):
    [change] = room.propose("OP27", "EU", OP27.replace("abuse", "use"))
    room.agree(change.bracket.id, to="EU")
    assert room.paragraph("OP27").content == [OP27.replace("abuse", "use")]


def test_a_paragraph_with_open_brackets_cannot_be_agreed(room):
    [change] = room.propose("OP27", "EU", OP27.replace("abuse", "use"))
    with pytest.raises(
        DraftroomError, match=f"open brackets remain \\({change.bracket.id} in OP27\\)"
    ):
        room.agree_paragraph("OP27")


def test_statuses_pending_reserved_reopen(room):
    room.mark("OP1", "agreed ad ref")
    assert room.paragraph("OP1").shown_status == "agreed ad ref"
    with pytest.raises(DraftroomError, match="reopen it first"):
        room.propose("OP1", "EU", "Anything.")
    room.mark("OP1", "reopen")
    room.mark("PP1", "pending", ["Iran"])
    assert room.paragraph("PP1").shown_status == "pending Iran"
    room.mark("OP2", "reserved", ["Holy See"])
    assert room.paragraph("OP2").status is Status.RESERVED
    with pytest.raises(DraftroomError, match="needs the delegation"):
        room.mark("OP3", "pending")
    with pytest.raises(DraftroomError, match="did you mean 'agreed'"):
        room.mark("OP3", "agred")


def test_a_package_is_marked_together(room):
    room.package("A", ["OP26", "OP27"])
    room.mark("OP26", "agreed in informals")
    assert room.paragraph("OP27").status is Status.AGREED_IN_INFORMALS


def test_new_paragraphs_take_bis_ter_quater_and_alternatives_alt(room):
    labels = [room.label(room.insert("OP7", "EU", f"New text {n};")) for n in range(3)]
    assert labels == ["OP7 bis", "OP7 ter", "OP7 quater"]
    assert room.label(room.insert("OP6", "US", "Alternative text;", alternative=True)) == "OP6 alt"
    order = [room.label(p) for p in room.draft.paragraphs if p.negotiable]
    start = order.index("OP6")
    assert order[start : start + 7] == [
        "OP6",
        "OP6 alt",
        "OP7",
        "OP7 bis",
        "OP7 ter",
        "OP7 quater",
        "OP8",
    ]
    assert room.label(room.insert("OP33 B 24", "G77", "Section text;")) == "OP33 B 24 bis"


def test_deleting_a_paragraph_is_a_proposal_until_agreed(room):
    bracket = room.propose_deletion("OP27", "G77")
    assert room.paragraph("OP27").text == OP27  # still reads as it was
    room.agree(bracket.id, to="G77")
    assert room.paragraph("OP27").status is Status.DELETED


def every_kind_of_change(room: Room) -> list[tuple[str, object]]:
    """One of each operation, in an order where each applies."""
    steps: list[tuple[str, object]] = []

    def step(name: str, action) -> None:
        steps.append((name, action))

    step("propose", lambda: room.propose("OP27", "EU", OP27.replace("abuse", "use")))
    step("support", lambda: room.support("b1", "Norway"))
    step("oppose", lambda: room.oppose("b1", "Iran"))
    step("withdraw", lambda: room.withdraw("b1", "Norway"))
    step("insert", lambda: room.insert("OP27", "Japan", "New words;"))
    step("alternative", lambda: room.insert("OP26", "US", "Other words;", alternative=True))
    step("delete", lambda: room.propose_deletion("OP28", "G77"))
    step("agree", lambda: room.agree("b1", to="EU"))
    step("mark", lambda: room.mark("OP27", "agreed ad ref"))
    step("reopen", lambda: room.mark("OP27", "reopened"))
    step("package", lambda: room.package("P", ["OP24", "OP25"]))
    step("revise", lambda: room.revise())
    return steps


def text_of(draft) -> dict[str, bytes]:
    """What a change may alter, less the history and the id counters (ids are never reused)."""
    files = dumps(draft)
    head = b"\n".join(
        ln for ln in files.pop("draft.toml").splitlines() if not ln.startswith(b"next_")
    )
    files.pop("history.toml")
    active = {f"revisions/{r.name}.toml" for r in draft.revisions}  # undone ones wait for redo
    files = {k: v for k, v in files.items() if not k.startswith("revisions/") or k in active}
    return {**files, "draft.toml": head}


def test_undo_of_every_kind_of_change_restores_the_draft_exactly(room):
    for name, action in every_kind_of_change(room):
        before = text_of(room.draft)
        action()  # type: ignore[operator]
        after = dumps(room.draft)
        assert text_of(room.draft) != before, name
        room.undo()
        assert text_of(room.draft) == before, name
        room.redo()
        assert dumps(room.draft) == after, name
    # and undoing them all, back to front, gives the statement as loaded
    while any(not e.undone for e in room.draft.history):
        room.undo()
    assert text_of(room.draft) == text_of(load_draft(BUNDLED))


def test_issuing_a_revision_freezes_the_text(room):
    room.propose("OP27", "EU", OP27.replace("abuse", "use"))
    revision = room.revise()
    assert revision.name == "rev.1"
    room.agree("b1", to="EU")
    frozen = next(p for p in revision.paragraphs if p.id == room.paragraph("OP27").id)
    assert len(frozen.brackets) == 1


def test_a_proposal_on_an_untagged_place_keeps_its_alternatives_and_round_trips(room):
    from app.core.notation import read, write

    paragraph = room.paragraph("OP27")
    paragraph.content = read(
        "Note the [emerging][growing][other] challenge of polydrug abuse;"
    ).content
    room.draft.next_bracket = 10
    [change] = room.propose("OP27", "EU", "Note the new challenge of polydrug abuse;")
    assert [reading(o.content) for o in change.bracket.options] == [
        "emerging",
        "growing",
        "other",
        "new",
    ]
    written = write(paragraph.content)
    assert (
        written == "Note the [emerging / growing / other / new - EU] challenge of polydrug abuse;"
    )
    again = read(written).content[1]
    assert [(reading(o.content), o.supporters, o.original) for o in again.options] == [
        (reading(o.content), o.supporters, o.original) for o in change.bracket.options
    ]


def test_a_paragraph_the_room_agrees_to_delete_is_held_by_no_delegation(room):
    """Found by the Markdown round-trip fuzz: a deleted paragraph kept 'pending EU'."""
    bracket = room.propose_deletion("OP27", "EU")
    room.mark("OP27", Status.PENDING, ["Iran"])
    room.agree(bracket.id, to="EU")
    paragraph = room.paragraph("OP27")
    assert paragraph.status is Status.DELETED
    assert paragraph.status_by == [] and paragraph.shown_status == "deleted"


def test_a_proposal_on_a_label_typed_loosely_is_summarised_under_its_printed_label(room):
    op29 = room.paragraph("OP29")
    [proposed] = room.propose(
        "op 29", "EU", op29.text.replace("Encourage", "Strongly encourage", 1)
    )
    assert proposed.bracket in op29.brackets
    assert room.draft.history[-1].summary.endswith(" in OP29")


def test_a_label_is_found_as_printed_and_as_typed_and_an_unknown_one_is_refused(room):
    from app.core.labels import find_labelled

    paragraph, label = find_labelled(room.draft, "7")
    assert (paragraph, label) == (room.paragraph("OP7"), "OP7")
    assert find_labelled(room.draft, "OP7") == (paragraph, "OP7")
    with pytest.raises(DraftroomError, match="no paragraph labelled 'OP 999'"):
        find_labelled(room.draft, "OP 999")
