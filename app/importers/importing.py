"""Which importer reads a text: UN plain text (compilation texts included), the Markdown
the UNFCCC negotiating texts were converted to, or Draftroom's own Markdown export.

Our own Markdown (it opens with the export's `<!-- SYMBOL · rev.N · Distr.: … -->` line) is
a compilation text with Markdown around it: supporters' tags in italics, proposals in
bold, wording to delete struck through, `7\\.` numbers, `[^3]` footnotes. It is turned
back into the plain text the txt export writes, which the UN text importer reads exactly
(the UNFCCC importer reads " - " as text, as those texts carry no tags, and would lose
every supporter)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.core.delegations import Registry
from app.core.draft import Draft
from app.core.errors import DraftroomError, NotFound
from app.files.atomic import read_regular
from app.files.textfile import read_text
from app.importers.markdown import import_markdown, looks_like_markdown
from app.importers.untext import import_un_text

_OWN_MARKDOWN = re.compile(r"<!-- [^\n]* · [^\n]* · Distr\.: [^\n]* -->\n")


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
    """Draftroom's own Markdown export, read as the txt export's layout."""
    return import_un_text(
        _own_markdown_as_text(text), name=name, source=source, registry=registry,
        strict=strict, warnings=warnings,
    )  # fmt: skip


#: The importers, by the form of text each reads: the first whose test accepts a text reads
#: it (Word and PDF join here, tested by their content).
IMPORTERS: tuple[tuple[str, Callable[[str], bool], Importer], ...] = (
    ("Draftroom's Markdown export", lambda text: bool(_OWN_MARKDOWN.match(text)), _own_markdown),
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


_HEADING = re.compile(r"^#{1,6} ")
_NUMBER = re.compile(r"^(\d+(?: [a-z]+)?)\\\. ")
_NOTE = re.compile(r"^\[\^(\d+)\]: ")
_MARK = re.compile(r"\[\^(\d+)\]")
_STRONG_OR_STRUCK = re.compile(r"\*\*((?:\\.|[^\\])+?)\*\*|~~((?:\\.|[^\\])+?)~~")
#: Markdown's escapes, undone; an escaped star stays escaped (the text importer reads it
#: as the text's own star, a bare pair of stars as italics).
_MD_ESCAPE = re.compile(r"\\([`_<>~|])")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _own_markdown_as_text(text: str) -> str:
    """Draftroom's Markdown export as its txt export lays the same draft out."""
    body: list[str] = []
    notes: list[str] = []
    for line in text.split("\n")[1:]:
        note = _NOTE.match(line)
        if note:
            notes.append(note.group(1).translate(_SUPERSCRIPT) + " " + _plain(line[note.end() :]))
            continue
        line = _HEADING.sub("", line)
        line = _NUMBER.sub(r"\1. ", line)
        body.append(_plain(line))
    out = "\n".join(body).rstrip() + "\n"
    if notes:
        out += "\n__________\n\n" + "\n".join(notes) + "\n"
    return out


def _plain(line: str) -> str:
    """A line without the Markdown the export adds; single-star italics stay (the text
    importer reads them as the operative verbs' italics, tags and statuses as notation)."""
    line = _MARK.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), line)
    line = _STRONG_OR_STRUCK.sub(lambda m: m.group(1) or m.group(2), line)
    return _MD_ESCAPE.sub(r"\1", line)


def import_file(
    path: Path, *, name: str, registry: Registry | None = None, strict: bool = False,
    warnings: list[DraftroomError] | None = None, notes: list[str] | None = None,
) -> Draft:  # fmt: skip
    """A draft from a file, by its content, not its name: a Word file (`notes` then says
    what it left out: tracked changes, tables), else a text by its form."""
    from app.importers.docx import WordReport, import_word, looks_like_word

    path = Path(path)
    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise NotFound("no such file", path=path) from None
    if looks_like_word(data):
        report = WordReport()
        draft = import_word(
            data, name=name, source=path.name, registry=registry, strict=strict,
            warnings=warnings, report=report,
        )  # fmt: skip
        if notes is not None:
            notes += report.notes()
        return draft
    return import_document(
        read_text(path), name=name, source=path.name, registry=registry, strict=strict,
        warnings=warnings,
    )  # fmt: skip
