"""Merge a record with the next one (``m``): the inverse of a split, one change, one undo
that puts both back exactly. Real SQLite files."""

from __future__ import annotations

import json

import pytest

from store import import_document, open_db
from store.db import StoreError
from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.merge_records import merge_with_next_record

ANN = "ann"


@pytest.fixture
def db(db_path, make_plan, make_irp):
    database = open_db(db_path)
    import_document(database, make_plan("a"), "a.txt")
    import_document(database, make_irp("c"), "c.txt")
    yield database
    database.close()


def rid(db, rec_no):
    return db.execute("SELECT id FROM recommendations WHERE rec_no = ?", [rec_no]).fetchone()[0]


def snapshot(db) -> dict:
    """Everything a merge and its undo touch, as it is now."""
    return {
        table: db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
        for table in ("recommendations", "actions", "judgement_links", "repeat_links")
    }


def test_two_records_become_one_with_both_texts_and_actions(db):
    first, second = rid(db, "1.1"), rid(db, "1.2")
    db.execute("UPDATE recommendations SET recommendation = 'and staffed.' WHERE id = ?", [second])
    db.execute("UPDATE recommendations SET span_start = 10, span_end = 20 WHERE id = ?", [first])
    db.execute("UPDATE recommendations SET span_start = 21, span_end = 35 WHERE id = ?", [second])
    db.conn.commit()
    result = merge_with_next_record(db, ANN, first)
    assert result.queue_changed and result.change_id is not None
    row = next(db.query("SELECT * FROM recommendations WHERE id = ?", [first]))
    assert row["recommendation"] == "Prisoners should be unlocked. and staffed."
    assert (row["span_start"], row["span_end"]) == (10, 35)
    assert row["agreement"] == "Agreed"  # the first's kept; the second's named in a warning
    warnings = json.loads(row["warnings"])
    assert "merged with record 1.2: its agreement 'Partly Agreed' differed, 'Agreed' kept" in (
        warnings
    )
    assert "target 'Ongoing' is not a date" in warnings  # the second's own warnings come along
    assert row["review_status"] == "unreviewed"
    actions = db.execute(
        "SELECT position, owner, target FROM actions WHERE recommendation_id = ? ORDER BY position",
        [first],
    ).fetchall()
    assert actions == [
        (1, "Governor", "December 2020"),
        (2, "Head of Safety", "December 2999"),
        (3, "Governor", "Complete"),
        (4, "Governor", "Ongoing"),
    ]
    # the second is gone and the records after it moved up one place
    assert (
        db.execute("SELECT COUNT(*) FROM recommendations WHERE id = ?", [second]).fetchone()[0] == 0
    )
    assert db.execute(
        "SELECT rec_no, position FROM recommendations ORDER BY position"
    ).fetchall() == [("1.1", 1), ("1.3", 2), ("1.4", 3)]
    # one change in the trail
    ids = db.execute(
        "SELECT DISTINCT change_id FROM edits WHERE reviewer = ? AND undo_of IS NULL", [ANN]
    ).fetchall()
    assert ids == [(result.change_id,)]


def test_one_undo_restores_both_records_exactly(db):
    first, second = rid(db, "1.2"), rid(db, "1.3")
    ch.set_status(db, ANN, (RECOMMENDATION, first), "flagged", "split in two?")
    before = snapshot(db)
    merge_with_next_record(db, ANN, first)
    assert snapshot(db) != before
    undone = ch.undo(db, ANN)
    assert snapshot(db) == before
    assert (RECOMMENDATION, first) in undone.records
    assert (RECOMMENDATION, second) in undone.records
    # the flag before it is still there to undo: the merge was one step
    assert ch.undo(db, ANN).description == "review status, note"


def test_judgement_links_of_the_second_move_to_the_first_and_come_back(db):
    first, second = rid(db, "1.3"), rid(db, "1.4")
    judgement = db.execute("SELECT id FROM judgements ORDER BY id LIMIT 1").fetchone()[0]
    db.execute(
        "INSERT INTO judgement_links (judgement_id, recommendation_id, score, confirmed) "
        "VALUES (?, ?, 0.9, 1)",
        [judgement, second],
    )
    db.conn.commit()
    before = snapshot(db)
    merge_with_next_record(db, ANN, first)
    assert db.execute(
        "SELECT recommendation_id, score, confirmed FROM judgement_links "
        "WHERE judgement_id = ? AND recommendation_id IN (?, ?)",
        [judgement, first, second],
    ).fetchall() == [(first, 0.9, 1)]
    ch.undo(db, ANN)
    assert snapshot(db) == before


def test_repeat_links_of_the_second_move_to_the_first_and_come_back(db):
    first, second, third = rid(db, "1.2"), rid(db, "1.3"), rid(db, "1.1")
    db.execute(
        "INSERT INTO repeat_links (recommendation_id, earlier_recommendation_id, score, "
        "confirmed, method) VALUES (?, ?, 0.7, 0, 'ref'), (?, ?, 1.0, 1, NULL)",
        [second, third, first, second],
    )
    db.conn.commit()
    before = snapshot(db)
    merge_with_next_record(db, ANN, first)
    # second → third becomes first → third; first → second would link first to itself
    assert db.execute(
        "SELECT recommendation_id, earlier_recommendation_id, score, method FROM repeat_links"
    ).fetchall() == [(first, third, 0.7, "ref")]
    ch.undo(db, ANN)
    assert snapshot(db) == before


def test_the_last_record_and_a_judgement_cannot_be_merged(db):
    before = snapshot(db)
    with pytest.raises(StoreError, match="last record of its document"):
        merge_with_next_record(db, ANN, rid(db, "1.4"))
    with pytest.raises(StoreError, match="no longer exists"):
        merge_with_next_record(db, ANN, 10**6)
    assert snapshot(db) == before


def test_a_record_with_merge_conflicts_on_record_is_not_merged_away(db):
    first, second = rid(db, "1.1"), rid(db, "1.2")
    db.execute(
        "INSERT INTO merges (id, at, source_name, source_fingerprint) "
        "VALUES (1, '2026-12-01', 'theirs.db', 'x')"
    )
    db.execute(
        "INSERT INTO merge_conflicts (merge_id, recommendation_id, table_name, row_id, field, "
        "ours, theirs) VALUES (1, ?, 'recommendations', ?, 'agreement', 'Agreed', 'Not Agreed')",
        [second, second],
    )
    db.conn.commit()
    before = snapshot(db)
    with pytest.raises(StoreError, match="has merge conflicts on record"):
        merge_with_next_record(db, ANN, first)
    assert snapshot(db) == before
