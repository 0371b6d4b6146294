"""Word files made the way users make them, for the tests of Word in, compile and the
room's import: a zero draft written part by part as Word lays one out (numbering,
footnotes, a table, tracked changes), a file saved again by LibreOffice, a delegation's
return with tracked changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"""
# one list: level 0 decimal "1.", level 1 "(a)"; the list instance starts at 5
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> General Assembly resolution S-30/1, annex.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _numbered(text: str, level: int = 0) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"{text}</w:p>"
    )


def _run(text: str, italic: bool = False) -> str:
    props = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


ZERO_DRAFT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:r><w:t>United Nations</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{_run("Draft statement on drug policy")}</w:p>
<w:p>{_run("Recalling the outcome of the special session,")}<w:r><w:footnoteReference w:id="7"/></w:r></w:p>
{_numbered(_run("Reaffirm", True) + _run(" our commitment to the three conventions;"))}
{_numbered(_run("Decide", True) + _run(" to strengthen cooperation, including:"))}
{_numbered(_run("by sharing information;"), level=1)}
{_numbered(_run("by joint training;"), level=1)}
<w:tbl><w:tr><w:tc><w:p>{_run("a table cell")}</w:p></w:tc></w:tr></w:tbl>
{_numbered(_run("Encourage", True) + _run(" Member States to ") + '<w:del w:id="1" w:author="Maria Rossi"><w:r><w:delText xml:space="preserve">further </w:delText></w:r></w:del>' + '<w:ins w:id="2" w:author="EU"><w:r><w:t xml:space="preserve">actively </w:t></w:r></w:ins>' + _run("promote prevention;"))}
</w:body></w:document>"""


def make_docx(path: Path, document: str = ZERO_DRAFT) -> Path:
    """A .docx written part by part, as Word lays one out (numbering, footnotes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        package.writestr("word/document.xml", document)
        package.writestr("word/numbering.xml", NUMBERING)
        package.writestr("word/footnotes.xml", FOOTNOTES)
    return path


def resaved_by_libreoffice(source: Path, folder: Path) -> Path:
    """`source` opened and saved again as .docx by LibreOffice, as a user's Word file is."""
    if shutil.which("soffice") is None:
        if os.environ.get("DRAFTROOM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("soffice is required here (DRAFTROOM_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("soffice is not installed")
    out = folder / "libreoffice"
    out.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out / source.name


OP27 = "the emerging challenge of polydrug"


def _revision(kind: str, author: str, text: str, n: int) -> str:
    tag = "delText" if kind == "del" else "t"
    return (
        f'<w:{kind} w:id="{n}" w:author="{author}" w:date="2026-12-01T10:00:00Z"><w:r>'
        f'<w:{tag} xml:space="preserve">{text}</w:{tag}></w:r></w:{kind}>'
    )


def make_return(circulated: Path, target: Path, edits: list[tuple[str, str, str]]) -> Path:
    """The circulated docx with tracked changes: each edit replaces the words `old` after
    the opening of the statement's OP27 by `new`, recorded under `author`; an `old` of "+" adds a paragraph
    after OP27."""
    with zipfile.ZipFile(circulated) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    for n, (author, old, new) in enumerate(edits, start=100):
        if old == "+":
            end = xml.index("</w:p>", xml.index(OP27)) + len("</w:p>")
            added = (
                f'<w:p><w:pPr><w:rPr><w:ins w:id="{n + 50}" w:author="{author}" '
                f'w:date="2026-12-01T10:00:00Z"/></w:rPr></w:pPr>{_revision("ins", author, new, n)}</w:p>'
            )
            xml = xml[:end] + added + xml[end:]
            continue
        cut = (
            '</w:t></w:r>' + _revision("del", author, old, n) + _revision("ins", author, new, n + 20)
            + '<w:r><w:t xml:space="preserve">'
        )  # fmt: skip
        at = xml.index(OP27)
        xml = xml[:at] + xml[at:].replace(old, cut, 1)
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target
