"""Judgements recorded by hand: dated as the reviewer says, placed in the queue after
their recommendation, never recorded twice by accident, edited, re-linked and undone."""

from __future__ import annotations

from datetime import date

import pytest

from store import StoreError, open_db
from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.judgement_day import describe_judged_on, read_judged_on
from store.review.queue import QueueQuery, next_unreviewed, queue_page, queue_rows, record_key
from store.review.records import record_detail

TODAY = date(2024, 3, 15)


@pytest.fixture
def db(samples_db):
    database = open_db(samples_db)
    yield database
    database.close()


def rec_id(db, rec_no: str, establishment: str = "HMP Ashdown") -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE d.establishment = ? AND r.rec_no = ?",
        [establishment, rec_no],
    ).fetchone()[0]


def edits_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]


# --- the day it was made --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12 May 2023", "2023-05-12"),
        ("2023-05-12", "2023-05-12"),  # ISO: year first, not 2023-12-05
        ("2023/05/12", "2023-05-12"),
        ("12/05/2023", "2023-05-12"),  # day first, as in the UK
        ("12/5/23", "2023-05-12"),
        ("1st June 2023", "2023-06-01"),
        ("  12   May 2023 ", "2023-05-12"),
        ("May 2023", "2023-05-31"),  # a month: its last day, as a target date
        ("2023-02", "2023-02-28"),
        ("February 2024", "2024-02-29"),
        ("March 2024", "2024-03-31"),  # this month: begun, so not in the future
        ("", None),
        ("   ", None),
        (None, None),
        (date(2023, 5, 12), "2023-05-12"),
    ],
)
def test_the_day_is_read_as_the_reviewer_typed_it(typed, stored):
    assert read_judged_on(typed, today=TODAY) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("next week", "'next week' is not a date"),
        ("IRP visit notes", "is not a date"),
        ("31 Feb 2023", "is not a day of the calendar"),
        ("2023-02-30", "is not a day of the calendar"),
        ("12 May", "has no year"),
        ("Tuesday", "has no year"),
        ("2023", "has no month"),
        ("12 May 1985", "is before 1990"),
        ("16 March 2024", "is after today"),
        ("April 2024", "is after today"),
    ],
)
def test_a_day_that_cannot_be_read_is_refused_with_the_reason(typed, reason):
    with pytest.raises(StoreError, match=reason):
        read_judged_on(typed, today=TODAY)


def test_a_stored_day_is_described_in_words():
    assert describe_judged_on("2023-05-12") == "12 May 2023"
    assert describe_judged_on(None) == "undated"


# --- recording one --------------------------------------------------------------------


def test_a_judgement_recorded_by_hand_keeps_the_day_it_was_made(db):
    rid = rec_id(db, "5.15")
    result = ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB notes", "12 May 2023")
    judgement = result.created[1]
    assert db.execute(
        "SELECT document_id, judged_on, text, review_status FROM judgements WHERE id = ?",
        [judgement],
    ).fetchone() == (None, "2023-05-12", "IMB notes", "verified")
    # what the app tells the reviewer, and that the queue has a row more
    assert result.summary == "Recorded by hand: Reasonable progress on 5.15, judged 12 May 2023"
    assert result.queue_changed and result.records == [(RECOMMENDATION, rid)]
    undated = ch.record_progress(db, "ann", rid, "Good progress", "")
    assert db.execute(
        "SELECT judged_on, text FROM judgements WHERE id = ?", [undated.created[1]]
    ).fetchone() == (None, None)
    assert undated.summary == "Recorded by hand: Good progress on 5.15, undated"


def test_an_unreadable_day_records_nothing(db):
    rid = rec_id(db, "5.15")
    before = edits_count(db), db.execute("SELECT COUNT(*) FROM judgements").fetchone()
    with pytest.raises(StoreError, match="'last spring' is not a date"):
        ch.record_progress(db, "ann", rid, "Reasonable progress", "notes", "last spring")
    assert (edits_count(db), db.execute("SELECT COUNT(*) FROM judgements").fetchone()) == before


def test_the_same_judgement_on_the_same_day_is_refused_not_recorded_twice(db):
    rid = rec_id(db, "5.15")
    first = ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB", "12 May 2023")
    before = edits_count(db)
    with pytest.raises(StoreError, match=r"5\.15 already has Reasonable progress recorded by hand"):
        # the same day typed another way
        ch.record_progress(db, "bob", rid, "Reasonable progress", "again", "2023-05-12")
    assert edits_count(db) == before
    # another day, or another judgement, is a judgement of its own
    ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB", "June 2023")
    ch.record_progress(db, "ann", rid, "Good progress", "IMB", "12 May 2023")
    # undated twice is the same too
    ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB")
    with pytest.raises(StoreError, match="undated"):
        ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB")
    # once the first is rejected, it may be recorded again
    ch.set_status(db, "ann", first.created, "rejected")
    again = ch.record_progress(db, "ann", rid, "Reasonable progress", "IMB", "12 May 2023")
    assert again.created != first.created


# --- in the queue ---------------------------------------------------------------------


def test_it_is_shown_right_after_its_recommendation(db):
    rid = rec_id(db, "5.3")
    judgement = ch.record_progress(db, "ann", rid, "Good progress", "IMB", "May 2023").created
    whole = queue_page(db, QueueQuery(), limit=1000)
    refs = [r.ref for r in whole.rows]
    at = refs.index((RECOMMENDATION, rid))
    assert refs[at + 1] == judgement
    row = whole.rows[at + 1]
    assert row.by_hand and not whole.rows[at].by_hand
    assert (row.document, row.document_id) == ("Ashdown 2021", whole.rows[at].document_id)
    assert (row.value, row.review_status) == ("Good progress", "verified")
    total = db.execute(
        "SELECT (SELECT COUNT(*) FROM recommendations) + (SELECT COUNT(*) FROM judgements)"
    ).fetchone()[0]
    assert whole.total == len(whole.rows) == total
    assert [r.key for r in whole.rows] == sorted(r.key for r in whole.rows)
    # its own document stays NULL: the queue places it by its link
    assert (
        db.execute("SELECT document_id FROM judgements WHERE id = ?", [judgement[1]]).fetchone()[0]
        is None
    )


def _three_by_hand(db) -> list[tuple[str, int]]:
    """Two on the Ashdown plan (5.1, 5.3) and one undated on the Fenwick plan (8.4)."""
    made = [
        ch.record_progress(db, "ann", rec_id(db, no), level, "IMB", "12 May 2023").created
        for no, level in (("5.1", "Good progress"), ("5.3", "Reasonable progress"))
    ]
    fenwick = rec_id(db, "8.4", "HMP Fenwick")
    made.append(ch.record_progress(db, "ann", fenwick, "Good progress", "notes").created)
    return made


@pytest.mark.parametrize(
    "query",
    [
        QueueQuery(),
        QueueQuery(status="verified"),
        QueueQuery(establishment="HMP Ashdown"),
        QueueQuery(order="uncertain"),
    ],
)
def test_pages_walk_the_queue_exactly_with_judgements_recorded_by_hand(db, query):
    _three_by_hand(db)
    ch.set_status(db, "ann", queue_page(db, QueueQuery(), limit=1).rows[0].ref, "verified")
    whole = queue_page(db, query, limit=1000)
    assert sum(r.by_hand for r in whole.rows) == (2 if query.establishment else 3)
    for size in (1, 2, 3, 7):
        forward, page = [], queue_page(db, query, limit=size)
        while True:
            assert page.offset == len(forward) and page.total == whole.total
            forward += page.rows
            if not page.more_after:
                break
            page = queue_page(db, query, after=page.rows[-1].key, limit=size)
        assert [r.ref for r in forward] == [r.ref for r in whole.rows]
        backward, page = [], queue_page(db, query, before=forward[-1].key, limit=size)
        while page.rows:
            backward = page.rows + backward
            if not page.more_before:
                break
            page = queue_page(db, query, before=page.rows[0].key, limit=size)
        assert [r.ref for r in backward] == [r.ref for r in whole.rows[:-1]]
    for row in whole.rows:
        assert record_key(db, query, row.ref) == row.key
        assert queue_page(db, query, start=row.key, limit=1).rows[0].ref == row.ref


def test_the_document_filter_keeps_it_with_its_recommendation(db):
    made = _three_by_hand(db)
    plan = queue_page(db, QueueQuery(), limit=1000).rows[0].document_id
    in_plan = queue_page(db, QueueQuery(document_id=plan), limit=1000).rows
    assert [r.ref for r in in_plan if r.by_hand] == made[:2]


def test_rows_and_next_unreviewed_find_it(db):
    made = _three_by_hand(db)
    whole = {r.ref: r for r in queue_page(db, QueueQuery(), limit=1000).rows}
    assert [r.key for r in queue_rows(db, made)] == [whole[ref].key for ref in made]
    placed = queue_rows(db, made[:1], {made[0]: whole[made[0]].key})
    assert placed == [whole[made[0]]]
    # marked unreviewed, it is the next unreviewed record after its recommendation
    ch.set_status(db, "ann", made[1], "unreviewed")
    rid = rec_id(db, "5.3")
    assert next_unreviewed(db, QueueQuery(), whole[(RECOMMENDATION, rid)].key) == whole[made[1]].key


def test_it_follows_its_lowest_linked_recommendation_and_keeps_one_link(db):
    late, early = rec_id(db, "5.9"), rec_id(db, "5.2")
    judgement = ch.record_progress(db, "ann", late, "Good progress", "IMB", "May 2023").created

    def after() -> tuple:
        refs = [r.ref for r in queue_page(db, QueueQuery(), limit=1000).rows]
        return refs[refs.index(judgement) - 1]

    assert after() == (RECOMMENDATION, late)
    moved = ch.save_links(db, "ann", judgement[1], {late: True, early: True})
    assert moved.queue_changed  # the app reads the queue again: the row moved
    assert after() == (RECOMMENDATION, early)
    with pytest.raises(StoreError, match="stays linked to a recommendation"):
        ch.save_links(db, "ann", judgement[1], {})
    ch.undo(db, "ann")
    assert after() == (RECOMMENDATION, late)
    # an IRP judgement's links do not move it
    irp = db.execute("SELECT id FROM judgements WHERE document_id IS NOT NULL").fetchone()[0]
    assert not ch.save_links(db, "ann", irp, {}).queue_changed


# --- its detail and its edits ----------------------------------------------------------


def test_its_detail_shows_its_recommendations_source_without_a_document_of_its_own(db):
    rid = rec_id(db, "5.15")
    judgement = ch.record_progress(db, "ann", rid, "Good progress", "IMB", "May 2023").created
    detail = record_detail(db, *judgement)
    recommendation = record_detail(db, RECOMMENDATION, rid)
    assert detail.record["document_id"] is None and detail.document == {}
    assert detail.by_hand and not recommendation.by_hand
    assert detail.source_document_id == recommendation.record["document_id"]
    assert detail.source_span == (
        recommendation.record["span_start"],
        recommendation.record["span_end"],
    )
    assert detail.source_label == "Ashdown 2021 · its recommendation 5.15"
    assert recommendation.source_label == "Ashdown 2021"
    assert recommendation.source_span == (
        recommendation.record["span_start"],
        recommendation.record["span_end"],
    )


def test_its_day_is_edited_like_its_other_fields_and_undone(db):
    rid = rec_id(db, "5.15")
    judgement = ch.record_progress(db, "ann", rid, "Good progress", "IMB", "May 2023").created
    ch.update_judgement(db, "ann", judgement[1], judged_on="3/6/2023")
    day = "SELECT judged_on FROM judgements WHERE id = ?"
    assert db.execute(day, [judgement[1]]).fetchone() == ("2023-06-03",)
    with pytest.raises(StoreError, match="is not a date"):
        ch.update_judgement(db, "ann", judgement[1], judged_on="soonish")
    ch.update_judgement(db, "ann", judgement[1], judged_on="")
    assert db.execute(day, [judgement[1]]).fetchone() == (None,)
    ch.undo(db, "ann")
    ch.undo(db, "ann")
    assert db.execute(day, [judgement[1]]).fetchone() == ("2023-05-31",)
    irp = db.execute("SELECT id FROM judgements WHERE document_id IS NOT NULL").fetchone()[0]
    with pytest.raises(StoreError, match="dated by the report"):
        ch.update_judgement(db, "ann", irp, judged_on="12 May 2023")


def test_the_latest_judgement_is_the_latest_day_then_the_later_record(db):
    rid = rec_id(db, "5.1")  # judged Reasonable progress by the IRP report of June 2022

    def latest() -> str:
        return db.execute(
            "SELECT latest_judgement FROM recommendation_progress WHERE recommendation_id = ?",
            [rid],
        ).fetchone()[0]

    assert latest() == "Reasonable progress"
    ch.record_progress(db, "ann", rid, "Good progress", "IMB", "12 May 2023")
    assert latest() == "Good progress"
    # recorded later, but made earlier than the report: not the latest
    ch.record_progress(db, "ann", rid, "No meaningful progress", "old notes", "May 2021")
    # and one with no day comes after every dated one
    ch.record_progress(db, "ann", rid, "Insufficient progress", "no date")
    assert latest() == "Good progress"
    detail = record_detail(db, RECOMMENDATION, rid)
    assert [j["judgement"] for j in detail.judgements] == [
        "Insufficient progress",
        "No meaningful progress",
        "Reasonable progress",
        "Good progress",
    ]
