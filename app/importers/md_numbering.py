"""The structure of a converted negotiating text: lines, blocks, list levels and the
numbering that labels paragraphs as the UN prints them (`8(b)(i)`, `opt 2`, `cont`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.importers.md_inline import _Mapped

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
