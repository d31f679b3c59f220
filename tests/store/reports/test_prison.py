"""store.reports.prison: the report's figures agree with the contract's views."""

from __future__ import annotations

import sqlite3

import pytest

from store import import_document, open_db
from store.reports.outstanding import AmbiguousEstablishment
from store.reports.prison import prison_report
from store.reports.prison_chains import LATEST_JUDGEMENT_ID_SQL
from tests.support.repeat_plans import repeat_plan


def test_the_latest_judgement_of_a_chain_link_is_the_views(samples_db):
    conn = sqlite3.connect(samples_db)
    try:
        ours = dict(conn.execute(f"SELECT r.id, (SELECT judgement FROM judgements WHERE id = {LATEST_JUDGEMENT_ID_SQL}) "
                                 "FROM recommendations r "
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


def test_the_demo_shows_fenwicks_chain_of_three_plans_and_its_irp_judgement(db_path):
    """Every bundled sample imported, as the first run does: Fenwick 2013 → 2016 → 2019, in
    two layouts, and the 2021 IRP (a Word file) judging the latest of the chain."""
    from store.ingest.pipeline import import_files
    from tests.support.paths import SAMPLES

    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf", ".odt"))
    report = import_files(db_path, files, limits=None, workers=1)
    assert report.ok
    db = open_db(db_path)
    try:
        fenwick = prison_report(db, "fenwick")
    finally:
        db.close()
    assert [(d.year, d.kind) for d in fenwick.documents] == [
        (2013, "action_plan"),
        (2016, "action_plan"),
        (2019, "action_plan"),
        (2021, "irp_report"),
    ]
    longest = max(fenwick.repeat_chains, key=len)
    assert [(c.year, c.rec_no, c.ref) for c in longest] == [
        (2013, "5.4", "2.48"),
        (2016, "6.3", "2.66"),
        (2019, "8.6", "2.61"),
    ]
    assert longest[-1].judgement == "Insufficient progress"
    assert longest[-1].judgement_note() == "unconfirmed link 1.00"
    assert [c.confirmed for c in longest] == [None, False, False]


def test_the_bundled_word_irp_is_its_text_fixture():
    from extract import parse_document
    from extract.formats.read import read_document
    from tests.support.paths import FIXTURES, SAMPLES

    from_docx = parse_document(read_document(SAMPLES / "fenwick_irp_2021.docx"))
    from_text = parse_document(read_document(FIXTURES / "irp" / "fenwick_irp_2021.txt"))
    assert [(j.ref, j.judgement, j.text) for j in from_docx.judgements] == [
        (j.ref, j.judgement, j.text) for j in from_text.judgements
    ]
    assert [(j.ref, j.judgement) for j in from_text.judgements] == [
        ("1.17", "Reasonable progress"),
        ("2.61", "Insufficient progress"),
        ("2.19", "No meaningful progress"),
    ]
    assert (from_docx.establishment, from_docx.published) == ("HMP Fenwick", "2021-03-01")
