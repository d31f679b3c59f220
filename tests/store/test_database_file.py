"""The database file itself: older schemas migrate, newer ones and files that are not ours are
refused, and a read-only database still answers stats, outstanding and export (issue 6)."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from store import StoreError, open_db
from store.db import open_for_reading
from store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.support.cli_runner import run
from tests.support.paths import REPO
from tests.support.reliability import dump, v1_database

PLAN = "000_752b575627fd0e86.txt"


@pytest.fixture
def imported_db(tmp_path, corpus_dir):
    db_path = tmp_path / "reviewed.db"
    result = run(
        "import", corpus_dir / PLAN, corpus_dir / "001_cf611bd65976c5ea.txt", "--db", db_path
    )
    assert result.exit_code == 0, result.stderr
    return db_path


# --- older and newer schemas -----------------------------------------------------------------


def test_a_version_1_database_is_migrated_on_opening_and_keeps_its_data(db_path):
    v1_database(db_path)

    db = open_db(db_path)

    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    edit = next(db["edits"].rows)
    assert json.loads(edit["new"]) == "a v1 note"
    assert edit["change_id"] == edit["id"]  # migration 2 made each old edit its own change
    assert "recommendation_progress" in db.view_names()  # migration 3


def test_every_intermediate_version_migrates_to_the_current_one(tmp_path, corpus_dir):
    for version in range(1, SCHEMA_VERSION):
        path = tmp_path / f"v{version}.db"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN")
        import sqlite_utils

        for migration in MIGRATIONS[:version]:
            migration(sqlite_utils.Database(conn))
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
        conn.close()
        result = run("import", corpus_dir / PLAN, "--db", path)
        assert result.exit_code == 0, result.stderr
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def newer(db_path):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


@pytest.mark.parametrize(
    "command",
    [("import", "{plan}"), ("stats",), ("outstanding", "belmarsh"), ("export", "{out}")],
    ids=["import", "stats", "outstanding", "export"],
)
def test_a_newer_database_is_refused_by_every_command_and_left_alone(
    db_path, corpus_dir, tmp_path, command
):
    newer(db_path)
    before = dump(db_path)
    args = [a.format(plan=corpus_dir / PLAN, out=tmp_path / "out.sqlite") for a in command]

    result = run(*args, "--db", db_path)

    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: {db_path}: written by a newer hmip-review")
    assert "upgrade hmip-review" in lines[-1]
    assert dump(db_path) == before
    assert not (tmp_path / "out.sqlite").exists()


def test_a_newer_database_is_refused_read_only_too(db_path):
    newer(db_path)
    with pytest.raises(StoreError, match="newer hmip-review"):
        open_db(db_path, readonly=True)


@pytest.mark.parametrize("command", [("stats",), ("export", "{out}")], ids=["stats", "export"])
def test_a_file_that_is_not_sqlite_is_refused_by_the_read_commands(tmp_path, command):
    not_db = tmp_path / "notes.db"
    not_db.write_text("my notes\n")
    result = run(*[a.format(out=tmp_path / "o.json") for a in command], "--db", not_db)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {not_db}: not a SQLite database"
    assert not_db.read_text() == "my notes\n"


# --- read-only databases ---------------------------------------------------------------------


@contextlib.contextmanager
def immutable(path):
    """The file made immutable (``chattr +i``): not even root can write it."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available to make a file read-only for root")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i failed here: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@contextlib.contextmanager
def read_only_mount(folder):
    """``folder`` on a tmpfs remounted read-only (files, folder and all)."""
    mount = folder / "ro"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def make_read_only(db_path, how, stack):
    if how == "immutable file":
        stack.enter_context(immutable(db_path))
        return db_path
    mount = stack.enter_context(read_only_mount(db_path.parent))
    shutil.copy(db_path, mount / db_path.name)
    done = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {done.stderr.decode().strip()}")
    return mount / db_path.name


MODES = ["immutable file", "read-only mount"]


@pytest.mark.parametrize("how", MODES)
def test_import_into_a_read_only_database_is_one_line_exit_1_and_changes_nothing(
    imported_db, corpus_dir, how
):
    with contextlib.ExitStack() as stack:
        path = make_read_only(imported_db, how, stack)
        before = dump(path)
        result = run("import", corpus_dir / "002_0fdf0d265b061afe.txt", "--db", path)
        assert result.exit_code == 1
        line = result.stderr.strip()
        assert line.startswith(f"error: {path}: ") and "read-only" in line, line
        assert len(line.splitlines()) == 1
        assert dump(path) == before


@pytest.mark.parametrize("how", MODES)
def test_stats_outstanding_and_export_read_a_read_only_database(imported_db, tmp_path, how):
    expected_stats = run("stats", "--db", imported_db).stdout
    expected_outstanding = run("outstanding", "belmarsh", "--format", "json", "--db", imported_db)
    with contextlib.ExitStack() as stack:
        path = make_read_only(imported_db, how, stack)
        before = dump(path)

        stats = run("stats", "--db", path)
        outstanding = run("outstanding", "belmarsh", "--format", "json", "--db", path)
        export = run("export", tmp_path / "copy.sqlite", "--db", path)

        assert stats.exit_code == 0, stats.stderr
        assert stats.stdout.replace(str(path), "DB") == expected_stats.replace(
            str(imported_db), "DB"
        )
        assert outstanding.exit_code == 0, outstanding.stderr
        assert outstanding.stdout == expected_outstanding.stdout
        assert export.exit_code == 0, export.stderr
        copy = sqlite3.connect(tmp_path / "copy.sqlite")
        assert copy.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
        copy.close()
        assert dump(path) == before


def test_a_read_only_database_of_an_older_schema_is_refused_with_the_reason(db_path):
    v1_database(db_path)
    with immutable(db_path):
        with pytest.raises(StoreError) as caught:
            open_for_reading(db_path)
        message = str(caught.value)
        result = run("stats", "--db", db_path)
    assert "older hmip-review (schema version 1" in message
    assert "read-only, so it cannot be upgraded" in message
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {message}"


def test_open_db_read_only_never_writes_not_even_the_journal_mode(db_path):
    open_db(db_path).close()
    before = db_path.read_bytes()
    db = open_db(db_path, readonly=True)
    assert db["documents"].count == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("INSERT INTO edits (at, table_name, row_id, field) VALUES ('x', 't', 1, 'f')")
    db.close()
    assert db_path.read_bytes() == before


def test_a_database_in_a_read_only_folder_is_refused_for_writing_not_for_reading(
    imported_db, tmp_path
):
    with contextlib.ExitStack() as stack:
        path = make_read_only(imported_db, "read-only mount", stack)
        with pytest.raises(StoreError, match="read-only"):
            open_db(path)
        db = open_for_reading(path)
        assert db["documents"].count == 2
        db.close()


def test_the_command_line_runs_against_a_read_only_database_in_a_real_process(
    imported_db, tmp_path
):
    with immutable(imported_db):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "stats", "--db", imported_db],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
    assert done.returncode == 0, done.stderr
    assert "HMP Belmarsh" in done.stdout
