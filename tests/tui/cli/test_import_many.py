"""`hmip-review import` of many files: parsed in worker processes, stored in order, summed up.

With at least ``POOL_MIN_FILES`` files and more than one core the files are
parsed in worker processes (``store.ingest.parse_pool``); the database must hold
exactly what a one-by-one import stores, in the same order, and an import of
more than ``MANY_FILES`` files prints one summary row per kind and status.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import store.ingest.parse_pool
from bench.gen_corpus import generate
from store.ingest.parse_pool import parse_file
from tests.support.cli_runner import run
from tui.cli.collaborators import Collaborators
from tui.cli.import_summary import MANY_FILES


def stored(db_path: Path) -> list[tuple]:
    """Every stored document, record and action, in id order, ids and times left out."""
    conn = sqlite3.connect(db_path)
    try:
        docs = conn.execute(
            "SELECT source_name, kind, establishment, sha256, warnings FROM documents ORDER BY id"
        ).fetchall()
        recs = conn.execute(
            "SELECT d.source_name, r.position, r.rec_no, r.agreement, r.recommendation, "
            "r.warnings FROM recommendations r JOIN documents d ON d.id = r.document_id "
            "ORDER BY r.id"
        ).fetchall()
        actions = conn.execute(
            "SELECT r.rec_no, a.position, a.owner, a.target, a.target_date FROM actions a "
            "JOIN recommendations r ON r.id = a.recommendation_id ORDER BY a.id"
        ).fetchall()
        judgements = conn.execute(
            "SELECT ref, judgement, inspectorate FROM judgements ORDER BY id"
        ).fetchall()
        links = conn.execute("SELECT count(*) FROM judgement_links").fetchone()
        return [docs, recs, actions, judgements, links]
    finally:
        conn.close()


@pytest.fixture
def many(tmp_path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for gen in generate(MANY_FILES + 5, 6, seed=3):
        (folder / gen.name).write_text(gen.text, encoding="utf-8")
    return folder


def test_many_files_import_the_same_in_workers_as_one_by_one(many, tmp_path, monkeypatch):
    pooled_db, plain_db = tmp_path / "pooled.db", tmp_path / "plain.db"
    pools = []
    real = store.ingest.parse_pool._Supervised
    monkeypatch.setattr(
        store.ingest.parse_pool, "_Supervised", lambda *a: pools.append(a[2]) or real(*a)
    )
    monkeypatch.setattr(store.ingest.parse_pool, "worker_count", lambda: 2)
    result = run("import", many, "--db", pooled_db)
    assert result.exit_code == 0, result.stderr
    assert pools == [2]  # parsed by two workers

    monkeypatch.setattr(store.ingest.parse_pool, "worker_count", lambda: 1)
    assert run("import", many, "--db", plain_db).exit_code == 0
    assert pools == [2, 1]  # one core: one worker, there for the time and memory limits
    assert stored(pooled_db) == stored(plain_db)


def test_many_files_are_summed_up_by_kind_and_status(many, db_path):
    n = len(list(many.iterdir()))
    result = run("import", many, "--db", db_path)
    assert result.exit_code == 0
    assert f"Import summary: {n} files" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()]
    plan_row = next(r for r in rows if r[:2] == ["plan", "imported"])
    irp_row = next(r for r in rows if r[:2] == ["IRP", "imported"])
    assert int(plan_row[2]) + int(irp_row[2]) == n
    assert f"{n} imported" in result.stderr
    again = run("import", many, "--db", db_path)
    assert any(line.split()[:3] == ["plan", "unchanged", plan_row[2]] for line in
               again.stdout.splitlines())  # fmt: skip


def test_a_bad_file_among_many_is_reported_and_the_rest_import(many, db_path):
    (many / "00000_not_a_plan.txt").write_text("minutes of the tea committee\n")
    (many / "00000_empty.txt").write_text("")
    n = len(list(many.iterdir()))
    result = run("import", many, "--db", db_path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("00000_empty.txt" in e and "empty file" in e for e in errors)
    assert any("00000_not_a_plan.txt" in e and "not an action plan" in e for e in errors)
    assert f"{n - 2} imported, 2 failed" in result.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == n - 2


def test_a_database_that_cannot_be_opened_stops_the_workers_too(many, tmp_path):
    import multiprocessing

    not_db = tmp_path / "notes.txt"
    not_db.write_text("my notes\n")
    result = run("import", many, "--db", not_db)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {not_db}: not a SQLite database"
    assert not_db.read_text() == "my notes\n"
    assert multiprocessing.active_children() == []  # no parse worker left running


def test_ctrl_c_keeps_what_was_stored_and_says_so(many, db_path):
    calls = []

    def stopped_at_the_fifth(path: Path):
        calls.append(path)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return parse_file(path)

    n = len(list(many.iterdir()))
    result = run("import", many, "--db", db_path, app=Collaborators(parse=stopped_at_the_fifth))
    assert result.exit_code == 130
    assert f"interrupted: 4 imported, {n - 4} not imported → {db_path}" in result.stderr
    assert "run the same import again" in result.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    conn.close()
    again = run("import", many, "--db", db_path)  # and the same import finishes the job
    assert again.exit_code == 0
    assert f"4 unchanged, {n - 4} imported" in again.stderr or (
        f"{n - 4} imported, 4 unchanged" in again.stderr
    )
