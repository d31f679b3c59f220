"""The queue screen's handlers: what it shows when its workers answer.

``QueueHandlers`` handles the messages of ``QueueWorkers``
(``tui.screens.queue_workers``) and the queue table's events: the page, the record
with its source text and progress, the result of a write, a failure. Each handler
only updates widgets and drops an answer the reviewer has moved past. The status
line under the table is drawn here too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from textual import on
from textual.widgets import Static

from store.domain import JUDGEMENT, RECOMMENDATION
from store.review import changes as ch
from store.review.queue import QueueQuery
from store.review.records import Progress
from tui.screens.queue_workers import QueueWorkers
from tui.widgets.detail_pane import DetailPane
from tui.widgets.queue_table import QueueTable
from tui.widgets.source_pane import SourcePane

# an undo of one field changed alike on many records (store.review.reviewer_undo)
_MANY = re.compile(r"^[a-z ]+ of \d+ records ")
RECORD_KINDS_BY_TABLE = {"recommendations": RECOMMENDATION, "judgements": JUDGEMENT}
TEXT_CACHE = 8  # documents whose text is kept in memory
PREFETCH = 25  # read the next page when the cursor is this close to the last row
MAX_ROWS = 2000  # rows kept in the table before a next page replaces them


class QueueHandlers(QueueWorkers):
    """Shows the pages, records and write results that the queue's workers post."""

    @on(QueueWorkers.PageLoaded)
    def show_page(self, message: QueueWorkers.PageLoaded) -> None:
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
            self.query_one(SourcePane).clear(empty)
            query = self.queue_query
            if query.document_id is not None and query == QueueQuery(
                document_id=query.document_id, order=query.order
            ):
                # a document with no records at all (its table could not be read):
                # its text, so that the reviewer can select a missed record and press n
                self.load_document_text(query.document_id)
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

    @on(QueueWorkers.NextPageRead)
    def add_next_page(self, message: QueueWorkers.NextPageRead) -> None:
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

    @on(QueueWorkers.DetailLoaded)
    def show_detail(self, message: QueueWorkers.DetailLoaded) -> None:
        """Show a record in the detail pane and its span in the source pane, together."""
        row = self.current
        if row is None or row.ref != message.ref:
            return  # the cursor has moved on
        detail = message.detail
        if detail is None:  # gone from the database since the queue was read
            self.detail = None
            self.query_one(SourcePane).clear("No such record any more: r reads the queue again.")
            self.query_one(DetailPane).show(None)
            return
        # a judgement recorded by hand has no document: its recommendation's text is shown
        document_id = detail.source_document_id
        if document_id is None:  # linked to no recommendation: no text to show
            self.detail = detail
            self.query_one(SourcePane).clear("No source text: this record has no document.")
            self.query_one(DetailPane).show(detail)
            return
        if message.text is not None:
            self._texts[document_id] = message.text
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        if document_id not in self._texts:
            # its text was dropped from memory after this was asked for: the panes keep
            # the record they show until it is read again with its text
            self.load_detail(message.ref, True)
            return
        self.detail = detail
        self._texts.move_to_end(document_id)
        source = self.query_one(SourcePane)
        source.load(document_id, self._texts[document_id])
        start, end = detail.source_span
        label = f"Source · {detail.source_label}"
        if start is None:
            source.show_span(start, end, label)
        else:  # shorter where the pane is narrow: the offsets kept, then the document
            span = f"{start}–{end}"
            source.show_span(
                start, end, f"{label} · characters {span}", f"{label} · {span}", f"Source · {span}"
            )
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

    @on(QueueWorkers.Written)
    def written(self, message: QueueWorkers.Written) -> None:
        result = message.result
        self._writes_done += 1
        for row in message.rows:
            self.table.refresh_record(row)
        if message.progress is not None:
            current = self.current
            if current is None or current.document_id == message.progress.document_id:
                self._show_progress(message.progress)
        if isinstance(result, ch.UndoResult):
            self._show_undone(result, message.rows)
        elif result is None:
            self.notify("Nothing of yours to undo.", title="Undo")
        elif result.queue_changed:
            # a row added or moved (a judgement recorded by hand, shown after its
            # recommendation): read the queue again, the cursor where it is
            self._reload(keep=self.current.ref if self.current else None)
        elif result.created is not None:
            self.load_page(self.queue_query, keep=result.created, adopt=True)
            self.notify("A new record from the selected text: e edits it.", title="New record")
        if result is not None and getattr(result, "summary", None):
            self.notify(result.summary, title="Saved")
        current = self.current
        if (
            current is not None
            and result is not None
            and current.ref in getattr(result, "records", [])
        ):
            self.load_detail(current.ref, current.document_id not in self._texts)

    def _show_undone(self, result: ch.UndoResult, rows: list) -> None:
        """Move to the record the undo changed (wherever it is in the queue, unless the
        filters hide it) and name it:
        "Undone on Ashdown 2021 5.3: agreement 'Not Agreed' → 'Agreed'"."""
        touched = next((r for ref in result.records for r in rows if r.ref == ref), None)
        removed = _records_removed(result, rows)
        if touched is None:  # the record is gone (an undone new record): stay here
            self.notify(f"Undone: {removed or result.description}", title="Undo")
            self._reload(keep=self.current.ref if self.current else None)
            return
        if removed:  # an undone new record: named, the queue on the record now in its place
            self.notify(f"Undone in {touched.document}: {removed}", title="Undo")
        elif _MANY.match(result.description):  # V undone: the document, not one record
            self.notify(f"Undone in {touched.document}: {result.description}", title="Undo")
        else:
            back = _records_back(result, rows, touched.ref)
            self.notify(
                f"Undone on {touched.document} {touched.no or '(no number)'}: "
                f"{back + '; ' if back else ''}{result.description}",
                title="Undo",
            )
        # the filters stay: a record they hide now (verified, in a queue of the
        # unreviewed) is not shown, the cursor stays where it is
        here = self.current.ref if self.current else None
        self.load_page(self.queue_query, keep=touched.ref, or_keep=here)

    @on(QueueWorkers.Failed)
    def failed(self, message: QueueWorkers.Failed) -> None:
        line = self.query_one("#status-line", Static)
        if self.page is None:
            line.add_class("-error")
            line.update(f"error: {message.reason}", layout=False)
        self.notify(
            message.reason, title="Not saved" if message.reload else "Error", severity="error"
        )
        if message.reload:
            self._reload(keep=self.current.ref if self.current else None)

    @on(QueueWorkers.DocumentTextLoaded)
    def show_document_text(self, message: QueueWorkers.DocumentTextLoaded) -> None:
        if self.current is not None or self.queue_query.document_id != message.document_id:
            return  # a record is shown now, or another document asked for
        self._show_progress(message.progress)  # the title names this document, not the last one
        source = self.query_one(SourcePane)
        source.load(message.document_id, message.text)
        source.show_span(
            None,
            None,
            "Source · no records in this document: select a missed record's text "
            "(tab, shift+arrows) and press n",
            "No records: select a missed record's text (tab, shift+arrows), then n",
        )

    @on(QueueWorkers.Conflicted)
    def conflicted(self, message: QueueWorkers.Conflicted) -> None:
        """Someone else changed the same thing: the caller's handler lets the reviewer choose."""
        message.on_conflict(message.error)

    @on(QueueWorkers.Notice)
    def notice(self, message: QueueWorkers.Notice) -> None:
        self.notify(message.text)

    @on(QueueWorkers.Answered)
    def answered(self, message: QueueWorkers.Answered) -> None:
        message.then(message.value)

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
        if q.overdue_only:
            parts.append("overdue")
        if q.conflicts_only:
            parts.append("merge conflicts")
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


def _records_back(result: ch.UndoResult, rows: list, named: tuple) -> str | None:
    """'record 5.7 is back' when the undo put back records a change had deleted (``m``
    merged 5.7 into 5.6): the queue moves to the one kept, this names the other."""
    there = {row.ref: row for row in rows}
    back = [
        f"{'record' if table == 'recommendations' else 'judgement'} "
        f"{there[ref].no or '(no number)'}"
        for table, row_id, whole in result.undone.rows
        if table in RECORD_KINDS_BY_TABLE
        and whole is not None
        and (ref := (RECORD_KINDS_BY_TABLE[table], row_id)) in there
        and ref != named
    ]
    if not back:
        return None
    return f"{', '.join(back)} {'is' if len(back) == 1 else 'are'} back"


def _records_removed(result: ch.UndoResult, rows: list) -> str | None:
    """'the new record 5.4 is removed' when the undo took away records a change had
    added (``n``, a judgement recorded by hand), which the queue cannot move to."""
    there = {row.ref for row in rows}
    gone = [
        f"{'record' if table == 'recommendations' else 'judgement'} "
        f"{whole.get('rec_no') or whole.get('ref') or '(no number)'}"
        for table, row_id, whole in result.undone.rows
        if table in RECORD_KINDS_BY_TABLE
        and whole is not None
        and (RECORD_KINDS_BY_TABLE[table], row_id) not in there
    ]
    return f"the new {', '.join(gone)} is removed" if gone else None
