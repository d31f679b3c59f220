"""Read-only questions the CLI and the app ask of the database."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.schema import AGREEMENTS, JUDGEMENTS, REVIEW_STATUSES


@dataclass(frozen=True)
class DocumentSummary:
    """One stored document at a glance: what the import summary table shows."""

    document_id: int
    kind: str
    establishment: str | None
    title: str | None
    records: int  # recommendations of a plan, judgements of an IRP report
    actions: int
    warnings: int  # the document's own warnings plus its records'


@dataclass(frozen=True)
class RecordRow:
    """One recommendation as the review list shows it."""

    id: int
    document_id: int
    establishment: str | None
    rec_no: str | None
    agreement: str | None
    actions: int
    warnings: int
    review_status: str


@dataclass(frozen=True)
class Stats:
    """Counts for ``hmip-review stats``; each list holds one dict per table row."""

    totals: dict[str, int]
    by_establishment: list[dict]
    by_review_status: list[dict]
    by_agreement: list[dict]
    by_judgement: list[dict]


def document_summary(db: sqlite_utils.Database, document_id: int) -> DocumentSummary:
    """Counts of one document's records, actions and warnings."""
    row = db.execute(
        """
        SELECT d.id, d.kind, d.establishment, d.title,
            (SELECT COUNT(*) FROM recommendations WHERE document_id = d.id)
              + (SELECT COUNT(*) FROM judgements WHERE document_id = d.id),
            (SELECT COUNT(*) FROM actions a JOIN recommendations r ON r.id = a.recommendation_id
              WHERE r.document_id = d.id),
            json_array_length(d.warnings)
              + (SELECT COALESCE(SUM(json_array_length(warnings)), 0)
                 FROM recommendations WHERE document_id = d.id)
              + (SELECT COALESCE(SUM(json_array_length(warnings)), 0)
                 FROM judgements WHERE document_id = d.id)
        FROM documents d WHERE d.id = ?
        """,
        [document_id],
    ).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    return DocumentSummary(*row)


def list_records(db: sqlite_utils.Database) -> list[RecordRow]:
    """Every recommendation in document order, for the review list."""
    rows = db.execute(
        """
        SELECT r.id, r.document_id, d.establishment, r.rec_no, r.agreement,
            (SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = r.id),
            json_array_length(r.warnings), r.review_status
        FROM recommendations r JOIN documents d ON d.id = r.document_id
        ORDER BY d.establishment, d.published, d.id, r.position
        """
    ).fetchall()
    return [RecordRow(*row) for row in rows]


def stats(db: sqlite_utils.Database) -> Stats:
    """Counts by establishment, review status, agreement and judgement."""
    totals = dict(
        zip(
            ("documents", "recommendations", "actions", "judgements", "outstanding", "overdue"),
            db.execute(
                """
                SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM recommendations),
                    (SELECT COUNT(*) FROM actions), (SELECT COUNT(*) FROM judgements),
                    (SELECT COUNT(*) FROM outstanding_actions),
                    (SELECT COALESCE(SUM(overdue), 0) FROM outstanding_actions)
                """
            ).fetchone(),
            strict=True,
        )
    )
    by_establishment = list(
        db.query(
            """
            WITH est AS (SELECT DISTINCT establishment FROM documents)
            SELECT COALESCE(e.establishment, '(unknown)') AS establishment,
                (SELECT COUNT(*) FROM documents d WHERE d.establishment IS e.establishment)
                    AS documents,
                (SELECT COUNT(*) FROM recommendations r JOIN documents d ON d.id = r.document_id
                    WHERE d.establishment IS e.establishment) AS recommendations,
                (SELECT COUNT(*) FROM actions a
                    JOIN recommendations r ON r.id = a.recommendation_id
                    JOIN documents d ON d.id = r.document_id
                    WHERE d.establishment IS e.establishment) AS actions,
                (SELECT COUNT(*) FROM judgements j JOIN documents d ON d.id = j.document_id
                    WHERE d.establishment IS e.establishment) AS judgements,
                (SELECT COUNT(*) FROM outstanding_actions o
                    WHERE o.establishment IS e.establishment) AS outstanding,
                (SELECT COALESCE(SUM(overdue), 0) FROM outstanding_actions o
                    WHERE o.establishment IS e.establishment) AS overdue
            FROM est e ORDER BY e.establishment IS NULL, e.establishment
            """
        )
    )
    status_counts = {
        (table, status): n
        for table in ("recommendations", "judgements")
        for status, n in db.execute(
            f"SELECT review_status, COUNT(*) FROM {table} GROUP BY review_status"
        ).fetchall()
    }
    by_review_status = [
        {
            "review_status": status,
            "recommendations": status_counts.get(("recommendations", status), 0),
            "judgements": status_counts.get(("judgements", status), 0),
        }
        for status in REVIEW_STATUSES
    ]
    agreement_counts = dict(
        db.execute("SELECT agreement, COUNT(*) FROM recommendations GROUP BY agreement").fetchall()
    )
    by_agreement = [
        {"agreement": agreement or "(none)", "recommendations": agreement_counts[agreement]}
        for agreement in (*AGREEMENTS, None)
        if agreement in agreement_counts
    ]
    order = {value: i for i, value in enumerate(JUDGEMENTS)}
    by_judgement = sorted(
        (
            {"inspectorate": inspectorate, "judgement": judgement or "(none)", "judgements": n}
            for inspectorate, judgement, n in db.execute(
                "SELECT inspectorate, judgement, COUNT(*) FROM judgements "
                "GROUP BY inspectorate, judgement"
            ).fetchall()
        ),
        key=lambda row: (row["inspectorate"], order.get(row["judgement"], len(order))),
    )
    return Stats(totals, by_establishment, by_review_status, by_agreement, by_judgement)
