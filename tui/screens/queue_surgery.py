"""The queue's keys that change more than one record's status or fields at once.

``V`` verifies the rest of the current document (after asking, naming how many),
``m`` merges the current record with the next one of its document (the inverse
of a split), ``n`` makes a record the parser missed from the lines selected in
the source pane, read as the importer reads a table row. Each is one change of
the audit trail (``store.review``), so one ``u`` undoes it.
``QueueSurgery`` is a base of ``QueueScreen`` (whose ``BINDINGS`` declare the keys).
"""

from __future__ import annotations

from store.domain import RECOMMENDATION
from store.review import bulk
from store.review.bulk import RestOfDocument
from store.review.merge_records import merge_with_next_record
from store.review.new_record import create_from_selection
from tui.screens.queue_filters import QueueFilters
from tui.widgets.source_pane import SourcePane


class QueueSurgery(QueueFilters):
    """Verify the rest of a document, merge two records, a record from a selection."""

    def action_verify_rest(self) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        document_id = row.document_id
        self.read_then(lambda db: bulk.rest_of_document(db, document_id), self._ask_verify_rest)

    def _ask_verify_rest(self, rest: RestOfDocument | None) -> None:
        if rest is None:
            self.notify("That document is no longer in the database: r reads the queue again.")
            return
        if not rest.refs:
            self.notify(f"Nothing left to verify in {rest.label}: every record is reviewed.")
            return
        from tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.change(lambda db: bulk.verify_rest(db, self.reviewer, rest))

        self.app.push_screen(
            ConfirmScreen(
                "Verify the rest of this document",
                f"{rest.question}\n\nFlagged, rejected and verified records stay as they "
                "are; a record another window changes meanwhile is left alone. "
                "One u undoes all of it.",
                yes=f"verify {len(rest.refs)}",
                no="cancel",
            ),
            answer,
        )

    def action_merge_next(self) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        if row.kind != RECOMMENDATION:
            self.notify("m merges two recommendations of an action plan.", title="Merge")
            return
        record_id = row.id
        self.change(lambda db: merge_with_next_record(db, self.reviewer, record_id))

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
        self.change(lambda db: create_from_selection(db, self.reviewer, document_id, *span))
