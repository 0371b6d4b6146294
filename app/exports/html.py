"""HTML exports: one standalone file (embedded CSS, no script, no external resource) laid
out like a UN document, readable printed and on a projector.

Tracked changes are ``<ins>``/``<del>`` with ``datetime`` and a ``title`` ("EU, 2026-11-27")
and the delegation printed small after each change, since a printed page has no tooltip.
"""

from __future__ import annotations

from html import escape

from app.core.tracking import Author
from app.exports.layout import Block, Marks, Run, Sheet, marked_up, styled

_CSS = """
@page { size: A4; margin: 2.2cm 2cm; }
body { font-family: "Times New Roman", Tinos, "Liberation Serif", Times, serif;
       font-size: 12pt; line-height: 1.35; color: #000; background: #fff;
       max-width: 17cm; margin: 1.5em auto; padding: 0 1.2em; }
.masthead { display: flex; justify-content: space-between; align-items: flex-end;
            border-bottom: 2px solid #000; padding-bottom: .3em; }
.masthead .org { font-size: 13pt; }
.masthead .symbol { font-size: 17pt; font-weight: bold; text-align: right; }
.distr { margin: .5em 0 1.6em auto; width: 12em; font-size: 10pt; line-height: 1.25;
         border-bottom: 1px solid #000; padding-bottom: .4em; }
.edition { font-size: 10pt; font-style: italic; }
h1 { font-size: 14pt; text-align: center; font-weight: bold; margin: 1.2em 2em;
     line-height: 1.25; }
h2 { font-size: 12pt; font-weight: bold; margin: 1.2em 0 .6em 2.5em; }
h3 { font-size: 12pt; font-weight: bold; font-style: italic; margin: 1em 0 .5em 2.5em; }
p.para { text-align: justify; margin: 0 0 .6em 5em; text-indent: -2.5em;
         hyphens: auto; }
p.para.pp { text-indent: 2.5em; margin-left: 2.5em; }
p.para .num { display: inline-block; min-width: 2.5em; text-indent: 0; }
p.para .num ins, p.para .num del { background: none; }
ins { text-decoration: underline; color: #0645ad; background: #eef4ff; }
del { text-decoration: line-through; color: #b00020; background: #fff0f0; }
ins::after, del::after { content: attr(data-by); font-size: 62%; vertical-align: super;
                         color: #555; font-style: normal; margin-left: .15em;
                         text-decoration: none; display: inline-block; text-indent: 0;
                         line-height: 1; }
.tag { font-style: italic; }
.status { font-style: italic; }
.legend { font-size: 10pt; border: 1px solid #888; padding: .4em .7em; margin: 0 0 1.4em; }
.footnotes { margin-top: 2em; border-top: 1px solid #000; width: 40%; padding-top: .3em; }
.footnotes p { width: 250%; font-size: 10pt; margin: .2em 0 .2em 2.5em;
               text-indent: -1em; }
sup { font-size: 65%; line-height: 0; }
sup a { color: inherit; text-decoration: none; }
@media print { ins, del { background: none; } }
"""


_MARKS: Marks = (("<i>", "</i>"), ("<b>", "</b>"), ("<s>", "</s>"))


def _run(run: Run) -> str:
    if run.footnote is not None:
        text = f'<sup><a href="#fn{escape(run.text)}" id="ref{escape(run.text)}">{escape(run.text)}</a></sup>'
    elif run.superscript:
        text = f'<sup><a href="#fn{escape(run.text)}">{escape(run.text)}</a></sup>'
    else:
        text = escape(run.text)
    return styled(run, text, _MARKS)


def _wrap(change: str, inner: str, author: Author | None, named: bool = True) -> str:
    """An ins/del element; `named`: the delegation is printed after it (not after a
    paragraph's number, whose text carries the name already)."""
    tag = "ins" if change == "insert" else "del"
    if author is None:
        return f"<{tag}>{inner}</{tag}>"
    title = escape(f"{author.name}, {author.day}")
    by = f' data-by="{escape(author.name)}"' if named else ""
    return f'<{tag} title="{title}" datetime="{escape(author.at)}"{by}>{inner}</{tag}>'


def block(block: Block, anchor: str = "") -> str:
    """One title, heading or paragraph; `anchor`: its id, for a link (``#OP7``)."""
    body = marked_up(block.runs, _run, _wrap)
    named = f' id="{escape(anchor)}"' if anchor else ""
    if block.role == "title":
        return f"<h1{named}>{body}</h1>"
    if block.role == "heading":
        tag = "h2" if block.level <= 2 else "h3"
        return f"<{tag}{named}>{body}</{tag}>"
    number = ""
    if block.number:
        number = escape(block.number)
        if block.change:
            number = _wrap(block.change, number, block.author, named=False)
        number = f'<span class="num">{number}</span>'
    css = "para pp" if block.kind.value == "preambular" and not block.number else "para"
    return f'<p class="{css}"{named}>{number}{body}</p>'


def head(sheet: Sheet, extra: str = "") -> list[str]:
    """The document up to its body: the title and the export's style sheet (`extra`: more
    of the head, the live page's)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(sheet.title[:120])} ({escape(sheet.edition)})</title>",
        f"<style>{_CSS}</style>{extra}</head><body>",
    ]


def masthead(sheet: Sheet) -> str:
    """The first page's head: the organ, the symbol, distribution, date, edition."""
    parts = [
        '<div class="masthead">',
        f'<div class="org">United Nations<br>{escape(sheet.organs)}</div>',
        f'<div class="symbol">{escape(sheet.symbol)}</div></div>',
        '<div class="distr">',
        f"Distr.: {escape(sheet.distribution or 'Limited')}<br>{escape(sheet.date)}<br>",
        f"Original: {escape(sheet.original or 'English')}<br>",
        f'<span class="edition">{escape(sheet.edition_line)}</span></div>',
    ]
    return "\n".join(parts)


def footnotes(sheet: Sheet) -> str:
    """The footnotes the text cites, at its end (empty when none)."""
    if not sheet.footnotes:
        return ""
    parts = ['<div class="footnotes">']
    for note in sheet.footnotes:
        number = escape(note.number)
        parts.append(
            f'<p id="fn{number}"><sup><a href="#ref{number}">{number}</a></sup> '
            f"{escape(note.text)}</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def render(sheet: Sheet) -> str:
    """The sheet as a standalone HTML document."""
    parts = [*head(sheet), masthead(sheet)]
    if sheet.mode == "tracked":
        authors = ", ".join(sheet.authors) or "none"
        parts.append(
            f'<div class="legend">Changes since {escape(sheet.edition.removeprefix("changes since "))}: '
            "<ins>inserted</ins> and <del>deleted</del> text, each with the delegation "
            f"that proposed the change. Delegations: {escape(authors)}.</div>"
        )
    parts += [block(b) for b in sheet.blocks]
    if sheet.footnotes:
        parts.append(footnotes(sheet))
    parts.append("</body></html>\n")
    return "\n".join(parts)
