"""Every query the review queue and the outstanding/stats commands run uses an index.

The SQL is captured as it runs (``sqlite3``'s trace callback gives each
statement with its parameters written in), on a small database of the samples
and some generated documents, and each SELECT is put through ``EXPLAIN QUERY
PLAN``. A ``SCAN`` of a big table (one that grows with the records: not
``documents``, which has one row per file) without an index fails the test;
``SEARCH ... USING INDEX`` and ``SCAN ... USING COVERING INDEX`` pass.

``hmip-review stats`` counts every row of the database by design (totals, by
agreement, by judgement, judgement links): those whole-table aggregates are
listed in ``STATS_FULL_SCANS`` and are the only scans allowed. The outstanding
lookup's own SQL is also checked by name in ``tests/store/reports/test_outstanding.py``.
No timing is asserted anywhere here.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bench import gen_corpus
from extract import parse_document
from extract.formats.read import read_document
from store import import_document, open_db
from store.plain_connection import connect_current
from store.reports import stats as queries
from store.reports.outstanding import outstanding
from store.review.judgement_changes import record_progress
from store.review.queue import QueueQuery, next_unreviewed, queue_page, queue_rows, record_key
from tests.support.paths import REPO

ROOT = REPO
BIG_TABLES = ("recommendations", "actions", "judgements", "judgement_links", "edits")
# ``hmip-review stats``: counts over the whole database, which read every row whatever
# the indexes (the start of each statement, whitespace collapsed).
STATS_FULL_SCANS = (
    "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM recommendations)",
    "SELECT agreement, COUNT(*) FROM recommendations GROUP BY agreement",
    "SELECT inspectorate, judgement, COUNT(*) FROM judgements GROUP BY",
    "SELECT j.inspectorate, COALESCE(d.establishment,",
    "SELECT COALESCE(SUM(confirmed = 1), 0)",
)
_ALIAS = re.compile(
    r"\b(?:FROM|JOIN)\s+(" + "|".join(BIG_TABLES) + r")\b(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b"
    r"|LEFT\b|GROUP\b|ORDER\b|USING\b)(\w+))?",
    re.I,
)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    db = open_db(path)
    try:
        for file in sorted((ROOT / "samples").glob("*.txt")):
            import_document(db, parse_document(read_document(file)), file.name)
        for doc in gen_corpus.generate(12, 3, seed=4):
            import_document(db, parse_document(doc.text), doc.name)
        # judgements recorded by hand: no document, placed in the queue by their link
        for rec_id, day in db.execute(
            "SELECT id, CASE id % 2 WHEN 0 THEN '12 May 2023' END FROM recommendations "
            "ORDER BY id LIMIT 3"
        ).fetchall():
            record_progress(db, "ann", rec_id, "Good progress", "notes", day)
    finally:
        db.close()
    return path


def _big_names(conn, sql: str) -> set[str]:
    """The big tables' names and aliases in ``sql`` and in the views it may read."""
    views = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall()
    read = " ".join([sql, *(body for name, body in views if re.search(rf"\b{name}\b", sql))])
    names = set(BIG_TABLES)
    for match in _ALIAS.finditer(read):
        if match[2]:
            names.add(match[2])
    return names


def _scans_without_index(conn, sql: str) -> list[str]:
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    big = _big_names(conn, sql)
    bad = []
    for row in plan:
        detail = row[3]
        match = re.match(r"SCAN (\w+)", detail)
        if match and match[1] in big and "INDEX" not in detail:
            bad.append(detail)
    return bad


def _selects(statements: list[str]) -> list[str]:
    seen, out = set(), []
    for sql in statements:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and sql not in seen:
            seen.add(sql)
            out.append(sql)
    return out


def _squash(sql: str) -> str:
    return " ".join(sql.split())


def _capture(conn: sqlite3.Connection, run) -> list[str]:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        run()
    finally:
        conn.set_trace_callback(None)
    return _selects(statements)


QUERIES = [
    QueueQuery(),
    QueueQuery(status="unreviewed"),
    QueueQuery(status="verified"),
    QueueQuery(establishment="HMP Ashdown"),
    QueueQuery(document_id=2),
    QueueQuery(warnings_only=True),
    QueueQuery(order="uncertain"),
    QueueQuery(status="unreviewed", order="uncertain"),
]


def _walk_queue(db) -> None:
    """What the queue screen does: pages forward and back, jumps, refreshes rows."""
    for query in QUERIES:
        page = queue_page(db, query, limit=5)
        if not page.rows:
            continue
        after = queue_page(db, query, after=page.rows[-1].key, limit=5)
        if after.rows:
            queue_page(db, query, before=after.rows[0].key, limit=5)
            queue_page(db, query, start=after.rows[0].key, limit=5)
        queue_rows(db, [row.ref for row in page.rows])
        for row in page.rows:
            if row.by_hand:
                record_key(db, query, row.ref)
                queue_rows(db, [row.ref], {row.ref: row.key})
        queue_rows(db, [page.rows[0].ref], {page.rows[0].ref: page.rows[0].key})
        record_key(db, query, page.rows[0].ref)
        record_key(db, replace(query, status=None), page.rows[-1].ref)
        next_unreviewed(db, query, None)
        next_unreviewed(db, query, page.rows[0].key)


def test_the_queue_uses_indexes(db_file: Path) -> None:
    db = open_db(db_file, create=False)
    try:
        statements = _capture(db.conn, lambda: _walk_queue(db))
        assert len(statements) > 20
        assert any("j.document_id IS NULL" in s for s in statements)  # placed by hand
        bad = {_squash(s)[:200]: _scans_without_index(db.conn, s) for s in statements}
    finally:
        db.close()
    assert {sql: scans for sql, scans in bad.items() if scans} == {}


def test_outstanding_uses_indexes(db_file: Path) -> None:
    # the command's own read path: a plain sqlite3 connection (store.plain_connection)
    conn = connect_current(db_file)
    assert conn is not None

    def run() -> None:
        as_of = date(2022, 6, 30)
        outstanding(conn, "ashdown", as_of=as_of)
        outstanding(conn, "HMP Larkhill", as_of=as_of, overdue_only=True)
        outstanding(conn, "ashdwn", as_of=as_of, all_plans=True)  # the fuzzy rule

    try:
        statements = _capture(conn, run)
        assert len(statements) >= 3
        bad = {_squash(s)[:200]: _scans_without_index(conn, s) for s in statements}
    finally:
        conn.close()
    assert {sql: scans for sql, scans in bad.items() if scans} == {}


def test_stats_scans_only_its_whole_table_counts(db_file: Path) -> None:
    db = open_db(db_file, create=False)
    try:
        statements = _capture(db.conn, lambda: queries.stats(db))
        assert statements
        scans = {_squash(s): _scans_without_index(db.conn, s) for s in statements}
    finally:
        db.close()
    unexpected = {
        sql[:200]: found
        for sql, found in scans.items()
        if found and not sql.startswith(STATS_FULL_SCANS)
    }
    assert unexpected == {}
    # the by-establishment counts, one lookup per prison, do use indexes
    assert any("GROUP BY" not in s and "est AS" in s and not f for s, f in scans.items())


def test_the_queue_reads_documents_in_order_from_one_covering_index(db_file: Path) -> None:
    # schema version 5 spells out the queue's document order; if store/review/queue.py's
    # order changes, this fails until a migration adds an index for the new one
    db = open_db(db_file, create=False)
    try:
        statements = _capture(db.conn, lambda: queue_page(db, QueueQuery(), limit=5))
        ordered = [s for s in statements if "FROM documents ORDER BY" in s]
        assert ordered
        for sql in ordered:
            plan = [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
            assert plan == ["SCAN documents USING COVERING INDEX idx_documents_queue_order"]
    finally:
        db.close()


def test_a_status_filter_counts_records_from_an_index(db_file: Path) -> None:
    db = open_db(db_file, create=False)
    try:
        query = QueueQuery(status="unreviewed")
        statements = _capture(db.conn, lambda: queue_page(db, query, limit=5))
        counts = [s for s in statements if "GROUP BY document_id" in s]
        assert len(counts) == 2  # recommendations and judgements
        for sql in counts:
            plan = " ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "USING COVERING INDEX idx_" in plan and "_status_document" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    finally:
        db.close()


def test_the_documents_screen_reads_every_document_in_one_indexed_query(db_file: Path) -> None:
    from store.reports.documents import document_progress

    db = open_db(db_file, create=False)
    try:
        statements = _capture(db.conn, lambda: document_progress(db))
        assert len(statements) == 1
        plan = " ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + statements[0]))
        bad = _scans_without_index(db.conn, statements[0])
    finally:
        db.close()
    assert bad == []
    assert "idx_recommendations_document_id" in plan and "judgements USING" in plan
