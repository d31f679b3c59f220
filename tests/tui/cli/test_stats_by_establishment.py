"""``hmip-review stats --by-establishment``: establishments ranked, in 80 columns (CliRunner)."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from extract.models import IRPReport, Judgement
from store import import_document, open_db
from store.reports.ranking import below_reasonable, establishment_ranking
from tests.support.repeat_plans import repeat_plan
from tui.cli import main


def build(db_path):
    db = open_db(db_path)
    for year in (2015, 2018, 2021):
        import_document(db, repeat_plan(year), f"{year}.txt")
    # another prison: one plan, overdue by the as-of day, and an IRP below reasonable
    import_document(db, repeat_plan(2018, establishment="HMP Otherton"), "o.txt")
    irp = IRPReport(
        text="IRP of HMP Otherton\n",
        establishment="HMP Otherton",
        published="2019-10-01",
        judgements=[
            Judgement(1, "HMIP", "2.51", "Health", "Dentist.", "No meaningful progress"),
            Judgement(2, "HMIP", "2.60", "Library", "Library.", "Good progress"),
            Judgement(3, "Ofsted", "1", "Education", "What progress?", "Insufficient progress"),
            Judgement(4, "HMIP", "2.61", "Kitchen", "Kitchen.", None, not_assessed=True),
        ],
    )
    import_document(db, irp, "irp.txt")
    return db


def test_the_ranking_counts_overdue_repeats_and_judgements_below_reasonable(db_path):
    db = build(db_path)
    try:
        ranking = establishment_ranking(db, date(2022, 6, 30))
    finally:
        db.close()
    assert [r.establishment for r in ranking] == ["HMP Otherton", "HMP Testshire"]
    otherton, testshire = ranking
    # Otherton's latest plan (2018): 4 actions due December 2019
    assert (otherton.plans, otherton.irp_reports, otherton.overdue) == (1, 1, 4)
    # No meaningful (HMIP) and Insufficient (Ofsted) are below reasonable; not assessed is
    # no judgement
    assert (otherton.judgements, otherton.below_reasonable) == (3, 2)
    assert otherton.share_below_reasonable == 2 / 3
    # Testshire's latest plan (2021) is due December 2022: nothing overdue yet
    assert (testshire.plans, testshire.overdue) == (3, 0)
    # 5.8 (2021) repeats 1.1 (2018), which repeats 2.1 (2015); 5.10 repeats 1.2 once
    assert (testshire.repeated, testshire.repeated_twice, testshire.unconfirmed) == (2, 1, 1)
    assert testshire.share_below_reasonable is None


def test_below_reasonable_reads_each_inspectorates_own_scale():
    assert below_reasonable("HMIP", "Insufficient progress")
    assert below_reasonable("Ofsted", "Insufficient progress")
    assert not below_reasonable("HMIP", "Reasonable progress")
    assert not below_reasonable("Ofsted", "Significant progress")
    assert not below_reasonable("HMIP", None)


def test_stats_by_establishment_fits_80_columns(db_path):
    build(db_path).close()
    runner = CliRunner(env={"COLUMNS": "80", "HMIP_REVIEW_DB": None})
    result = runner.invoke(main, ["stats", "--by-establishment", "--as-of", "2022-06-30",
                                  "--db", str(db_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.output
    rows = [line for line in lines if line.startswith("HMP ")]
    assert rows[0].split()[:6] == ["HMP", "Otherton", "1", "1", "4", "0"]
    assert rows[0].endswith("2/3 67%")
    assert rows[1].split()[:9] == ["HMP", "Testshire", "3", "0", "0", "0", "2", "1", "1"]


def test_plain_stats_counts_repeat_links(db_path):
    from store.review.repeat_link_changes import confirm_repeat_link

    db = build(db_path)
    later, earlier = db.execute(
        "SELECT recommendation_id, earlier_recommendation_id FROM repeat_links LIMIT 1"
    ).fetchone()
    confirm_repeat_link(db, later, earlier, "ann")
    db.close()
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    result = runner.invoke(main, ["stats", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    # 3 links in Testshire's plans; 5.10 (text differs) and 5.11 (9.99 printed nowhere) warned
    assert (
        "Repeat links: 1 confirmed, 2 automatic, 0 automatic by text alone, "
        "2 recommendations with a repeat warning" in result.output
    )
