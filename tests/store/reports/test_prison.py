"""store.reports.prison: the report's figures agree with the contract's views."""

from __future__ import annotations

import sqlite3

import pytest

from store import import_document, open_db
from store.reports.outstanding import AmbiguousEstablishment
from store.reports.prison import prison_report
from store.reports.prison_chains import LATEST_JUDGEMENT_SQL
from tests.support.repeat_plans import repeat_plan


def test_the_latest_judgement_of_a_chain_link_is_the_views(samples_db):
    conn = sqlite3.connect(samples_db)
    try:
        ours = dict(conn.execute(f"SELECT r.id, {LATEST_JUDGEMENT_SQL} FROM recommendations r "
                                 "WHERE r.review_status != 'rejected'").fetchall())  # fmt: skip
        view = dict(
            conn.execute("SELECT recommendation_id, latest_judgement FROM recommendation_progress")
        )
    finally:
        conn.close()
    assert ours == view
    assert any(ours.values())


@pytest.fixture
def chained(db_path):
    db = open_db(db_path)
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    import_document(db, repeat_plan(2018, establishment="HMP Testbury"), "other.txt")
    yield db
    db.close()


def test_an_unknown_name_gives_none_and_an_ambiguous_one_lists_them(chained):
    assert prison_report(chained, "nowhere") is None
    with pytest.raises(AmbiguousEstablishment) as raised:
        prison_report(chained, "test")
    assert raised.value.candidates == ["HMP Testbury", "HMP Testshire"]


def test_the_chains_view_filters_as_text_find_what_its_facets_count(chained):
    for column in ("chain_start_id", "link_position", "plan_year", "earlier_plan_year"):
        facets = chained.execute(
            f"SELECT {column}, COUNT(*) FROM repeat_chains GROUP BY {column}"
        ).fetchall()
        assert facets
        for value, count in facets:
            found = chained.execute(
                f"SELECT COUNT(*) FROM repeat_chains WHERE {column} = ?", [str(value)]
            ).fetchone()[0]
            assert found == count, (column, value)


def test_the_report_and_the_view_list_the_same_links(chained):
    report = prison_report(chained, "testshire")
    ours = {
        (chain[i - 1].recommendation_id, chain[i].recommendation_id)
        for chain in report.repeat_chains
        for i in range(1, len(chain))
    }
    view = set(
        chained.execute("SELECT earlier_recommendation_id, recommendation_id FROM repeat_chains")
    )
    assert ours == view
    assert [len(c) for c in report.repeat_chains] == [3, 2]
