"""The database file: the DESIGN.md contract, migrations, and files it must refuse."""

from __future__ import annotations

import sqlite3

import pytest

from store import StoreError, open_db
from store.db import BUSY_TIMEOUT_MS
from store.schema import MIGRATIONS, SCHEMA_VERSION

CONTRACT = {
    "documents": (
        "id kind establishment title inspection submitted published source_name sha256 text "
        "stated_counts parser_version imported_at"
    ),
    "recommendations": (
        "id document_id position rec_no section heading addressee ref repeated_ref agreement "
        "concern recommendation response span_start span_end warnings review_status reviewer "
        "reviewed_at note"
    ),
    "actions": "id recommendation_id position text owner target target_date status",
    "judgements": (
        "id document_id inspectorate ref theme text judgement span_start span_end review_status"
    ),
    "judgement_links": "judgement_id recommendation_id score confirmed",
    "edits": "id at reviewer table_name row_id field old new undone",
}
VIEW_COLUMNS = (
    "document_id establishment rec_no recommendation_id action_id owner target target_date overdue"
)


def test_a_new_database_has_every_contract_table_and_column(db_path):
    db = open_db(db_path)
    for table, columns in CONTRACT.items():
        assert set(columns.split()) <= set(db[table].columns_dict), table
    assert set(VIEW_COLUMNS.split()) <= {c.name for c in db.view("outstanding_actions").columns}


def test_every_foreign_key_and_the_filter_columns_are_indexed(db_path):
    db = open_db(db_path)

    def leading_columns(table):
        rows = db.execute(f"PRAGMA index_list({table})").fetchall()
        return {db.execute(f"PRAGMA index_info('{row[1]}')").fetchone()[2] for row in rows}

    for table in CONTRACT:
        for fk in db[table].foreign_keys:
            assert fk.column in leading_columns(table), f"{table}.{fk.column} has no index"
    assert {"review_status", "document_id"} <= leading_columns("recommendations")
    assert "review_status" in leading_columns("judgements")
    assert "establishment" in leading_columns("documents")


def test_the_connection_uses_wal_a_busy_timeout_and_foreign_keys(db_path):
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_schema_version_is_recorded_and_reopening_migrates_nothing(db_path):
    open_db(db_path).close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert "documents" in db.table_names()


def test_a_failing_migration_leaves_the_file_as_it_was(db_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr("store.schema.MIGRATIONS", [broken])
    with pytest.raises(RuntimeError):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db_path):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer hmip-review"):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(db_path):
    db_path.write_text("Action Plan: HMP Nowhere\n")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_db(db_path)
    assert db_path.read_text() == "Action Plan: HMP Nowhere\n"


def test_a_corrupt_sqlite_file_is_refused(db_path):
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(StoreError):
        open_db(db_path)


def test_another_programs_sqlite_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="something else"):
        open_db(db_path)


def test_a_missing_database_is_refused_unless_it_may_be_created(db_path):
    with pytest.raises(StoreError, match="no such database"):
        open_db(db_path, create=False)
    assert not db_path.exists()
    with pytest.raises(StoreError, match="does not exist"):
        open_db(db_path.parent / "no-such-folder" / "x.db")


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        open_db(tmp_path)


def test_check_constraints_keep_values_to_the_contract(db_path):
    db = open_db(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO documents (kind, sha256, text, parser_version, imported_at) "
            "VALUES ('memo', 'x', 't', '1', 'now')"
        )


def test_a_failing_migration_leaves_no_half_schema(tmp_path, monkeypatch):
    """Migrations run statement by statement inside one transaction: all or nothing."""
    import sqlite3

    import sqlite_utils

    from store import migrations, schema

    def broken(db):
        schema._run_script(db, "CREATE TABLE half_done (x);\nCREATE TABLE oops (;\n")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    db = sqlite_utils.Database(tmp_path / "m.db")
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(db)
    assert "half_done" not in db.table_names()
    assert migrations.user_version(db) == len(schema.MIGRATIONS) - 1
