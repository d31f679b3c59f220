"""Open the one SQLite file everything lives in.

``open_db`` is the only way into a database: it refuses files that are not
SQLite, not ours, or written by a newer version, sets the connection up (WAL,
busy timeout, foreign keys) and brings the schema up to date. With
``readonly=True`` it opens the file for reading only (for ``stats``,
``outstanding`` and ``export`` on a file that cannot be written) and changes
nothing, not even the schema. ``write_transaction`` is how every writer starts
its transaction: ``BEGIN IMMEDIATE``, so two writers queue on the busy timeout
instead of one failing with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from store.errors import ReadOnlyError, StoreError
from store.migrations import migrate, user_version
from store.plain_connection import BUSY_TIMEOUT_MS, SQLITE_HEADER
from store.schema import SCHEMA_VERSION


def open_db(
    path: str | Path, *, create: bool = True, readonly: bool = False
) -> sqlite_utils.Database:
    """Open (or with ``create``, make) the database at ``path`` and migrate it.

    Raises ``StoreError`` when the file is missing (and ``create`` is false),
    is not a SQLite database, is a SQLite database of something else, was
    written by a newer hmip-review, or cannot be written (``ReadOnlyError``).

    With ``readonly`` the file is opened for reading only: it must exist, it is
    never migrated, and one written by an older hmip-review is refused (it
    needs a migration that a read-only file cannot have).
    """
    path = Path(path)
    if readonly:
        return _open_readonly(path)
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
        reason = describe_sqlite_error(exc)
        error = ReadOnlyError if reason == READ_ONLY else StoreError
        raise error(f"{path}: {reason}") from None
    except BaseException:
        conn.close()
        raise
    return db


def open_for_reading(path: str | Path) -> sqlite_utils.Database:
    """Open an existing database to read it: migrated when it can be written, else read-only."""
    try:
        return open_db(path, create=False)
    except ReadOnlyError:
        return open_db(path, readonly=True)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` transaction: committed at the end, rolled back on any error.

    ``IMMEDIATE`` takes the write lock at the start, waiting up to the busy
    timeout for another writer. A deferred ``BEGIN`` that reads first would
    fail at once with "database is locked" if another program wrote in between.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def _open_readonly(path: Path) -> sqlite_utils.Database:
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    _check_header(path)
    conn = _connect_readonly(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn)
        _check_version(db, path)
        version = user_version(db)
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{path}: written by an older hmip-review (schema version {version}; this one "
                f"needs {SCHEMA_VERSION}) and read-only, so it cannot be upgraded: open a "
                "writable copy once (hmip-review stats --db COPY) to upgrade it"
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: {describe_sqlite_error(exc)}") from None
    except BaseException:
        conn.close()
        raise
    return db


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; ``immutable`` only where nothing can be writing the file.

    Reading a WAL database needs its ``-shm`` file; on a read-only folder (a
    read-only mount) that cannot be made, and the file is opened as immutable
    instead — which is safe only because nothing can write it there, and only
    when no ``-wal`` file holds changes not yet copied into the database.
    """
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if "unable to open" not in str(exc):
            raise StoreError(f"{path}: {describe_sqlite_error(exc)}") from None
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"{path}: cannot be read here: its folder is read-only and {wal.name} holds "
            "changes not yet saved into it (open it once where it can be written)"
        )
    try:
        return sqlite3.connect(uri + "&immutable=1", uri=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {describe_sqlite_error(exc)}") from None


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
    _check_header(path)
    if not os.access(path, os.W_OK):
        raise ReadOnlyError(f"{path}: the database file is read-only")
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite writes its -wal and -shm files beside the database
        raise ReadOnlyError(f"{path}: the database's folder {folder} is read-only")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path}: not a SQLite database")


def _configure(db: sqlite_utils.Database, path: Path) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    mode = _switch_to_wal(db)
    if str(mode).lower() != "wal":
        raise StoreError(f"{path}: cannot switch to WAL mode (journal mode is {mode})")


def _switch_to_wal(db: sqlite_utils.Database) -> str:
    """Put the file in WAL mode (it stays so), waiting while another program does the same.

    A new file starts in rollback-journal mode, where two programs switching at
    once can be told "busy" at once, without the busy timeout: SQLite does not
    wait when waiting could deadlock. So the switch is retried until the timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            return db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _check_version(db: sqlite_utils.Database, path: Path) -> None:
    # Tables first, then the version: another program may be migrating this new
    # file right now, and a migration commits its tables with its version bump,
    # so tables seen here imply a version seen below (the other order could see
    # version 0 and then the tables of a migration that committed in between).
    has_tables = bool(db.table_names())
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer hmip-review (schema version {version}; "
            f"this one reads up to {SCHEMA_VERSION}): upgrade hmip-review"
        )
    if version == 0 and has_tables:
        raise StoreError(
            f"{path}: a SQLite database of something else (it has tables but no "
            "hmip-review schema): use a new file"
        )


READ_ONLY = "the database is read-only"


def describe_sqlite_error(exc: sqlite3.DatabaseError) -> str:
    """A one-line reason for a SQLite error, in words a user can act on."""
    message = str(exc)
    if "file is not a database" in message:
        return "not a SQLite database"
    if "readonly" in message or "read-only" in message:
        return READ_ONLY
    if "locked" in message or "busy" in message:
        return "the database is busy (another program holds a lock); try again"
    return message
