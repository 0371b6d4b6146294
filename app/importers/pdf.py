"""PDF in: a negotiating text's PDF (the record as printed) read back into the layout the
txt export writes, which the UN text importer then reads, as a Word file is.

A PDF holds glyphs at positions, not paragraphs, so the layout is recovered here:
- lines from the glyphs' positions (a raised, smaller digit belongs to its line: it is a
  footnote mark, kept as a superscript digit);
- page furniture left out: lines at the top or foot of a page that repeat on other pages
  once digits are ignored (the symbol in the running header, the job number and the page
  number in the footer), and lines that are only a page number;
- footnotes: the smaller-type lines at a page's foot, each opening with its number, a
  footnote running on to the next page joined to it;
- the cover before the title (the title is the first lines in larger type) left out;
- paragraphs: a new one after a gap wider than the lines' own spacing, or a line opening
  with a paragraph number; across a page break a paragraph runs on unless its last line
  was short and closed by punctuation; a hyphen at a line's end (which pdfium marks) is
  kept where the document writes the word with a hyphen elsewhere, dropped where it writes
  it whole.

Why pypdfium2 (PDFium, the PDF engine of Chromium): measured on the statement's zero draft
printed 6 times by LibreOffice (103 pages), reading every glyph with its box and font size
took 0.61 s with pypdfium2, 3.0 s with pypdf (text with positions, by its visitor) and
8.1 s with pdfplumber (pdfminer); LibreOffice itself takes about 1.6 s to convert it.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from app.core.errors import InputError

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LINE_END_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen that ends a line
_GENERATED = "\r\n\x02"
_ITALIC = 1 << 6  # the font descriptor's Italic flag (PDF 32000-1, table 123)
_NUMBERED = re.compile(r"^(?:\d+\.|\([a-z]{1,3}\)|[ivx]+\.|[A-Z]\.)\s")
_NOTE = re.compile(r"^([0-9]{1,3})\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s+of\s+\d+)?$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(\w+)$")
_WORD_AFTER = re.compile(r"^(\w+)")


def looks_like_pdf(data: bytes) -> bool:
    """Whether `data` is a PDF (its header may follow a few bytes of junk, as readers allow)."""
    return b"%PDF-" in data[:1024]


@dataclass(slots=True)
class PdfReport:
    """What reading a PDF left out, for the person importing it."""

    pages: int = 0
    furniture: int = 0
    """Lines left out as running headers, footers and page numbers."""
    cover: int = 0
    """Lines before the title left out."""

    def notes(self) -> list[str]:
        said = f"{self.pages} pages read"
        if self.furniture:
            said += (
                f"; {self.furniture} lines of running headers, footers and page numbers left out"
            )
        if self.cover:
            said += f"; {self.cover} lines of the cover before the title left out"
        return [said]


@dataclass(slots=True)
class _Line:
    """A printed line: its text (footnote marks as superscript digits) and geometry."""

    text: str
    page: int
    left: float
    right: float
    top: float
    bottom: float
    size: float
    hyphen: bool = False
    """It ends with a hyphen that pdfium found at the line's end."""


@dataclass(slots=True)
class _Glyphs:
    """The glyphs of a line being gathered."""

    chars: list[str] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)
    italic: list[bool] = field(default_factory=list)


def pdf_as_text(data: bytes, source: str, report: PdfReport) -> str:
    """The PDF's text in the txt export's layout (title, paragraphs, footnotes)."""
    pages = _pages(data, source)
    report.pages = len(pages)
    if not any(pages):
        raise InputError(
            "has no text to read: a scanned PDF (pictures of pages) or an empty one",
            path=source,
            hint="import the Word or text version, or give the PDF a text layer first "
            "(OCR, e.g. `ocrmypdf FILE.pdf OUT.pdf`)",
        )
    pages = _without_furniture(pages, report)
    body_size = _body_size(pages)
    body: list[_Line] = []
    notes: dict[str, str] = {}
    last_note = ""
    for lines in pages:
        main, foot = _split_foot(lines, body_size)
        body += main
        for line in foot:
            match = _NOTE.match(line.text)
            if match:
                last_note = match.group(1)
                notes[last_note] = match.group(2)
            elif last_note:  # a footnote running on, or on to the next page
                notes[last_note] = _joined(notes[last_note], line, body)
    title, body = _title(body, body_size, report)
    paragraphs = _paragraphs(body, body_size)
    words = _vocabulary(paragraphs)
    texts = [_one_line(_dehyphenated(p, words)) for p in paragraphs]
    if title:
        texts.insert(0, _one_line(_dehyphenated(title, words)).replace("*", ""))
    out = "\n\n".join(text for text in texts if text) + "\n"
    if notes:
        rows = [f"{n.translate(_SUPERSCRIPT)} {' '.join(t.split())}" for n, t in notes.items()]
        out += "\n__________\n\n" + "\n".join(rows) + "\n"
    return out


def _pages(data: bytes, source: str) -> list[list[_Line]]:
    """Each page's lines, top to bottom."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        said = str(error).lower()
        if "password" in said:
            raise InputError(
                "is a password-protected PDF: it cannot be read",
                path=source, hint="save an unprotected copy of it, then import that",
            ) from None  # fmt: skip
        raise InputError(
            "is not a readable PDF: a damaged or cut-short file",
            path=source, hint="download or print it to PDF again, then import it",
        ) from None  # fmt: skip
    try:
        pages = []
        for number in range(len(document)):
            page = document[number]
            text_page = page.get_textpage()
            count = text_page.count_chars()
            text = text_page.get_text_range(0, count) if count else ""
            lines: list[_Line] = []
            glyphs = _Glyphs()
            flags = ctypes.c_int()
            size, italic = 0.0, False
            for index in range(min(count, len(text))):
                char = text[index]
                if char in _GENERATED:
                    continue
                box = text_page.get_charbox(index)
                if glyphs.chars and _new_line(glyphs, box):
                    lines.append(_line(glyphs, number))
                    glyphs = _Glyphs()
                # a word is printed in one font: its size and slant are asked of its first
                # letter only, and of every other glyph (digits, punctuation, spaces)
                if not (char.isalpha() and glyphs.chars and glyphs.chars[-1].isalpha()):
                    size = pdfium_c.FPDFText_GetFontSize(text_page.raw, index)
                    pdfium_c.FPDFText_GetFontInfo(
                        text_page.raw, index, None, 0, ctypes.byref(flags)
                    )
                    italic = bool(flags.value & _ITALIC)
                glyphs.chars.append(char)
                glyphs.boxes.append(box)
                glyphs.sizes.append(size)
                glyphs.italic.append(italic)
            if glyphs.chars:
                lines.append(_line(glyphs, number))
            pages.append([line for line in lines if line.text.strip()])
        return pages
    finally:
        document.close()


def _new_line(glyphs: _Glyphs, box: tuple[float, float, float, float]) -> bool:
    """Whether a glyph at `box` starts a new line: it goes back to the left, or sits wholly
    above or below the line (a raised footnote mark overlaps its line)."""
    left, bottom, _, top = box
    last_left, _, last_right, _ = glyphs.boxes[-1]
    line_bottom = min(b[1] for b in glyphs.boxes[-8:])
    line_top = max(b[3] for b in glyphs.boxes[-8:])
    middle = (bottom + top) / 2
    if top - bottom > 0 and not line_bottom - 1 <= middle <= line_top + 1:
        return True
    return left < last_left - 1 and left < last_right - 20


def _line(glyphs: _Glyphs, page: int) -> _Line:
    sizes = [s for c, s in zip(glyphs.chars, glyphs.sizes, strict=True) if c.isalpha()]
    size = statistics.median(sizes) if sizes else max(glyphs.sizes)
    bottoms = [b[1] for c, b in zip(glyphs.chars, glyphs.boxes, strict=True) if c.isalpha()]
    baseline = statistics.median(bottoms) if bottoms else glyphs.boxes[0][1]
    chars = []
    for char, box, char_size in zip(glyphs.chars, glyphs.boxes, glyphs.sizes, strict=True):
        raised = box[1] > baseline + 0.2 * size and char_size < 0.9 * size
        chars.append(char.translate(_SUPERSCRIPT) if char.isdigit() and raised else char)
    number = _NUMBERED.match("".join(chars))
    italic = list(glyphs.italic)
    italic[: number.end() if number else 0] = [False] * (number.end() if number else 0)
    text = _emphasised(chars, italic).rstrip()
    hyphen = text.endswith(_LINE_END_HYPHEN)
    text = text.replace(_LINE_END_HYPHEN, "-")
    inked = [b for c, b in zip(glyphs.chars, glyphs.boxes, strict=True) if not c.isspace()]
    boxes = inked or glyphs.boxes
    return _Line(
        text=text, page=page, left=min(b[0] for b in boxes), right=max(b[2] for b in boxes),
        top=max(b[3] for b in boxes), bottom=baseline, size=size, hyphen=hyphen,
    )  # fmt: skip


def _emphasised(chars: list[str], italic: list[bool]) -> str:
    """The characters with each italic stretch between single stars, as the text
    importer reads the operative verbs' italics (the text's own stars escaped)."""
    out = ""
    inside = False
    for char, slanted in zip(chars, italic, strict=True):
        if slanted != inside and not char.isspace():
            text = out.rstrip() if inside else out  # a stretch closes before its spaces
            out = text + "*" + out[len(text) :]
            inside = slanted
        out += "\\*" if char == "*" else char
    if inside:
        text = out.rstrip()
        out = text + "*" + out[len(text) :]
    return out


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.split()))


def _without_furniture(pages: list[list[_Line]], report: PdfReport) -> list[list[_Line]]:
    """The pages without running headers, footers and page numbers: the first and last
    two lines of a page that, digits aside, repeat at the top or foot of other pages."""
    edges: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        seen = {("top", _furniture_key(line)) for line in lines[:2]}
        seen |= {("foot", _furniture_key(line)) for line in lines[-2:]}
        edges.update(seen)
    repeated = max(2, len(pages) // 3)
    kept = []
    for lines in pages:
        drop = set()
        for index, line in enumerate(lines):
            at_top, at_foot = index < 2, index >= len(lines) - 2
            if not (at_top or at_foot):
                continue
            key = _furniture_key(line)
            if (
                (at_top and edges["top", key] >= repeated)
                or (at_foot and edges["foot", key] >= repeated)
                or _PAGE_NUMBER.match(line.text.strip())
            ):
                drop.add(index)
        report.furniture += len(drop)
        kept.append([line for index, line in enumerate(lines) if index not in drop])
    return kept


def _body_size(pages: list[list[_Line]]) -> float:
    """The body text's type size: the size most of the text is printed in."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _split_foot(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """A page's body lines and its footnote lines: the smaller type at the page's foot (its
    first line a note's number, or a note running on from the page before)."""
    start = len(lines)
    while start > 0 and lines[start - 1].size < 0.92 * body_size:
        start -= 1
    return lines[:start], lines[start:]


def _title(body: list[_Line], body_size: float, report: PdfReport) -> tuple[str, list[_Line]]:
    """The title (the first lines in larger type, on the first page) and the lines after
    it; the cover before it is left out."""
    first = [i for i, line in enumerate(body) if line.page == body[0].page] if body else []
    large = [i for i in first if body[i].size > 1.15 * body_size]
    if not large:
        return "", body
    start = end = large[0]
    while end + 1 < len(body) and body[end + 1].size > 1.15 * body_size:
        end += 1
    report.cover += start
    title = _joined("", body[start], body)
    for line in body[start + 1 : end + 1]:
        title = _joined(title, line, body)
    return title, body[end + 1 :]


def _paragraphs(lines: list[_Line], body_size: float) -> list[str]:
    """The lines joined into paragraphs."""
    steps = [
        a.bottom - b.bottom for a, b in pairwise(lines) if a.page == b.page and a.bottom > b.bottom
    ]
    pitch = statistics.median(steps) if steps else 1.2 * body_size
    right = max((line.right for line in lines), default=0.0)
    paragraphs: list[str] = []
    for index, line in enumerate(lines):
        if index == 0:
            paragraphs.append(line.text)
            continue
        before = lines[index - 1]
        if before.page == line.page:
            new = before.bottom - line.bottom > pitch + 0.3 * body_size
        else:  # a page break: the paragraph runs on unless it visibly ended
            short = before.right < right - 4 * body_size
            new = short and before.text.rstrip().endswith((".", ";", ":", ","))
        if _NUMBERED.match(line.text) and line.left <= before.left + 1:
            new = True
        if new:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _joined(paragraphs[-1], line, lines, before)
    return paragraphs


def _joined(text: str, line: _Line, lines: list[_Line], before: _Line | None = None) -> str:
    """`text` with `line` added: a space between, or nothing after a line-end hyphen
    (kept for now, decided by `_dehyphenated` once the whole document is read)."""
    if not text:
        return line.text
    if before is not None and before.hyphen:
        return text + "\u2010" + line.text.lstrip()  # a marked hyphen, decided later
    return text.rstrip() + " " + line.text.lstrip()


def _one_line(text: str) -> str:
    """A paragraph on one line, italic stretches side by side (across lines) as one."""
    return " ".join(re.sub(r"\*(\s*)\*", r"\1", text).split())


def _vocabulary(paragraphs: list[str]) -> set[str]:
    words: set[str] = set()
    for paragraph in paragraphs:
        words.update(w.lower() for w in re.findall(r"\w+(?:-\w+)*", paragraph))
    return words


def _dehyphenated(text: str, words: set[str]) -> str:
    """Each hyphen found at a line's end kept where the document writes the word with a
    hyphen (or never whole), dropped where it writes the word whole."""
    if "\u2010" not in text:
        return text
    pieces = text.split("\u2010")
    out = pieces[0].removesuffix("-")
    for piece in pieces[1:]:
        before = _WORD_BEFORE.search(out)
        after = _WORD_AFTER.search(piece)
        whole = (before.group(1) if before else "") + (after.group(1) if after else "")
        hyphenated = f"{before.group(1) if before else ''}-{after.group(1) if after else ''}"
        if whole.lower() in words and hyphenated.lower() not in words:
            out += piece
        else:
            out += "-" + piece
    return out
