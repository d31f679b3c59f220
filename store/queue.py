"""The review queue: every record to review, in a stable order, a page at a time.

The queue holds the recommendations of action plans and the judgements of IRP
reports, one row each, in a total order given by a sort key. It is read a page
at a time by key (keyset paging), so a page costs the same at row 30 as at row
30,000, and a record that changes status while the queue is filtered by status
never shifts the pages after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from store.schema import REVIEW_STATUSES

RECOMMENDATION = "recommendation"
JUDGEMENT = "judgement"
ORDERS = ("document", "uncertain")
PAGE_SIZE = 200
# A link the matcher scored below this is uncertain until a reviewer confirms it.
LOW_LINK_SCORE = 0.8
# Prefixes of establishment names, longest first; names sort and show without them.
PREFIXES = ("HMP & YOI", "HMP/YOI", "HMIYOI", "HMYOI", "HMP", "YOI")
_PREFIXES = re.compile(r"^(?:" + "|".join(re.escape(p) for p in PREFIXES) + r")\s+", re.I)

Key = tuple[int, int, int, int, int]  # (document rank, uncertainty, position, kind, id)


@dataclass(frozen=True)
class QueueQuery:
    """Which records the queue holds and in what order."""

    status: str | None = None  # one of REVIEW_STATUSES, or None for every status
    document_id: int | None = None
    establishment: str | None = None
    warnings_only: bool = False
    order: str = "document"  # 'document': as printed; 'uncertain': least certain first

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in REVIEW_STATUSES:
            raise ValueError(f"unknown review status {self.status!r}")
        if self.order not in ORDERS:
            raise ValueError(f"unknown order {self.order!r}")


@dataclass(frozen=True)
class QueueRow:
    """One record in the queue."""

    kind: str  # RECOMMENDATION | JUDGEMENT
    id: int
    document_id: int
    establishment: str | None
    document: str  # a short label: 'Belmarsh 2021', 'Belmarsh IRP 2022'
    no: str | None  # rec_no of a recommendation, ref of a judgement
    value: str | None  # agreement of a recommendation, judgement of a judgement
    inferred: bool  # the agreement was inferred, not printed
    actions: int
    warnings: int
    review_status: str
    uncertainty: int
    key: Key

    @property
    def ref(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int  # records matching the query
    offset: int  # how many come before the first row
    more_before: bool
    more_after: bool


def short_establishment(name: str | None) -> str:
    """'HMP Belmarsh' → 'Belmarsh'; 'HMYOI Carrow Vale' → 'Carrow Vale'."""
    return _PREFIXES.sub("", (name or "").strip()) or "(unknown)"


def document_label(doc: dict) -> str:
    """'Belmarsh 2021' for a plan, 'Belmarsh IRP 2022' for an IRP report."""
    year = str(doc.get("published") or "")[:4] or str(doc.get("inspection_year") or "")
    kind = " IRP" if doc.get("kind") == "irp_report" else ""
    return f"{short_establishment(doc.get('establishment'))}{kind} {year}".strip()


# --- the queue --------------------------------------------------------------------

_SHORT_NAME = (
    "CASE "
    + " ".join(
        f"WHEN establishment LIKE '{p} %' THEN ltrim(substr(establishment, {len(p) + 1}))"
        for p in PREFIXES
    )
    + " ELSE establishment END"
)
# Documents by establishment (without its prefix), plans before IRP reports, then by date.
_DOCS = f"""
docs AS (
    SELECT id, establishment, kind, published, inspection_year, ROW_NUMBER() OVER (
        ORDER BY establishment IS NULL, {_SHORT_NAME} COLLATE NOCASE, kind,
            published IS NULL, published, id
    ) AS rank
    FROM documents
)"""

_LOW_LINK = f"""EXISTS (SELECT 1 FROM judgement_links l WHERE l.{{col}} = {{alias}}.id
    AND l.confirmed = 0 AND COALESCE(l.score, 0) < {LOW_LINK_SCORE})"""

_QUEUE = f"""
WITH {_DOCS},
q AS (
    SELECT 0 AS kind_rank, r.id, r.document_id, d.rank AS doc_rank, r.position,
        r.rec_no AS no, r.agreement AS value, COALESCE(r.agreement_printed = 0, 0) AS inferred,
        json_array_length(r.warnings) AS warnings, r.review_status,
        json_array_length(r.warnings) + COALESCE(r.agreement_printed = 0, 0)
            + {_LOW_LINK.format(col="recommendation_id", alias="r")} AS uncertainty
    FROM recommendations r JOIN docs d ON d.id = r.document_id
    WHERE {{rec_where}}
    UNION ALL
    SELECT 1, j.id, j.document_id, d.rank, COALESCE(j.position, 0),
        j.ref, j.judgement, 0, json_array_length(j.warnings), j.review_status,
        json_array_length(j.warnings) + (j.judgement IS NULL)
            + NOT EXISTS (SELECT 1 FROM judgement_links l WHERE l.judgement_id = j.id)
            + {_LOW_LINK.format(col="judgement_id", alias="j")}
    FROM judgements j JOIN docs d ON d.id = j.document_id
    WHERE {{judgement_where}}
),
keyed AS (SELECT q.*, {{sort_u}} AS sort_u FROM q)
"""

_COLUMNS = "kind_rank, id, document_id, doc_rank, position, no, value, inferred, warnings, "
_COLUMNS += "review_status, uncertainty, sort_u"
_KEY = "(doc_rank, sort_u, position, kind_rank, id)"


def _queue_sql(query: QueueQuery, params: dict, refs: list[tuple[str, int]] | None = None) -> str:
    rec_where, judgement_where = ["1"], ["1"]
    if refs is not None:
        for where, kind in ((rec_where, RECOMMENDATION), (judgement_where, JUDGEMENT)):
            ids = [str(int(i)) for k, i in refs if k == kind] or ["NULL"]
            alias = "r" if kind == RECOMMENDATION else "j"
            where.append(f"{alias}.id IN ({', '.join(ids)})")
    else:
        for where, alias in ((rec_where, "r"), (judgement_where, "j")):
            if query.status is not None:
                where.append(f"{alias}.review_status = :status")
                params["status"] = query.status
            if query.document_id is not None:
                where.append(f"{alias}.document_id = :document_id")
                params["document_id"] = query.document_id
            if query.establishment is not None:
                where.append("d.establishment IS :establishment")
                params["establishment"] = query.establishment
            if query.warnings_only:
                where.append(f"json_array_length({alias}.warnings) > 0")
    return _QUEUE.format(
        rec_where=" AND ".join(rec_where),
        judgement_where=" AND ".join(judgement_where),
        sort_u="-uncertainty" if query.order == "uncertain" else "0",
    )


def _rows(db: sqlite_utils.Database, base: str, page: str, order: str, params: dict):
    """Run ``page`` (a SELECT from ``keyed``) and dress its rows with document and actions."""
    sql = f"""
    {base}, page AS ({page})
    SELECT page.*, docs.establishment, docs.kind, docs.published, docs.inspection_year,
        CASE WHEN page.kind_rank = 0
             THEN (SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = page.id)
             ELSE 0 END
    FROM page JOIN docs ON docs.id = page.document_id
    ORDER BY {order}
    """
    rows = []
    for row in db.execute(sql, params).fetchall():
        (kind_rank, rid, doc_id, doc_rank, position, no, value, inferred, warnings) = row[:9]
        status, uncertainty, sort_u, establishment, doc_kind, published, year, actions = row[9:]
        label = document_label(
            {
                "establishment": establishment,
                "kind": doc_kind,
                "published": published,
                "inspection_year": year,
            }
        )
        rows.append(
            QueueRow(
                kind=RECOMMENDATION if kind_rank == 0 else JUDGEMENT,
                id=rid,
                document_id=doc_id,
                establishment=establishment,
                document=label,
                no=no,
                value=value,
                inferred=bool(inferred),
                actions=actions,
                warnings=warnings or 0,
                review_status=status,
                uncertainty=uncertainty or 0,
                key=(doc_rank, sort_u, position, kind_rank, rid),
            )
        )
    return rows


def queue_page(
    db: sqlite_utils.Database,
    query: QueueQuery,
    *,
    after: Key | None = None,
    before: Key | None = None,
    start: Key | None = None,
    limit: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue: the first, or the one ``after``/``before`` a key, or from ``start``."""
    params: dict = {"limit": limit}
    base = _queue_sql(query, params)
    where, descending = "1", False
    if after is not None:
        where, params["k"] = f"{_KEY} > (:k0, :k1, :k2, :k3, :k4)", after
    elif start is not None:
        where, params["k"] = f"{_KEY} >= (:k0, :k1, :k2, :k3, :k4)", start
    elif before is not None:
        where, params["k"], descending = f"{_KEY} < (:k0, :k1, :k2, :k3, :k4)", before, True
    if "k" in params:
        params.update({f"k{i}": v for i, v in enumerate(params.pop("k"))})
    direction = "DESC" if descending else "ASC"
    order = ", ".join(f"{c} {direction}" for c in _KEY.strip("()").split(", "))
    page = f"SELECT {_COLUMNS} FROM keyed WHERE {where} ORDER BY {order} LIMIT :limit"
    rows = _rows(db, base, page, order, params)
    if descending:
        rows.reverse()
    counts = {k: v for k, v in params.items() if k not in ("limit",) and not k.startswith("k")}
    total, offset = 0, 0
    if rows:
        first = rows[0].key
        total, offset = db.execute(
            f"{base} SELECT COUNT(*), COALESCE(SUM({_KEY} < (:f0, :f1, :f2, :f3, :f4)), 0) FROM keyed",
            counts | {f"f{i}": v for i, v in enumerate(first)},
        ).fetchone()
    else:
        total = db.execute(f"{base} SELECT COUNT(*) FROM keyed", counts).fetchone()[0]
    return QueuePage(rows, total, offset, offset > 0, offset + len(rows) < total)


def queue_rows(db: sqlite_utils.Database, refs: list[tuple[str, int]]) -> list[QueueRow]:
    """The queue rows of these records as they are now, whatever the filters."""
    if not refs:
        return []
    params: dict = {}
    base = _queue_sql(QueueQuery(), params, refs)
    order = ", ".join(_KEY.strip("()").split(", "))
    return _rows(db, base, f"SELECT {_COLUMNS} FROM keyed", order, params)


def _key_row(db, base: str, params: dict) -> Key | None:
    row = db.execute(
        f"{base} SELECT doc_rank, sort_u, position, kind_rank, id FROM keyed "
        "WHERE kind_rank = :kind_rank AND id = :id",
        params,
    ).fetchone()
    return tuple(row) if row else None


def record_key(db: sqlite_utils.Database, query: QueueQuery, ref: tuple[str, int]) -> Key | None:
    """The sort key of a record in the queue ``query`` describes; None when it is not in it."""
    params: dict = {"kind_rank": 0 if ref[0] == RECOMMENDATION else 1, "id": ref[1]}
    return _key_row(db, _queue_sql(query, params), params)


def next_unreviewed(db: sqlite_utils.Database, query: QueueQuery, after: Key | None) -> Key | None:
    """The key of the first unreviewed record after ``after`` (from the start when None)."""
    params: dict = {}
    base = _queue_sql(query, params)
    where = "review_status = 'unreviewed'"
    if after is not None:
        where += f" AND {_KEY} > (:k0, :k1, :k2, :k3, :k4)"
        params.update({f"k{i}": v for i, v in enumerate(after)})
    order = ", ".join(_KEY.strip("()").split(", "))
    row = db.execute(
        f"{base} SELECT doc_rank, sort_u, position, kind_rank, id FROM keyed "
        f"WHERE {where} ORDER BY {order} LIMIT 1",
        params,
    ).fetchone()
    return tuple(row) if row else None
