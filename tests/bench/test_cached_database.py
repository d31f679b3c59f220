"""bench/cached_database.py: a bench's database is built when missing or stale, else reused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.cached_database import cached_database, document_count, record_count
from store import import_document, open_db
from tests.support.repeat_plans import repeat_plan


class Builder:
    """Builds a database of one plan per year asked for, and counts its builds."""

    def __init__(self, years=(2015, 2018)):
        self.years, self.builds = years, 0

    def __call__(self, path: Path) -> None:
        assert not path.exists()  # a build starts from nothing
        self.builds += 1
        db = open_db(path)
        try:
            for year in self.years:
                import_document(db, repeat_plan(year), f"{year}.txt")
        finally:
            db.close()


def two_plans(conn: sqlite3.Connection) -> bool:
    return document_count(conn, "action_plan") == 2


def test_built_when_missing_then_reused(tmp_path, capsys):
    path, build = tmp_path / "bench.db", Builder()
    assert cached_database(path, build, two_plans) == path
    assert cached_database(path, build, two_plans) == path
    assert build.builds == 1
    assert f"reusing {path}" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    try:
        assert document_count(conn) == 2
        assert record_count(conn) > 0
    finally:
        conn.close()


def test_rebuilt_when_asked_or_when_it_does_not_hold_what_is_asked(tmp_path):
    path, build = tmp_path / "bench.db", Builder()
    cached_database(path, build, two_plans)
    cached_database(path, build, two_plans, rebuild=True)
    assert build.builds == 2
    cached_database(path, build, lambda conn: document_count(conn) == 3)
    assert build.builds == 3


def test_rebuilt_when_of_another_schema_version(tmp_path):
    path, build = tmp_path / "bench.db", Builder()
    cached_database(path, build, two_plans)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    cached_database(path, build, two_plans)
    assert build.builds == 2


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_rebuilt_when_not_a_database_and_its_wal_removed_first(tmp_path, content):
    path, build = tmp_path / "bench.db", Builder()
    path.write_bytes(content)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"left over")
    cached_database(path, build, two_plans)
    assert build.builds == 1
    assert not wal.exists() or wal.read_bytes() != b"left over"
