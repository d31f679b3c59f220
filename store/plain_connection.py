"""A plain ``sqlite3`` connection for commands that only read, opened without sqlite-utils.

``hmip-review outstanding`` runs one short query; importing sqlite-utils (and
with it the whole store) would cost more than the query. ``connect_current``
opens the file with the standard library when it is the ordinary case, an
hmip-review database of this schema version, and otherwise returns None, so
that the caller opens it with ``store.db.open_for_reading``, which migrates it,
opens it read-only, or says in one line why it cannot.
"""

from __future__ import annotations

import os
import sqlite3

from store.schema import SCHEMA_VERSION

# Defined here, where reading needs no sqlite-utils; store.db uses them too.
SQLITE_HEADER = b"SQLite format 3\x00"  # how a SQLite file starts
# How long a connection waits for another program's write to finish before it
# gives up with "busy". Every write transaction is short (one document, one
# change), so waiting is almost always brief; the bound only matters when
# another program holds the file locked for good.
BUSY_TIMEOUT_MS = 30_000


def connect_current(path: str | os.PathLike[str]) -> sqlite3.Connection | None:
    """A connection to read ``path``, or None when it needs ``open_for_reading``.

    None when the file is missing, is not SQLite, has another schema version
    (older: it needs a migration; newer: refused), or cannot be read here (a
    read-only folder, a locked or damaged file).
    """
    try:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
    except OSError:
        return None
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")  # this connection never writes
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None
