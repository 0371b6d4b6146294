"""The side panel: the current paragraph's brackets, options and supporters, its history."""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from app.core.brackets import Bracket
from app.core.draft import Draft, Paragraph
from app.core.history import Event, History
from app.core.options import option_text
from app.tui.widgets.draft_text import BRACKET_STYLES
from app.tui.widgets.virtual import resize_virtual
from app.tui.widgets.visible import visible

if TYPE_CHECKING:
    from app.glossary.checker import Finding


HISTORY_SHOWN = 8
"""The paragraph's latest events the panel lists."""


class HistoryIndex:
    """The history by paragraph, so the panel of a long session (thousands of events)
    finds a paragraph's latest events at once. Events recorded since are added to it; a
    history that lost events (a change after undos forgets the undone) is indexed again."""

    def __init__(self) -> None:
        self._indexed: list[Event] = []
        """The events indexed, in order (a copy: the draft's list changes under it)."""
        self._events: dict[str, list[Event]] = {}

    def latest(self, draft: Draft, paragraph_id: str, count: int = HISTORY_SHOWN) -> list[Event]:
        """The paragraph's `count` latest events not undone, oldest first (none while
        the history is not read yet: the first frame does not wait for it)."""
        history = draft.history
        if isinstance(history, History) and history.unread:
            return []
        known = len(self._indexed)
        if len(history) < known or (known and history[known - 1] is not self._indexed[-1]):
            self._indexed, self._events, known = [], {}, 0  # events went: index them all again
        for event in history[known:]:
            self._indexed.append(event)
            for pid in dict.fromkeys(c.paragraph for c in event.changes):
                self._events.setdefault(pid, []).append(event)
        found = (e for e in reversed(self._events.get(paragraph_id, [])) if not e.undone)
        return list(islice(found, count))[::-1]


def panel_content(
    draft: Draft,
    paragraph: Paragraph,
    label: str,
    current: Bracket | None,
    findings: list[Finding] | None = None,
    history: HistoryIndex | None = None,
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
            if finding.entry.also_in:
                lines.append(Content(f"  also: {'; '.join(finding.entry.also_in)}"))
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
    events = (history or HistoryIndex()).latest(draft, paragraph.id)
    if events:
        lines.append(Content(""))
        lines.append(Content("history").stylize("bold"))
        lines += [Content(f"{e.at[11:16]} {e.summary}").stylize("$text-muted") for e in events]
    return Content("\n").join(
        Content(visible(line.plain), list(line.spans)) if not line.plain.isprintable() else line
        for line in lines
    )


class ParagraphPanel(ScrollView):
    """What the facilitator needs about the current paragraph, drawn line by line
    (Textual's Line API): a new paragraph's panel repaints only the lines that differ
    from the last one's (a Static repainted all of its 47 lines at every move, and the
    screen then cut every widget's lines on those rows again)."""

    DEFAULT_CSS = """
    ParagraphPanel {
        width: 38;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
        overflow-y: auto;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ParagraphPanel.auto_links, False)  # (no links: none looked for)
        self.content = Content("")
        """What the panel shows."""
        self._lines: list[Strip] = []
        self._drawn_for: tuple[int, Style] | None = None
        """The width and style the lines were drawn for (None: not drawn yet)."""

    def update(self, content: Content) -> None:
        """Show `content`: only the lines that changed are repainted."""
        self.content = content
        if self._drawn_for is None:
            return  # not laid out yet: the first frame draws it
        width, style = self._drawn_for
        former, self._lines = self._lines, self._draw(width, style)
        self._resize_virtual()
        changed = [
            y
            for y in range(max(len(former), len(self._lines)))
            if y >= len(former) or y >= len(self._lines) or former[y] != self._lines[y]
        ]
        for start, run in _runs(changed):
            self.refresh_lines(start, run)

    def _draw(self, width: int, style: Style) -> list[Strip]:
        strips = Visual.to_strips(self, self.content, width, None, style)
        pad = RichStyle(bgcolor=style.rich_style.bgcolor)  # (as a Static pads: no colour)
        return [strip.extend_cell_length(width, pad) for strip in strips]

    def _resize_virtual(self) -> None:
        """The scrollable height follows the lines."""
        resize_virtual(self, Size(self.scrollable_content_region.width, len(self._lines)))

    def render_lines(self, crop: Region) -> list[Strip]:
        width, style = self.scrollable_content_region.width, self.get_visual_style()
        if width > 0 and self._drawn_for != (width, style):  # first frame, resize, theme
            self._drawn_for = (width, style)
            self._lines = self._draw(width, style)
            self._resize_virtual()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if line < len(self._lines):
            return self._lines[line]
        style = self.get_visual_style().rich_style  # below the last line
        return Strip.blank(self.scrollable_content_region.width, style)


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    """Consecutive line numbers as (first, count)."""
    runs: list[tuple[int, int]] = []
    for y in lines:
        if runs and runs[-1][0] + runs[-1][1] == y:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((y, 1))
    return runs
