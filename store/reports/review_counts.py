"""How far each document's review has got: its records counted by review status, in SQL.

One query counts them: ``DOCUMENT_PROGRESS_SQL`` (every document) behind the
documents screen and ``hmip-review stats`` (``store.reports.documents``), and
``document_progress_sql(n)`` (``n`` documents given) behind the prison report's
"reviewed of total" (``store.reports.prison``). A module of its own, importing
nothing, so that ``hmip-review prison`` reads it without loading the documents
screen's module (json, dataclasses) at every start.
"""

from __future__ import annotations

# Per document, the counts of one record table (grouped by idx_*_document_id) and the
# reviewer of its latest review (SQLite gives a bare column from the MAX() row).
_COUNTS = """
    SELECT document_id, COUNT(*) AS n, SUM(review_status != 'unreviewed') AS reviewed,
        SUM(review_status = 'verified') AS verified, SUM(review_status = 'flagged') AS flagged,
        SUM(review_status = 'rejected') AS rejected,
        SUM(json_array_length(warnings)) AS warnings,
        MAX(reviewed_at) AS last_at, reviewer AS last_reviewer
    FROM {table} WHERE document_id {documents} GROUP BY document_id
"""

# Columns: id, kind, establishment, title, year, records, reviewed, verified, flagged,
# rejected, record warnings, the document's warnings (JSON), then the latest review of
# its recommendations (at, reviewer) and of its judgements (at, reviewer). ``records``
# and ``reviewed`` count rejected records too (a rejection is a review).
_PROGRESS = """
WITH r AS ({recommendations}),
j AS ({judgements})
SELECT d.id, d.kind, d.establishment, d.title,
    COALESCE(substr(d.published, 1, 4), CAST(d.inspection_year AS TEXT), ''),
    COALESCE(r.n, 0) + COALESCE(j.n, 0),
    COALESCE(r.reviewed, 0) + COALESCE(j.reviewed, 0),
    COALESCE(r.verified, 0) + COALESCE(j.verified, 0),
    COALESCE(r.flagged, 0) + COALESCE(j.flagged, 0),
    COALESCE(r.rejected, 0) + COALESCE(j.rejected, 0),
    COALESCE(r.warnings, 0) + COALESCE(j.warnings, 0),
    d.warnings, r.last_at, r.last_reviewer, j.last_at, j.last_reviewer
FROM documents d
LEFT JOIN r ON r.document_id = d.id
LEFT JOIN j ON j.document_id = d.id{where}
ORDER BY d.id
"""


def _progress_sql(documents: str, where: str) -> str:
    return _PROGRESS.format(
        recommendations=_COUNTS.format(table="recommendations", documents=documents),
        judgements=_COUNTS.format(table="judgements", documents=documents),
        where=where,
    )


DOCUMENT_PROGRESS_SQL = _progress_sql("IS NOT NULL", "")


def document_progress_sql(count: int) -> str:
    """``DOCUMENT_PROGRESS_SQL`` for ``count`` documents only, their ids its parameters,
    each given once (the records of the others are not read)."""
    marks = f"IN ({', '.join(f'?{n}' for n in range(1, count + 1))})"
    return _progress_sql(marks, f"\nWHERE d.id {marks}")
