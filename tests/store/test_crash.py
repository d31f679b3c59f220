"""kill -9 at any moment leaves a valid database: every document whole or absent, every
acknowledged change present (issue 6).

Real processes, killed with SIGKILL: a few random-moment trials from
``bench/crash_trials.py`` (which runs hundreds), and kills at chosen points —
inside a document's transaction, inside a re-parse merge, inside a review
change, inside a migration — where a child process signals that it got there
and then waits to be killed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench import crash_trials
from store import open_db
from store.schema import SCHEMA_VERSION
from tests.support.paths import REPO
from tests.support.reliability import dump, integrity, v1_database


@pytest.fixture
def bench(tmp_path, corpus_dir):
    module = crash_trials
    module.freeze_code(tmp_path)
    yield module
    module._CODE = None


@pytest.fixture
def folder(bench, tmp_path, corpus_dir):
    return bench.gather((REPO / "samples", corpus_dir), into=tmp_path / "docs")


def test_imports_killed_at_five_moments_leave_every_document_whole_or_absent(
    bench, folder, tmp_path
):
    result = bench.import_trials(
        folder, tmp_path, 5, fresh_every=5, delays=[0.05, 0.3, 0.5, 0.7, 0.9]
    )
    assert result.failures == []
    assert (result.trials, result.partial, result.bad_integrity) == (5, 0, 0)
    assert result.killed >= 3  # most kills land mid-import


def test_change_loops_killed_keep_every_change_they_acknowledged(bench, folder, tmp_path):
    result = bench.change_trials(folder, tmp_path, 3, longest=0.8)
    assert result.failures == []
    assert result.lost == 0
    assert result.acknowledged > 0


# --- kills at chosen points ---------------------------------------------------------------

_CHILD = """
import os, sys, time
sys.path.insert(0, {repo!r})
{setup}
def stop_here(*args, **kwargs):
    print("inside", flush=True)
    time.sleep(60)
{patch}
{action}
"""


def kill_inside(tmp_path: Path, *, setup: str = "", patch: str, action: str) -> None:
    """Run a child that stops at ``patch``'s point, then SIGKILL it there."""
    script = _CHILD.format(
        repo=str(REPO),
        setup=textwrap.dedent(setup),
        patch=textwrap.dedent(patch),
        action=textwrap.dedent(action),
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        line = child.stdout.readline()
        assert line == "inside\n", child.stderr.read()
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -9


IMPORT = """
from extract import parse_document
from extract.formats.read import read_document
from store import import_document, open_db
db = open_db({db!r})
import_document(db, parse_document(read_document({doc!r})), "doc.txt", **{kw})
"""


def test_a_kill_half_way_through_a_documents_records_leaves_no_trace_of_it(tmp_path, corpus_dir):
    db_path = tmp_path / "crash.db"
    plan, other = corpus_dir / "000_752b575627fd0e86.txt", corpus_dir / "002_0fdf0d265b061afe.txt"
    subprocess.run(
        [sys.executable, "-m", "tui", "import", other, "--db", db_path], check=True, cwd=REPO
    )
    before = dump(db_path)
    kill_inside(
        tmp_path,
        # the first 10 recommendations go in, then the process stops inside the transaction
        patch="""
        import store.ingest.importer as imp
        real, n = imp._insert_recommendation, [0]
        def some_then_stop(db, rec, document_id):
            n[0] += 1
            if n[0] > 10:
                stop_here()
            return real(db, rec, document_id)
        imp._insert_recommendation = some_then_stop
        """,
        action=IMPORT.format(db=str(db_path), doc=str(plan), kw="{}"),
    )
    assert integrity(db_path) == "ok"
    assert dump(db_path) == before
    open_db(db_path).close()  # and it opens, as good as before


def test_a_kill_in_the_middle_of_a_re_parse_merge_leaves_the_document_as_it_was(
    tmp_path, corpus_dir
):
    db_path = tmp_path / "crash.db"
    plan = corpus_dir / "000_752b575627fd0e86.txt"
    subprocess.run(
        [sys.executable, "-m", "tui", "import", plan, "--db", db_path], check=True, cwd=REPO
    )
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE recommendations SET review_status = 'verified', reviewer = 'ann'")
    conn.commit()
    conn.close()
    before = dump(db_path)
    kill_inside(
        tmp_path,
        # the merge has updated every record and is about to renumber them
        patch="""
        import store.ingest.reparse as rp
        rp._Merger._keep_not_found = lambda self, table, row: None
        real = rp.Change.renumber
        def stop_at_renumber(self, table, positions):
            if table == "recommendations":
                stop_here()
            return real(self, table, positions)
        rp.Change.renumber = stop_at_renumber
        """,
        action=IMPORT.format(db=str(db_path), doc=str(plan), kw="{'reparse': True}"),
    )
    assert integrity(db_path) == "ok"
    assert dump(db_path) == before


def test_a_kill_inside_a_review_change_loses_only_that_unacknowledged_change(tmp_path, corpus_dir):
    db_path = tmp_path / "crash.db"
    subprocess.run(
        [sys.executable, "-m", "tui", "import", corpus_dir / "000_752b575627fd0e86.txt"]
        + ["--db", db_path],
        check=True,
        cwd=REPO,
    )
    kill_inside(
        tmp_path,
        setup=f"""
        from store import open_db
        from store.review import changes
        from store.domain import RECOMMENDATION
        db = open_db({str(db_path)!r})
        changes.set_status(db, "ann", (RECOMMENDATION, 1), "verified")
        changes.update_recommendation(db, "ann", 2, agreement="Not Agreed")
        """,
        # the third change has written its rows but not yet its edits or its COMMIT
        patch="""
        import store.review.audit as ed
        ed.Change.write_trail = lambda self: stop_here()
        """,
        action="changes.add_action(db, 'ann', 3, owner='Mr Late', target='May 2030')",
    )
    assert integrity(db_path) == "ok"
    db = open_db(db_path)
    assert db["recommendations"].get(1)["review_status"] == "verified"
    assert db["recommendations"].get(2)["agreement"] == "Not Agreed"
    assert db.execute("SELECT COUNT(*) FROM actions WHERE owner = 'Mr Late'").fetchone()[0] == 0
    trail = db.execute("SELECT DISTINCT change_id FROM edits WHERE reviewer = 'ann'").fetchall()
    assert len(trail) == 2


def test_a_kill_inside_a_migration_leaves_the_older_version_which_then_migrates(tmp_path):
    db_path = tmp_path / "old.db"
    v1_database(db_path)
    kill_inside(
        tmp_path,
        patch="""
        import store.schema as schema
        real = schema.MIGRATIONS[1]
        def half_then_stop(db):
            real(db)
            stop_here()
        schema.MIGRATIONS[1] = half_then_stop
        """,
        action=f"from store import open_db\nopen_db({str(db_path)!r})",
    )
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "change_id" not in [r[1] for r in conn.execute("PRAGMA table_info(edits)")]
    conn.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
