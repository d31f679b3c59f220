"""Repeat links made on import, in either order, kept by re-import and re-parse (real SQLite files).

The plans are HMP Testshire's of 2015, 2018 and 2021 (tests/support/repeat_plans.py):
2015's 2.30 is repeated as 2018's 1.22, which is repeated as 2021's 3.27.
"""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

from store import import_document, open_db
from store.ingest.repeat_links import WARNING_PREFIX, link_repeats, plan_date
from store.review import changes as ch
from store.review.repeat_link_changes import (
    add_repeat_link,
    confirm_repeat_link,
    remove_repeat_link,
)
from tests.support.repeat_plans import ROWS, repeat_plan


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def links(db) -> set[tuple[str, str, str, str, int]]:
    """(later year, later rec_no, earlier year, earlier rec_no, confirmed) of every link."""
    rows = db.execute(
        """
        SELECT substr(ld.published, 1, 4), r.rec_no, substr(ed.published, 1, 4), e.rec_no,
            l.confirmed
        FROM repeat_links l
        JOIN recommendations r ON r.id = l.recommendation_id
        JOIN documents ld ON ld.id = r.document_id
        JOIN recommendations e ON e.id = l.earlier_recommendation_id
        JOIN documents ed ON ed.id = e.document_id
        """
    ).fetchall()
    return set(rows)


def rec_id(db, year: int, rec_no: str) -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE r.rec_no = ? AND d.published LIKE ?",
        [rec_no, f"{year}-%"],
    ).fetchone()[0]


def repeat_warnings(db, year: int, rec_no: str) -> list[str]:
    (text,) = db.execute(
        "SELECT warnings FROM recommendations WHERE id = ?", [rec_id(db, year, rec_no)]
    ).fetchone()
    return [w for w in json.loads(text) if w.startswith(WARNING_PREFIX)]


EXPECTED = {
    ("2018", "1.1", "2015", "2.1", 0),
    ("2021", "5.8", "2018", "1.1", 0),
    ("2021", "5.10", "2018", "1.2", 0),
}


@pytest.mark.parametrize("order", list(itertools.permutations((2015, 2018, 2021))))
def test_links_are_made_whatever_order_the_plans_are_imported_in(db, order):
    for year in order:
        import_document(db, repeat_plan(year), f"{year}.txt")
    assert links(db) == EXPECTED
    # scored by text, found by the ref
    rows = db.execute("SELECT method, score FROM repeat_links").fetchall()
    assert {m for m, _ in rows} == {"ref"}
    assert all(0 <= s <= 1 for _, s in rows)


def test_a_chain_of_three_plans_follows_through(db):
    from store.reports.prison import repeat_chain

    for year in (2021, 2015, 2018):
        import_document(db, repeat_plan(year), f"{year}.txt")
    for start in ((2015, "2.1"), (2018, "1.1"), (2021, "5.8")):
        chain = repeat_chain(db, rec_id(db, *start))
        assert [(c.year, c.rec_no, c.ref) for c in chain] == [
            (2015, "2.1", "2.30"),
            (2018, "1.1", "1.22"),
            (2021, "5.8", "3.27"),
        ]
        assert [c.confirmed for c in chain] == [None, False, False]
    assert repeat_chain(db, rec_id(db, 2015, "2.2")) == []


def test_a_matching_ref_with_a_different_text_is_linked_with_a_warning(db):
    for year in (2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    (warning,) = repeat_warnings(db, 2021, "5.10")
    assert "repeated recommendation 2.51" in warning
    assert "linked to 1.2 (ref 2.51) of the 2018 plan" in warning
    assert "their texts differ" in warning
    assert repeat_warnings(db, 2021, "5.8") == []


def test_a_text_closer_to_another_row_is_named(db):
    rows_2018 = [
        ("1.1", "1.22", None, ROWS[2018][2][3]),  # the library, under the repeated ref
        ("1.2", "1.23", None, ROWS[2015][0][3]),  # the segregation text, under another
        ("1.3", "1.24", None, ROWS[2018][3][3]),
    ]
    import_document(db, repeat_plan(2018, rows=rows_2018), "2018.txt")
    import_document(db, repeat_plan(2021), "2021.txt")
    assert ("2021", "5.8", "2018", "1.1", 0) in links(db)
    (warning,) = repeat_warnings(db, 2021, "5.8")
    assert "closer to 1.2 (ref 1.23)" in warning


def test_a_repeated_ref_with_no_earlier_plan_makes_no_link_and_no_warning(db):
    result = import_document(db, repeat_plan(2021), "2021.txt")
    assert links(db) == set()
    for rec_no in ("5.8", "5.10", "5.11"):
        assert repeat_warnings(db, 2021, rec_no) == []
    assert link_repeats(db, result.document_id) == []


def test_a_ref_no_earlier_plan_prints_is_warned_when_there_is_an_earlier_plan(db):
    for year in (2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    (warning,) = repeat_warnings(db, 2021, "5.11")
    assert "9.99" in warning and "not linked" in warning


def test_another_establishments_plan_is_never_linked(db):
    import_document(db, repeat_plan(2018, establishment="HMP Otherton"), "other.txt")
    import_document(db, repeat_plan(2021), "2021.txt")
    assert links(db) == set()
    # the same place under another spelling is linked
    import_document(db, repeat_plan(2018, establishment="HMP & YOI Testshire"), "2018.txt")
    assert ("2021", "5.8", "2018", "1.1", 0) in links(db)


def test_re_import_and_re_parse_change_nothing_and_keep_a_reviewers_links(db):
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    confirm_repeat_link(db, rec_id(db, 2021, "5.8"), rec_id(db, 2018, "1.1"), "ann")
    remove_repeat_link(db, rec_id(db, 2021, "5.10"), rec_id(db, 2018, "1.2"), "ann")
    add_repeat_link(db, rec_id(db, 2018, "1.4"), rec_id(db, 2015, "2.2"), "ann")
    before = links(db)
    edits = db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    for year in (2015, 2018, 2021):  # re-import: unchanged
        import_document(db, repeat_plan(year), f"{year}.txt")
    assert links(db) == before
    assert db.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == edits
    for year in (2015, 2018, 2021):  # re-parse in place
        result = import_document(db, repeat_plan(year), f"{year}.txt", reparse=True)
        assert result.status == "reparsed"
    assert links(db) == before
    assert ("2021", "5.8", "2018", "1.1", 1) in before
    assert ("2018", "1.4", "2015", "2.2", 1) in before
    assert not any(x[:2] == ("2021", "5.10") for x in before)
    # the reviewer has looked at 5.10's links: no warning left to check
    assert repeat_warnings(db, 2021, "5.10") == []


def test_a_re_parse_that_changes_the_repeated_ref_relinks_an_untouched_record(db):
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    plan = repeat_plan(2021)
    changed = dataclasses.replace(plan.recommendations[0], repeated_ref="2.60")
    plan = dataclasses.replace(plan, recommendations=[changed, *plan.recommendations[1:]])
    import_document(db, plan, "2021.txt", reparse=True)
    assert ("2021", "5.8", "2018", "1.3", 0) in links(db)
    assert ("2021", "5.8", "2018", "1.1", 0) not in links(db)


def test_plan_dates_order_plans_by_published_then_submitted_then_inspection_year():
    assert plan_date({"published": "2018-05-20", "submitted": "2018-07-01"}) == "2018-05-20"
    assert plan_date({"published": None, "submitted": "2018-07-01"}) == "2018-07-01"
    assert plan_date({"inspection": "26 July - 6 August 2021"}) == "2021"
    assert plan_date({}) is None


def test_the_real_plans_repeated_refs_have_no_earlier_plan_so_no_link_and_no_warning(
    db, corpus_dir
):
    from extract import parse_document
    from extract.formats.read import read_document

    for path in sorted(corpus_dir.glob("*.txt")):
        import_document(db, parse_document(read_document(path)), path.name)
    repeated = db.execute(
        "SELECT d.establishment, r.repeated_ref, r.warnings FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id WHERE r.repeated_ref IS NOT NULL"
    ).fetchall()
    found = {(est, ref) for est, ref, _ in repeated}
    assert {
        ("HMP Belmarsh", "1.35"),
        ("HMP Belmarsh", "2.57"),
        ("HMP Belmarsh", "2.69"),
        ("HMP Elmley", "S39"),
        ("HMP Elmley", "2.78"),
        ("HMP Elmley", "2.95"),
        ("HMP Send", "2.74"),
        ("HMP Send", "2.91"),
    } <= found
    assert links(db) == set()
    assert not any(w.startswith(WARNING_PREFIX) for *_, ws in repeated for w in json.loads(ws))


# --------------------------------------------------------------------------- changes, undo


@pytest.fixture
def chained(db):
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    return db


def edits_of(db, change_id: int) -> list[tuple]:
    return db.execute(
        "SELECT table_name, field FROM edits WHERE change_id = ?", [change_id]
    ).fetchall()


def test_confirm_is_one_change_and_undo_reverts_it(chained):
    db = chained
    later, earlier = rec_id(db, 2021, "5.8"), rec_id(db, 2018, "1.1")
    result = confirm_repeat_link(db, later, earlier, "ann")
    assert edits_of(db, result.change_id) == [("repeat_links", "confirmed")]
    assert ("2021", "5.8", "2018", "1.1", 1) in links(db)
    assert result.summary == "Confirmed: 5.8 of the 2021 plan repeats 1.1 of the 2018 plan"
    undone = ch.undo(db, "ann")
    assert ("2021", "5.8", "2018", "1.1", 0) in links(db)
    assert {("recommendation", later), ("recommendation", earlier)} <= set(undone.records)


def test_remove_is_one_change_and_undo_puts_the_link_back(chained):
    db = chained
    later, earlier = rec_id(db, 2021, "5.8"), rec_id(db, 2018, "1.1")
    row = db.execute("SELECT * FROM repeat_links WHERE recommendation_id = ?", [later]).fetchone()
    result = remove_repeat_link(db, later, earlier, "ann")
    assert edits_of(db, result.change_id) == [("repeat_links", "*")]
    assert not any(x[:2] == ("2021", "5.8") for x in links(db))
    undone = ch.undo(db, "ann")
    assert "1 repeat link added or removed" in undone.description
    assert (
        db.execute("SELECT * FROM repeat_links WHERE recommendation_id = ?", [later]).fetchone()
        == row
    )


def test_add_is_one_change_confirmed_by_hand_and_undone(chained):
    db = chained
    later, earlier = rec_id(db, 2018, "1.4"), rec_id(db, 2015, "2.2")
    result = add_repeat_link(db, later, earlier, "ann")
    assert edits_of(db, result.change_id) == [("repeat_links", "*")]
    (score, confirmed, method) = db.execute(
        "SELECT score, confirmed, method FROM repeat_links WHERE recommendation_id = ?", [later]
    ).fetchone()
    assert (confirmed, method) == (1, None) and 0 <= score <= 1
    ch.undo(db, "ann")
    assert not any(x[:2] == ("2018", "1.4") for x in links(db))


def test_adding_an_automatic_link_confirms_it(chained):
    db = chained
    result = add_repeat_link(db, rec_id(db, 2021, "5.8"), rec_id(db, 2018, "1.1"), "ann")
    assert edits_of(db, result.change_id) == [("repeat_links", "confirmed")]


@pytest.mark.parametrize(
    ("later", "earlier", "reason"),
    [
        ((2015, "2.1"), (2018, "1.1"), "not earlier than"),
        ((2018, "1.1"), (2018, "1.2"), "not of its own plan"),
        ((2021, "5.8"), (2018, "1.1"), "already linked"),
    ],
)
def test_a_link_that_cannot_be_is_refused_and_nothing_written(chained, later, earlier, reason):
    from store import StoreError

    db = chained
    confirm_repeat_link(db, rec_id(db, 2021, "5.8"), rec_id(db, 2018, "1.1"), "ann")
    edits = db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    with pytest.raises(StoreError, match=reason):
        add_repeat_link(db, rec_id(db, *later), rec_id(db, *earlier), "ann")
    assert db.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == edits


def test_confirming_or_removing_a_link_that_is_not_there_is_refused(chained):
    from store import StoreError

    db = chained
    with pytest.raises(StoreError, match="is not linked to"):
        confirm_repeat_link(db, rec_id(db, 2021, "5.12"), rec_id(db, 2018, "1.1"), "ann")
    with pytest.raises(StoreError, match="is not linked to"):
        remove_repeat_link(db, rec_id(db, 2021, "5.12"), rec_id(db, 2018, "1.1"), "ann")


def test_a_records_links_both_ways_and_its_earlier_choices(chained):
    from store.review.repeat_link_choices import EARLIER, LATER, earlier_choices, repeat_links_of

    db = chained
    middle = rec_id(db, 2018, "1.1")
    seen = [
        (x.direction, x.other_rec_no, x.plan_year, x.confirmed) for x in repeat_links_of(db, middle)
    ]
    assert seen == [(EARLIER, "2.1", 2015, False), (LATER, "5.8", 2021, False)]
    choices = earlier_choices(db, rec_id(db, 2021, "5.10"))
    assert (choices[0].rec_no, choices[0].plan_year, choices[0].ref_matches) == ("1.2", 2018, True)
    assert {c.plan_year for c in choices} == {2015, 2018}  # never its own plan, never later
    assert earlier_choices(db, rec_id(db, 2015, "2.1")) == []


@pytest.mark.parametrize(
    ("printed", "repeated"), [("(1.22)", "1.22"), ("S 39", "S39"), ("01.22", "1.22.")]
)
def test_refs_are_compared_in_one_form(db, printed, repeated):
    earlier = [("1.1", printed, None, ROWS[2018][0][3]), ("1.2", "2.51", None, ROWS[2018][1][3])]
    later = [("5.8", "3.27", repeated, ROWS[2021][0][3])]
    import_document(db, repeat_plan(2018, rows=earlier), "2018.txt")
    import_document(db, repeat_plan(2021, rows=later), "2021.txt")
    assert links(db) == {("2021", "5.8", "2018", "1.1", 0)}
    assert repeat_warnings(db, 2021, "5.8") == []


def test_a_link_to_a_rejected_record_is_shown_nowhere(chained, tmp_path):
    """The automatic link stays in repeat_links (un-rejecting brings it back), but the
    links screen, the chains (detail line, prison), the view and the stats leave it out."""
    from store.reports.export import export_database
    from store.reports.prison import repeat_chain
    from store.reports.ranking import repeat_link_counts
    from store.review.repeat_link_choices import repeat_links_of

    db = chained
    first, middle, last = rec_id(db, 2015, "2.1"), rec_id(db, 2018, "1.1"), rec_id(db, 2021, "5.8")
    before = repeat_link_counts(db)
    db.execute("UPDATE recommendations SET review_status = 'rejected' WHERE id = ?", [middle])
    assert ("2021", "5.8", "2018", "1.1", 0) in links(db)  # kept in the table
    assert repeat_links_of(db, last) == [] and repeat_links_of(db, first) == []
    assert repeat_chain(db, last) == [] and repeat_chain(db, first) == []
    assert not db.execute(
        "SELECT 1 FROM repeat_chains WHERE ? IN (recommendation_id, earlier_recommendation_id)",
        [middle],
    ).fetchall()
    after = repeat_link_counts(db)
    assert after["automatic"] == before["automatic"] - 2
    # the verified export keeps no link to it either
    db.execute("UPDATE recommendations SET review_status = 'verified' WHERE id != ?", [middle])
    db.execute("UPDATE repeat_links SET confirmed = 1")
    out = tmp_path / "verified.sqlite"
    (path,) = [row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"]
    export_database(path, out, only_verified=True)
    import sqlite3

    with sqlite3.connect(out) as copy:
        ends = copy.execute(
            "SELECT recommendation_id, earlier_recommendation_id FROM repeat_links"
        ).fetchall()
    assert ends and not any(middle in pair for pair in ends)
