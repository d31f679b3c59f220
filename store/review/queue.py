"""The review queue: every record to review, in a stable order, a page at a time.

The queue holds the recommendations of action plans and the judgements of IRP
reports, one row each, in a total order given by a sort key; a judgement
recorded by hand (no document) is shown right after its recommendation. It is read a page
at a time by key (keyset paging), so a page costs the same at row 30 as at row
30,000, and a record that changes status while the queue is filtered by status
never shifts the pages after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlite_utils

from store.domain import (
    JUDGEMENT,
    RECOMMENDATION,
    RECORD_TABLES,
    REVIEW_STATUSES,
    establishment_key,
    short_establishment,
)
from store.review.queue_sql import (
    PLACED_AT,
    RANK_ORDER,
    Key,
    Ranked,
    compare,
    count_before_sql,
    key_params,
    named_params,
    page_sql,
    record_where,
)

ORDERS = ("document", "uncertain")
PAGE_SIZE = 200

Ref = tuple[str, int]  # (RECOMMENDATION or JUDGEMENT, id)


@dataclass(frozen=True)
class QueueQuery:
    """Which records the queue holds and in what order."""

    status: str | None = None  # one of REVIEW_STATUSES, or None for every status
    document_id: int | None = None
    establishment: str | None = None  # any spelling of the place (establishment_key)
    warnings_only: bool = False
    overdue_only: bool = False  # recommendations with an overdue action (outstanding_actions)
    conflicts_only: bool = False  # records a merge flagged with an unresolved conflict
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
    # a judgement recorded by hand: it has no document, and is shown after its
    # recommendation (``document_id`` and ``document`` are the recommendation's)
    by_hand: bool = False

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


def document_label(doc: dict) -> str:
    """'Belmarsh 2021' for a plan, 'Belmarsh IRP 2022' for an IRP report."""
    year = str(doc.get("published") or "")[:4] or str(doc.get("inspection_year") or "")
    kind = " IRP" if doc.get("kind") == "irp_report" else ""
    return f"{short_establishment(doc.get('establishment'))}{kind} {year}".strip()


# --- the queue --------------------------------------------------------------------
#
# A page is read in two steps, so that it costs the same at row 30 as at row
# 30,000: the documents are ranked and their records counted (both cheap, by
# index), which tells which few documents the page falls in; then only those
# documents' records are read, sorted and cut to the page.


@lru_cache(maxsize=4096)
def _place(name: str | None) -> str | None:
    """Which place a name is (``establishment_key``): the prison filter holds every
    spelling of it ('HMP Belmarsh', 'HMP & YOI Belmarsh')."""
    return establishment_key(name) or name


def _ranked(db: sqlite_utils.Database, query: QueueQuery) -> Ranked:
    """The documents the queue can hold, with their rank among all documents, in order.

    Read in queue order from ``idx_documents_queue_order`` (schema version 5),
    which covers the columns read here; the ranks are counted here.
    """
    sql = f"SELECT id, establishment FROM documents ORDER BY {RANK_ORDER}"
    ranked = []
    place = None if query.establishment is None else _place(query.establishment)
    for rank, (document_id, establishment) in enumerate(db.execute(sql).fetchall(), start=1):
        if query.document_id is not None and document_id != query.document_id:
            continue
        if place is not None and _place(establishment) != place:
            continue
        ranked.append((document_id, rank))
    return ranked


def _counts(db: sqlite_utils.Database, query: QueueQuery) -> dict[int, int]:
    """How many records of each document the query holds (documents with none left out).

    A judgement recorded by hand counts in the document of the recommendation it is
    shown after (``PLACED_AT``), as the queue shows it.
    """
    counts: dict[int, int] = {}
    named = named_params(db, query)
    for table, alias in (("recommendations", "r"), ("judgements", "j")):
        params: dict = dict(named)
        where = ["document_id IS NOT NULL", *record_where(query, alias, params)]
        sql = (
            f"SELECT document_id, COUNT(*) FROM {table} {alias} "
            f"WHERE {' AND '.join(where)} GROUP BY document_id"
        )
        for document_id, n in db.execute(sql, params).fetchall():
            counts[document_id] = counts.get(document_id, 0) + n
    params = dict(named)
    where = ["j.document_id IS NULL", *record_where(query, "j", params)]
    sql = (
        "SELECT r.document_id, COUNT(*) FROM judgements j "
        f"JOIN judgement_links l ON l.judgement_id = j.id AND l.recommendation_id = {PLACED_AT} "
        "JOIN recommendations r ON r.id = l.recommendation_id "
        f"WHERE {' AND '.join(where)} GROUP BY r.document_id"
    )
    for document_id, n in db.execute(sql, params).fetchall():
        counts[document_id] = counts.get(document_id, 0) + n
    return counts


def _read(
    db: sqlite_utils.Database,
    query: QueueQuery,
    ranked: Ranked,
    *,
    where: str = "1",
    params: dict | None = None,
    descending: bool = False,
    limit: int | None = None,
    refs: list[tuple[str, int]] | None = None,
) -> list[QueueRow]:
    """The queue rows of the ``ranked`` documents that match ``where``, in queue order."""
    params = {**named_params(db, query), **(params or {})}
    sql = page_sql(
        query, params, ranked, where=where, descending=descending, limit=limit, refs=refs
    )
    rows = []
    for row in db.execute(sql, params).fetchall():
        (kind_rank, rid, doc_id, doc_rank, position, no, value, inferred, warnings) = row[:9]
        status, uncertainty, sort_u, by_hand = row[9:13]
        establishment, doc_kind, published, year, actions = row[13:]
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
                by_hand=bool(by_hand),
            )
        )
    return rows


def _window(ranked: Ranked, counts: dict[int, int], from_rank: int, limit: int, forward: bool):
    """The documents from ``from_rank`` on (or back) that hold at least ``limit`` records.

    The document of rank ``from_rank`` (the key's) counts for none: the key may be its
    last record, and then the page is all in the documents after it.
    """
    docs = [d for d in ranked if counts.get(d[0])]
    if forward:
        docs = [d for d in docs if d[1] >= from_rank]
    else:
        docs = [d for d in reversed(docs) if d[1] <= from_rank]
    window, held = [], 0
    for doc in docs:
        window.append(doc)
        if doc[1] != from_rank:
            held += counts[doc[0]]
        if held >= limit:
            break
    return sorted(window, key=lambda d: d[1])


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
    ranked = _ranked(db, query)
    counts = _counts(db, query)
    total = sum(counts.get(document_id, 0) for document_id, _ in ranked)
    key = after or start or before
    forward = before is None
    window = _window(ranked, counts, key[0] if key else 0, limit, forward)
    where, params = "1", {}
    if key is not None:
        op = ">" if after is not None else ">=" if start is not None else "<"
        where, params = compare(op), key_params(key)
    rows = _read(db, query, window, where=where, params=params, descending=not forward, limit=limit)
    offset = 0
    if rows:
        first = rows[0]
        offset = sum(counts.get(d, 0) for d, rank in ranked if rank < first.key[0])
        in_document = [d for d in ranked if d[0] == first.document_id]
        params = named_params(db, query)
        sql = count_before_sql(query, params, in_document, first.key)
        offset += db.execute(sql, params).fetchone()[0]
    return QueuePage(rows, total, offset, offset > 0, offset + len(rows) < total)


def _all_ranks(db: sqlite_utils.Database, document_ids: set[int]) -> Ranked:
    return [d for d in _ranked(db, QueueQuery()) if d[0] in document_ids]


# The document a judgement is shown in: its own, or for one recorded by hand, its
# recommendation's (``j`` is the judgement).
_SHOWN_IN = f"""COALESCE(j.document_id,
    (SELECT r.document_id FROM recommendations r WHERE r.id = {PLACED_AT}))"""


def _documents_of(db: sqlite_utils.Database, refs: list[Ref]) -> dict[Ref, int]:
    """The document each record is shown in (records not in the queue are left out).

    A judgement recorded by hand is shown in its recommendation's document; one
    linked to no recommendation is in no document, so not in the queue.
    """
    found: dict[Ref, int] = {}
    for kind, table in RECORD_TABLES.items():
        ids = [int(i) for k, i in refs if k == kind]
        if ids:
            marks = ", ".join("?" for _ in ids)
            alias = "j" if kind == JUDGEMENT else "r"
            shown_in = _SHOWN_IN if kind == JUDGEMENT else "r.document_id"
            for record_id, document_id in db.execute(
                f"SELECT {alias}.id, {shown_in} FROM {table} {alias} WHERE {alias}.id IN ({marks})",
                ids,
            ).fetchall():
                if document_id is not None:
                    found[(kind, record_id)] = document_id
    return found


def queue_rows(
    db: sqlite_utils.Database,
    refs: list[Ref],
    places: Mapping[Ref, Key] | None = None,
) -> list[QueueRow]:
    """The queue rows of these records as they are now, whatever the filters.

    A row's key is its place in the queue, and placing a record ranks every
    document, which costs more the bigger the database. A change does not move
    a record, so a caller that shows the records already passes their keys in
    ``places``: those rows keep them (and cost the same at any size); only the
    records without one are placed.
    """
    if not refs:
        return []
    places = places or {}
    documents = _documents_of(db, refs)
    placed = [ref for ref in refs if ref in places and ref in documents]
    unplaced = [ref for ref in refs if ref not in places]
    rows = []
    if placed:
        # a placed record's document rank is the first part of its key
        ranks = {documents[ref]: places[ref][0] for ref in placed}
        ranked = sorted(ranks.items(), key=lambda d: d[1])
        rows += [
            replace(row, key=places[row.ref])
            for row in _read(db, QueueQuery(), ranked, refs=placed)
        ]
    if unplaced:
        ranked = _all_ranks(db, {documents[ref] for ref in unplaced if ref in documents})
        rows += _read(db, QueueQuery(), ranked, refs=unplaced)
    return rows


def record_key(db: sqlite_utils.Database, query: QueueQuery, ref: tuple[str, int]) -> Key | None:
    """The sort key of a record in the queue ``query`` describes; None when it is not in it."""
    documents = set(_documents_of(db, [ref]).values())
    ranked = [d for d in _ranked(db, query) if d[0] in documents]
    params = {"kind_rank": 0 if ref[0] == RECOMMENDATION else 1, "id": ref[1]}
    rows = _read(db, query, ranked, where="kind_rank = :kind_rank AND id = :id", params=params)
    return rows[0].key if rows else None


def next_unreviewed(db: sqlite_utils.Database, query: QueueQuery, after: Key | None) -> Key | None:
    """The key of the first unreviewed record after ``after`` (from the start when None)."""
    if query.status not in (None, "unreviewed"):
        return None
    unreviewed = replace(query, status="unreviewed")
    counts = _counts(db, unreviewed)
    from_rank = after[0] if after is not None else 0
    candidates = [d for d in _ranked(db, query) if counts.get(d[0]) and d[1] >= from_rank]
    # the first candidate may be the key's own document with nothing left after the key;
    # the second then holds the answer
    for document in candidates[:2]:
        where, params = "1", {}
        if after is not None and document[1] == after[0]:
            where, params = compare(">"), key_params(after)
        rows = _read(db, unreviewed, [document], where=where, params=params, limit=1)
        if rows:
            return rows[0].key
    return None
