"""Two windows (or two reviewers) on one database: no change is ever lost silently.

Each test opens the same recommendation in two drafts, as two editor windows
would, saves one, then the other, and asserts what the database holds.
"""

from __future__ import annotations

import pytest

from store import import_document, open_db
from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.conflicts import ROW, ConflictError, resolve
from store.review.drafts import ActionDraft
from store.review.records import load_draft

ANN, BOB = "ann", "bob"


@pytest.fixture
def db(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "plan.txt")
    yield db
    db.close()


def rec_id(db, rec_no="1.1"):
    return db.execute("SELECT id FROM recommendations WHERE rec_no = ?", [rec_no]).fetchone()[0]


def actions(db, rid):
    return db.execute(
        "SELECT id, owner, target, text FROM actions WHERE recommendation_id = ? ORDER BY position",
        [rid],
    ).fetchall()


def test_changes_to_different_fields_of_one_action_both_survive(db):
    # the reproduction: A sets the owner, B (still showing the old draft) the target
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions[0].owner = "Owner set by A"
    ch.save_recommendation(db, ANN, a)
    b.actions[0].target = "March 2030"
    ch.save_recommendation(db, BOB, b)
    first = actions(db, rid)[0]
    assert (first[1], first[2]) == ("Owner set by A", "March 2030")
    # bob's save wrote only the target: nothing of his names the owner
    fields = db.execute("SELECT field FROM edits WHERE reviewer = ?", [BOB]).fetchall()
    assert ("owner",) not in fields and ("target",) in fields


def test_changes_to_different_fields_of_one_record_both_survive(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.fields["agreement"] = "Partly Agreed"
    ch.save_recommendation(db, ANN, a)
    b.fields["note"] = "checked against the PDF"
    ch.save_recommendation(db, BOB, b)
    row = db.execute("SELECT agreement, note FROM recommendations WHERE id = ?", [rid]).fetchone()
    assert row == ("Partly Agreed", "checked against the PDF")


def test_the_same_field_changed_on_both_sides_stops_the_second_save(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions[0].owner = "Head of Residence"
    ch.save_recommendation(db, ANN, a)
    edits_before = db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    b.actions[0].owner = "Head of Safety"
    b.fields["note"] = "bob's note"
    with pytest.raises(ConflictError) as raised:
        ch.save_recommendation(db, BOB, b)
    (conflict,) = raised.value.conflicts
    assert (conflict.field, conflict.base, conflict.theirs, conflict.mine) == (
        "owner",
        "Governor",
        "Head of Residence",
        "Head of Safety",
    )
    assert conflict.reviewer == ANN and conflict.at
    assert "ann set 'Head of Residence'" in str(raised.value)
    assert "yours: 'Head of Safety'" in str(raised.value)
    # nothing of bob's save was written, not even the note that did not conflict
    assert db.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == edits_before
    assert actions(db, rid)[0][1] == "Head of Residence"
    assert db.execute("SELECT note FROM recommendations WHERE id = ?", [rid]).fetchone()[0] is None


@pytest.mark.parametrize(
    ("keep", "owner"), [("mine", "Head of Safety"), ("theirs", "Head of Residence")]
)
def test_the_reviewer_chooses_and_the_rest_of_the_draft_is_saved(db, keep, owner):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions[0].owner = "Head of Residence"
    ch.save_recommendation(db, ANN, a)
    b.actions[0].owner = "Head of Safety"
    b.fields["note"] = "bob's note"
    with pytest.raises(ConflictError) as raised:
        ch.save_recommendation(db, BOB, b)
    ch.save_recommendation(db, BOB, resolve(b, raised.value.conflicts, keep))
    assert actions(db, rid)[0][1] == owner
    note = db.execute("SELECT note FROM recommendations WHERE id = ?", [rid]).fetchone()[0]
    assert note == "bob's note"


def test_an_action_deleted_in_one_window_and_edited_in_the_other_is_a_conflict(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    gone = a.actions.pop(1)
    ch.save_recommendation(db, ANN, a)
    b.actions[1].owner = "Head of Safer Custody"
    with pytest.raises(ConflictError) as raised:
        ch.save_recommendation(db, BOB, b)
    (conflict,) = raised.value.conflicts
    assert (conflict.table, conflict.row_id, conflict.field) == ("actions", gone.id, ROW)
    assert "ann deleted it" in str(raised.value)
    # keep mine: the action comes back as bob left it
    ch.save_recommendation(db, BOB, resolve(b, raised.value.conflicts, "mine"))
    assert [r[1] for r in actions(db, rid)] == ["Governor", "Head of Safer Custody", "Governor"]


def test_an_action_edited_in_one_window_and_deleted_in_the_other_is_a_conflict(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions[1].target = "June 2031"
    ch.save_recommendation(db, ANN, a)
    del b.actions[1]
    with pytest.raises(ConflictError) as raised:
        ch.save_recommendation(db, BOB, b)
    assert "ann edited it" in str(raised.value) and "you deleted it" in str(raised.value)
    ch.save_recommendation(db, BOB, resolve(b, raised.value.conflicts, "theirs"))
    assert [r[2] for r in actions(db, rid)] == ["December 2020", "June 2031", "Complete"]


def test_an_untouched_action_deleted_meanwhile_stays_deleted(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    del a.actions[2]
    ch.save_recommendation(db, ANN, a)
    b.fields["note"] = "fine"
    ch.save_recommendation(db, BOB, b)
    assert len(actions(db, rid)) == 2


def test_an_action_added_meanwhile_is_kept_after_the_reviewers_own(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions.append(ActionDraft(None, "Added by A", "May 2030"))
    ch.save_recommendation(db, ANN, a)
    b.actions.insert(0, ActionDraft(None, "Added by B", "June 2030"))
    ch.save_recommendation(db, BOB, b)
    owners = [r[1] for r in actions(db, rid)]
    assert owners == ["Added by B", "Governor", "Head of Safety", "Governor", "Added by A"]


def test_an_order_changed_on_one_side_is_kept_and_on_both_sides_is_a_conflict(db):
    rid = rec_id(db)
    a, b = load_draft(db, rid), load_draft(db, rid)
    a.actions.reverse()
    ch.save_recommendation(db, ANN, a)
    b.fields["note"] = "bob did not reorder"
    ch.save_recommendation(db, BOB, b)
    assert [r[2] for r in actions(db, rid)] == ["Complete", "December 2999", "December 2020"]
    c, d = load_draft(db, rid), load_draft(db, rid)
    c.actions.insert(0, c.actions.pop())
    ch.save_recommendation(db, ANN, c)
    d.actions.append(d.actions.pop(0))
    with pytest.raises(ConflictError) as raised:
        ch.save_recommendation(db, BOB, d)
    assert raised.value.conflicts[0].field == "order"
    ch.save_recommendation(db, BOB, resolve(d, raised.value.conflicts, "mine"))
    assert [r[2] for r in actions(db, rid)] == ["December 2999", "December 2020", "Complete"]


def test_a_status_someone_else_changed_since_the_screen_read_it_is_a_conflict(db):
    ref = (RECOMMENDATION, rec_id(db))
    ch.set_status(db, ANN, ref, "verified", expected="unreviewed")
    with pytest.raises(ConflictError) as raised:
        ch.set_status(db, BOB, ref, "flagged", "looks wrong", expected="unreviewed")
    (conflict,) = raised.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.mine, conflict.reviewer) == (
        "review_status",
        "verified",
        "flagged",
        ANN,
    )
    status = db.execute("SELECT review_status FROM recommendations WHERE id = ?", [ref[1]])
    assert status.fetchone()[0] == "verified"
    # the same status pressed again on both sides is no conflict, and writes nothing
    assert ch.set_status(db, BOB, ref, "verified", expected="unreviewed").change_id is None


def test_a_status_key_that_changes_nothing_writes_nothing_and_undo_reverts_the_real_one(db):
    ref = (RECOMMENDATION, rec_id(db))
    real = ch.set_status(db, ANN, ref, "verified")
    edits = db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    for _ in range(16):  # accidental presses of v on a verified record
        assert ch.set_status(db, ANN, ref, "verified").change_id is None
    assert db.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == edits
    undone = ch.undo(db, ANN)
    assert undone is not None and undone.undone.change_id == real.change_id
    status = db.execute("SELECT review_status FROM recommendations WHERE id = ?", [ref[1]])
    assert status.fetchone()[0] == "unreviewed"
