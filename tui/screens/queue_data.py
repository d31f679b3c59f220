"""The queue screen's data: workers that read and write through ``store``, and the
handlers that show what they post back.

``QueueData`` is the base of ``QueueScreen``. Every database call runs in a
worker thread that opens its own connection (SQLite connections belong to the
thread that opened them) and posts a message; the handlers here only update
widgets. Status keys show their result at once and the database confirms in
the background; writes take their turns in key order (``tui.turns``), so undo
always reverts the last key pressed.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from store import StoreError, open_db
from store.db import describe_sqlite_error
from store.review import changes as ch
from store.review.queue import (
    PAGE_SIZE,
    Key,
    QueueQuery,
    QueueRow,
    next_unreviewed,
    queue_page,
    queue_rows,
    record_key,
)
from store.review.records import (
    Progress,
    RecordDetail,
    document_progress,
    document_text,
    record_detail,
)
from tui.turns import Turns
from tui.widgets.detail_pane import DetailPane
from tui.widgets.queue_table import QueueTable
from tui.widgets.source_pane import SourcePane

Ref = tuple[str, int]
TEXT_CACHE = 8  # documents whose text is kept in memory
PREFETCH = 25  # read the next page when the cursor is this close to the last row
MAX_ROWS = 2000  # rows kept in the table before a next page replaces them


class QueueData(Screen[None]):
    """Reads pages, records and progress; writes changes; shows what comes back."""

    # --- messages from the workers ----------------------------------------------

    class PageLoaded(Message):
        def __init__(self, query: QueueQuery, page, cursor: int | Ref, adopt: bool) -> None:
            super().__init__()
            self.queue_query, self.page, self.cursor, self.adopt = query, page, cursor, adopt

    class NextPageRead(Message):
        """The page after ``after`` was read ahead, to be added below the table's rows."""

        def __init__(self, query: QueueQuery, after: Key, page) -> None:
            super().__init__()
            self.queue_query, self.after, self.page = query, after, page

    class DetailLoaded(Message):
        def __init__(
            self,
            ref: Ref,
            detail: RecordDetail | None,
            text: str | None,
            progress: Progress | None,
            writes_seen: int,
        ) -> None:
            super().__init__()
            self.ref, self.detail, self.text, self.progress = ref, detail, text, progress
            self.writes_seen = writes_seen  # writes saved when it was read

    class Written(Message):
        def __init__(self, result, rows: list[QueueRow], progress: Progress | None) -> None:
            super().__init__()
            self.result, self.rows, self.progress = result, rows, progress

    class Failed(Message):
        def __init__(self, reason: str, reload: bool = False) -> None:
            super().__init__()
            self.reason, self.reload = reason, reload

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, db_path: Path, reviewer: str, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.page_size = page_size
        self.queue_query = QueueQuery()
        self.page = None
        self.detail: RecordDetail | None = None
        self._texts: OrderedDict[int, str] = OrderedDict()
        self._turns = Turns()
        self._reading_ahead = False
        self._writes_done = 0  # writes whose result has been shown
        self._settled = False  # the app has been told the first record is on the screen
        self._progress_document: int | None = None

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    @property
    def current(self) -> QueueRow | None:
        return self.table.current

    # --- workers ---------------------------------------------------------------------

    def _run(self, job: Callable, *, reload_on_error: bool = False) -> None:
        """Open a connection in this worker thread, run ``job(db)``, post what it returns."""
        try:
            db = open_db(self.db_path, create=False)
            try:
                message = job(db)
            finally:
                db.close()
        except StoreError as exc:
            message = self.Failed(str(exc), reload_on_error)
        except sqlite3.Error as exc:
            message = self.Failed(describe_sqlite_error(exc), reload_on_error)
        if message is not None and not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, group="page", exclusive=True)
    def load_page(
        self,
        query: QueueQuery,
        *,
        after: Key | None = None,
        before: Key | None = None,
        start: Key | None = None,
        first_unreviewed: bool = False,
        unreviewed_after: Key | None = None,
        keep: Ref | None = None,
        adopt: bool = False,
    ) -> None:
        """Read a page of the queue and post it (see the keyword arguments for which)."""

        def job(db):
            nonlocal start, query
            cursor: int | Ref = -1 if before is not None else 0
            if first_unreviewed:
                start = next_unreviewed(db, query, None)
            if unreviewed_after is not None:
                start = next_unreviewed(db, query, unreviewed_after)
                if start is None:
                    return self.Notice("No unreviewed records after this one in this queue.")
            if keep is not None:
                start = record_key(db, query, keep)
                if start is None and adopt:
                    query = QueueQuery(order=query.order)
                    start = record_key(db, query, keep)
                cursor = keep
            page = queue_page(
                db, query, after=after, before=before, start=start, limit=self.page_size
            )
            return self.PageLoaded(query, page, cursor, adopt)

        self._run(job)

    @work(thread=True, group="read_ahead", exclusive=True)
    def read_ahead(self, query: QueueQuery, after: Key) -> None:
        """Read the page after the table's last row before the cursor gets there."""

        def job(db):
            page = queue_page(db, query, after=after, limit=self.page_size)
            return self.NextPageRead(query, after, page)

        self._run(job)

    @work(thread=True, group="detail", exclusive=True)
    def load_detail(self, ref: Ref, need_text: bool) -> None:
        writes_seen = self._writes_done

        def job(db):
            detail = record_detail(db, *ref)
            document_id = detail.record.get("document_id") if detail else None
            text = document_text(db, document_id) if need_text and document_id else None
            progress = document_progress(db, document_id) if document_id else None
            return self.DetailLoaded(ref, detail, text, progress, writes_seen)

        self._run(job)

    @work(thread=True, group="write")
    def _write(self, ticket: int, op: Callable, places: dict[Ref, Key]) -> None:
        with self._turns.turn(ticket):

            def job(db):
                result = op(db)
                records = getattr(result, "records", [])
                rows = queue_rows(db, records, places)
                documents = [r.document_id for r in rows]
                progress = document_progress(db, documents[0]) if documents else None
                return self.Written(result, rows, progress)

            self._run(job, reload_on_error=True)

    def change(
        self, op: Callable, *, after_move: bool = False, about: QueueRow | None = None
    ) -> None:
        """Run ``op(db)`` (a ``store.review.changes`` call) as the next write in key order.

        ``about`` is the row the change is about (default: the current one); its
        row comes back in the place the table has it, read without ranking every
        document (``store.review.queue.queue_rows``). With ``after_move`` the worker
        starts once the cursor's move has been handled, so that the next record
        is read before the write competes for the CPU; its ticket is taken now,
        so writes still run in key order.
        """
        ticket = self._turns.ticket()
        row = about or self.current
        places = {row.ref: row.key} if row is not None else {}
        if after_move:
            self.call_later(self._write, ticket, op, places)
        else:
            self._write(ticket, op, places)

    # --- handlers -----------------------------------------------------------------------

    @on(PageLoaded)
    def show_page(self, message: PageLoaded) -> None:
        if message.queue_query != self.queue_query and not message.adopt:
            return  # the filters changed while it was read
        self.queue_query = message.queue_query
        self.page = message.page
        rows = message.page.rows
        cursor = message.cursor
        if isinstance(cursor, tuple):
            cursor = next((i for i, r in enumerate(rows) if r.ref == cursor), 0)
        elif cursor < 0:
            cursor = len(rows) - 1
        self.table.show(rows, cursor)
        self._reading_ahead = False
        if not rows:
            self.detail = None
            self.query_one(DetailPane).show(None)
            empty = (
                "No records match these filters."
                if self.queue_query != QueueQuery(order=self.queue_query.order)
                else ("No records yet: import documents with  hmip-review import PATH")
            )
            self.query_one("#source-title", Static).update(empty, layout=False)
        self._show_status()

    @on(QueueTable.RowHighlighted)
    def record_changed(self, event: QueueTable.RowHighlighted) -> None:
        row = self.current
        self._show_status()
        if row is not None:
            self.load_detail(row.ref, row.document_id not in self._texts)
            self._maybe_read_ahead()

    def _maybe_read_ahead(self) -> None:
        table, page = self.table, self.page
        if page is None or not page.more_after or self._reading_ahead or not table.records:
            return
        if len(table.records) - table.cursor_row <= PREFETCH:
            self._reading_ahead = True
            self.read_ahead(self.queue_query, table.records[-1].key)

    @on(NextPageRead)
    def add_next_page(self, message: NextPageRead) -> None:
        self._reading_ahead = False
        table = self.table
        if (
            message.queue_query != self.queue_query
            or self.page is None
            or not table.records
            or table.records[-1].key != message.after
        ):
            return  # the queue has changed since it was asked for
        if len(table.records) + len(message.page.rows) > MAX_ROWS:
            return  # the cursor will take the next page at the edge instead
        table.append(message.page.rows)
        self.page = replace(self.page, more_after=message.page.more_after, total=message.page.total)

    @on(QueueTable.RowSelected)
    def row_selected(self, event: QueueTable.RowSelected) -> None:
        self.action_edit()

    @on(QueueTable.EdgeReached)
    def next_page(self, event: QueueTable.EdgeReached) -> None:
        if self.page is None or not self.table.records:
            return
        if event.forward and self.page.more_after:
            self.load_page(self.queue_query, after=self.table.records[-1].key)
        elif not event.forward and self.page.more_before:
            self.load_page(self.queue_query, before=self.table.records[0].key)

    @on(DetailLoaded)
    def show_detail(self, message: DetailLoaded) -> None:
        row = self.current
        if row is None or row.ref != message.ref:
            return  # the cursor has moved on
        detail = message.detail
        self.detail = detail
        source = self.query_one(SourcePane)
        if detail is None:
            self.query_one(DetailPane).show(None)
            return
        document_id = detail.record.get("document_id")
        if message.text is not None:
            self._texts[document_id] = message.text
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        if document_id in self._texts:
            self._texts.move_to_end(document_id)
            source.load(document_id, self._texts[document_id])
            start, end = detail.record.get("span_start"), detail.record.get("span_end")
            where = f" · characters {start}–{end}" if start is not None else ""
            source.show_span(start, end, f"Source · {detail.document.get('label', '')}{where}")
        else:
            self.load_detail(message.ref, True)
        self.query_one(DetailPane).show(detail)
        self._show_progress(message.progress, message.writes_seen)
        if not self._settled:
            self._settled = True
            self.call_after_refresh(self.app.settle)

    def _show_progress(self, progress: Progress | None, writes_seen: int | None = None) -> None:
        """Show a document's progress in the header, unless it was read before a write
        whose newer count of the same document is already shown."""
        if progress is None:
            return
        stale = writes_seen is not None and writes_seen < self._writes_done
        if stale and progress.document_id == self._progress_document:
            return
        self._progress_document = progress.document_id
        self.sub_title = str(progress)

    @on(Written)
    def written(self, message: Written) -> None:
        result = message.result
        self._writes_done += 1
        for row in message.rows:
            self.table.refresh_record(row)
        if message.progress is not None:
            current = self.current
            if current is None or current.document_id == message.progress.document_id:
                self._show_progress(message.progress)
        if isinstance(result, ch.UndoResult):
            self.notify(f"Undone: {result.description}", title="Undo")
            self._reload(keep=self.current.ref if self.current else None)
        elif result is None:
            self.notify("Nothing of yours to undo.", title="Undo")
        elif result.created is not None:
            self.load_page(self.queue_query, keep=result.created, adopt=True)
            self.notify("A new record from the selected text: e edits it.", title="New record")
        current = self.current
        if (
            current is not None
            and result is not None
            and current.ref in getattr(result, "records", [])
        ):
            self.load_detail(current.ref, current.document_id not in self._texts)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        line = self.query_one("#status-line", Static)
        if self.page is None:
            line.add_class("-error")
            line.update(f"error: {message.reason}", layout=False)
        self.notify(
            message.reason, title="Not saved" if message.reload else "Error", severity="error"
        )
        if message.reload:
            self._reload(keep=self.current.ref if self.current else None)

    @on(Notice)
    def notice(self, message: Notice) -> None:
        self.notify(message.text)

    # --- status line ----------------------------------------------------------------------

    def describe_query(self) -> str:
        q = self.queue_query
        parts = [q.status or "all statuses"]
        if q.document_id is not None:
            parts.append("this document")
        if q.establishment is not None:
            parts.append(q.establishment)
        if q.warnings_only:
            parts.append("with warnings")
        parts.append("uncertain first" if q.order == "uncertain" else "document order")
        return " · ".join(parts)

    def _show_status(self) -> None:
        line = self.query_one("#status-line", Static)
        line.remove_class("-error")
        page = self.page
        if page is None:
            return
        if not page.rows:
            line.update(f"0 records · {self.describe_query()}", layout=False)
            return
        at = page.offset + self.table.cursor_row + 1
        line.update(
            f"{at}/{page.total} · {self.describe_query()} · reviewer {self.reviewer}", layout=False
        )

    # --- moving ---------------------------------------------------------------------------

    def _move_to_next_unreviewed(self, row: QueueRow) -> None:
        index = self.table.next_unreviewed()
        if index is not None:
            self.table.move_cursor(row=index, animate=False)
        elif self.page is not None and self.page.more_after:
            self.load_page(self.queue_query, unreviewed_after=row.key)
        else:
            self.notify("No unreviewed records after this one in this queue.")

    def jump_to(self, ref: Ref | None) -> None:
        """Show a record in the queue, dropping the filters if they hide it."""
        if ref is not None:
            self.load_page(self.queue_query, keep=ref, adopt=True)

    def _reload(self, keep: Ref | None = None) -> None:
        if keep is not None:
            self.load_page(self.queue_query, keep=keep)
        else:
            self.load_page(self.queue_query, first_unreviewed=True)
