"""Several programs on one database at once: no "database is locked", nothing lost (issue 6).

Real processes: two ``hmip-review import`` runs at once (different files, the
same files), an export while an import runs, and, in this process, a reviewer
writing changes, a reader holding a snapshot open (as the review app does) and
a writer holding the write lock while an import runs.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from bench import crash_trials
from store import open_db
from store.domain import RECOMMENDATION
from store.review import changes
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def bench():
    return crash_trials


@pytest.fixture
def folder(bench, tmp_path, corpus_dir):
    """Every document the project has: about 40, so one import takes a second or two."""
    return bench.gather(into=tmp_path / "docs")


@pytest.fixture
def expected(bench, folder):
    return bench.expected_documents(folder)


def start_import(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "import", *(str(a) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def assert_no_lock_errors(*errs: str) -> None:
    for err in errs:
        assert "database is locked" not in err and "database is busy" not in err, err
        assert "error:" not in err, err


def test_two_imports_of_different_files_at_once_both_succeed(bench, folder, expected, tmp_path):
    files = sorted(folder.glob("*.txt"))
    db_path = tmp_path / "shared.db"
    for _ in range(2):  # a new database (both create it), then one both add to
        first = start_import(*files[0::2], "--db", db_path)
        second = start_import(*files[1::2], "--db", db_path)
        (rc1, _, err1), (rc2, _, err2) = finish(first), finish(second)
        assert (rc1, rc2) == (0, 0), err1 + err2
        assert_no_lock_errors(err1, err2)
    check = bench.check_database(db_path, expected)
    assert check.ok, check
    assert check.documents == len(expected)


def test_two_imports_of_the_same_files_at_once_store_each_document_once(
    bench, folder, expected, tmp_path
):
    db_path = tmp_path / "shared.db"
    first = start_import(folder, "--db", db_path)
    second = start_import(folder, "--db", db_path)
    (rc1, out1, err1), (rc2, out2, err2) = finish(first), finish(second)

    assert (rc1, rc2) == (0, 0), err1 + err2
    assert_no_lock_errors(err1, err2)
    check = bench.check_database(db_path, expected)
    assert check.ok, check
    assert check.documents == len(expected)
    # each document was imported by exactly one of them; the other found it unchanged
    assert _said(err1, "imported") + _said(err2, "imported") == len(expected)
    assert _said(err1, "unchanged") + _said(err2, "unchanged") == len(expected)
    for out in (out1, out2):  # many files: a row per kind and status, not per file
        assert f"Import summary: {len(expected)} files" in out


def test_a_reviewer_keeps_saving_changes_while_an_import_runs(folder, tmp_path, corpus_dir):
    db_path = tmp_path / "review.db"
    subprocess.run(
        [sys.executable, "-m", "tui", "import", corpus_dir / "000_752b575627fd0e86.txt"]
        + ["--db", db_path],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    importing = start_import(folder, "--db", db_path)
    saved, failures = [], []

    def review() -> None:
        db = open_db(db_path)  # its own connection, as the app's worker has
        try:
            ids = [r[0] for r in db.execute("SELECT id FROM recommendations ORDER BY id")]
            i = 0
            while importing.poll() is None or i < 20:
                rec = ids[i % len(ids)]
                try:
                    done = changes.update_recommendation(db, "ann", rec, note=f"note {i}")
                    saved.append((done.change_id, rec, f"note {i}"))
                except Exception as exc:  # noqa: BLE001 - any failure is the finding
                    failures.append(repr(exc))
                i += 1
                time.sleep(0.02)  # 50 changes a second: far faster than anyone reviews
        finally:
            db.close()

    reviewer = threading.Thread(target=review)
    reviewer.start()
    rc, _, err = finish(importing)
    reviewer.join(timeout=60)

    assert rc == 0, err
    assert_no_lock_errors(err)
    assert failures == []
    assert len(saved) >= 20
    conn = sqlite3.connect(db_path)
    for change_id, rec, note in saved:
        assert conn.execute(
            "SELECT new FROM edits WHERE change_id = ? AND row_id = ? AND field = 'note'",
            [change_id, rec],
        ).fetchone() == (f'"{note}"',)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] > 10
    conn.close()


def test_an_open_reader_and_a_long_writer_do_not_make_an_import_fail(
    bench, folder, expected, tmp_path, corpus_dir
):
    db_path = tmp_path / "app.db"
    subprocess.run(
        [sys.executable, "-m", "tui", "import", corpus_dir / "000_752b575627fd0e86.txt"]
        + ["--db", db_path],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    reader = open_db(db_path)  # the review app, half-way through reading a page
    reader.execute("BEGIN")
    seen = reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    writer = open_db(db_path)  # another program holding the write lock for a while
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE documents SET title = title")

    importing = start_import(folder, "--db", db_path)
    time.sleep(1.5)
    writer.execute("COMMIT")
    rc, _, err = finish(importing)

    assert rc == 0, err
    assert_no_lock_errors(err)
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == seen  # its snapshot
    reader.execute("COMMIT")
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(expected)
    changes.set_status(reader, "ann", (RECOMMENDATION, 1), "verified")  # and it can still write
    reader.close()
    writer.close()


def test_export_while_an_import_runs_is_a_consistent_copy(bench, folder, expected, tmp_path):
    db_path = tmp_path / "exporting.db"
    files = sorted(folder.glob("*.txt"))
    subprocess.run(
        [sys.executable, "-m", "tui", "import", files[0], "--db", db_path],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    importing = start_import(folder, "--db", db_path)
    exports = []
    while importing.poll() is None and len(exports) < 5:
        out = tmp_path / f"copy{len(exports)}.sqlite"
        done = subprocess.run(
            [sys.executable, "-m", "tui", "export", out, "--db", db_path],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        exports.append(out)
    rc, _, err = finish(importing)

    assert rc == 0, err
    assert_no_lock_errors(err)
    assert exports
    for out in exports:
        check = bench.check_database(out, expected)
        assert check.ok, (out, check)


def test_three_imports_creating_the_same_new_database_at_once_all_succeed(tmp_path):
    samples = sorted((REPO / "samples").glob("*action_plan*.txt"))[:3]
    for round_ in range(5):  # a new file each round: they race to create and migrate it
        db_path = tmp_path / f"new{round_}.db"
        processes = [start_import(sample, "--db", db_path) for sample in samples]
        results = [finish(p) for p in processes]
        assert [rc for rc, _, _ in results] == [0, 0, 0], [err for _, _, err in results]
        assert_no_lock_errors(*(err for _, _, err in results))
        conn = sqlite3.connect(db_path)
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        conn.close()


def _said(err: str, status: str) -> int:
    """How many files an import's closing line ('45 imported, 4 unchanged → …') gives ``status``."""
    m = re.search(rf"(\d+) {status}\b[^\n]*→", err)
    return int(m.group(1)) if m else 0
