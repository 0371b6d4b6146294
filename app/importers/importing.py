"""Which importer reads a text: UN plain text (compilation texts included), the Markdown
the UNFCCC negotiating texts were converted to, or Draftroom's own Markdown export.

Our own Markdown (it opens with the export's `<!-- SYMBOL · rev.N · Distr.: … -->` line, or
shows its marks when a copy lost that line) is a compilation text with Markdown around
it: supporters' tags in italics, proposals in bold, wording to delete struck through,
`7\\.` numbers, `[^3]` footnotes, `#` headings, one paragraph a line. It is turned back
into the plain text the txt export writes, which the UN text importer reads exactly,
told which lines are headings (the UNFCCC importer reads " - " as text, as those texts
carry no tags, and would lose every supporter). Problems are reported at their line and
column in the Markdown file.

Why not a Markdown parser (markdown-it-py, which Rich brings): its tokens carry a block's
lines but no columns, it joins `\\[` (the text's own bracket) and `[` (the notation's)
into one text, and it reads a bracket followed by `(` as a link; our export is a small
grammar we write ourselves, read back here in a few expressions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from app.core.delegations import Registry
from app.core.draft import Draft
from app.core.errors import DraftroomError, NotFound
from app.files.atomic import read_regular
from app.files.textfile import read_text
from app.importers.markdown import import_markdown, looks_like_markdown
from app.importers.untext import import_un_text

_OWN_MARKDOWN = re.compile(r"<!-- [^\n]* · [^\n]* · Distr\.: [^\n]* -->\r?\n")
#: Our export's own marks, for a copy that lost its first line (pasted from the middle, or
#: through an editor that drops HTML comments): a paragraph number written `7 bis\.` at a
#: line's start, or a supporters' tag `*- EU*` closing an option. Neither is in the Markdown
#: the UNFCCC texts were converted to, nor in a UN plain text.
_OWN_MARKS = re.compile(
    r"^(?:PP)?\d+(?: [a-z]+)*(?: \d+)?\\\. |\*- [^*\n]+\*(?:\]| / )", re.MULTILINE
)


class Importer(Protocol):
    """Reads a text into a draft: paragraphs, brackets, supporters, statuses, footnotes;
    problems go to `warnings`, or are errors with `strict`."""

    def __call__(
        self, text: str, *, name: str, source: str = "", registry: Registry | None = None,
        strict: bool = False, warnings: list[DraftroomError] | None = None,
    ) -> Draft: ...  # fmt: skip


def _own_markdown(
    text: str, *, name: str, source: str = "", registry: Registry | None = None,
    strict: bool = False, warnings: list[DraftroomError] | None = None,
) -> Draft:  # fmt: skip
    """Draftroom's own Markdown export, read as the txt export's layout; a problem is
    reported at its line and column in the Markdown file, not in that layout."""
    laid_out, lines = _own_markdown_as_text(text)
    headings = {i for i, line in enumerate(lines, start=1) if line and line.heading}
    found: list[DraftroomError] = []
    try:
        draft = import_un_text(
            laid_out, name=name, source=source, registry=registry, strict=strict,
            warnings=found, headings=headings,
        )  # fmt: skip
    except DraftroomError as error:
        raise _in_file(error, lines) from None
    if warnings is not None:
        warnings += [_in_file(warning, lines) for warning in found]
    return draft


def _is_own_markdown(text: str) -> bool:
    """Whether `text` is our Markdown export: its first line, or its marks."""
    return bool(_OWN_MARKDOWN.match(text) or _OWN_MARKS.search(text))


#: The importers, by the form of text each reads: the first whose test accepts a text reads
#: it (Word and PDF join here, tested by their content).
IMPORTERS: tuple[tuple[str, Callable[[str], bool], Importer], ...] = (
    ("Draftroom's Markdown export", _is_own_markdown, _own_markdown),
    ("Markdown (the UNFCCC texts)", looks_like_markdown, import_markdown),
    ("UN plain text", lambda text: True, import_un_text),
)


def import_document(
    text: str, *, name: str, source: str = "", registry: Registry | None = None,
    strict: bool = False, warnings: list[DraftroomError] | None = None,
) -> Draft:  # fmt: skip
    """A draft from a text, by the importer its form calls for."""
    importer = next(read for _, accepts, read in IMPORTERS if accepts(text))
    return importer(
        text, name=name, source=source, registry=registry, strict=strict, warnings=warnings
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the text importer cuts lines
_HEADING = re.compile(r"^#{1,6} ")
_NUMBER = re.compile(r"^((?:PP)?\d+(?: [a-z]+)*(?: \d+)?)\\\. ")
_NOTE = re.compile(r"^\[\^(\d+)\]: ")
_MARK = re.compile(r"\[\^(\d+)\]")
_STRONG_OR_STRUCK = re.compile(r"\*\*((?:\\.|[^\\])+?)\*\*|~~((?:\\.|[^\\])+?)~~")
#: Markdown's escapes, undone; an escaped star stays escaped (the text importer reads it
#: as the text's own star, a bare pair of stars as italics).
_MD_ESCAPE = re.compile(r"\\([`_<>~|])")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_OPENING_MARK = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of the laid-out text and where it came from in the Markdown file."""

    text: str
    number: int
    """The file's line number."""
    original: str
    """The file's line, for messages."""
    columns: list[int]
    """The file's column of each character of `text`, and one past its end."""
    heading: bool = False
    """A ``#`` heading in the file."""


#: A replacement's pieces: a group of the match copied (its number), or new text.
_Pieces = list[int | str]


def _replace(
    line: _Line, pattern: re.Pattern[str], pieces: Callable[[re.Match[str]], _Pieces]
) -> _Line:
    """`line` with each match of `pattern` replaced, every character keeping its column
    in the file (new text takes the column where the match starts)."""
    text, columns, at = [], [], 0
    for match in pattern.finditer(line.text):
        text.append(line.text[at : match.start()])
        columns += line.columns[at : match.start()]
        for piece in pieces(match):
            if isinstance(piece, int):
                if match.group(piece) is None:
                    continue
                text.append(match.group(piece))
                columns += line.columns[match.start(piece) : match.end(piece)]
            else:
                text.append(piece)
                columns += [line.columns[match.start()]] * len(piece)
        at = match.end()
    text.append(line.text[at:])
    columns += line.columns[at:]
    return _Line("".join(text), line.number, line.original, columns, line.heading)


def _own_markdown_as_text(text: str) -> tuple[str, list[_Line | None]]:
    """Draftroom's Markdown export as its txt export lays the same draft out, and for each
    line of that layout the line of the file it came from (None: a line it adds)."""
    body: list[_Line] = []
    notes: list[_Line] = []
    lines = _LINE_BREAK.split(text)
    first = 1 if _OWN_MARKDOWN.match(text) else 0  # the export's comment line
    for number, raw in enumerate(lines[first:], start=first + 1):
        line = _Line(raw, number, raw, list(range(1, len(raw) + 2)))
        if _NOTE.match(raw):
            line = _replace(line, _NOTE, lambda m: [m.group(1).translate(_SUPERSCRIPT), " "])
            notes.append(_plain(line))
            continue
        if _HEADING.match(raw):
            line = _replace(replace(line, heading=True), _HEADING, lambda m: [])
        line = _plain(_replace(line, _NUMBER, lambda m: [1, ". "]))
        # a footnote mark opening a paragraph is the paragraph's, not a footnote's line
        body.append(_replace(line, _OPENING_MARK, lambda m: ["\\", 0]))
    while body and not body[-1].text.strip():
        body.pop()
    texts = [line.text for line in body]
    origins: list[_Line | None] = list(body)
    if notes:
        texts += ["", "__________", "", *(note.text for note in notes)]
        origins += [None, None, None, *notes]
    return "\n".join(texts) + "\n", origins


def _plain(line: _Line) -> _Line:
    """A line without the Markdown the export adds; single-star italics stay (the text
    importer reads them as the operative verbs' italics, tags and statuses as notation)."""
    line = _replace(line, _MARK, lambda m: [m.group(1).translate(_SUPERSCRIPT)])
    line = _replace(line, _STRONG_OR_STRUCK, lambda m: [1, 2])
    return _replace(line, _MD_ESCAPE, lambda m: [1])


def _in_file(error: DraftroomError, lines: list[_Line | None]) -> DraftroomError:
    """`error`, found in the laid-out text, placed at its line and column in the file."""
    if error.line is None or not 0 < error.line <= len(lines):
        return error
    line = lines[error.line - 1]
    if line is None:
        return error
    if error.column is not None:
        error.column = line.columns[max(0, min(error.column - 1, len(line.columns) - 1))]
    error.line, error.excerpt = line.number, line.original
    return error


def import_file(
    path: Path, *, name: str, registry: Registry | None = None, strict: bool = False,
    warnings: list[DraftroomError] | None = None, notes: list[str] | None = None,
) -> Draft:  # fmt: skip
    """A draft from a file, by its content, not its name: a Word file (`notes` then says
    what it left out: tracked changes, tables) or a PDF (`notes`: pages, page furniture),
    each laid out as the txt export lays a draft out and read by the UN text importer (so
    a document and its text make the same draft); else a text, by its form."""
    from app.importers.docx import WordReport, looks_like_word, word_as_text
    from app.importers.pdf import PdfReport, looks_like_pdf, pdf_as_text

    path = Path(path)
    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise NotFound("no such file", path=path) from None
    documents: list[tuple[Callable[[bytes], bool], Callable[..., str], WordReport | PdfReport]]
    documents = [(looks_like_word, word_as_text, WordReport()),
                 (looks_like_pdf, pdf_as_text, PdfReport())]  # fmt: skip
    for accepts, as_text, report in documents:
        if not accepts(data):
            continue
        try:
            draft = import_un_text(
                as_text(data, path.name, report), name=name, source=path.name,
                registry=registry, strict=strict, warnings=warnings,
            )  # fmt: skip
        except DraftroomError as error:
            if error.path == path.name:  # the file as the user named it, not only its name
                error.path = str(path)
            raise
        if notes is not None:
            notes += report.notes()
        return draft
    return import_document(
        read_text(path), name=name, source=path.name, registry=registry, strict=strict,
        warnings=warnings,
    )  # fmt: skip
