"""One wording of a merge conflict, for the summary, the note and the resolve box."""

from __future__ import annotations

from store import open_db
from store.domain import WHOLE_ROW
from store.merge import apply_merge
from store.merge.conflict_words import conflict_value, conflict_what
from store.review import changes
from store.review.merge_conflicts import open_conflicts
from tests.support.merge_dbs import copy_of
from tests.support.review_db import import_samples, rows


def test_a_null_value_is_empty_and_a_row_deleted_is_deleted():
    assert conflict_value(None) == "(empty)"
    assert conflict_value(None, deleted=True) == "(deleted)"


def test_a_whole_row_is_named_not_spelled_out():
    assert conflict_value({"id": 3, "owner": "Governor"}, deleted=True) == "(the row)"


def test_text_is_quoted_and_a_number_shown_as_it_is():
    assert conflict_value("Not Agreed") == "'Not Agreed'"
    assert conflict_value("") == "''"  # blank text, not a NULL
    assert conflict_value(2) == "2"


def test_long_text_is_cut_only_when_asked():
    text = "Head of Residence and Safer Custody, with the Deputy Governor " * 2
    assert conflict_value(text) == repr(text)
    cut = conflict_value(text, cut=60)
    assert cut == repr(text[:57] + "...")
    assert conflict_value(text[:60], cut=60) == repr(text[:60])


def test_what_names_a_records_field_an_actions_number_and_a_link():
    assert conflict_what("recommendations", "agreement", ours_deleted=False) == "agreement"
    assert conflict_what("actions", "owner", ours_deleted=False, number=2) == "action 2: owner"
    assert (
        conflict_what("judgement_links", "confirmed", ours_deleted=False, number=9)
        == "judgement link: confirmed"
    )


def test_what_says_which_side_deleted_a_row():
    assert (
        conflict_what("actions", WHOLE_ROW, ours_deleted=True, number=3)
        == "action 3: deleted here, changed there"
    )
    assert conflict_what("recommendations", WHOLE_ROW, ours_deleted=False) == (
        "deleted there, changed here"
    )


def test_the_summary_the_note_and_the_resolve_box_word_a_conflict_alike(tmp_path):
    """Ours emptied an action's owner and deleted the next action; theirs changed both."""
    base = import_samples(tmp_path / "base.db")
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    rec_id, first, second = rows(
        ours,
        "SELECT recommendation_id, MIN(id), MIN(id) + 1 FROM actions GROUP BY recommendation_id "
        "HAVING COUNT(*) >= 2 AND MIN(id) > 1 ORDER BY recommendation_id LIMIT 1",
    )[0]
    assert rows(ours, "SELECT position FROM actions WHERE id = ?", [second]) == [(2,)]
    long_owner = "The Head of Safer Custody with the Deputy Governor and the Safer Custody team"
    db = open_db(ours)
    try:
        changes.update_action(db, "ann", first, owner=None)
        changes.remove_action(db, "ann", second)
    finally:
        db.close()
    db = open_db(theirs)
    try:
        changes.update_action(db, "bob", first, owner=long_owner)
        changes.update_action(db, "bob", second, owner="Bob's owner")
    finally:
        db.close()
    db = open_db(ours)
    try:
        summary = apply_merge(db, theirs, "ann").conflicts
        boxed = [c.describe() for c in open_conflicts(db, "recommendation", rec_id)]
    finally:
        db.close()
    assert [(c.what, c.ours, c.theirs) for c in summary] == [
        ("action 1: owner", "(empty) (ann)", f"{long_owner[:57] + '...'!r} (bob)"),
        ("action 2: deleted here, changed there", "(deleted) (ann)", "(the row) (bob)"),
    ]
    assert boxed[0].startswith(f"action 1: owner: ours (empty) (ann) · theirs {long_owner!r}")
    assert boxed[1].startswith(
        "action 2: deleted here, changed there: ours (deleted) (ann) · theirs (the row) (bob"
    )
    (note,) = rows(ours, "SELECT note FROM recommendations WHERE id = ?", [rec_id])[0]
    assert "action 1: owner: ours (empty) (ann); theirs" in note
