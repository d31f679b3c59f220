"""The review queue: records on the left, their source text and detail on the right.

Every review key is declared once, in ``tui.screens.queue_keys`` (the footer, the
help screen and the command palette all read that list); the keys' actions are
here and in the bases: the filters and jumps (``tui.screens.queue_filters``),
bulk and record surgery (``tui.screens.queue_surgery``: V, m, n). What the keys
read and write goes through the workers of ``QueueWorkers``
(``tui.screens.queue_workers``); what the workers post back is shown by
``QueueHandlers`` (``tui.screens.queue_handlers``).
"""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from store.domain import HMIP, HMIP_SCALE, JUDGEMENT, RECOMMENDATION, scale_of
from store.review import changes as ch
from store.review.queue import QueueRow
from store.review.records import RecordDetail
from tui.screens.queue_keys import QUEUE_BINDINGS
from tui.screens.queue_surgery import QueueSurgery
from tui.widgets.detail_pane import DetailPane
from tui.widgets.footer import ReviewFooter
from tui.widgets.queue_table import QueueTable
from tui.widgets.source_pane import SourcePane

Ref = tuple[str, int]


class QueueScreen(QueueSurgery):
    """Review records one by one beside the text they came from."""

    CSS_PATH = "queue.tcss"
    BINDINGS = QUEUE_BINDINGS

    def compose(self) -> ComposeResult:
        # a title line of our own: textual's Header lays the screen out again when its
        # subtitle changes, and the progress changes with every v
        yield Static("hmip-review", id="title-bar")
        with Horizontal(id="main"):
            yield QueueTable(id="queue")
            with Vertical(id="right"):
                yield SourcePane(id="source")
                with Vertical(id="detail-box"):
                    yield Static("Detail", id="detail-title", classes="pane-title")
                    yield DetailPane(id="detail")
        yield Static("Loading…", id="status-line")
        yield ReviewFooter()

    def on_mount(self) -> None:
        self.title = "hmip-review"
        self.sub_title = f"{self.db_path.name} · {self.reviewer}"
        self.table.focus()
        self.load_page(self.queue_query, first_unreviewed=True)

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def _mark_focused_pane(self) -> None:
        """The title bar of the pane with the focus in the accent colour (the queue's
        header row marks itself: tui/widgets/queue_table.py)."""
        focused = self.focused
        for pane, title in (("#source", "#source-title"), ("#detail-box", "#detail-title")):
            inside = focused is not None and self.query_one(pane) in focused.ancestors_with_self
            self.query_one(title).set_class(inside, "-focused")

    def watch_sub_title(self, sub_title: str | None) -> None:
        if self.is_mounted:
            self.query_one("#title-bar", Static).update(
                f"hmip-review — {sub_title}" if sub_title else "hmip-review", layout=False
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once the reviewer has pressed q, the keys typed after it do nothing."""
        return not getattr(self.app, "quitting", False)

    # --- moving ---------------------------------------------------------------------------

    def action_next_record(self) -> None:
        self.table.action_cursor_down()

    def action_previous_record(self) -> None:
        self.table.action_cursor_up()

    def action_scroll_detail(self, how: str) -> None:
        """PageDown, PageUp, Home and End from the queue: the detail pane scrolls, the
        queue's cursor stays on the record (j/k and the arrows move it)."""
        detail = self.query_one(DetailPane)
        if how == "page_down":
            detail.scroll_page_down(animate=False)
        elif how == "page_up":
            detail.scroll_page_up(animate=False)
        elif how == "home":
            detail.scroll_home(animate=False)
        else:
            detail.scroll_end(animate=False)

    # --- review keys ----------------------------------------------------------------------

    def _mark(self, status: str, note: str | None = None) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        self.table.set_status(row.ref, status)
        self._move_to_next_unreviewed(replace(row, review_status=status))
        self.write_status(row, status, note)

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
            from store.review.records import draft_of

            source = self._texts.get(detail.record.get("document_id"), "")
            self.edit_draft(draft_of(detail.record, detail.actions), detail, source)
        else:
            from tui.screens.judgement_edit import JudgementEditScreen

            def save_judgement(fields) -> None:
                if fields:
                    self.save_judgement(detail, fields)

            self.app.push_screen(JudgementEditScreen(detail), save_judgement)

    def action_judge(self, level: int) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if detail.kind == JUDGEMENT:
            inspectorate = detail.record.get("inspectorate") or HMIP
            scale = scale_of(inspectorate)
            if level > len(scale):
                levels = ", ".join(f"{i} {s}" for i, s in enumerate(scale, start=1))
                self.notify(f"{inspectorate} judges on {len(scale)} levels: {levels}.")
                return
            value = scale[level - 1]
            self.save_judgement(detail, {"judgement": value})
            self.notify(f"Judgement: {value}")
            return
        if level > len(HMIP_SCALE):
            levels = ", ".join(f"{i} {s}" for i, s in enumerate(HMIP_SCALE, start=1))
            self.notify(f"A progress judgement by hand is on HMIP's scale: {levels}.")
            return
        value = HMIP_SCALE[level - 1]
        from tui.screens.progress_entry import ProgressEntry, ProgressEntryScreen

        def record(entry: ProgressEntry | None) -> None:
            # the queue shows the judgement after the recommendation, the cursor stays on
            # the recommendation; the same judgement on the same day again is refused
            if entry is not None:
                self.change(
                    lambda db: ch.record_progress(
                        db, self.reviewer, detail.id, value, entry.note, entry.judged_on
                    )
                )

        self.app.push_screen(
            ProgressEntryScreen(
                f"Record “{value}” for {detail.record.get('rec_no') or 'this recommendation'}"
            ),
            record,
        )

    def action_undo(self) -> None:
        self.undo()

    def action_links(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if detail.kind != JUDGEMENT:  # its judgements and repeat links
            from tui.screens.repeat_links import open_repeat_links

            open_repeat_links(self, detail)
            return
        from tui.screens.links import LinksScreen

        def save(links) -> None:
            if links is not None:
                self.change(lambda db: ch.save_links(db, self.reviewer, detail.id, links))

        self.app.push_screen(LinksScreen(self.db_path, detail), save)

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

    def action_prison(self) -> None:
        from tui.screens.prison import open_prison

        open_prison(self)

    def action_documents(self) -> None:
        from tui.screens.documents import DocumentsScreen

        self.app.push_screen(DocumentsScreen(self.db_path), self.open_document)

    def open_document(self, document_id: int | None) -> None:
        """The queue of one document (picked on the documents screen)."""
        if document_id is not None:
            query = replace(self.queue_query, document_id=document_id, establishment=None)
            self.queue_query = query
            self.load_page(query, first_unreviewed=True)
