"""The review queue: pages of records in a table that draws one line at a time.

A line-API widget (like Toolong's log view) rather than a ``DataTable``: a
row is drawn from its record when it comes into view and kept until that
record changes, so marking a record redraws one line, not the whole table,
and a page read ahead is added below without measuring a cell. At the first
and last row, moving on asks for another page with ``EdgeReached``.

What a row shows is in ``tui.widgets.queue_cells``; the bottom two lines show the
highlighted row's values in full.
"""

from __future__ import annotations

from dataclasses import replace

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from store.review.queue import QueueRow
from tui.widgets.cell_text import pack
from tui.widgets.lines import LinesView
from tui.widgets.queue_cells import (
    COLUMNS,
    STRIP_LINES,
    cells,
    columns,
    fit_cell,
    status_mark,
    strip_parts,
)

__all__ = ["QueueTable", "cells", "status_mark"]


class QueueTable(LinesView, can_focus=True, inherit_bindings=False):
    """One or more pages of the review queue, with a row cursor.

    It takes only the keys that move its cursor one row (the arrows) and enter:
    the scroll keys a scrolling widget has (PageDown, Home, …) are left to the
    screen, which scrolls the detail with them, so the cursor, the record the
    review keys act on, never jumps.
    """

    COMPONENT_CLASSES = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--even-row",
        "queue-table--strip",
    }
    DEFAULT_CSS = """
    QueueTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        & > .queue-table--header {
            text-style: bold;
            background: $panel;
        }
        & > .queue-table--strip {
            background: $panel;
        }
        & > .queue-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .queue-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .queue-table--header {
            background: $primary;
            color: $text;
        }
        &:focus > .queue-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False, id="queue_table.cursor_down"),
        Binding("up", "cursor_up", "Up", show=False, id="queue_table.cursor_up"),
        Binding("enter", "select", "Edit", show=False, id="queue_table.select"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class _RowMessage(Message):
        """A message about one row of the table."""

        def __init__(self, table: QueueTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> QueueTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor is on another row."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the cursor row) chose the row."""

    class EdgeReached(Message):
        """The cursor tried to move past the last (``forward``) or first row."""

        def __init__(self, table: QueueTable, forward: bool) -> None:
            super().__init__()
            self.table = table
            self.forward = forward

        @property
        def control(self) -> QueueTable:
            return self.table

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.records: list[QueueRow] = []
        self._strips: dict[int, Strip] = {}  # row index → drawn row, without cursor or stripe
        self._width = 0

    # --- data ------------------------------------------------------------------------

    @property
    def current(self) -> QueueRow | None:
        """The record under the cursor."""
        if 0 <= self.cursor_row < len(self.records):
            return self.records[self.cursor_row]
        return None

    @property
    def row_count(self) -> int:
        return len(self.records)

    def show(self, records: list[QueueRow], cursor: int = 0) -> None:
        """Replace the rows with ``records`` and put the cursor on row ``cursor``."""
        self.records = list(records)
        self._strips.clear()
        self._resize()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(row=max(0, min(cursor, len(self.records) - 1)))
        self.refresh()

    def append(self, records: list[QueueRow]) -> None:
        """Add rows below the last (the next page, read ahead)."""
        shown = {r.ref for r in self.records}
        self.records.extend(r for r in records if r.ref not in shown)
        self._resize()

    def refresh_record(self, record: QueueRow) -> None:
        """Show a record's new values if it is in the table."""
        index = self.index_of(record.ref)
        if index is not None:
            self.records[index] = record
            self._strips.pop(index, None)
            self._refresh_row(index)

    def set_status(self, ref: tuple[str, int], status: str) -> None:
        """Show a status at once, before the database has confirmed it."""
        index = self.index_of(ref)
        if index is not None:
            self.refresh_record(replace(self.records[index], review_status=status))

    def index_of(self, ref: tuple[str, int]) -> int | None:
        return next((i for i, r in enumerate(self.records) if r.ref == ref), None)

    def next_unreviewed(self) -> int | None:
        """The index of the first unreviewed record below the cursor."""
        return next(
            (
                i
                for i in range(self.cursor_row + 1, len(self.records))
                if self.records[i].review_status == "unreviewed"
            ),
            None,
        )

    # --- the cursor ------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        if not self.records:
            return
        self.cursor_row = max(0, min(row, len(self.records) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._refresh_strip()
        self._scroll_cursor_into_view()
        if self.records:
            self.post_message(self.RowHighlighted(self, new))

    def _scroll_cursor_into_view(self) -> None:
        rows = self._rows_shown
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        if self.records and self.cursor_row >= len(self.records) - 1:
            self.post_message(self.EdgeReached(self, forward=True))
            return
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        if self.records and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, forward=False))
            return
        self.move_cursor(row=self.cursor_row - 1)

    def action_select(self) -> None:
        if self.records:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1 or event.y > self._rows_shown or not self.records:
            return
        row = int(self.scroll_y) + event.y - 1
        if row >= len(self.records):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row=row)

    # --- drawing -----------------------------------------------------------------------

    def _resize(self) -> None:
        self.set_lines_size(Size(self.size.width, len(self.records) + 1 + STRIP_LINES))

    @property
    def _rows_shown(self) -> int:
        """How many records fit between the header and the strip."""
        return max(1, self.scrollable_content_region.height - 1 - STRIP_LINES)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self._strips.clear()
        self._resize()
        self._scroll_cursor_into_view()

    def _refresh_row(self, index: int) -> None:
        y = index - int(self.scroll_y) + 1
        if 1 <= y <= self._rows_shown:
            self.refresh(Region(0, y, self.size.width, 1))
        if index == self.cursor_row:
            self._refresh_strip()

    def _refresh_strip(self) -> None:
        top = self.scrollable_content_region.height - STRIP_LINES
        self.refresh(Region(0, max(0, top), self.size.width, STRIP_LINES))

    def _draw(self, parts: list[tuple[str, Style, str]], width: int) -> Strip:
        segments = []
        last = len(COLUMNS) - 1
        for index, ((text, style, justify), column) in enumerate(
            zip(parts, columns(width), strict=True)
        ):
            if column <= 0:
                continue
            cell = fit_cell(text, column - 1, justify, middle=index == last)
            segments.append(Segment(" " + cell, style))
        return Strip(segments).crop_extend(0, width, None)

    def _draw_strip(self, line: int, width: int) -> Strip:
        text = pack(strip_parts(self.current), max(1, width - 2), STRIP_LINES)[line]
        strip_style = self.get_component_rich_style("queue-table--strip")
        return Strip([Segment(" " + text)]).crop_extend(0, width, None).apply_style(strip_style)

    def on_focus(self) -> None:
        self.refresh(Region(0, 0, self.size.width, 1))

    def on_blur(self) -> None:
        self.refresh(Region(0, 0, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = [
                (label, Style(), "center" if label == "st" else "left") for label, _ in COLUMNS
            ]
            style = self.get_component_rich_style("queue-table--header")
            return self._draw(header, width).apply_style(style)
        strip_line = y - (self.scrollable_content_region.height - STRIP_LINES)
        if strip_line >= 0:
            return self._draw_strip(strip_line, width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.records):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._draw(cells(self.records[index]), width)
        if index == self.cursor_row:
            background = self.get_component_rich_style("queue-table--cursor")
        elif index % 2 == 0:
            background = self.get_component_rich_style("queue-table--even-row")
        else:
            background = self.rich_style
        return strip.apply_style(background)
