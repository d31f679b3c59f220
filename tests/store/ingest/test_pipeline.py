"""Importing many files (``store.ingest.pipeline``): in order, failures counted, Ctrl-C, workers first.

What ``hmip-review import`` shows of it is tested in tests/tui/cli.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest

from store.db import open_db
from store.errors import StoreError
from store.ingest import pipeline
from store.ingest.parse_pool import POOL_MIN_FILES, Limits, parse_file
from store.ingest.pipeline import FileOutcome, ImportRun, import_files
from tests.support import pool_helpers
from tests.support.paths import FIXTURES, SAMPLES


@pytest.fixture
def samples(tmp_path) -> list[Path]:
    """The .txt samples (plans and an IRP report), copied, in name order."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def many(tmp_path: Path, n: int) -> list[Path]:
    """``n`` different documents: the .txt samples, each copy with a line of its own."""
    texts = [path.read_text() for path in sorted(SAMPLES.glob("*.txt"))]
    folder = tmp_path / "many"
    folder.mkdir()
    files = []
    for i in range(n):
        path = folder / f"{i:03d}.txt"
        path.write_text(texts[i % len(texts)] + f"\ncopy {i}\n")
        files.append(path)
    return files


def stored_names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT source_name FROM documents ORDER BY id")]
    finally:
        conn.close()


def test_each_file_is_stored_in_order_and_the_same_files_again_change_nothing(samples, db_path):
    report = import_files(db_path, samples)

    assert report.ok and report.failed == 0 and report.not_imported == 0
    assert [path for path, _ in report.results] == samples
    assert report.statuses() == {"imported": len(samples)}
    assert stored_names(db_path) == [path.name for path in samples]

    again = import_files(db_path, samples)
    assert again.statuses() == {"unchanged": len(samples)}
    assert stored_names(db_path) == [path.name for path in samples]


def test_a_bad_file_fails_with_its_reason_and_the_rest_are_stored(samples, tmp_path, db_path):
    empty, not_a_plan = tmp_path / "empty.txt", tmp_path / "minutes.txt"
    empty.write_text("")
    not_a_plan.write_text("Minutes of the residents' meeting\n\nWe discussed the garden.\n")
    missing = tmp_path / "no-such-plan.txt"
    files = [empty, samples[0], not_a_plan, missing, samples[1]]
    started: list[Path] = []
    outcomes: list[FileOutcome] = []

    with ImportRun(db_path, files) as run:
        report = run.store_all(starting=started.append, done=outcomes.append)

    assert started == [outcome.path for outcome in outcomes] == files
    reasons = {outcome.path: outcome.error for outcome in outcomes if outcome.error}
    assert list(reasons) == [empty, not_a_plan, missing]
    assert "empty file" in reasons[empty]
    assert "not an action plan" in reasons[not_a_plan]
    assert reasons[missing] == "no such file or folder"
    assert (report.failed, len(report.results), report.ok) == (3, 2, False)
    assert stored_names(db_path) == [samples[0].name, samples[1].name]


def test_files_that_do_not_parse_make_no_database(tmp_path, db_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("a shopping list\n")
    report = import_files(db_path, [bad, tmp_path / "missing.txt"])
    assert report.failed == 2
    assert not db_path.exists()


def test_a_parser_bug_is_an_internal_error_and_the_others_still_import(samples, db_path):
    def buggy(path: Path):
        if path == samples[1]:
            raise KeyError("span")
        return parse_file(path)

    outcomes: list[FileOutcome] = []
    with ImportRun(db_path, samples, parse=buggy, workers=1) as run:
        report = run.store_all(done=outcomes.append)

    assert outcomes[1].error == "internal error: KeyError: 'span'"
    assert report.failed == 1
    assert len(report.results) == len(samples) - 1


def test_ctrl_c_stops_the_import_between_documents_and_says_how_far_it_got(samples, db_path):
    def interrupted_at_the_third(path: Path):
        if path == samples[2]:
            raise KeyboardInterrupt
        return parse_file(path)

    # parsed here (no limits, one worker): Ctrl-C reaches the import as a user's would
    report = import_files(db_path, samples, parse=interrupted_at_the_third, workers=1, limits=None)

    assert report.interrupted and not report.ok
    assert (len(report.results), report.failed) == (2, 0)
    assert report.not_imported == len(samples) - 2
    assert stored_names(db_path) == [samples[0].name, samples[1].name]


def test_the_parse_workers_start_before_the_database_is_opened(tmp_path, db_path, monkeypatch):
    open_db(db_path).close()  # an existing database is opened as the run is entered
    files = many(tmp_path, POOL_MIN_FILES)
    workers_when_opened: list[int] = []
    real_open = pipeline.open_db

    def open_and_count(*args, **kwargs):
        workers_when_opened.append(len(multiprocessing.active_children()))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(pipeline, "open_db", open_and_count)
    with ImportRun(db_path, files, workers=2) as run:
        assert workers_when_opened and workers_when_opened[0] > 0
        report = run.store_all()

    assert report.ok
    assert stored_names(db_path) == [path.name for path in files]
    assert multiprocessing.active_children() == []  # the workers went with the run


def test_a_database_that_cannot_be_opened_is_a_store_error_and_stops_the_workers(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("my notes\n")
    files = many(tmp_path, POOL_MIN_FILES)

    run = ImportRun(not_db, files, workers=2)
    with pytest.raises(StoreError, match="not a SQLite database"), run:
        pass

    assert multiprocessing.active_children() == []
    assert not_db.read_text() == "my notes\n"


UNREAD = FIXTURES / "unread_table" / "thornbury_action_plan_2019.txt"


def test_a_plan_whose_table_cannot_be_read_is_stored_without_records_and_counted_apart(
    samples, db_path
):
    from extract.kind import NO_RECORDS

    files = [samples[0], UNREAD, samples[1]]
    outcomes: list[FileOutcome] = []
    with ImportRun(db_path, files) as run:
        report = run.store_all(done=outcomes.append)

    assert report.ok and report.failed == 0
    assert report.statuses() == {"imported": 2, "imported (no records)": 1}
    kept = outcomes[1]
    assert kept.error is None and kept.result.no_records
    assert kept.result.describe() == "imported (no records)"
    assert kept.unread.startswith("no action-plan table found")
    assert [o.unread for o in (outcomes[0], outcomes[2])] == [None, None]
    conn = sqlite3.connect(db_path)
    try:
        doc = conn.execute(
            "SELECT id, kind, establishment, published, text, warnings FROM documents "
            "WHERE source_name = ?",
            [UNREAD.name],
        ).fetchone()
        records = conn.execute(
            "SELECT count(*) FROM recommendations WHERE document_id = ?", [doc[0]]
        ).fetchone()[0]
    finally:
        conn.close()
    assert doc[1:4] == ("action_plan", "HMP Thornbury", "2019-08-20")
    assert doc[4] == UNREAD.read_text(encoding="utf-8")  # the text a reviewer marks records in
    assert json.loads(doc[5])[0] == NO_RECORDS
    assert records == 0

    again = import_files(db_path, files)
    assert again.statuses() == {"unchanged": 2, "unchanged (no records)": 1}


def test_a_file_past_its_time_is_reported_and_the_others_are_stored(samples, tmp_path, db_path):
    slow = tmp_path / "slow.txt"
    shutil.copy(samples[0], slow)
    files = [samples[1], slow, samples[2]]
    outcomes: list[FileOutcome] = []

    with ImportRun(
        db_path, files, parse=pool_helpers.slow_on_slow, limits=Limits(seconds=1)
    ) as run:
        report = run.store_all(done=outcomes.append)

    assert [outcome.error for outcome in outcomes] == [
        None,
        "took longer than 1 s to read: stopped",
        None,
    ]
    assert (report.failed, len(report.results)) == (1, 2)
    assert stored_names(db_path) == [samples[1].name, samples[2].name]
