"""The review queue: one page of records in a table, asking for more at its edges."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from store.queue import RECOMMENDATION, QueueRow

COLUMNS = (("st", "status"), ("no", "no"), ("agreed/judged", "value"), ("act", "actions"))
COLUMNS += (("⚠", "warnings"), ("document", "document"))
STATUS_MARKS = {
    "unreviewed": ("·", "dim"),
    "verified": ("✓", "bold green"),
    "flagged": ("!", "bold yellow"),
    "rejected": ("✗", "bold red"),
}
SHORT_VALUES = {
    "Partly Agreed": "Partly",
    "Not Agreed": "Not agreed",
    "No meaningful progress": "No meaningful",
    "Insufficient progress": "Insufficient",
    "Reasonable progress": "Reasonable",
    "Good progress": "Good",
    "Significant progress": "Significant",
}


def row_key(ref: tuple[str, int]) -> str:
    return f"{ref[0]}:{ref[1]}"


def status_mark(status: str) -> Text:
    mark, style = STATUS_MARKS.get(status, ("?", ""))
    return Text(mark, style=style, justify="center")


def cells(row: QueueRow) -> list[Text | str]:
    """The table cells of one queue row."""
    value = SHORT_VALUES.get(row.value or "", row.value or "—")
    if row.kind == RECOMMENDATION and row.inferred:
        value_cell = Text(f"{value}?", style="italic yellow")
    elif row.value is None:
        value_cell = Text("—", style="dim")
    else:
        value_cell = Text(value)
    return [
        status_mark(row.review_status),
        Text(row.no or "—", style="" if row.no else "dim"),
        value_cell,
        Text(str(row.actions) if row.kind == RECOMMENDATION else "", justify="right"),
        Text(str(row.warnings), style="bold yellow", justify="right") if row.warnings else "",
        Text(row.document, style="dim"),
    ]


class QueueTable(DataTable):
    """One page of the review queue. At the last (first) row, moving on asks for the next
    (previous) page with ``EdgeReached`` instead of stopping."""

    class EdgeReached(Message):
        """The cursor tried to move past the last (``forward``) or first row of the page."""

        def __init__(self, table: QueueTable, forward: bool) -> None:
            super().__init__()
            self.table = table
            self.forward = forward

        @property
        def control(self) -> QueueTable:
            return self.table

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.records: list[QueueRow] = []

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key)

    @property
    def current(self) -> QueueRow | None:
        """The record under the cursor."""
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]

    def show(self, records: list[QueueRow], cursor: int = 0) -> None:
        """Replace the rows with ``records`` and put the cursor on row ``cursor``."""
        self.records = list(records)
        self.clear()
        for record in self.records:
            self.add_row(*cells(record), key=row_key(record.ref))
        if self.records:
            self.move_cursor(row=max(0, min(cursor, len(self.records) - 1)), animate=False)

    def refresh_record(self, record: QueueRow) -> None:
        """Show a record's new values if it is on this page."""
        for index, shown in enumerate(self.records):
            if shown.ref == record.ref:
                self.records[index] = record
                for (_, column), value in zip(COLUMNS, cells(record), strict=True):
                    self.update_cell(row_key(record.ref), column, value)
                return

    def set_status(self, ref: tuple[str, int], status: str) -> None:
        """Show a status at once, before the database has confirmed it."""
        for shown in self.records:
            if shown.ref == ref:
                self.refresh_record(replace(shown, review_status=status))
                return

    def index_of(self, ref: tuple[str, int]) -> int | None:
        return next((i for i, r in enumerate(self.records) if r.ref == ref), None)

    def next_unreviewed(self) -> int | None:
        """The index of the first unreviewed record below the cursor on this page."""
        start = self.cursor_row + 1
        return next(
            (
                i
                for i in range(start, len(self.records))
                if self.records[i].review_status == "unreviewed"
            ),
            None,
        )

    def action_cursor_down(self) -> None:
        if self.records and self.cursor_row >= len(self.records) - 1:
            self.post_message(self.EdgeReached(self, forward=True))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.records and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, forward=False))
            return
        super().action_cursor_up()
