"""An OptionList that measures only what it shows, and redraws one option when one changes.

OptionList wraps every option to know its height before the first frame (about 1.4 s for
2,000 paragraphs on a small machine) and again whenever one prompt changes. Here an option
out of sight gets a height estimated from its length; options are wrapped when they come
into view (or are highlighted), and the lines after one move if its estimate was off. A
replaced prompt forgets only its own rendering. This leans on OptionList's private line
cache (textual 8): `tests/test_tui_viewer.py` draws long drafts to keep it honest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class LazyOption(Option):
    """An option whose prompt is built when first shown (or asked for): a long draft's
    first frame builds the few paragraphs in view, not all of them. `lines` are the
    lengths of its lines as far as known, for estimating its height until then."""

    def __init__(self, build: Callable[[], VisualType], lines: list[int], id: str) -> None:
        super().__init__("", id=id)
        self._build: Callable[[], VisualType] | None = build
        self.lines = lines

    @property
    def prompt(self) -> VisualType:
        if self._build is not None:
            self._prompt, self._build = self._build(), None
        return self._prompt

    def _set_prompt(self, prompt: VisualType) -> None:
        self._build = None
        super()._set_prompt(prompt)


class LazyOptionList(OptionList):
    """OptionList with estimated heights until an option is seen, which repaints only the
    options that change."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The option under the cursor. Moving it repaints the two options it moves between
    (OptionList's repaints every line in view: on a 160x50 screen, most of a key press)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._exact: set[int] = set()
        """Options whose height was measured by wrapping them (the others are estimated)."""
        self._measured_width = 0
        self._region_width = 0

    def show_paragraphs(
        self,
        paragraphs: Iterable[Any],
        labels: dict[str, str],
        build: Callable[[Any, str], VisualType],
        lines: Callable[[Any, str], list[int]],
    ) -> None:
        """One lazy option per paragraph, its id the paragraph's: `build(paragraph, label)`
        makes its prompt when first shown, `lines(paragraph, label)` estimates it till then."""
        self.set_options(
            LazyOption(partial(build, p, labels[p.id]), lines(p, labels[p.id]), p.id)
            for p in paragraphs
        )

    def set_options(self, options: Iterable[Option]) -> LazyOptionList:  # type: ignore[override]
        self._exact.clear()
        super().set_options(options)
        return self

    def _text_width(self) -> int:
        padding = self.get_component_styles("option-list--option").padding
        return self.scrollable_content_region.width - self._get_left_gutter_width() - padding.width

    def _estimate(self, option: Option, width: int) -> int:
        room = max(1, width - 6)  # word wrapping leaves a few cells at the end of each line
        if isinstance(option, LazyOption) and option._build is not None:
            lengths = option.lines
        else:
            prompt = option.prompt
            plain = prompt.plain if isinstance(prompt, Content) else str(prompt)
            lengths = [cell_len(line) for line in plain.split("\n")]
        return sum(max(1, -(-length // room)) for length in lengths)

    def _update_lines(self) -> None:
        """As OptionList's, but with estimated heights for paragraphs not yet measured.
        (Called for every line drawn: it returns at once when nothing changed.)"""
        region = self.scrollable_content_region
        if not region:
            return
        lines = self._line_cache.lines
        if region.width == self._region_width and (lines[-1][0] + 1 if lines else 0) == len(
            self.options
        ):
            return
        self._region_width = region.width
        width = self._text_width()
        if width != self._measured_width:
            self._measured_width = width
            self._exact.clear()
        cache = self._line_cache
        lines = cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        for index, option in enumerate(self.options[next_index:], next_index):
            height = cache.heights.get(index) if index in self._exact else None
            if height is None:  # never measured, or the caches were cleared (a resize)
                self._exact.discard(index)
                height = self._estimate(option, width)
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = height
            lines.extend([(index, n) for n in range(height)])
        self._resize_virtual()

    def _resize_virtual(self, *, quietly: bool = False) -> None:
        """The scrollable height follows the lines. A correction of an estimate (`quietly`)
        changes no widget's size, so it updates the scrollbar without laying the screen out
        again (Textual's virtual_size would, on every paragraph that comes into view)."""
        virtual_size = Size(self._measured_width, len(self._line_cache.lines))
        if virtual_size == self.virtual_size:
            return
        if (
            quietly
            and self.virtual_size.height
            and (
                (virtual_size.height > self.size.height)
                == (self.virtual_size.height > self.size.height)
            )
        ):
            self.set_reactive(LazyOptionList.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()
            return
        self.virtual_size = virtual_size
        self._scroll_update(virtual_size)

    def _measure(self, indices: Iterable[int]) -> None:
        """Wrap these paragraphs to their exact heights; move the lines after them."""
        cache = self._line_cache
        width = self._measured_width
        if width <= 0 or not cache.lines:
            return  # not laid out yet: the first frame measures what it shows
        changed: dict[int, int] = {}  # index: its height as estimated before
        for index in indices:
            if index in self._exact or index >= len(self.options):
                continue
            self._exact.add(index)
            height = self._get_visual(self.options[index]).get_height(self.styles, width)
            if height != cache.heights.get(index):
                changed[index] = cache.heights[index]
                cache.heights[index] = height
        if not changed:
            return
        # the lines again: new ones for the options measured, the runs between them copied
        # (a slice), then each later option's first line (one pass over the options)
        lines, at = cache.lines, cache.index_to_line
        order = sorted(changed)
        rebuilt = lines[: at[order[0]]]
        for n, index in enumerate(order):
            rebuilt.extend([(index, row) for row in range(cache.heights[index])])
            run_end = at[order[n + 1]] if n + 1 < len(order) else len(lines)
            rebuilt.extend(lines[at[index] + changed[index] : run_end])
        cache.lines = rebuilt
        position, heights = at[order[0]], cache.heights
        for index in range(order[0], len(self.options)):
            at[index] = position
            position += heights[index]
        self._resize_virtual(quietly=True)

    def _measure_visible(self) -> None:
        """Measure the paragraphs in view (twice at most: a longer one pushes others out)."""
        for _ in range(3):
            lines = self._line_cache.lines
            top = self.scroll_offset.y
            seen = {lines[y][0] for y in range(top, min(len(lines), top + self.size.height + 1))}
            if seen <= self._exact:
                return
            self._measure(sorted(seen))

    def in_view(self, index: int) -> bool:
        """Whether the whole of option `index` is on screen now (as far as measured)."""
        cache = self._line_cache
        if not self.size.height or index not in cache.index_to_line:
            return False
        top = cache.index_to_line[index]
        bottom = top + cache.heights.get(index, 1)
        return self.scroll_offset.y <= top and bottom <= self.scroll_offset.y + self.size.height

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_lines()
        self._measure_visible()
        return super().render_lines(crop)

    def scroll_to_highlight(self, top: bool = False) -> None:
        self._update_lines()
        if self.highlighted is not None:
            self._measure([self.highlighted])
        super().scroll_to_highlight(top)

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self._refresh_option(index)

    def _refresh_option(self, index: int) -> None:
        """Repaint the lines of one option (all lines if where it is is not known yet)."""
        cache = self._line_cache
        top, height = cache.index_to_line.get(index), cache.heights.get(index)
        if top is None or height is None:
            self.refresh()
            return
        y = top - self.scroll_offset.y
        if y + height > 0 and y < self.size.height:
            self.refresh(Region(0, y, self.size.width, height))

    def _replace_option_prompt(self, index: int, prompt: VisualType) -> None:
        """Replace one paragraph's prompt and forget only what was drawn of it (OptionList
        forgets every paragraph's lines, then wraps all of them again); repaint only its
        lines, unless its height changed and moved the lines after it."""
        option = self.get_option_at_index(index)
        for key in [k for k in self._option_render_cache.keys() if k[0] is option]:  # noqa: SIM118
            self._option_render_cache.discard(key)
        option._set_prompt(prompt)
        self._exact.discard(index)
        height = self._line_cache.heights.get(index)
        if self._line_cache.lines:
            self._measure([index])
        if height is not None and height == self._line_cache.heights.get(index):
            self._refresh_option(index)
        elif (top := self._line_cache.index_to_line.get(index)) is not None:
            y = max(0, top - self.scroll_offset.y)  # it and the lines after it moved
            self.refresh(Region(0, y, self.size.width, max(0, self.size.height - y)))
        else:
            self.refresh()
