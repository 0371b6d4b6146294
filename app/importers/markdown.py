"""Import a negotiating text distributed as Markdown, such as the UNFCCC COP21 drafts that the
OKFN cop21 project converted from the secretariat's PDFs (inline Markdown: `md_inline`; the
numbering: `md_numbering`; the cutting into blocks: `md_blocks`).

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
  their markup; italic phrases are kept as emphasis.

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
``alt``, ``alt 2``, as UN practice labels an alternative paragraph.

A bracket open at the end of a paragraph continues into the next only if a later paragraph
closes it before the next heading (a chapeau's bracket over its sub-paragraphs); any other
bracket left open, and any in a heading, is closed at its own paragraph's end, with a
warning naming where it opened, so it never wraps paragraphs it did not reach; a stray
``]`` stays text, with a warning. Bracket ids run in reading order, a bracket
before those nested in it. Warnings name the file's line and column; with `strict` the
first of them is an error instead. A text with nothing to import is the only other error.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from app.core.brackets import walk
from app.core.delegations import Registry, default_registry
from app.core.draft import (
    Document,
    Draft,
    Footnote,
    Kind,
    Paragraph,
    Part,
    footnote_numbers,
    superscript,
)  # fmt: skip
from app.core.errors import DraftroomError
from app.core.notation import NestingError, NotationReader
from app.importers.md_blocks import _Blocks
from app.importers.md_inline import (
    _AUTOLINK,
    _DASH,
    _ESCAPE,
    _ESCAPED,
    _INLINE_COMMENT,
    _INLINE_LINK,
    _KRAMDOWN,
    _MARK,
    _MARKS,
    _MARKS_END,
    _NOTATION_ESCAPE,
    _REFERENCE_LINK,
    _SPACES,
    _STRIKE,
    _SUPERSCRIPT_SPAN,
    _closed_later,
    _Emphasis,
    _emphasis,
    _escape,
    _Mapped,
    _open_brackets,
    _Source,
    _unescape,
    looks_like_markdown,
)  # fmt: skip
from app.importers.md_numbering import (
    _ARTICLE,
    _BULLET,
    _CHAPTER,
    _HEADING_MAX,
    _LETTERED,
    _NUMBER,
    _OPTION,
    _PAREN_NUMBER,
    _STARTS_ITEM,
    _Block,
    _Numbering,
    _Place,
)  # fmt: skip

__all__ = ["import_markdown", "looks_like_markdown"]


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
        self.layout = _Blocks(self.source, self.document)
        self.references = self.layout.references
        self.footnote_defs = self.layout.footnote_defs
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
        blocks = self._join_cut(self.layout.read())
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
        closed = _closed_later([(p.paragraph.is_heading, m) for p, m in read])
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
        # Problems go through _report (strict: the first is the error, said as an error: a
        # bracket left open is refused, not "closed at the paragraph's end").
        # Ids are given once every paragraph is read (see _finish), hence the blank ones here.
        reader = NotationReader(
            self.registry, str, strict=self.strict, path=self.path, locate=locate
        )
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
