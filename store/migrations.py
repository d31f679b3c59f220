"""Running the migrations: bring a database's schema up to ``store.schema.SCHEMA_VERSION``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store import schema

if TYPE_CHECKING:  # annotations only: reading needs no sqlite-utils
    import sqlite_utils


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every migration the database has not had; return the new version.

    Each migration and its ``PRAGMA user_version`` bump commit together, in a
    ``BEGIN IMMEDIATE`` transaction so that two programs opening a new file at
    once cannot both migrate it.
    """
    for target, migration in enumerate(schema.MIGRATIONS, start=1):
        if user_version(db) >= target:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if user_version(db) < target:
                migration(db)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
    return user_version(db)


def user_version(db: sqlite_utils.Database) -> int:
    """The database's ``PRAGMA user_version``: how many migrations it has had."""
    return db.execute("PRAGMA user_version").fetchone()[0]
