"""Migration 2: edits are grouped into changes, so one undo reverts a whole change."""

from __future__ import annotations

import sqlite3

import pytest

from store import open_db
from store.schema import MIGRATIONS


def test_a_version_1_database_gains_change_groups_and_keeps_its_edits(db_path, monkeypatch):
    monkeypatch.setattr("store.schema.MIGRATIONS", MIGRATIONS[:1])
    db = open_db(db_path)
    db.execute(
        "INSERT INTO edits (at, reviewer, table_name, row_id, field, old, new) "
        "VALUES ('2024-01-01T00:00:00+00:00', 'ann', 'recommendations', 7, 'agreement', "
        "'\"Agreed\"', '\"Not Agreed\"')"
    )
    db.conn.commit()
    db.close()
    monkeypatch.undo()

    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 2
    row = db.execute("SELECT id, change_id, undo_of, new FROM edits").fetchone()
    assert row == (1, 1, None, '"Not Agreed"')
    indexes = {r[1] for r in db.execute("PRAGMA index_list(edits)").fetchall()}
    assert {"idx_edits_reviewer_change", "idx_edits_change"} <= indexes


def test_migration_2_runs_inside_its_transaction(db_path, monkeypatch):
    """A failure after migration 2's statements leaves the file at version 1."""

    def broken(db):
        raise RuntimeError("a later migration failed")

    monkeypatch.setattr("store.schema.MIGRATIONS", [*MIGRATIONS[:2], broken])
    with pytest.raises(RuntimeError):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    columns = {r[1] for r in conn.execute("PRAGMA table_info(edits)").fetchall()}
    assert {"change_id", "undo_of"} <= columns
