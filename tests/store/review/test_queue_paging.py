"""Keyset paging across the end of a document: the next page starts the next document."""

from __future__ import annotations

import pytest

from store import open_db
from store.review.queue import QueueQuery, queue_page


@pytest.fixture
def db(samples_db):
    database = open_db(samples_db)
    yield database
    database.close()


@pytest.mark.parametrize("size", [1, 2, 5, 18])
def test_a_page_after_the_last_record_of_a_document_is_the_next_documents(db, size):
    # the first plan holds 18 records: a page ending on its last one used to be followed
    # by an empty page that still said there was more after it
    whole = queue_page(db, QueueQuery(), limit=1000).rows
    last = max(i for i, r in enumerate(whole) if r.document_id == whole[0].document_id)
    after = queue_page(db, QueueQuery(), after=whole[last].key, limit=size)
    assert [r.ref for r in after.rows] == [r.ref for r in whole[last + 1 : last + 1 + size]]
    assert after.offset == last + 1
    before = queue_page(db, QueueQuery(), before=whole[last + 1].key, limit=size)
    assert [r.ref for r in before.rows] == [r.ref for r in whole[last + 1 - size : last + 1]]
