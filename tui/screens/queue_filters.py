"""The queue screen's filters: status, warnings, this document, this prison, order, re-read.

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
        self._texts.clear()  # the source pane takes the text read again (tui.widgets.source_pane)
        self._reload(keep=self.current.ref if self.current else None)
