"""Merges that could lose, double or misattribute work without saying so (review of issue 18)."""

from __future__ import annotations

import pytest

from store import open_db
from store.merge import apply_merge
from store.review import changes
from store.review.repeat_link_changes import confirm_repeat_link, remove_repeat_link
from tests.store.merge.test_merge import first_actions, merge, recs, with_db
from tests.support.merge_dbs import all_rows, contents, copy_of, settled
from tests.support.review_db import import_samples, rows

REC = "recommendation"


@pytest.fixture
def pair(tmp_path):
    """Ours and theirs: two copies of one database of the samples."""
    base = import_samples(tmp_path / "base.db")
    return copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")


def conflicts_of(path):
    return rows(path, "SELECT table_name, field, our_reviewer, their_reviewer FROM merge_conflicts")


def test_both_sides_setting_one_status_and_value_is_not_a_conflict(pair):
    ours, theirs = pair
    r = recs(ours)
    j = rows(ours, "SELECT id FROM judgements ORDER BY id LIMIT 1")[0][0]
    for path, who in ((ours, "alice"), (theirs, "bob")):
        with_db(path, lambda db, who=who: changes.set_status(db, who, (REC, r[0]), "verified"))
        with_db(path, lambda db, who=who, path=path: changes.update_action(
            db, who, first_actions(path, r[1])[0], owner="Same Owner"))  # fmt: skip
        with_db(path, lambda db, who=who: changes.set_judgement(db, who, j, "Reasonable progress"))
    result = merge(ours, theirs)
    assert result.conflicts == [] and conflicts_of(ours) == []
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[0]]) == [
        ("verified",)
    ]
    assert rows(ours, "SELECT judgement FROM judgements WHERE id = ?", [j]) == [
        ("Reasonable progress",)
    ]
    # no duplicate: one action carries the owner
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = 'Same Owner'") == [(1,)]


def test_a_judgement_set_differently_on_each_side_is_a_conflict(pair):
    ours, theirs = pair
    j = rows(ours, "SELECT id FROM judgements ORDER BY id LIMIT 1")[0][0]
    with_db(ours, lambda db: changes.set_judgement(db, "alice", j, "Reasonable progress"))
    with_db(theirs, lambda db: changes.set_judgement(db, "bob", j, "No meaningful progress"))
    result = merge(ours, theirs)
    assert [c.what for c in result.conflicts] == ["judgement"]
    assert rows(ours, "SELECT judgement, review_status FROM judgements WHERE id = ?", [j]) == [
        ("Reasonable progress", "flagged")
    ]
    assert conflicts_of(ours) == [("judgements", "judgement", "alice", "bob")]


def test_an_edit_undone_here_lets_theirs_land_and_theirs_undone_leaves_ours(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(ours, lambda db: changes.update_recommendation(db, "alice", r[0], rec_no="8.8"))
    with_db(ours, lambda db: changes.undo(db, "alice"))
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", r[0], rec_no="9.9"))
    with_db(ours, lambda db: changes.update_recommendation(db, "alice", r[1], rec_no="7.7"))
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", r[1], rec_no="6.6"))
    with_db(theirs, lambda db: changes.undo(db, "bob"))
    result = merge(ours, theirs)
    assert result.conflicts == []
    got = dict(rows(ours, "SELECT id, rec_no FROM recommendations WHERE id IN (?, ?)", r[:2]))
    assert got == {r[0]: "9.9", r[1]: "7.7"}


def test_notes_written_on_both_sides_conflict_and_neither_is_lost(pair):
    ours, theirs = pair
    r = recs(ours)
    with_db(
        ours, lambda db: changes.set_status(db, "alice", (REC, r[0]), "flagged", "Alice: date?")
    )
    with_db(theirs, lambda db: changes.set_status(db, "bob", (REC, r[0]), "flagged", "Bob: owner?"))
    result = merge(ours, theirs)
    assert [c.what for c in result.conflicts] == ["note"]
    (note,) = rows(ours, "SELECT note FROM recommendations WHERE id = ?", [r[0]])[0]
    assert note.startswith("Alice: date?") and "Bob: owner?" in note
    assert rows(ours, "SELECT theirs FROM merge_conflicts") == [('"Bob: owner?"',)]


def test_the_same_action_split_on_both_sides_is_one_split(pair):
    ours, theirs = pair
    r = recs(ours)
    rec = next(x for x in r if first_actions(ours, x))
    action = first_actions(ours, rec)[0]
    before = len(first_actions(ours, rec))
    with_db(ours, lambda db: changes.split_action(db, "alice", action))
    with_db(theirs, lambda db: changes.split_action(db, "bob", action))
    result = merge(ours, theirs)
    assert result.conflicts == []
    assert len(first_actions(ours, rec)) == before + 1  # one split, not two
    assert contents(ours)["actions"] == contents(theirs)["actions"]
    # Bob's edits still there, naming the one split-off action
    assert rows(ours, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'") == rows(
        theirs, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'"
    )


def test_repeat_link_confirmed_there_removed_here_is_a_conflict(pair):
    ours, theirs = pair
    links = rows(ours, "SELECT recommendation_id, earlier_recommendation_id FROM repeat_links "
                 "ORDER BY rowid LIMIT 1")  # fmt: skip
    assert links, "the samples carry repeat links"
    later, earlier = links[0]
    with_db(ours, lambda db: remove_repeat_link(db, later, earlier, "alice"))
    with_db(theirs, lambda db: confirm_repeat_link(db, later, earlier, "bob"))
    result = merge(ours, theirs)
    assert len(result.conflicts) == 1 and "deleted here" in result.conflicts[0].what
    assert rows(ours, "SELECT table_name, their_reviewer FROM merge_conflicts") == [
        ("repeat_links", "bob")
    ]


def test_repeat_link_confirmed_here_removed_there_is_a_conflict(pair):
    ours, theirs = pair
    later, earlier = rows(ours, "SELECT recommendation_id, earlier_recommendation_id FROM "
                          "repeat_links ORDER BY rowid LIMIT 1")[0]  # fmt: skip
    with_db(ours, lambda db: confirm_repeat_link(db, later, earlier, "alice"))
    with_db(theirs, lambda db: remove_repeat_link(db, later, earlier, "bob"))
    result = merge(ours, theirs)
    assert [c.what for c in result.conflicts] == ["repeat link: deleted there, changed here"]
    assert rows(ours, "SELECT confirmed FROM repeat_links WHERE recommendation_id = ? AND "
                "earlier_recommendation_id = ?", [later, earlier]) == [(1,)]  # fmt: skip


def test_three_way_a_merged_then_b_then_a_again_after_taking_ours_back(pair, tmp_path):
    ours, a = pair
    b = copy_of(ours, tmp_path / "b.db")
    r = recs(ours)
    with_db(a, lambda db: changes.set_status(db, "alice", (REC, r[0]), "verified"))
    with_db(a, lambda db: changes.add_action(db, "alice", r[1], owner="Alice's owner"))
    merge(ours, a)
    with_db(b, lambda db: changes.update_recommendation(db, "bob", r[2], rec_no="5.5"))
    with_db(b, lambda db: changes.add_action(db, "bob", r[3], owner="Bob's owner"))
    merge(ours, b)
    # Alice takes the team's file back into hers, then works on
    db_a = open_db(a)
    try:
        back = apply_merge(db_a, ours, "alice")
    finally:
        db_a.close()
    assert back.conflicts == []
    with_db(a, lambda db: changes.set_status(db, "alice", (REC, r[4]), "rejected"))
    with_db(a, lambda db: changes.update_recommendation(db, "alice", r[2], rec_no="5.6"))
    result = merge(ours, a)
    assert result.conflicts == [], [c.what for c in result.conflicts]
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = ?", ["Alice's owner"]) == [(1,)]
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = ?", ["Bob's owner"]) == [(1,)]
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[4]]) == [
        ("rejected",)
    ]
    # Alice changed Bob's value after she had it: hers lands, no conflict
    assert rows(ours, "SELECT rec_no FROM recommendations WHERE id = ?", [r[2]]) == [("5.6",)]
    # each reviewer's edits in ours once, as many as in their own file
    count = "SELECT COUNT(*) FROM edits WHERE reviewer = ?"
    assert rows(ours, count, ["alice"]) == rows(a, count, ["alice"])
    assert rows(ours, count, ["bob"]) == rows(b, count, ["bob"])
    assert contents(ours) == contents(a)
    again = merge(ours, a)
    assert again.nothing_new
    before = all_rows(settled(ours))
    merge(ours, b)
    assert all_rows(settled(ours)) == before


@pytest.mark.parametrize("choice", ["ours", "theirs"])
def test_a_resolved_status_conflict_names_the_resolver_not_the_merge(pair, choice):
    """Flagged here, verified there: whichever is kept, the record is not left
    'flagged/verified by hmip-review (merge)', a reviewer no person is."""
    from store.review.merge_conflicts import open_conflicts, resolve

    ours, theirs = pair
    r = recs(ours)
    with_db(ours, lambda db: changes.set_status(db, "lead", (REC, r[0]), "flagged", "check it"))
    with_db(theirs, lambda db: changes.set_status(db, "alice", (REC, r[0]), "verified"))
    merge(ours, theirs)

    def settle_it(db):
        (conflict,) = open_conflicts(db, "recommendation", r[0])
        resolve(db, "lead", conflict.id, choice)

    with_db(ours, settle_it)
    status, reviewer, note = rows(
        ours, "SELECT review_status, reviewer, note FROM recommendations WHERE id = ?", [r[0]]
    )[0]
    assert status == ("flagged" if choice == "ours" else "verified")
    assert reviewer == "lead" and note == "check it"
    with_db(ours, lambda db: changes.undo(db, "lead"))
    assert rows(ours, "SELECT review_status FROM recommendations WHERE id = ?", [r[0]]) == [
        ("flagged",)
    ]


def test_the_same_name_verifying_other_records_in_the_same_second_is_not_one_edit(
    pair, monkeypatch
):
    """Two people under one login name ('admin', the default reviewer is the login) each
    verify a different record in the same second: every edit row reads the same but
    for its row id. Each edit carries its own origin, so Bob's is not taken for Ann's."""
    import store.review.audit as audit

    ours, theirs = pair
    r = recs(ours)
    monkeypatch.setattr(audit, "now", lambda: "2024-05-01T09:30:00+00:00")
    with_db(ours, lambda db: changes.set_status(db, "admin", (REC, r[0]), "verified"))
    with_db(theirs, lambda db: changes.set_status(db, "admin", (REC, r[1]), "verified"))
    monkeypatch.undo()
    result = merge(ours, theirs)
    assert rows(ours, "SELECT id, review_status FROM recommendations WHERE id IN (?, ?) "
                "ORDER BY id", r[:2]) == [(r[0], "verified"), (r[1], "verified")]  # fmt: skip
    assert result.totals().statuses == 1
    assert merge(ours, theirs).nothing_new
    # and back: ours (now holding both) merged into theirs brings Ann's verdict only once
    back = merge(theirs, ours)
    assert back.conflicts == []
    count = "SELECT COUNT(*) FROM edits WHERE reviewer = 'admin'"
    assert rows(theirs, count) == rows(ours, count) == [(6,)]


def test_order_does_not_matter_for_two_reviewers_on_the_same_records(pair, tmp_path):
    """Alice and Bob on the same records, without a conflict: different fields of one
    record, one field set alike, different actions of one record, the same split."""
    base, a = pair
    b = copy_of(base, tmp_path / "b.db")
    r = recs(base)
    first, second = first_actions(base, r[2])[:2]

    def alice(db):
        changes.update_recommendation(db, "alice", r[0], rec_no="1.9")
        changes.update_recommendation(db, "alice", r[1], agreement="Not Agreed")
        changes.update_action(db, "alice", first, owner="Alice's owner")
        changes.split_action(db, "alice", first_actions(a, r[3])[0])
        changes.set_status(db, "alice", (REC, r[4]), "verified")

    def bob(db):
        changes.update_recommendation(db, "bob", r[0], response="Bob's response")
        changes.update_recommendation(db, "bob", r[1], agreement="Not Agreed")
        changes.update_action(db, "bob", second, target="June 2030")
        changes.split_action(db, "bob", first_actions(b, r[3])[0])
        changes.set_status(db, "bob", (REC, r[4]), "verified")

    with_db(a, alice)
    with_db(b, bob)
    results = []
    for one, two, name in ((a, b, "ab.db"), (b, a, "ba.db")):
        target = copy_of(base, tmp_path / name)
        for theirs in (one, two):
            assert merge(target, theirs).conflicts == []
        results.append(contents(target))
    assert results[0] == results[1]
    got = rows(tmp_path / "ab.db", "SELECT rec_no, response FROM recommendations WHERE id = ?",
               [r[0]])  # fmt: skip
    assert got == [("1.9", "Bob's response")]
    assert len(first_actions(tmp_path / "ab.db", r[3])) == len(first_actions(base, r[3])) + 1


def test_a_split_export_merged_back_while_ours_went_on_working(pair, tmp_path):
    from tests.support.cli_runner import run

    ours, _ = pair
    part = tmp_path / "ashdown.sqlite"
    assert run("export", part, "--db", ours, "--establishment", "ashdown").exit_code == 0
    in_part = [i for (i,) in rows(part, "SELECT id FROM recommendations ORDER BY id")]
    elsewhere = rows(ours, "SELECT id FROM recommendations WHERE id NOT IN "
                     f"({', '.join(map(str, in_part))}) ORDER BY id LIMIT 1")[0][0]  # fmt: skip
    # ours goes on: one record of the split file changed differently, one elsewhere
    with_db(ours, lambda db: changes.update_recommendation(db, "lead", in_part[0], rec_no="L1"))
    with_db(ours, lambda db: changes.set_status(db, "lead", (REC, elsewhere), "rejected"))
    with_db(part, lambda db: changes.update_recommendation(db, "bob", in_part[0], rec_no="B1"))
    with_db(part, lambda db: changes.set_status(db, "bob", (REC, in_part[1]), "verified"))
    with_db(part, lambda db: changes.add_action(db, "bob", in_part[2], owner="Bob's owner"))
    result = merge(ours, part)
    assert [(c.what, c.ours, c.theirs) for c in result.conflicts] == [
        ("rec_no", "'L1' (lead)", "'B1' (bob)")
    ]
    got = dict(rows(ours, "SELECT id, review_status FROM recommendations WHERE id IN (?, ?)",
                    [in_part[1], elsewhere]))  # fmt: skip
    assert got == {in_part[1]: "verified", elsewhere: "rejected"}
    assert rows(ours, "SELECT COUNT(*) FROM actions WHERE owner = ?", ["Bob's owner"]) == [(1,)]
    assert rows(ours, "SELECT COUNT(*) FROM documents") != rows(
        part, "SELECT COUNT(*) FROM documents"
    )
    assert merge(ours, part).nothing_new


def test_a_verdict_given_after_the_merge_keeps_its_reviewer_when_the_conflict_is_resolved(pair):
    from store.review.merge_conflicts import OURS, open_conflicts, resolve

    ours, theirs = pair
    r = recs(ours)
    with_db(ours, lambda db: changes.update_recommendation(db, "lead", r[0], rec_no="L1"))
    with_db(theirs, lambda db: changes.update_recommendation(db, "bob", r[0], rec_no="B1"))
    merge(ours, theirs)
    with_db(ours, lambda db: changes.set_status(db, "alice", (REC, r[0]), "verified"))

    def settle_it(db):
        (conflict,) = open_conflicts(db, "recommendation", r[0])
        resolve(db, "lead", conflict.id, OURS)

    with_db(ours, settle_it)
    assert rows(ours, "SELECT review_status, reviewer, rec_no FROM recommendations WHERE id = ?",
                [r[0]]) == [("verified", "alice", "L1")]  # fmt: skip
