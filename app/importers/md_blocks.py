"""The file cut into blocks: the provenance header as the cover, footnote definitions and
link references set aside, blank-line-separated blocks (a list item also starts one)."""

from __future__ import annotations

import re

from app.core.draft import (
    Document,
)
from app.importers.md_inline import (
    _COMMENT_LINE,
    _FOOTNOTE_DEF,
    _FRONT_MATTER_END,
    _HEADING,
    _KRAMDOWN_LINE,
    _PROVENANCE,
    _REFERENCE_DEF,
    _RULE_LINE,
    _THEMATIC_BREAK,
    _TITLE,
    _TOC_LINE,
    _Mapped,
    _Source,
)
from app.importers.md_numbering import _BULLET, _NUMBER, _STARTS_ITEM, _Block, _Line


class _Blocks:
    """What reading the lines finds besides the blocks: the cover, the references, the
    footnote definitions (filled in by `read`)."""

    def __init__(self, source: _Source, document: Document) -> None:
        self.source = source
        self.document = document
        self.references: set[str] = set()
        self.footnote_defs: list[tuple[str, _Line, _Mapped]] = []

    def read(self) -> list[_Block]:
        """The blocks of the text after its header."""
        lines = self._lines()
        start = self._header(lines)
        skip = self._definitions(lines, start)
        return self._blocks(lines, start, skip)

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
