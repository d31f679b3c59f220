"""The database a bench script measures: built once, kept in the temporary folder, reused.

Building one (a generated or copied corpus imported through the store) takes
seconds to minutes, so each script keeps its own under a name of its own in
``tempfile.gettempdir()`` (``run_all.py --cold`` points that at a fresh folder)
and builds it again only when it is missing, cannot be read, was written by
another schema version, does not hold what the script asks for (``fits``), or
the script was asked to (``--rebuild``). A build starts from nothing: the file
and its ``-wal`` and ``-shm`` are removed first.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from store.schema import SCHEMA_VERSION


def temp_path(name: str) -> Path:
    """Where a script keeps its database between runs."""
    return Path(tempfile.gettempdir()) / name


def cached_database(
    path: Path,
    build: Callable[[Path], None],
    fits: Callable[[sqlite3.Connection], bool],
    *,
    rebuild: bool = False,
) -> Path:
    """``path``, built by ``build`` unless it is there, of this schema version, and ``fits``."""
    if rebuild or not _usable(path, fits):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        build(path)
    else:
        print(f"reusing {path}", flush=True)
    return path


def record_count(db) -> int:
    """Recommendations plus judgements (``db``: a sqlite3 connection or a sqlite-utils one)."""
    return db.execute(
        "SELECT (SELECT COUNT(*) FROM recommendations) + (SELECT COUNT(*) FROM judgements)"
    ).fetchone()[0]


def document_count(db, kind: str | None = None) -> int:
    """The documents, or those of one kind (``'action_plan'``, ``'irp_report'``)."""
    sql = "SELECT COUNT(*) FROM documents" + (" WHERE kind = ?" if kind else "")
    return db.execute(sql, [kind] if kind else []).fetchone()[0]


def _usable(path: Path, fits: Callable[[sqlite3.Connection], bool]) -> bool:
    if not path.exists():
        return False
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION and fits(conn)
    except sqlite3.DatabaseError:  # not a database, or without the tables asked about
        return False
    finally:
        conn.close()
