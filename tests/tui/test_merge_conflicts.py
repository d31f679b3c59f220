"""C lists the records a merge flagged; R resolves a conflict (keep ours / take theirs); u undoes."""

from __future__ import annotations

from store import open_db
from store.merge import apply_merge
from store.review import changes
from store.review.merge_conflicts import OURS, THEIRS, open_conflicts, resolve
from tests.support.merge_dbs import copy_of
from tests.support.pilot import current, rec, settle
from tests.support.review_db import rows
from tui.app import ReviewApp


def conflicted(samples_db, tmp_path):
    """Ours: Ann made 5.3 'Not Agreed' and verified it; Bob made it 'Partly Agreed' in his
    copy, and changed 5.6's rec_no (no conflict); his file merged into ours."""
    theirs = copy_of(samples_db, tmp_path / "bob.db")
    r53, r56 = rec(samples_db, "5.3")[0], rec(samples_db, "5.6")[0]
    db = open_db(samples_db)
    try:
        changes.update_recommendation(db, "ann", r53, agreement="Not Agreed")
        changes.set_status(db, "ann", ("recommendation", r53), "verified")
    finally:
        db.close()
    db = open_db(theirs)
    try:
        changes.update_recommendation(db, "bob", r53, agreement="Partly Agreed")
        changes.update_recommendation(db, "bob", r56, response="Done by Bob.")
    finally:
        db.close()
    db = open_db(samples_db)
    try:
        assert len(apply_merge(db, theirs, "ann").conflicts) == 1
    finally:
        db.close()
    return r53


async def test_resolving_a_conflict_by_keyboard_takes_theirs_and_undo_puts_it_back(
    samples_db, tmp_path
):
    r53 = conflicted(samples_db, tmp_path)
    assert rec(samples_db, "5.3")[1] == "flagged"
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("C")  # only the records with a merge conflict
        await settle(app, pilot)
        assert current(app).no == "5.3"
        assert app.screen.query_one("#status-line").render().plain.startswith("1/1")
        await pilot.press("R")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "MergeConflictScreen"
        await pilot.press("t")  # take theirs
        await settle(app, pilot)
        _, status, reviewer, note, agreement = rec(samples_db, "5.3")
        assert (status, agreement, reviewer) == ("verified", "Partly Agreed", "ann")
        assert note is None  # the merge's lines left the note with the last conflict
        assert rows(samples_db, "SELECT resolved, resolution FROM merge_conflicts") == [
            (1, "theirs")
        ]
        await pilot.press("u")
        await settle(app, pilot)
        _, status, _, note, agreement = rec(samples_db, "5.3")
        assert (status, agreement) == ("flagged", "Not Agreed")
        assert "Merge conflict" in note
        assert rows(samples_db, "SELECT resolved FROM merge_conflicts") == [(0,)]
    assert rec(samples_db, "5.6")[0] != r53


def test_keep_ours_resolves_and_unflags(samples_db, tmp_path):
    r53 = conflicted(samples_db, tmp_path)
    db = open_db(samples_db)
    try:
        (conflict,) = open_conflicts(db, "recommendation", r53)
        assert "ours 'Not Agreed' (ann)" in conflict.describe()
        assert "theirs 'Partly Agreed' (bob" in conflict.describe()
        resolve(db, "ann", conflict.id, OURS)
        assert open_conflicts(db, "recommendation", r53) == []
    finally:
        db.close()
    assert rec(samples_db, "5.3")[1:] == ("verified", "ann", None, "Not Agreed")
    assert THEIRS == "theirs"
