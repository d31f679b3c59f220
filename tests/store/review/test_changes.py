"""store/ for the review app: the queue, details, search, every change, its trail and undo."""

from __future__ import annotations

import pytest

from store import StoreError, open_db
from store.domain import JUDGEMENT, RECOMMENDATION
from store.review import changes as ch
from store.review.audit import UndoConflict
from store.review.queue import QueueQuery, next_unreviewed, queue_page
from store.review.records import (
    document_progress,
    link_candidates,
    load_draft,
    record_detail,
    search_records,
)
from tests.support.review_db import rows


@pytest.fixture
def db(samples_db):
    database = open_db(samples_db)
    yield database
    database.close()


def rec_id(db, establishment: str, rec_no: str) -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE d.establishment = ? AND r.rec_no = ?",
        [establishment, rec_no],
    ).fetchone()[0]


# --- the queue ------------------------------------------------------------------------


def test_the_queue_holds_every_record_in_document_order(db):
    page = queue_page(db, QueueQuery(), limit=1000)
    total = db.execute(
        "SELECT (SELECT COUNT(*) FROM recommendations) + (SELECT COUNT(*) FROM judgements)"
    ).fetchone()[0]
    assert page.total == len(page.rows) == total
    labels = list(dict.fromkeys(r.document for r in page.rows))
    assert labels == [
        "Ashdown 2021",
        "Ashdown IRP 2022",
        "Carrow Vale 2022",
        "Fenwick 2013",
        "Fenwick 2016",
        "Fenwick 2019",
        "Larkhill 2024",
    ]
    first = [r for r in page.rows if r.document == "Ashdown 2021"]
    assert [r.no for r in first[:3]] == ["5.1", "5.2", "5.3"]
    assert first[2].actions == 3 and first[0].value == "Agreed"
    irp = [r for r in page.rows if r.kind == JUDGEMENT]
    assert irp and all(r.document == "Ashdown IRP 2022" for r in irp)
    assert [r.key for r in page.rows] == sorted(r.key for r in page.rows)


def test_pages_follow_each_other_by_key_and_say_where_they_are(db):
    whole = queue_page(db, QueueQuery(), limit=1000).rows
    first = queue_page(db, QueueQuery(), limit=20)
    second = queue_page(db, QueueQuery(), after=first.rows[-1].key, limit=20)
    back = queue_page(db, QueueQuery(), before=second.rows[0].key, limit=20)
    assert [r.ref for r in first.rows + second.rows] == [r.ref for r in whole[:40]]
    assert back.rows == first.rows
    assert (first.offset, first.more_before, first.more_after) == (0, False, True)
    assert (second.offset, second.more_before) == (20, True)
    start = queue_page(db, QueueQuery(), start=whole[7].key, limit=5)
    assert start.rows[0].ref == whole[7].ref and start.offset == 7


def test_a_status_filter_does_not_shift_later_pages_when_records_are_verified(db):
    query = QueueQuery(status="unreviewed")
    first = queue_page(db, query, limit=10)
    for row in first.rows:
        ch.set_status(db, "ann", row.ref, "verified")
    second = queue_page(db, query, after=first.rows[-1].key, limit=10)
    whole = queue_page(db, QueueQuery(), limit=1000).rows
    assert [r.ref for r in second.rows] == [r.ref for r in whole[10:20]]


def test_filters_by_status_document_establishment_and_warnings(db):
    carrow = db.execute("SELECT id FROM documents WHERE establishment LIKE '%Carrow%'").fetchone()
    by_doc = queue_page(db, QueueQuery(document_id=carrow[0]), limit=1000).rows
    assert by_doc and {r.document for r in by_doc} == {"Carrow Vale 2022"}
    ashdown = queue_page(db, QueueQuery(establishment="HMP Ashdown"), limit=1000).rows
    assert {r.document for r in ashdown} == {"Ashdown 2021", "Ashdown IRP 2022"}
    warned = queue_page(db, QueueQuery(warnings_only=True), limit=1000).rows
    assert warned and all(r.warnings > 0 for r in warned)
    ch.set_status(db, "ann", by_doc[0].ref, "flagged", "check the owner")
    flagged = queue_page(db, QueueQuery(status="flagged"), limit=1000)
    assert [r.ref for r in flagged.rows] == [by_doc[0].ref] and flagged.total == 1


def test_uncertain_first_puts_warnings_and_inferred_agreements_first_in_each_document(db):
    db.execute("UPDATE recommendations SET agreement_printed = 0 WHERE rec_no = '5.9'")
    db.conn.commit()
    rows_ = queue_page(db, QueueQuery(order="uncertain"), limit=1000).rows
    ashdown = [r for r in rows_ if r.document == "Ashdown 2021"]
    assert ashdown[0].no == "5.9" and ashdown[0].inferred and ashdown[0].uncertainty == 1
    carrow = [r for r in rows_ if r.document == "Carrow Vale 2022"]
    assert [r.uncertainty for r in carrow] == sorted((r.uncertainty for r in carrow), reverse=True)
    assert carrow[0].warnings > 0
    # documents keep their order
    assert list(dict.fromkeys(r.document for r in rows_))[0] == "Ashdown 2021"


def test_next_unreviewed_skips_reviewed_records(db):
    whole = queue_page(db, QueueQuery(), limit=1000).rows
    ch.set_status(db, "ann", whole[1].ref, "verified")
    ch.set_status(db, "ann", whole[2].ref, "rejected")
    assert next_unreviewed(db, QueueQuery(), whole[0].key) == whole[3].key
    assert next_unreviewed(db, QueueQuery(), None) == whole[0].key


def test_progress_counts_a_documents_records_by_status(db):
    whole = queue_page(db, QueueQuery(), limit=1000).rows
    doc = whole[0].document_id
    ch.set_status(db, "ann", whole[0].ref, "verified")
    ch.set_status(db, "ann", whole[1].ref, "flagged", "owner?")
    progress = document_progress(db, doc)
    assert str(progress) == "Ashdown 2021 — 2/18 reviewed, 1 flagged"


# --- detail and search ----------------------------------------------------------------


def test_the_detail_of_a_recommendation_has_its_document_actions_and_judgements(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    detail = record_detail(db, RECOMMENDATION, rid)
    assert detail.record["rec_no"] == "5.3" and detail.document["label"] == "Ashdown 2021"
    assert [a["owner"] for a in detail.actions] == [
        "Head of Safety",
        "Head of Safety",
        "Head of Residence",
    ]
    ch.record_progress(
        db, "ann", rid, "Good progress", "Visited in May: reviews on time.", "12 May 2023"
    )
    detail = record_detail(db, RECOMMENDATION, rid)
    # every judgement of the recommendation over time (the IRP report of 2022 first), the
    # one recorded by hand, judged in 2023, last
    last = detail.judgements[-1]
    assert (last["judgement"], last["document_id"], last["confirmed"]) == ("Good progress", None, 1)
    assert last["judged_on"] == "2023-05-12"


def test_search_finds_records_by_their_text_actions_and_notes(db):
    hits = search_records(db, "SUBSTANCE")
    assert hits and all("substance" in h.snippet.lower() for h in hits)
    owner = search_records(db, "Head of Residence")
    assert any(h.field == "actions" for h in owner)
    rid = rec_id(db, "HMP Fenwick", "8.4")
    ch.set_status(db, "ann", (RECOMMENDATION, rid), "flagged", "zebra crossing")
    assert [(h.id, h.field) for h in search_records(db, "zebra")] == [(rid, "note")]
    assert search_records(db, "100%_") == [] and search_records(db, "  ") == []


# --- changes and their trail ------------------------------------------------------------


def edits(db, change_id=None):
    sql = "SELECT reviewer, table_name, row_id, field, old, new, undone, change_id FROM edits"
    if change_id is not None:
        return db.execute(sql + " WHERE change_id = ? ORDER BY id", [change_id]).fetchall()
    return db.execute(sql + " ORDER BY id").fetchall()


def test_a_status_change_records_reviewer_time_and_an_edit_per_field(db):
    rid = rec_id(db, "HMP Ashdown", "5.1")
    result = ch.set_status(db, "ann", (RECOMMENDATION, rid), "flagged", "  owner unclear ")
    row = db.execute(
        "SELECT review_status, reviewer, reviewed_at, note FROM recommendations WHERE id = ?",
        [rid],
    ).fetchone()
    assert row[:2] == ("flagged", "ann") and row[2] and row[3] == "owner unclear"
    trail = {e[3]: (e[4], e[5]) for e in edits(db, result.change_id)}
    assert trail["review_status"] == ('"unreviewed"', '"flagged"')
    assert trail["note"] == (None, '"owner unclear"')
    assert result.records == [(RECOMMENDATION, rid)]


def test_editing_a_target_reads_its_date_again_and_undo_puts_it_back(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    action = load_draft(db, rid).actions[0]
    ch.update_action(db, "ann", action.id, target="end of March 2022")
    assert db.execute(
        "SELECT target, target_date, status FROM actions WHERE id = ?", [action.id]
    ).fetchone() == ("end of March 2022", "2022-03-31", "open")
    ch.update_action(db, "ann", action.id, target="Complete")
    assert db.execute(
        "SELECT target_date, status FROM actions WHERE id = ?", [action.id]
    ).fetchone() == (None, "complete")
    ch.undo(db, "ann")
    ch.undo(db, "ann")
    assert db.execute(
        "SELECT target, target_date, status FROM actions WHERE id = ?", [action.id]
    ).fetchone() == ("January 2022", "2022-01-31", "open")


def test_a_split_is_one_change_and_one_undo_reverts_it(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    before = db.execute(
        "SELECT id, position, owner, target, text FROM actions WHERE recommendation_id = ? "
        "ORDER BY position",
        [rid],
    ).fetchall()
    db.execute(
        "UPDATE actions SET target = 'December 2021 March 2022' WHERE id = ?", [before[0][0]]
    )
    db.conn.commit()
    result = ch.split_action(db, "ann", before[0][0])
    after = db.execute(
        "SELECT id, position, target, target_date FROM actions WHERE recommendation_id = ? "
        "ORDER BY position",
        [rid],
    ).fetchall()
    assert [(a[2], a[3]) for a in after[:2]] == [
        ("December 2021", "2021-12-31"),
        ("March 2022", "2022-03-31"),
    ]
    assert [a[1] for a in after] == [1, 2, 3, 4]
    assert {e[7] for e in edits(db)} == {result.change_id}
    assert any(e[3] == "*" for e in edits(db))

    undone = ch.undo(db, "ann")
    assert undone.undone.change_id == result.change_id
    restored = db.execute(
        "SELECT id, position, owner, target, text FROM actions WHERE recommendation_id = ? "
        "ORDER BY position",
        [rid],
    ).fetchall()
    assert [r[:3] for r in restored] == [b[:3] for b in before]
    assert restored[0][3] == "December 2021 March 2022"
    assert all(e[6] == 1 for e in edits(db, result.change_id))
    assert db.execute("SELECT COUNT(*) FROM edits WHERE undo_of = ?", [result.change_id]).fetchone()


def test_the_editor_draft_saves_fields_and_reordered_merged_actions_in_one_change(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    draft = load_draft(db, rid)
    original = [(a.id, a.owner) for a in draft.actions]
    draft.fields["agreement"] = "Partly Agreed"
    draft.fields["note"] = "agreement misread"
    from store.review import drafts

    drafts.merge_with_next(draft.actions, 0)
    drafts.move_action(draft.actions, 1, -1)
    drafts.add_action(draft.actions, None)
    draft.actions[-1].owner, draft.actions[-1].target = "Governor", "30/06/2022"
    result = ch.save_recommendation(db, "ann", draft)
    stored = db.execute(
        "SELECT id, position, owner, target_date FROM actions WHERE recommendation_id = ? "
        "ORDER BY position",
        [rid],
    ).fetchall()
    assert [s[2] for s in stored] == ["Head of Residence", "Head of Safety", "Governor"]
    assert stored[2][3] == "2022-06-30"
    assert db.execute("SELECT agreement FROM recommendations WHERE id = ?", [rid]).fetchone() == (
        "Partly Agreed",
    )
    assert len({e[7] for e in edits(db)}) == 1

    ch.undo(db, "ann")
    assert [
        (r[0], r[1])
        for r in db.execute(
            "SELECT id, owner FROM actions WHERE recommendation_id = ? ORDER BY position", [rid]
        ).fetchall()
    ] == original
    assert db.execute(
        "SELECT agreement, note FROM recommendations WHERE id = ?", [rid]
    ).fetchone() == ("Agreed", None)
    assert result.records == [(RECOMMENDATION, rid)]


def test_an_unknown_agreement_is_refused_and_changes_nothing(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    with pytest.raises(StoreError, match="agreement must be one of"):
        ch.update_recommendation(db, "ann", rid, agreement="Maybe")
    assert edits(db) == []


def test_undo_works_from_a_new_connection_and_only_for_its_reviewer(samples_db):
    db = open_db(samples_db)
    rid = rec_id(db, "HMP Ashdown", "5.1")
    ch.set_status(db, "ann", (RECOMMENDATION, rid), "verified")
    ch.set_status(db, "bob", (RECOMMENDATION, rec_id(db, "HMP Ashdown", "5.2")), "rejected")
    ch.update_recommendation(db, "ann", rid, agreement="Not Agreed")
    db.close()

    db = open_db(samples_db)
    assert ch.undo(db, "ann").description == "agreement 'Not Agreed' → 'Agreed'"
    db.close()
    db = open_db(samples_db)
    ch.undo(db, "ann")
    assert ch.undo(db, "ann") is None
    assert rows(
        samples_db, "SELECT review_status, agreement FROM recommendations WHERE id = ?", [rid]
    ) == [("unreviewed", "Agreed")]
    assert rows(samples_db, "SELECT review_status FROM recommendations WHERE rec_no = '5.2'")[
        0
    ] == ("rejected",)
    db.close()


def test_undo_refuses_to_overwrite_a_later_change_by_someone_else(db):
    rid = rec_id(db, "HMP Ashdown", "5.1")
    ch.set_status(db, "ann", (RECOMMENDATION, rid), "verified")
    ch.set_status(db, "bob", (RECOMMENDATION, rid), "flagged", "not so fast")
    with pytest.raises(
        UndoConflict, match="review_status of record 5.1: bob set 'flagged'"
    ) as raised:
        ch.undo(db, "ann")
    assert (
        db.execute("SELECT review_status FROM recommendations WHERE id = ?", [rid]).fetchone()[0]
        == "flagged"
    )
    # both values are named, and the reviewer may choose to undo anyway
    conflict = next(c for c in raised.value.conflicts if c.field == "review_status")
    assert (conflict.theirs, conflict.mine, conflict.reviewer) == ("flagged", "unreviewed", "bob")
    assert raised.value.forceable
    ch.undo(db, "ann", force=True)
    assert (
        db.execute("SELECT review_status FROM recommendations WHERE id = ?", [rid]).fetchone()[0]
        == "unreviewed"
    )


def test_a_record_made_from_selected_text_takes_its_place_and_undo_removes_it(db):
    rid = rec_id(db, "HMP Ashdown", "5.3")
    doc, start = db.execute(
        "SELECT document_id, span_start FROM recommendations WHERE id = ?", [rid]
    ).fetchone()
    result = ch.create_record(db, "ann", doc, start - 40, start - 2)
    kind, new_id = result.created
    assert kind == RECOMMENDATION
    position = db.execute("SELECT position FROM recommendations WHERE id = ?", [new_id]).fetchone()
    assert position == (3,)
    assert db.execute("SELECT position FROM recommendations WHERE id = ?", [rid]).fetchone() == (4,)
    ch.undo(db, "ann")
    assert db.execute("SELECT COUNT(*) FROM recommendations WHERE id = ?", [new_id]).fetchone() == (
        0,
    )
    assert db.execute("SELECT position FROM recommendations WHERE id = ?", [rid]).fetchone() == (3,)


def test_judgements_follow_their_inspectorates_scale(db):
    hmip, ofsted = (
        db.execute("SELECT id FROM judgements WHERE inspectorate = ? LIMIT 1", [i]).fetchone()[0]
        for i in ("HMIP", "Ofsted")
    )
    ch.set_judgement(db, "ann", hmip, "No meaningful progress")
    with pytest.raises(StoreError, match="must be one of"):
        ch.set_judgement(db, "ann", hmip, "Significant progress")
    ch.set_judgement(db, "ann", ofsted, "Significant progress")
    with pytest.raises(StoreError):
        ch.set_judgement(db, "ann", ofsted, "Good progress")
    judged = dict(db.execute("SELECT id, judgement FROM judgements").fetchall())
    assert (judged[hmip], judged[ofsted]) == ("No meaningful progress", "Significant progress")


def test_a_progress_judgement_recorded_by_hand_is_a_linked_judgement_without_document(db):
    rid = rec_id(db, "HMP Fenwick", "8.4")
    result = ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB report, May 2023")
    judgement = result.created[1]
    assert db.execute(
        "SELECT document_id, inspectorate, judgement, text, review_status FROM judgements "
        "WHERE id = ?",
        [judgement],
    ).fetchone() == (None, "HMIP", "Reasonable progress", "IMB report, May 2023", "verified")
    assert db.execute(
        "SELECT recommendation_id, confirmed FROM judgement_links WHERE judgement_id = ?",
        [judgement],
    ).fetchall() == [(rid, 1)]
    ch.undo(db, "ann")
    assert db.execute("SELECT COUNT(*) FROM judgements WHERE id = ?", [judgement]).fetchone() == (
        0,
    )
    assert db.execute(
        "SELECT COUNT(*) FROM judgement_links WHERE judgement_id = ?", [judgement]
    ).fetchone() == (0,)


def test_links_are_confirmed_changed_and_restored_by_undo(db):
    judgement = db.execute("SELECT id FROM judgements WHERE inspectorate = 'HMIP'").fetchone()[0]
    candidates = link_candidates(db, judgement)
    assert candidates and all(c["establishment"] == "HMP Ashdown" for c in candidates)
    before = db.execute(
        "SELECT recommendation_id, confirmed FROM judgement_links WHERE judgement_id = ?",
        [judgement],
    ).fetchall()
    target = candidates[-1]["recommendation_id"]
    ch.save_links(db, "ann", judgement, {target: True})
    assert db.execute(
        "SELECT recommendation_id, confirmed, score FROM judgement_links WHERE judgement_id = ?",
        [judgement],
    ).fetchall() == [(target, 1, 1.0)]
    ch.undo(db, "ann")
    assert (
        db.execute(
            "SELECT recommendation_id, confirmed FROM judgement_links WHERE judgement_id = ?",
            [judgement],
        ).fetchall()
        == before
    )


def test_a_refused_change_leaves_no_trail(db):
    with pytest.raises(StoreError):
        ch.set_status(db, "ann", (RECOMMENDATION, 999999), "verified")
    assert edits(db) == []
