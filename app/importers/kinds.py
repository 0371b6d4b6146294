"""What a file is, from its first bytes, for a front door given a file where it expected a
draft folder (`draftroom open zero-draft.docx`): a Word document or a PDF is offered for
import; anything else is named as not a draft."""

from __future__ import annotations

from pathlib import Path

from app.importers.docx import looks_like_word

_PDF = b"%PDF-"


def document_kind(path: Path) -> str:
    """ "a Word document", "a PDF", or "" (another file, or one that cannot be read)."""
    try:
        with open(path, "rb") as file:
            head = file.read(8)
    except OSError:
        return ""
    if looks_like_word(head):
        return "a Word document"
    if head.startswith(_PDF):
        return "a PDF"
    return ""
