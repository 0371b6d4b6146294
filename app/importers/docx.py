"""Word in: a .docx as circulated, read into the layout the txt export writes, which the UN
text importer then reads (so a Word file and its text make the same draft).

What is read, from the package's XML (zipfile and lxml: python-docx has no API for
numbering, footnotes or revisions):
- the body's paragraphs in order; the cover before the title (a masthead, the
  distribution lines) and the running headers and footers are page furniture, left out;
- paragraph numbers from Word's numbering (`numbering.xml`: lists, levels, `w:start`,
  `w:startOverride`, deeper levels restarting, decimal, letters and roman numerals,
  `lvlText` such as `(%2)`), the numbering of a paragraph's style included, or typed;
- italic runs (the operative verbs), superscript digits, footnote references numbered in
  the order they are cited, each footnote's text;
- tracked changes: the text *before* them (deletions kept, insertions left out), counted
  by author for the report;
- tables and text boxes are left out and reported by the paragraph they follow.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from app.core.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx, or a .doc
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TITLE_STYLE = re.compile(r"title", re.IGNORECASE)


#: How the note on the tracked changes an import left out says so (a front door adds how
#: to record them: `compile`).
LEFT_OUT = "tracked changes left out"


def looks_like_word(data: bytes) -> bool:
    """Whether `data` is a Word file (a .docx, or an encrypted one) rather than a text."""
    return data.startswith((_ZIP, _OLE))


@dataclass(slots=True)
class WordReport:
    """What reading a Word file left out, for the person importing it."""

    revisions: Counter[str] = field(default_factory=Counter)
    """Tracked changes left out (the text before them is imported), by author."""
    left_out: list[str] = field(default_factory=list)
    """Tables and text boxes, each named by the paragraph it follows."""

    def notes(self) -> list[str]:
        said = list(self.left_out)
        if self.revisions:
            by = ", ".join(f"{author} ({n})" for author, n in self.revisions.most_common())
            said.append(
                f"{sum(self.revisions.values())} {LEFT_OUT}, by {by}: the text as circulated "
                "was imported"
            )
        return said


def word_as_text(data: bytes, source: str, report: WordReport) -> str:
    """The Word file's text in the txt export's layout (title, paragraphs, footnotes)."""
    if data.startswith(_OLE):
        raise InputError(
            "is a password-protected Word document, or an old .doc: neither can be read",
            path=source, hint="save it as .docx without a password (File > Save As), then import it",
        )  # fmt: skip
    try:
        package = zipfile.ZipFile(BytesIO(data))
        document = _xml(package, "word/document.xml", source, required=True)
        numbering = Numbering(_xml(package, "word/numbering.xml", source))
        styles = _Styles(_xml(package, "word/styles.xml", source))
        notes = _footnotes(_xml(package, "word/footnotes.xml", source))
    except zipfile.BadZipFile:
        raise InputError(
            "is not a Word document: a damaged or cut-short file, or not a .docx at all",
            path=source, hint="open it in Word or LibreOffice and save it again as .docx",
        ) from None  # fmt: skip
    assert document is not None
    body = document.find(f"{_W}body")
    blocks: list[tuple[str, str]] = []  # (style name, text), in order
    cited: dict[str, int] = {}
    for element in body.iterchildren() if body is not None else ():
        if element.tag == f"{_W}p":
            style, text = _paragraph(element, styles, numbering, cited, report)
            if text.strip():
                blocks.append((style, text))
        elif element.tag == f"{_W}tbl":
            after = blocks[-1][1][:40] if blocks else "the start"
            report.left_out.append(f"{source}: a table after “{after}…” was left out")
    titles = [i for i, (style, _) in enumerate(blocks) if _TITLE_STYLE.search(style)]
    if titles:  # the cover before the title (masthead, distribution) is page furniture
        blocks = blocks[titles[0] :]
    lines = [" ".join(text.split()) for _, text in blocks]
    out = "\n\n".join(lines) + "\n"
    if cited:
        rows = [f"{n}".translate(_SUPERSCRIPT) + " " + notes.get(i, "") for i, n in cited.items()]
        out += "\n__________\n\n" + "\n".join(rows) + "\n"
    return out


def _xml(
    package: zipfile.ZipFile, name: str, source: str, required: bool = False
) -> etree._Element | None:
    try:
        raw = package.read(name)
    except KeyError:
        if required:
            raise InputError(
                f"is a zip archive without {name}: not a Word document", path=source,
                hint="import the .docx Word or LibreOffice saved",
            ) from None  # fmt: skip
        return None
    try:
        return etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        raise InputError(f"has a damaged {name}: {error}", path=source) from None


class _Styles:
    """Paragraph styles: each one's name and the numbering it brings, by id."""

    def __init__(self, root: etree._Element | None) -> None:
        self.names: dict[str, str] = {}
        self.numbering: dict[str, tuple[str, int]] = {}
        for style in root.iter(f"{_W}style") if root is not None else ():
            sid = style.get(f"{_W}styleId", "")
            name = style.find(f"{_W}name")
            self.names[sid] = name.get(f"{_W}val", sid) if name is not None else sid
            num = style.find(f"{_W}pPr/{_W}numPr")
            if num is not None:
                self.numbering[sid] = _num_pr(num)


def _num_pr(num_pr: etree._Element) -> tuple[str, int]:
    num_id = num_pr.find(f"{_W}numId")
    level = num_pr.find(f"{_W}ilvl")
    return (
        num_id.get(f"{_W}val", "0") if num_id is not None else "0",
        int(level.get(f"{_W}val", "0")) if level is not None else 0,
    )


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class Numbering:
    """Word's lists: paragraphs of one abstract list count on together, across headings and
    other paragraphs and across the list instances (`w:num`) that share it, as Word counts
    them; an instance's `w:startOverride` restarts a level where it is first used; a level
    counted resets the deeper ones."""

    def __init__(self, root: etree._Element | None) -> None:
        abstract: dict[str, dict[int, _Level]] = {}
        self.levels: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, str] = {}  # list instance -> its abstract list
        self.restarts: dict[str, dict[int, int]] = {}  # list instance -> level -> start
        self.counters: dict[str, dict[int, int]] = {}  # abstract list -> level -> count
        for node in root.iter(f"{_W}abstractNum") if root is not None else ():
            abstract[node.get(f"{_W}abstractNumId", "")] = {
                int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in node.iter(f"{_W}lvl")
            }
        for node in root.iter(f"{_W}num") if root is not None else ():
            num_id = node.get(f"{_W}numId", "")
            ref = node.find(f"{_W}abstractNumId")
            self.lists[num_id] = ref.get(f"{_W}val", "") if ref is not None else ""
            self.levels[num_id] = dict(abstract.get(self.lists[num_id], {}))
            for override in node.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    at = int(override.get(f"{_W}ilvl", "0"))
                    self.restarts.setdefault(num_id, {})[at] = int(start.get(f"{_W}val", "1"))

    def label(self, num_id: str, level: int) -> str:
        """The next number of list `num_id` at `level`, as printed ("1.", "(a)"); empty
        for no list, a bullet, or a level the list does not define."""
        levels = self.levels.get(num_id)
        if not levels or level not in levels or levels[level].fmt in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(self.lists.get(num_id, num_id), {})
        restart = self.restarts.get(num_id, {}).pop(level, None)  # on its first use only
        if restart is not None:
            counts[level] = restart - 1
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        text = levels[level].text

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            spec = levels.get(at, _Level())
            return _format(counts.get(at, spec.start), spec.fmt)

        return re.sub(r"%(\d)", number, text)


def _level(node: etree._Element) -> _Level:
    def val(tag: str, default: str) -> str:
        found = node.find(f"{_W}{tag}")
        return found.get(f"{_W}val", default) if found is not None else default

    return _Level(int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", "%1."))


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
        roman = ""
        for value, letters in numerals:
            while n >= value:
                roman, n = roman + letters, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _footnotes(root: etree._Element | None) -> dict[str, str]:
    """Each footnote's text by id (the separators Word keeps as footnotes left out)."""
    found: dict[str, str] = {}
    for note in root.iter(f"{_W}footnote") if root is not None else ():
        if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
            continue
        texts = [_runs_text(p, {}, Counter(), None) for p in note.iter(f"{_W}p")]
        found[note.get(f"{_W}id", "")] = " ".join(" ".join(texts).split())
    return found


def _paragraph(
    p: etree._Element, styles: _Styles, numbering: Numbering, cited: dict[str, int],
    report: WordReport, view: str | None = None,
) -> tuple[str, str]:  # fmt: skip
    """A body paragraph's style name and its text: its list number, its runs (italics as
    `*…*`, footnote marks as superscript digits), the text before any tracked change."""
    style_id = ""
    found = p.find(f"{_W}pPr/{_W}pStyle")
    if found is not None:
        style_id = found.get(f"{_W}val", "")
    num_pr = p.find(f"{_W}pPr/{_W}numPr")
    num_id, level = (
        _num_pr(num_pr) if num_pr is not None else styles.numbering.get(style_id, ("0", 0))
    )
    label = numbering.label(num_id, level) if num_id != "0" else ""
    if p.find(f".//{_W}txbxContent") is not None:
        report.left_out.append("a text box was left out")
    text = _runs_text(p, cited, report.revisions, p, view)
    return styles.names.get(style_id, style_id), f"{label} {text}" if label else text


def _runs_text(
    node: etree._Element, cited: dict[str, int], revisions: Counter[str],
    paragraph: etree._Element | None, view: str | None = None,
) -> str:  # fmt: skip
    """The text of the runs under `node` before any tracked change (`view` None), or with
    the changes of the author `view` made and everyone else's not."""
    out: list[str] = []
    for element in node.iter(f"{_W}r", f"{_W}ins", f"{_W}del", f"{_W}moveTo", f"{_W}moveFrom"):
        tag = etree.QName(element).localname
        if tag != "r":
            if (
                element.getparent() is not None
                and etree.QName(element.getparent()).localname != "rPr"
            ):
                revisions[element.get(f"{_W}author", "someone")] += 1
            continue
        if not _shown(element, view):
            continue
        props = element.find(f"{_W}rPr")
        italic = _on(props, "i")
        superscript = (
            props is not None
            and props.find(f"{_W}vertAlign") is not None
            and (props.find(f"{_W}vertAlign").get(f"{_W}val") == "superscript")
        )
        pieces: list[str] = []
        for child in element:
            name = etree.QName(child).localname
            if name in ("t", "delText"):
                pieces.append((child.text or "").replace("*", "\\*"))
            elif name in ("tab", "br", "cr"):
                pieces.append(" ")
            elif name == "noBreakHyphen":
                pieces.append("-")
            elif name == "footnoteReference":
                number = cited.setdefault(child.get(f"{_W}id", ""), len(cited) + 1)
                pieces.append(str(number).translate(_SUPERSCRIPT))
        piece = "".join(pieces)
        if superscript and piece.strip().isdigit():
            piece = piece.strip().translate(_SUPERSCRIPT)
        if italic and piece.strip():
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            piece = f"{lead}*{piece.strip()}*{trail}"
        out.append(piece)
    return re.sub(r"\*(\s*)\*", r"\1", "".join(out))  # italic runs side by side: one


def _shown(run: etree._Element, view: str | None) -> bool:
    """Whether a run is in the text of `view` (see :func:`_runs_text`); never a text box."""
    for ancestor in run.iterancestors():
        name = etree.QName(ancestor).localname
        if name == "txbxContent":
            return False
        if name in ("ins", "moveTo"):
            return view is not None and ancestor.get(f"{_W}author") == view
        if name in ("del", "moveFrom"):
            return view is None or ancestor.get(f"{_W}author") != view
    return True


def _on(props: etree._Element | None, tag: str) -> bool:
    if props is None:
        return False
    found = props.find(f"{_W}{tag}")
    return found is not None and found.get(f"{_W}val", "true") not in ("0", "false", "off")


@dataclass(slots=True)
class WordParagraph:
    """A body paragraph of a return: its text as circulated and as each author would have
    it (their tracked changes made), typed numbers and italics marks left out."""

    before: str
    by_author: dict[str, str]
    comments: list[tuple[str, str]] = field(default_factory=list)
    """The comments anchored in it: (author, text)."""


def word_paragraphs(data: bytes, source: str) -> list[WordParagraph]:
    """The body paragraphs of a Word file, each as circulated and as each author of its
    tracked changes would have it (for `compile`)."""
    word_as_text(data, source, WordReport())  # a file that cannot be read: its refusal
    package = zipfile.ZipFile(BytesIO(data))
    document = _xml(package, "word/document.xml", source, required=True)
    assert document is not None
    styles = _Styles(_xml(package, "word/styles.xml", source))
    body = document.find(f"{_W}body")
    elements = [e for e in (body if body is not None else ()) if e.tag == f"{_W}p"]
    authors = sorted(
        {
            e.get(f"{_W}author", "someone")
            for e in document.iter(f"{_W}ins", f"{_W}del", f"{_W}moveTo", f"{_W}moveFrom")
            if etree.QName(e.getparent()).localname != "rPr"
        }
    )
    report = WordReport()
    comments = _comments(_xml(package, "word/comments.xml", source))
    cited: dict[str, int] = {}  # footnotes numbered by first citation, as circulated
    found: list[WordParagraph] = []
    for p in elements:
        unnumbered = Numbering(None)  # paragraphs are paired by their words, not numbers
        views = {
            view: _words(_paragraph(p, styles, unnumbered, cited, report, view)[1])
            for view in (None, *authors)
        }
        anchored = [
            comments[ref.get(f"{_W}id", "")]
            for ref in p.iter(f"{_W}commentReference")
            if ref.get(f"{_W}id", "") in comments
        ]
        found.append(
            WordParagraph(views.pop(None), {a: t for a, t in views.items() if a}, anchored)
        )
    return found


_LABEL = re.compile(r"^(?:\d+(?: [a-z]+)?\.|\([a-z]{1,4}\))\s+")


def _words(raw: str) -> str:
    """A paragraph's words as a draft holds them: no typed number, no italics marks (a
    star of the text's own, escaped, stays)."""
    text = " ".join(raw.replace("\\*", "\x00").replace("*", "").replace("\x00", "*").split())
    return _LABEL.sub("", text)


def word_identifier(data: bytes) -> str:
    """The document's identifier (`dc:identifier` of its core properties: Draftroom's DOCX
    export writes the draft and revision there, "cnd-2014-jms/rev.1"), or empty."""
    try:
        raw = zipfile.ZipFile(BytesIO(data)).read("docProps/core.xml")
        root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False))
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ""
    found = root.find("{http://purl.org/dc/elements/1.1/}identifier")
    return (found.text or "").strip() if found is not None else ""


def _comments(root: etree._Element | None) -> dict[str, tuple[str, str]]:
    """Each comment's author and text, by id."""
    found: dict[str, tuple[str, str]] = {}
    for comment in root.iter(f"{_W}comment") if root is not None else ():
        text = " ".join(
            " ".join(_runs_text(p, {}, Counter(), None).split()) for p in comment.iter(f"{_W}p")
        )
        found[comment.get(f"{_W}id", "")] = (comment.get(f"{_W}author", "someone"), text)
    return found
