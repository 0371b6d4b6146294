"""Edit to propose: a delegation gives the paragraph as it wants it to read.

The differences against the paragraph as that delegation now reads it are computed word by
word (diff-match-patch over word tokens, so "Encourage" -> "Strongly encourage" is one
change of words, never "E" -> "Strongly e") and become brackets:

- a change in agreed text opens a new bracket: the old words (original) against the new
  words, the delegation supporting the new;
- a change that overlaps an existing bracket becomes another option of that bracket (or
  support for an option that already reads that way);
- a change spanning several brackets opens a new bracket whose original option keeps
  them nested.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from app.core.brackets import (
    Bracket,
    Chooser,
    Inline,
    Option,
    canonical,
    current_option,
    normalize,
    raw_reading,
    settle,
    tidy,
    trim,
)
from app.core.errors import Refused

#: Words keep their inner hyphens, slashes, apostrophes and dots ("HIV/AIDS", "E/2014/28",
#: "cross-border", "Côte d'Ivoire"); spaces and punctuation are tokens of their own.
TOKEN = re.compile(r"\w+(?:[-'’/.]\w+)*|\s+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(slots=True)
class Proposed:
    """What a proposal did to one place."""

    bracket: Bracket
    option: Option
    new_bracket: bool
    """True for a new bracket; False for an option added to (or supported in) one."""


@dataclass(slots=True)
class _Region:
    """A changed stretch: old tokens [start, end) become new tokens [new_start, new_end)."""

    start: int
    end: int
    new_start: int
    new_end: int


def word_diff(old: list[str], new: list[str], *, lossless: bool = True) -> list[tuple[int, int]]:
    """diff-match-patch over tokens (each encoded as one character), as (op, count).
    `lossless` keeps the smallest changes (proposals); otherwise small equalities between
    changes are merged into them, as a reader groups a rewritten passage (tracking)."""
    if not old or not new:  # all deleted, all inserted or nothing: no engine needed
        return [(-1, len(old))] if old else [(1, len(new))] if new else []
    codes: dict[str, str] = {}

    def encode(tokens: list[str]) -> str:
        # spacing is tidied when a paragraph is read: any run of spaces is one token to
        # compare (a reading keeps two spaces where an option reads as nothing)
        return "".join(
            codes.setdefault(" " if t.isspace() else t, chr(0xF0000 + len(codes))) for t in tokens
        )

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = _chunked(engine, encode(old), encode(new))
    if lossless:
        engine.diff_cleanupSemanticLossless(diffs)
    else:
        engine.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs]


#: Tokens per stretch diffed at once in a long paragraph, and tokens of the anchor that
#: ends a stretch. diff-match-patch (Myers) costs (tokens x changes): a 20,000-word
#: paragraph with every "the" replaced took 17 s in one diff, about linear in stretches.
_STRETCH = 400
_ANCHOR = 8


def _chunked(engine: diff_match_patch, old: str, new: str) -> list[tuple[int, str]]:
    """The diff of two encoded texts, in stretches of `_STRETCH` tokens of the old text: each
    ends where its last few tokens stand in the new text nearest to where they would stand
    unchanged. Diffs of consecutive stretches make a diff of the whole, whatever the
    anchors; short texts (the usual paragraph) are diffed in one, exactly as before."""
    diffs: list[tuple[int, str]] = []
    i = j = 0
    while len(old) - i > 2 * _STRETCH and len(new) - j > 2 * _STRETCH:
        end = i + _STRETCH
        expected = j + _STRETCH
        at = -1
        for shift in range(0, _STRETCH // 2, _ANCHOR):  # the first anchor that stands near
            gram = old[end + shift : end + shift + _ANCHOR]
            after = new.find(gram, expected + shift, expected + shift + _STRETCH)
            before = new.rfind(gram, j + _STRETCH // 4, expected + shift + len(gram))
            found = [p for p in (after, before) if p >= 0]
            if found:
                at = min(found, key=lambda p: abs(p - expected - shift)) - shift
                break
        if at < j:  # rewritten beyond recognition here: stretch against stretch
            at = expected
        diffs += engine.diff_main(old[i:end], new[j:at], False)
        i, j = end, at
    diffs += engine.diff_main(old[i:], new[j:], False)
    engine.diff_cleanupMerge(diffs)
    return diffs


def _regions(old: list[str], new: list[str]) -> list[_Region]:
    regions: list[_Region] = []
    i = j = 0
    for op, length in word_diff(old, new):
        if op == 0:
            i += length
            j += length
            continue
        if regions and regions[-1].end == i and regions[-1].new_end == j:
            region = regions[-1]
        else:
            region = _Region(i, i, j, j)
            regions.append(region)
        if op < 0:
            i += length
            region.end = i
        else:
            j += length
            region.new_end = j
    return regions


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _merge_close(regions: list[_Region], old: list[str], fences: set[int]) -> list[_Region]:
    """Changes one word apart are one change, as a facilitator brackets them:
    "social and economic" -> "social, economic and health" is one place, not two. A merged
    change that opens on punctuation takes in the word before it."""
    merged: list[_Region] = []
    fenced = sorted(fences)
    for region in regions:
        last = merged[-1] if merged else None
        if (
            last is not None
            and sum(map(_is_word, old[last.end : region.start])) <= 1
            and bisect_left(fenced, last.end) == bisect_right(fenced, region.start)
        ):
            last.end, last.new_end = region.end, region.new_end
            if (
                last.start > 0
                and old[last.start - 1 : last.start]
                and _is_word(old[last.start - 1])
            ):
                first = old[last.start] if last.start < last.end else ""
                if first[:1] in ",;:." or not first.strip():
                    last.start -= 1
                    last.new_start -= 1
        else:
            merged.append(region)
    return merged


def _split_space(old: str, new: str) -> tuple[str, str, str]:
    """(space before, new words, space after): spaces at the edges of a change stay in the
    agreed text, so brackets hold words ("treatment [and harm reduction]")."""

    def lead(s: str) -> str:
        return s[: len(s) - len(s.lstrip())]

    def trail(s: str) -> str:
        return s[len(s.rstrip()) :]

    if not old.strip() or not new.strip():
        side = new if not old.strip() else old
        before, after = lead(side), trail(side)
    else:
        before = lead(old) if lead(old) == lead(new) else ""
        after = trail(old) if trail(old) == trail(new) else ""
    return before, new.strip(), after


@dataclass(slots=True)
class _Piece:
    """A unit of the reading: one token of agreed text, or a whole bracket."""

    part: Inline
    start: int
    end: int
    """Old token range; a bracket reading as nothing has start == end."""


def _reading_pieces(content: list[Inline], choose: Chooser) -> tuple[list[_Piece], list[str]]:
    pieces: list[_Piece] = []
    tokens: list[str] = []
    for part in content:
        if isinstance(part, Bracket):
            words = tokenize(raw_reading(choose(part).content, choose))
            pieces.append(_Piece(part, len(tokens), len(tokens) + len(words)))
            tokens += words
        else:
            for token in tokenize(part):
                pieces.append(_Piece(token, len(tokens), len(tokens) + 1))
                tokens.append(token)
    return pieces, tokens


def _touches(region: _Region, piece: _Piece) -> bool:
    """Whether a change reaches into a bracket (so it becomes an option of it)."""
    if piece.start == piece.end:  # a bracket reading as nothing, at a point
        return region.start < piece.start < region.end or (
            region.start == region.end == piece.start
        )
    if region.start == region.end:
        return piece.start < region.start < piece.end
    return piece.start < region.end and region.start < piece.end


def _group(regions: list[_Region], brackets: list[_Piece]) -> list[tuple[_Region, list[_Piece]]]:
    """Regions grown to the whole brackets they touch, merged where they then overlap,
    each with the brackets it holds."""
    groups: list[tuple[int, int, list[_Region], list[_Piece]]] = []
    ends = [b.end for b in brackets]  # top-level brackets: starts and ends both ascend
    starts = [b.start for b in brackets]
    for region in regions:
        near = brackets[bisect_left(ends, region.start) : bisect_right(starts, region.end)]
        touched = [b for b in near if _touches(region, b)]
        start = min([region.start, *(b.start for b in touched)])
        end = max([region.end, *(b.end for b in touched)])
        if groups and (start < groups[-1][1] or (start == end == groups[-1][1] and touched)):
            g_start, g_end, members, held = groups[-1]
            merged = held + [b for b in touched if all(b is not h for h in held)]
            groups[-1] = (min(g_start, start), max(g_end, end), [*members, region], merged)
        else:
            groups.append((start, end, [region], touched))
    return [
        (
            _Region(
                start,
                end,
                members[0].new_start - (members[0].start - start),
                members[-1].new_end + (end - members[-1].end),
            ),
            held,
        )
        for start, end, members, held in groups
    ]


def propose(
    content: list[Inline],
    new_text: str,
    delegation: str,
    new_id: Callable[[], str],
    same: Callable[[str, str], bool] = str.__eq__,
) -> tuple[list[Inline], list[Proposed]]:
    """The content after `delegation` proposes `new_text`, and what changed.

    `same(a, b)` tells whether two spellings name one delegation.
    """

    def choose(bracket: Bracket) -> Option:
        for option in bracket.options:
            if any(same(s, delegation) for s in option.supporters):
                return option
        return current_option(bracket)

    pieces, old_tokens = _reading_pieces(content, choose)
    new_tokens = tokenize(new_text.strip())
    regions = [  # spacing is tidied when a paragraph is read: it is never a proposal
        r for r in _regions(old_tokens, new_tokens)
        if "".join(old_tokens[r.start : r.end]).strip()
        or "".join(new_tokens[r.new_start : r.new_end]).strip()
    ]  # fmt: skip
    fences = {  # a bracket between two changes keeps them apart
        position
        for piece in pieces if isinstance(piece.part, Bracket)
        for position in range(piece.start, piece.end + 1)
    }  # fmt: skip
    regions = _merge_close(regions, old_tokens, fences)
    if not regions:
        raise Refused("the wording proposed is the paragraph as it already reads")
    brackets = [p for p in pieces if isinstance(p.part, Bracket)]
    groups = _group(regions, brackets)

    result: list[Inline] = []
    proposed: list[Proposed] = []
    pending = list(groups)
    # the pieces each group covers, found by their starts (ascending), not by a scan each
    piece_starts = [p.start for p in pieces]
    covering: dict[int, int] = {}  # id(piece) -> the group that covers it

    def within(region: _Region, held: list[_Piece]) -> list[_Piece]:
        held_ids = {id(h) for h in held}
        low = min([region.start, *(h.start for h in held)])
        high = max([region.end, *(h.end for h in held)])
        return [
            p for p in pieces[bisect_left(piece_starts, low) : bisect_right(piece_starts, high)]
            if id(p) in held_ids or (isinstance(p.part, str) and region.start <= p.start < region.end)
        ]  # fmt: skip

    for number, (region, held) in enumerate(groups):
        for piece in within(region, held):
            covering[id(piece)] = number

    def emit(region: _Region, held: list[_Piece]) -> None:
        inside = within(region, held)
        old_text = "".join(old_tokens[region.start : region.end])
        new_words = "".join(new_tokens[region.new_start : region.new_end])
        before, new_core, after = _split_space(old_text, new_words)
        result.append(before)
        if len(held) == 1:
            bracket = held[0].part
            assert isinstance(bracket, Bracket)
            prefix = "".join(
                t.part for t in inside
                if isinstance(t.part, str) and t.end <= held[0].start and t is not held[0]
            )  # fmt: skip
            suffix = "".join(
                t.part for t in inside
                if isinstance(t.part, str) and t.start >= held[0].end and t is not held[0]
            )  # fmt: skip
            prefix, suffix = (
                _without(prefix, before, left=True),
                _without(suffix, after, left=False),
            )
            if prefix or suffix:
                for option in bracket.options:
                    option.content = trim([prefix, *option.content, suffix])
            proposed.append(_add_option(bracket, new_core, delegation, same))
            result.append(bracket)
        else:
            original = trim([_without_edges(inside, before, after)][0])
            options = [Option(original, original=True), Option(_plain(new_core), [delegation])]
            bracket = canonical(Bracket(new_id(), options))
            proposed.append(Proposed(bracket, options[1], new_bracket=True))
            result.append(bracket)
        result.append(after)

    for piece in pieces:
        while pending and (
            pending[0][0].start < piece.start
            or (pending[0][0].start == piece.start and not _holds(pending[0][1], piece)
                and not (piece.start == piece.end and isinstance(piece.part, Bracket)))
            or (pending[0][0].start == piece.start and _holds(pending[0][1], piece))
        ):  # fmt: skip
            emit(*pending.pop(0))
        if id(piece) not in covering:
            result.append(piece.part)
    while pending:
        emit(*pending.pop(0))
    return settle(result), proposed


def _holds(held: list[_Piece], piece: _Piece) -> bool:
    """Whether `piece` is one of `held` (by identity: comparing pieces compares brackets)."""
    return any(h is piece for h in held)


def _without_edges(inside: list[_Piece], before: str, after: str) -> list[Inline]:
    """The old content of a region, less the spaces kept outside the new bracket."""
    parts: list[Inline] = [p.part for p in inside]
    if parts and isinstance(parts[0], str) and before:
        parts[0] = _without(parts[0], before, left=True)
    if parts and isinstance(parts[-1], str) and after:
        parts[-1] = _without(parts[-1], after, left=False)
    return normalize(parts)


def _without(text: str, space: str, *, left: bool) -> str:
    """Agreed words swallowed into a bracket, less the space kept outside it."""
    if left:
        return text[len(space) :] if space and text.startswith(space) else text
    return text[: -len(space)] if space and text.endswith(space) else text


def _plain(text: str) -> list[Inline]:
    return [text] if text else []


def _add_option(
    bracket: Bracket, words: str, delegation: str, same: Callable[[str, str], bool]
) -> Proposed:
    """The delegation's wording for a place: support for an option that already reads so,
    or a new option; its support moves from any other option of the place."""
    for option in bracket.options:
        option.supporters = [s for s in option.supporters if not same(s, delegation)]
    match = next((o for o in bracket.options if tidy(raw_reading(o.content)) == tidy(words)), None)
    if match is not None:
        match.supporters.append(delegation)
        option = match
    else:
        option = Option(_plain(words), [delegation])
        bracket.options.append(option)
    bracket.options = [
        o for o in bracket.options if o.supporters or o.original or _untagged(bracket)
    ]
    canonical(bracket)
    return Proposed(bracket, option, new_bracket=False)


def _untagged(bracket: Bracket) -> bool:
    return not any(o.original for o in bracket.options)


__all__ = ["Chooser", "Proposed", "propose", "tokenize"]
