"""The source pane: the document's text, scrolled to the record's span, the span selected.

It shows what the parser saw. The reviewer can also select other text here
(tab to it, then shift and the arrow keys) to make a record the parser missed.
"""

from __future__ import annotations

from bisect import bisect_right

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection


class SourceText(TextArea):
    """The read-only text itself (a class of its own so styles and tests can find it)."""


class SourcePane(Vertical):
    """A document's text with one span selected."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document_id: int | None = None
        self.span: tuple[int, int] | None = None
        self._line_starts: list[int] = [0]
        self._lines: list[int] = [0]  # length of each line without its end

    def compose(self) -> ComposeResult:
        yield Static("Source", id="source-title", classes="pane-title")
        yield SourceText(
            "",
            read_only=True,
            soft_wrap=True,
            show_cursor=True,
            id="source-text",
        )

    @property
    def text_area(self) -> SourceText:
        return self.query_one(SourceText)

    def has_text(self, document_id: int) -> bool:
        return self.document_id == document_id

    def load(self, document_id: int, text: str) -> None:
        """Show a document's text (only when it is not the one already shown)."""
        if self.document_id == document_id:
            return
        self.document_id = document_id
        self.text_area.load_text(text)
        self._line_starts, self._lines = [], []
        offset = 0
        for line in text.splitlines(keepends=True):
            self._line_starts.append(offset)
            self._lines.append(len(line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")))
            offset += len(line)
        if not self._line_starts:
            self._line_starts, self._lines = [0], [0]

    def location(self, offset: int) -> tuple[int, int]:
        """The (line, column) of a character offset of the text."""
        row = max(0, bisect_right(self._line_starts, max(0, offset)) - 1)
        return (row, min(offset - self._line_starts[row], self._lines[row]))

    def offset(self, location: tuple[int, int]) -> int:
        row, column = location
        row = max(0, min(row, len(self._line_starts) - 1))
        return self._line_starts[row] + column

    def show_span(self, start: int | None, end: int | None, title: str) -> None:
        """Select ``start``..``end`` and scroll so that its start is near the top."""
        self.query_one("#source-title", Static).update(title, layout=False)
        area = self.text_area
        if start is None or end is None:
            self.span = None
            area.selection = Selection.cursor((0, 0))
            area.scroll_home(animate=False)
            return
        self.span = (start, end)
        first, last = self.location(start), self.location(max(start, end))
        area.selection = Selection(last, first)
        y = area.wrapped_document.location_to_offset(first).y
        area.scroll_to(y=max(0, y - 1), animate=False, immediate=True)

    def selected_span(self) -> tuple[int, int] | None:
        """The character span the reviewer has selected, or None for an empty selection."""
        selection = self.text_area.selection
        a, b = self.offset(selection.start), self.offset(selection.end)
        start, end = min(a, b), max(a, b)
        return (start, end) if end > start else None
