"""A scrolling view's height as its lines change, laid out again only when it must.

Setting a `ScrollView`'s `virtual_size` lays the whole screen out again. When the view's
height changes but no scrollbar comes or goes, no widget changes size: the scrollbar is
told the new height instead (the text's paragraphs measured as they come into view, the
panel's lines for another paragraph)."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def resize_virtual(view: ScrollView, size: Size, *, quietly: bool = True) -> None:
    """Give `view` the scrollable `size`; `quietly`: without a layout when no scrollbar
    comes or goes."""
    former = view.virtual_size
    if size == former:
        return
    height = view.size.height
    if quietly and former.height and (size.height > height) == (former.height > height):
        view.set_reactive(ScrollView.virtual_size, size)
        if view.show_vertical_scrollbar:
            view.vertical_scrollbar.window_virtual_size = size.height
        if view.scroll_y > view.max_scroll_y:
            view.scroll_y = view.max_scroll_y
        return
    view.virtual_size = size
