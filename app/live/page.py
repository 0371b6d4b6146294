"""The delegates' page: the compilation text as the HTML export lays it out (UN layout,
brackets with their supporters, statuses, footnotes), cut into parts the browser replaces
one by one as the draft changes.

The layout is the export's own (:mod:`app.exports.html`: the same head, masthead, blocks
and footnotes; no second layout). The page adds: each paragraph anchored by its label
(``#OP7``, ``#OP7-bis``), so a link survives updates; the facilitator's paragraph marked;
a bar with the open brackets per section; the script that applies updates (``live.js``,
served by the page's server); and, for a browser without JavaScript, a reload every
`RELOAD` seconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from app.core.draft import Draft, Paragraph
from app.core.labels import labels
from app.exports import html
from app.exports.layout import Block, LaidOut, Sheet, bracketed_sheet

#: Seconds between reloads of a browser without JavaScript.
RELOAD = 5
_HEAD = """<style>
.live-bar { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid
            #888; font: 10pt/1.4 system-ui, sans-serif; padding: .3em .5em; margin: 0 -1.2em 1em; }
.live-bar .state { font-weight: bold; }
.live-bar .problem { color: #b00020; font-weight: bold; }
.live-bar ul { list-style: none; display: inline; padding: 0; margin: 0; }
.live-bar li { display: inline; margin-right: .9em; white-space: nowrap; }
.live-bar a { color: #0645ad; }
.here { background: #fff6cc; box-shadow: -.8em 0 0 #e0a800; }
.changed { animation: changed 4s ease-out; }
@keyframes changed { from { background: #d9f2d9; } to { background: transparent; } }
:target { outline: 2px solid #0645ad; }
@media print { .live-bar { display: none; } .here { background: none; box-shadow: none; } }
</style>"""


def anchor(label: str) -> str:
    """A paragraph's anchor: its label without spaces (``OP7 bis`` -> ``OP7-bis``)."""
    return label.replace(" ", "-")


@dataclass(slots=True)
class Page:
    """The page at one version of the draft: its parts in order (key -> HTML), where the
    facilitator is, and the bar's words."""

    title: str
    parts: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)
    """Each paragraph's anchor, by paragraph id."""
    sheet: Sheet | None = None
    here: str = ""
    """The anchor of the facilitator's paragraph (empty: nobody is in the room)."""
    problem: str = ""
    version: int = 0

    def state(self) -> str:
        """What the bar says of the room."""
        if self.problem:
            return f"Waiting for the draft: {self.problem}"
        if self.here:
            return f"Live · the facilitator is at {self.here.replace('-', ' ')}"
        return "Live · the room is closed"


@dataclass(slots=True, eq=False)
class Memo:
    """What the last page laid out, kept by whoever builds the page of one draft again and
    again (the server's :class:`~app.live.server.LiveDraft`): after a save only the changed
    paragraphs are laid out and turned into HTML again (0.5 s for the 2,000-paragraph
    draft when all are)."""

    laid: LaidOut = field(default_factory=LaidOut)
    html: dict[str, tuple[Block, str, str]] = field(default_factory=dict)
    """Each paragraph's block, anchor and HTML, by paragraph id."""
    brackets: dict[str, tuple[Paragraph, int]] = field(default_factory=dict)
    """How many open brackets each paragraph has, by paragraph id."""


def build(draft: Draft, memo: Memo | None = None) -> Page:
    """The page of `draft` (where the facilitator is is set apart: :func:`locate`);
    `memo`: what the page of this draft before laid out, and will lay out now."""
    sheet = bracketed_sheet(draft, memo.laid if memo is not None else None)
    names = labels(draft)
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for paragraph_id, label in names.items():
        name = anchor(label)
        while name in taken:  # (a label twice: a hand-edited draft)
            name += "~"
        anchors[paragraph_id] = name
        taken.add(name)
    page = Page(sheet.title, anchors=anchors, sheet=sheet)
    page.parts["masthead"] = html.masthead(sheet)
    page.parts["counts"] = _counts(draft, anchors, memo or Memo())
    before = memo.html if memo is not None else {}
    now: dict[str, tuple[Block, str, str]] = {}
    for block in sheet.blocks:
        name = anchors.get(block.paragraph, block.paragraph)
        made = before.get(block.paragraph)
        if made is None or made[0] is not block or made[1] != name:  # (laid out again)
            made = (block, name, html.block(block, name))
        page.parts[name] = made[2]
        now[block.paragraph] = made
    if memo is not None:
        memo.html = now
    page.parts["footnotes"] = html.footnotes(sheet)
    return page


def locate(page: Page, paragraph: str | None) -> str:
    """The anchor of the paragraph `paragraph` (an id) on the page, or empty."""
    name = page.anchors.get(paragraph or "", "")
    return name if name in page.parts else ""


def _counts(draft: Draft, anchors: dict[str, str], memo: Memo) -> str:
    """Open brackets in all, and per section (each a link to its heading)."""
    before, now = memo.brackets, {}
    total = 0
    per_section: dict[str, list[int | str]] = {}
    section = ("", "Opening")
    for paragraph in draft.paragraphs:
        if not paragraph.negotiable:
            continue
        if paragraph.is_heading and paragraph.level == 2:
            section = (anchors.get(paragraph.id, ""), paragraph.text)
            continue
        old = before.get(paragraph.id)
        brackets = old[1] if old and old[0] is paragraph else len(paragraph.brackets)
        now[paragraph.id] = (paragraph, brackets)
        total += brackets
        if brackets:
            entry = per_section.setdefault(section[1], [section[0], 0])
            entry[1] = int(entry[1]) + brackets
    items = " ".join(
        f'<li><a href="#{escape(str(link))}">{escape(_short(name))}</a>: {count}</li>'
        if link
        else f"<li>{escape(_short(name))}: {count}</li>"
        for name, (link, count) in per_section.items()
    )
    memo.brackets = now
    counted = f"{total} open bracket{'' if total == 1 else 's'}"
    return f"<b>{counted}</b>" + (f" <ul>{items}</ul>" if items else "")


def _short(name: str) -> str:
    return name if len(name) <= 48 else name[:47] + "…"


def document(page: Page, token: str = "") -> str:
    """The whole page, as a first visit (or a reload without JavaScript) gets it."""
    query = f"?token={escape(token)}" if token else ""
    extra = (
        f'{_HEAD}<noscript><meta http-equiv="refresh" content="{RELOAD}"></noscript>'
        f'<script src="/live.js{query}" defer></script>'
    )
    sheet = page.sheet
    parts = (
        html.head(sheet, extra)
        if sheet
        else ["<!DOCTYPE html>", f"<html><head>{extra}</head><body>"]
    )
    parts.append(
        f'<div class="live-bar" data-version="{page.version}"><span class="state">'
        f'{escape(page.state())}</span> · <span data-part="counts">'
        f"{page.parts.get('counts', '')}</span></div>"
    )
    parts.append('<main id="live">')
    for key, inner in page.parts.items():
        if key == "counts":
            continue
        here = ' class="here"' if key == page.here else ""
        parts.append(f'<div data-part="{escape(key)}"{here}>{inner}</div>')
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def delta(before: Page | None, after: Page) -> str:
    """The update that turns a browser showing `before` into `after` (None: everything,
    `full`: nothing is highlighted as changed), as the JSON a server-sent event carries:
    the parts' order, the HTML of the parts that changed, where the facilitator is, what
    the bar says."""
    old = before.parts if before is not None else {}
    changed = {k: v for k, v in after.parts.items() if old.get(k) != v}
    order = list(after.parts) if before is None or list(old) != list(after.parts) else None
    return json.dumps(
        {
            "version": after.version,
            "full": before is None,
            "order": order,
            "html": changed,
            "here": after.here,
            "state": after.state(),
            "problem": bool(after.problem),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
