"""The queue's overdue filter (``t``): recommendations the outstanding_actions view
says have an overdue action, and nothing else; combinable with the other filters."""

from __future__ import annotations

import pytest

from store import import_document, open_db
from store.domain import JUDGEMENT
from store.review import changes as ch
from store.review.queue import QueueQuery, next_unreviewed, queue_page


@pytest.fixture
def db(db_path, make_plan, make_irp):
    database = open_db(db_path)
    import_document(database, make_plan("a", establishment="HMP Testshire"), "a.txt")
    import_document(database, make_plan("b", establishment="HMP Otherton"), "b.txt")
    import_document(database, make_irp("c", establishment="HMP Testshire"), "c.txt")
    yield database
    database.close()


def _overdue_in_view(db) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT recommendation_id FROM outstanding_actions WHERE overdue = 1"
        ).fetchall()
    }


def test_only_records_with_an_overdue_action_of_the_view(db):
    rows = queue_page(db, QueueQuery(overdue_only=True), limit=100).rows
    # 1.1 (Agreed, a 2020 target) of each plan; not 1.3 (Not Agreed), 1.4 (agreement
    # not printed, word table), 1.2 (no date), nor any judgement
    assert [(r.document, r.no) for r in rows] == [
        ("Otherton 2021", "1.1"),
        ("Testshire 2021", "1.1"),
    ]
    assert {r.id for r in rows} == _overdue_in_view(db)
    assert all(r.kind != JUDGEMENT for r in rows)
    assert queue_page(db, QueueQuery(overdue_only=True), limit=100).total == 2


def test_a_completed_action_leaves_the_filter(db):
    rows = queue_page(db, QueueQuery(overdue_only=True), limit=100).rows
    rid = rows[0].id
    (action_id,) = db.execute(
        "SELECT id FROM actions WHERE recommendation_id = ? AND target = 'December 2020'", [rid]
    ).fetchone()
    ch.update_action(db, "ann", action_id, target="Complete")
    assert rid not in {r.id for r in queue_page(db, QueueQuery(overdue_only=True)).rows}


def test_combines_with_prison_status_and_next_unreviewed(db):
    query = QueueQuery(overdue_only=True, establishment="HMP Testshire")
    (row,) = queue_page(db, query).rows
    assert (row.establishment, row.no) == ("HMP Testshire", "1.1")
    assert next_unreviewed(db, query, None) == row.key
    ch.set_status(db, "ann", row.ref, "verified")
    assert queue_page(db, QueueQuery(overdue_only=True, status="unreviewed")).total == 1
    assert next_unreviewed(db, query, None) is None
    assert queue_page(db, QueueQuery(overdue_only=True, status="verified")).rows[0].id == row.id
