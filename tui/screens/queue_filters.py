"""The queue screen's filters and jumps: status, warnings, overdue, merge conflicts (and
resolving one), this document, this prison or a picked one, order, re-read; the next
unreviewed record.

``QueueFilters`` is a base of ``QueueScreen`` (whose ``BINDINGS`` declare the
keys). Each filter makes a new ``QueueQuery`` and reads the queue again, keeping
the current record when the new query still holds it.
"""

from __future__ import annotations

from dataclasses import replace

from store.review.queue import QueueQuery
from tui.screens.queue_conflicts import QueueConflicts

STATUS_FILTERS = (None, "unreviewed", "flagged", "verified", "rejected")


class QueueFilters(QueueConflicts):
    """The filter keys' actions."""

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

    def action_toggle_overdue(self) -> None:
        self._requery(replace(self.queue_query, overdue_only=not self.queue_query.overdue_only))

    def action_toggle_conflicts(self) -> None:
        """Only the records a merge flagged with a conflict still to resolve (R resolves)."""
        self._requery(replace(self.queue_query, conflicts_only=not self.queue_query.conflicts_only))

    def action_resolve_conflict(self) -> None:
        """The current record's merge conflicts, to keep ours or take theirs
        (``tui.screens.merge_conflict``)."""
        from tui.screens.merge_conflict import resolve_conflicts

        resolve_conflicts(self)

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

    def action_pick_prison(self) -> None:
        from tui.screens.prison_picker import PrisonPicker

        row = self.current
        self.app.push_screen(
            PrisonPicker(self.db_path, row.establishment if row else None), self._prison_picked
        )

    def _prison_picked(self, choice) -> None:
        """The picker's answer (``tui.screens.prison_picker.PrisonChoice``): the queue of
        that prison's records, the documents screen filtered by its name, or the prison
        screen."""
        from tui.screens.prison_picker import DOCUMENTS, OVER_TIME

        if choice is None:
            return
        name = choice.establishment.name
        if choice.then == OVER_TIME:
            from tui.screens.prison import open_prison

            open_prison(self, name)
            return
        if choice.then == DOCUMENTS:
            self.call_later(self._documents_of, choice.establishment.short)
            return
        self._requery(replace(self.queue_query, establishment=name, document_id=None))

    async def _documents_of(self, name: str) -> None:
        from textual.widgets import Input

        from tui.screens.documents import DocumentsScreen

        screen = DocumentsScreen(self.db_path)
        await self.app.push_screen(screen, self.open_document)
        screen.query_one(Input).value = name

    def action_toggle_order(self) -> None:
        order = "document" if self.queue_query.order == "uncertain" else "uncertain"
        self._requery(replace(self.queue_query, order=order))

    def action_reload(self) -> None:
        self._texts.clear()  # the source pane takes the text read again (tui.widgets.source_pane)
        self._reload(keep=self.current.ref if self.current else None)

    def action_next_unreviewed(self) -> None:
        """The next unreviewed record in the queue's order, changing nothing; after the
        last one, the first of the queue again (said so); a notice when none is left."""
        row = self.current
        if row is None:
            self.app.bell()
            return
        status = self.queue_query.status
        if status not in (None, "unreviewed"):
            self.notify(f"This queue shows only {status} records: s changes the filter.")
            return
        index = self.table.next_unreviewed()
        if index is not None:
            self.table.move_cursor(row=index, animate=False)
            return
        self.load_page(self.queue_query, unreviewed_after=row.key, wrap=True)
