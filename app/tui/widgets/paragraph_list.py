"""A list of paragraphs drawn line by line (Textual's Line API: a `ScrollView` whose
`render_line` returns a `Strip`, as `DataTable` and `Tree` are), which builds and wraps
only the paragraphs it shows.

Wrapping every paragraph to know its height before the first frame takes about 1.4 s for
2,000 paragraphs on a small machine (what OptionList does, and again whenever one option
changes). Here a paragraph out of sight has a height estimated from its length; it is
built and wrapped when it comes into view (or is highlighted), and the lines after it move
if the estimate was off. Replacing a paragraph forgets only its own lines; moving the
highlight repaints only the two paragraphs it moves between. A paragraph can be shown
marked for a while (the current one, with its bracket and the words searched): its own
lines are kept for when the marks go, and marks that leave the words as they were need
no measuring.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import accumulate
from time import perf_counter
from typing import Any, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.filter import ANSIToTruecolor, LineFilter
from textual.geometry import Region, Size, clamp
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.tui.widgets.drawn import Drawn
from app.tui.widgets.entry import Entry
from app.tui.widgets.virtual import resize_virtual


class ParagraphList(ScrollView, can_focus=True):
    """Paragraphs one under the other, one of them highlighted; heights estimated until a
    paragraph is seen, repainting only the paragraphs that change."""

    ALLOW_SELECT = False  # (the strips drawn are kept: a text selection would not show)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | down, up | The next or previous paragraph (past the last, the first). |
    | pagedown, pageup | The paragraph a screen further down or up. |
    | home, end | The first or the last paragraph. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paragraph-list--highlighted"}
    """
    | Class | Description |
    | :- | :- |
    | `paragraph-list--highlighted` | The highlighted paragraph. |
    """

    DEFAULT_CSS = """
    ParagraphList {
        height: 1fr;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .paragraph-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .paragraph-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    KEPT: ClassVar[int] = 256
    """Paragraphs whose lines are kept drawn (a few screens either way: :class:`Drawn`)."""

    ONE_LINE: ClassVar[bool] = False
    """Every paragraph is one line (no wrapping; a longer one ends in an ellipsis): heights
    are known without measuring, and lines are drawn without wrapping."""

    CENTRE: ClassVar[bool] = False
    """A highlight moved out of view comes to the middle of the view, not to its edge
    (where each step on would scroll, and repaint every line in view, again)."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The paragraph under the cursor (its index in the list). Moving it repaints the two
    paragraphs it moves between, not every line in view (on a 160x50 screen, most of a
    key press)."""

    class Highlighted(Message):
        """The highlight moved to another paragraph."""

        def __init__(self, paragraph_list: ParagraphList, index: int) -> None:
            super().__init__()
            self.paragraph_list = paragraph_list
            """The list whose highlight moved."""
            self.index = index
            """The paragraph highlighted now (its index in the list)."""

        @property
        def control(self) -> ParagraphList:
            """The list whose highlight moved (for `@on(..., selector)`)."""
            return self.paragraph_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ParagraphList.auto_links, False)  # (no links: none looked for)
        self._entries: list[Entry] = []
        self._heights: list[int] = []
        """Each paragraph's height in lines: measured, or estimated (see `_exact`)."""
        self._tops: list[int] = [0]
        """The line each paragraph starts at; the last, the total number of lines."""
        self._exact: set[int] = set()
        """Paragraphs whose height was measured by wrapping them."""
        self._width = 0
        """The width the heights are for (0: not laid out yet)."""
        self._to_top = False
        """Whether the highlight being moved goes to the top of the view (`go_to`)."""
        self._drawn = Drawn(self.KEPT)
        self._ahead: tuple[int, int] | None = None
        """The next paragraph to draw ahead and how many lines are still to draw."""

    # -- what it shows -----------------------------------------------------------------
    def show_paragraphs(
        self,
        paragraphs: Iterable[Any],
        labels: dict[str, str],
        build: Callable[[Any, str], Content],
        lines: Callable[[Any, str], list[int]],
    ) -> None:
        """Show these paragraphs, none highlighted, from the top: `build(paragraph,
        label)` makes one's content when it is first shown; until then its height is
        estimated from `lines(paragraph, label)`, the lengths of its lines."""
        self._entries = [
            Entry(partial(build, p, labels[p.id]), lines(p, labels[p.id])) for p in paragraphs
        ]
        self._width = 0  # every height to estimate again
        self._heights, self._tops = [], [0]
        self.highlighted = None
        self.scroll_y = 0
        self._layout()
        self.refresh()

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the list shows."""
        return len(self._entries)

    def content_at(self, index: int) -> Content:
        """What paragraph `index` shows (built now if it was not yet)."""
        return self._entries[index].shown()

    def replace_content(self, index: int, content: Content | None) -> None:
        """Paragraph `index` changed: show `content` (None: build it again when it is
        shown), unmarked. Only its lines are drawn again (those after it too, if its
        height changed)."""
        entry = self._entries[index]
        entry.content, entry.marked = content, None
        self._changed(index)

    def mark(self, index: int, content: Content) -> None:
        """Show paragraph `index` as `content` (the same paragraph, marked) until
        :meth:`unmark`; its own content is kept, and so are its lines."""
        self._entries[index].marked = content
        self._changed(index)

    def unmark(self, index: int) -> None:
        """Paragraph `index` shows its own content again (drawn already, mostly)."""
        entry = self._entries[index]
        if entry.marked is not None:
            entry.marked = None
            self._changed(index)

    def _changed(self, index: int) -> None:
        """What paragraph `index` shows changed: measured again if its words did (one
        out of view waits until it comes into view), and drawn again."""
        if not self._width:
            return  # not laid out yet: the first frame draws it
        entry = self._entries[index]
        if index != self.highlighted and not self._seen(index):
            self._exact.discard(index)  # its height, as last measured, stands until seen
            return
        if index in self._exact and entry.measured == entry.shown().plain:
            self._refresh_paragraph(index)  # the same words: the same height
            return
        self._exact.discard(index)
        height = self._heights[index]
        self._measure([index])
        if self._heights[index] == height:
            self._refresh_paragraph(index)

    def _seen(self, index: int) -> bool:
        """Whether any line of paragraph `index` is on screen now."""
        y = self._tops[index] - self.scroll_offset.y
        return y + self._heights[index] > 0 and y < self.size.height

    def in_view(self, index: int) -> bool:
        """Whether the whole of paragraph `index` is on screen now (as far as measured)."""
        if not self._width or not self.size.height or not 0 <= index < len(self._entries):
            return False
        top, y = self._tops[index], self.scroll_offset.y
        return y <= top and top + self._heights[index] <= y + self.size.height

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the highlighted paragraph, measured, into view (`top`: to the top)."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        self._layout()
        if not self._width:
            return
        self._measure([index])
        self.scroll_to_region(
            Region(0, self._tops[index], self._width, self._heights[index]),
            force=True,
            animate=False,
            top=top,
            center=self.CENTRE and not top and not self.in_view(index),
            immediate=True,
        )
        # what comes into view measured now, not while drawing it: an estimate corrected
        # then moves the lines, and the whole view is drawn again in a second frame
        self._measure_visible()

    # -- heights -----------------------------------------------------------------------
    def _layout(self) -> None:
        """Estimate every paragraph's height at the width shown, if that changed (the
        first frame, a resize, a scrollbar coming or going)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._exact.clear()
        self._drawn.clear()
        self._heights = [self._estimate(entry, width) for entry in self._entries]
        self._tops = list(accumulate(self._heights, initial=0))
        self._resize_virtual()

    def _estimate(self, entry: Entry, width: int) -> int:
        return 1 if self.ONE_LINE else entry.estimate(width)

    def _measure(self, indices: Iterable[int]) -> None:
        """Wrap these paragraphs to their exact heights; move the lines after them."""
        if self.ONE_LINE or not self._width:
            return
        first: int | None = None
        for index in indices:
            if index in self._exact or not 0 <= index < len(self._entries):
                continue
            self._exact.add(index)
            content = self.content_at(index)
            self._entries[index].measured = content.plain
            if index == self.highlighted:  # (to be drawn marked: wrapped for its height,
                # unless drawn ahead unhighlighted: the same lines in another style)
                height = self._drawn.height((index, False), content) or content.get_height(
                    cast(RulesMap, self.styles), self._width
                )
            else:  # drawn now, as it will be when shown, rather than wrapped twice
                height = len(self._render_paragraph(index))
            if height != self._heights[index]:
                self._heights[index] = height
                first = index if first is None else min(first, index)
        if first is None:
            return
        self._tops[first:] = accumulate(self._heights[first:], initial=self._tops[first])
        self._resize_virtual(quietly=True)
        if self._tops[first] < self.scroll_offset.y + self.size.height:
            self.refresh()  # lines in view moved

    def _measure_visible(self) -> None:
        """Measure the paragraphs in view (twice at most: a longer one pushes others out)."""
        if self.ONE_LINE or not self._width or not self._entries:
            return
        for _ in range(3):
            top = self.scroll_offset.y
            seen = range(self._index_at(top), self._index_at(top + self.size.height) + 1)
            if all(index in self._exact for index in seen):
                return
            self._measure(seen)

    def _index_at(self, line: int) -> int:
        """The paragraph on line `line` (the last one, past the end)."""
        return min(bisect_right(self._tops, line) - 1, len(self._entries) - 1)

    def _resize_virtual(self, *, quietly: bool = False) -> None:
        """The scrollable height follows the lines; a correction of an estimate
        (`quietly`) lays the screen out again only if a scrollbar comes or goes."""
        resize_virtual(self, Size(self._width, self._tops[-1]), quietly=quietly)

    # -- drawing -----------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._layout()
        self._measure_visible()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if self._width and line < self._tops[-1]:
            index = self._index_at(line)
            strips = self._render_paragraph(index)
            if (row := line - self._tops[index]) < len(strips):
                return strips[row]
        style = self.get_visual_style().rich_style  # below the last paragraph
        return Strip.blank(self.scrollable_content_region.width, style)

    def _render_paragraph(self, index: int, *, highlighted: bool | None = None) -> list[Strip]:
        """A paragraph's lines, drawn once for each style it is shown in (highlighted or
        not: as it is now, unless said)."""
        if highlighted is None:
            highlighted = index == self.highlighted
        style = (
            self.get_visual_style("paragraph-list--highlighted")
            if highlighted
            else self.get_visual_style()
        )
        return self._drawn.lines(
            self,
            (index, highlighted),
            self.content_at(index),
            style,
            self._width,
            one_line_each=self.ONE_LINE,
        )

    def draw_ahead(self, index: int) -> None:
        """Paragraph `index` may be highlighted next, from out of view (the next hit of a
        search): :meth:`draw_some_ahead` draws, while the room waits, the paragraphs a
        view would show around it, so that the move finds them drawn (and measured)."""
        height = self.size.height
        if self.CENTRE:  # (the highlight in the middle; a line either way to spare)
            self._ahead = (max(0, index - height // 2 - 1), height + 2)
        else:
            self._ahead = (index, height)

    def draw_some_ahead(self, seconds: float) -> bool:
        """Draw paragraphs ahead (:meth:`draw_ahead`) for about `seconds` at most (a key
        coming meanwhile waits that long): whether some are left to draw."""
        if self._ahead is None or not self._width:
            return False
        index, lines = self._ahead
        started = perf_counter()
        while lines > 0 and index < len(self._entries):
            lines -= len(self._render_paragraph(index, highlighted=False))
            index += 1
            if perf_counter() - started >= seconds:
                break
        self._ahead = (index, lines) if lines > 0 and index < len(self._entries) else None
        return self._ahead is not None

    def _refresh_paragraph(self, index: int) -> None:
        """Repaint the lines of one paragraph, if it is in view."""
        if not self._width or not 0 <= index < len(self._entries):
            return
        top = self._tops[index]
        y = top - self.scroll_offset.y
        if y + self._heights[index] > 0 and y < self.size.height:
            self.refresh_lines(top, self._heights[index])

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters but the one turning terminal colours into true colours: these
        lines are drawn in the theme's true colours, and it went through every piece of
        every line repainted (a tenth of a page's repaint)."""
        return [f for f in super().get_line_filters() if not isinstance(f, ANSIToTruecolor)]

    def notify_style_update(self) -> None:
        self.refresh()  # (each paragraph is drawn again only if its style changed)
        super().notify_style_update()

    # -- moving ------------------------------------------------------------------------
    def validate_highlighted(self, index: int | None) -> int | None:
        if index is None or not self._entries:
            return None
        return clamp(index, 0, len(self._entries) - 1)

    def go_to(self, index: int, *, top: bool = False) -> None:
        """Highlight paragraph `index`, scrolled to the top of the view (`top`) or just
        into view: in one frame (scrolled once), unless the list is not laid out yet."""
        self._to_top = top
        try:
            self.highlighted = index
        finally:
            self._to_top = False
        self._layout()
        if top and not self._width:
            self.call_after_refresh(self.scroll_to_highlight, top=True)

    def watch_highlighted(self, former: int | None, index: int | None) -> None:
        for changed in (former, index):
            if changed is not None:
                self._refresh_paragraph(changed)
        if index is not None:
            self.scroll_to_highlight(top=self._to_top)
            self.post_message(self.Highlighted(self, index))

    def action_cursor_down(self) -> None:
        """The next paragraph; after the last, the first."""
        if self._entries:
            current = self.highlighted
            self.highlighted = 0 if current is None else (current + 1) % len(self._entries)

    def action_cursor_up(self) -> None:
        """The previous paragraph; before the first, the last."""
        if self._entries:
            current = self.highlighted
            count = len(self._entries)
            self.highlighted = count - 1 if current is None else (current - 1) % count

    def action_first(self) -> None:
        if self._entries:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._entries:
            self.highlighted = len(self._entries) - 1

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """The paragraph a screen's height further on (`direction` 1) or back (-1)."""
        if self.highlighted is None:
            self.action_first() if direction < 0 else self.action_last()
            return
        self._layout()
        if not self._width:
            return
        line = self._tops[self.highlighted] + direction * self.scrollable_content_region.height
        self.highlighted = self._index_at(clamp(line, 0, self._tops[-1] - 1))

    def on_click(self, event: events.Click) -> None:
        """A click highlights the paragraph clicked (found by its line)."""
        offset = event.get_content_offset(self)
        if offset is None or not self._width:
            return
        line = self.scroll_offset.y + offset.y
        if 0 <= line < self._tops[-1]:
            self.highlighted = self._index_at(line)
