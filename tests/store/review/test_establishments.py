"""The prison picker's list (store.review.establishments) and the queue's prison filter:
one place however its documents spell it."""

from __future__ import annotations

import pytest

from store import import_document, open_db
from store.review import changes as ch
from store.review.establishments import establishments
from store.review.queue import QueueQuery, queue_page


@pytest.fixture
def db(db_path, make_plan, make_irp):
    database = open_db(db_path)
    import_document(database, make_plan("a", establishment="HMP Belmarsh"), "a.txt")
    import_document(database, make_plan("b", establishment="HMP & YOI Belmarsh"), "b.txt")
    import_document(database, make_irp("c", establishment="HMP Belmarsh"), "c.txt")
    import_document(database, make_plan("d", establishment="HMYOI Aylesbury"), "d.txt")
    yield database
    database.close()


def test_one_entry_per_place_with_its_counts(db):
    found = establishments(db)
    assert [(e.short, e.documents, e.records, e.unreviewed) for e in found] == [
        ("Aylesbury", 1, 4, 4),
        ("Belmarsh", 3, 4 + 4 + 3, 11),
    ]
    belmarsh = found[1]
    assert belmarsh.name == "HMP Belmarsh"  # as most of its documents print it
    assert belmarsh.spellings == ("HMP & YOI Belmarsh", "HMP Belmarsh")
    assert belmarsh.key == "belmarsh"


def test_reviewed_records_leave_the_unreviewed_count(db):
    (rid,) = db.execute("SELECT id FROM recommendations LIMIT 1").fetchone()
    ch.set_status(db, "ann", ("recommendation", rid), "verified")
    assert sum(e.unreviewed for e in establishments(db)) == 14


def test_the_prison_filter_holds_every_spelling(db):
    rows = queue_page(db, QueueQuery(establishment="HMP Belmarsh"), limit=100).rows
    assert {r.establishment for r in rows} == {"HMP Belmarsh", "HMP & YOI Belmarsh"}
    assert len(rows) == 11
    other = queue_page(db, QueueQuery(establishment="HMP & YOI Belmarsh"), limit=100).rows
    assert [r.ref for r in other] == [r.ref for r in rows]
    assert {
        r.establishment for r in queue_page(db, QueueQuery(establishment="Aylesbury")).rows
    } == {"HMYOI Aylesbury"}
