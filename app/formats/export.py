"""Exports of a draft: what capitals and the room read.

- `clean`: the statement as it now stands, in UN layout: the title, headings on their own
  lines, each paragraph on a single line after its printed number, footnotes at the end.
  Where brackets remain, each place reads at its current wording; deleted paragraphs are
  left out.
- `bracketed`: the compilation text in bracket notation, with supporters and statuses,
  proposed paragraphs labelled (``7 bis.``, ``PP1 bis.``). Importing it gives the draft back.
"""

from __future__ import annotations

from app.core.delegations import Registry
from app.core.draft import Draft, Footnote, Kind, Paragraph, Status, superscript
from app.formats import notation

MODES = ("clean", "bracketed")
FORMATS = ("txt",)


def printed_number(paragraph: Paragraph) -> str:
    """The number as the document prints it before the text: ``"7 bis. "``, or nothing.
    A preambular paragraph proposed during the negotiation carries its label."""
    suffix = f" {paragraph.suffix}" if paragraph.suffix else ""
    if paragraph.kind is Kind.OPERATIVE and paragraph.number:
        return f"{paragraph.number}{suffix}. "
    if paragraph.kind is Kind.PREAMBULAR and paragraph.suffix:
        return f"PP{paragraph.number}{suffix}. "
    return ""


def _footnotes(draft: Draft, paragraphs: list[Paragraph]) -> list[str]:
    notes: list[Footnote] = []
    for paragraph in paragraphs:
        notes += [f for f in draft.footnotes_of(paragraph) if f not in notes]
    if not notes:
        return []
    return ["__________", "", *(f"{superscript(f.number)} {f.text}" for f in notes), ""]


def clean_txt(draft: Draft) -> str:
    """The negotiable text as it now reads, one line per paragraph, footnotes at the end."""
    statement = [
        p for p in draft.paragraphs if p.negotiable and p.status is not Status.DELETED and p.text
    ]
    lines: list[str] = []
    for paragraph in statement:
        lines += [printed_number(paragraph) + paragraph.text, ""]
    return "\n".join(lines + _footnotes(draft, statement))


def bracketed_txt(draft: Draft) -> str:
    """The compilation text: brackets with supporters, statuses closing each paragraph."""
    registry = Registry(draft.delegations)
    statement = [p for p in draft.paragraphs if p.negotiable]
    lines: list[str] = []
    for paragraph in statement:
        text = notation.write_paragraph(
            paragraph.content, paragraph.status, paragraph.status_by, paragraph.package, registry
        )
        lines += [printed_number(paragraph) + text.strip(), ""]
    return "\n".join(lines + _footnotes(draft, statement))


def export(draft: Draft, mode: str = "clean", fmt: str = "txt") -> str:
    """The draft exported in `mode` and `fmt` (see MODES and FORMATS)."""
    if fmt != "txt" or mode not in MODES:
        raise ValueError(f"unsupported export {mode}/{fmt}")
    return clean_txt(draft) if mode == "clean" else bracketed_txt(draft)
