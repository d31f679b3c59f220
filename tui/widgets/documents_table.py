"""The table of the documents screen: rows of fixed-width cells with a row cursor.

Drawn a line at a time, only the lines in view: a DataTable measures every
cell of every row when rows are added, which at 2,000 documents costs most of
a second each time the filter or the sort changes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.widgets.cell_text import fit_middle
from tui.widgets.lines import LinesView

# text, style, justify ('left' | 'right' | 'name': left, a cut keeping the name's end)
Cell = tuple[str, Style, str]
Column = tuple[str, int, str]  # label, width, justify


def fit(text: str, width: int, justify: str = "left") -> str:
    """``text`` cut (with …) or padded to ``width``; a ``name`` is cut keeping what tells
    it apart (``tui.widgets.cell_text.fit_middle``: 'Test…son12')."""
    if justify == "name":
        return fit_middle(text, width).ljust(width)
    if len(text) > width:
        return text[: max(0, width - 1)] + "…" if width > 1 else text[:width]
    return text.rjust(width) if justify == "right" else text.ljust(width)


def header_line(columns: list[Column]) -> str:
    """The column labels, laid out as the rows are (one space either side of a cell)."""
    return "".join(f" {fit(label, width, justify)} " for label, width, justify in columns)


class DocumentsTable(LinesView, can_focus=False):
    """Rows of cells with a cursor; the screen's filter box keeps the focus and moves it."""

    COMPONENT_CLASSES = {"documents-table--cursor", "documents-table--even-row"}
    DEFAULT_CSS = """
    DocumentsTable {
        background: $surface;
        & > .documents-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .documents-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to ``row`` (-1: no rows)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """A row was clicked twice."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns: list[Column] = []
        self.rows: list[list[Cell]] = []
        self.cursor_row = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def row_texts(self, row: int) -> list[str]:
        return [text for text, _, _ in self.rows[row]]

    def show(self, columns: list[Column], rows: list[list[Cell]], cursor: int = 0) -> None:
        self.columns, self.rows = columns, rows
        width = sum(width + 2 for _, width, _ in columns)
        self.set_lines_size(Size(width, len(rows)))
        self.move_cursor(row=cursor)
        self.refresh()

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1)) if self.rows else -1
        if self.cursor_row >= 0:
            height = self.scrollable_content_region.height or 1
            top = int(self.scroll_y)
            if self.cursor_row < top:
                self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
            elif self.cursor_row >= top + height:
                self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.cursor_row))

    def cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(1, self.scrollable_content_region.height - 1))

    def page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y
        if 0 <= row < len(self.rows):
            if row == self.cursor_row and event.chain > 1:
                self.post_message(self.Selected(row))
            else:
                self.move_cursor(row=row)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor_row:
            base = self.get_component_rich_style("documents-table--cursor")
        elif index % 2:
            base = self.get_component_rich_style("documents-table--even-row")
        else:
            base = self.rich_style
        segments = [
            Segment(f" {fit(text, col_width, justify)} ", base + style)
            for (text, style, justify), (_, col_width, _) in zip(
                self.rows[index], self.columns, strict=False
            )
        ]
        return Strip(segments).extend_cell_length(width, base).crop(0, width)
