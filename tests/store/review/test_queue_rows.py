"""store.review.queue.queue_rows: the rows the app redraws after a change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from store import open_db
from store.domain import JUDGEMENT, RECOMMENDATION
from store.review import changes as ch
from store.review.queue import QueueQuery, queue_page, queue_rows


@pytest.fixture
def db(samples_db):
    database = open_db(samples_db)
    yield database
    database.close()


def test_a_changed_record_comes_back_as_it_is_now_in_the_place_it_was_shown(db):
    shown = queue_page(db, QueueQuery(order="uncertain"), limit=1000).rows
    row = next(r for r in shown if r.warnings)  # its place depends on the order shown
    judgement = next(r for r in shown if r.kind == JUDGEMENT)
    ch.set_status(db, "ann", row.ref, "verified")
    ch.set_status(db, "ann", judgement.ref, "flagged")
    refs = [row.ref, judgement.ref]

    placed = {r.ref: r for r in queue_rows(db, refs, {row.ref: row.key})}
    unplaced = {r.ref: r for r in queue_rows(db, refs)}

    # a record whose place the caller gives keeps it, and is otherwise read as it is now
    assert unplaced[row.ref].key != row.key
    assert placed[row.ref] == replace(unplaced[row.ref], key=row.key)
    assert placed[row.ref].review_status == "verified"
    # one it does not give is placed in document order
    in_order = {r.ref: r.key for r in queue_page(db, QueueQuery(), limit=1000).rows}
    assert placed[judgement.ref].key == unplaced[judgement.ref].key == in_order[judgement.ref]
    assert placed[judgement.ref].review_status == "flagged"


def test_a_record_that_no_longer_exists_has_no_row(db):
    gone = (RECOMMENDATION, 10**9)
    key = queue_page(db, QueueQuery(), limit=1).rows[0].key
    assert queue_rows(db, [gone], {gone: key}) == []
    assert queue_rows(db, [gone]) == []
