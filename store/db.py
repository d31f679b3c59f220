"""Open the one SQLite file everything lives in.

``open_db`` is the only way into a database: it refuses files that are not
SQLite, not ours, or written by a newer version, sets the connection up (WAL,
busy timeout, foreign keys) and brings the schema up to date.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from store.schema import SCHEMA_VERSION, migrate, user_version

_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The database cannot be used: its message is one line a user can act on."""


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (or with ``create``, make) the database at ``path`` and migrate it.

    Raises ``StoreError`` when the file is missing (and ``create`` is false),
    is not a SQLite database, is a SQLite database of something else, was
    written by a newer hmip-review, or cannot be written.
    """
    path = Path(path)
    _check_file(path, create=create)
    try:
        conn = sqlite3.connect(str(path))
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open: {exc}") from None
    try:
        db = sqlite_utils.Database(conn)
        _configure(db, path)
        _check_version(db, path)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: {describe_sqlite_error(exc)}") from None
    except BaseException:
        conn.close()
        raise
    return db


def _check_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such database")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"{path}: folder {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"{path}: cannot create the database: folder {parent} is read-only")
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path}: not a SQLite database")
    if not os.access(path, os.W_OK):
        raise StoreError(f"{path}: the database file is read-only")


def _configure(db: sqlite_utils.Database, path: Path) -> None:
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA foreign_keys = ON")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{path}: cannot switch to WAL mode (journal mode is {mode})")


def _check_version(db: sqlite_utils.Database, path: Path) -> None:
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer hmip-review (schema version {version}; "
            f"this one reads up to {SCHEMA_VERSION}): upgrade hmip-review"
        )
    if version == 0 and db.table_names():
        raise StoreError(
            f"{path}: a SQLite database of something else (it has tables but no "
            "hmip-review schema): use a new file"
        )


def describe_sqlite_error(exc: sqlite3.DatabaseError) -> str:
    """A one-line reason for a SQLite error, in words a user can act on."""
    message = str(exc)
    if "file is not a database" in message:
        return "not a SQLite database"
    if "readonly" in message or "read-only" in message:
        return "the database is read-only"
    if "locked" in message or "busy" in message:
        return "the database is busy (another program holds a lock); try again"
    return message
