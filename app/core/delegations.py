"""Delegations: member states, observers, groups, the Chair.

The bundled list (`delegations.toml`, UN official short names and the short forms
negotiators type) validates the tags of a compilation text and completes names as a
facilitator types. Names are matched without regard to case or diacritics ("cote
d'ivoire", "Turkiye"); a supporter is stored as the list spells the name or alias that was
typed, so a text that says "US" keeps saying "US", while "US" and "United States of
America" count as one delegation.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from app.core.errors import DraftroomError, closest


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


@cache
def bundled() -> tuple[Delegation, ...]:
    """The bundled list, read once."""
    data = tomllib.loads(Path(__file__).with_name("delegations.toml").read_text(encoding="utf-8"))
    return tuple(
        Delegation(d["name"], d["kind"], tuple(d.get("aliases", ()))) for d in data["delegation"]
    )


@cache
def default_registry() -> Registry:
    """The registry of the bundled list alone, built once (it is asked for on every
    paragraph written)."""
    return Registry()


class Registry:
    """The delegations a draft knows: the bundled list plus any the user added."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        added = [Delegation(n, "added") for n in extra]
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
        return DraftroomError(
            f"unknown delegation {typed!r}",
            hint=hint + "to record a delegation that is not on the list, add --new-delegation",
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
