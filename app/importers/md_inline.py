"""Markdown's inline layer, each character keeping its place in the file: recognising a
Markdown file, positions (`_Source`, `_Mapped`), escapes, emphasis, and the scan for
brackets left open at a paragraph's end."""

from __future__ import annotations

import bisect
import re
import string
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.core.draft import (
    SUPERSCRIPT_DIGITS,
)

# -- recognising Markdown -----------------------------------------------------------------
_PROVENANCE = re.compile(r"^(SOURCE|ORIGIN|NOTE):\s")
_RULE_LINE = re.compile(r"^-{3,}\s*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_TITLE = re.compile(r"""^title:\s*["']?(.*?)["']?\s*$""")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t\u00a0]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_KRAMDOWN_LINE = re.compile(r"^\s*\{:[^}]*\}\s*$")
_TOC_LINE = re.compile(r"^\s*[*+-]\s+TOC\s*$")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_URL = r"(?:https?://|ftp://|mailto:|www\.|/|\.\.?/|#)[^\s()<>]*"
_REFERENCE_DEF = re.compile(rf"^ {{0,3}}\[([^\]^][^\]]*)\]:\s*<?({_URL})>?(?:\s+[\"'(].*)?\s*$")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")

_SIGNALS = (
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),
    re.compile(r"(?<!\\)\[\^[^\]\s\\]+\]"),  # not the escaped \[^1\] of a compilation text
    re.compile(r"\{:[^}\n]*\}"),
    re.compile(rf"\]\({_URL}\)"),
    re.compile(rf"^ {{0,3}}\[[^\]\n]+\]:\s*{_URL}", re.MULTILINE),
    re.compile(
        r"\A(?:(?:SOURCE|ORIGIN|NOTE):[^\n]*\n)*-*\n?---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL
    ),
    re.compile(r"^\s*[*+-]\s+TOC\s*$", re.MULTILINE),
)


def looks_like_markdown(text: str) -> bool:
    """Whether `text` is Markdown rather than a UN plain text or a compilation text.

    Only what plain texts never hold counts: ``#`` headings, footnote marks ``[^1]``,
    kramdown attributes, links to addresses, front matter, a ``* TOC`` marker. Asterisk
    emphasis and brackets do not: UN plain texts and compilation texts have both.
    """
    return any(signal.search(text) for signal in _SIGNALS)


# -- positions ----------------------------------------------------------------------------
class _Source:
    """The file's text, to turn an offset into a line, a column and the line's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int, str]:
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        end = self.text.find("\n", start)
        line_text = self.text[start : end if end >= 0 else len(self.text)]
        return index + 1, offset - start + 1, line_text


_Keep = Callable[[re.Match[str]], list[str | int]]
"""What a substitution puts in a match's place: literal text, or a group (kept in place)."""


@dataclass(slots=True)
class _Mapped:
    """Text being cleaned, each character remembering its offset in the file, so a
    warning about a bracket can name the line and column where the bracket is."""

    text: str
    origin: list[int]

    @classmethod
    def at(cls, offset: int, text: str) -> _Mapped:
        return cls(text, list(range(offset, offset + len(text))))

    def __add__(self, other: _Mapped) -> _Mapped:
        return _Mapped(self.text + other.text, self.origin + other.origin)

    def __getitem__(self, cut: slice) -> _Mapped:
        return _Mapped(self.text[cut], self.origin[cut])

    def sub(self, pattern: re.Pattern[str], keep: _Keep) -> _Mapped:
        """Replace each match by what `keep` says; new text takes the match's position."""
        text: list[str] = []
        origin: list[int] = []
        last = 0
        for match in pattern.finditer(self.text):
            start, end = match.span()
            text.append(self.text[last:start])
            origin += self.origin[last:start]
            here = self.origin[start] if start < len(self.origin) else self.end
            for part in keep(match):
                if isinstance(part, int):
                    a, b = match.span(part)
                    if a >= 0:
                        text.append(self.text[a:b])
                        origin += self.origin[a:b]
                else:
                    text.append(part)
                    origin += [here] * len(part)
            last = end
        text.append(self.text[last:])
        origin += self.origin[last:]
        return _Mapped("".join(text), origin)

    def drop(self, spans: list[tuple[int, int]]) -> _Mapped:
        """Without the characters in `spans` (sorted, not overlapping)."""
        keep = [True] * len(self.text)
        for start, end in spans:
            for i in range(start, end):
                keep[i] = False
        return _Mapped(
            "".join(c for c, k in zip(self.text, keep, strict=True) if k),
            [o for o, k in zip(self.origin, keep, strict=True) if k],
        )

    def strip(self) -> _Mapped:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return self[start:end]

    @property
    def end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0


# -- inline Markdown ----------------------------------------------------------------------
#: Escaped punctuation waits in the private use area, so no later rule reads it as markup.
_ESCAPED_BASE = 0xF0000
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\(?=\s|$)|\\")
_ESCAPED = re.compile(f"[{chr(_ESCAPED_BASE)}-{chr(_ESCAPED_BASE + 127)}]")
_INLINE_COMMENT = re.compile(r"<!--.*?-->")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_KRAMDOWN = re.compile(r"\{:[^}]*\}")
#: Footnote marks, several in a row (``[^6][^7]``); a bracket around a mark alone is the
#: converter's, not a negotiator's (``Parties[[^9]]``).
_MARKS = re.compile(r"(?:\[\[\^[^\]\s]+\]\]|\[\^[^\]\s]+\])+")
_MARK = re.compile(r"\[\^([^\]\s]+)\]")
_INLINE_LINK = re.compile(rf"!?\[([^\[\]]*)\]\(<?{_URL}>?(?:\s+\"[^\"]*\")?\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\[\]]+)\]\[([^\[\]]*)\]")
_SUPERSCRIPT_SPAN = re.compile(r"\^([^\s^]+)\^")
_STRIKE = re.compile(r"~~(.+?)~~")
_SPACES = re.compile(r"\s+")
_DASH = re.compile(r" - ")
_STARS = re.compile(r"\*+")
_SUPERSCRIPTS = frozenset(SUPERSCRIPT_DIGITS)
#: Footnote marks closing a text, ignored when asking whether it ends a sentence.
_MARKS_END = re.compile(f"[{SUPERSCRIPT_DIGITS}]+(?:,[{SUPERSCRIPT_DIGITS}]+)*$")
_NOTATION_ESCAPE = re.compile(r"\\(.)")


def _escape(match: re.Match[str]) -> list[str | int]:
    """A Markdown escape as a placeholder; a backslash before a space or a line's end
    (a hard break, or a conversion artefact) goes; a lone backslash is kept literally."""
    if match.group(1):
        return [chr(_ESCAPED_BASE + ord(match.group(1)))]
    following = match.string[match.end() : match.end() + 1]
    if following and not following.isspace():
        return [chr(_ESCAPED_BASE + ord("\\"))]
    return [""]


def _unescape(text: str, notation: bool) -> str:
    """Placeholders back to characters; for notation, brackets and backslashes escaped."""

    def back(match: re.Match[str]) -> str:
        char = chr(ord(match.group()) - _ESCAPED_BASE)
        return "\\" + char if notation and char in "[]\\" else char

    return _ESCAPED.sub(back, text)


def _punctuation(char: str) -> bool:
    return char in string.punctuation or unicodedata.category(char).startswith("P")


@dataclass(slots=True)
class _Emphasis:
    """Emphasis removed from a text: what remains, the italic phrases, and whether the
    whole text was emphasised (the decision's sub-headings are)."""

    mapped: _Mapped
    italic: list[str]
    whole: bool


def _emphasis(mapped: _Mapped) -> _Emphasis:
    """Remove ``*`` / ``**`` emphasis: a run opens when left-flanking (CommonMark's rule, so
    the literal asterisk of ``[NDMC*][INDC]`` opens nothing) and closes when it follows no
    space (kramdown's rule, which rendered these files: ``**Option 3:**Building``).

    What is left unmatched is the converter's debris more often than text: a double run
    never is text and goes; a lone opener and a later asterisk standing between spaces
    (``*[placeholder …] *``) are one emphasis; other single asterisks stay.
    """
    text = mapped.text
    stack: list[list[int]] = []  # [start, remaining] of open runs
    drops: list[tuple[int, int]] = []
    spans: list[tuple[int, int, bool]] = []
    loose: list[tuple[int, int, bool, bool]] = []  # start, end, may open, stands alone
    for run in _STARS.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        left = not after.isspace() and (
            not _punctuation(after) or before.isspace() or _punctuation(before)
        )
        remaining = end - start
        if not before.isspace():
            while remaining and stack:
                opener = stack[-1]
                used = min(3, opener[1], remaining)
                opener_end = opener[0] + opener[1]
                closer_start = end - remaining
                drops += [(opener_end - used, opener_end), (closer_start, closer_start + used)]
                spans.append((opener_end, closer_start, used % 2 == 1))
                opener[1] -= used
                remaining -= used
                if not opener[1]:
                    stack.pop()
        if left and remaining:
            stack.append([end - remaining, remaining])
        elif remaining:
            loose.append((end - remaining, end, False, before.isspace() and after.isspace()))
    loose += [(start, start + count, True, False) for start, count in stack]
    loose.sort()
    opener_at: int | None = None
    for start, end, may_open, alone in loose:
        if end - start > 1:
            drops.append((start, end))
        elif alone and opener_at is not None:
            drops += [(opener_at, opener_at + 1), (start, end)]
            spans.append((opener_at + 1, start, True))
            opener_at = None
        elif may_open:
            opener_at = start
    drops.sort()
    dropped = {i for start, end in drops for i in range(start, end)}
    covered = {i for start, end, _ in spans for i in range(start, end)}
    whole = bool(spans) and all(
        i in covered or i in dropped or c.isspace() or c in _SUPERSCRIPTS
        for i, c in enumerate(text)
    )
    italic = []
    for start, end, is_italic in spans:
        phrase = _HTML_TAG.sub("", text[start:end]).replace("*", "")
        phrase = _unescape(_SPACES.sub(" ", phrase).strip(), notation=False)
        phrase = phrase.replace("[", "").replace("]", "")
        if is_italic and phrase:
            italic.append(phrase)
    return _Emphasis(mapped.drop(drops).sub(_HTML_TAG, lambda m: []), italic, whole)


def _brackets(mapped: _Mapped) -> Iterator[tuple[str, int]]:
    """Each bracket of `mapped` ("[" or "]") with its file offset, scanning as the notation
    reader does (a backslash escapes the next character)."""
    text = mapped.text
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char in "[]":
            yield char, mapped.origin[i]
        i += 1


def _open_brackets(mapped: _Mapped, carried: list[int]) -> list[int]:
    """The file offsets of the brackets still open after `mapped`."""
    stack = list(carried)
    for char, offset in _brackets(mapped):
        if char == "[":
            stack.append(offset)
        elif stack:
            stack.pop()
    return stack


def _closed_later(read: list[tuple[bool, _Mapped]]) -> set[int]:
    """The file offsets of the opening brackets a closing bracket matches before the next
    heading; a heading's own brackets close in it or not at all."""
    closed: set[int] = set()
    stack: list[int] = []
    for heading, mapped in read:  # (whether the paragraph is a heading, its text)
        if heading:
            stack = []
        for char, offset in _brackets(mapped):
            if char == "[":
                stack.append(offset)
            elif stack:
                closed.add(stack.pop())
        if heading:
            stack = []
    return closed
