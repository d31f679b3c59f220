"""The queue screen's workers: the messages they post and the reads and writes they do.

``QueueWorkers`` is the base of the queue screen (``QueueHandlers`` in
``tui.screens.queue_handlers`` shows what these workers post; ``QueueScreen`` in
``tui.screens.queue`` has the keys). Every database call runs in a worker thread
through ``tui.background.run_and_post``: its own connection, a message posted
back, a failure posted as ``Failed``. Status keys show their result at once and
the database confirms in the background; writes take their turns in key order
(``tui.turns``), so undo always reverts the last key pressed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.message import Message
from textual.screen import Screen

from store.review.conflicts import ConflictError
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
from tui.background import run_and_post
from tui.turns import Turns
from tui.widgets.queue_table import QueueTable

Ref = tuple[str, int]


class QueueWorkers(Screen[None]):
    """Reads pages, records and progress and writes changes, each in a worker thread."""

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

    class DocumentTextLoaded(Message):
        """The text of a document whose queue is empty, to mark its records by hand."""

        def __init__(self, document_id: int, text: str, progress: Progress | None) -> None:
            super().__init__()
            self.document_id, self.text, self.progress = document_id, text, progress

    class Conflicted(Message):
        """A change met someone else's change to the same thing; nothing was written."""

        def __init__(self, error: ConflictError, on_conflict: Callable[[ConflictError], None]):
            super().__init__()
            self.error, self.on_conflict = error, on_conflict

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Answered(Message):
        """What ``read_then`` read, for the callback it was given (on the UI thread)."""

        def __init__(self, value, then: Callable[[object], None]) -> None:
            super().__init__()
            self.value, self.then = value, then

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
        or_keep: Ref | None = None,
        wrap: bool = False,
    ) -> None:
        """Read a page of the queue and post it (see the keyword arguments for which);
        ``or_keep``: the record to stay on where the filters hide ``keep``; ``wrap``: with
        ``unreviewed_after``, from the start of the queue when none is after it."""

        def job(db):
            nonlocal start, query
            cursor: int | Ref = -1 if before is not None else 0
            if first_unreviewed:
                start = next_unreviewed(db, query, None)
            if unreviewed_after is not None:
                start = next_unreviewed(db, query, unreviewed_after)
                if start is None and wrap:
                    start = next_unreviewed(db, query, None)
                    if start is None or start == unreviewed_after:
                        return self.Notice("No other unreviewed record in this queue.")
                    self.post_message(
                        self.Notice("Back to the top: the first unreviewed record of this queue.")
                    )
                if start is None:
                    return self.Notice("No unreviewed records after this one in this queue.")
            if keep is not None:
                start = record_key(db, query, keep)
                if start is None and adopt:
                    query = QueueQuery(order=query.order)
                    start = record_key(db, query, keep)
                cursor = keep
                if start is None and or_keep is not None:
                    start = record_key(db, query, or_keep)
                    cursor = or_keep
            page = queue_page(
                db, query, after=after, before=before, start=start, limit=self.page_size
            )
            return self.PageLoaded(query, page, cursor, adopt)

        run_and_post(self, self.db_path, job, on_error=self.Failed)

    @work(thread=True, group="read_ahead", exclusive=True)
    def read_ahead(self, query: QueueQuery, after: Key) -> None:
        """Read the page after the table's last row before the cursor gets there."""

        def job(db):
            page = queue_page(db, query, after=after, limit=self.page_size)
            return self.NextPageRead(query, after, page)

        run_and_post(self, self.db_path, job, on_error=self.Failed)

    @work(thread=True, group="detail", exclusive=True)
    def load_detail(self, ref: Ref, need_text: bool) -> None:
        writes_seen = self._writes_done

        def job(db):
            detail = record_detail(db, *ref)
            document_id = detail.source_document_id if detail else None
            text = document_text(db, document_id) if need_text and document_id else None
            progress = document_progress(db, document_id) if document_id else None
            return self.DetailLoaded(ref, detail, text, progress, writes_seen)

        run_and_post(self, self.db_path, job, on_error=self.Failed)

    @work(thread=True, group="detail", exclusive=True)
    def load_document_text(self, document_id: int) -> None:
        """Read a document's text for the source pane when it has no record to show."""
        run_and_post(
            self,
            self.db_path,
            lambda db: self.DocumentTextLoaded(
                document_id, document_text(db, document_id), document_progress(db, document_id)
            ),
            on_error=self.Failed,
        )

    @work(thread=True, group="ask")
    def read_then(self, read: Callable, then: Callable[[object], None]) -> None:
        """Read ``read(db)`` in a worker, then call ``then`` with it on the UI thread
        (to ask the reviewer about what was read: "Verify the 17 … ?")."""
        run_and_post(
            self, self.db_path, lambda db: self.Answered(read(db), then), on_error=self.Failed
        )

    @work(thread=True, group="write")
    def _write(
        self,
        ticket: int,
        op: Callable,
        places: dict[Ref, Key],
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> None:
        with self._turns.turn(ticket):

            def job(db):
                try:
                    result = op(db)
                except ConflictError as error:
                    if on_conflict is None:
                        raise
                    return self.Conflicted(error, on_conflict)
                records = getattr(result, "records", [])
                rows = queue_rows(db, records, places)
                documents = [r.document_id for r in rows]
                progress = document_progress(db, documents[0]) if documents else None
                return self.Written(result, rows, progress)

            run_and_post(
                self, self.db_path, job, on_error=lambda reason: self.Failed(reason, reload=True)
            )

    def change(
        self,
        op: Callable,
        *,
        after_move: bool = False,
        about: QueueRow | None = None,
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> None:
        """Run ``op(db)`` (a ``store.review.changes`` call) as the next write in key order.

        ``about`` is the row the change is about (default: the current one); its
        row comes back in the place the table has it, read without ranking every
        document (``store.review.queue.queue_rows``). With ``after_move`` the worker
        starts once the cursor's move has been handled, so that the next record
        is read before the write competes for the CPU; its ticket is taken now,
        so writes still run in key order. Where the change meets someone else's
        change to the same thing (``ConflictError``), ``on_conflict`` is called
        with it on the UI thread to let the reviewer choose; without one it
        fails like any other error, never silently.
        """
        ticket = self._turns.ticket()
        row = about or self.current
        places = {row.ref: row.key} if row is not None else {}
        if after_move:
            self.call_later(self._write, ticket, op, places, on_conflict)
        else:
            self._write(ticket, op, places, on_conflict)

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
