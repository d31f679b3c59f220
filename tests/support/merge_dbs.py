"""Shared by the merge tests: copies of one database, and what a database holds, row by row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from store import open_db

# The tables a merge may change, each read in an order independent of row ids.
DATA = {
    "documents": "SELECT sha256, establishment, title FROM documents ORDER BY sha256",
    "recommendations": (
        "SELECT d.sha256, r.position, r.rec_no, r.agreement, r.recommendation, r.response, "
        "r.review_status, r.note FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "ORDER BY d.sha256, r.position"
    ),
    "actions": (
        "SELECT d.sha256, r.position, a.position, a.owner, a.target, a.target_date, a.status, "
        "a.text FROM actions a JOIN recommendations r ON r.id = a.recommendation_id "
        "JOIN documents d ON d.id = r.document_id ORDER BY d.sha256, r.position, a.position"
    ),
    "judgements": (
        "SELECT d.sha256, j.position, j.ref, j.judgement, j.review_status, j.note, j.judged_on "
        "FROM judgements j LEFT JOIN documents d ON d.id = j.document_id "
        "ORDER BY d.sha256, j.position, j.recorded_at, j.ref"
    ),
    "judgement_links": (
        "SELECT jd.sha256, j.position, j.recorded_at, rd.sha256, r.position, l.confirmed "
        "FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id "
        "LEFT JOIN documents jd ON jd.id = j.document_id "
        "JOIN recommendations r ON r.id = l.recommendation_id "
        "JOIN documents rd ON rd.id = r.document_id ORDER BY 1, 2, 3, 4, 5"
    ),
}


def settled(path: Path) -> Path:
    """Checkpoint the WAL so the file alone holds the database (safe to copy)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


def copy_of(path: Path, to: Path) -> Path:
    """A copy of the database at ``path``, as a reviewer would take one away."""
    open_db(path).close()
    shutil.copy(settled(path), to)
    return to


def contents(path: Path, tables=DATA) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in tables.items()}
    finally:
        conn.close()


def all_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, by rowid: the database exactly."""
    conn = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            n: conn.execute(f'SELECT rowid, * FROM "{n}" ORDER BY rowid').fetchall() for n in names
        }
    finally:
        conn.close()
