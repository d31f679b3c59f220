"""One count of each document's review progress: the prison report's "reviewed of total" is
the documents screen's (store.reports.review_counts, real SQLite files)."""

from __future__ import annotations

import pytest

from store import open_db
from store.reports.documents import DOCUMENT_PROGRESS_SQL, document_progress
from store.reports.prison import prison_report
from store.reports.review_counts import document_progress_sql


@pytest.fixture
def db(reviewed):
    """``reviewed`` with 1.4 rejected and the IRP's Ofsted theme flagged: every status."""
    database = open_db(reviewed)
    database.execute(
        "UPDATE recommendations SET review_status = 'rejected' WHERE document_id = 1 "
        "AND rec_no = '1.4'"
    )
    database.execute(
        "UPDATE judgements SET review_status = 'flagged' WHERE inspectorate = 'Ofsted'"
    )
    yield database
    database.close()


def test_the_prison_report_counts_review_progress_as_the_documents_screen(db):
    screen = {p.id: (p.reviewed, p.records) for p in document_progress(db)}
    report = prison_report(db, "Testshire")
    shown = {d.id: (d.reviewed, d.total) for d in report.documents}
    assert shown
    assert shown == {doc: screen[doc] for doc in shown}
    # plan A: 1.1 and 1.2 verified, 1.3 flagged, 1.4 rejected (a rejection is a review)
    assert shown[1][0] == 4


def test_the_query_for_some_documents_gives_their_rows_of_the_query_for_all(db):
    every = db.execute(DOCUMENT_PROGRESS_SQL).fetchall()
    assert len(every) == 3
    for ids in ([1], [3, 1], [2, 3, 1], [99]):
        some = db.execute(document_progress_sql(len(ids)), ids).fetchall()
        assert some == [row for row in every if row[0] in ids]
