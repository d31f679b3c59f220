"""Read-only questions the CLI and the app ask of the database."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from store.domain import AGREEMENTS, JUDGEMENTS, REVIEW_STATUSES, SCALES
from store.ingest.judgement_links import LINK_CONFIDENT


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
    # judgements per establishment, one list per scale ('HMIP', 'Ofsted'): a count for each
    # value of the scale, then how many are linked to a recommendation
    by_scale: dict[str, list[dict]] = field(default_factory=dict)
    # judgement links: confirmed by a reviewer, automatic, automatic below LINK_CONFIDENT,
    # and judgements with no link at all
    links: dict[str, int] = field(default_factory=dict)
    # per document (store.reports.documents): records and how far their review has got
    by_document: list[dict] = field(default_factory=list)


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
    return Stats(
        totals,
        by_establishment,
        by_review_status,
        by_agreement,
        by_judgement,
        judgements_by_scale(db),
        link_counts(db),
        progress_by_document(db),
    )


def progress_by_document(db: sqlite_utils.Database) -> list[dict]:
    """One row per document, in queue order: records and how many of them are reviewed."""
    from store.reports.documents import document_progress

    rows = sorted(document_progress(db), key=lambda d: (d.label.casefold(), d.id))
    return [
        {
            "document": d.label,
            "kind": d.kind_label,
            "records": d.records,
            "reviewed": d.reviewed,
            "verified": d.verified,
            "flagged": d.flagged,
            "rejected": d.rejected,
            "% reviewed": d.percent_reviewed,
        }
        for d in rows
    ]


def judgements_by_scale(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Per scale (inspectorate), one row per establishment: judgements, each value, linked.

    A judgement recorded by hand (no report) counts under the establishment of
    the plan its recommendation is in.
    """
    rows = db.execute(
        """
        SELECT j.inspectorate,
            COALESCE(d.establishment,
                (SELECT pd.establishment FROM judgement_links l
                 JOIN recommendations r ON r.id = l.recommendation_id
                 JOIN documents pd ON pd.id = r.document_id
                 WHERE l.judgement_id = j.id ORDER BY l.confirmed DESC LIMIT 1),
                '(unknown)') AS establishment,
            j.judgement,
            COUNT(*),
            SUM(EXISTS (SELECT 1 FROM judgement_links l WHERE l.judgement_id = j.id))
        FROM judgements j LEFT JOIN documents d ON d.id = j.document_id
        WHERE j.review_status != 'rejected'
        GROUP BY 1, 2, 3
        """
    ).fetchall()
    out: dict[str, list[dict]] = {}
    for inspectorate in sorted({r[0] for r in rows}, key=lambda i: (i not in SCALES, i)):
        mine = [r for r in rows if r[0] == inspectorate]
        values = list(SCALES.get(inspectorate, ()))
        values += sorted({r[2] for r in mine if r[2] and r[2] not in values}, key=_judgement_order)
        if any(r[2] is None for r in mine):
            values.append(None)
        table = []
        for est in sorted({r[1] for r in mine}, key=lambda e: (e == "(unknown)", e)):
            counts = {r[2]: r[3] for r in mine if r[1] == est}
            row = {"establishment": est, "judgements": sum(counts.values())}
            row |= {value or "(none)": counts.get(value, 0) for value in values}
            row["linked"] = sum(r[4] for r in mine if r[1] == est)
            table.append(row)
        out[inspectorate] = table
    return out


def _judgement_order(value: str) -> int:
    return JUDGEMENTS.index(value) if value in JUDGEMENTS else len(JUDGEMENTS)


def link_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Links confirmed by a reviewer, automatic ones (and those scoring below
    ``LINK_CONFIDENT``), and judgements linked to nothing."""
    row = db.execute(
        """
        SELECT COALESCE(SUM(confirmed = 1), 0), COALESCE(SUM(confirmed = 0), 0),
            COALESCE(SUM(confirmed = 0 AND (score IS NULL OR score < :confident)), 0),
            (SELECT COUNT(*) FROM judgements j WHERE j.review_status != 'rejected'
                AND NOT EXISTS (SELECT 1 FROM judgement_links l WHERE l.judgement_id = j.id))
        FROM judgement_links
        """,
        {"confident": LINK_CONFIDENT},
    ).fetchone()
    keys = (
        "confirmed",
        "unconfirmed",
        f"unconfirmed below {LINK_CONFIDENT}",
        "judgements unlinked",
    )
    return dict(zip(keys, row, strict=True))
