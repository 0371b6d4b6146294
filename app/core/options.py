"""A bracket's options as the room names them: by number, by the delegation that holds
one, or as the original; how one reads to a person; support moved from one to another.

Kept apart from :mod:`app.core.room`, whose operations call these to pick the option a
decision is about before they record it."""

from __future__ import annotations

from collections.abc import Callable

from app.core.brackets import Bracket, Option, raw_reading, tidy
from app.core.delegations import ORIGINAL
from app.core.errors import DraftroomError, Hint, NotFound, Refused


def option_text(option: Option) -> str:
    """An option as a person reads it; the empty option is a deletion."""
    text = tidy(raw_reading(option.content))
    return f'"{text}"' if text else "deletion"


def describe(bracket: Bracket) -> str:
    """A bracket as `show` lists it: its id and state, its options numbered, supporters."""
    lines = [f"{bracket.id} ({bracket.state})"]
    for number, option in enumerate(bracket.options, start=1):
        role = " (original)" if option.original else ""
        who = f" - {', '.join(option.supporters)}" if option.supporters else ""
        lines.append(f"  {number}. {option_text(option)}{role}{who}")
    return "\n".join(lines)


def numbered(bracket: Bracket, number: int | None, role: str) -> Option:
    """Option `number` (from 1) of the bracket; without a number, its one proposal. `role`
    says what the option is wanted for ("support"), in the refusal."""
    if number is None:
        proposals = [o for o in bracket.options if not o.original]
        if len(proposals) == 1:
            return proposals[0]
        raise Refused(
            f"{bracket.id} has {len(bracket.options)} options: say which one to {role}",
            hint=Hint(
                "add --option N; `draftroom show DRAFT LABEL` numbers the options",
                "add the option's number after the delegation (EU 2); the panel numbers them",
            ),
        )
    if not 1 <= number <= len(bracket.options):
        raise NotFound(
            f"{bracket.id} has no option {number}: it has options 1 to {len(bracket.options)}",
            hint=Hint(
                "`draftroom show DRAFT LABEL` numbers the options",
                "the panel numbers the options",
            ),
        )
    return bracket.options[number - 1]


def held_by(
    bracket: Bracket, to: str, spelled: Callable[[str], str], same: Callable[[str, str], bool]
) -> Option:
    """The option `to` names: "original", or the one the delegation `to` supports
    (`spelled` gives its name as the list has it; `same` tells two names of one)."""
    if to.strip().lower() == ORIGINAL:
        if bracket.original is None:
            raise DraftroomError(f"{bracket.id} has no original wording (it lists alternatives)")
        return bracket.original
    who = spelled(to)
    found = next((o for o in bracket.options if any(same(s, who) for s in o.supporters)), None)
    if found is None:
        raise DraftroomError(f"{who} supports no option of {bracket.id}")
    return found


def move_support(
    bracket: Bracket, option: Option, who: str, same: Callable[[str, str], bool]
) -> None:
    """`who` supports `option` now, and no other option of the bracket."""
    for other in bracket.options:
        other.supporters = [s for s in other.supporters if not same(s, who)]
    option.supporters.append(who)
