"""Verify the rest of a document (``V``): only the unreviewed records, one change, one undo,
and never over what another window did meanwhile. Real SQLite files, two connections."""

from __future__ import annotations

import threading
import time

import pytest

from store import import_document, open_db
from store.domain import JUDGEMENT, RECOMMENDATION
from store.review import changes as ch
from store.review.audit import UndoConflict
from store.review.bulk import rest_of_document, verify_rest

ANN, BOB = "ann", "bob"


@pytest.fixture
def db(db_path, make_plan, make_irp):
    database = open_db(db_path)
    import_document(database, make_plan("a"), "a.txt")
    import_document(database, make_plan("b", establishment="HMP Otherton"), "b.txt")
    import_document(database, make_irp("c"), "c.txt")
    yield database
    database.close()


def doc_id(db, establishment="HMP Testshire", kind="action_plan") -> int:
    return db.execute(
        "SELECT id FROM documents WHERE establishment = ? AND kind = ?", [establishment, kind]
    ).fetchone()[0]


def statuses(db, document_id, table="recommendations") -> dict[str, str]:
    key = "rec_no" if table == "recommendations" else "ref"
    return dict(
        db.execute(
            f"SELECT {key}, review_status FROM {table} WHERE document_id = ? ORDER BY position",
            [document_id],
        ).fetchall()
    )


def ref_of(db, rec_no, document_id) -> tuple[str, int]:
    (rid,) = db.execute(
        "SELECT id FROM recommendations WHERE rec_no = ? AND document_id = ?", [rec_no, document_id]
    ).fetchone()
    return (RECOMMENDATION, rid)


def test_the_question_names_how_many_and_the_document(db):
    plan = doc_id(db)
    ch.set_status(db, ANN, ref_of(db, "1.2", plan), "flagged", "owner wrong")
    rest = rest_of_document(db, plan)
    assert rest.question == "Verify the 3 unreviewed records left in Testshire 2021?"
    assert [ref for ref in rest.refs] == [ref_of(db, n, plan) for n in ("1.1", "1.3", "1.4")]
    assert rest_of_document(db, 10**6) is None


def test_only_unreviewed_records_of_that_document_are_verified_as_one_change(db):
    plan, other = doc_id(db), doc_id(db, "HMP Otherton")
    ch.set_status(db, ANN, ref_of(db, "1.2", plan), "flagged", "owner wrong")
    ch.set_status(db, ANN, ref_of(db, "1.3", plan), "rejected")
    result = verify_rest(db, ANN, rest_of_document(db, plan))
    assert statuses(db, plan) == {
        "1.1": "verified",
        "1.2": "flagged",
        "1.3": "rejected",
        "1.4": "verified",
    }
    assert set(statuses(db, other).values()) == {"unreviewed"}  # another document: untouched
    assert result.summary == "Verified 2 records of Testshire 2021."
    # one change_id in edits, naming the reviewer, the two records only
    changes = db.execute(
        "SELECT DISTINCT change_id FROM edits WHERE change_id = ?", [result.change_id]
    ).fetchall()
    assert len(changes) == 1
    touched = db.execute(
        "SELECT DISTINCT row_id, reviewer FROM edits WHERE change_id = ? AND field = "
        "'review_status'",
        [result.change_id],
    ).fetchall()
    assert sorted(touched) == sorted((ref_of(db, n, plan)[1], ANN) for n in ("1.1", "1.4"))
    reviewer = db.execute(
        "SELECT reviewer FROM recommendations WHERE id = ?", [ref_of(db, "1.1", plan)[1]]
    ).fetchone()
    assert reviewer == (ANN,)


def test_one_undo_restores_every_record(db):
    plan = doc_id(db)
    ch.set_status(db, ANN, ref_of(db, "1.2", plan), "flagged", "owner wrong")
    before = db.execute(
        "SELECT id, review_status, reviewer, reviewed_at, note FROM recommendations ORDER BY id"
    ).fetchall()
    verify_rest(db, ANN, rest_of_document(db, plan))
    undone = ch.undo(db, ANN)
    assert sorted(undone.records) == sorted(ref_of(db, n, plan) for n in ("1.1", "1.3", "1.4"))
    assert undone.description == "review status of 3 records 'verified' → 'unreviewed'"
    after = db.execute(
        "SELECT id, review_status, reviewer, reviewed_at, note FROM recommendations ORDER BY id"
    ).fetchall()
    assert after == before
    # the undo before that one is the flag: the bulk change was one step
    assert ch.undo(db, ANN).description == "review status, note"


def test_an_irp_reports_judgements_are_its_records(db):
    irp = doc_id(db, kind="irp_report")
    rest = rest_of_document(db, irp)
    assert len(rest.refs) == 3 and {k for k, _ in rest.refs} == {JUDGEMENT}
    verify_rest(db, ANN, rest)
    assert set(statuses(db, irp, "judgements").values()) == {"verified"}


def test_a_record_another_window_changed_after_the_count_is_left_as_it_is(db, db_path):
    plan = doc_id(db)
    rest = rest_of_document(db, plan)  # ann's window asks: 4 records
    other = open_db(db_path)  # bob's window, its own connection
    try:
        ch.set_status(other, BOB, ref_of(other, "1.3", plan), "flagged", "agreement wrong")
    finally:
        other.close()
    result = verify_rest(db, ANN, rest)
    assert statuses(db, plan)["1.3"] == "flagged"
    note, reviewer = db.execute(
        "SELECT note, reviewer FROM recommendations WHERE id = ?", [ref_of(db, "1.3", plan)[1]]
    ).fetchone()
    assert (note, reviewer) == ("agreement wrong", BOB)
    assert result.summary == (
        "Verified 3 records of Testshire 2021; 1 changed meanwhile (another window or "
        "reviewer) was left as it was."
    )


def test_a_concurrent_writer_holding_the_lock_is_waited_for_not_overwritten(db, db_path):
    plan = doc_id(db)
    rest = rest_of_document(db, plan)
    target = ref_of(db, "1.1", plan)
    locked = threading.Event()

    def bob():
        other = open_db(db_path)
        try:
            other.execute("BEGIN IMMEDIATE")
            locked.set()
            time.sleep(0.3)  # ann's bulk change starts while bob holds the write lock
            other.execute(
                "UPDATE recommendations SET review_status = 'rejected', reviewer = ? WHERE id = ?",
                [BOB, target[1]],
            )
            other.execute("COMMIT")
        finally:
            other.close()

    thread = threading.Thread(target=bob)
    thread.start()
    locked.wait(5)
    verify_rest(db, ANN, rest)  # waits on the busy timeout, then reads bob's commit
    thread.join()
    assert statuses(db, plan) == {
        "1.1": "rejected",
        "1.2": "verified",
        "1.3": "verified",
        "1.4": "verified",
    }


def test_undo_after_another_window_changed_one_of_them_asks_first(db, db_path):
    plan = doc_id(db)
    verify_rest(db, ANN, rest_of_document(db, plan))
    other = open_db(db_path)
    try:
        ch.set_status(other, BOB, ref_of(other, "1.2", plan), "flagged", "checked again")
    finally:
        other.close()
    with pytest.raises(UndoConflict) as raised:
        ch.undo(db, ANN)
    assert raised.value.forceable
    # nothing was undone: bob's flag and ann's other verifications stay
    assert statuses(db, plan) == {
        "1.1": "verified",
        "1.2": "flagged",
        "1.3": "verified",
        "1.4": "verified",
    }


def test_nothing_left_writes_nothing(db):
    plan = doc_id(db)
    verify_rest(db, ANN, rest_of_document(db, plan))
    rest = rest_of_document(db, plan)
    assert rest.refs == []
    assert rest.question == "Verify the 0 unreviewed records left in Testshire 2021?"
    result = verify_rest(db, ANN, rest)
    assert result.change_id is None
