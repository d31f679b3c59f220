"""THEIRS: the file merged in, read from a private copy so that it is never changed.

The file is copied with SQLite's backup API (one consistent state, even while
its reviewer's app has it open) into a temporary file, which is opened like
any database (``store.db.open_db``): so a file that is not SQLite, a damaged
one (``PRAGMA quick_check``), a SQLite database of something else, or one
written by a newer hmip-review is refused
with the same one line as everywhere, naming THEIRS; one written by an older
hmip-review is brought up to date in the copy only.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from store.db import StoreError, open_db
from store.plain_connection import SQLITE_HEADER


@contextmanager
def opened_theirs(path: str | Path) -> Iterator[sqlite_utils.Database]:
    """THEIRS as a database (a migrated private copy), removed afterwards."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(f"{path}: not a hmip-review database (not a SQLite file)")
    folder = Path(tempfile.mkdtemp(prefix="hmip-merge-"))
    copy = folder / "theirs.db"
    try:
        try:
            source = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target, pages=-1)
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot be read: {exc}") from None
        plain = sqlite3.connect(copy)
        try:
            tables = {
                n for (n,) in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            # a damaged file is refused here, not half-way through the merge
            damage = plain.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot be read: {exc}") from None
        finally:
            plain.close()
        if damage != "ok":
            raise StoreError(f"{path}: cannot be read: damaged ({damage.splitlines()[0]})")
        if not {"documents", "recommendations", "edits"} <= tables:
            raise StoreError(f"{path}: not a hmip-review database (no documents or edits tables)")
        try:
            db = open_db(copy, create=False)
        except StoreError as exc:
            raise StoreError(str(exc).replace(str(copy), str(path))) from None
        try:
            yield db
        finally:
            db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fingerprint(db: sqlite_utils.Database) -> str:
    """The SHA-256 of a file's review work: its documents' texts and its edits by people."""
    digest = hashlib.sha256()
    for (sha,) in db.execute("SELECT sha256 FROM documents ORDER BY sha256"):
        digest.update(sha.encode() + b"\n")
    for row in db.execute(
        "SELECT at, reviewer, table_name, field, old, new, undone FROM edits ORDER BY id"
    ):
        digest.update(repr(row).encode() + b"\n")
    return digest.hexdigest()
