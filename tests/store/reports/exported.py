"""Reading an export back in the tests: a database's rows, a CSV file, an exported folder."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from store.reports.export_csv import ENCODING


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def rows_of(path: Path, name: str) -> list[tuple]:
    """A table's rows in rowid order, or a view's rows as the view gives them."""
    order = "ORDER BY rowid" if name in relations(path, "table") else ""
    return query(path, f'SELECT * FROM "{name}" {order}')


def columns_of(path: Path, name: str) -> list[str]:
    return [row[1] for row in query(path, f'PRAGMA table_info("{name}")')]


def relations(path: Path, kind: str) -> set[str]:
    return {
        name
        for (name,) in query(
            path,
            "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'",
            (kind,),
        )
    }


def read_csv(path: Path) -> list[list[str]]:
    """Every row of an exported CSV file, its header first, as Python's csv module reads it."""
    with path.open(encoding=ENCODING, newline="") as fh:
        return list(csv.reader(fh))


def read_csv_dicts(path: Path) -> list[dict[str, str]]:
    with path.open(encoding=ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


def as_csv(value: object) -> str:
    """What a database value reads back as from an exported CSV file (no formula trigger)."""
    return "" if value is None else str(value)
