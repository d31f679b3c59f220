"""Merging another reviewer's file: what lands, what conflicts, and what is refused."""

from __future__ import annotations

import sqlite3

import pytest

from store import import_document, open_db
from store.db import StoreError
from store.merge import MERGE_REVIEWER, apply_merge, plan_merge
from store.review import changes
from tests.support.merge_dbs import all_rows, contents, copy_of, settled
from tests.support.review_db import import_samples, rows

REC = "recommendation"


@pytest.fixture
def pair(tmp_path):
    """Ours and theirs: two copies of one database of the samples."""
    base = import_samples(tmp_path / "base.db")
    return copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")


def recs(path, n=8):
    return [r[0] for r in rows(path, "SELECT id FROM recommendations ORDER BY id LIMIT ?", [n])]


def first_actions(path, rec_id):
    return [
        r[0]
        for r in rows(
            path, "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position", [rec_id]
        )
    ]


def with_db(path, work):
    db = open_db(path)
    try:
        return work(db)
    finally:
        db.close()


def merge(ours, theirs, *, dry_run=False):
    db = open_db(ours)
    try:
        return plan_merge(db, theirs) if dry_run else apply_merge(db, theirs, "lead")
    finally:
        db.close()


def test_their_statuses_notes_fields_and_actions_land_with_their_names(pair):
    ours, theirs = pair
    r = recs(theirs)
    action = first_actions(theirs, r[4])[0]

    def bob(db):
        changes.set_status(db, "bob", (REC, r[0]), "verified")
        changes.set_status(db, "bob", (REC, r[1]), "flagged", "owner unclear")
        changes.update_recommendation(db, "bob", r[2], agreement="Not Agreed", rec_no="9.9")
        changes.update_action(db, "bob", action, owner="Head of Reducing Reoffending")
        changes.add_action(db, "bob", r[5], owner="Governor", target="March 2023")

    with_db(theirs, bob)
    result = merge(ours, theirs)
    got = dict(
        (i, row)
        for i, *row in rows(ours, "SELECT id, review_status, note, agreement, rec_no "
                            "FROM recommendations")
    )  # fmt: skip
    assert got[r[0]][0] == "verified"
    assert got[r[1]][:2] == ["flagged", "owner unclear"]
    assert got[r[2]][2:] == ["Not Agreed", "9.9"]
    owners = rows(ours, "SELECT owner FROM actions WHERE id = ?", [action])
    assert owners == [("Head of Reducing Reoffending",)]
    added = rows(
        ours,
        "SELECT owner, target, target_date FROM actions WHERE recommendation_id = ? "
        "ORDER BY position DESC LIMIT 1",
        [r[5]],
    )
    assert added == [("Governor", "March 2023", "2023-03-31")]
    assert result.conflicts == []
    merged = rows(
        ours, "SELECT DISTINCT reviewer FROM edits WHERE merged_from = ? ORDER BY 1",
        [result.merge_id],
    )  # fmt: skip
    assert merged == [("bob",), (MERGE_REVIEWER,)]
    assert rows(ours, "SELECT source_name, edits FROM merges") == [
        ("theirs.db", result.edits_copied)
    ]


def test_the_same_field_changed_differently_is_a_conflict_ours_kept_and_flagged(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(
        ours, lambda db: changes.update_recommendation(db, "alice", r[0], agreement="Not Agreed")
    )
    with_db(ours, lambda db: changes.set_status(db, "alice", (REC, r[0]), "verified"))
    with_db(
        theirs, lambda db: changes.update_recommendation(db, "bob", r[0], agreement="Partly Agreed")
    )
    # different fields of one record both land
    with_db(ours, lambda db: changes.update_recommendation(db, "alice", r[1], rec_no="7.7"))
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", r[1], response="Done."))
    # the same value on both sides is no conflict
    with_db(
        ours, lambda db: changes.update_recommendation(db, "alice", r[2], agreement="Not Agreed")
    )
    with_db(
        theirs, lambda db: changes.update_recommendation(db, "bob", r[2], agreement="Not Agreed")
    )
    result = merge(ours, theirs)
    status, note, agreement = rows(
        ours, "SELECT review_status, note, agreement FROM recommendations WHERE id = ?", [r[0]]
    )[0]
    assert (status, agreement) == ("flagged", "Not Agreed")
    assert "'Not Agreed' (alice)" in note and "'Partly Agreed' (bob)" in note
    conflicts = rows(
        ours, "SELECT recommendation_id, field, ours, theirs, our_reviewer, their_reviewer, "
        "status_before, resolved FROM merge_conflicts"
    )  # fmt: skip
    assert conflicts == [
        (r[0], "agreement", '"Not Agreed"', '"Partly Agreed"', "alice", "bob", "verified", 0)
    ]
    assert [(c.what, c.ours, c.theirs) for c in result.conflicts] == [
        ("agreement", "'Not Agreed' (alice)", "'Partly Agreed' (bob)")
    ]
    assert rows(ours, "SELECT rec_no, response FROM recommendations WHERE id = ?", [r[1]]) == [
        ("7.7", "Done.")
    ]
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id IN (?, ?)",
                [r[1], r[2]]) == [("unreviewed",), ("unreviewed",)]  # fmt: skip


def test_a_delete_against_an_edit_is_a_conflict_either_way(pair):
    ours, theirs = pair
    r = recs(ours)
    mine = first_actions(ours, r[4])
    theirs_ids = first_actions(theirs, r[5])
    with_db(ours, lambda db: changes.remove_action(db, "alice", mine[0]))
    with_db(theirs, lambda db: changes.update_action(db, "bob", mine[0], owner="Bob's owner"))
    with_db(ours, lambda db: changes.update_action(db, "alice", theirs_ids[0], owner="Alice's"))
    with_db(theirs, lambda db: changes.remove_action(db, "bob", theirs_ids[0]))
    result = merge(ours, theirs)
    assert sorted(c.what for c in result.conflicts) == [
        "action 1: deleted here, changed there",
        "action 1: deleted there, changed here",
    ]
    assert rows(ours, "SELECT owner FROM actions WHERE id = ?", [theirs_ids[0]]) == [("Alice's",)]
    assert rows(ours, "SELECT 1 FROM actions WHERE id = ?", [mine[0]]) == []
    flagged = rows(
        ours, "SELECT id FROM recommendations WHERE review_status = 'flagged' ORDER BY id"
    )
    assert flagged == [(r[4],), (r[5],)]


def test_a_delete_on_one_side_alone_lands(pair):
    ours, theirs = pair
    r = recs(ours)
    gone = first_actions(theirs, r[3])
    with_db(theirs, lambda db: changes.remove_action(db, "bob", gone[0]))
    merge(ours, theirs)
    assert first_actions(ours, r[3]) == first_actions(theirs, r[3])
    positions = rows(ours, "SELECT position FROM actions WHERE recommendation_id = ? "
                     "ORDER BY position", [r[3]])  # fmt: skip
    assert [p for (p,) in positions] == list(range(1, len(positions) + 1))


def test_merging_the_same_file_twice_changes_nothing_and_says_so(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "verified"))
    merge(ours, theirs)
    before = all_rows(settled(ours))
    again = merge(ours, theirs)
    assert again.nothing_new and again.merge_id is None
    assert "nothing new" in again.headline() and "already merged: merge 1" in again.headline()
    assert all_rows(settled(ours)) == before


def test_a_dry_run_writes_nothing_and_reports_what_the_merge_does(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "rejected"))
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", r[1], rec_no="1.0"))
    settled(ours)
    before, data = ours.read_bytes(), all_rows(ours)
    planned = merge(ours, theirs, dry_run=True)
    assert ours.read_bytes() == before and all_rows(ours) == data
    done = merge(ours, theirs)
    assert [(d.label, d.statuses, d.fields) for d in planned.documents] == [
        (d.label, d.statuses, d.fields) for d in done.documents
    ]
    assert planned.totals().statuses == 1 and planned.totals().fields == 1


def test_their_undo_carries_over(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "verified"))
    merge(ours, theirs)
    with_db(theirs, lambda db: changes.undo(db, "bob"))
    merge(ours, theirs)
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[0]]) == [
        ("unreviewed",)
    ]
    undone = rows(ours, "SELECT DISTINCT undone FROM edits WHERE reviewer = 'bob' "
                  "AND undo_of IS NULL")  # fmt: skip
    assert undone == [(1,)]


def test_a_record_made_by_hand_and_a_judgement_recorded_by_hand_come_in(pair):
    ours, theirs = pair
    doc, text = rows(theirs, "SELECT id, text FROM documents WHERE kind = 'action_plan' "
                     "ORDER BY id LIMIT 1")[0]  # fmt: skip
    start = text.index("\n", len(text) // 2) + 1
    made = with_db(theirs, lambda db: changes.create_record(db, "bob", doc, start, start + 40))
    r = recs(theirs)
    with_db(theirs, lambda db: changes.record_progress(db, "bob", r[0], "Good progress",
                                                        "seen on a visit", "2023-05-12"))  # fmt: skip
    merge(ours, theirs)
    assert contents(ours)["recommendations"] == contents(theirs)["recommendations"]
    assert contents(ours)["judgements"] == contents(theirs)["judgements"]
    assert contents(ours)["judgement_links"] == contents(theirs)["judgement_links"]
    assert made.created is not None


def test_documents_only_they_have_come_in_whole_with_their_work(tmp_path, make_plan, make_irp):
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    with_db(ours, lambda db: import_document(db, make_plan("a"), "a.txt"))

    def bob(db):
        import_document(db, make_plan("a"), "a.txt")
        import_document(db, make_plan("b", "HMP Elsewhere"), "b.txt")
        import_document(db, make_irp("i", "HMP Elsewhere"), "i.txt")
        import_document(db, make_irp("t", "HMP Testshire"), "t.txt")  # links into plan a
        rec = db.execute("SELECT r.id FROM recommendations r JOIN documents d ON d.id = "
                         "r.document_id WHERE d.source_name = 'b.txt' LIMIT 1").fetchone()[0]  # fmt: skip
        changes.set_status(db, "bob", (REC, rec), "verified")

    with_db(theirs, bob)
    result = merge(ours, theirs)
    assert contents(ours) == contents(theirs)
    assert [d.new for d in result.documents] == [True, True, True]
    links_into_a = rows(ours, "SELECT COUNT(*) FROM judgement_links l JOIN recommendations r "
                        "ON r.id = l.recommendation_id JOIN documents d ON d.id = r.document_id "
                        "WHERE d.source_name = 'a.txt'")  # fmt: skip
    assert links_into_a[0][0] > 0
    assert rows(ours, "SELECT reviewer, merged_from FROM edits WHERE reviewer = 'bob'") != []


def test_a_file_imported_separately_from_the_same_documents_merges(tmp_path, make_plan):
    ours = import_samples(tmp_path / "ours.db")
    theirs = tmp_path / "theirs.db"
    with_db(ours, lambda db: changes.set_status(db, "alice", (REC, recs(ours)[0]), "verified"))
    # another document first: every row of theirs has another id than ours
    with_db(theirs, lambda db: import_document(db, make_plan("first"), "first.txt"))
    import_samples(theirs)
    place = ("SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
             "WHERE d.source_name = 'fenwick_action_plan_2019.txt' AND r.position = 3")  # fmt: skip
    (their_id,), (our_id,) = rows(theirs, place)[0], rows(ours, place)[0]
    assert their_id != our_id
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", their_id, note="checked"))
    merge(ours, theirs)
    assert rows(ours, "SELECT note FROM recommendations WHERE id = ?", [our_id]) == [("checked",)]
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?",
                [recs(ours)[0]]) == [("verified",)]  # fmt: skip
    assert rows(ours, "SELECT row_id FROM edits WHERE reviewer = 'bob'") == [(our_id,)]


def test_merging_across_a_reparse_by_a_newer_parser(tmp_path, make_plan):
    base = tmp_path / "base.db"
    with_db(base, lambda db: import_document(db, make_plan("p"), "p.txt", parser_version="1"))
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    newer = make_plan("p")
    newer.recommendations[0].recommendation = "Prisoners should be unlocked each day."
    newer.recommendations.insert(0, newer.recommendations[0].__class__(
        position=0, rec_no="1.0", agreement="Agreed", recommendation="Found only now."))  # fmt: skip
    for i, rec in enumerate(newer.recommendations, start=1):
        rec.position = i
    with_db(ours, lambda db: import_document(db, newer, "p.txt", parser_version="99"))
    ids = {no: i for i, no in rows(theirs, "SELECT id, rec_no FROM recommendations")}
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", ids["1.1"],
                                                             recommendation="Bob's text"))  # fmt: skip
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, ids["1.3"]), "verified"))
    result = merge(ours, theirs)
    got = dict(rows(ours, "SELECT rec_no, recommendation FROM recommendations"))
    assert got["1.1"] == "Bob's text" and got["1.0"] == "Found only now."
    assert (
        dict(rows(ours, "SELECT rec_no, review_status FROM recommendations"))["1.3"] == "verified"
    )
    assert result.conflicts == []
    # and the other way: the re-parsed file merged into the old one brings no parse, only work
    with_db(ours, lambda db: changes.set_status(db, "alice", (REC, ids["1.4"]), "rejected"))
    merge(theirs, ours)
    assert (
        dict(rows(theirs, "SELECT rec_no, review_status FROM recommendations"))["1.4"] == "rejected"
    )
    assert "1.0" not in dict(rows(theirs, "SELECT rec_no, 1 FROM recommendations"))


def test_refuses_what_is_not_a_hmip_review_database_with_one_line(tmp_path, pair):
    ours, _ = pair
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    newer = copy_of(ours, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = all_rows(settled(ours))
    for path, reason in [
        (text, "not a hmip-review database"),
        (other, "not a hmip-review database"),
        (newer, "written by a newer hmip-review"),
        (tmp_path / "missing.db", "no such file"),
        (ours, "is the database being merged into"),
    ]:
        with pytest.raises(StoreError) as caught:
            merge(ours, path)
        assert reason in str(caught.value) and str(path) in str(caught.value)
        assert "\n" not in str(caught.value)
    assert all_rows(settled(ours)) == before


def test_records_they_merged_with_the_next_one_merge_with_their_actions_and_links(pair):
    from store.review.merge_records import merge_with_next_record

    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: merge_with_next_record(db, "bob", r[5]))
    with_db(ours, lambda db: changes.set_status(db, "alice", (REC, r[2]), "verified"))
    result = merge(ours, theirs)
    assert result.conflicts == []
    mine, bobs = contents(ours), contents(theirs)
    assert mine["actions"] == bobs["actions"]
    assert mine["judgement_links"] == bobs["judgement_links"]

    def without_status(table):
        return [row[:6] + row[7:] for row in table]

    assert without_status(mine["recommendations"]) == without_status(bobs["recommendations"])
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[2]]) == [
        ("verified",)
    ]
    assert rows(ours, "SELECT 1 FROM recommendations WHERE id = ?", [r[6]]) == []


def test_judgement_and_repeat_links_confirmed_removed_or_added_land(pair):
    from store.review.repeat_link_changes import confirm_repeat_link, remove_repeat_link

    ours, theirs = pair
    (j1, r1), (j2, r2) = rows(theirs, "SELECT judgement_id, recommendation_id FROM "
                              "judgement_links ORDER BY rowid LIMIT 2")  # fmt: skip
    repeats = rows(theirs, "SELECT recommendation_id, earlier_recommendation_id FROM "
                   "repeat_links ORDER BY rowid LIMIT 2")  # fmt: skip
    other = rows(theirs, "SELECT id FROM recommendations WHERE id NOT IN (SELECT "
                 "recommendation_id FROM judgement_links) ORDER BY id LIMIT 1")[0][0]  # fmt: skip

    def bob(db):
        changes.save_links(db, "bob", j1, {r1: True, other: True})  # confirm one, add one
        changes.save_links(db, "bob", j2, {})  # remove it
        if repeats:
            confirm_repeat_link(db, *repeats[0], "bob")
            if len(repeats) > 1:
                remove_repeat_link(db, *repeats[1], "bob")

    with_db(theirs, bob)
    link = "SELECT judgement_id, recommendation_id, confirmed FROM judgement_links ORDER BY 1, 2"
    repeat = "SELECT recommendation_id, earlier_recommendation_id, confirmed FROM repeat_links ORDER BY 1, 2"
    assert rows(ours, link) != rows(theirs, link)
    result = merge(ours, theirs)
    assert result.conflicts == []
    assert rows(ours, link) == rows(theirs, link)
    assert rows(ours, repeat) == rows(theirs, repeat)


def test_a_link_removed_here_and_confirmed_there_is_a_conflict(pair):
    ours, theirs = pair
    j, r = rows(theirs, "SELECT judgement_id, recommendation_id FROM judgement_links "
                "ORDER BY rowid LIMIT 1")[0]  # fmt: skip
    with_db(ours, lambda db: changes.save_links(db, "alice", j, {}))
    with_db(theirs, lambda db: changes.save_links(db, "bob", j, {r: True}))
    result = merge(ours, theirs)
    assert [c.what for c in result.conflicts] == ["judgement link: deleted here, changed there"]
    assert rows(ours, "SELECT review_status FROM judgements WHERE id = ?", [j]) == [("flagged",)]
    assert rows(ours, "SELECT table_name, field, their_reviewer FROM merge_conflicts") == [
        ("judgement_links", "*", "bob")
    ]


def test_taking_theirs_puts_back_a_row_we_deleted_and_undo_removes_it_again(pair):
    from store.review.merge_conflicts import THEIRS, open_conflicts, resolve

    ours, theirs = pair
    j, r = rows(theirs, "SELECT judgement_id, recommendation_id FROM judgement_links "
                "ORDER BY rowid LIMIT 1")[0]  # fmt: skip
    with_db(ours, lambda db: changes.save_links(db, "alice", j, {}))
    with_db(theirs, lambda db: changes.save_links(db, "bob", j, {r: True}))
    merge(ours, theirs)

    def take(db):
        (conflict,) = open_conflicts(db, "judgement", j)
        resolve(db, "alice", conflict.id, THEIRS)

    with_db(ours, take)
    link = "SELECT confirmed FROM judgement_links WHERE judgement_id = ? AND recommendation_id = ?"
    assert rows(ours, link, [j, r]) == [(1,)]
    with_db(ours, lambda db: changes.undo(db, "alice"))
    assert rows(ours, link, [j, r]) == []


def test_a_record_their_newer_parser_found_comes_in_with_its_review(tmp_path, make_plan):
    base = tmp_path / "base.db"
    with_db(base, lambda db: import_document(db, make_plan("p"), "p.txt", parser_version="1"))
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    newer = make_plan("p")
    newer.recommendations.insert(0, newer.recommendations[0].__class__(
        position=0, rec_no="1.0", agreement="Agreed", recommendation="Found only now."))  # fmt: skip
    for i, rec in enumerate(newer.recommendations, start=1):
        rec.position = i
    with_db(theirs, lambda db: import_document(db, newer, "p.txt", parser_version="99"))
    found = rows(theirs, "SELECT id FROM recommendations WHERE rec_no = '1.0'")[0][0]
    unreviewed = rows(theirs, "SELECT id FROM recommendations WHERE rec_no = '1.3'")[0][0]
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, found), "verified"))
    merge(ours, theirs)
    got = rows(
        ours, "SELECT rec_no, review_status, position FROM recommendations ORDER BY position"
    )
    assert got[0] == ("1.0", "verified", 1)
    assert [p for *_, p in got] == list(range(1, len(got) + 1))
    assert unreviewed  # the rest of their parse stays theirs: ours re-parses on its own
    assert rows(ours, "SELECT parser_version FROM documents") == [("1",)]
    # our own re-parse later finds the record brought in, and keeps its review
    with_db(ours, lambda db: import_document(db, newer, "p.txt", parser_version="99"))
    assert rows(ours, "SELECT review_status FROM recommendations WHERE rec_no = '1.0'") == [
        ("verified",)
    ]


def test_an_action_added_there_to_a_record_merged_away_here_is_listed_not_lost(pair):
    from store.review.merge_records import merge_with_next_record

    ours, theirs = pair
    r = recs(ours)
    with_db(ours, lambda db: merge_with_next_record(db, "alice", r[5]))  # r[6] merged away
    with_db(
        theirs, lambda db: changes.add_action(db, "bob", r[6], owner="Bob's", target="May 2024")
    )
    result = merge(ours, theirs)
    assert [(c.record, c.ours, c.theirs) for c in result.conflicts] == [
        ("(a record deleted here)", "(deleted) (no reviewer named)", "(the row) (bob)")
    ]
    assert [(d.label, d.conflicts) for d in result.documents if d.conflicts] == [
        ("Ashdown 2021", 1)
    ]
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = ?", ["Bob's"]) == [(0,)]
    assert rows(ours, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'") == rows(
        theirs, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'"
    )


def test_a_file_of_an_older_schema_is_read_from_a_migrated_copy_and_left_as_it_was(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "verified"))
    conn = sqlite3.connect(settled(theirs))
    conn.executescript(
        "DROP TABLE merge_conflicts; DROP INDEX idx_edits_merged_from; "
        "ALTER TABLE edits DROP COLUMN merged_from; ALTER TABLE edits DROP COLUMN origin; "
        "DROP TABLE merges; PRAGMA user_version = 8;"
    )
    conn.close()
    before = theirs.read_bytes()
    merge(ours, theirs)
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[0]]) == [
        ("verified",)
    ]
    assert theirs.read_bytes() == before
    assert rows(theirs, "PRAGMA user_version") == [(8,)]
