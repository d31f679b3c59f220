"""A plan's year has one definition: the view ``repeat_chains`` says in SQL what
``store.plan_dates.plan_date`` says in Python (published, else submitted, else the
latest year the inspection's dates name), and its chains skip rejected records as
``store.reports.prison`` does. Real SQLite files."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import import_document, open_db
from store.plan_dates import plan_date, year_of
from tests.support.repeat_plans import repeat_plan


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """HMP Testshire's 2015, 2018 and 2021 plans, linked 2015 2.1 <- 2018 1.1 <- 2021 5.8."""
    db = open_db(tmp_path_factory.mktemp("plan_year") / "plans.db")
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    yield db
    db.close()


def rec(db, year: int, rec_no: str) -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE r.rec_no = ? AND d.published LIKE ?",
        [rec_no, f"{year}-%"],
    ).fetchone()[0]


def view_years(db, later: int) -> tuple:
    return db.execute(
        "SELECT plan_year, earlier_plan_year FROM repeat_chains WHERE recommendation_id = ?",
        [later],
    ).fetchone()


TEXTS = st.text(
    alphabet=st.sampled_from(list("0123456789 12 19 20 –-/,.()_aZé٢\n")), max_size=30
) | st.sampled_from(
    [
        "30 November – 4 December 2020",
        "29 December 2021 – 7 January 2022",
        "2–6 August 2021",
        "week of 12/03/2019",
        "2019a 2018",
        "x2019 _2017 2016_ 12015 20155",
        "é2014é",
        "",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    inspection=TEXTS,
    published=st.sampled_from([None, "", "2017-03-01"]),
    submitted=st.sampled_from([None, "2016-11-30"]),
)
def test_the_views_plan_year_is_plan_dates(linked, inspection, published, submitted):
    db = linked
    later, earlier = rec(db, 2021, "5.8"), rec(db, 2018, "1.1")
    (doc,) = db.execute(
        "SELECT document_id FROM recommendations WHERE id = ?", [earlier]
    ).fetchone()
    (was,) = db.execute("SELECT published FROM documents WHERE id = ?", [doc]).fetchone()
    db.execute(
        "UPDATE documents SET published = ?, submitted = ?, inspection = ? WHERE id = ?",
        [published, submitted, inspection, doc],
    )
    try:
        row = {"published": published, "submitted": submitted, "inspection": inspection}
        assert view_years(db, later) == (2021, year_of(plan_date(row)))
    finally:
        db.execute(
            "UPDATE documents SET published = ?, submitted = NULL, inspection = NULL WHERE id = ?",
            [was, doc],
        )


def test_an_undated_plan_takes_its_inspections_year_in_the_view_and_the_report(linked):
    from store.reports.prison import repeat_chain

    db = linked
    later, earlier = rec(db, 2021, "5.8"), rec(db, 2018, "1.1")
    (doc,) = db.execute(
        "SELECT document_id FROM recommendations WHERE id = ?", [earlier]
    ).fetchone()
    db.execute(
        "UPDATE documents SET published = NULL, submitted = NULL, "
        "inspection = '29 December 2017 – 7 January 2018' WHERE id = ?",
        [doc],
    )
    try:
        assert view_years(db, later) == (2021, 2018)
        assert [link.year for link in repeat_chain(db, later)] == [2015, 2018, 2021]
    finally:
        db.execute(
            "UPDATE documents SET published = '2018-05-20', inspection = NULL WHERE id = ?", [doc]
        )


def test_a_rejected_first_record_starts_no_chain_in_the_view(linked):
    from store.reports.prison import repeat_chain

    db = linked
    first, middle, last = rec(db, 2015, "2.1"), rec(db, 2018, "1.1"), rec(db, 2021, "5.8")
    db.execute("UPDATE recommendations SET review_status = 'rejected' WHERE id = ?", [first])
    try:
        rows = db.execute(
            "SELECT recommendation_id, chain_start_id, link_position FROM repeat_chains"
        ).fetchall()
        # the link into the rejected record is gone, and the chain now starts at 1.1
        assert (last, middle, 1) in rows
        assert not any(r[1] == first for r in rows)
        assert [link.recommendation_id for link in repeat_chain(db, last)] == [middle, last]
    finally:
        db.execute("UPDATE recommendations SET review_status = 'unreviewed' WHERE id = ?", [first])
