"""Two files of one import with the same text: the second says so, and a note whose text.

On a new database 'unchanged' alone puzzles (the database held nothing before):
its row says 'unchanged (same text)' and a note names the file of this run that
stored the text.
"""

from __future__ import annotations

import shutil
import sqlite3

from tests.support.cli_runner import run
from tests.support.paths import SAMPLES
from tui.cli.import_summary import MANY_FILES, SAME_TEXT

ASHDOWN = SAMPLES / "ashdown_action_plan_2021.txt"


def _rows(stdout: str, name: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(name)]


def test_the_copy_names_the_file_that_stored_its_text(tmp_path, db_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ASHDOWN, tmp_path / "a_plan.txt")
    shutil.copy(ASHDOWN, tmp_path / "b_copy.txt")

    result = run("import", "a_plan.txt", "b_copy.txt", "--db", db_path)

    assert result.exit_code == 0, result.stderr
    (first,) = _rows(result.stdout, "a_plan.txt ")
    assert first.split()[1] == "imported"
    (copy,) = _rows(result.stdout, "b_copy.txt ")
    assert " ".join(copy.split()[1:5]) == f"{SAME_TEXT} plan"
    assert "note: b_copy.txt: same text as a_plan.txt, stored once" in result.stderr.splitlines()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT source_name FROM documents").fetchall() == [("a_plan.txt",)]
    finally:
        conn.close()


def test_a_file_the_database_already_held_is_just_unchanged(tmp_path, db_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ASHDOWN, tmp_path / "a_plan.txt")
    run("import", "a_plan.txt", "--db", db_path)

    result = run("import", "a_plan.txt", "--db", db_path)

    (row,) = _rows(result.stdout, "a_plan.txt ")
    assert row.split()[1:3] == ["unchanged", "plan"]
    assert "note:" not in result.stderr


def test_over_many_files_copies_are_counted_apart(tmp_path, db_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for n in range(MANY_FILES + 1):
        shutil.copy(ASHDOWN, folder / f"copy_{n:02}.txt")

    result = run("import", folder, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("plan")]
    statuses = {" ".join(row[1:-5]): row[-5] for row in rows}  # status: files
    assert statuses == {"imported": "1", SAME_TEXT: str(MANY_FILES)}
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == MANY_FILES and notes[0].endswith(
        "same text as copy_00.txt, stored once"  # a file outside the current folder: its name
    )
