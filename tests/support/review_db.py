"""Shared by the review tests: a database holding the bundled samples."""

from __future__ import annotations

from pathlib import Path

from extract import parse_document
from extract.formats.read import read_document
from store import import_document, open_db
from tests.support.paths import SAMPLES


def import_samples(db_path: Path) -> Path:
    """Import every sample document into ``db_path`` through ``store``; return the path."""
    db = open_db(db_path)
    try:
        for path in sorted(SAMPLES.glob("*.txt")):
            if path.name == "README.md":
                continue
            import_document(db, parse_document(read_document(path)), path.name)
    finally:
        db.close()
    return db_path


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    """Read the database through a connection of its own, as another program would."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
