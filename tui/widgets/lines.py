"""A scrolling view of lines that can change without the screen being laid out again.

Setting ``virtual_size`` on a widget asks for a layout of the whole screen,
which at 120x40 costs as much as the rest of a key press. A view whose
vertical scrollbar is always shown (``overflow-y: scroll``) never changes
size when its content grows or shrinks, so it can take its new virtual size
quietly and just update its scrollbar.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


class LinesView(ScrollView):
    """Base class: keep ``overflow-y: scroll`` and call ``set_lines_size``."""

    DEFAULT_CSS = """
    LinesView {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def set_lines_size(self, size: Size) -> None:
        """Take a new virtual size without a layout (the scrollbar is always there)."""
        if size == self.virtual_size:
            return
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        self.refresh()
