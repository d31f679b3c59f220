"""Hand the reviewed database on: a SQLite copy, a folder of CSV files, or one JSON file.

Every export starts from one consistent snapshot, taken with SQLite's online
backup API, so it is safe while the review app has the database open and
another program writes to it. Filtering (``only_verified``) and the metadata
are applied to the snapshot, never to the user's database. Everything is
written under a temporary name in the destination folder and renamed into
place at the end, so a failed export leaves nothing half-written, and an
existing destination is replaced only when asked (``force``).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.contract import CONTRACT
from store.db import StoreError, describe_sqlite_error, open_for_reading

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
FORMATS = {**dict.fromkeys(SQLITE_SUFFIXES, "sqlite"), ".csv": "csv", ".json": "json"}
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


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    format: str  # 'sqlite' | 'csv' | 'json'
    rows: dict[str, int]  # rows written per table (views not counted)
    metadata_path: Path | None  # the Datasette metadata.json beside a SQLite export
    only_verified: bool


def export_format(out: str | Path) -> str:
    """'sqlite', 'csv' or 'json', from ``out``'s extension; ``StoreError`` for any other."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise StoreError(
            f"{out}: cannot tell the export format from {suffix or 'no extension'!r}"
            f" (use one of {known})"
        )
    return FORMATS[suffix]


def metadata_path_for(out: str | Path) -> Path:
    """Where a SQLite export's Datasette metadata goes: ``x.sqlite`` → ``x.metadata.json``."""
    out = Path(out)
    return out.with_name(f"{out.stem}.metadata.json")


def export_database(
    db_path: str | Path,
    out: str | Path,
    *,
    only_verified: bool = False,
    force: bool = False,
) -> ExportResult:
    """Export the database at ``db_path`` to ``out``, in the format its extension names.

    * ``.sqlite``/``.sqlite3``/``.db``: a copy of the database, with a
      ``_metadata`` table describing every table and column, and the same
      descriptions as Datasette metadata in ``<name>.metadata.json`` beside it.
    * ``.csv``: a folder holding one CSV file per table and view (header row,
      UTF-8) and ``metadata.json``.
    * ``.json``: one document with every table's rows.

    ``only_verified`` keeps verified recommendations with their actions, the
    judgements linked to them or verified themselves, the links between kept
    records, the documents they come from and the edits of kept rows.
    Raises ``StoreError`` (nothing written) when ``out`` exists and ``force``
    is not set, when its format is unknown, or when the database cannot be read.
    """
    db_path, out = Path(db_path), Path(out)
    fmt = export_format(out)
    metadata_path = metadata_path_for(out) if fmt == "sqlite" else None
    _check_destination(db_path, out, metadata_path, force=force)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    temporaries: list[Path] = []
    try:
        snapshot = _temporary_file(out, temporaries)
        _snapshot(db_path, snapshot)
        conn = sqlite3.connect(snapshot)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if only_verified:
                _keep_only_verified(conn)
            rows = {name: _count(conn, name) for name in _relations(conn, "table")}
            metadata = datasette_metadata(conn, out.stem, exported_at, only_verified)
            if fmt == "sqlite":
                _write_metadata_table(conn, metadata, out.stem)
                if only_verified:
                    conn.execute("VACUUM")  # leave no trace of the removed rows
            elif fmt == "csv":
                folder = _temporary_folder(out, temporaries)
                _write_csv_folder(conn, folder, metadata)
            else:
                document = _temporary_file(out, temporaries)
                _write_json(conn, document, exported_at, only_verified)
        finally:
            conn.close()
        if fmt == "sqlite":
            meta_tmp = _temporary_file(out, temporaries)
            meta_tmp.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
            _place(meta_tmp, metadata_path, force=force)
            _place(snapshot, out, force=force)
        else:
            _place(folder if fmt == "csv" else document, out, force=force)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{out}: export failed: {describe_sqlite_error(exc)}") from None
    except OSError as exc:
        raise StoreError(f"{out}: export failed: {exc.strerror or exc}") from None
    finally:
        for path in temporaries:
            _remove(path)
    return ExportResult(out, fmt, rows, metadata_path, only_verified)


# --- the snapshot ------------------------------------------------------------------


def _check_destination(db_path: Path, out: Path, metadata_path: Path | None, *, force: bool):
    if not out.parent.is_dir():
        raise StoreError(f"{out}: folder {out.parent} does not exist")
    if out.resolve() == db_path.resolve() or (
        metadata_path and metadata_path.resolve() == db_path.resolve()
    ):
        raise StoreError(f"{out}: is the database being exported; choose another name")
    if force:
        return
    for path in (out, metadata_path):
        if path is not None and (path.exists() or path.is_symlink()):
            raise StoreError(f"{path}: already exists; use --force to replace it")


def _snapshot(db_path: Path, target: Path) -> None:
    """Copy the database into ``target`` as it is at one moment, while others may write."""
    # refuses what is not ours; brings the schema up to date, or reads a file that
    # cannot be written (a read-only file, folder or mount) without changing it
    db = open_for_reading(db_path)
    try:
        copy = sqlite3.connect(target)
        try:
            # pages=-1: every page in one step, under one read transaction, so
            # the copy is a single consistent state of the database.
            db.conn.backup(copy, pages=-1)
        finally:
            copy.close()
    finally:
        db.close()


def _keep_only_verified(conn: sqlite3.Connection) -> None:
    """Delete, in one transaction, everything an only-verified export leaves out.

    Kept: verified recommendations and their actions; judgements verified
    themselves or linked to a kept recommendation (unless rejected); links
    between kept records; the documents of kept records. The edits of every
    row left out are left out too; the rest of the log is kept.
    """
    try:
        conn.executescript(
            """
            BEGIN IMMEDIATE;
            CREATE TEMP TABLE keep_recs AS
                SELECT id FROM recommendations WHERE review_status = 'verified';
            CREATE TEMP TABLE keep_judgements AS
                SELECT id FROM judgements WHERE review_status = 'verified'
                UNION
                SELECT l.judgement_id FROM judgement_links l
                JOIN judgements j ON j.id = l.judgement_id
                WHERE l.recommendation_id IN (SELECT id FROM keep_recs)
                  AND j.review_status != 'rejected';
            CREATE TEMP TABLE dropped (table_name TEXT, row_id INTEGER);
            INSERT INTO dropped
                SELECT 'recommendations', id FROM recommendations
                WHERE id NOT IN (SELECT id FROM keep_recs);
            INSERT INTO dropped
                SELECT 'actions', id FROM actions
                WHERE recommendation_id NOT IN (SELECT id FROM keep_recs);
            INSERT INTO dropped
                SELECT 'judgements', id FROM judgements
                WHERE id NOT IN (SELECT id FROM keep_judgements);
            INSERT INTO dropped
                SELECT 'judgement_links', rowid FROM judgement_links
                WHERE recommendation_id NOT IN (SELECT id FROM keep_recs)
                   OR judgement_id NOT IN (SELECT id FROM keep_judgements);
            INSERT INTO dropped
                SELECT 'documents', id FROM documents
                WHERE id NOT IN (SELECT r.document_id FROM recommendations r
                                 WHERE r.id IN (SELECT id FROM keep_recs))
                  AND id NOT IN (SELECT j.document_id FROM judgements j
                                 WHERE j.id IN (SELECT id FROM keep_judgements)
                                   AND j.document_id IS NOT NULL);

            DELETE FROM edits WHERE (table_name, row_id) IN (SELECT table_name, row_id FROM dropped);
            DELETE FROM judgement_links WHERE rowid IN
                (SELECT row_id FROM dropped WHERE table_name = 'judgement_links');
            DELETE FROM actions WHERE id IN
                (SELECT row_id FROM dropped WHERE table_name = 'actions');
            DELETE FROM recommendations WHERE id IN
                (SELECT row_id FROM dropped WHERE table_name = 'recommendations');
            DELETE FROM judgements WHERE id IN
                (SELECT row_id FROM dropped WHERE table_name = 'judgements');
            DELETE FROM documents WHERE id IN
                (SELECT row_id FROM dropped WHERE table_name = 'documents');
            DROP TABLE temp.keep_recs;
            DROP TABLE temp.keep_judgements;
            DROP TABLE temp.dropped;
            COMMIT;
            """
        )
    except sqlite3.Error:
        if conn.in_transaction:
            conn.rollback()
        raise


# --- metadata ----------------------------------------------------------------------


def _relations(conn: sqlite3.Connection, kind: str) -> list[str]:
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


def _columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]


def _count(conn: sqlite3.Connection, name: str) -> int:
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
    for name in _relations(conn, "table") + _relations(conn, "view"):
        description, columns = CONTRACT.get(name, ("", {}))
        entry: dict[str, object] = {}
        if description:
            entry["description"] = description
        entry["columns"] = {
            column: columns[column] for column in _columns(conn, name) if column in columns
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


def _write_metadata_table(conn: sqlite3.Connection, metadata: dict, database: str) -> None:
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


# --- CSV and JSON ------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, name: str) -> Iterator[tuple]:
    order = "ORDER BY rowid" if name in _relations(conn, "table") and _has_rowid(conn, name) else ""
    yield from conn.execute(f'SELECT * FROM "{name}" {order}')


def _has_rowid(conn: sqlite3.Connection, name: str) -> bool:
    try:
        conn.execute(f'SELECT rowid FROM "{name}" LIMIT 0')
    except sqlite3.OperationalError:
        return False
    return True


def _write_csv_folder(conn: sqlite3.Connection, folder: Path, metadata: dict) -> None:
    """One ``<name>.csv`` per table and view, with a header row, plus ``metadata.json``."""
    for name in _relations(conn, "table") + _relations(conn, "view"):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(_columns(conn, name))
            writer.writerows(_rows(conn, name))
    (folder / "metadata.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _write_json(conn: sqlite3.Connection, path: Path, exported_at: str, only_verified: bool):
    """``{"exported_at", "schema_version", "only_verified", "tables": {name: [row, ...]}}``."""
    schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
    with path.open("w", encoding="utf-8") as fh:
        head = {
            "exported_at": exported_at,
            "schema_version": schema_version,
            "only_verified": only_verified,
        }
        fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
        for i, name in enumerate(_relations(conn, "table")):
            columns = _columns(conn, name)
            fh.write(("," if i else "") + f"\n  {json.dumps(name)}: [")
            for j, row in enumerate(_rows(conn, name)):
                record = dict(zip(columns, row, strict=True))
                fh.write(("," if j else "") + "\n    " + json.dumps(record, ensure_ascii=False))
            fh.write("\n  ]")
        fh.write("\n}}\n")


# --- files -------------------------------------------------------------------------


def _temporary_name(out: Path) -> Path:
    """A hidden name beside ``out`` that no one else uses: ``.<name>.<random>.part``."""
    return out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.part")


def _temporary_file(out: Path, temporaries: list[Path]) -> Path:
    path = _temporary_name(out)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # mode as umask allows
    temporaries.append(path)
    return path


def _temporary_folder(out: Path, temporaries: list[Path]) -> Path:
    path = _temporary_name(out)
    path.mkdir()
    temporaries.append(path)
    return path


def _place(tmp: Path, out: Path, *, force: bool) -> None:
    """Move the finished ``tmp`` to ``out``; an existing ``out`` only with ``force``."""
    if not force:
        if tmp.is_file():
            try:
                os.link(tmp, out)  # fails if out appeared meanwhile: never overwrites
            except FileExistsError:
                raise StoreError(f"{out}: already exists; use --force to replace it") from None
            except OSError:  # a filesystem without hard links
                if out.exists():
                    raise StoreError(f"{out}: already exists; use --force to replace it") from None
                os.replace(tmp, out)
            else:
                tmp.unlink()
            return
        if out.exists():
            raise StoreError(f"{out}: already exists; use --force to replace it")
        os.rename(tmp, out)
        return
    if not (out.exists() or out.is_symlink()):
        os.replace(tmp, out)
        return
    old = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.old")
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
