"""The source pane: the document's text, scrolled to the record's span, the span selected.

It shows what the parser saw, made readable (``tui.widgets.source_text``:
paragraph markup as paragraph breaks, hard-wrapped lines as paragraphs) without
changing it: every offset this pane takes or gives is an offset of the stored
text (``documents.text``), mapped exactly to and from what is on screen. The
reviewer can also select other text here (tab to it, then shift and the arrow
keys) to make a record the parser missed.
"""

from __future__ import annotations

from bisect import bisect_right

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from tui.widgets.cell_text import PaneTitle
from tui.widgets.source_text import ShownText, render


class SourceText(TextArea):
    """The read-only text, kept scrolled to the place it was asked to show.

    A scroll offset counts wrapped rows, and the same row is other text once the
    text is wrapped at another width. So the place is kept as a selection of the
    text, and after every wrap (a resize, the scrollbar coming or going) the view
    scrolls back to it: the start one row below the top. Once the reviewer moves
    the selection themselves, a wrap keeps their cursor in view instead.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Selection | None = None  # what show() selected

    def show(self, selection: Selection) -> None:
        """Select ``selection`` and scroll so that its start is near the top."""
        self._shown = selection
        self.selection = selection
        self._scroll_to_shown()

    @property
    def shown_selection(self) -> Selection | None:
        """What ``show`` last selected (the reviewer may have moved away from it)."""
        return self._shown

    def _scroll_to_shown(self) -> None:
        if self._shown is None:
            return
        y = self.wrapped_document.location_to_offset(min(self._shown)).y
        self.scroll_to(y=max(0, y - 1), animate=False, immediate=True)

    def on_resize(self) -> None:
        # TextArea wraps the text again in its own resize handler, which runs after
        # this one: scroll once it has
        self.call_later(self._keep_place)

    def _keep_place(self) -> None:
        if self._shown is not None and self.selection == self._shown:
            self._scroll_to_shown()
        else:
            self.scroll_cursor_visible()


class SourcePane(Vertical):
    """A document's text with one span selected."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document_id: int | None = None
        self.span: tuple[int, int] | None = None
        self._text = ""
        self._shown: ShownText = render("")
        self._line_starts: list[int] = [0]  # of the shown text's lines
        self._lines: list[int] = [0]  # length of each shown line without its end

    def compose(self) -> ComposeResult:
        yield PaneTitle("Source", id="source-title", classes="pane-title")
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
        """Show a document's text (only when it is not the text already shown)."""
        if self.document_id == document_id and self._text == text:
            return
        self.document_id = document_id
        self._set_text(text)

    def clear(self, *title: str) -> None:
        """Show no text, only ``title`` (no record to show; wordings longest first)."""
        self.document_id = None
        self.span = None
        self._set_text("")
        self.query_one(PaneTitle).show(*title)
        self.text_area.show(Selection.cursor((0, 0)))

    @property
    def stored_text(self) -> str:
        """The document's text as stored (the pane shows ``shown.text``)."""
        return self._text

    @property
    def shown(self) -> ShownText:
        """What the pane shows, with its map to the stored text."""
        return self._shown

    def _set_text(self, text: str) -> None:
        self._text = text
        self._shown = render(text)
        self.text_area.load_text(self._shown.text)
        self._line_starts, self._lines = [], []
        offset = 0
        for line in self._shown.text.split("\n"):  # the only line end shown
            self._line_starts.append(offset)
            self._lines.append(len(line))
            offset += len(line) + 1

    def location(self, offset: int, *, end: bool = False) -> tuple[int, int]:
        """The (line, column) on screen of a character offset of the stored text
        (``end``: of a span's end, which takes in markup it ends inside)."""
        return self._at(self._shown.to_shown(offset, end=end))

    def offset(self, location: tuple[int, int], *, end: bool = False) -> int:
        """The stored text's offset of a (line, column) on screen (``end``: of a
        selection's end, which takes in the markup shown as nothing after it)."""
        return self._shown.to_stored(self._shown_offset(location), end=end)

    def show_span(self, start: int | None, end: int | None, *title: str) -> None:
        """Select ``start``..``end`` and scroll so that its start is near the top;
        ``title``: the pane's title, wordings longest first (the first that fits)."""
        self.query_one(PaneTitle).show(*title)
        if start is None or end is None:
            self.span = None
            self.text_area.show(Selection.cursor((0, 0)))
            return
        self.span = (start, end)
        first, last = self._shown.shown_span(start, max(start, end))
        self.text_area.show(Selection(self._at(last), self._at(first)))

    def _at(self, shown: int) -> tuple[int, int]:
        row = max(0, bisect_right(self._line_starts, shown) - 1)
        return (row, min(shown - self._line_starts[row], self._lines[row]))

    def selected_span(self) -> tuple[int, int] | None:
        """The stored text's span the reviewer has selected, or None for an empty
        selection. The record's own span, as selected by ``show_span``, is that span
        exactly; any other selection takes in whole any markup it reaches into."""
        area = self.text_area
        selection = area.selection
        if self.span is not None and selection == area.shown_selection:
            return self.span
        a, b = self._shown_offset(selection.start), self._shown_offset(selection.end)
        start, end = self._shown.stored_span(a, b)
        return (start, end) if end > start else None

    def _shown_offset(self, location: tuple[int, int]) -> int:
        row, column = location
        row = max(0, min(row, len(self._line_starts) - 1))
        return self._line_starts[row] + max(0, min(column, self._lines[row]))
