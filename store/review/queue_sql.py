"""The SQL of the review queue: documents in queue order, records with their sort keys.

``store.review.queue`` pages through the queue with the SQL built here: the
documents' order (``RANK_ORDER``, which ``idx_documents_queue_order`` covers),
the query's records of a few ranked documents with their uncertainty and sort
key (``queue_sql``), one page of them in key order (``page_sql``), how many come
before a key (``count_before_sql``), and key comparisons. Search sorts its hits
in the same document order (``RANKED_DOCUMENTS_CTE``).
"""

from __future__ import annotations

import json
from typing import Protocol

from store.domain import JUDGEMENT, RECOMMENDATION, short_name_sql
from store.reports.documents import named_records_sql, named_sql

# A link the matcher scored below this is uncertain until a reviewer confirms it.
LOW_LINK_SCORE = 0.8

Key = tuple[int, int, int, int, int]  # (document rank, uncertainty, position, kind, id)
Ranked = list[tuple[int, int]]  # (document id, rank), in queue order


class QueueFilters(Protocol):
    """What the SQL reads of a ``store.review.queue.QueueQuery``."""

    status: str | None
    warnings_only: bool
    overdue_only: bool
    conflicts_only: bool
    order: str


_SHORT_NAME = short_name_sql()
# Documents by establishment (without its prefix), plans before IRP reports, then by date.
RANK_ORDER = (
    f"establishment IS NULL, {_SHORT_NAME} COLLATE NOCASE, kind, published IS NULL, published, id"
)
# A CTE named ``docs``: every document with its rank in the queue's document order.
RANKED_DOCUMENTS_CTE = f"""
docs AS (
    SELECT id, establishment, kind, published, inspection_year,
        ROW_NUMBER() OVER (ORDER BY {RANK_ORDER}) AS rank
    FROM documents
)"""

_LOW_LINK = f"""EXISTS (SELECT 1 FROM judgement_links l WHERE l.{{col}} = {{alias}}.id
    AND l.confirmed = 0 AND COALESCE(l.score, 0) < {LOW_LINK_SCORE})"""

_JUDGEMENT_UNCERTAINTY = f"""json_array_length(j.warnings) + (j.judgement IS NULL)
            + NOT EXISTS (SELECT 1 FROM judgement_links l WHERE l.judgement_id = j.id)
            + {_LOW_LINK.format(col="judgement_id", alias="j")}"""
# The recommendation a judgement recorded by hand (no document) is shown after: its
# linked recommendation with the lowest id (``j`` is the judgement).
PLACED_AT = """(SELECT MIN(p.recommendation_id) FROM judgement_links p
    WHERE p.judgement_id = j.id)"""

# Warnings of a document that name the record (store.reports.documents): counted with
# the record's own in the queue's ⚠ column and found by its ``w`` filter.
_NAMED_R = named_sql(RECOMMENDATION, "r")
_NAMED_J = named_sql(JUDGEMENT, "j")

# The queue's records of the ranked documents, with their sort keys: the recommendations
# of each document, its judgements, and the judgements recorded by hand, which have no
# document and are shown in their recommendation's place, right after it (same document
# rank and position, kind 1 after kind 0).
_QUEUE = f"""
WITH ranks(id, rank) AS ({{ranks}}),
docs AS (
    SELECT d.id, d.establishment, d.kind, d.published, d.inspection_year, ranks.rank
    FROM ranks JOIN documents d ON d.id = ranks.id
),
q AS (
    SELECT 0 AS kind_rank, r.id, r.document_id, d.rank AS doc_rank, r.position,
        r.rec_no AS no, r.agreement AS value, COALESCE(r.agreement_printed = 0, 0) AS inferred,
        json_array_length(r.warnings) + {_NAMED_R} AS warnings, r.review_status,
        json_array_length(r.warnings) + COALESCE(r.agreement_printed = 0, 0)
            + {_LOW_LINK.format(col="recommendation_id", alias="r")} AS uncertainty,
        0 AS by_hand
    FROM docs d JOIN recommendations r ON r.document_id = d.id
    WHERE {{rec_where}}
    UNION ALL
    SELECT 1, j.id, j.document_id, d.rank, COALESCE(j.position, 0),
        j.ref, j.judgement, 0, json_array_length(j.warnings) + {_NAMED_J}, j.review_status,
        {_JUDGEMENT_UNCERTAINTY}, 0
    FROM docs d JOIN judgements j ON j.document_id = d.id
    WHERE {{judgement_where}}
    UNION ALL
    SELECT 1, j.id, r.document_id, d.rank, r.position,
        j.ref, j.judgement, 0, json_array_length(j.warnings) + {_NAMED_J}, j.review_status,
        {_JUDGEMENT_UNCERTAINTY}, 1
    FROM judgements j
    JOIN judgement_links l ON l.judgement_id = j.id AND l.recommendation_id = {PLACED_AT}
    JOIN recommendations r ON r.id = l.recommendation_id
    JOIN docs d ON d.id = r.document_id
    WHERE j.document_id IS NULL AND {{judgement_where}}
),
keyed AS (SELECT q.*, {{sort_u}} AS sort_u FROM q)
"""

# A recommendation with an open action past its target date, as the contract's view says.
_OVERDUE = (
    "EXISTS (SELECT 1 FROM outstanding_actions o WHERE o.recommendation_id = r.id "
    "AND o.overdue = 1)"
)

_COLUMNS = "kind_rank, id, document_id, doc_rank, position, no, value, inferred, warnings, "
_COLUMNS += "review_status, uncertainty, sort_u, by_hand"
_KEY_COLUMNS = ("doc_rank", "sort_u", "position", "kind_rank", "id")
_KEY = f"({', '.join(_KEY_COLUMNS)})"
_ORDER = ", ".join(_KEY_COLUMNS)


def record_where(query: QueueFilters, alias: str, params: dict) -> list[str]:
    """The filters on the records themselves (the queue filters the documents as it ranks them)."""
    where = []
    if query.status is not None:
        where.append(f"{alias}.review_status = :status")
        params["status"] = query.status
    if query.warnings_only:
        # its own warnings, or a document warning naming it: the ids of the records
        # named are read once (``named_params``), not looked for record by record
        where.append(
            f"(json_array_length({alias}.warnings) > 0 OR {alias}.id IN "
            f"(SELECT value FROM json_each(:named_{alias})))"
        )
    if query.overdue_only:
        # an overdue action is the outstanding_actions view's fact (one definition);
        # a judgement has no actions
        where.append(_OVERDUE if alias == "r" else "0")
    if query.conflicts_only:
        # a merge conflict still to resolve (store.review.merge_conflicts)
        column = "recommendation_id" if alias == "r" else "judgement_id"
        where.append(
            f"EXISTS (SELECT 1 FROM merge_conflicts mc WHERE mc.{column} = {alias}.id "
            "AND mc.resolved = 0)"
        )
    return where


def named_params(db, query: QueueFilters) -> dict:
    """The parameters ``record_where`` needs for ``query``: with the ``w`` filter, the
    ids of the records a document warning names (``named_records_sql``), as JSON.

    They are kept on the connection's ``Database`` until the database changes: another
    connection's commit changes ``PRAGMA data_version``, this one's own writes its
    ``total_changes``; so paging through the filtered queue reads them once.
    """
    if not query.warnings_only:
        return {}
    conn = db.conn
    version = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    cached = getattr(db, "_named_by_warnings", None)
    if cached is None or cached[0] != version:
        ids: dict[str, list[int]] = {RECOMMENDATION: [], JUDGEMENT: []}
        for kind, record_id in conn.execute(named_records_sql()).fetchall():
            ids[kind].append(record_id)
        named = {"named_r": json.dumps(ids[RECOMMENDATION]), "named_j": json.dumps(ids[JUDGEMENT])}
        cached = (version, named)
        db._named_by_warnings = cached
    return dict(cached[1])


def queue_sql(
    query: QueueFilters, params: dict, ranked: Ranked, refs: list[tuple[str, int]] | None = None
) -> str:
    """The ``keyed`` CTE: the query's records of the ``ranked`` documents, with sort keys."""
    if ranked:
        values = ", ".join(f"(:d{i}, :r{i})" for i in range(len(ranked)))
        ranks = f"VALUES {values}"
        for i, (document_id, rank) in enumerate(ranked):
            params[f"d{i}"], params[f"r{i}"] = document_id, rank
    else:
        ranks = "SELECT NULL, NULL WHERE 0"
    rec_where, judgement_where = ["1"], ["1"]
    if refs is not None:
        for where, kind, alias in (
            (rec_where, RECOMMENDATION, "r"),
            (judgement_where, JUDGEMENT, "j"),
        ):
            ids = [str(int(i)) for k, i in refs if k == kind] or ["NULL"]
            where.append(f"{alias}.id IN ({', '.join(ids)})")
    else:
        rec_where += record_where(query, "r", params)
        judgement_where += record_where(query, "j", params)
    return _QUEUE.format(
        ranks=ranks,
        rec_where=" AND ".join(rec_where),
        judgement_where=" AND ".join(judgement_where),
        sort_u="-uncertainty" if query.order == "uncertain" else "0",
    )


def page_sql(
    query: QueueFilters,
    params: dict,
    ranked: Ranked,
    *,
    where: str = "1",
    descending: bool = False,
    limit: int | None = None,
    refs: list[tuple[str, int]] | None = None,
) -> str:
    """The queue rows of the ``ranked`` documents that match ``where``, in queue order.

    Each row is the ``keyed`` columns, then the document's establishment, kind,
    published date and inspection year, then the recommendation's number of actions.
    """
    base = queue_sql(query, params, ranked, refs)
    direction = "DESC" if descending else "ASC"
    order = ", ".join(f"{c} {direction}" for c in _KEY_COLUMNS)
    cut = ""
    if limit is not None:
        cut, params["limit"] = "LIMIT :limit", limit
    return f"""
    {base}, page AS (SELECT {_COLUMNS} FROM keyed WHERE {where} ORDER BY {order} {cut})
    SELECT page.*, docs.establishment, docs.kind, docs.published, docs.inspection_year,
        CASE WHEN page.kind_rank = 0
             THEN (SELECT COUNT(*) FROM actions a WHERE a.recommendation_id = page.id)
             ELSE 0 END
    FROM page JOIN docs ON docs.id = page.document_id
    ORDER BY {_ORDER}
    """


def count_before_sql(query: QueueFilters, params: dict, ranked: Ranked, key: Key) -> str:
    """How many of the query's records of the ``ranked`` documents sort before ``key``."""
    params.update(key_params(key, "f"))
    base = queue_sql(query, params, ranked)
    return f"{base} SELECT COUNT(*) FROM keyed WHERE {compare('<', 'f')}"


def key_params(key: Key, prefix: str = "k") -> dict:
    """The parts of ``key`` as parameters ``:k0`` … ``:k4`` (or another ``prefix``)."""
    return {f"{prefix}{i}": v for i, v in enumerate(key)}


def compare(op: str, prefix: str = "k") -> str:
    """SQL comparing a row's key with the key in parameters ``prefix`` (``key_params``)."""
    return f"{_KEY} {op} ({', '.join(f':{prefix}{i}' for i in range(5))})"
