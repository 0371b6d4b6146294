"""One operation of the room picked by numbers, for the tests that replay many of them
(the store's round trips, the save's printing): a refusal leaves the draft unchanged."""

from __future__ import annotations

from app.core.errors import DraftroomError
from app.core.room import Room


def step(room: Room, kind: str, i: int, j: int, who: list[str], word: str = "effectively") -> None:
    """`kind` on the paragraph and the bracket picked by `i`, by the delegation and at the
    word picked by `j`."""
    draft = room.draft
    operative = [room.label(p) for p in draft.paragraphs if p.negotiable and p.number]
    label = operative[i % len(operative)]
    brackets = [b.id for p in draft.paragraphs for b in p.brackets]
    by = who[j % len(who)]
    try:
        if kind == "propose":
            words = room.paragraph(label).text.split(" ")
            words[j % len(words)] = f"{word}{j}"
            room.propose(label, by, " ".join(words))
        elif kind == "support" and brackets:
            room.support(brackets[i % len(brackets)], by, 1 + j % 2)
        elif kind == "agree" and brackets:
            room.agree(brackets[i % len(brackets)], 1 + j % 2)
        elif kind == "withdraw" and brackets:
            bracket = brackets[i % len(brackets)]
            room.withdraw(bracket, room.draft.bracket(bracket)[1].options[-1].supporters[0])
        elif kind == "insert":
            room.insert(label, by, f"Invites action number {j};")
        elif kind == "mark":
            room.mark(label, "pending", [by])
        elif kind == "revise":
            room.revise()
        elif kind == "undo":
            room.undo()
        elif kind == "redo":
            room.redo()
    except DraftroomError:
        pass  # refused (nothing to undo, a closed paragraph…): the draft is unchanged
