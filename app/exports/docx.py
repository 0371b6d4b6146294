"""DOCX exports, laid out like the UN's own documents, with real footnotes and, for tracked
exports, real Word revisions that Word and LibreOffice accept or reject.

python-docx gives the package, the styles and the settings; it has no API for footnotes
or revisions, so the body and the footnotes part are written as WordprocessingML through
its oxml layer: each tracked change is a ``w:ins``/``w:del`` with ``w:author`` (the
delegation) and ``w:date``, deleted words in ``w:delText``. A whole paragraph inserted also
marks the paragraph mark *before* it as inserted (and a whole paragraph deleted, the mark
before it as deleted): that is how Word records it, and what LibreOffice needs to give the
base text back on "reject all" without joining two paragraphs.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from app.core.tracking import Author
from app.exports.layout import Block, Run, Sheet, changes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{W}"'
_FONT = "Times New Roman"
#: Text width on A4 with the margins below, for the right-aligned tab of the masthead.
_TEXT_WIDTH = Cm(21.0 - 2.2 - 2.2)


class _Writer:
    """Body and footnotes as WordprocessingML text; revision ids numbered in one series."""

    def __init__(self) -> None:
        self.next_id = 1
        self.footnotes: list[str] = []

    def revision(self, change: str, author: Author | None, inner: str) -> str:
        tag = "w:ins" if change == "insert" else "w:del"
        name = author.name if author else "Secretariat"
        date = author.at if author and author.at else ""
        attrs = f'w:id="{self.next_id}" w:author={quoteattr(name)}'
        if date:
            attrs += f' w:date="{escape(date)}"'
        self.next_id += 1
        return f"<{tag} {attrs}>{inner}</{tag}>"

    def mark(self, change: str, author: Author | None) -> str:
        """A paragraph mark's own revision: `<w:ins .../>` inside the paragraph's w:rPr."""
        return (
            self.revision(change, author, "").replace("></w:ins>", "/>").replace("></w:del>", "/>")
        )

    def text_run(self, run: Run, deleted: bool) -> str:
        props = []
        if run.bold:
            props.append("<w:b/>")
        if run.italic:
            props.append("<w:i/>")
        if run.strike:
            props.append("<w:strike/>")
        if run.footnote is not None:
            number = len(self.footnotes) + 1
            self.footnotes.append(self._footnote(number, run))
            return (
                '<w:r><w:rPr><w:rStyle w:val="UNFootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>'
            )
        if run.superscript:
            props.append('<w:vertAlign w:val="superscript"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        tag = "w:delText" if deleted else "w:t"
        parts = run.text.split("\t")
        body = "<w:tab/>".join(
            f'<{tag} xml:space="preserve">{escape(part)}</{tag}>' for part in parts
        )
        return f"<w:r>{rpr}{body}</w:r>"

    def _footnote(self, number: int, run: Run) -> str:
        note = run.footnote
        assert note is not None
        return (
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="UNFootnoteText"/>'
            '</w:pPr><w:r><w:rPr><w:rStyle w:val="UNFootnoteReference"/></w:rPr>'
            "<w:footnoteRef/></w:r><w:r><w:tab/>"
            f'<w:t xml:space="preserve">{escape(note.text)}</w:t></w:r></w:p></w:footnote>'
        )

    def runs(self, runs: list[Run]) -> str:
        out = []
        for change, author, group in changes(runs):
            inner = "".join(self.text_run(r, change == "delete") for r in group)
            out.append(self.revision(change, author, inner) if change else inner)
        return "".join(out)


def _paragraph(writer: _Writer, block: Block, mark: str = "") -> str:
    """One w:p; `mark` is a revision of its paragraph mark (`<w:ins .../>`)."""
    if block.role == "title":
        style = "UNTitle"
    elif block.role == "heading":
        style = "UNHeading1" if block.level <= 2 else "UNHeading2"
    elif block.number:
        style = "UNParagraph"
    else:
        style = "UNPreamble"
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/>'
    if mark:
        ppr += f"<w:rPr>{mark}</w:rPr>"
    ppr += "</w:pPr>"
    runs = list(block.runs)
    if block.number:  # (a block has an author only with a change)
        runs.insert(0, Run(f"{block.number}\t", change=block.change, author=block.author))
    return f"<w:p>{ppr}{writer.runs(runs)}</w:p>"


def _masthead(sheet: Sheet) -> list[str]:
    def p(style: str, text: str, bold: bool = False, extra: str = "") -> str:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{extra}'
            f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        )

    top = (
        '<w:p><w:pPr><w:pStyle w:val="UNMasthead"/></w:pPr>'
        "<w:r><w:t>United Nations</w:t></w:r><w:r><w:tab/></w:r>"
        '<w:r><w:rPr><w:b/><w:sz w:val="40"/></w:rPr>'
        f"<w:t>{escape(sheet.symbol)}</w:t></w:r></w:p>"
    )
    lines = [top, p("UNOrgans", sheet.organs, bold=True)]
    lines += [
        p("UNDistr", f"Distr.: {sheet.distribution or 'Limited'}"),
        p("UNDistr", sheet.date),
        p("UNDistr", ""),
        p("UNDistr", f"Original: {sheet.original or 'English'}"),
        p("UNDistrLast", sheet.edition_line),
    ]
    return lines


def _body(sheet: Sheet, writer: _Writer) -> list[str]:
    paragraphs = _masthead(sheet)
    blocks = sheet.blocks
    # a whole paragraph inserted or deleted: the mark before it carries the revision
    marks: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if block.change and index > 0:
            marks[index - 1] = writer.mark(block.change, block.author)
    for index, block in enumerate(blocks):
        paragraphs.append(_paragraph(writer, block, marks.get(index, "")))
    return paragraphs


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(attr), _FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(12)

    def add(name: str, size: float = 10, bold: bool = False, outline: int | None = None,
            left: float = 0, first: float = 0, right: float = 0, after: float = 0,
            before: float = 0, align: WD_ALIGN_PARAGRAPH | None = None) -> None:  # fmt: skip
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        if size > 10:
            style.paragraph_format.line_spacing = Pt(size + 3)
        fmt = style.paragraph_format
        fmt.left_indent, fmt.first_line_indent, fmt.right_indent = Cm(left), Cm(first), Cm(right)
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
        if align is not None:
            fmt.alignment = align
        if outline is not None:
            ppr = style.element.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:outlineLvl {_NS} w:val="{outline}"/>'))

    add("UNMasthead", size=10)
    add("UNOrgans", size=14, after=2)
    add("UNDistr", size=10, left=12.5)
    add("UNDistrLast", size=10, left=12.5, after=24)
    add("UNTitle", size=14, bold=True, outline=0, left=1.27, right=1.27, before=6, after=12)
    add("UNHeading1", bold=True, outline=1, left=1.27, first=-0.63, right=1.27, before=6,
        after=6)  # fmt: skip
    add("UNHeading2", bold=True, outline=2, left=1.27, right=1.27, before=4, after=6)
    justified = WD_ALIGN_PARAGRAPH.JUSTIFY
    add("UNParagraph", left=1.9, first=-0.63, right=1.27, after=6, align=justified)
    add("UNPreamble", left=1.27, first=0.63, right=1.27, after=6, align=justified)
    add("UNFootnoteText", size=8, left=1.9, first=-0.63, right=1.27)
    styles["UNDistrLast"].element.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {_NS}><w:bottom w:val="single" w:sz="4" w:space="4" w:color="auto"/></w:pBdr>'
        )
    )
    masthead = styles["UNMasthead"].element.get_or_add_pPr()
    masthead.append(
        parse_xml(
            f'<w:pBdr {_NS}><w:bottom w:val="single" w:sz="12" w:space="1" w:color="auto"/></w:pBdr>'
        )
    )
    masthead.append(
        parse_xml(f'<w:tabs {_NS}><w:tab w:val="right" w:pos="{_TEXT_WIDTH.twips}"/></w:tabs>')
    )
    for name in ("UNParagraph", "UNHeading1", "UNFootnoteText"):
        styles[name].element.get_or_add_pPr().append(
            parse_xml(f'<w:tabs {_NS}><w:tab w:val="left" w:pos="{Cm(1.9).twips}"/></w:tabs>')
        )
    reference = styles.add_style("UNFootnoteReference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True


def _footnotes_part(document: docx.document.Document, notes: list[str]) -> None:
    """/word/footnotes.xml, with the separators Word expects, related to the body."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {_NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:footnote>{''.join(notes)}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(),
        document.part.package,
    )  # fmt: skip
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    _setting(
        document,
        f'<w:footnotePr {_NS}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>',
        before="w:compat",
    )


def _setting(document: docx.document.Document, xml: str, before: str) -> None:
    """A w:settings child where the schema's order wants it (Word is strict about it)."""
    settings = document.settings.element
    anchor = settings.find(qn(before))
    if anchor is None:
        settings.append(parse_xml(xml))
    else:
        anchor.addprevious(parse_xml(xml))


def render(sheet: Sheet) -> bytes:
    """The sheet as a .docx file's bytes."""
    document = docx.Document()
    _styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    writer = _Writer()
    body_xml = "".join(_body(sheet, writer))
    fragment = parse_xml(f"<w:body {_NS}>{body_xml}</w:body>")
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for paragraph in list(fragment):
        sect.addprevious(paragraph)
    if writer.footnotes:
        _footnotes_part(document, writer.footnotes)
    if sheet.mode == "tracked":
        _setting(document, f"<w:trackRevisions {_NS}/>", before="w:defaultTabStop")
    core = document.core_properties
    core.title = sheet.title[:250]
    core.author = "Draftroom"
    core.subject = sheet.edition_line
    core.identifier = (
        sheet.symbol
    )  # the draft and revision: `compile` knows what a return was made against
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
