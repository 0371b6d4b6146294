"""Delegations: member states, observers, groups, the Chair.

The bundled list (`delegations.toml`, UN official short names and the short forms
negotiators type; read at run time from its Python form, `delegations_bundled.py`, which
`make delegations` writes from it: `tomllib` takes 4 ms to parse it, a tenth of the
budget the room's start-up has over a bare Textual app, the module's bytecode 0.3 ms) validates the tags of a compilation text and completes names as a
facilitator types. Names are matched without regard to case or diacritics ("cote
d'ivoire", "Turkiye"); a supporter is stored as the list spells the name or alias that was
typed, so a text that says "US" keeps saying "US", while "US" and "United States of
America" count as one delegation.

A delegation's name is written inside the bracket notation a draft is stored in
(``[extreme - US; G77 delete]``, ``[Pending: Iran (Islamic Republic of)]``) and printed on
a facilitator's terminal. A name the notation would read as something else, or that would
drive the terminal, is refused (exit 2) and never stored: :func:`check_name` is the one
rule, applied wherever a name enters (``--by``, ``--to``, ``--new-delegation``, the room's
question line, the ``delegations`` list of ``draft.toml`` and a paragraph's ``status_by``;
the tags of an imported text must name delegations of a registry, which holds none
other). Once NFC-normalised and its spaces collapsed (stripped, runs of spaces made one),
a valid name has 1 to 80 characters, a letter or digit among them, and:

- no ``[``, ``]`` (brackets), ``\\`` (the notation's escape), ``;`` (between groups of
  supporters), ``,`` (between supporters) or ``*`` (italics, to a plain-text importer);
- no `` / `` (between options) or `` - `` (before the supporters), a slash or hyphen with
  spaces around it ("HIV/AIDS", "Guinea-Bissau", "Asia-Pacific Group" are valid), and no
  ``-`` or ``/`` at either end;
- no control, format (bidi overrides, zero-width), surrogate, private-use, unassigned,
  line- or paragraph-separator character;
- no last word ``retain`` or ``delete`` ("EU retain" reads as the EU retaining the
  original), and it is not ``original`` (``agree --to original``).

The error names the character or word and suggests a spelling that would work. A draft
written before this rule may still hold such a name: it is refused at load with the file,
line and column, and what the CLI prints is escaped (`app.files.textfile.shown`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from app.core.errors import DraftroomError, Hint, NotFound, closest

#: The longest delegation name a draft takes (the bundled list's longest has 63 characters).
MAX_NAME = 80
#: Words that end a group of supporters in the notation: "EU, G77 retain", "US delete".
TAG_KEYWORDS = ("retain", "delete")
#: The word `agree --to` takes for the original wording.
ORIGINAL = "original"
#: Unicode categories a name may not hold: control, format (bidi overrides, zero-width
#: joiners), surrogate, private use, unassigned, line and paragraph separators.
_UNSEEN_CATEGORIES = {
    "Cc": "control character", "Cf": "format character", "Cs": "surrogate",
    "Co": "private-use character", "Cn": "unassigned character", "Zl": "line separator",
    "Zp": "paragraph separator",
}  # fmt: skip
#: A terminal's escape sequence, left out whole from the spelling a refusal suggests.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?)?")
#: Characters a compilation text reads as its own, and what it reads them as.
_NOTATION = {
    "[": "the bracket notation reads as the opening of a bracket",
    "]": "the bracket notation reads as the closing of a bracket",
    "\\": "the bracket notation reads as its escape character",
    ";": "the bracket notation reads as the end of a group of supporters",
    ",": "the bracket notation reads as the end of one supporter's name",
    "*": "a plain-text compilation reads as a mark of italics",
}
#: A slash or hyphen with a space either side: what the notation puts between options and
#: before the supporters.
_SEPARATORS = {" / ": "the break between two options", " - ": "the start of the supporters"}
_NOTATION_CHARS = re.compile(r"[\[\]\\;,*]")


@dataclass(frozen=True, slots=True)
class Delegation:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """A name as compared: case, diacritics, apostrophes and spacing ignored (kept: a long
    draft names the same few delegations thousands of times)."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _character(char: str) -> str:
    """An invisible character as a message names it: 'the control character U+001B',
    'the format character U+202E RIGHT-TO-LEFT OVERRIDE'."""
    category = unicodedata.category(char)
    name = unicodedata.name(char, "")
    return f"the {_UNSEEN_CATEGORIES[category]} U+{ord(char):04X}" + (f" {name}" if name else "")


def first_unseen(text: str) -> str | None:
    """How a message names the first character of `text` a person cannot see typed (a
    control or format character, a line separator), or None."""
    char = next((c for c in text if unicodedata.category(c) in _UNSEEN_CATEGORIES), None)
    return None if char is None else _character(char)


def _examine(typed: str) -> tuple[str, str | None]:
    """The name as a draft stores it (NFC, spaces collapsed) and what makes it one a draft
    cannot hold (None: nothing)."""
    text = unicodedata.normalize("NFC", typed)
    for char in text:  # before collapsing: a tab or line break is not a space here
        if unicodedata.category(char) in _UNSEEN_CATEGORIES:
            return text, f"holds {_character(char)}"
    name = " ".join(text.split())
    if not name:
        return name, "is empty"
    if len(name) > MAX_NAME:
        return name, f"has {len(name)} characters: a name has at most {MAX_NAME}"
    found = _NOTATION_CHARS.search(name)
    if found:
        char = found.group()
        return name, f"holds {char!r}, which {_NOTATION[char]}"
    for separator, meaning in _SEPARATORS.items():
        if separator in name:
            return name, f"holds {separator!r}, which the bracket notation reads as {meaning}"
    for end, char in (("begins", name[0]), ("ends", name[-1])):
        if char in "-/":
            return name, f"{end} with {char!r}, which the bracket notation reads as a separator"
    last = name.rsplit(" ", 1)[-1].casefold()
    if last in TAG_KEYWORDS:
        meaning = "support for the original wording" if last == "retain" else "support for deleting"
        return name, f"ends with the word {last!r}, which the bracket notation reads as {meaning}"
    if name.casefold() == ORIGINAL:
        return name, f"is {ORIGINAL!r}, the word `agree --to original` takes for the original"
    if not any(c.isalnum() for c in name):
        return name, "has no letter or digit"
    return name, None


def _spelling_that_works(typed: str) -> str | None:
    """A spelling of the name a draft can hold, for the hint: the offending characters and
    words left out (None if nothing of the name is left)."""
    text = "".join(
        " " if c.isspace() else c
        for c in _ESCAPE_SEQUENCE.sub("", unicodedata.normalize("NFC", typed))
        if c.isspace() or unicodedata.category(c) not in _UNSEEN_CATEGORIES
    )
    text = " ".join(_NOTATION_CHARS.sub(" ", text).split())
    words = re.sub(r" ?([-/]) ?", r"\1", text).strip("-/ ").split()
    while words and words[-1].casefold() in TAG_KEYWORDS:
        words.pop()
    text = " ".join(words)
    if len(text) > MAX_NAME:
        text = text[: MAX_NAME + 1].rsplit(" ", 1)[0].strip("-/ ")
    return text if text and _examine(text)[1] is None else None


def check_name(typed: str) -> str:
    """The delegation name as a draft stores it (NFC-normalised, spaces collapsed); for a
    name the bracket notation would misread, or that would drive a terminal, a
    DraftroomError naming the character or word and a spelling that works. The one rule
    for every name a draft takes (see the module's docstring)."""
    name, problem = _examine(typed)
    if problem is None:
        return name
    better = _spelling_that_works(typed)
    raise DraftroomError(
        f"the delegation name {typed!r} {problem}",
        hint=f"spell it without that, e.g. {better!r}" if better else "spell it otherwise",
    )


@cache
def bundled() -> tuple[Delegation, ...]:
    """The bundled list, read once (from its Python form: see the module's docstring)."""
    from app.core.delegations_bundled import BUNDLED

    return tuple(Delegation(name, kind, aliases) for name, kind, aliases in BUNDLED)


def bundled_module() -> str:
    """The Python form of `delegations.toml` (`make delegations` writes it to
    `delegations_bundled.py`; a test checks that the file says the same)."""
    import json
    import tomllib

    data = tomllib.loads(Path(__file__).with_name("delegations.toml").read_text(encoding="utf-8"))

    def literal(text: str) -> str:  # (JSON's string escapes are Python's too)
        return json.dumps(text, ensure_ascii=False)

    rows = []
    for entry in data["delegation"]:
        aliases = "".join(f"{literal(alias)}, " for alias in entry.get("aliases", ()))
        rows.append(
            f"    ({literal(entry['name'])}, {literal(entry['kind'])}, ({aliases.rstrip()})),\n"
        )
    return (
        '"""The bundled list of delegations: `delegations.toml` as Python, which loads ten\n'
        'times faster. Written by `make delegations`: do not edit, edit the TOML."""\n\n'
        "# fmt: off\n"
        "BUNDLED: tuple[tuple[str, str, tuple[str, ...]], ...] = (\n"
        + "".join(rows)
        + ")\n# fmt: on\n"
    )


@cache
def default_registry() -> Registry:
    """The registry of the bundled list alone, built once (it is asked for on every
    paragraph written)."""
    return Registry()


class Registry:
    """The delegations a draft knows: the bundled list plus any the user added."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        added = [Delegation(check_name(n), "added") for n in extra]
        self.delegations = list(bundled()) + added
        self._by_key: dict[str, tuple[Delegation, str]] = dict(_bundled_keys())
        for delegation in added:
            self._by_key.setdefault(fold(delegation.name), (delegation, delegation.name))

    def lookup(self, typed: str) -> tuple[Delegation, str] | None:
        """The delegation a typed name means and the list's spelling of it, if known."""
        return self._by_key.get(fold(typed))

    def spelling(self, typed: str) -> str:
        """The list's spelling of a typed name; a DraftroomError naming the closest."""
        found = self.lookup(typed)
        if found is None:
            raise self.unknown(typed)
        return found[1]

    def unknown(self, typed: str) -> DraftroomError:
        near = closest(typed, self.spellings())
        hint = ("did you mean " + " or ".join(repr(n) for n in near) + "? ") if near else ""
        return NotFound(
            f"unknown delegation {typed!r}",
            hint=Hint(
                hint + "to record a delegation that is not on the list, add --new-delegation",
                hint + "to record a delegation that is not on the list, type it with a + in "
                f"front: +{typed.strip()}",
            ),
        )

    def same(self, a: str, b: str) -> bool:
        """Whether two spellings name one delegation ("US", "United States of America")."""
        found_a, found_b = self.lookup(a), self.lookup(b)
        if found_a and found_b:
            return found_a[0] == found_b[0]
        return fold(a) == fold(b)

    def folded(self) -> list[str]:
        """Every name and alias as compared (see :func:`fold`), for fuzzy matching."""
        return list(self._by_key)

    def spellings(self) -> list[str]:
        return [s for d in self.delegations for s in (d.name, *d.aliases)]

    def complete(self, prefix: str, limit: int = 12) -> list[str]:
        """Names and aliases starting with (then containing) what has been typed."""
        key = fold(prefix)
        starts = [s for s in self.spellings() if fold(s).startswith(key)]
        inside = [s for s in self.spellings() if key in fold(s) and s not in starts]
        return (starts + inside)[:limit]


@cache
def _bundled_keys() -> dict[str, tuple[Delegation, str]]:
    """Every bundled name and alias as compared, folded once (a draft's registry copies it)."""
    keys: dict[str, tuple[Delegation, str]] = {}
    for delegation in bundled():
        for spelling in (delegation.name, *delegation.aliases):
            keys.setdefault(fold(spelling), (delegation, spelling))
    return keys
