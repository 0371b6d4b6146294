"""What a file is, from its first bytes, for a front door given a file where it expected a
draft folder (`draftroom open zero-draft.docx`): a Word document or a PDF is offered for
import; anything else is named as not a draft."""

from __future__ import annotations

from pathlib import Path

from app.importers.docx import looks_like_word
from app.importers.pdf import looks_like_pdf


def document_kind(path: Path) -> str:
    """What the file is for the person who named it: "a Word document", "a PDF", or ""
    (another file, or one that cannot be read)."""
    try:
        with open(path, "rb") as file:
            head = file.read(1024)  # (a PDF's header may follow a few bytes of junk)
    except OSError:
        return ""
    if looks_like_word(head):
        return "a Word document"
    if looks_like_pdf(head):
        return "a PDF"
    return ""
