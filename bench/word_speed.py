"""How fast Word comes in: a long .docx imported, and returns of the statement compiled.

Budgets (DESIGN.md, section 5, and issue 16): a 100-page .docx imports in under 1 s, a
100-page PDF in under 3 s; 20 returns of the statement compile in under 5 s. Baselines in
the same run: python-docx opening the same .docx (reading its package and parsing its XML,
nothing more), and LibreOffice printing that .docx to the PDF then imported.

    .venv/bin/python bench/word_speed.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
from _timing import best  # beside this script

from app.core.room import Room
from app.exports.export import render
from app.importers.importing import import_file
from app.importers.returns import compile_return
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "drafts" / "cnd-2014-jms"
COPIES = 5  # the statement is about 20 pages: five copies, about 100


def long_docx(folder: Path, copies: int = COPIES) -> Path:
    """The statement's clean DOCX with its body repeated `copies` times."""
    one = render(load_draft(DRAFT), "clean", "docx")
    source = folder / "one.docx"
    source.write_bytes(one)
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.rindex("<w:sectPr")
    parts["word/document.xml"] = (xml[:start] + xml[start:end] * copies + xml[end:]).encode()
    target = folder / f"long{copies}.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


def returns(folder: Path, count: int) -> list[bytes]:
    """`count` returns of the statement, each changing one word of OP27 under its author."""
    circulated = render(load_draft(DRAFT), "clean", "docx")
    with (
        zipfile.ZipFile(folder / "c.docx", "w") as out,
        zipfile.ZipFile(io.BytesIO(circulated)) as package,
    ):
        parts = {name: package.read(name) for name in package.namelist()}
        for name, data in parts.items():
            out.writestr(name, data)
    made = []
    names = ["EU", "Mexico", "Japan", "Norway", "Brazil", "India", "China", "Egypt", "Kenya",
             "Peru", "Chile", "Ghana", "Iran", "Iraq", "Italy", "Spain", "Sweden", "Togo",
             "Nepal", "Cuba"]  # fmt: skip
    xml = parts["word/document.xml"].decode()
    for n in range(count):
        edit = (
            f'</w:t></w:r><w:del w:id="{n}" w:author="{names[n]}"><w:r><w:delText>abuse'
            f'</w:delText></w:r></w:del><w:ins w:id="{n + 100}" w:author="{names[n]}"><w:r>'
            f'<w:t>use{n}</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">'
        )
        at = xml.index("polydrug abuse")
        changed = xml[:at] + xml[at:].replace("abuse", edit, 1)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, changed.encode() if name == "word/document.xml" else data)
        made.append(buffer.getvalue())
    return made


def printed(path: Path, folder: Path) -> tuple[Path, float] | None:
    """`path` printed to PDF by LibreOffice, and how long that took (None: no soffice)."""
    if shutil.which("soffice") is None:
        return None
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, str(path)], check=True, capture_output=True)  # warm the profile
    start = time.perf_counter()
    subprocess.run([*command, str(path)], check=True, capture_output=True)
    return path.with_suffix(".pdf"), time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = long_docx(folder)
        baseline = best(lambda: docx.Document(str(path)), 5)
        imported = best(lambda: import_file(path, name="long"), 5)
        paragraphs = len(import_file(path, name="long").paragraphs)
        made = returns(folder, 20)

        def compile_all() -> None:
            shutil.copytree(DRAFT, folder / "d", dirs_exist_ok=True)
            room = Room(load_draft(folder / "d"))
            for n, data in enumerate(made):
                compile_return(room, data, f"return{n}.docx")

        compiled = best(compile_all, 3)
        pdf = printed(long_docx(folder, 2 * COPIES), folder)  # LibreOffice prints ~10 pages a copy
        if pdf is not None:
            pdf_path, libreoffice = pdf
            pages = len(pdfium.PdfDocument(pdf_path))
            pdf_import = best(lambda: import_file(pdf_path, name="long"), 3)
    print("| measure | time | x python-docx opening the file | budget |")
    print("|---|---:|---:|---:|")
    print(
        f"| python-docx opens the {COPIES * 20}-page file (baseline) | {baseline * 1000:.0f} ms | 1.0x | |"
    )
    print(
        f"| import the {COPIES * 20}-page .docx ({paragraphs:,} paragraphs) | {imported * 1000:.0f} ms | {imported / baseline:.1f}x | 1 s {'✓' if imported < 1 else '✗'} |"
    )
    print(
        f"| compile 20 returns of the statement | {compiled * 1000:.0f} ms | {compiled / baseline:.1f}x | 5 s {'✓' if compiled < 5 else '✗'} |"
    )
    if pdf is None:
        print("| import the PDF | not measured: LibreOffice (soffice) is not installed | | |")
        return 0 if imported < 1 and compiled < 5 else 1
    print(
        f"| LibreOffice prints it to PDF ({pages} pages; baseline) | {libreoffice * 1000:.0f} ms | {libreoffice / baseline:.1f}x | |"
    )
    print(
        f"| import the {pages}-page PDF | {pdf_import * 1000:.0f} ms | {pdf_import / baseline:.1f}x ({pdf_import / libreoffice:.2f}x LibreOffice) | 3 s {'✓' if pdf_import < 3 else '✗'} |"
    )
    return 0 if imported < 1 and compiled < 5 and pdf_import < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
