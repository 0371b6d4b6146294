"""What the room takes as typed, made what a draft stores: a wording (composed, nothing
invisible, one line), a package's name, a status ("ad ref", "reopen")."""

from __future__ import annotations

import re
import unicodedata

from app.core.delegations import first_unseen
from app.core.draft import Status
from app.core.errors import DraftroomError, did_you_mean

_STATUS_WORDS = {
    "agreed": Status.AGREED, "agreed ad ref": Status.AGREED_AD_REF, "ad ref": Status.AGREED_AD_REF,
    "agreed in informals": Status.AGREED_IN_INFORMALS, "informals": Status.AGREED_IN_INFORMALS,
    "pending": Status.PENDING, "reserved": Status.RESERVED, "reservation": Status.RESERVED,
    "deleted": Status.DELETED, "reopen": Status.OPEN, "reopened": Status.OPEN, "open": Status.OPEN,
}  # fmt: skip


#: Characters nobody sees in a wording: a zero-width space, a soft hyphen, a word joiner,
#: a byte-order mark, direction marks, embeddings, overrides and isolates. Kept, they make
#: two wordings that read alike differ ("ab\u200buse" is not "abuse": support for it would
#: open another option). Zero-width (non-)joiners stay: some scripts need them.
_UNSEEN_IN_WORDING = re.compile(
    "[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def typed(wording: str) -> str:
    """A wording as the room records it: composed (NFC: "é" one character, however it was
    typed), without characters nobody sees, on one line with single spaces."""
    wording = _UNSEEN_IN_WORDING.sub("", unicodedata.normalize("NFC", wording))
    return " ".join(wording.split())


def package_name(text: str) -> str:
    """A package's name as stored (spaces collapsed); a DraftroomError for one the status
    tag `[Package: NAME]` could not hold: empty, with a bracket or backslash, or with a
    character nobody sees typed."""
    unseen = first_unseen(text)
    name = " ".join(text.split())
    if unseen:
        problem = f"holds {unseen}"
    elif not name:
        problem = "is empty"
    elif any(c in name for c in "[]\\"):
        problem = "holds a bracket or backslash, which the [Package: NAME] tag cannot hold"
    else:
        return name
    raise DraftroomError(
        f"the package name {text!r} {problem}", hint="name it e.g. A, or drugs-and-health"
    )


def parse_status(value: Status | str) -> Status:
    """A status as typed ("ad ref", "Agreed in informals", "reopen")."""
    if isinstance(value, Status):
        return value
    key = " ".join(value.lower().replace("-", " ").split())
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise DraftroomError(
        f"unknown status {value!r}",
        hint=did_you_mean(value, _STATUS_WORDS)
        or "statuses: agreed, agreed ad ref, agreed in informals, pending, reserved, deleted, reopened",
    )
