"""Import a negotiating text distributed as Markdown, such as the UNFCCC COP21 drafts that the
OKFN cop21 project converted from the secretariat's PDFs.

Markdown is only the wrapping: what negotiators wrote are the square brackets, untagged as
UNFCCC texts print them (``[shall][should][other]`` is one place with three options, a lone
``[text]`` may be deleted, brackets nest and may run over several paragraphs). So the
importer first removes what Markdown added, each character keeping its place in the file,
then reads the brackets with :class:`NotationReader` (" - " is always text: UNFCCC brackets
carry no delegation tags):

- the provenance header (``SOURCE:``/``ORIGIN:``/``NOTE:``/``-----``) becomes the cover, YAML
  front matter gives the title, the converter's blurb before ``* TOC`` is a context note;
- kramdown attributes (``{:toc}``), ``* TOC``, HTML tags and comments, ``~~``, ``^th^`` and
  backslash escapes go; ``[^4]`` marks become superscript digits (``⁶,⁷`` when side by side,
  ``[[^9]]`` is a mark, not a bracket) and ``[^4]: …`` definitions footnotes attached to the
  paragraph carrying the mark, a label defined twice keeping its later text, as kramdown
  does; links keep their visible text. ``[text][ref]`` is a link only when ``[ref]:`` is
  defined, so ``[furtherance][pursuit]`` stays a place; a shortcut ``[ref]`` never is one
  (a defined ``[decision]`` could be a negotiator's bracket);
- ``*`` emphasis opens by CommonMark's rule and closes by kramdown's, so the literal star of
  ``[NDMC*][INDC]`` stays while ``*[Taking* account`` and ``**Option 3:**Building`` lose
  their markup; italic phrases are kept as emphasis. (untext's ``_emphasis``, ``_unstar``
  and ``_locator`` do not fit: they pair any two stars, drop all, and map joined lines only.)

Paragraphs are blank-line-separated blocks, wrapped lines joined; a line opening a list item
(``1.``, ``-``, ``(a)``) also starts one, as PDF conversion dropped the blank lines between
sub-paragraphs; a block stopping on a lowercase word and one opening in lowercase or with a
digit are one paragraph cut by a page. ``#`` headings, and short blocks wholly in emphasis
(the decision's sub-headings), are headings, level capped at 3. Running text before the
first article or numbered paragraph is preambular (``PP1``…).

Labels, unique in every file: an agreement's operative paragraphs sit in a section named
after their article, ``OP Art 4 2`` (numbering restarts per article); a decision numbers
its paragraphs throughout, ``OP27``. A sub-paragraph is lettered as the UN prints it
(Markdown renumbered ``(a)`` as ``1.``): ``OP Art 3 8(b)``, then roman, ``8(b)(i)``; an
option is ``opt K``: ``OP Art 3 7 opt 2 (a)``. Text under no numbered paragraph is labelled
by its article or decision chapter (``Text`` without either): ``OP Art 21 chapeau``,
``OP Art 2 opt 1``, ``OP III opt I``. A further block of a paragraph gets ``cont``
(``OP Art 3 9 opt 2 cont``); a number printed twice (``46.`` under each option) gets
``alt``, ``alt 2``, as UN practice labels an alternative paragraph. (Typed, labels fold
spaces away, so ``OP Art 1 12`` and ``OP Art 11 2`` read alike to :func:`labels.find`.)

A bracket open at the end of a paragraph continues into the next only if a later paragraph
closes it before the next heading (a chapeau's bracket over its sub-paragraphs); any other
bracket left open, and any in a heading, is closed at its own paragraph's end, with a
warning naming where it opened, so it never wraps paragraphs it did not reach; a stray
``]`` stays text, with a warning. Bracket ids run in reading order, a bracket
before those nested in it. Warnings name the file's line and column; with `strict` the
first of them is an error instead. A text with nothing to import is the only other error.
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.brackets import walk
from app.core.delegations import Registry, default_registry
from app.core.draft import (
    SUPERSCRIPT_DIGITS,
    Document,
    Draft,
    Footnote,
    Kind,
    Paragraph,
    Part,
    footnote_numbers,
    superscript,
)
from app.core.errors import DraftroomError
from app.core.notation import NestingError, NotationReader

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


# -- structure ----------------------------------------------------------------------------
_SUFFIX = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
_NUMBER = re.compile(
    rf"^(\d{{1,3}})(?:[ \t]?({_SUFFIX})?[ \t]?\.(?=\s|$|[A-Z*\[])|\.({_SUFFIX})[:.]?(?=\s)"
    rf"|(?=[ \t]+\*\[?[A-Z]))[ \t]*"
)
_PAREN_NUMBER = re.compile(rf"^\((\d{{1,3}})[ \t]?({_SUFFIX})\)[ \t]*")
_LETTERED = re.compile(rf"^\(?([a-z]{{1,2}}|[ivxl]{{1,5}})\)[ \t]*(?:({_SUFFIX})[ \t]*\.?[ \t]*)?")
_BULLET = re.compile(r"^[-*+][ \t]+")
_STARTS_ITEM = re.compile(
    rf"^(?:\d{{1,3}}[ \t]?{_SUFFIX}?[ \t]?\.(?:\s|$)|[-*+][ \t]+\S|\(?[a-z]{{1,2}}\)\s|"
    rf"\([ivxl]{{1,5}}\)\s|\(\d{{1,3}}[ \t]?{_SUFFIX}\))"
)
_OPTION = re.compile(r"^\[?\s*Option\s*(\d+\s?(?:bis|ter)?|[IVX]+\b|\([a-z]\)(?:\s?\d+)?)")
_FIRST_OPTIONS = frozenset({"1", "I", "(a)", "A"})
_ARTICLE = re.compile(r"^\[?\s*Article\s+(\d+)\s?(bis|ter|quater)?\b", re.IGNORECASE)
_CHAPTER = re.compile(r"^([IVX]+)\.\s")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")  # fmt: skip
#: A sub-heading is short and is not a sentence.
_HEADING_MAX = 120


def _letter(k: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: how UN texts letter sub-paragraphs."""
    return chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)


def _roman(k: int) -> str:
    return _ROMAN[k - 1] if 0 < k <= len(_ROMAN) else str(k)


def _is_roman(mark: str) -> bool:
    return mark.strip("()") in _ROMAN


def _follows(mark: str, previous: str) -> bool:
    """Whether lettered `mark` comes right after `previous`: ``(i)`` after ``(h)``."""
    a, b = mark.strip("()"), previous.strip("()")
    return len(a) == len(b) == 1 and ord(a) == ord(b) + 1


@dataclass(slots=True)
class _Line:
    """A line of the file: its number, where it starts, its text."""

    number: int
    offset: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text.expandtabs(4)) - len(self.text.expandtabs(4).lstrip())

    @property
    def body(self) -> _Mapped:
        stripped = self.text.strip()
        start = len(self.text) - len(self.text.lstrip())
        return _Mapped.at(self.offset + start, stripped)


@dataclass(slots=True)
class _Block:
    lines: list[_Line]
    heading: int = 0
    note: bool = False
    """Before the ``* TOC`` marker: the converter's note, not the negotiated text."""

    @property
    def indent(self) -> int:
        return self.lines[0].indent

    @property
    def raw(self) -> _Mapped:
        joined = self.lines[0].body
        for line in self.lines[1:]:
            joined = joined + _Mapped(" ", [joined.end]) + line.body
        return joined


@dataclass(slots=True)
class _Level:
    """One step below a numbered paragraph: a sub-paragraph or an option."""

    indent: int
    option: bool
    mark: str
    roman: bool = False


@dataclass(slots=True)
class _Place:
    """Where a block sits: its number (the label's path) and suffix, and whether that
    number is its own (printed) or borrowed from the paragraph it continues."""

    number: str
    suffix: str = ""
    own: bool = True


def _series(key: str) -> str:
    """Options of one series are numbered alike: 1, 2, 1bis; I, II; (a), (b)."""
    if key[:1].isdigit():
        return "number"
    return "letter" if key.startswith("(") else "roman"


class _Numbering:
    """The paragraph, sub-paragraph and option a block belongs to, kept across blocks.

    Markdown nesting (indentation) says what belongs to what where the converter kept it;
    where it did not (the decision prints everything flush left), the kind of mark does:
    ``(i)`` after ``(c)`` nests, ``(b)`` after ``(a)`` does not, ``Option 2`` closes the
    ``Option 1`` of its series.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.root: str | None = None
        self.root_place = ("", "")
        self.root_indent = 0
        self.root_empty = False
        self.levels: list[_Level] = []
        self.series = False
        self.outer: tuple[str | None, tuple[str, str], int, bool, list[_Level]] | None = None

    def path(self, levels: list[_Level] | None = None) -> str:
        text = self.root or ""
        last_option = self.root is None
        for level in self.levels if levels is None else levels:
            glue = " " if (last_option or level.option) and text else ""
            text += glue + level.mark
            last_option = level.option
        return text

    def paragraph(self, number: str, suffix: str, indent: int, empty: bool, option: str) -> _Place:
        """A numbered paragraph; one inserted inside an option (``3bis.`` indented below
        ``3.``'s ``Option 1``) remembers that option, so ``Option 2`` still follows it."""
        inserted = suffix and self.root is not None and indent > self.root_indent
        self.outer = (
            (self.root, self.root_place, self.root_indent, self.root_empty, list(self.levels))
            if inserted
            else None
        )
        self.root = number + suffix
        self.root_place = (number, suffix)
        self.root_indent = indent
        self.root_empty = empty
        self.levels = [_Level(indent, True, f"opt {option}")] if option else []
        return _Place(number, suffix)

    def _pop_deeper(self, indent: int) -> None:
        while self.levels and self.levels[-1].indent > indent:
            self.levels.pop()

    def _last(self, indent: int, roman: bool | None = None) -> int | None:
        """The index of the last sub-paragraph at `indent` (of one kind, if given)."""
        for index in range(len(self.levels) - 1, -1, -1):
            level = self.levels[index]
            if not level.option and level.indent == indent and roman in (None, level.roman):
                return index
        return None

    def item(self, mark: str | int, suffix: str, indent: int, option: str) -> _Place:
        """A sub-paragraph: a Markdown number (lettered by depth) or a printed ``(a)``."""
        self._pop_deeper(indent)
        if isinstance(mark, int):
            last = self._last(indent)
            if last is not None:
                del self.levels[last:]
            depth = sum(1 for level in self.levels if not level.option) + 1
            roman = not depth % 2
            label = f"({_roman(mark) if roman else _letter(mark)})"
        else:
            label = f"({mark})"
            roman = _is_roman(label)
            last = self._last(indent)
            previous = self.levels[last] if last is not None else None
            if roman and previous and _follows(label, previous.mark):
                roman = False  # (i) after (h) is a letter
            nests = roman and previous is not None and not previous.roman
            if not nests:
                sibling = self._last(indent, roman)
                if sibling is not None:
                    del self.levels[sibling:]
        number = self.path([*self.levels, _Level(indent, False, label)])
        self.levels.append(_Level(indent, False, label + suffix, roman))
        if option:
            self.levels.append(_Level(indent, True, f"opt {option}"))
        return _Place(number, suffix)

    def _sibling(self, kind: str) -> int | None:
        """The index of the last option of the series `kind`."""
        return next(
            (
                index for index in range(len(self.levels) - 1, -1, -1)
                if self.levels[index].option and _series(self.levels[index].mark[4:]) == kind
            ),
            None,
        )  # fmt: skip

    def option(self, key: str, indent: int) -> _Place:
        """An ``Option K`` block: of the paragraph above, or of its article or chapter when a
        new series starts level with that paragraph (``Option I (paras 6-9bis):``)."""
        self._pop_deeper(indent)
        kind = _series(key)
        sibling = self._sibling(kind)
        if sibling is None and self.outer is not None:
            root, place, root_indent, empty, levels = self.outer
            if any(lv.option and lv.indent <= indent and _series(lv.mark[4:]) == kind
                   for lv in levels):  # fmt: skip
                self.root, self.root_place, self.root_indent, self.root_empty = (
                    root, place, root_indent, empty,
                )  # fmt: skip
                self.levels, self.outer = levels, None
                self._pop_deeper(indent)
                sibling = self._sibling(kind)
        if self.root is not None and (
            indent <= self.root_indent and not self.root_empty
            and (key in _FIRST_OPTIONS or (self.series and sibling is None))
        ):  # fmt: skip
            self.root, self.levels = None, []
        elif sibling is not None:
            del self.levels[sibling:]
        if self.root is None:
            self.series = True
        self.levels.append(_Level(indent, True, f"opt {key}"))
        return _Place(self.path())

    def text(self, indent: int) -> _Place:
        """Running text: it continues the paragraph, sub-paragraph or option it sits in."""
        self._pop_deeper(indent)
        while self.levels and not self.levels[-1].option and self.levels[-1].indent == indent:
            self.levels.pop()
        if self.root is not None and not self.levels:
            return _Place(*self.root_place, own=False)
        return _Place(self.path(), own=False)


@dataclass(slots=True)
class _Pending:
    """A paragraph made, waiting for its brackets to be read."""

    paragraph: Paragraph
    mapped: _Mapped
    offset: int
    """Where its block starts in the file."""
    marks: list[str] = field(default_factory=list)


class _Importer:
    """One import: the file cut into blocks, blocks made paragraphs, then brackets read."""

    def __init__(self, text: str, name: str, source: str, registry: Registry, strict: bool) -> None:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.source = _Source(text)
        self.name = name
        self.path = source
        self.registry = registry
        self.strict = strict
        self.warnings: list[DraftroomError] = []
        self.document = Document(name=name, title="", source=source)
        self.references: set[str] = set()
        self.footnote_defs: list[tuple[str, _Line, _Mapped]] = []
        self.numbers: dict[str, str] = {}
        self.mark_at: dict[str, int] = {}
        self.pending: list[_Pending] = []
        self.labels: set[str] = set()
        self.numbering = _Numbering()
        self.article = ""
        self.chapter = ""
        self.preamble = True
        self.preamble_count = 0
        self.offset = 0

    # -- problems -----------------------------------------------------------------------
    def _problem(self, message: str, offset: int, hint: str | None = None) -> None:
        line, column, excerpt = self.source.locate(offset)
        self._report(
            DraftroomError(
                message, path=self.path, line=line, column=column, excerpt=excerpt, hint=hint
            )
        )

    def _report(self, error: DraftroomError) -> None:
        """A warning; in strict mode, the error that stops the import."""
        if self.strict:
            raise error
        self.warnings.append(error)

    # -- lines to blocks ----------------------------------------------------------------
    def _lines(self) -> list[_Line]:
        lines = []
        offset = 0
        for number, text in enumerate(self.source.text.split("\n"), start=1):
            lines.append(_Line(number, offset, text))
            offset += len(text) + 1
        return lines

    def _header(self, lines: list[_Line]) -> int:
        """Skip the provenance header and the front matter; the index of the first body line."""
        i = 0
        while i < len(lines) and _PROVENANCE.match(lines[i].text):
            self.document.cover.append(lines[i].text.strip())
            i += 1
        if i and i < len(lines) and _RULE_LINE.match(lines[i].text):
            i += 1
        if i < len(lines) and lines[i].text.strip() == "---":
            end = next(
                (j for j in range(i + 1, len(lines)) if _FRONT_MATTER_END.match(lines[j].text)),
                None,
            )
            if end is not None:
                for line in lines[i + 1 : end]:
                    title = _TITLE.match(line.text)
                    if title and not self.document.title:
                        self.document.title = title.group(1).strip()
                i = end + 1
        return i

    def _definitions(self, lines: list[_Line], start: int) -> set[int]:
        """Collect reference and footnote definitions; the indexes of the lines they use."""
        used: set[int] = set()
        i = start
        while i < len(lines):
            reference = _REFERENCE_DEF.match(lines[i].text)
            footnote = _FOOTNOTE_DEF.match(lines[i].text)
            if reference:
                self.references.add(reference.group(1).strip().casefold())
                used.add(i)
            elif footnote:
                used.add(i)
                first = lines[i]
                body = _Mapped.at(first.offset + footnote.start(2), footnote.group(2).strip())
                j = i + 1
                blank = False
                while j < len(lines):
                    text = lines[j].text
                    if not text.strip():
                        blank = True
                        j += 1
                        continue
                    if _FOOTNOTE_DEF.match(text) or _REFERENCE_DEF.match(text):
                        break
                    if blank and lines[j].indent < 4:
                        break
                    if not blank and (_HEADING.match(text) or _KRAMDOWN_LINE.match(text)):
                        break
                    blank = False
                    line_body = lines[j].body.sub(_BULLET, lambda m: [])
                    body = body + _Mapped(" ", [body.end]) + line_body
                    used.update(range(i, j + 1))
                    j += 1
                self.footnote_defs.append((footnote.group(1), first, body))
                i = j
                continue
            i += 1
        return used

    @staticmethod
    def _has_note(lines: list[_Line], start: int) -> bool:
        """Whether a ``* TOC`` marker closes a converter's note: it comes before the text
        proper (a numbered paragraph, a preamble or an article)."""
        for line in lines[start:]:
            if _TOC_LINE.match(line.text):
                return True
            heading = _HEADING.match(line.text)
            plain = (heading.group(2) or "") if heading else ""
            if _NUMBER.match(line.text) or re.search(r"\b(Preamble|Article)\b", plain):
                return False
        return False

    def _blocks(self, lines: list[_Line], start: int, skip: set[int]) -> list[_Block]:
        blocks: list[_Block] = []
        current: list[_Line] = []
        note = self._has_note(lines, start)
        comment = False

        def flush() -> None:
            if current:
                blocks.append(_Block(list(current), note=note))
                current.clear()

        for i in range(start, len(lines)):
            line = lines[i]
            text = line.text
            if comment:
                comment = "-->" not in text
                continue
            if i in skip or not text.strip():
                flush()
                continue
            if _TOC_LINE.match(text):
                flush()
                note = False
                continue
            if _KRAMDOWN_LINE.match(text) or _COMMENT_LINE.match(text):
                flush()
                continue
            if text.lstrip().startswith("<!--"):
                flush()
                comment = "-->" not in text
                continue
            heading = _HEADING.match(text)
            if heading:
                flush()
                blocks.append(_Block([line], heading=len(heading.group(1)), note=note))
                continue
            if _THEMATIC_BREAK.match(text):
                flush()
                continue
            if current and _STARTS_ITEM.match(text.strip()):
                flush()
            current.append(line)
        flush()
        return blocks

    # -- cleaning -----------------------------------------------------------------------
    def _footnote_mark(self, label: str) -> str:
        if label not in self.numbers:
            used = {int(n) for n in self.numbers.values()}
            number = label if label.isdigit() and int(label) not in used else ""
            self.numbers[label] = number or str(max(used | {0}) + 1)
        return superscript(self.numbers[label])

    def _clean(self, mapped: _Mapped) -> _Emphasis:
        """A block's text with its inline Markdown removed (HTML tags last: ``*<span>`` is
        emphasis only while the tag is there to show it)."""
        return _emphasis(self._inline(mapped))

    def _inline(self, mapped: _Mapped) -> _Mapped:
        """Markdown's inline artefacts out; link text, footnote marks (as superscripts) in."""
        mapped = mapped.sub(_INLINE_COMMENT, lambda m: [])
        mapped = mapped.sub(_AUTOLINK, lambda m: [1])
        mapped = mapped.sub(_KRAMDOWN, lambda m: [])

        def marks(match: re.Match[str]) -> list[str | int]:
            labels = _MARK.findall(match.group())
            for label in labels:
                self.mark_at.setdefault(label, mapped.origin[match.start()])
            # a comma keeps ⁶,⁷ two marks: glued digits would read as footnote 67
            return [",".join(self._footnote_mark(label) for label in labels)]

        mapped = mapped.sub(_MARKS, marks)
        mapped = mapped.sub(_INLINE_LINK, lambda m: [1])

        def reference(match: re.Match[str]) -> list[str | int]:
            key = (match.group(2) or match.group(1)).strip().casefold()
            return [1] if key in self.references else [0]

        mapped = mapped.sub(_REFERENCE_LINK, reference)
        mapped = mapped.sub(_SUPERSCRIPT_SPAN, lambda m: [1])
        return mapped.sub(_STRIKE, lambda m: [1])

    @staticmethod
    def _tidy(mapped: _Mapped) -> _Mapped:
        return mapped.sub(_SPACES, lambda m: [" "]).strip()

    # -- the walk -----------------------------------------------------------------------
    def run(self) -> Draft:
        lines = self._lines()
        start = self._header(lines)
        skip = self._definitions(lines, start)
        blocks = self._join_cut(self._blocks(lines, start, skip))
        if not blocks:
            raise DraftroomError("the file is empty: there is no text to import", path=self.path)
        for block in blocks:
            self._block(block)
        return self._finish()

    def _join_cut(self, blocks: list[_Block]) -> list[_Block]:
        """Join a block that stops on a lowercase word with a block that opens in lowercase
        or with a digit: one paragraph cut in two by a page of the PDF."""
        joined: list[_Block] = []
        for block in blocks:
            previous = joined[-1] if joined else None
            first = block.lines[0].text.strip().lstrip("*_")
            if (
                previous is not None and not previous.heading and not block.heading
                and previous.note == block.note
                and re.search(r"[a-z][*_]*$", previous.lines[-1].text.rstrip())
                and first[:1].islower() | first[:1].isdigit()
                and not _STARTS_ITEM.match(block.lines[0].text.strip())
            ):  # fmt: skip
                previous.lines += block.lines
                continue
            joined.append(block)
        return joined

    def _block(self, block: _Block) -> None:
        self.offset = block.lines[0].offset
        mapped = block.raw.sub(_ESCAPE, _escape)
        if block.heading:
            mapped = mapped.sub(re.compile(r"^#+[\s\u00a0]*"), lambda m: [])
            mapped = mapped.sub(re.compile(r"\s+#+\s*$"), lambda m: [])
            self._heading(block, self._clean(mapped), min(block.heading, 3))
            return
        if block.note:
            emphasis = self._clean(mapped)
            self._add(Kind.CONTEXT, emphasis, part=Part.NOTE)
            return
        prefix, mapped = self._prefix(mapped)
        emphasis = self._clean(mapped)
        plain = _unescape(self._tidy(emphasis.mapped).text, notation=False)
        option = _OPTION.match(plain)
        key = re.sub(r"\s", "", option.group(1)) if option else ""
        if (
            not prefix and not option and emphasis.whole and len(plain) <= _HEADING_MAX
            and plain[:1].isalpha()
            and not _MARKS_END.sub("", plain).rstrip("]").endswith((".", ",", ";", ":"))
        ):  # fmt: skip
            self._heading(block, emphasis, 3)
            return
        if self.preamble and prefix and prefix[0] == "number":
            self.preamble = False
        if self.preamble:
            self.preamble_count += 1
            self._add(Kind.PREAMBULAR, emphasis, number=str(self.preamble_count))
            return
        place = self._place(prefix, key, block.indent, not plain)
        self._operative(place, emphasis)

    def _prefix(self, mapped: _Mapped) -> tuple[tuple[str, str, str] | None, _Mapped]:
        """The printed number, letter or bullet opening a block, and the block without it."""
        bullet = _BULLET.match(mapped.text)
        if bullet:
            mapped = mapped[bullet.end() :]
        for pattern in (_NUMBER, _PAREN_NUMBER):
            match = pattern.match(mapped.text)
            if match:
                suffix = next((g for g in match.groups()[1:] if g), "")
                return ("number", match.group(1), suffix), mapped[match.end() :]
        lettered = _LETTERED.match(mapped.text)
        if lettered:
            return ("letter", lettered.group(1), lettered.group(2) or ""), mapped[lettered.end() :]
        return (("bullet", "", "") if bullet else None), mapped

    def _place(
        self, prefix: tuple[str, str, str] | None, option: str, indent: int, empty: bool
    ) -> _Place:
        numbering = self.numbering
        if prefix is not None and prefix[0] != "bullet":
            kind, mark, suffix = prefix
            if kind == "number" and (
                suffix or numbering.root is None or indent <= numbering.root_indent
            ):
                return numbering.paragraph(mark, suffix, indent, empty, option)
            if kind == "number":
                return numbering.item(int(mark), suffix, indent, option)
            return numbering.item(mark, suffix, indent, option)
        if option and prefix is None:
            return numbering.option(option, indent)
        return numbering.text(indent)

    # -- paragraphs ---------------------------------------------------------------------
    def _new_id(self) -> str:
        return f"p{len(self.pending) + 1:03d}"

    def _add(
        self, kind: Kind, emphasis: _Emphasis, part: Part = Part.STATEMENT, **fields: object
    ) -> Paragraph:
        paragraph = Paragraph(id=self._new_id(), kind=kind, part=part, **fields)  # type: ignore[arg-type]
        paragraph.emphasis = emphasis.italic
        self.pending.append(_Pending(paragraph, self._tidy(emphasis.mapped), self.offset))
        return paragraph

    def _heading(self, block: _Block, emphasis: _Emphasis, level: int) -> None:
        plain = _unescape(self._tidy(emphasis.mapped).text, notation=False)
        if block.note:
            self._add(Kind.CONTEXT, emphasis, part=Part.NOTE, level=level)
            if not self.document.report_title:
                self.document.report_title = _MARKS_END.sub("", plain).strip()
            return
        article = _ARTICLE.match(plain)
        chapter = _CHAPTER.match(plain)
        if article:
            self.article = f"Art {article.group(1)}{(article.group(2) or '').lower()}"
            self.preamble = False
        elif chapter and block.heading:
            self.chapter, self.article = chapter.group(1), ""
        if self.preamble and self.preamble_count:
            self.preamble = False
        self.numbering.reset()
        self.numbering.series = bool(re.search(r"\bOption\b", plain))
        self._add(Kind.HEADING, emphasis, level=level)

    def _operative(self, place: _Place, emphasis: _Emphasis) -> None:
        section = self.article
        number = place.number
        if not self.article and self.numbering.root is None:
            section = self.chapter or "Text"
        if not number:
            number = "chapeau"
        base = f"OP {section} {number}" if section else f"OP{number}"
        extra = f"{place.suffix} {'alt' if place.own else 'cont'}".strip()
        suffixes = itertools.chain(
            [place.suffix], (extra + (f" {n}" if n > 1 else "") for n in itertools.count(1))
        )
        suffix = next(s for s in suffixes if f"{base} {s}".strip() not in self.labels)
        self.labels.add(f"{base} {suffix}".strip())
        self._add(Kind.OPERATIVE, emphasis, number=number, section=section, suffix=suffix)

    # -- brackets and footnotes ---------------------------------------------------------
    def _finish(self) -> Draft:
        read: list[tuple[_Pending, _Mapped]] = []
        for pending in self.pending:
            paragraph = pending.paragraph
            plain = _unescape(pending.mapped.text, notation=False)
            pending.marks = footnote_numbers(plain)
            if not paragraph.negotiable:
                paragraph.text = plain
                continue
            mapped = pending.mapped.sub(_ESCAPED, lambda m: [_unescape(m.group(), True)])
            mapped = mapped.sub(_DASH, lambda m: [" \\- "])  # untagged: " - " is text
            read.append((pending, mapped))
        closed = _closed_later(read)
        carried: list[int] = []
        for pending, mapped in read:
            carried = self._read(pending.paragraph, mapped, carried, closed)
        paragraphs = [pending.paragraph for pending in self.pending]
        paragraphs = [pending.paragraph for pending in self.pending]
        # Ids in reading order, a bracket before those nested in it, as the store lists them.
        counter = itertools.count(1)
        for paragraph in paragraphs:
            for bracket in walk(paragraph.content):
                bracket.id = f"b{next(counter)}"
        draft = Draft(self.document, paragraphs, self._footnotes())
        self.warnings.sort(key=lambda w: (w.line or 0, w.column or 0))
        draft.document.title = draft.document.title or self.document.report_title or self.name
        draft.next_paragraph = len(paragraphs)
        draft.next_bracket = next(counter)
        return draft

    def _read(
        self, paragraph: Paragraph, mapped: _Mapped, carried: list[int], closed: set[int]
    ) -> list[int]:
        """Read the paragraph's brackets; the file offsets of those it carries on into the
        next paragraph: only brackets a later paragraph closes before the next heading (a
        chapeau's bracket over its sub-paragraphs). Any other bracket left open is closed
        at its own paragraph's end and reported where it opened."""

        def locate(offset: int) -> tuple[int, int, str]:
            if not mapped.origin:
                return self.source.locate(carried[-1] if carried else 0)
            return self.source.locate(mapped.origin[min(offset, len(mapped.origin) - 1)])

        still = _open_brackets(mapped, carried)
        runs_on = not paragraph.is_heading and all(offset in closed for offset in still)
        # Lenient here, as problems go through _report (strict: the first is the error).
        # Ids are given once every paragraph is read (see _finish), hence the blank ones here.
        reader = NotationReader(self.registry, str, strict=False, path=self.path, locate=locate)
        try:
            parsed = reader.parse(mapped.text, opened=len(carried), runs_on=runs_on)
        except NestingError:
            raise
        except DraftroomError as error:  # a status tag naming an unknown delegation
            self._report(error)
            paragraph.content = [_NOTATION_ESCAPE.sub(r"\1", mapped.text)]
            return carried
        for warning in parsed.warnings:
            self._report(warning)
        paragraph.content = parsed.content
        paragraph.status, paragraph.status_by = parsed.status, parsed.status_by
        paragraph.package = parsed.package
        if not runs_on:
            return []
        if len(still) != parsed.unclosed:  # a status tag took brackets off the end
            still = (still + [mapped.end] * parsed.unclosed)[: parsed.unclosed]
        return still

    def _footnotes(self) -> list[Footnote]:
        """Each definition attached to the first paragraph carrying its mark, in mark order.

        A label defined twice keeps its later definition, as kramdown (which rendered these
        files) does; the earlier one is kept too, attached to no mark, and reported.
        """
        marks = [(p.paragraph.id, n) for p in self.pending for n in p.marks]
        order = {mark: i for i, mark in reversed(list(enumerate(marks)))}
        last = {label: i for i, (label, _, _) in enumerate(self.footnote_defs)}
        first_line: dict[str, int] = {}
        footnotes: list[Footnote] = []
        for i, (label, line, raw) in enumerate(self.footnote_defs):
            text, italic = self._footnote_text(raw)
            if label in first_line:
                self._problem(
                    f"footnote [^{label}] is defined again (first on line {first_line[label]}): "
                    "the later definition is used, as kramdown does",
                    line.offset,
                    "give each definition the label of its own mark",
                )
            first_line.setdefault(label, line.number)
            if label not in self.numbers:
                self._footnote_mark(label)
                if last[label] == i:
                    self._problem(
                        f"footnote [^{label}] is never referenced in the text", line.offset
                    )
            number = self.numbers[label]
            owner = next((pid for pid, n in marks if n == number), "") if last[label] == i else ""
            footnotes.append(Footnote(number, text, owner, italic))
        for label, offset in self.mark_at.items():
            if label not in first_line:
                self._problem(f"footnote mark [^{label}] has no definition", offset)
        unplaced = len(marks)
        return sorted(footnotes, key=lambda f: order.get((f.paragraph, f.number), unplaced))

    def _footnote_text(self, raw: _Mapped) -> tuple[str, list[str]]:
        """A definition's text, Markdown removed, and its italic phrases."""
        emphasis = self._clean(raw.sub(_ESCAPE, _escape))
        return _unescape(self._tidy(emphasis.mapped).text, notation=False), emphasis.italic


def _closed_later(read: list[tuple[_Pending, _Mapped]]) -> set[int]:
    """The file offsets of the opening brackets a closing bracket matches before the next
    heading, scanning the paragraphs as the notation reader does (a backslash escapes the
    next character); a heading's own brackets close in it or not at all."""
    closed: set[int] = set()
    stack: list[int] = []
    for pending, mapped in read:
        if pending.paragraph.is_heading:
            stack = []
        text = mapped.text
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "[":
                stack.append(mapped.origin[i])
            elif char == "]" and stack:
                closed.add(stack.pop())
            i += 1
        if pending.paragraph.is_heading:
            stack = []
    return closed


def _open_brackets(mapped: _Mapped, carried: list[int]) -> list[int]:
    """The file offsets of the brackets still open after `mapped`, scanning as the notation
    reader does (a backslash escapes the next character)."""
    stack = list(carried)
    text = mapped.text
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            stack.append(mapped.origin[i])
        elif char == "]" and stack:
            stack.pop()
        i += 1
    return stack


def import_markdown(
    text: str,
    *,
    name: str,
    source: str = "",
    registry: Registry | None = None,
    strict: bool = False,
    warnings: list[DraftroomError] | None = None,
) -> Draft:
    """A draft from a negotiating text in Markdown (see the module docstring for the rules).

    In the default lenient mode a stray or unclosed bracket is kept and reported in
    `warnings`, with its line and column; with `strict` the first such problem is an error.
    """
    importer = _Importer(text, name, source, registry or default_registry(), strict)
    draft = importer.run()
    if warnings is not None:
        warnings.extend(importer.warnings)
    return draft
