"""Search: records whose text, actions or notes contain what is typed; enter goes to one."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from store.review.records import SearchHit, search_records
from tui.background import run_and_post
from tui.widgets.queue_table import status_mark


class SearchScreen(Screen[tuple[str, int] | None]):
    """Dismissed with the chosen record's (kind, id), or None on escape."""

    CSS_PATH = "search.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("down", "results", "Results", show=False, id="search.results"),
    ]

    class Found(Message):
        def __init__(self, text: str, hits: list[SearchHit] | None, error: str = "") -> None:
            super().__init__()
            self.text, self.hits, self.error = text, hits, error

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="/")
        yield Input(placeholder="Search the text of records, actions and notes", id="search-input")
        yield Static(
            "Type to search; ↓ or enter to the results, enter opens one.", id="search-status"
        )
        yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Search"
        table = self.query_one(DataTable)
        for label in ("st", "document", "no", "where", "text"):
            table.add_column(label, key=label)
        self.query_one(Input).focus()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.action_results()

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        """Find the records containing ``text`` in a worker thread and post them back."""
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Found(text, search_records(db, text)),
            on_error=lambda reason: self.Found(text, None, reason),
        )

    @on(Found)
    def show(self, message: Found) -> None:
        if message.text != self.query_one(Input).value:
            return
        status = self.query_one("#search-status", Static)
        if message.hits is None:
            status.update(Text(f"error: {message.error}", style="red"))
            return
        self.hits = message.hits
        table = self.query_one(DataTable)
        table.clear()
        for hit in self.hits:
            table.add_row(
                status_mark(hit.review_status),
                hit.document,
                hit.no or "—",
                hit.field,
                hit.snippet,
            )
        if not message.text.strip():
            status.update("Type to search; ↓ or enter to the results, enter opens one.")
        else:
            more = "+" if len(self.hits) >= 200 else ""
            n = len(self.hits)
            records = "record contains" if n == 1 and not more else "records contain"
            status.update(f"{n}{more} {records} “{message.text.strip()}”")

    def action_results(self) -> None:
        if self.hits:
            self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        hit = self.hits[event.cursor_row]
        self.dismiss((hit.kind, hit.id))

    def action_close(self) -> None:
        self.dismiss(None)
