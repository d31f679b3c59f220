"""Hand the reviewed database on: a SQLite copy, a folder of CSV files, or one JSON file.

This module holds the entry point (``export_database``) and the snapshot; the
only-verified filter is in ``store.reports.export_filter``, the writers in
``store.reports.export_writers`` (metadata, JSON) and
``store.reports.export_csv`` (the CSV folder), and the temporary files in
``store.reports.export_placement``.

Every export starts from one consistent snapshot, taken with SQLite's online
backup API, so it is safe while the review app has the database open and
another program writes to it. Filtering (``only_verified``) and the metadata
are applied to the snapshot, never to the user's database. Everything is
written under a temporary name in the destination folder and renamed into
place at the end, so a failed export leaves nothing half-written, and an
existing destination is replaced only when asked (``force``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from store.db import StoreError, describe_sqlite_error, open_for_reading
from store.reports.export_csv import write_csv_folder
from store.reports.export_filter import keep_only_verified, vacuum_keeping_row_ids
from store.reports.export_placement import place, remove, temporary_file, temporary_folder
from store.reports.export_select import keep_only_documents
from store.reports.export_writers import (
    datasette_metadata,
    relations,
    row_count,
    write_json,
    write_metadata_table,
)

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
FORMATS = {**dict.fromkeys(SQLITE_SUFFIXES, "sqlite"), ".csv": "csv", ".json": "json"}


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    format: str  # 'sqlite' | 'csv' | 'json'
    rows: dict[str, int]  # rows written per table (views not counted)
    metadata_path: Path | None  # the Datasette metadata.json beside a SQLite export
    only_verified: bool
    # CSV only: cells longer than a spreadsheet cell holds, per "table.column"
    long_cells: dict[str, int] = field(default_factory=dict)


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
    documents: Collection[int] | None = None,
) -> ExportResult:
    """Export the database at ``db_path`` to ``out``, in the format its extension names.

    * ``.sqlite``/``.sqlite3``/``.db``: a copy of the database, with a
      ``_metadata`` table describing every table and column, and the same
      descriptions as Datasette metadata in ``<name>.metadata.json`` beside it.
    * ``.csv``: a folder holding one CSV file per table and view, written to
      open safely in a spreadsheet (``store.reports.export_csv``), each
      document's text in ``documents/<id>.txt``, and ``metadata.json``.
    * ``.json``: one document with every table's and every view's rows.

    ``only_verified`` keeps verified recommendations with their actions,
    verified judgements, the confirmed links between kept records, the
    documents they come from and the edits of kept rows
    (``store.reports.export_filter``).
    ``documents`` keeps only those documents, whole, with everything that belongs
    to them (``store.reports.export_select``): a reviewer's share of the work.
    Raises ``StoreError`` (nothing written) when ``out`` exists and ``force``
    is not set, when its format is unknown, or when the database cannot be read.
    """
    db_path, out = Path(db_path), Path(out)
    fmt = export_format(out)
    metadata_path = metadata_path_for(out) if fmt == "sqlite" else None
    _check_destination(db_path, out, metadata_path, force=force)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    temporaries: list[Path] = []
    long_cells: dict[str, int] = {}
    try:
        snapshot = temporary_file(out, temporaries)
        _snapshot(db_path, snapshot)
        conn = sqlite3.connect(snapshot)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if documents is not None:
                keep_only_documents(conn, documents)
            if only_verified:
                keep_only_verified(conn)
            rows = {name: row_count(conn, name) for name in relations(conn, "table")}
            metadata = datasette_metadata(conn, out.stem, exported_at, only_verified)
            if fmt == "sqlite":
                write_metadata_table(conn, metadata, out.stem)
                if only_verified or documents is not None:
                    vacuum_keeping_row_ids(conn)  # leave no trace of the removed rows
            elif fmt == "csv":
                folder = temporary_folder(out, temporaries)
                long_cells = write_csv_folder(conn, folder, metadata)
            else:
                document = temporary_file(out, temporaries)
                write_json(conn, document, exported_at, only_verified)
        finally:
            conn.close()
        if fmt == "sqlite":
            meta_tmp = temporary_file(out, temporaries)
            meta_tmp.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
            place(meta_tmp, metadata_path, force=force)
            place(snapshot, out, force=force)
        else:
            place(folder if fmt == "csv" else document, out, force=force)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{out}: export failed: {describe_sqlite_error(exc)}") from None
    except OSError as exc:
        raise StoreError(f"{out}: export failed: {exc.strerror or exc}") from None
    finally:
        for path in temporaries:
            remove(path)
    return ExportResult(out, fmt, rows, metadata_path, only_verified, long_cells)


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
