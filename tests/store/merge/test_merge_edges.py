"""Merges against a re-parse by a newer parser, another program writing ours, and a
damaged THEIRS (review of issue 18): nothing lost, nothing half-written."""

from __future__ import annotations

import pytest

from store import open_db
from store.review import changes
from tests.store.merge.test_merge import first_actions, merge, recs, with_db
from tests.support.merge_dbs import all_rows, copy_of, settled
from tests.support.review_db import import_samples, rows

REC = "recommendation"


@pytest.fixture
def pair(tmp_path):
    """Ours and theirs: two copies of one database of the samples."""
    base = import_samples(tmp_path / "base.db")
    return copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")


TEXTS = (
    "Prisoners should be unlocked each day for work.",
    "Night checks should be recorded accurately.",
    "Healthcare waiting times should be reduced to two weeks.",
    "Education places should match the population.",
)


def worded(make_plan):
    plan = make_plan("p")
    for rec, text in zip(plan.recommendations, TEXTS, strict=True):
        rec.recommendation = text
    return plan


def test_review_of_a_record_our_newer_parser_dropped_or_renumbered_is_not_lost(tmp_path, make_plan):
    from store import import_document

    base = tmp_path / "base.db"
    with_db(base, lambda db: import_document(db, worded(make_plan), "p.txt", parser_version="1"))
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    ids = {no: i for i, no in rows(theirs, "SELECT id, rec_no FROM recommendations")}
    newer = worded(make_plan)
    del newer.recommendations[1]  # 1.2: the newer parser no longer finds it
    newer.recommendations[1].rec_no = "1.3a"  # 1.3 read with another number
    for i, rec in enumerate(newer.recommendations, start=1):
        rec.position = i
    with_db(ours, lambda db: import_document(db, newer, "p.txt", parser_version="99"))
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, ids["1.2"]), "verified",
                                                  "Bob checked 1.2"))  # fmt: skip
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", ids["1.3"],
                                                             agreement="Partly Agreed"))  # fmt: skip
    result = merge(ours, theirs)
    assert result.conflicts == []
    got = {no: (a, s) for no, a, s in rows(ours, "SELECT rec_no, agreement, review_status "
                                                 "FROM recommendations")}  # fmt: skip
    assert got["1.3a"] == ("Partly Agreed", "unreviewed")  # renumbered here: still found
    # kept by our re-parse (flagged, not found by parser 99): Bob's verdict is a reviewer's
    # answer to the parser's flag and lands; the re-parse's warning stays on the record
    status, note, warnings = rows(ours, "SELECT review_status, note, warnings FROM "
                                  "recommendations WHERE rec_no = '1.2'")[0]  # fmt: skip
    assert (status, note) == ("verified", "Bob checked 1.2")
    assert "not found by parser version 99" in warnings


def test_a_screen_open_on_ours_during_a_merge_cannot_save_over_what_it_brought(pair):
    """The app holds its own connection to ours: a merge in between is seen on save."""
    from store.review.conflicts import ConflictError
    from store.review.records import load_draft

    ours, theirs = pair
    r = recs(ours)
    with_db(
        theirs, lambda db: changes.update_recommendation(db, "bob", r[0], agreement="Not Agreed")
    )
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[1]), "rejected"))
    app = open_db(ours)  # the app, open all along
    try:
        draft = load_draft(app, r[0])  # the editor opened before the merge
        merge(ours, theirs)  # another process
        draft.fields["agreement"] = "Partly Agreed"
        with pytest.raises(ConflictError):
            changes.save_recommendation(app, "alice", draft)
        with pytest.raises(ConflictError):  # v on a record whose screen still says unreviewed
            changes.set_status(app, "alice", (REC, r[1]), "verified", expected="unreviewed")
    finally:
        app.close()
    assert rows(ours, "SELECT agreement FROM recommendations WHERE id = ?", [r[0]]) == [
        ("Not Agreed",)
    ]
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[1]]) == [
        ("rejected",)
    ]


def test_a_merge_waits_for_a_writer_holding_ours_and_then_lands(pair):
    import sqlite3
    import threading

    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "verified"))
    writer = sqlite3.connect(ours, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")  # the app in the middle of a save
    released = threading.Timer(0.5, writer.execute, ["COMMIT"])
    released.start()
    try:
        result = merge(ours, theirs)
    finally:
        released.join()
        writer.close()
    assert result.merge_id is not None
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[0]]) == [
        ("verified",)
    ]


def test_a_corrupted_file_is_refused_in_one_line_and_ours_is_unchanged(pair, tmp_path):
    from store.db import StoreError

    ours, theirs = pair
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, recs(theirs)[0]), "verified"))
    data = bytearray(settled(theirs).read_bytes())
    page = 4096
    for start in range(page, len(data), page * 3):  # every third page, header kept
        data[start : start + page] = b"\xa5" * min(page, len(data) - start)
    broken = tmp_path / "broken.db"
    broken.write_bytes(bytes(data))
    tail = bytearray(settled(theirs).read_bytes())
    tail[-page:] = b"\xa5" * page  # one data page damaged: the schema still reads
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(tail))
    before = all_rows(settled(ours))
    for path in (broken, damaged):
        with pytest.raises(StoreError) as caught:
            merge(ours, path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
        assert "cannot be read" in str(caught.value)
    assert all_rows(settled(ours)) == before
    link = tmp_path / "link.db"
    link.symlink_to(ours)  # ours under another name
    with pytest.raises(StoreError, match="is the database being merged into"):
        merge(ours, link)


def test_an_action_our_newer_parser_removed_that_they_edited_is_not_dropped(tmp_path, make_plan):
    from store import import_document

    base = tmp_path / "base.db"
    with_db(base, lambda db: import_document(db, worded(make_plan), "p.txt", parser_version="1"))
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    rec = rows(ours, "SELECT id FROM recommendations WHERE rec_no = '1.1'")[0][0]
    gone = first_actions(theirs, rec)[1]
    newer = worded(make_plan)
    del newer.recommendations[0].actions[1]  # the newer parser no longer finds action 2
    with_db(ours, lambda db: import_document(db, newer, "p.txt", parser_version="99"))
    assert len(first_actions(ours, rec)) == len(first_actions(base, rec)) - 1
    with_db(theirs, lambda db: changes.update_action(db, "bob", gone, owner="Bob's owner"))
    result = merge(ours, theirs)
    assert [(c.what, c.ours) for c in result.conflicts] == [
        ("action 2: deleted here, changed there", "(deleted) (hmip-review (reparse))")
    ]
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [rec]) == [
        ("flagged",)
    ]
    from store.review.merge_conflicts import THEIRS, open_conflicts, resolve

    def take(db):
        (conflict,) = open_conflicts(db, "recommendation", rec)
        # the resolve box words it as the summary does: the action by its number
        assert conflict.describe().startswith(
            "action 2: deleted here, changed there: ours (deleted) (hmip-review (reparse)) · "
            "theirs (the row) (bob"
        )
        resolve(db, "lead", conflict.id, THEIRS)

    with_db(ours, take)  # taking theirs puts the action back, with Bob's owner
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = ?", ["Bob's owner"]) == [(1,)]
