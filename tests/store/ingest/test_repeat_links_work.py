"""What one import's repeat linking reads: each plan's rows once, and the reviewers' marks on
the links of the plans it links, not every link and edit in the database (real SQLite files,
SQLite's trace and query plans)."""

from __future__ import annotations

import re

import pytest

from store import import_document, open_db
from store.ingest.repeat_links import _TOUCHED_SQL, _touched
from store.review.repeat_link_changes import confirm_repeat_link, remove_repeat_link
from tests.support.repeat_plans import repeat_plan

ROWS_OF_PLAN = re.compile(
    r"SELECT id, rec_no, ref, concern, recommendation FROM recommendations "
    r"WHERE document_id = (\d+)"
)


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def test_the_earliest_plan_imported_last_has_each_plans_rows_read_once(db):
    # 2021 and 2018 first: importing 2015 relinks both, 2021 against 2018 and 2015
    for year in (2021, 2018):
        import_document(db, repeat_plan(year), f"{year}.txt")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        import_document(db, repeat_plan(2015), "2015.txt")
    finally:
        db.conn.set_trace_callback(None)
    read = [int(m[1]) for sql in statements if (m := ROWS_OF_PLAN.search(sql))]
    plan = dict(db.execute("SELECT substr(published, 1, 4), id FROM documents").fetchall())
    assert sorted(read) == sorted([plan["2015"], plan["2018"]])  # 2015's once, not twice
    assert db.execute("SELECT COUNT(*) FROM repeat_links").fetchone() == (3,)


def test_touched_records_are_those_of_the_plans_asked_for(db):
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    plan = dict(db.execute("SELECT substr(published, 1, 4), id FROM documents").fetchall())
    links = db.execute(
        "SELECT l.recommendation_id, l.earlier_recommendation_id, r.document_id "
        "FROM repeat_links l JOIN recommendations r ON r.id = l.recommendation_id "
        "ORDER BY r.document_id, l.recommendation_id"
    ).fetchall()
    (in_2018,) = [link for link in links if link[2] == plan["2018"]]
    confirmed, removed = [link for link in links if link[2] == plan["2021"]]
    confirm_repeat_link(db, in_2018[0], in_2018[1], "ann")
    confirm_repeat_link(db, confirmed[0], confirmed[1], "ann")
    remove_repeat_link(db, removed[0], removed[1], "ann")
    assert _touched(db, [plan["2018"]]) == {in_2018[0]}
    assert _touched(db, [plan["2021"]]) == {confirmed[0], removed[0]}
    assert _touched(db, [plan["2015"]]) == set()
    assert _touched(db, [plan["2021"], plan["2018"]]) == {in_2018[0], confirmed[0], removed[0]}


def test_touched_reaches_links_and_their_edits_by_index_from_the_plans(db):
    sql = _TOUCHED_SQL.format(plans=":a, :b")
    plan = [
        row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, {"machine": "x", "a": 1, "b": 2})
    ]
    assert not [step for step in plan if step.startswith("SCAN")], plan
    # the reviewers' edits of the plans' links: by table and row, from the links
    assert "SEARCH e USING INDEX idx_edits_row (table_name=? AND row_id=?)" in plan
