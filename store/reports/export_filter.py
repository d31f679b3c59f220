"""What ``export --only-verified`` keeps: verified records, and only what belongs to them.

The filter runs on the export's snapshot, never on the user's database. It
keeps the recommendations and the judgements a reviewer verified, the actions
of those recommendations, the links between kept records that a reviewer
confirmed, the documents the kept records come from, and the edits of the
rows kept (with those of rows a reviewer deleted from them: a removed action
or link). Everything else goes: an unreviewed, flagged or rejected record,
an automatic link nobody confirmed (even between two verified records), and
any row that points at a row left out. The views are computed from what is
left, so they reflect only verified work.

The rules are read from the schema, not listed table by table: a link table
is one with a ``confirmed`` column, and a row is left out when a foreign key
of it names a row left out. A table added later (``repeat_links``) is
filtered by the same rules without a change here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from store.domain import RECORD_TABLES, WHOLE_ROW

# The records a reviewer verifies, each kept only when verified.
REVIEWED_TABLES = tuple(RECORD_TABLES.values())
# The parent of the records: kept when a kept record comes from it.
DOCUMENTS = "documents"
# The audit trail: kept for the rows kept (``table_name``, ``row_id``).
EDITS = "edits"


def keep_only_verified(conn: sqlite3.Connection) -> None:
    """Delete, in one transaction, everything an only-verified export leaves out."""

    def unverified(tables: list[str]) -> None:
        for table in REVIEWED_TABLES:
            _drop(conn, table, "review_status != 'verified'")
        children = [
            (child, column)
            for child in tables
            for parent, column in _foreign_keys(conn, child)
            if parent == DOCUMENTS
        ]
        unused = " AND ".join(
            f'id NOT IN (SELECT "{column}" FROM "{child}" WHERE "{column}" IS NOT NULL)'
            for child, column in children
        )
        if unused:
            _drop(conn, DOCUMENTS, unused)
        for table in tables:
            if "confirmed" in _columns(conn, table):
                _drop(conn, table, "confirmed = 0")

    leave_out(conn, unverified)


def leave_out(conn: sqlite3.Connection, drop: Callable[[list[str]], None]) -> None:
    """One filter of an export, in one transaction: ``drop(tables)`` deletes the rows it
    leaves out (with ``_drop``), then every row naming a row left out goes, and the
    edits of every row left out (those of rows a reviewer deleted from kept ones stay)."""
    tables = _tables(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE dropped (table_name TEXT, row_id INTEGER)")
        drop(tables)
        _drop_orphans(conn, tables)
        _drop_edits_of_deleted_rows(conn, tables)
        conn.execute(
            f"DELETE FROM {EDITS} WHERE (table_name, row_id) IN "
            "(SELECT table_name, row_id FROM temp.dropped)"
        )
        conn.execute("DROP TABLE temp.dropped")
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.rollback()
        raise


def vacuum_keeping_row_ids(conn: sqlite3.Connection) -> None:
    """``VACUUM`` (no trace of the removed rows is left in the file), keeping ``edits.row_id``.

    SQLite may renumber the rowids of a table with no ``INTEGER PRIMARY KEY``
    (``judgement_links``) when it vacuums, and ``edits`` names such a row by its
    rowid. Each one is found again by its values afterwards, and its edits
    follow it if it moved.
    """
    named = {t for (t,) in conn.execute(f"SELECT DISTINCT table_name FROM {EDITS}")}
    keyed = [t for t in _tables(conn) if t in named and not _has_integer_primary_key(conn, t)]
    before = {t: conn.execute(f'SELECT rowid, * FROM "{t}"').fetchall() for t in keyed}
    conn.execute("VACUUM")
    moves = []
    for table, rows in before.items():
        now = {row[1:]: row[0] for row in conn.execute(f'SELECT rowid, * FROM "{table}"')}
        moves += [(table, row[0], now[row[1:]]) for row in rows if now[row[1:]] != row[0]]
    if moves:
        with conn:
            conn.execute("CREATE TEMP TABLE moved (table_name TEXT, old INTEGER, new INTEGER)")
            conn.executemany("INSERT INTO temp.moved VALUES (?, ?, ?)", moves)
            conn.execute(
                f"UPDATE {EDITS} SET row_id = m.new FROM temp.moved m "
                f"WHERE {EDITS}.table_name = m.table_name AND {EDITS}.row_id = m.old"
            )
            conn.execute("DROP TABLE temp.moved")


def _drop(conn: sqlite3.Connection, table: str, where: str) -> None:
    """Record, then delete, the rows of ``table`` matching ``where``."""
    conn.execute(f'INSERT INTO temp.dropped SELECT ?, rowid FROM "{table}" WHERE {where}', [table])
    conn.execute(f'DELETE FROM "{table}" WHERE {where}')


def _drop_edits_of_deleted_rows(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Leave out the edits of rows a reviewer deleted, unless they belonged to kept rows.

    A deleted row is known only from its edits: the one that inserted or
    deleted it (field ``WHOLE_ROW``, ``*``) holds it as JSON, foreign keys included. A removed
    action of a kept recommendation, or a removed link between two kept
    records, is part of their history and stays; a deleted record, or a row
    whose parent is left out (or not known), goes with it.
    """
    for table in tables:
        if table == EDITS:
            continue
        keys = _foreign_keys(conn, table)
        parents_kept = " AND ".join(
            f"json_extract(COALESCE(w.new, w.old), '$.{column}') IN (SELECT id FROM \"{parent}\")"
            for parent, column in keys
        )
        belongs = (
            "0"
            if table in REVIEWED_TABLES or not keys
            else f"EXISTS (SELECT 1 FROM {EDITS} w WHERE w.table_name = e.table_name "
            f"AND w.row_id = e.row_id AND w.field = '{WHOLE_ROW}' AND {parents_kept})"
        )
        conn.execute(
            f"INSERT INTO temp.dropped SELECT DISTINCT e.table_name, e.row_id FROM {EDITS} e "
            f'WHERE e.table_name = ? AND e.row_id NOT IN (SELECT rowid FROM "{table}") '
            f"AND NOT {belongs}",
            [table],
        )


def _drop_orphans(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Drop every row whose foreign key names a row no longer there, until none is left."""
    while True:
        before = conn.total_changes
        for table in tables:
            for parent, column in _foreign_keys(conn, table):
                _drop(
                    conn,
                    table,
                    f'"{column}" IS NOT NULL AND "{column}" NOT IN (SELECT id FROM "{parent}")',
                )
        if conn.total_changes == before:
            return


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(parent table, column) of each single-column foreign key of ``table`` to an ``id``."""
    keys = conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
    # columns: id, seq, table, from, to, on_update, on_delete, match
    return [(row[2], row[3]) for row in keys if row[4] in (None, "id")]


def _has_integer_primary_key(conn: sqlite3.Connection, table: str) -> bool:
    keys = [row for row in conn.execute(f'PRAGMA table_info("{table}")') if row[5]]
    return len(keys) == 1 and keys[0][2].upper() == "INTEGER"
