"""`hmip-review outstanding NAME`, end to end on real temporary databases."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import import_document, open_db
from tests.support.cli_runner import run
from tests.support.paths import REPO, SHARED

ACTION_KEYS = [
    "establishment",
    "document_id",
    "plan_title",
    "plan_published",
    "recommendation_id",
    "rec_no",
    "summary",
    "agreement",
    "action_id",
    "action_position",
    "owner",
    "target",
    "target_date",
    "days_overdue",
    "overdue",
    "judgement",
    "judgement_date",
    "judgement_id",
    "review_status",
    "target_unreadable",
    "judgement_confirmed",
    "judgement_link_score",
]  # the README's promise: these keys, in this order


@pytest.fixture
def testshire(db_path, make_plan) -> Path:
    """HMP Testshire with two action plans (2021 and 2023), and two Ash- prisons."""
    db = open_db(db_path)
    import_document(db, make_plan("2021"), "testshire-2021.txt")
    newer = dataclasses.replace(make_plan("2023"), published="2023-03-01", submitted="2023-04-01")
    import_document(db, newer, "testshire-2023.txt")
    for name in ("HMP Ashdown", "HMP Ashford"):
        import_document(db, make_plan(name, establishment=name), f"{name}.txt")
    db.close()
    return db_path


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_the_documented_keys_and_the_latest_plan_only(testshire):
    doc = as_json(run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "json",
                      "--db", testshire))  # fmt: skip

    assert list(doc) == [
        "establishment", "as_of", "all_plans", "overdue_only", "plans", "count", "overdue",
        "actions",
    ]  # fmt: skip
    assert doc["establishment"] == "HMP Testshire"
    assert doc["as_of"] == "2022-06-30"
    assert [p["published"] for p in doc["plans"]] == ["2023-03-01"]
    assert list(doc["plans"][0]) == ["document_id", "establishment", "title", "published",
                                     "submitted"]  # fmt: skip
    assert doc["count"] == len(doc["actions"]) == 3
    assert doc["overdue"] == 1
    for action in doc["actions"]:
        assert list(action) == ACTION_KEYS
        assert action["plan_published"] == "2023-03-01"
    first = doc["actions"][0]
    assert (first["rec_no"], first["target"], first["target_date"]) == (
        "1.1", "December 2020", "2020-12-31",
    )  # fmt: skip
    assert (first["overdue"], first["days_overdue"]) == (True, 546)
    ongoing = doc["actions"][2]
    assert (ongoing["target"], ongoing["target_date"], ongoing["days_overdue"]) == (
        "Ongoing", None, None,
    )  # fmt: skip
    assert ongoing["overdue"] is False


def test_all_plans_adds_the_earlier_plan_after_the_latest(testshire):
    doc = as_json(run("outstanding", "testshire", "--all-plans", "--format", "json",
                      "--db", testshire))  # fmt: skip
    assert [p["published"] for p in doc["plans"]] == ["2023-03-01", "2021-05-20"]
    assert [a["plan_published"] for a in doc["actions"]] == ["2023-03-01"] * 3 + ["2021-05-20"] * 3
    assert doc["all_plans"] is True


def test_overdue_keeps_only_the_overdue_actions(testshire):
    doc = as_json(run("outstanding", "testshire", "--overdue", "--as-of", "2022-06-30",
                      "--format", "json", "--db", testshire))  # fmt: skip
    assert [(a["rec_no"], a["target"]) for a in doc["actions"]] == [("1.1", "December 2020")]
    assert doc["overdue_only"] is True

    early = as_json(run("outstanding", "testshire", "--overdue", "--as-of", "2020-01-01",
                        "--format", "json", "--db", testshire))  # fmt: skip
    assert early["actions"] == [] and early["count"] == 0


def test_csv_is_the_default_when_piped_and_parses_with_the_csv_module(testshire):
    result = run("outstanding", "testshire", "--as-of", "2022-06-30", "--db", testshire)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ACTION_KEYS
    assert [(r["rec_no"], r["target"], r["overdue"], r["days_overdue"]) for r in rows] == [
        ("1.1", "December 2020", "1", "546"),
        ("1.1", "December 2999", "0", "0"),
        ("1.2", "Ongoing", "0", ""),
    ]
    explicit = run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "csv",
                   "--db", testshire)  # fmt: skip
    assert explicit.stdout == result.stdout


def test_table_shows_the_prison_the_plan_and_each_action(testshire):
    result = run("outstanding", "HMP Testshire", "--as-of", "30/06/2022", "--format", "table",
                 "--db", testshire)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "HMP Testshire: 3 outstanding actions (1 overdue as of 2022-06-30)" in out
    assert "action plan published 2023-03-01" in out
    for text in ("1.1", "1.2", "December 2020", "December 2999", "Ongoing", "546", "unreviewed"):
        assert text in out
    assert "Prisoners should be unlocked." in out


def test_all_plans_table_has_a_plan_column(testshire):
    result = run("outstanding", "testshire", "--all-plans", "--format", "table",
                 "--db", testshire)  # fmt: skip
    assert "2 action plans" in result.stdout
    assert "2021-05-20" in result.stdout and "2023-03-01" in result.stdout


@pytest.mark.parametrize("as_of", ["2022-06-30", "30/06/2022", "30 June 2022", "2022/06/30"])
def test_as_of_is_read_with_dateutil_day_first_unless_year_first(testshire, as_of):
    doc = as_json(run("outstanding", "testshire", "--as-of", as_of, "--format", "json",
                      "--db", testshire))  # fmt: skip
    assert doc["as_of"] == "2022-06-30"


def test_a_bad_as_of_date_is_a_usage_error(testshire):
    result = run("outstanding", "testshire", "--as-of", "someday", "--db", testshire)
    assert result.exit_code == 2
    assert "'someday' is not a date" in result.stderr


def test_an_ambiguous_name_exits_1_listing_the_candidates(testshire):
    result = run("outstanding", "ash", "--db", testshire)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: 'ash' matches 2 establishments: HMP Ashdown, HMP Ashford"
    )


def test_an_unknown_name_exits_1_on_one_line(testshire):
    result = run("outstanding", "Wandsworth", "--db", testshire)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no establishment called 'Wandsworth'")


def test_a_missing_database_exits_1(tmp_path):
    result = run("outstanding", "belmarsh", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_belmarsh_from_the_corpus_through_the_command_line(tmp_path, db_path):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    plan = SHARED / "corpus" / "000_752b575627fd0e86.txt"
    assert run("import", plan, "--db", db_path).exit_code == 0
    for typed in ("belmarsh", "HMP Belmarsh", "Belmarsh prison", "belm", "Belmarch"):
        doc = as_json(run("outstanding", typed, "--as-of", "2022-06-30", "--format", "json",
                          "--db", db_path))  # fmt: skip
        assert (doc["establishment"], doc["count"], doc["overdue"]) == ("HMP Belmarsh", 19, 18)


def test_the_command_answers_without_importing_textual(testshire):
    code = (
        "import sys\n"
        "before = set(sys.modules)  # what Python itself started with\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main(['outstanding', 'testshire', '--format', 'json', '--db', {str(testshire)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('textual', 'rich', 'sqlite_utils', 'extract.models', 'extract.action_plan', 'extract.irp', 'rapidfuzz', 'store.ingest.importer',\n"
        "         'dateutil', 'pathlib', 'dataclasses', 'csv', 'tui.cli.import_command', 'tui.cli.stats_command',\n"
        "         'tui.cli.review_command', 'tui.cli.export_command', 'tui.cli.import_summary',\n"
        "         'tui.cli.collaborators', 'store.ingest.pipeline', 'tui.reviewer')\n"
        "print(sorted(m for m in heavy if m in set(sys.modules) - before), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout)["establishment"] == "HMP Testshire"
    # no Textual on this path, nor what only tables, imports, other commands, fuzzy
    # names and dates not in ISO form need: a lookup starts about as fast as Python
    # with click (bench/outstanding.py)
    assert done.stderr.strip() == "[]"
