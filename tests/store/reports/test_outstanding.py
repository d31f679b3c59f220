"""What is outstanding at a prison: name matching, plan choice, overdue, judgements, the gold."""

from __future__ import annotations

import calendar
import dataclasses
import json
from datetime import date, datetime

import pytest
from dateutil import parser as dateparser

from extract import parse_document
from extract.formats.read import read_document
from extract.models import Action
from store import StoreError, import_document, open_db
from store.reports.outstanding import (
    AmbiguousEstablishment,
    UnknownEstablishment,
    find_establishment,
    not_judged,
    outstanding,
)
from tests.support.paths import SHARED

BELMARSH = "000_752b575627fd0e86"
OPEN_TARGETS_EXCLUDED = {"complete", "completed", "n/a"}


@pytest.fixture
def prisons(db_path, make_plan, make_irp):
    """A database of fictional prisons whose names test the forgiving match."""
    db = open_db(db_path)
    for name in (
        "HMP Belmarsh",
        "HMP Ashdown",
        "HMP Ashford",
        "HMYOI Carrow Vale",
        "HMP Send",
        "HMP/YOI Send",  # the same prison spelt another way on a later document
    ):
        import_document(db, make_plan(name, establishment=name), f"{name}.txt")
    import_document(db, make_irp("irp only", establishment="HMP Fenwick"), "fenwick.txt")
    yield db
    db.close()


@pytest.mark.parametrize(
    "typed",
    ["belmarsh", "HMP Belmarsh", "Belmarsh prison", "belm", "Belmarch", "  hmp BELMARSH "],
)
def test_every_way_of_writing_belmarsh_finds_it(prisons, typed):
    assert find_establishment(prisons, typed).name == "HMP Belmarsh"


def test_a_word_of_the_name_and_a_typo_each_find_the_one_prison(prisons):
    assert find_establishment(prisons, "vale").name == "HMYOI Carrow Vale"
    assert find_establishment(prisons, "carrow").name == "HMYOI Carrow Vale"
    assert find_establishment(prisons, "Ashdon").name == "HMP Ashdown"


def test_two_spellings_of_one_prison_are_one_establishment(prisons):
    send = find_establishment(prisons, "send")
    assert send.name == "HMP Send"
    assert set(send.names) == {"HMP Send", "HMP/YOI Send"}
    result = outstanding(prisons, "HMP/YOI Send", all_plans=True)
    assert {plan.establishment for plan in result.plans} == {"HMP Send", "HMP/YOI Send"}


def test_an_ambiguous_name_lists_the_candidates(prisons):
    with pytest.raises(AmbiguousEstablishment) as caught:
        find_establishment(prisons, "ash")
    assert caught.value.candidates == ["HMP Ashdown", "HMP Ashford"]
    assert "HMP Ashdown, HMP Ashford" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_unknown_name_says_so(prisons):
    with pytest.raises(UnknownEstablishment, match="no establishment called 'Wandsworth'"):
        find_establishment(prisons, "Wandsworth")
    with pytest.raises(UnknownEstablishment, match="does not name an establishment"):
        find_establishment(prisons, "HMP")


def test_a_prison_with_only_an_irp_report_has_nothing_outstanding(prisons):
    with pytest.raises(StoreError, match="HMP Fenwick: no action plan"):
        outstanding(prisons, "fenwick")


def test_an_empty_database_says_it_holds_no_documents(db_path):
    db = open_db(db_path)
    with pytest.raises(UnknownEstablishment, match="holds no documents"):
        find_establishment(db, "belmarsh")


def test_overdue_is_judged_against_as_of_not_today(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")

    def rows(as_of):
        result = outstanding(db, "testshire", as_of=as_of)
        return [(a.rec_no, a.target, a.overdue, a.days_overdue) for a in result.actions]

    # 1.3 Not Agreed and 1.4 without agreement (word-table layout) are not outstanding.
    assert rows(date(2020, 12, 31)) == [
        ("1.1", "December 2020", False, 0),  # due that very day: not yet overdue
        ("1.1", "December 2999", False, 0),
        ("1.2", "Ongoing", False, None),  # no date: never overdue
    ]
    assert rows(date(2021, 1, 10)) == [
        ("1.1", "December 2020", True, 10),
        ("1.1", "December 2999", False, 0),
        ("1.2", "Ongoing", False, None),
    ]
    overdue = outstanding(db, "testshire", as_of=date(2021, 1, 10), overdue_only=True)
    assert [(a.rec_no, a.target) for a in overdue.actions] == [("1.1", "December 2020")]
    assert overdue.overdue_count == 1


def plan_with_an_unreadable_target(make_plan, name: str = "plan"):
    """``make_plan``'s plan, where 1.2 (Partly Agreed) has a second action whose target is
    written but is not a date, and 1.3 (Not Agreed, so never outstanding) one too."""
    plan = make_plan(name)
    for rec in plan.recommendations[1:3]:
        rec.actions.append(
            Action(2, "Head of Residence", "31 Febtember 2022", None, target_unreadable=True)
        )
    return plan


def test_an_unreadable_target_is_listed_apart_and_counted_even_overdue_only(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, plan_with_an_unreadable_target(make_plan), "plan.txt")

    result = outstanding(db, "testshire", as_of=date(2022, 6, 30))

    rows = [(a.rec_no, a.target, a.target_unreadable, a.overdue, a.days_overdue)
            for a in result.actions]  # fmt: skip
    assert rows == [
        ("1.1", "December 2020", False, True, 546),
        ("1.1", "December 2999", False, False, 0),
        ("1.2", "Ongoing", False, False, None),  # no date: a status, never overdue
        ("1.2", "31 Febtember 2022", True, False, None),  # not dropped; overdue unknown
    ]
    assert [a.target for a in result.unreadable] == ["31 Febtember 2022"]
    assert [a.target for a in result.readable] == ["December 2020", "December 2999", "Ongoing"]
    assert result.unreadable_count == 1  # 1.3's is not outstanding: not agreed

    overdue = outstanding(db, "testshire", as_of=date(2022, 6, 30), overdue_only=True)
    assert [a.target for a in overdue.actions] == ["December 2020"]
    assert overdue.unreadable == []
    assert overdue.unreadable_count == 1  # left out, but said


def test_the_not_judged_line_counts_in_words():
    assert not_judged(1) == "1 action has a target that could not be read: not judged overdue"
    assert not_judged(3) == "3 actions have a target that could not be read: not judged overdue"


def test_an_unconfirmed_link_is_noted_with_its_score_and_a_confirmed_one_is_not(
    db_path, make_plan, make_irp
):
    db = open_db(db_path)
    import_document(db, make_plan(), "plan.txt")
    import_document(db, make_irp(), "irp.txt")
    rec = {r["rec_no"]: r["id"] for r in db.query("SELECT id, rec_no FROM recommendations")}
    judgement = {j["ref"]: j["id"] for j in db.query("SELECT id, ref FROM judgements")}
    db.execute("DELETE FROM judgement_links")
    db["judgement_links"].insert_all(
        [
            {"judgement_id": judgement["1.38"], "recommendation_id": rec["1.1"],
             "score": 0.778, "confirmed": 0},
            {"judgement_id": judgement["1.39"], "recommendation_id": rec["1.2"],
             "score": 0.778, "confirmed": 1},
        ]
    )  # fmt: skip

    by_rec = {a.rec_no: a for a in outstanding(db, "testshire").actions}

    unconfirmed, confirmed = by_rec["1.1"], by_rec["1.2"]
    assert (unconfirmed.judgement, unconfirmed.judgement_confirmed) == ("Good progress", False)
    assert unconfirmed.judgement_link_score == pytest.approx(0.778)
    assert unconfirmed.link_note() == "unconfirmed link 0.78"
    assert (confirmed.judgement_confirmed, confirmed.link_note()) == (True, None)

    db.execute("UPDATE judgement_links SET score = NULL, confirmed = 0")
    assert outstanding(db, "testshire").actions[0].link_note() == "unconfirmed link"
    db.execute("DELETE FROM judgement_links")
    nothing = outstanding(db, "testshire").actions[0]
    assert (nothing.judgement, nothing.judgement_confirmed, nothing.link_note()) == (
        None, None, None,
    )  # fmt: skip


def test_ashdowns_5_15_is_judged_through_a_link_nobody_confirmed(samples_db):
    """Issue 14's reproduction: the samples' 5.15 shows 'Reasonable progress' from a
    0.78 link no reviewer confirmed; the row says so."""
    db = open_db(samples_db)
    rows = [a for a in outstanding(db, "ashdown").actions if a.rec_no == "5.15"]
    assert rows
    for row in rows:
        assert (row.judgement, row.judgement_confirmed) == ("Reasonable progress", False)
        assert row.judgement_link_score == pytest.approx(0.78, abs=0.005)
        assert row.link_note() == "unconfirmed link 0.78"


def test_rows_carry_the_plan_summary_and_review_status(db_path, make_plan):
    db = open_db(db_path)
    doc = import_document(db, make_plan(), "testshire.txt").document_id
    db.execute("UPDATE recommendations SET review_status = 'verified' WHERE rec_no = '1.1'")
    first = outstanding(db, "testshire", as_of=date(2021, 1, 1)).actions[0]
    assert first.document_id == doc
    assert first.plan_published == "2021-05-20"
    assert first.plan_title == "Action plan: HMP Testshire (published 2021-05-20)"
    assert first.summary == "Prisoners should be unlocked."
    assert first.review_status == "verified"
    assert first.agreement == "Agreed"
    assert db["recommendations"].get(first.recommendation_id)["rec_no"] == "1.1"
    assert db["actions"].get(first.action_id)["recommendation_id"] == first.recommendation_id


def test_a_concern_without_a_recommendation_is_summarised_by_its_first_words(db_path, make_plan):
    plan = make_plan()
    plan.layout = "concerns_table"
    rec = plan.recommendations[3]  # 1.4: no agreement, as in every concerns-layout plan
    rec.concern = " ".join(f"word{i}" for i in range(20))
    db = open_db(db_path)
    import_document(db, plan, "concerns.txt")
    row = next(a for a in outstanding(db, "testshire").actions if a.rec_no == "1.4")
    assert row.agreement is None
    assert row.summary == " ".join(f"word{i}" for i in range(12)) + " …"


def test_the_latest_plan_by_published_then_submitted_then_import(db_path, make_plan):
    db = open_db(db_path)

    def plan(name, published, submitted):
        return import_document(
            db, dataclasses.replace(make_plan(name), published=published, submitted=submitted), name
        ).document_id

    older = plan("older", "2019-01-01", "2019-03-01")
    latest = plan("latest", "2022-05-01", "2022-06-01")
    plan("same day, submitted earlier", "2022-05-01", "2022-05-15")
    undated = plan("undated", None, None)

    result = outstanding(db, "testshire")
    assert [p.document_id for p in result.plans] == [latest]
    assert {a.document_id for a in result.actions} == {latest}

    every = outstanding(db, "testshire", all_plans=True)
    assert [p.document_id for p in every.plans][0] == latest
    assert [p.document_id for p in every.plans][-2:] == [older, undated]
    assert len(every.actions) == 4 * 3  # three open actions in each plan
    assert [a.document_id for a in every.actions] == sorted(
        (a.document_id for a in every.actions),
        key=[p.document_id for p in every.plans].index,
    )


def test_a_copy_of_the_plan_with_no_records_does_not_hide_its_actions(db_path, make_plan):
    # the same plan imported twice, the second a copy whose table could not be
    # read (a page of it, a damaged file): same dates, imported last, no records.
    # Its open actions are the plan's, not "0 outstanding"
    db = open_db(db_path)
    full = import_document(db, make_plan("the plan"), "plan.pdf").document_id
    empty = dataclasses.replace(make_plan("page one only"), recommendations=[])
    import_document(db, empty, "plan-page-1.pdf")
    result = outstanding(db, "testshire")
    assert [p.document_id for p in result.plans] == [full]
    assert len(result.actions) == 3
    # a later plan with no records is still the latest: its actions are not known
    later = dataclasses.replace(make_plan("next year"), recommendations=[], published="2022-05-20")
    newest = import_document(db, later, "plan-2022.pdf").document_id
    assert [p.document_id for p in outstanding(db, "testshire").plans] == [newest]


def test_the_latest_judgement_of_each_recommendation(db_path, make_plan, make_irp):
    db = open_db(db_path)
    import_document(db, make_plan(), "plan.txt")
    first = import_document(db, make_irp("2022"), "irp-2022.txt").document_id
    later = import_document(
        db, dataclasses.replace(make_irp("2023"), published="2023-06-01"), "irp-2023.txt"
    ).document_id
    rec = {r["rec_no"]: r["id"] for r in db.query("SELECT id, rec_no FROM recommendations")}
    judgement = {
        (j["document_id"], j["ref"]): j["id"]
        for j in db.query("SELECT id, document_id, ref FROM judgements WHERE inspectorate = 'HMIP'")
    }
    db.execute("DELETE FROM judgement_links")  # whatever automatic linking did: set them here
    db["judgement_links"].insert_all(
        [
            # 1.1: judged in 2022 (Good) and again in 2023 (No meaningful): the 2023 one is latest
            {"judgement_id": judgement[first, "1.38"], "recommendation_id": rec["1.1"]},
            {"judgement_id": judgement[later, "1.39"], "recommendation_id": rec["1.1"]},
            # 1.2: a 2023 judgement a reviewer rejected, and a 2022 one
            {"judgement_id": judgement[later, "1.38"], "recommendation_id": rec["1.2"]},
            {"judgement_id": judgement[first, "1.39"], "recommendation_id": rec["1.2"]},
        ]
    )
    db.execute(
        "UPDATE judgements SET review_status = 'rejected' WHERE id = ?", [judgement[later, "1.38"]]
    )

    result = outstanding(db, "testshire", as_of=date(2024, 1, 1))
    by_rec = {a.rec_no: (a.judgement, a.judgement_date, a.judgement_id) for a in result.actions}
    assert by_rec["1.1"] == ("No meaningful progress", "2023-06-01", judgement[later, "1.39"])
    assert by_rec["1.2"] == ("No meaningful progress", "2022-10-01", judgement[first, "1.39"])


def test_queries_use_indexes(db_path, make_plan):
    from store.reports.latest_plan import _plans_sql
    from store.reports.outstanding import _ACTIONS_SQL

    db = open_db(db_path)
    import_document(db, make_plan(), "plan.txt")
    plan = db.execute(
        "EXPLAIN QUERY PLAN " + _ACTIONS_SQL,
        {"document_id": 1, "as_of": "2022-01-01", "overdue_only": 0},
    ).fetchall()
    details = [row[3] for row in plan]
    assert not [d for d in details if d.startswith("SCAN") and "SUBQUERY" not in d], details
    plans = db.execute(
        "EXPLAIN QUERY PLAN " + _plans_sql(2), ["HMP Testshire", "HMP/YOI Testshire"]
    ).fetchall()
    assert plans[0][3] == (
        "SEARCH documents USING INDEX idx_documents_establishment (establishment=?)"
    )
    names = db.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT establishment FROM documents "
        "WHERE establishment IS NOT NULL ORDER BY establishment"
    ).fetchall()
    assert "COVERING INDEX idx_documents_establishment" in names[0][3]


# --- the gold: HMP Belmarsh's 2021 action plan -------------------------------------------


def gold_outstanding(as_of: date) -> list[tuple[str, str, str, bool]]:
    """(rec_no, owner, target, overdue) of every open action of an agreed or partly agreed
    recommendation in the hand-checked gold, in document order; a month target is due on
    the month's last day."""
    gold = json.loads((SHARED / "gold" / f"{BELMARSH}.json").read_text(encoding="utf-8"))
    rows = []
    for rec in gold["recommendations"]:
        if rec["agreement"] not in ("Agreed", "Partly Agreed"):
            continue
        for action in rec["actions"]:
            target = action["target"]
            if target.strip().lower() in OPEN_TARGETS_EXCLUDED:
                continue
            try:
                day = dateparser.parse(target, default=datetime(2000, 1, 1)).date()
            except (ValueError, OverflowError):
                due = None
            else:
                due = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            rows.append((rec["rec_no"], action["owner"], target, due is not None and due < as_of))
    return rows


@pytest.fixture
def belmarsh_db(db_path):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    db = open_db(db_path)
    for stem in (BELMARSH, "001_cf611bd65976c5ea"):  # the plan and its IRP report
        path = SHARED / "corpus" / f"{stem}.txt"
        import_document(db, parse_document(read_document(path)), path.name)
    yield db
    db.close()


def test_belmarsh_outstanding_as_of_june_2022_is_exactly_the_gold(belmarsh_db):
    as_of = date(2022, 6, 30)
    expected = gold_outstanding(as_of)
    assert len(expected) == 19 and sum(overdue for *_, overdue in expected) == 18  # the gold's

    result = outstanding(belmarsh_db, "belmarsh", as_of=as_of)

    assert result.establishment.name == "HMP Belmarsh"
    assert [p.published for p in result.plans] == ["2021-11-12"]
    assert [(a.rec_no, a.owner, a.target, a.overdue) for a in result.actions] == expected
    overdue = outstanding(belmarsh_db, "HMP Belmarsh", as_of=as_of, overdue_only=True)
    assert [(a.rec_no, a.target) for a in overdue.actions] == [
        (rec_no, target) for rec_no, _, target, late in expected if late
    ]
    assert [a.rec_no for a in result.actions if not a.overdue] == ["7.3"]  # December 2022


def test_the_judgement_shown_is_the_one_recommendation_progress_shows(belmarsh_db, make_irp):
    """The lookup picks the latest judgement through indexes, for speed; the view
    recommendation_progress is the product's definition of it. They must agree."""
    db = belmarsh_db
    hand = dataclasses.replace(
        make_irp("later", establishment="HMP Belmarsh"), published="2023-01-01"
    )
    import_document(db, hand, "later-irp.txt")
    recs = [r["id"] for r in db.query("SELECT id FROM recommendations ORDER BY id")]
    judgements = [j["id"] for j in db.query("SELECT id FROM judgements ORDER BY id")]
    # a few more links of every kind: later reports, confirmed, by hand, rejected
    db.execute("UPDATE judgements SET review_status = 'rejected' WHERE id = ?", [judgements[0]])
    db.execute(
        "INSERT INTO judgements (inspectorate, ref, judgement, judged_on, recorded_at) "
        "VALUES ('HMIP', '1.38', 'Good progress', '2024-02-02', '2024-03-01T10:00:00+00:00')"
    )
    by_hand = db.execute("SELECT MAX(id) FROM judgements").fetchone()[0]
    for judgement, rec, confirmed in (
        (judgements[-1], recs[0], 0),
        (judgements[-2], recs[1], 1),
        (by_hand, recs[4], 1),
        (judgements[0], recs[7], 1),
    ):
        db.execute(
            "INSERT OR REPLACE INTO judgement_links (judgement_id, recommendation_id, score, "
            "confirmed) VALUES (?, ?, 0.5, ?)",
            [judgement, rec, confirmed],
        )

    rows = outstanding(db, "belmarsh", as_of=date(2022, 6, 30)).actions
    progress = {
        p["recommendation_id"]: (p["latest_judgement"], p["judgement_date"], p["judgement_id"])
        for p in db.query("SELECT * FROM recommendation_progress")
    }
    assert any(row.judgement for row in rows)
    assert any(row.judgement_id == by_hand for row in rows)
    links = {
        (p["recommendation_id"]): (p["link_confirmed"], p["link_score"])
        for p in db.query("SELECT * FROM recommendation_progress")
    }
    for row in rows:
        assert (row.judgement, row.judgement_date, row.judgement_id) == progress[
            row.recommendation_id
        ], row.rec_no
        if row.judgement_id is not None:
            confirmed, score = links[row.recommendation_id]
            assert (row.judgement_confirmed, row.judgement_link_score) == (bool(confirmed), score)


def test_the_ranking_takes_the_same_latest_plan(db_path, make_plan):
    from store.reports.ranking import establishment_ranking

    db = open_db(db_path)
    import_document(db, make_plan("the plan"), "plan.pdf")
    empty = dataclasses.replace(make_plan("page one only"), recommendations=[])
    import_document(db, empty, "plan-page-1.pdf")
    (row,) = establishment_ranking(db, as_of=date(2026, 12, 7))
    shown = outstanding(db, "testshire", as_of=date(2026, 12, 7))
    assert row.overdue == sum(1 for a in shown.actions if a.overdue) > 0
