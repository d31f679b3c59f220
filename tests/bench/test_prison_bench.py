"""bench/prison.py: its summary line, and the statements it times are the command's own."""

from __future__ import annotations

import json

from bench import bench_summary, prison
from store import import_document, open_db
from tests.support.repeat_plans import repeat_plan


def test_the_summary_line_says_whether_the_command_is_within_3x(capsys):
    figures = {
        "hmip-review prison (console script)": [0.060, 0.062],
        "floor: python -c sqlite3, same SQL": [0.030, 0.031],
        "store.reports.prison.report_of() in process": [0.002],
        "floor: the same statements in process": [0.001],
    }
    prison.summary(1000, figures)
    found = bench_summary.parse(capsys.readouterr().out)
    assert found["bench"] == "prison"
    first = found["targets"][0]
    assert (first["goal"], first["result"], first["met"]) == ("within 3x", "2.00x", True)


def test_the_floor_runs_the_statements_the_lookup_runs_with_their_values(db_path):
    db = open_db(db_path)
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    db.close()
    statements = prison.traced_sql(db_path, "testshire")
    assert any("repeat_links" in s for s in statements)
    assert not any("?" in s for s in statements)  # parameters written in
    assert prison.chosen_name(db_path) == "HMP Testshire"
    assert json.dumps(statements)
