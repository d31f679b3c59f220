"""`hmip-review import` of an action plan whose table cannot be read: kept, and said so.

The plan is stored with its text and metadata and no records, for a reviewer to
mark them by hand; the import says so on a line of its own and in its summary
(`imported (no records)`, counted apart from the plans that were read), and it
is not a failure (exit status 0). What is not a document at all is still refused.
"""

from __future__ import annotations

import shutil
import sqlite3

from bench.gen_corpus import generate
from tests.support.cli_runner import run
from tests.support.paths import FIXTURES, SAMPLES
from tui.cli.import_summary import MANY_FILES

UNREAD = FIXTURES / "unread_table" / "thornbury_action_plan_2019.txt"


def test_a_plan_whose_table_cannot_be_read_is_stored_and_the_summary_says_so(tmp_path, db_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SAMPLES / "ashdown_action_plan_2021.txt", folder)
    shutil.copy(UNREAD, folder)

    result = run("import", folder, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {folder / UNREAD.name}: stored with no records (no action-plan table "
        "found: expected a header row with 'Rec No', 'Recommendation' or 'Concerns', "
        "'Responsible Owner' and 'Target Date'): open it in the review app and mark them "
        "by hand (n on a selection)"
    ]
    statuses = [line.split()[1:4] for line in result.stdout.splitlines() if "plan" in line]
    assert ["imported", "plan", "HMP"] in statuses  # Ashdown
    assert ["imported", "(no", "records)"] in statuses  # Thornbury
    assert result.stderr.splitlines()[-1] == f"1 imported, 1 imported (no records) → {db_path}"
    conn = sqlite3.connect(db_path)
    try:
        kept = conn.execute(
            "SELECT d.establishment, d.submitted, count(r.id) FROM documents d "
            "LEFT JOIN recommendations r ON r.document_id = d.id "
            "WHERE d.source_name = ? GROUP BY d.id",
            [UNREAD.name],
        ).fetchone()
    finally:
        conn.close()
    assert kept == ("HMP Thornbury", "2019-11-05", 0)


def test_the_summary_row_of_a_plan_without_records_says_so(tmp_path, db_path):
    result = run("import", UNREAD, "--db", db_path)
    row = next(line for line in result.stdout.splitlines() if "Thornbury" in line)
    assert row.split()[1:5] == ["imported", "(no", "records)", "plan"]
    assert row.split()[-3:] == ["0", "0", "2"]  # records, actions, warnings

    again = run("import", UNREAD, "--db", db_path)
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1] == f"1 unchanged (no records) → {db_path}"


def test_many_files_count_the_plans_without_records_in_a_row_of_their_own(tmp_path, db_path):
    folder = tmp_path / "many"
    folder.mkdir()
    gens = list(generate(MANY_FILES + 2, 6, seed=5))
    for gen in gens:
        (folder / gen.name).write_text(gen.text, encoding="utf-8")
    for i in range(3):  # three different plans, each with its table unread
        (folder / f"unread_{i}.txt").write_text(
            UNREAD.read_text(encoding="utf-8").replace("Thornbury", f"Thornbury {i}"),
            encoding="utf-8",
        )

    result = run("import", folder, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    kept = next(r for r in rows if r[:4] == ["plan", "imported", "(no", "records)"])
    assert kept[4:] == ["3", "0", "0", "6", "3"]  # files, records, actions, warnings, with warnings
    assert f"{len(gens)} imported, 3 imported (no records) → {db_path}" in result.stderr


def test_stats_does_not_count_a_plan_without_records_as_all_reviewed(db_path):
    run("import", SAMPLES / "ashdown_action_plan_2021.txt", UNREAD, "--db", db_path)

    result = run("stats", "--db", db_path)

    assert result.exit_code == 0, result.stderr
    progress = result.stdout.split("Review progress by document")[1]
    thornbury = next(line for line in progress.splitlines() if "Thornbury" in line)
    assert thornbury.split()[-2:] == ["no", "records"]  # not '100'
    ashdown = next(line for line in progress.splitlines() if "Ashdown" in line)
    assert ashdown.split()[-1] == "0"


def test_prison_says_a_plan_without_records_has_none_rather_than_zero_reviewed(db_path):
    run("import", UNREAD, "--db", db_path)

    result = run("prison", "thornbury", "--db", db_path)

    assert result.exit_code == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("2019-")]
    assert row.split()[-2:] == ["no", "records"]  # not '0/0'
