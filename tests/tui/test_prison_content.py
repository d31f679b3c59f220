"""What the prison screen makes of a report: labels, chart data and lines (no app)."""

from __future__ import annotations

from store.reports.prison import ChainLink, PrisonDocument, PrisonReport
from tui.screens.prison_content import (
    action_chart,
    action_parts,
    actions_text,
    agreement_chart,
    document_line,
    judgement_chart,
    labels_of,
    link_line,
    timeline_chart,
)


def plan(id_: int, published: str | None, year: int | None = None, **actions) -> PrisonDocument:
    counts = {"open": 0, "overdue": 0, "complete": 0, "not_applicable": 0}
    counts |= {"target_unreadable": 0} | actions
    return PrisonDocument(
        id=id_,
        kind="action_plan",
        title=None,
        published=published,
        year=year or (int(published[:4]) if published else None),
        agreements={"Agreed": 3, "Partly Agreed": 1, "Not Agreed": 0, "none": 2},
        actions=counts,
        reviewed=2,
        total=6,
        judgements={},
    )


def irp(id_: int, published: str, hmip: dict, ofsted: dict | None = None) -> PrisonDocument:
    return PrisonDocument(
        id=id_,
        kind="irp_report",
        title=None,
        published=published,
        year=int(published[:4]),
        agreements={},
        actions={},
        reviewed=0,
        total=sum(hmip.values()) + sum((ofsted or {}).values()),
        judgements=hmip,
        education_judgements=ofsted or {},
    )


def test_labels_are_years_with_the_month_where_two_share_one():
    docs = [plan(1, "2018-03-01"), plan(2, "2018-11-20"), plan(3, "2021-05-01"), plan(4, None)]
    assert labels_of(docs) == {1: "2018-03", 2: "2018-11", 3: "2021", 4: "undated #4"}
    same_day = [plan(5, "2019-06-01"), plan(6, "2019-06-30")]
    assert labels_of(same_day) == {5: "2019-06 #5", 6: "2019-06 #6"}


def test_action_parts_add_up_to_every_action_once():
    document = plan(1, "2021-01-01", open=10, overdue=4, target_unreadable=2, complete=3)
    parts = action_parts(document)
    assert parts == {
        "complete": 3,
        "open_on_time": 4,  # open, neither overdue nor of unknown date
        "overdue": 4,
        "target_unreadable": 2,
        "not_applicable": 0,
    }
    assert sum(parts.values()) == 13
    assert actions_text(document.actions).plain == (
        "10 open (4 overdue, 2 target unreadable), 3 complete"
    )


def test_agreement_chart_counts_no_agreement_apart():
    report = PrisonReport("HMP X", [plan(1, "2015-01-01"), plan(2, "2018-01-01")], [])
    chart = agreement_chart(report)
    assert chart.labels == ("2015", "2018")
    assert {s.name: s.values for s in chart.series} == {
        "Agreed": (3, 3),
        "Partly agreed": (1, 1),
        "Not agreed": (0, 0),
        "No agreement": (2, 2),
    }
    assert action_chart(report).is_empty  # no action at all: said in words
    assert action_chart(report).empty == "no action in its plans"


def test_judgement_chart_has_a_bar_per_value_given_each_report_stacked():
    report = PrisonReport(
        "HMP X",
        [
            plan(1, "2018-01-01"),
            irp(2, "2019-06-01", {"Insufficient progress": 2, "Reasonable progress": 1}),
            irp(
                3,
                "2022-06-01",
                {"Insufficient progress": 1, "Good progress": 3, "unreadable": 1},
                {"Significant progress": 1},
            ),
        ],
        [],
    )
    chart = judgement_chart(report)
    assert chart.labels == (
        "Insufficient",
        "Reasonable",
        "Good",
        "unreadable",
        "Ofsted significant",
    )
    assert [(s.name, s.values) for s in chart.series] == [
        ("IRP 2019", (2, 1, 0, 0, 0)),
        ("IRP 2022", (1, 0, 3, 1, 1)),
    ]
    line = document_line(report.documents[2], "2022").plain
    assert "6 judgements: 1 insufficient, 3 good, 1 unreadable, 1 ofsted significant" in line
    no_irp = PrisonReport("HMP X", [plan(1, "2018-01-01")], [])
    assert judgement_chart(no_irp).is_empty
    assert judgement_chart(no_irp).empty == "no IRP report of this prison"


def test_timeline_places_dated_documents_and_counts_the_undated():
    report = PrisonReport(
        "HMP X",
        [plan(1, "2018-07-02"), plan(2, None, year=2020), plan(3, None), irp(4, "2022-01-01", {})],
        [],
    )
    timeline = timeline_chart(report)
    assert [(round(p.at, 2), p.row, p.label) for p in timeline.points] == [
        (2018.5, "plans", "2018"),
        (2020.5, "plans", "2020"),  # a year and no day: the middle of it
        (2022.0, "IRPs", "2022"),
    ]
    assert timeline.note == "1 undated document not placed"


def test_a_chain_link_says_how_it_is_tied_and_judged():
    first = ChainLink(1, 10, "2.1", "2.30", "2015-05-20", 2015, "Agreed", None, None)
    later = ChainLink(
        2, 11, "5.8", "3.27", "2021-05-20", 2021, None, "Good progress", False, 0.81, False, 0.78
    )
    assert link_line(first, True).plain == "  2015 2.1 ref 2.30 · Agreed · not judged"
    assert link_line(later, False).plain == (
        "  ↳ 2021 5.8 ref 3.27 · no agreement · IRP: Good (unconfirmed link 0.78) · "
        "unconfirmed 0.81"
    )
