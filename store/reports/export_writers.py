"""What an export writes from its snapshot: Datasette metadata and the JSON file.

``store.reports.export`` takes the snapshot and filters it; the functions here
read it and write: the tables and views to export (the contract's first, in
README order), their Datasette metadata (``metadata.json`` and, in a SQLite
export, the ``_metadata`` table), and one JSON document of every table's and
view's rows. The CSV folder is written by ``store.reports.export_csv``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from store.contract import CONTRACT

METADATA_TABLE = "_metadata"
METADATA_TABLE_DESCRIPTION = (
    "Descriptions of every table, view and column of this file (the same as "
    "the Datasette metadata.json written beside it). A row with no "
    "column_name describes a table; the row with neither describes the file."
)
METADATA_COLUMNS = {
    "table_name": "The table or view described; NULL for the file as a whole.",
    "column_name": "The column described; NULL for the table itself.",
    "description": "What it holds.",
}


# --- metadata ----------------------------------------------------------------------


def relations(conn: sqlite3.Connection, kind: str) -> list[str]:
    """The tables (or views) to export: the contract's in README order, then any others.

    SQLite's own tables and full-text-search indexes (virtual tables and their
    shadow tables) are left out: they are not data.
    """
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'",
        [kind],
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = [
        name
        for name, _ in rows
        if name not in virtual
        and name != METADATA_TABLE
        and not any(name.startswith(f"{v}_") for v in virtual)
    ]
    order = {name: i for i, name in enumerate(CONTRACT)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def columns_of(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]


def row_count(conn: sqlite3.Connection, name: str) -> int:
    """How many rows the table or view ``name`` holds."""
    return conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]


def datasette_metadata(
    conn: sqlite3.Connection, database: str, exported_at: str, only_verified: bool
) -> dict:
    """Datasette metadata for the database behind ``conn``: every table, view and column.

    Descriptions come from ``store.contract`` (the README's words); a table or
    column that has none there is listed without one.
    """
    scope = "verified records only" if only_verified else "every record"
    tables: dict[str, dict] = {}
    for name in relations(conn, "table") + relations(conn, "view"):
        description, columns = CONTRACT.get(name, ("", {}))
        entry: dict[str, object] = {}
        if description:
            entry["description"] = description
        entry["columns"] = {
            column: columns[column] for column in columns_of(conn, name) if column in columns
        }
        tables[name] = entry
    return {
        "title": f"hmip-review: {database}",
        "description": (
            "Recommendations of HM Inspectorate of Prisons reports, the prison service's "
            "action plans answering them, and the progress judgements of independent "
            f"reviews of progress, as checked by reviewers in hmip-review. Exported "
            f"{exported_at} ({scope})."
        ),
        "databases": {database: {"tables": tables}},
    }


def write_metadata_table(conn: sqlite3.Connection, metadata: dict, database: str) -> None:
    """Write ``metadata`` as the ``_metadata`` table, and add that table's own entry to it."""
    tables = metadata["databases"][database]["tables"]
    rows: list[tuple[str | None, str | None, str]] = [(None, None, metadata["description"])]
    rows.append((METADATA_TABLE, None, METADATA_TABLE_DESCRIPTION))
    rows.extend((METADATA_TABLE, column, text) for column, text in METADATA_COLUMNS.items())
    for name, entry in tables.items():
        if "description" in entry:
            rows.append((name, None, entry["description"]))
        rows.extend((name, column, text) for column, text in entry["columns"].items())
    with conn:
        conn.execute(
            f"CREATE TABLE {METADATA_TABLE} (table_name TEXT, column_name TEXT, "
            "description TEXT NOT NULL)"
        )
        conn.executemany(f"INSERT INTO {METADATA_TABLE} VALUES (?, ?, ?)", rows)
    tables[METADATA_TABLE] = {
        "description": METADATA_TABLE_DESCRIPTION,
        "columns": METADATA_COLUMNS,
    }


def rows_of(conn: sqlite3.Connection, name: str) -> Iterator[tuple]:
    order = "ORDER BY rowid" if name in relations(conn, "table") and _has_rowid(conn, name) else ""
    yield from conn.execute(f'SELECT * FROM "{name}" {order}')


def _has_rowid(conn: sqlite3.Connection, name: str) -> bool:
    try:
        conn.execute(f'SELECT rowid FROM "{name}" LIMIT 0')
    except sqlite3.OperationalError:
        return False
    return True


def write_json(conn: sqlite3.Connection, path: Path, exported_at: str, only_verified: bool):
    """``{"exported_at", "schema_version", "only_verified", "tables": {name: [row, ...]},
    "views": {name: [row, ...]}}``: the same tables and views as the CSV folder.

    Written a row at a time, so a large database is never held whole in memory.
    """
    schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
    with path.open("w", encoding="utf-8") as fh:
        head = {
            "exported_at": exported_at,
            "schema_version": schema_version,
            "only_verified": only_verified,
        }
        fh.write(json.dumps(head, ensure_ascii=False)[:-1])
        for kind, key in (("table", "tables"), ("view", "views")):
            fh.write(f', "{key}": {{')
            for i, name in enumerate(relations(conn, kind)):
                columns = columns_of(conn, name)
                fh.write(("," if i else "") + f"\n  {json.dumps(name)}: [")
                for j, row in enumerate(rows_of(conn, name)):
                    record = dict(zip(columns, row, strict=True))
                    fh.write(("," if j else "") + "\n    " + json.dumps(record, ensure_ascii=False))
                fh.write("\n  ]")
            fh.write("\n}")
        fh.write("}\n")
