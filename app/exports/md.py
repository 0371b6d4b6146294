"""Markdown exports: headings, italic operative verbs, real Markdown footnotes (``[^3]``),
compilation texts with **proposals** and ~~wording to delete~~, and tracked changes as
``<ins>``/``<del>`` carrying the delegation and the date (Markdown keeps inline HTML)."""

from __future__ import annotations

import re
from functools import partial
from html import escape

from app.core.tracking import Author
from app.exports.layout import Block, Marks, Run, Sheet, marked_up, styled

_SPECIAL = re.compile(r"([\\`*_<>~|])")


def _text(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


_MARKS: Marks = (("*", "*"), ("**", "**"), ("~~", "~~"))


#: The text's own brackets, and in a compilation text its own " / " and " - ", escaped as
#: the bracket notation escapes them (Markdown shows `\[` as "[") so that importing the
#: export reads the same draft back.
_OWN_BRACKET = re.compile(r"([\[\]])")
_OWN_SEPARATOR = re.compile(r"(?<= )([/-])(?= )")


def _run(run: Run, bracketed: bool = False) -> str:
    if run.footnote is not None or run.superscript:
        return f"[^{run.text}]"
    core = run.text.strip()
    if not core:
        return run.text
    lead = run.text[: len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()) :]
    text = _text(core)
    if not run.notation:
        text = _OWN_BRACKET.sub(r"\\\1", text)
        if bracketed:
            text = _OWN_SEPARATOR.sub(r"\\\1", f" {text} ")[1:-1]
    return f"{lead}{styled(run, text, _MARKS)}{trail}"


def _wrap(change: str, inner: str, author: Author | None) -> str:
    """An ins/del element, titled with the delegation and the date when known."""
    tag = "ins" if change == "insert" else "del"
    if author is None:
        return f"<{tag}>{inner}</{tag}>"
    return (
        f'<{tag} title="{escape(author.name)}, {author.day}" datetime="{escape(author.at)}">'
        f"{inner}</{tag}>"
    )


#: What a line of our Markdown export may not open with unless it is what it says: a
#: paragraph number, a lettered item, a footnote, a heading, the Secretary-General's note,
#: an annex. A paragraph or heading whose own words open so has its first character escaped
#: (the importer reads `\1. ` as the words "1. "): `#` and `(` as Markdown escapes them, a
#: digit or a letter with a backslash Markdown shows (only such wordings need it).
_STRUCTURE = re.compile(
    r"^(?:#|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\d+(?: [a-z]+)*(?: \d+)?\.\s|PP\d+ [a-z]+(?: \d+)?\.\s"
    r"|\([a-z]{1,3}\)\s|Annex\s+[IVX]+\s*$|Note by the Secretary-General\s*$)"
)


def _block(block: Block, bracketed: bool) -> str:
    body = marked_up(block.runs, partial(_run, bracketed=bracketed), _wrap)
    if not block.number and _STRUCTURE.match(block.text) and body[:1] == block.text[:1]:
        body = "\\" + body
    if block.role == "title":
        return f"# {body}"
    if block.role == "heading":
        return f"{'#' * min(block.level, 4)} {body}"
    if not block.number:
        return body
    number = block.number.replace(".", "\\.")  # "7." would start a Markdown list
    if block.change:
        number = _wrap(block.change, number, block.author)
    return f"{number} {body}"


def render(sheet: Sheet) -> str:
    """The sheet as a Markdown document."""
    lines = [
        f"<!-- {sheet.symbol} · {sheet.edition} · Distr.: {sheet.distribution} · "
        f"{sheet.date} · Original: {sheet.original} -->",
        "",
    ]
    if sheet.mode == "tracked":
        lines += [
            f"*{_text(sheet.edition.capitalize())}: <ins>inserted</ins>, <del>deleted</del>; "
            f"delegations: {_text(', '.join(sheet.authors) or 'none')}.*",
            "",
        ]
    for block in sheet.blocks:
        lines += [_block(block, sheet.mode == "bracketed"), ""]
    for note in sheet.footnotes:
        lines.append(f"[^{note.number}]: {_text(note.text)}")
    return "\n".join(lines).rstrip() + "\n"
