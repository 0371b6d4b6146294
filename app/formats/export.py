"""Exports of a draft: what capitals and the room read.

`clean` is the statement as it now stands, in UN layout: the title, headings on their own
lines, each paragraph on a single line after its printed number, footnotes at the end.
"""

from __future__ import annotations

from app.core.draft import Draft, Footnote, Kind, Paragraph, superscript

MODES = ("clean",)
FORMATS = ("txt",)


def printed_number(paragraph: Paragraph) -> str:
    """The number as the document prints it before the text: ``"7 bis. "``, or nothing."""
    if paragraph.kind is not Kind.OPERATIVE or not paragraph.number:
        return ""
    suffix = f" {paragraph.suffix}" if paragraph.suffix else ""
    return f"{paragraph.number}{suffix}. "


def clean_txt(draft: Draft) -> str:
    """The negotiable text as plain text, one line per paragraph, footnotes at the end."""
    statement = [p for p in draft.paragraphs if p.negotiable]
    lines: list[str] = []
    for paragraph in statement:
        lines += [printed_number(paragraph) + paragraph.text, ""]
    notes: list[Footnote] = []
    for paragraph in statement:
        notes += [f for f in draft.footnotes_of(paragraph) if f not in notes]
    if notes:
        lines += ["__________", ""]
        lines += [f"{superscript(f.number)} {f.text}" for f in notes]
        lines.append("")
    return "\n".join(lines)


def export(draft: Draft, mode: str = "clean", fmt: str = "txt") -> str:
    """The draft exported in `mode` and `fmt` (see MODES and FORMATS)."""
    if (mode, fmt) == ("clean", "txt"):
        return clean_txt(draft)
    raise ValueError(f"unsupported export {mode}/{fmt}")
