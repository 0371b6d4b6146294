"""Paragraph labels as negotiators say them: ``PP1``, ``OP7 bis``, ``OP33 B 24``.

Labels are derived from a paragraph's kind, number, section and suffix, so renumbering a
text never invalidates stored references (those use ids). Looking a label up is forgiving
about case, spaces and the ``OP`` prefix (``pp1``, ``7bis``, ``op33b24``), because a
facilitator types them while a delegate is speaking.
"""

from __future__ import annotations

import re

from app.core.draft import Draft, Kind, Paragraph, Part
from app.core.errors import NotFound, did_you_mean

_CONTEXT_PREFIX = {Part.NOTE: "Note", Part.INTRODUCTION: "Intro", Part.ANNEX: "II"}


def labels(draft: Draft) -> dict[str, str]:
    """Every paragraph's label, by paragraph id, in document order."""
    result: dict[str, str] = {}
    heading_count = 0
    context_count: dict[tuple[Part, str], int] = {}
    last_number: dict[Part, str] = {}
    for p in draft.paragraphs:
        if p.kind is Kind.PREAMBULAR:
            label = f"PP{p.number}"
        elif p.kind is Kind.OPERATIVE:
            label = f"OP{p.parent} {p.section} {p.number}" if p.section else f"OP{p.number}"
        elif p.kind is Kind.HEADING:
            heading_count += 1
            label = f"H{heading_count}"
        else:
            prefix = _CONTEXT_PREFIX.get(p.part, "C")
            if p.is_heading:
                key = (p.part, "H")
                context_count[key] = context_count.get(key, 0) + 1
                label = f"{prefix} H{context_count[key]}"
            elif p.number.startswith("("):
                label = f"{prefix} {last_number.get(p.part, '')}{p.number}"
            elif p.number:
                last_number[p.part] = p.number
                label = f"{prefix} {p.number}"
            else:
                key = (p.part, last_number.get(p.part, ""))
                context_count[key] = context_count.get(key, 0) + 1
                base = f"{prefix} {key[1]}".rstrip()
                label = f"{base}.{context_count[key]}" if key[1] else f"{base} {context_count[key]}"
        if p.suffix:
            label = f"{label} {p.suffix}"
        result[p.id] = label
    return result


def _fold(label: str) -> str:
    """Case, spaces and dots do not matter when a label is typed, except between two
    numbers ("Art 1 12" is not "Art 11 2")."""
    label = re.sub(r"(?<=\d)[\s.]+(?=\d)", "|", label.strip())
    return re.sub(r"[\s.]+", "", label).casefold()


def find(draft: Draft, typed: str) -> Paragraph:
    """The paragraph a typed label names; an error with the closest labels otherwise."""
    return find_labelled(draft, typed)[0]


def find_labelled(draft: Draft, typed: str) -> tuple[Paragraph, str]:
    """The paragraph a typed label names and its label as printed (an operation that
    names it in its summary need not label the whole draft again). A label typed as
    printed is found without folding every label: two regular expressions on each of
    2,000 labels were most of a proposal's own work in the room, which passes labels so."""
    table = labels(draft)
    for pid, label in table.items():
        if label == typed:
            return draft.paragraph(pid), label
    folded = {_fold(label): pid for pid, label in table.items()}
    key = _fold(typed)
    for candidate in (key, "op" + key):
        if candidate in folded:
            return draft.paragraph(folded[candidate]), table[folded[candidate]]
    raise NotFound(
        f"no paragraph labelled {typed!r} in {draft.document.name}",
        hint=did_you_mean(typed, table.values())
        or "labels look like PP1, OP7, OP7 bis, OP33 B 24; `draftroom show DRAFT` lists them",
    )


def printed_number(paragraph: Paragraph) -> str:
    """The number as the document prints it: ``"7 bis."``, ``"PP1 bis."``, or nothing (a
    preambular paragraph proposed during the negotiation carries its label)."""
    suffix = f" {paragraph.suffix}" if paragraph.suffix else ""
    if paragraph.kind is Kind.OPERATIVE and paragraph.suffix.startswith("("):
        return paragraph.suffix  # a lettered sub-paragraph prints "(a)", as the UN prints it
    if paragraph.kind is Kind.OPERATIVE and paragraph.number:
        return f"{paragraph.number}{suffix}."
    if paragraph.kind is Kind.PREAMBULAR and paragraph.suffix:
        return f"PP{paragraph.number}{suffix}."
    return ""


def number_prefix(paragraph: Paragraph) -> str:
    """The printed number and a space, to go before the text on one line (or nothing)."""
    number = printed_number(paragraph)
    return f"{number} " if number else ""
