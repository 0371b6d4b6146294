"""Brackets: the places in a paragraph where the text is not agreed.

A paragraph's content is a sequence of agreed text and brackets. A bracket holds two or
more options (alternative wordings); one may be empty (deletion, or nothing inserted) and
one may be the *original*, the wording that stood before anyone proposed a change. Each
option has supporters (delegations or groups); a delegation supports at most one option of
a bracket. Options may nest brackets (``[low-[carbon][emission]]``).

| proposal    | options                                        |
|-------------|------------------------------------------------|
| insertion   | ``""`` (original), ``"new words"`` (EU)        |
| deletion    | ``"old words"`` (original), ``""`` (G77)       |
| replacement | ``"old words"`` (original), ``"new"`` (US)     |
| alternatives| ``shall``, ``should``, ``other`` (none original)|

An objection is support for another option: "G77 delete" supports the empty option,
"EU retain" the original, exactly as compilation texts print them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate


@dataclass(slots=True)
class Option:
    """One wording a bracket may resolve to."""

    content: list[Inline]
    """The wording: text, possibly with nested brackets."""
    supporters: list[str] = field(default_factory=list)
    """Delegations supporting this wording, the proposer first."""
    original: bool = False
    """Whether this is the wording that stood before the proposals (what "retain" keeps)."""

    @property
    def empty(self) -> bool:
        return not any(isinstance(part, Bracket) or part.strip() for part in self.content)

    @property
    def proposer(self) -> str:
        return self.supporters[0] if self.supporters and not self.original else ""


@dataclass(slots=True)
class Bracket:
    """A place where the text is not agreed, with a short stable id (``b12``)."""

    id: str
    options: list[Option]

    @property
    def original(self) -> Option | None:
        return next((option for option in self.options if option.original), None)

    def option_of(self, delegation: str) -> Option | None:
        """The option a delegation supports in this bracket, if any."""
        return next((o for o in self.options if delegation in o.supporters), None)

    @property
    def state(self) -> str:
        """proposed (one voice), supported (several, one side), or opposed (two sides)."""
        sides = [o for o in self.options if o.supporters]
        if len(sides) > 1:
            return "opposed"
        if sides and len(sides[0].supporters) > 1:
            return "supported"
        return "proposed"


Inline = str | Bracket
"""A piece of a paragraph's content: agreed text, or a bracket."""


def walk(content: list[Inline]) -> Iterator[Bracket]:
    """Every bracket in `content`, nested ones included, in reading order."""
    for part in content:
        if isinstance(part, Bracket):
            yield part
            for option in part.options:
                yield from walk(option.content)


#: How deep brackets may nest: far beyond any negotiating text (two or three), far within
#: what reading, copying and drawing a paragraph can recurse through.
MAX_DEPTH = 32


def depth(content: list[Inline]) -> int:
    """How deep the brackets of `content` nest (0: none), counted without recursing."""
    deepest = 0
    stack = [(content, 0)]
    while stack:
        parts, level = stack.pop()
        for part in parts:
            if isinstance(part, Bracket):
                deepest = max(deepest, level + 1)
                stack.extend((option.content, level + 1) for option in part.options)
    return deepest


def find_bracket(content: list[Inline], bracket_id: str) -> Bracket | None:
    return next((b for b in walk(content) if b.id == bracket_id), None)


def current_option(bracket: Bracket) -> Option:
    """The wording a place reads as until the room decides: the original, else the first."""
    return bracket.original or bracket.options[0]


Chooser = Callable[[Bracket], Option]


def reading(content: list[Inline], choose: Chooser = current_option) -> str:
    """The paragraph as it reads with one option chosen for every place, tidied where an
    option meets the text around it (a space typed beside a literal bracket stays)."""
    return tidy(raw_reading(content, choose, _SEAM))


def reading_with(content: list[Inline], bracket: Bracket, option: Option) -> str:
    """The paragraph as it reads with `option` chosen for `bracket`, every other place as
    it reads until the room decides."""

    def choose(place: Bracket) -> Option:
        return option if place is bracket else current_option(place)

    return reading(content, choose)


def raw_reading(content: list[Inline], choose: Chooser = current_option, seam: str = "") -> str:
    """Like :func:`reading`, without tidying the spaces left around empty options (`seam`
    marks where each chosen option begins and ends, for :func:`tidy`)."""
    parts: list[str] = []
    for part in content:
        if isinstance(part, Bracket):
            parts.append(seam + raw_reading(choose(part).content, choose, seam) + seam)
        else:
            parts.append(part)
    return "".join(parts)


class Surroundings:
    """A paragraph's top-level parts as they read until the room decides, built once, so
    that each proposal's reading *near its bracket* costs its neighbourhood, not the whole
    paragraph: a paragraph of 2,000 brackets is read 2,000 times over otherwise."""

    def __init__(self, content: list[Inline]) -> None:
        self.content = content
        self._tidied: _TidyMap | None = None
        self._cuts: dict[int, int] = {}  # bracket index -> where its passage was cut before it
        self.pieces = [
            part
            if isinstance(part, str)
            else _SEAM + raw_reading(current_option(part).content, current_option, _SEAM) + _SEAM
            for part in content
        ]
        self._starts = [0, *accumulate(len(p) for p in self.pieces)]

    def near(self, index: int, option: Option, reach: int) -> tuple[str, bool, bool]:
        """The paragraph as it reads with `option` chosen for the top-level bracket at
        `index`, cut at words about `reach` characters either side of it; and whether it
        was cut before and after."""
        left: list[str] = []
        size = 0
        at = index - 1
        while at >= 0 and size < reach:
            piece = self.pieces[at]
            if size + len(piece) > reach:
                skip = len(piece) - (reach - size)
                skip += next((i for i, c in enumerate(piece[skip:]) if c.isspace()), len(piece))
                left.append(piece[skip:])
                self._cuts[index] = self._starts[at] + skip
                size = reach
                break
            left.append(piece)
            size += len(piece)
            at -= 1
        cut_before = size >= reach and at >= 0
        if cut_before and index not in self._cuts:  # cut between two pieces
            self._cuts[index] = self._starts[at + 1]
        right: list[str] = []
        size = 0
        at = index + 1
        while at < len(self.pieces) and size < reach:
            piece = self.pieces[at]
            if size + len(piece) > reach:
                piece = piece[: reach - size]
                end = max((i for i, c in enumerate(piece) if c.isspace()), default=0)
                right.append(piece[:end])
                size = reach
                break
            right.append(piece)
            size += len(piece)
            at += 1
        cut_after = size >= reach and at < len(self.pieces)
        chosen = _SEAM + raw_reading(option.content, current_option, _SEAM) + _SEAM
        before = "".join(reversed(left))
        text = before + chosen + "".join(right)
        return tidy(text), cut_before, cut_after

    def offset(self, index: int) -> int:
        """Where the passage `near(index, …)` starts in the paragraph's whole reading with
        that option chosen, if it was cut before: up to the bracket, that reading is the
        paragraph as it reads now, so the cut's place there is the untidied place less what
        tidying removed before it (mapped once per paragraph, then looked up)."""
        if self._tidied is None:
            self._tidied = _TidyMap("".join(self.pieces))
        cut = self._cuts.get(index)
        if cut is None:
            return 0
        text, at = self._tidied.text, self._tidied.place(cut)
        while at < len(text) and text[at] == " ":
            at += 1
        return at


class _TidyMap:
    """`tidy` of a text, and where each place of the text went: every step of tidying only
    removes characters, so a place moves back by what was removed before it."""

    def __init__(self, raw: str) -> None:
        self.steps: list[tuple[list[int], list[int], list[int]]] = []
        text = self._remove(raw, [m.span() for m in _BEFORE_PUNCTUATION.finditer(raw)])
        text = self._remove(text, [m.span() for m in _AFTER_OPENING.finditer(text)])
        text = self._remove(text, [(m.start(), m.end()) for m in re.finditer(_SEAM, text)])
        text = self._remove(text, [(m.start() + 1, m.end()) for m in _SPACES.finditer(text)])
        lead = len(text) - len(text.lstrip())
        self.text = self._remove(text, [(0, lead)] if lead else []).rstrip()

    def _remove(self, text: str, spans: list[tuple[int, int]]) -> str:
        spans = [(a, b) for a, b in spans if b > a]
        starts = [a for a, _ in spans]
        ends = [b for _, b in spans]
        self.steps.append((starts, ends, [0, *accumulate(b - a for a, b in spans)]))
        kept, at = [], 0
        for a, b in spans:
            kept.append(text[at:a])
            at = b
        kept.append(text[at:])
        return "".join(kept)

    def place(self, at: int) -> int:
        """Where place `at` of the untidied text stands in the tidied one."""
        for starts, ends, removed in self.steps:
            k = bisect_right(starts, at)
            gone = removed[k]
            if k and at < ends[k - 1]:  # inside a span removed: at its start
                gone -= ends[k - 1] - at
            at -= gone
        return at


#: Marks where an option meets the text around it in a reading being tidied: a NUL, which
#: no paragraph holds (the importers and the room take control characters out).
_SEAM = "\x00"
_SPACES = re.compile(r"[ \t]{2,}")
# spaces at a seam before closing punctuation, or after an opening one ("growth [, X] ."
# read without ", X"): only there, since a space typed beside a literal bracket is text
_BEFORE_PUNCTUATION = re.compile(r"[ \x00]*\x00[ \x00]*(?=[,;:.)\]])")
_AFTER_OPENING = re.compile(r"(?<=[(\[])[ \x00]*\x00[ \x00]*")


def tidy(text: str) -> str:
    """Spaces as a typist would leave them once an empty option has dropped out: runs of
    spaces made one, and, where a seam marks an option's edge (see :func:`reading`), no
    space before closing punctuation or after an opening bracket."""
    if _SEAM in text:
        text = _BEFORE_PUNCTUATION.sub("", text)
        text = _AFTER_OPENING.sub("", text)
        text = text.replace(_SEAM, "")
    return _SPACES.sub(" ", text).strip()


def plain_content(text: str) -> list[Inline]:
    """Content holding only agreed text."""
    return [text] if text else []


def normalize(content: list[Inline]) -> list[Inline]:
    """Merge adjacent text pieces and drop empty ones, so equal content compares equal."""
    merged: list[Inline] = []
    for part in content:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + part
                continue
        merged.append(part)
    return merged


def canonical(bracket: Bracket) -> Bracket:
    """Options in the order compilation texts print them: the original first, then the
    proposals in the order made, a proposal to delete last."""
    if not any(o.original for o in bracket.options) and any(o.supporters for o in bracket.options):
        # an untagged place (UNFCCC "[shall][should]") taking its first supporter: its first
        # wording is the one it read as, so it becomes the original
        bracket.options[0].original = True
    original = [o for o in bracket.options if o.original]
    rest = [o for o in bracket.options if not o.original and not o.empty]
    deletion = [o for o in bracket.options if not o.original and o.empty]
    bracket.options = original + rest + deletion
    return bracket


def settle(content: list[Inline]) -> list[Inline]:
    """Content where every place left with a single wording reads on as agreed text."""
    result: list[Inline] = []
    for part in content:
        if isinstance(part, Bracket):
            for option in part.options:
                option.content = settle(option.content)
            if len(part.options) == 1:
                result.extend(part.options[0].content)
                continue
        result.append(part)
    return normalize(result)


def trim(content: list[Inline]) -> list[Inline]:
    """Content without spaces at its two ends: options hold words, spaces stay outside."""
    content = normalize(content)
    if content and isinstance(content[0], str):
        content[0] = content[0].lstrip()
    if content and isinstance(content[-1], str):
        content[-1] = content[-1].rstrip()
    return normalize(content)


def replace_bracket(content: list[Inline], bracket: Bracket, with_: list[Inline]) -> list[Inline]:
    """Content with one bracket (at any depth) replaced by the given content."""
    result: list[Inline] = []
    for part in content:
        if part is bracket:
            result.extend(with_)
        elif isinstance(part, Bracket):
            for option in part.options:
                option.content = replace_bracket(option.content, bracket, with_)
            result.append(part)
        else:
            result.append(part)
    return normalize(result)


def anonymous(content: list[Inline]) -> list[Inline]:
    """A copy of `content` that says no one's name: each bracket's options without their
    supporters, the wording standing first and an empty option (a deletion, an insertion's
    absence) last, so it reads as the untagged form compilation texts circulated without
    attribution use: `[new words]` (may be added), `[old words]` (may be deleted),
    `[old][new]` (alternatives)."""
    copied: list[Inline] = []
    for part in content:
        if isinstance(part, Bracket):
            options = [
                Option(anonymous(o.content))
                for o in sorted(part.options, key=lambda o: (o.empty, not o.original))
            ]
            copied.append(Bracket(part.id, options))
        else:
            copied.append(part)
    return copied
