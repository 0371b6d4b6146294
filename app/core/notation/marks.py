"""What reading and writing the notation share: the escapes, the status tags, the shapes a
paragraph is read into."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from app.core.brackets import Inline
from app.core.delegations import TAG_KEYWORDS, Registry, fold
from app.core.draft import Status
from app.core.errors import DraftroomError

# an escaped " / " and " - " while parsing: lone surrogates, which no text decoded from
# UTF-8 or TOML can hold (private-use characters can, and were read back as "/" and "-")
_SLASH = "\ud800"
_DASH = "\ud801"
_ESCAPED = {"/": _SLASH, "-": _DASH}
_SPECIAL = re.compile(r"[\[\]\\]")
#: In a text file: an escaped character, or a phrase in ``*italics*`` (``**bold**``) that
#: the text importer reads as emphasis, dropping its stars.
STARRED = re.compile(r"\\.|(\*\*?)((?:[^*\\\n]|\\.)+?)\1")
_STATUS_TAG = re.compile(
    r"(?:^|\s+)\[(?:(?P<plain>Agreed ad ref|Agreed in informals|Agreed|Deleted)"
    r"|(?P<who>Pending|Reserved): (?P<by>[^\[\]]+)"
    r"|Package: (?P<package>[^\[\]]+))\]\s*$",
    re.IGNORECASE,
)
#: A slash standing alone between spaces (or at an edge) could separate options.
_LONE_SLASH = re.compile(r"(?:(?<= )|^)/(?= |$)")


class NestingError(DraftroomError):
    """Brackets nested beyond `MAX_DEPTH`: refused even by a lenient reading (keeping them
    as text would silently lose the brackets; reading them would recurse)."""


@dataclass(slots=True)
class Parsed:
    """A paragraph read from notation."""

    content: list[Inline]
    status: Status = Status.OPEN
    status_by: list[str] = field(default_factory=list)
    package: str = ""
    warnings: list[DraftroomError] = field(default_factory=list)
    unclosed: int = 0
    """Brackets still open at the end (read with `runs_on`: the caller carries them on)."""


@dataclass(slots=True)
class _Node:
    """A bracket as scanned: its children and where it opened."""

    children: list[str | _Node]
    offset: int


@dataclass(slots=True)
class _Tags:
    plain: list[str] = field(default_factory=list)
    retain: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)


def _looks_like_tags(tail: str, registry: Registry) -> bool:
    """Whether the text after a `` - `` would be read as a tag list: it names a delegation,
    or something so close to one that it is taken for a misspelt tag."""
    parsed = [_group_names(g.strip()) for g in tail.split(";")]
    names = [n for group, _ in parsed for n in group]
    if not names or any(not group for group, _ in parsed):
        return False
    return any(registry.lookup(n) for n in names) or any(_near(n, registry) for n in names)


def _near(name: str, registry: Registry) -> bool:
    """A capitalised short name within a typo of a delegation ("Canda")."""
    if len(name.split()) > 4 or not name[:1].isupper():
        return False
    return bool(difflib.get_close_matches(fold(name), registry.folded(), n=1, cutoff=0.8))


def _group_names(group: str) -> tuple[list[str], str]:
    """A tag group's names and keyword: ``"US, Canada delete"`` -> (["US", "Canada"], "delete")."""
    keyword = ""
    for word in TAG_KEYWORDS:
        if group == word or group.endswith(" " + word):
            keyword = word
            group = group[: -len(word)].strip()
            break
    names = [n.strip() for n in group.split(",") if n.strip()]
    return names, keyword
