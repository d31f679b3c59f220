"""``hmip-review prison NAME``: the JSON shape, the table at 80 columns, errors (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.models import IRPReport, Judgement
from store import import_document, open_db
from store.review.repeat_link_changes import confirm_repeat_link
from tests.support.cli_runner import run
from tests.support.repeat_plans import SEGREGATION, repeat_plan
from tui.cli import main

CHAIN_KEYS = [
    "recommendation_id",
    "document_id",
    "rec_no",
    "ref",
    "published",
    "agreement",
    "judgement",
    "confirmed",
    "judgement_confirmed",
    "judgement_score",
]


def db_link(path, recommendation_id: int) -> tuple:
    """(confirmed, score) of the recommendation's judgement link, read from the file."""
    import sqlite3

    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT confirmed, score FROM judgement_links WHERE recommendation_id = ?",
            [recommendation_id],
        ).fetchone()


def irp_of_testshire() -> IRPReport:
    return IRPReport(
        text="Independent review of progress at HMP Testshire 2022\n",
        establishment="HMP Testshire",
        published="2022-10-01",
        judgements=[
            Judgement(1, "HMIP", "3.27", "Segregation", SEGREGATION, "Insufficient progress"),
            Judgement(2, "Ofsted", "1", "Education", "What progress?", "Reasonable progress"),
        ],
    )


@pytest.fixture
def testshire(db_path) -> Path:
    db = open_db(db_path)
    try:
        for year in (2021, 2015, 2018):
            import_document(db, repeat_plan(year), f"{year}.txt")
        import_document(db, irp_of_testshire(), "irp.txt")
        later, earlier = db.execute(
            "SELECT l.recommendation_id, l.earlier_recommendation_id FROM repeat_links l "
            "JOIN recommendations r ON r.id = l.recommendation_id WHERE r.rec_no = '1.1'"
        ).fetchone()
        confirm_repeat_link(db, later, earlier, "ann")
    finally:
        db.close()
    return db_path


def test_json_has_the_documented_keys_documents_in_time_order_and_chains(testshire):
    result = run("prison", "testshire", "--format", "json", "--as-of", "2022-06-30",
                 "--db", testshire)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["establishment", "documents", "repeat_chains"]
    assert data["establishment"] == "HMP Testshire"
    docs = data["documents"]
    assert [(d["kind"], d["published"]) for d in docs] == [
        ("action_plan", "2015-05-20"),
        ("action_plan", "2018-05-20"),
        ("action_plan", "2021-05-20"),
        ("irp_report", "2022-10-01"),
    ]
    for doc in docs:
        assert {"id", "kind", "title", "published"} <= set(doc)
    plan_2018 = docs[1]
    assert plan_2018["agreements"] == {"Agreed": 4, "Partly Agreed": 0, "Not Agreed": 0, "none": 0}
    assert plan_2018["actions"] == {
        "open": 4,
        "overdue": 4,  # December 2019, before the as-of day
        "complete": 0,
        "not_applicable": 0,
        "target_unreadable": 0,
    }
    assert docs[2]["actions"]["overdue"] == 0  # December 2022: not yet
    assert (plan_2018["reviewed"], plan_2018["total"]) == (0, 4)
    assert docs[3]["judgements"]["Insufficient progress"] == 1
    assert docs[3]["education_judgements"]["Reasonable progress"] == 1
    chains = data["repeat_chains"]
    assert all(list(item) == CHAIN_KEYS for chain in chains for item in chain)
    first = chains[0]
    assert [(c["published"], c["rec_no"], c["ref"]) for c in first] == [
        ("2015-05-20", "2.1", "2.30"),
        ("2018-05-20", "1.1", "1.22"),
        ("2021-05-20", "5.8", "3.27"),
    ]
    assert [c["confirmed"] for c in first] == [None, True, False]
    assert first[-1]["judgement"] == "Insufficient progress"
    # the link to that judgement was made on import and nobody confirmed it: the JSON
    # says so (an unconfirmed automatic link is marked wherever shown), with its score
    link = db_link(testshire, first[-1]["recommendation_id"])
    assert link[0] == 0 and first[-1]["judgement_confirmed"] is False
    assert first[-1]["judgement_score"] == link[1]
    assert [c["judgement_confirmed"] for c in first[:-1]] == [None, None]  # no judgement
    assert first[0]["agreement"] == "Agreed"


def test_the_table_fits_80_columns_and_marks_unconfirmed_links(testshire):
    runner = CliRunner(env={"COLUMNS": "80", "HMIP_REVIEW_DB": None})
    result = runner.invoke(main, ["prison", "HMP Testshire", "--as-of", "2022-06-30",
                                  "--db", str(testshire)])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.output  # nothing cut
    assert "Timeline: 2015 plan · 2018 plan · 2021 plan · 2022 IRP" in result.output
    chain_rows = [line for line in lines if " 3.27 " in line or " 1.22 " in line]
    assert any("confirmed" in row and "unconfirmed" not in row for row in chain_rows)
    assert any("unconfirmed 0.9" in row and "Insufficient progress" in row for row in chain_rows)
    assert "1 insufficient" in result.output  # the IRP's judgements by value


@pytest.mark.parametrize("name", ["testshire", "HMP Testshire", "tests"])
def test_the_name_is_matched_as_outstanding_matches_it(testshire, name):
    result = run("prison", name, "--format", "json", "--db", testshire)
    assert json.loads(result.output)["establishment"] == "HMP Testshire"


def test_an_unknown_name_exits_1_on_one_line(testshire):
    result = run("prison", "nowhere", "--db", testshire)
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "no establishment called 'nowhere'" in result.output


def test_an_establishment_with_no_chain_says_so(db_path):
    db = open_db(db_path)
    import_document(db, repeat_plan(2021), "2021.txt")
    db.close()
    result = run("prison", "testshire", "--db", db_path)
    assert "Repeat chains: none" in result.output
    data = json.loads(run("prison", "testshire", "--format", "json", "--db", db_path).output)
    assert data["repeat_chains"] == []


def test_the_command_answers_without_importing_textual_sqlite_utils_or_outstanding(testshire):
    import subprocess
    import sys

    code = (
        "import sys; from tui.cli import main\n"
        "try:\n"
        f"    main(['prison', 'testshire', '--format', 'json', '--db', {str(testshire)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'sqlite_utils', 'rapidfuzz', 'rich', 'dateutil') "
        "or m == 'tui.cli.outstanding_command'))"  # nor the other command's module
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout  # fmt: skip
    assert out.strip().splitlines()[-1] == "[]"
