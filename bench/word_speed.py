"""How fast Word comes in: a long .docx imported, and returns of the statement compiled.

Budgets (DESIGN.md, section 5): a 100-page .docx imports in under 1 s; 20 returns of the
statement compile in under 5 s. Baseline in the same run: python-docx opening the same
file (reading its package and parsing its XML, nothing more).

    .venv/bin/python bench/word_speed.py
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
from _timing import best  # beside this script

from app.core.room import Room
from app.exports.export import render
from app.importers.importing import import_file
from app.importers.returns import compile_return
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "drafts" / "cnd-2014-jms"
COPIES = 5  # the statement is about 20 pages: five copies, about 100


def long_docx(folder: Path) -> Path:
    """The statement's clean DOCX with its body repeated COPIES times."""
    one = render(load_draft(DRAFT), "clean", "docx")
    source = folder / "one.docx"
    source.write_bytes(one)
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.rindex("<w:sectPr")
    parts["word/document.xml"] = (xml[:start] + xml[start:end] * COPIES + xml[end:]).encode()
    target = folder / "long.docx"
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
    return 0 if imported < 1 and compiled < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
