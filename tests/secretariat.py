"""The statement's zero draft as a secretariat officer makes it in Writer (issue 16): typed
through LibreOffice, not written by our exporter: paragraphs numbered by a list style,
italic openers, real footnotes, the symbol in the running header, the job number and the
page number in the footer. Saved as .docx and printed to PDF by LibreOffice itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.exports.layout import clean_sheet
from app.store.store import load_draft

from .office import LibreOffice

SYMBOL = "E/CN.7/2014/L.1"
JOB_NUMBER = "V.14-01234 (E)"


def zero_draft_spec(draft: Path) -> dict[str, Any]:
    """What the officer types: the masthead, the title, then every paragraph of the
    statement's clean text; operative numbers come from the list style, not typed."""
    sheet = clean_sheet(load_draft(draft))
    blocks: list[dict[str, Any]] = [
        {"style": "Default Paragraph Style", "level": None,
         "runs": [{"text": "United Nations"}]},
        {"style": "Default Paragraph Style", "level": None,
         "runs": [{"text": "Economic and Social Council"}]},
        {"style": "Default Paragraph Style", "level": None,
         "runs": [{"text": "Distr.: Limited"}]},
        {"style": "Title", "level": None, "runs": [{"text": sheet.title}]},
    ]  # fmt: skip
    seen = False  # a numbered paragraph before: "1." starts the numbering again (a section)
    for block in sheet.blocks:
        if block.role == "title":
            continue
        runs: list[dict[str, Any]] = []
        for run in block.runs:
            if run.footnote is not None:
                runs.append({"note": run.footnote.text})
            else:
                runs.append({"text": run.text, "italic": run.italic,
                             "superscript": run.superscript})  # fmt: skip
        numbered = block.role == "paragraph" and bool(block.number)
        style = "Heading 2" if block.role == "heading" else "Text Body"
        blocks.append({
            "style": style, "level": block.level if numbered else None, "runs": runs,
            "restart": numbered and block.level == 0 and block.number == "1." and seen,
        })  # fmt: skip
        seen = seen or numbered
    return {"header": SYMBOL, "footer": JOB_NUMBER, "blocks": blocks}


def zero_draft(office: LibreOffice, draft: Path, folder: Path) -> tuple[Path, Path]:
    """The zero draft of `draft` saved by LibreOffice as `zero-draft.docx` and printed to
    `zero-draft.pdf` in `folder`."""
    docx, pdf = folder / "zero-draft.docx", folder / "zero-draft.pdf"
    office.compose(zero_draft_spec(draft), docx, pdf)
    return docx, pdf
