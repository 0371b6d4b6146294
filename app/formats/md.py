"""Markdown exports: headings, italic operative verbs, real Markdown footnotes (``[^3]``),
compilation texts with **proposals** and ~~wording to delete~~, and tracked changes as
``<ins>``/``<del>`` carrying the delegation and the date (Markdown keeps inline HTML)."""

from __future__ import annotations

import re
from html import escape

from app.core.tracking import Author
from app.formats.layout import Block, Run, Sheet

_SPECIAL = re.compile(r"([\\`*_<>~|])")


def _text(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _run(run: Run) -> str:
    if run.footnote is not None or run.superscript:
        return f"[^{run.text}]"
    core = run.text.strip()
    if not core:
        return run.text
    lead = run.text[: len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()) :]
    text = _text(core)
    if run.italic:
        text = f"*{text}*"
    if run.bold:
        text = f"**{text}**"
    if run.strike:
        text = f"~~{text}~~"
    return f"{lead}{text}{trail}"


def _attrs(author: Author | None) -> str:
    if author is None:
        return ""
    return f' title="{escape(author.name)}, {author.day}" datetime="{escape(author.at)}"'


def _runs(runs: list[Run]) -> str:
    out: list[str] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        stop = index + 1
        while stop < len(runs) and (runs[stop].change, runs[stop].author) == (
            run.change,
            run.author,
        ):
            stop += 1
        inner = "".join(_run(r) for r in runs[index:stop])
        if run.change:
            tag = "ins" if run.change == "insert" else "del"
            inner = f"<{tag}{_attrs(run.author)}>{inner}</{tag}>"
        out.append(inner)
        index = stop
    return "".join(out)


def _block(block: Block) -> str:
    body = _runs(block.runs)
    if block.role == "title":
        return f"# {body}"
    if block.role == "heading":
        return f"{'#' * min(block.level, 4)} {body}"
    if not block.number:
        return body
    number = block.number.replace(".", "\\.")  # "7." would start a Markdown list
    if block.change:
        tag = "ins" if block.change == "insert" else "del"
        number = f"<{tag}{_attrs(block.author)}>{number}</{tag}>"
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
        lines += [_block(block), ""]
    for note in sheet.footnotes:
        lines.append(f"[^{note.number}]: {_text(note.text)}")
    return "\n".join(lines).rstrip() + "\n"
