"""The side panel: the current paragraph's brackets, options and supporters, its history."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.widgets import Static

from app.core.brackets import Bracket
from app.core.draft import Draft, Paragraph
from app.core.room import option_text
from app.glossary.checker import Finding
from app.tui.widgets.draft_text import BRACKET_STYLES


def panel_content(
    draft: Draft,
    paragraph: Paragraph,
    label: str,
    current: Bracket | None,
    findings: list[Finding] | None = None,
) -> Content:
    """The panel's lines: status, brackets with numbered options and supporters, the
    agreed language the paragraph uses (near-misses with their differences), history."""
    lines: list[Content] = [Content(f"{label}  {paragraph.shown_status}").stylize("bold")]
    if paragraph.package:
        lines.append(Content(f"package {paragraph.package}"))
    for bracket in paragraph.brackets:
        marker = "▶ " if bracket is current else "  "
        lines.append(
            Content(f"{marker}{bracket.id} {bracket.state}").stylize(BRACKET_STYLES[bracket.state])
        )
        for number, option in enumerate(bracket.options, start=1):
            role = " (original)" if option.original else ""
            who = ", ".join(option.supporters) or "-"
            lines.append(Content(f"    {number}. {option_text(option)}{role}"))
            lines.append(Content(f"       {who}").stylize("$text-muted"))
    if findings:
        lines += [Content(""), Content("agreed language").stylize("bold")]
        for finding in (f for f in findings if f.kind != "exact"):
            lines.append(Content(f"{finding.kind}: {finding.entry.source}").stylize("bold $error"))
            if finding.paragraph != label:
                lines.append(Content(f"  in {finding.paragraph[len(label) :].strip()}"))
            lines.append(Content(f"  agreed: {finding.entry.text}"))
            lines += [
                Content(f"  {c.op}: {c.entry or '-'} → {c.found or '-'}").stylize("$text-muted")
                for c in finding.diff
                if c.op != "equal"
            ]
        # exact uses are underlined in the text: here, only where they come from
        exact = Counter(f.entry.source for f in findings if f.kind == "exact")
        lines += [
            Content(f"exact: {source}" + (f" ×{count}" if count > 1 else "")).stylize("$success")
            for source, count in exact.items()
        ]
    events = [
        e
        for e in draft.history
        if not e.undone and any(c.paragraph == paragraph.id for c in e.changes)
    ]
    if events:
        lines.append(Content(""))
        lines.append(Content("history").stylize("bold"))
        lines += [Content(f"{e.at[11:16]} {e.summary}").stylize("$text-muted") for e in events[-8:]]
    return Content("\n").join(lines)


class ParagraphPanel(Static):
    """What the facilitator needs about the current paragraph."""

    DEFAULT_CSS = """
    ParagraphPanel {
        width: 38;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
        overflow-y: auto;
    }
    """
