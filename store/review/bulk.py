"""Changes to many records at once, done carefully: "verify the rest of this document".

The review app asks first, naming how many records a bulk change will touch
(``rest_of_document``), and then makes exactly that change to exactly those
records (``verify_rest``): one change of the audit trail (one transaction, one
``change_id`` in ``edits``), so one undo reverts all of it. Only records still
unreviewed are verified: a record that another window or reviewer verified,
flagged or rejected after the count was read is left as it is (and said so),
and a record that became unreviewed or was added since is not touched, since
the reviewer was not asked about it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.domain import RECORD_TABLES
from store.plural import counted, plural
from store.review.audit import change
from store.review.change_result import ChangeResult, Ref, result_of
from store.review.records import document_progress


@dataclass(frozen=True)
class RestOfDocument:
    """The unreviewed records of one document, as the confirmation names them."""

    document_id: int
    label: str  # 'Ashdown 2021', 'Ashdown IRP 2022'
    refs: list[Ref]  # in document order

    @property
    def question(self) -> str:
        n = len(self.refs)
        return f"Verify the {n} unreviewed {plural(n, 'record')} left in {self.label}?"


def rest_of_document(db: sqlite_utils.Database, document_id: int) -> RestOfDocument | None:
    """The document's records that nobody has reviewed yet (its own records: a judgement
    recorded by hand belongs to no document); None when there is no such document."""
    progress = document_progress(db, document_id)
    if progress is None:
        return None
    refs: list[Ref] = []
    for kind, table in RECORD_TABLES.items():
        refs += [
            (kind, row[0])
            for row in db.execute(
                f"SELECT id FROM {table} WHERE document_id = ? AND review_status = 'unreviewed' "
                "ORDER BY position, id",
                [document_id],
            ).fetchall()
        ]
    return RestOfDocument(document_id, progress.label, refs)


def verify_rest(db: sqlite_utils.Database, reviewer: str, rest: RestOfDocument) -> ChangeResult:
    """Mark verified those of ``rest.refs`` that are still unreviewed, as one change.

    The records were counted when the reviewer was asked; each is checked again
    inside the transaction, so that one changed meanwhile (by another window) is
    never overwritten. The result's ``summary`` says how many were verified and
    how many were left as someone else had marked them.
    """
    verified: list[Ref] = []
    changed: list[Ref] = []
    with change(db, reviewer) as current:
        for kind, record_id in rest.refs:
            row = current.row(RECORD_TABLES[kind], record_id)
            if row is None or row.get("document_id") != rest.document_id:
                changed.append((kind, record_id))  # gone, or moved: not what was asked about
                continue
            if row["review_status"] != "unreviewed":
                changed.append((kind, record_id))
                continue
            current.update(
                RECORD_TABLES[kind],
                record_id,
                {"review_status": "verified", "reviewer": reviewer, "reviewed_at": current.at},
            )
            verified.append((kind, record_id))
    return result_of(current, verified + changed, summary=_summary(rest, verified, changed))


def _summary(rest: RestOfDocument, verified: list[Ref], changed: list[Ref]) -> str:
    n = len(verified)
    text = f"Verified {counted(n, 'record')} of {rest.label}"
    if changed:
        m = len(changed)
        text += (
            f"; {m} changed meanwhile (another window or reviewer) "
            f"{'was' if m == 1 else 'were'} left as {'it was' if m == 1 else 'they were'}"
        )
    return text + "."
