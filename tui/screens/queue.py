"""The review queue: records on the left, their source text and detail on the right.

Every review key lives here. Database work runs in worker threads that open
their own connection through ``store`` and post a message back; the handlers
only update widgets. Status keys show their result at once and move on, and
the database confirms in the background; writes take their turns in key
order (``tui.turns``), so undo always reverts the last key pressed.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from extract.models import HMIP_SCALE
from store import StoreError, open_db
from store import changes as ch
from store.db import describe_sqlite_error
from store.queue import (
    JUDGEMENT,
    PAGE_SIZE,
    RECOMMENDATION,
    Key,
    QueueQuery,
    QueueRow,
    next_unreviewed,
    queue_page,
    queue_rows,
    record_key,
)
from store.review import Progress, RecordDetail, document_progress, document_text, record_detail
from tui.turns import Turns
from tui.widgets.detail_pane import DetailPane
from tui.widgets.queue_table import QueueTable
from tui.widgets.source_pane import SourcePane

Ref = tuple[str, int]
STATUS_FILTERS = (None, "unreviewed", "flagged", "verified", "rejected")
TEXT_CACHE = 8  # documents whose text is kept in memory


def _judge_keys() -> list[Binding]:
    keys = [
        Binding(
            "1",
            "judge(1)",
            "Judge",
            key_display="1-5",
            tooltip="Set the judgement (1 = lowest) or record one by hand on a recommendation",
            id="queue.judge_1",
        )
    ]
    keys += [
        Binding(str(n), f"judge({n})", f"Judge {n}", show=False, id=f"queue.judge_{n}")
        for n in range(2, 6)
    ]
    return keys


class QueueScreen(Screen[None]):
    """Review records one by one beside the text they came from."""

    CSS_PATH = "queue.tcss"
    BINDINGS = [
        Binding("j", "next_record", "Next", show=False, id="queue.next"),
        Binding("k", "previous_record", "Previous", show=False, id="queue.previous"),
        Binding(
            "v",
            "verify",
            "Verify",
            tooltip="Verified; on to the next unreviewed",
            id="queue.verify",
        ),
        Binding(
            "f", "flag", "Flag", tooltip="Flag with an optional note; move on", id="queue.flag"
        ),
        Binding(
            "x",
            "reject",
            "Reject",
            tooltip="Not a real record: a parsing artefact",
            id="queue.reject",
        ),
        Binding("e,enter", "edit", "Edit", id="queue.edit"),
        *_judge_keys(),
        Binding(
            "u",
            "undo",
            "Undo",
            tooltip="Undo your last change (even after a restart)",
            id="queue.undo",
        ),
        Binding("slash", "search", "Search", id="queue.search"),
        Binding("o", "outstanding", "Outstanding", id="queue.outstanding"),
        Binding("l", "links", "Links", show=False, id="queue.links"),
        Binding("n", "new_record", "New from selection", show=False, id="queue.new"),
        Binding("s", "cycle_status", "Filter by status", show=False, id="queue.filter_status"),
        Binding(
            "w", "toggle_warnings", "Only with warnings", show=False, id="queue.filter_warnings"
        ),
        Binding(
            "d", "toggle_document", "Only this document", show=False, id="queue.filter_document"
        ),
        Binding("p", "toggle_prison", "Only this prison", show=False, id="queue.filter_prison"),
        Binding("c", "toggle_order", "Uncertain first", show=False, id="queue.order"),
        Binding("r", "reload", "Reload", show=False, id="queue.reload"),
        Binding("q", "app.quit", "Quit", id="queue.quit"),
    ]

    # --- messages from the workers ----------------------------------------------

    class PageLoaded(Message):
        def __init__(self, query: QueueQuery, page, cursor: int | Ref, adopt: bool) -> None:
            super().__init__()
            self.queue_query, self.page, self.cursor, self.adopt = query, page, cursor, adopt

    class DetailLoaded(Message):
        def __init__(
            self, ref: Ref, detail: RecordDetail | None, text: str | None, progress: Progress | None
        ) -> None:
            super().__init__()
            self.ref, self.detail, self.text, self.progress = ref, detail, text, progress

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

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="main"):
            yield QueueTable(id="queue")
            with Vertical(id="right"):
                yield SourcePane(id="source")
                yield Static("Detail", id="detail-title", classes="pane-title")
                yield DetailPane(id="detail")
        yield Static("Loading…", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "hmip-review"
        self.sub_title = f"{self.db_path.name} · {self.reviewer}"
        self.table.focus()
        self.load_page(self.queue_query, first_unreviewed=True)

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

    @work(thread=True, group="detail", exclusive=True)
    def load_detail(self, ref: Ref, need_text: bool) -> None:
        def job(db):
            detail = record_detail(db, *ref)
            document_id = detail.record.get("document_id") if detail else None
            text = document_text(db, document_id) if need_text and document_id else None
            progress = document_progress(db, document_id) if document_id else None
            return self.DetailLoaded(ref, detail, text, progress)

        self._run(job)

    @work(thread=True, group="write")
    def _write(self, ticket: int, op: Callable) -> None:
        with self._turns.turn(ticket):

            def job(db):
                result = op(db)
                records = getattr(result, "records", [])
                rows = queue_rows(db, records)
                documents = [r.document_id for r in rows]
                progress = document_progress(db, documents[0]) if documents else None
                return self.Written(result, rows, progress)

            self._run(job, reload_on_error=True)

    def change(self, op: Callable) -> None:
        """Run ``op(db)`` (a ``store.changes`` call) as the next write in key order."""
        self._write(self._turns.ticket(), op)

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
        if not rows:
            self.detail = None
            self.query_one(DetailPane).show(None)
            empty = (
                "No records match these filters."
                if self.queue_query != QueueQuery(order=self.queue_query.order)
                else ("No records yet: import documents with  hmip-review import PATH")
            )
            self.query_one("#source-title", Static).update(empty)
        self._show_status()

    @on(QueueTable.RowHighlighted)
    def record_changed(self, event: QueueTable.RowHighlighted) -> None:
        row = self.current
        self._show_status()
        if row is not None:
            self.load_detail(row.ref, row.document_id not in self._texts)

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
        if message.progress is not None:
            self.sub_title = str(message.progress)

    @on(Written)
    def written(self, message: Written) -> None:
        result = message.result
        for row in message.rows:
            self.table.refresh_record(row)
        if message.progress is not None:
            current = self.current
            if current is None or current.document_id == message.progress.document_id:
                self.sub_title = str(message.progress)
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
            line.update(f"error: {message.reason}")
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
            line.update(f"0 records · {self.describe_query()}")
            return
        at = page.offset + self.table.cursor_row + 1
        line.update(f"{at}/{page.total} · {self.describe_query()} · reviewer {self.reviewer}")

    # --- moving ---------------------------------------------------------------------------

    def action_next_record(self) -> None:
        self.table.action_cursor_down()

    def action_previous_record(self) -> None:
        self.table.action_cursor_up()

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

    # --- review keys ----------------------------------------------------------------------

    def _mark(self, status: str, note: str | None = None) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        self.table.set_status(row.ref, status)
        self.change(lambda db: ch.set_status(db, self.reviewer, row.ref, status, note))
        self._move_to_next_unreviewed(replace(row, review_status=status))

    def action_verify(self) -> None:
        self._mark("verified")

    def action_reject(self) -> None:
        self._mark("rejected")

    def action_flag(self) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        from tui.screens.note import NoteScreen

        def flagged(note: str | None) -> None:
            if note is not None and self.current is not None and self.current.ref == row.ref:
                self._mark("flagged", note)

        self.app.push_screen(
            NoteScreen(
                f"Flag {self._label(row)}",
                "What is wrong? (optional; enter to flag, escape to cancel)",
                placeholder="e.g. owner and target swapped",
            ),
            flagged,
        )

    def _label(self, row: QueueRow) -> str:
        kind = "recommendation" if row.kind == RECOMMENDATION else "judgement"
        return f"{kind} {row.no or '(no number)'} of {row.document}"

    def _current_detail(self) -> RecordDetail | None:
        row = self.current
        if row is None or self.detail is None or self.detail.ref != row.ref:
            self.app.bell()
            return None
        return self.detail

    def action_edit(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if detail.kind == RECOMMENDATION:
            from store.review import draft_of
            from tui.screens.edit import EditScreen

            source = self._texts.get(detail.record.get("document_id"), "")

            def save(draft) -> None:
                if draft is not None:
                    self.change(lambda db: ch.save_recommendation(db, self.reviewer, draft))

            self.app.push_screen(
                EditScreen(draft_of(detail.record, detail.actions), detail, source), save
            )
        else:
            from tui.screens.judgement_edit import JudgementEditScreen

            def save_judgement(fields) -> None:
                if fields:
                    self.change(
                        lambda db: ch.update_judgement(db, self.reviewer, detail.id, **fields)
                    )

            self.app.push_screen(JudgementEditScreen(detail), save_judgement)

    def action_judge(self, level: int) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if detail.kind == JUDGEMENT:
            inspectorate = detail.record.get("inspectorate") or "HMIP"
            scale = ch.SCALES.get(inspectorate, HMIP_SCALE)
            if level > len(scale):
                levels = ", ".join(f"{i} {s}" for i, s in enumerate(scale, start=1))
                self.notify(f"{inspectorate} judges on {len(scale)} levels: {levels}.")
                return
            value = scale[level - 1]
            self.change(lambda db: ch.set_judgement(db, self.reviewer, detail.id, value))
            self.notify(f"Judgement: {value}")
            return
        if level > len(HMIP_SCALE):
            levels = ", ".join(f"{i} {s}" for i, s in enumerate(HMIP_SCALE, start=1))
            self.notify(f"A progress judgement by hand is on HMIP's scale: {levels}.")
            return
        value = HMIP_SCALE[level - 1]
        from tui.screens.note import NoteScreen

        def record(note: str | None) -> None:
            if note is not None:
                self.change(
                    lambda db: ch.record_progress(db, self.reviewer, detail.id, value, note)
                )

        self.app.push_screen(
            NoteScreen(
                f"Record “{value}” for {detail.record.get('rec_no') or 'this recommendation'}",
                "Where is the judgement from? It is kept as the judgement's source text.",
                placeholder="e.g. IRP visit notes, 12 May 2023",
            ),
            record,
        )

    def action_undo(self) -> None:
        self.change(lambda db: ch.undo(db, self.reviewer))

    def action_links(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if detail.kind != JUDGEMENT:
            self.notify("Links belong to judgement records: open one of an IRP report.")
            return
        from tui.screens.links import LinksScreen

        def save(links) -> None:
            if links is not None:
                self.change(lambda db: ch.save_links(db, self.reviewer, detail.id, links))

        self.app.push_screen(LinksScreen(self.db_path, detail), save)

    def action_new_record(self) -> None:
        source = self.query_one(SourcePane)
        span = source.selected_span()
        if source.document_id is None or span is None or span == source.span:
            self.notify(
                "Select the text of the missed record in the source pane first "
                "(tab to it, then shift+arrows), then press n.",
                title="New record",
            )
            return
        document_id = source.document_id
        self.change(lambda db: ch.create_record(db, self.reviewer, document_id, *span))

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.db_path), self.jump_to)

    def action_outstanding(self) -> None:
        row = self.current
        if row is None or not row.establishment:
            self.notify("Move to a record of the prison first.")
            return
        try:
            from tui.screens.outstanding import OutstandingScreen
        except ImportError:
            self.notify("The outstanding actions screen is not available.", severity="warning")
            return

        def back(recommendation_id: int | None) -> None:
            if recommendation_id is not None:
                self.jump_to((RECOMMENDATION, recommendation_id))

        self.app.push_screen(OutstandingScreen(self.db_path, row.establishment), back)

    # --- filters --------------------------------------------------------------------------

    def _requery(self, query: QueueQuery) -> None:
        self.queue_query = query
        row = self.current
        if row is not None:
            self.load_page(query, keep=row.ref)
        else:
            self.load_page(query)

    def action_cycle_status(self) -> None:
        at = STATUS_FILTERS.index(self.queue_query.status)
        self._requery(
            replace(self.queue_query, status=STATUS_FILTERS[(at + 1) % len(STATUS_FILTERS)])
        )

    def action_toggle_warnings(self) -> None:
        self._requery(replace(self.queue_query, warnings_only=not self.queue_query.warnings_only))

    def action_toggle_document(self) -> None:
        row = self.current
        document_id = (
            None if self.queue_query.document_id is not None or row is None else row.document_id
        )
        self._requery(replace(self.queue_query, document_id=document_id))

    def action_toggle_prison(self) -> None:
        row = self.current
        name = (
            None if self.queue_query.establishment is not None or row is None else row.establishment
        )
        self._requery(replace(self.queue_query, establishment=name))

    def action_toggle_order(self) -> None:
        order = "document" if self.queue_query.order == "uncertain" else "uncertain"
        self._requery(replace(self.queue_query, order=order))

    def action_reload(self) -> None:
        self._texts.clear()
        self.query_one(SourcePane).document_id = None
        self._reload(keep=self.current.ref if self.current else None)
