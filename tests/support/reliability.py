"""Helpers shared by the reliability tests (issue 6): old databases, dumps, integrity."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils

from store.schema import MIGRATIONS


def v1_database(path: Path) -> None:
    """A database as version 1 of the schema left it (only migration 1 run), with an edit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO edits (at, reviewer, table_name, row_id, field, old, new) VALUES "
        "('2024-01-01T00:00:00+00:00', 'ann', 'recommendations', 1, 'note', NULL, ?)",
        [json.dumps("a v1 note")],
    )
    conn.execute("COMMIT")
    conn.close()


def dump(db_path: Path) -> list[str]:
    """Every row and schema statement of a database, to compare before and after.

    Read-only (so dumping never changes it), and on a read-only mount as immutable.
    """
    uri = f"file:{Path(db_path).resolve()}?mode=ro"
    for suffix in ("", "&immutable=1"):
        conn = sqlite3.connect(uri + suffix, uri=True)
        try:
            return list(conn.iterdump())
        except sqlite3.OperationalError:
            if suffix:
                raise
        finally:
            conn.close()
    raise AssertionError("unreachable")


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
