"""The review app. For now: a read-only list of the imported records.

The app never runs SQL: a worker thread opens its own connection through
``store`` (SQLite connections belong to the thread that opened them), reads the
records and posts them back in a message.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from store import StoreError, list_records, open_db
from store.queries import RecordRow

COLUMNS = ("establishment", "rec no", "agreement", "actions", "warnings", "status")


class ReviewApp(App[None]):
    """Browse the records of one hmip-review database."""

    CSS_PATH = "app.tcss"
    TITLE = "hmip-review"
    BINDINGS = [
        Binding("j", "next_record", "Next", id="next"),
        Binding("k", "previous_record", "Previous", id="previous"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    class RecordsLoaded(Message):
        """The worker read the records."""

        def __init__(self, records: list[RecordRow]) -> None:
            super().__init__()
            self.records = records

    class LoadFailed(Message):
        """The worker could not read the database."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, db: str | Path, reviewer: str | None = None) -> None:
        super().__init__()
        self.db_path = Path(db)
        self.reviewer = reviewer or "reviewer"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="records", cursor_type="row", zebra_stripes=True)
        yield Static("Loading records…", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.db_path.name} · reviewer: {self.reviewer}"
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load_records()

    @work(thread=True, exclusive=True)
    def load_records(self) -> None:
        """Read every record in a worker thread and post them to the app."""
        try:
            db = open_db(self.db_path, create=False)
        except StoreError as exc:
            self.post_message(self.LoadFailed(str(exc)))
            return
        try:
            records = list_records(db)
        finally:
            db.close()
        self.post_message(self.RecordsLoaded(records))

    def action_next_record(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_previous_record(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    @on(RecordsLoaded)
    def show_records(self, message: RecordsLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for record in message.records:
            table.add_row(
                record.establishment or "",
                record.rec_no or "",
                record.agreement or "",
                str(record.actions),
                str(record.warnings) if record.warnings else "",
                record.review_status,
                key=str(record.id),
            )
        status = self.query_one("#status", Static)
        if message.records:
            status.update(f"{len(message.records)} records (read-only for now)")
        else:
            status.update("No records yet: import documents with  hmip-review import PATH")
        table.focus()

    @on(LoadFailed)
    def show_failure(self, message: LoadFailed) -> None:
        status = self.query_one("#status", Static)
        status.add_class("-error")
        status.update(f"error: {message.reason}")
