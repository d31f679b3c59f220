"""Unit tests of the action-plan parser's pieces, on varied inputs of our own."""

from __future__ import annotations

import ast

import pytest

from extract import ParseError, detect_kind, parse_document
from extract.action_plan.columns import agreement_value, assign_columns
from extract.action_plan.metadata import parse_iso_date, tidy_establishment
from extract.action_plan.refs import parse_rec_text, strip_trailers
from extract.dates import read_target, repair_split_month, split_repeated_owner, split_targets
from tests.support.paths import REPO

ROLES6 = ["rec_no", "text", "agreement", "response", "owner", "target"]
ROLES5 = ["rec_no", "text", "response", "owner", "target"]


@pytest.mark.parametrize(
    ("printed", "iso", "status"),
    [
        ("December 2021", "2021-12-31", "open"),
        ("February 2024", "2024-02-29", "open"),
        ("Sept 2023", "2023-09-30", "open"),
        ("31/03/2022", "2022-03-31", "open"),
        ("01/04/2023", "2023-04-01", "open"),
        ("1st April 2022", "2022-04-01", "open"),
        ("End of March 2020", "2020-03-31", "open"),
        ("August 2024 (For bid process)", "2024-08-31", "open"),
        ("Q3 2022-23", "2022-12-31", "open"),
        ("Q4 2022/23", "2023-03-31", "open"),
        ("Q1 2024-25", "2024-06-30", "open"),
        ("Complete", None, "complete"),
        ("Completed", None, "complete"),
        ("N/A", None, "not_applicable"),
        ("Ongoing", None, "open"),
    ],
)
def test_target_dates(printed, iso, status):
    reading = read_target(printed)
    assert (reading.target_date, reading.status) == (iso, status)
    assert reading.problem is None


@pytest.mark.parametrize("printed", ["2001000.000", "Spring term", "tbd soon", ""])
def test_unreadable_target_has_no_date_and_a_problem(printed):
    reading = read_target(printed)
    assert reading.target_date is None
    assert reading.problem


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Complete December 2021", ["Complete", "December 2021"]),
        ("September 2024 October 2024", ["September 2024", "October 2024"]),
        ("Completed June 2019", ["Completed", "June 2019"]),
        ("March 2023 July 2022", ["March 2023", "July 2022"]),
        ("31/03/2022 30/06/2022", ["31/03/2022", "30/06/2022"]),
        ("August 2024 (For bid process)", ["August 2024 (For bid process)"]),
        ("December 2022 and then annually", ["December 2022 and then annually"]),
        ("NHS England Governor", ["NHS England Governor"]),
    ],
)
def test_split_targets(cell, units):
    assert split_targets(cell) == units


def test_repeated_owner_and_split_month():
    assert split_repeated_owner("Governor Governor", 2) == ["Governor", "Governor"]
    assert (
        split_repeated_owner("Head of Residence Head of Residence", 2) == ["Head of Residence"] * 2
    )
    assert split_repeated_owner("NHS England Governor", 3) is None
    assert repair_split_month("Aug", "just 2022") == "August 2022"
    assert repair_split_month("Sep", "tember 2023") == "September 2023"
    assert repair_split_month("Governor", "2022") is None


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Agreed", "Agreed"),
        ("AGREED", "Agreed"),
        ("  agreed. ", "Agreed"),
        ("Partly Agreed", "Partly Agreed"),
        ("Partly  agreed", "Partly Agreed"),
        ("Partially Agreed", "Partly Agreed"),
        ("Part-agreed", "Partly Agreed"),
        ("Not Agreed", "Not Agreed"),
        ("NOT AGREED", "Not Agreed"),
        ("Agreed in principle", "Agreed"),
        ("was insufficient on, and unities for, ce progression", None),
        ("", None),
    ],
)
def test_agreement_normalised(cell, value):
    assert agreement_value(cell) == value


def test_rec_text_key_concern_and_recommendation():
    p = parse_rec_text(
        "Key concern 2.14: Too few prisoners were in work. "
        "Recommendation: Leaders should increase the number of activity places. (To the governor)"
    )
    assert p.ref == "2.14"
    assert p.concern == "Too few prisoners were in work."
    assert p.recommendation == "Leaders should increase the number of activity places."
    assert p.addressee == "governor"


@pytest.mark.parametrize(
    ("text", "rec", "ref", "repeated", "addressee"),
    [
        ("Staff should be trained. (2.5)", "Staff should be trained.", "2.5", None, None),
        ("Main rec text here. (S12)", "Main rec text here.", "S12", None, None),
        (
            "Women should cook (4.1, repeated recommendation 3.9)",
            "Women should cook",
            "4.1",
            "3.9",
            None,
        ),
        ("Skills should be recorded (5.27).", "Skills should be recorded", "5.27", None, None),
        (
            "Recommendation 6.40: Cells should be clean. (Repeated recommendation 2.11.) (To HMPPS)",
            "Cells should be clean.",
            "6.40",
            "2.11",
            "HMPPS",
        ),
        (
            "Recommendation 1.2: Exercise daily. (Repeated recommendation 1.35). (To the governor",
            "Exercise daily.",
            "1.2",
            "1.35",
            "governor",
        ),
    ],
)
def test_rec_text_trailers(text, rec, ref, repeated, addressee):
    p = parse_rec_text(text)
    assert (p.recommendation, p.ref, p.repeated_ref, p.addressee) == (rec, ref, repeated, addressee)


def test_trailing_brackets_that_are_not_refs_stay():
    text, removed = strip_trailers("Use the Mental Health Act (1983) guidance (MHA).")
    assert text == "Use the Mental Health Act (1983) guidance (MHA)."
    assert removed == []


def test_ocr_noise_before_label_is_dropped():
    p = parse_rec_text(
        "Key concern 1.1: Teaching was weak. Recommendatoin Recommendation: Improve it."
    )
    assert p.concern == "Teaching was weak."
    assert any("noise" in w for w in p.warnings)


def test_concerns_layout_text_is_the_concern():
    p = parse_rec_text("Prisoners could not get help quickly.", concerns_layout=True)
    assert (p.concern, p.recommendation) == ("Prisoners could not get help quickly.", None)


@pytest.mark.parametrize(
    ("cells", "roles", "expected"),
    [
        # PDF line that lost its rec-no cell
        (
            ["more concern text", "", "more response text here", "", "June 2023"],
            ROLES6,
            (1, 2, 3, 4, 5),
        ),
        # PDF line that lost its agreement cell
        (
            ["", "concern text goes on", "response text goes on here", "", "Ongoing"],
            ROLES6,
            (0, 1, 3, 4, 5),
        ),
        # concerns table line that lost its rec-no cell
        (
            ["", "A response paragraph of some length.", "Governor", "May 2025"],
            ROLES5,
            (1, 2, 3, 4),
        ),
        (["text continues here", "response continues here", "March 2024"], ROLES6, (1, 3, 5)),
    ],
)
def test_assign_columns(cells, roles, expected):
    assert assign_columns(cells, roles) == expected


def test_metadata_helpers():
    assert tidy_establishment("HMP BELMARSH") == "HMP Belmarsh"
    assert tidy_establishment("HMYOI CARROW VALE") == "HMYOI Carrow Vale"
    assert tidy_establishment("HMP Isle of Wight") == "HMP Isle of Wight"
    assert parse_iso_date("18th January 2019") == "2019-01-18"
    assert parse_iso_date("05/03/2021") == "2021-03-05"
    assert parse_iso_date("March 2021") is None  # no day: not a submission date


def test_detect_kind_rejects_other_text():
    with pytest.raises(ParseError, match="expected"):
        detect_kind("")
    with pytest.raises(ParseError):
        detect_kind("Minutes of the board meeting.\nApologies were received.\n")
    with pytest.raises(ParseError, match="binary"):
        detect_kind("abc\x00def")


def test_plan_without_rows_is_an_error():
    text = (
        "Action Plan: HMP Nowhere\nA Response to the HMIP Inspection: 1-5 May 2023\n"
        "1. Rec No\t2. Recommendation\t3. Agreed\t4. Response Action Taken/Planned\t"
        "5. Responsible Owner\t6. Target Date\n"
    )
    with pytest.raises(ParseError, match="no recommendation rows"):
        parse_document(text)


EXTRACT = REPO / "extract"


def test_extract_is_pure():
    """extract/ imports neither SQLite, Textual nor the other layers."""
    for path in EXTRACT.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                assert root not in {"sqlite3", "sqlite_utils", "textual", "store", "tui"}, path


def test_extract_names_no_corpus_document():
    """Nothing in extract/ is keyed to one corpus document."""
    words = ["belmarsh", "elmley", "chelmsford", "hmp send", "oxleas", "weston", "novus"]
    for path in EXTRACT.glob("*.py"):
        source = path.read_text().lower()
        for word in words:
            assert word not in source, f"{path.name} names {word!r}"


def _plan(rows: list[str], summary: str = "") -> str:
    header = (
        "Action Plan: HMP Eastmoor\nAction Plan Submitted: 3 March 2023\n"
        "A Response to the HMIP Inspection: 9–20 January 2023\nReport Published: 2 February 2023\n\n"
        "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
        "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date\n"
    )
    return header + "\n".join(rows) + "\n\n" + summary


def test_continuation_repeating_its_number_is_not_a_new_row():
    text = _plan(
        [
            "\tRecommendations\t\t\t\t",
            "2.1\tRecommendation 3.3: Cells should be cleaned\tAgreed\tA rota is set.\tGovernor\tMay 2023",
            "",
            "Page footer line",
            "",
            "2.1\tweekly. (To the governor)\t\tChecks follow.\tGovernor\tJune 2023",
            "Page footer line",
            "2.2\tRecommendation 3.4: Meals should be hot. (To the governor)\tNot Agreed\tNo funding.\tN/A\tN/A",
        ],
        "Recommendations\t\nAgreed\t1\nPartly Agreed\t0\nNot Agreed\t1\nTotal\t2\n",
    )
    plan = parse_document(text)
    assert [r.rec_no for r in plan.recommendations] == ["2.1", "2.2"]
    first = plan.recommendations[0]
    assert first.recommendation == "Cells should be cleaned weekly."
    assert [(a.owner, a.target, a.target_date) for a in first.actions] == [
        ("Governor", "May 2023", "2023-05-31"),
        ("Governor", "June 2023", "2023-06-30"),
    ]
    assert plan.recommendations[1].actions[0].status == "not_applicable"
    assert plan.warnings == []
    assert plan.stated_counts == {"Agreed": 1, "Partly Agreed": 0, "Not Agreed": 1, "Total": 2}


def test_missing_agreement_inferred_only_when_one_answer_fits():
    rows = [
        "3.1\tRecommendation 1.1: A. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
        "3.2\tRecommendation 1.2: B. (To the governor)\t\tR.\tGovernor\tMay 2023",
        "3.3\tRecommendation 1.3: C. (To the governor)\tNot Agreed\tR.\tGovernor\tMay 2023",
    ]
    one = _plan(rows, "Agreed\t2\nPartly Agreed\t0\nNot Agreed\t1\nTotal\t3\n")
    rec = parse_document(one).recommendations[1]
    assert (rec.agreement, rec.agreement_printed) == ("Agreed", False)
    assert any("inferred" in w for w in rec.warnings)
    # two blank cells, and the summary leaves one Agreed and one Partly Agreed: no unique answer
    rows[2] = rows[2].replace("Not Agreed", "")
    two = _plan(rows, "Agreed\t2\nPartly Agreed\t1\nNot Agreed\t0\nTotal\t3\n")
    for rec in parse_document(two).recommendations[1:]:
        assert rec.agreement is None
        assert any("more than one answer" in w for w in rec.warnings)


def test_count_mismatch_is_a_document_warning():
    rows = ["4.1\tRecommendation 1.1: A. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023"]
    plan = parse_document(_plan(rows, "Agreed\t2\nPartly Agreed\t0\nNot Agreed\t0\nTotal\t2\n"))
    assert any("counts differ" in w for w in plan.warnings)


def test_garbled_and_missing_numbers_are_implied_by_neighbours():
    rows = [
        "5.1\tRecommendation 1.1: A. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
        "\tRecommendation 1.2: B. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
        ".3\tRecommendation 1.3: C. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
        "5.4\tRecommendation 1.4: D. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
    ]
    recs = parse_document(_plan(rows)).recommendations
    assert [r.rec_no for r in recs] == ["5.1", "5.2", "5.3", "5.4"]
    assert [r.rec_no_as_printed for r in recs] == ["5.1", "", ".3", "5.4"]
    assert all(any("neighbours" in w for w in r.warnings) for r in recs[1:3])


def test_heading_rows_and_addressee():
    rows = [
        "\tKey concerns and recommendations\t\t\t\t",
        "\tTo HMPPS\t\t\t\t",
        "1.1\t<p>Key concern 1.9: Staffing was short.</p> <p>Recommendation: Recruit staff.</p>"
        "\tPartly agreed\t<p>Recruitment is under way.</p> <p>Retention plan.</p>"
        "\t<p>Prison Group Director</p> <p>Governor</p>\t<p>Q2 2023-24</p> <p>31/12/2023</p>",
        "\tHealth services\t\t\t\t",
        "1.2\tPatients should be seen promptly. (2.40)\tAgreed\tClinics added.\tHead of Healthcare\tComplete",
    ]
    recs = parse_document(_plan(rows)).recommendations
    first, second = recs
    assert (first.section, first.heading, first.addressee) == (
        "Key concerns and recommendations",
        "To HMPPS",
        "HMPPS",
    )
    assert (first.ref, first.concern, first.recommendation) == (
        "1.9",
        "Staffing was short.",
        "Recruit staff.",
    )
    assert first.agreement == "Partly Agreed"
    assert [(a.owner, a.target_date, a.text) for a in first.actions] == [
        ("Prison Group Director", "2023-09-30", "Recruitment is under way."),
        ("Governor", "2023-12-31", "Retention plan."),
    ]
    assert (second.heading, second.addressee, second.ref) == ("Health services", None, "2.40")
    assert second.actions[0].status == "complete"


def test_irp_title_wrapped_over_two_lines_is_detected():
    text = (
        "Report on an independent\nreview of progress at HMP Kestrel Moor\n\n"
        "We judged that there had been reasonable progress.\n"
    )
    assert detect_kind(text) == "irp_report"


def test_spreadsheet_month_and_owner_splitting():
    from extract.dates import split_known_owners

    assert read_target("Mar-24").target_date == "2024-03-31"
    assert split_targets("Immediate Sept 2023") == ["Immediate", "Sept 2023"]
    known = {"Deputy Governor", "Head of Safety", "Governor"}
    assert split_known_owners("Deputy Governor Head of Safety", 2, known) == [
        "Deputy Governor",
        "Head of Safety",
    ]
    # ambiguous or unknown: left whole
    assert split_known_owners("Deputy Governor Head of Safety", 3, known) is None
    assert split_known_owners("NHS England Governor", 2, {"Governor"}) is None


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("Do it. (To NOMS)", "HMPPS"),
        ("Do it. (To the National Offender Management Service)", "HMPPS"),
        ("Do it. (To the Governor)", "governor"),
        ("Do it. (To the governor and HMPPS)", None),
        ("Do it. (To NHS England)", None),
    ],
)
def test_addressee_is_within_the_contract(text, addressee):
    parsed = parse_rec_text(text)
    assert parsed.addressee == addressee
    if addressee is None:
        assert any("addressee" in w for w in parsed.warnings)


def test_rows_broken_by_pdf_extraction_are_mended():
    rows = [
        "\tRecommendations\t\t\t\t",
        "3.1\tRecommendation 2.1: Cells should be warm. (To the governor)\tPartly"
        "\tHeating will be fixed.\tHead of\tEnd of",
        "\t\tAgreed\tRadiators are on order.\tResidence\tMarch 2024",
        "\t\t\t\tDelivery Manager\t",
        "3.2 Recommendation 2.2: Showers should work. (To the governor) Agreed Repairs booked."
        "\tFacilities Manager May 2024",
        "\uf0b7",
        "3.3\tRecommendation 2.3: Food should be hot. (To the governor)\tAgreed\tNew trolleys."
        "\tCatering Manager\t\u2022 June 2024 \u2022 July 2024",
    ]
    plan = parse_document(_plan(rows))
    first, second, third = plan.recommendations
    assert first.agreement == "Partly Agreed"
    assert [(a.owner, a.target) for a in first.actions] == [
        ("Head of Residence", "End of March 2024"),
        ("Delivery Manager", ""),
    ]
    assert second.rec_no == "3.2"
    assert (second.agreement, second.recommendation) == ("Agreed", "Showers should work.")
    assert [(a.owner, a.target) for a in second.actions] == [("Facilities Manager", "May 2024")]
    assert [(a.owner, a.target) for a in third.actions] == [
        ("Catering Manager", "June 2024"),
        ("Catering Manager", "July 2024"),
    ]


def test_ocr_labels_and_numbers():
    rows = [
        "4.9\tKey concem 1.7: Staff were absent. Recomrnendation: Staff should attend."
        "\tAgreed\tRota fixed.\tGovernor\tMay 2024",
        "4.l0\tRecommendation 3.1: Logs should be kept. (To the governor)\tAgreed\tDone.\tGovernor\tComplete",
    ]
    first, second = parse_document(_plan(rows)).recommendations
    assert (first.ref, first.concern, first.recommendation) == (
        "1.7",
        "Staff were absent.",
        "Staff should attend.",
    )
    assert second.rec_no == "4.10"


def test_sections_that_hold_no_recommendations_are_skipped():
    rows = [
        "\tAreas of concern\t\t\t\t",
        "1\tThe gym was closed. (2.1)\tAgreed\tReopened.\tGovernor\tComplete",
        "\tGood practice\t\t\t\t",
        "\tThe library ran a reading scheme that was valued by prisoners. (4.35)\t\t\t\t",
    ]
    plan = parse_document(_plan(rows))
    assert len(plan.recommendations) == 1
    rec = plan.recommendations[0]
    assert (rec.section, rec.ref) == ("Areas of concern", "2.1")
    assert any("Good practice" in w for w in plan.warnings)


def test_metadata_label_variants():
    from extract.action_plan.metadata import read_metadata

    meta = read_metadata(
        "HMPPS Action Plan: HMP St Bede's\nInspection dates: 4–15 March 2019\n"
        "Date report published: 2 July 2019\nDate Action Plan Submitted: 27 August 2019\n"
    )
    assert (meta.establishment, meta.inspection, meta.published, meta.submitted) == (
        "HMP St Bede's",
        "4–15 March 2019",
        "2019-07-02",
        "2019-08-27",
    )


def test_repeated_owner_with_free_text_target():
    rows = [
        "1.1\tRecommendation 2.1: Visits should resume. (To the governor)\tAgreed\tDone; more later."
        "\tGovernor Governor\tComplete When regime restrictions allow",
    ]
    rec = parse_document(_plan(rows)).recommendations[0]
    assert [(a.owner, a.target) for a in rec.actions] == [
        ("Governor", "Complete"),
        ("Governor", "When regime restrictions allow"),
    ]


def test_unlabelled_key_concern_paragraphs():
    rows = [
        "\tKey concerns and recommendations\t\t\t\t",
        "2.1\t<p>Too few prisoners had work.</p> <p>Many were locked up all day.</p> "
        "<p>Leaders should provide more activity places.</p>\tAgreed\tPlaces added.\tGovernor\tMay 2024",
    ]
    rec = parse_document(_plan(rows)).recommendations[0]
    assert rec.concern == "Too few prisoners had work. Many were locked up all day."
    assert rec.recommendation == "Leaders should provide more activity places."


def test_lowercase_word_wrapped_from_the_text_is_not_a_section():
    rows = [
        "\tKey concerns and recommendations\t\t\t\t",
        "3.1\tKey concern 1.1: Cells were cold. Recommendation: Cells should be heated, as a"
        "\tAgreed\tHeating fixed.\tGovernor\tMay 2024",
        "\trecommendation\t\t\t\t",
        "\tof the last report. (To the governor)\t\t\t\t",
    ]
    rec = parse_document(_plan(rows)).recommendations[0]
    assert rec.section == "Key concerns and recommendations"
    assert rec.recommendation.endswith("of the last report.")
    assert rec.addressee == "governor"


def test_tabbed_page_footers_are_not_rows():
    rows = [
        "\tRecommendations\t\t\t\t",
        "1.1\tRecommendation 2.1: Cells should be warm and dry in winter, with\tAgreed"
        "\tHeating fixed.\tGovernor\tMay 2024",
        "Page 2\tOFFICIAL",
        "\tworking heating. (To the governor)\t\t\t\t",
        "1.2\tRecommendation 2.2: Food should be hot. (To the governor)\tAgreed\tTrolleys.\tGovernor\tJune 2024",
        "Page 3\tOFFICIAL",
    ]
    plan = parse_document(_plan(rows))
    first = plan.recommendations[0]
    assert first.recommendation.endswith("with working heating.")
    assert [(a.owner, a.target) for a in first.actions] == [("Governor", "May 2024")]


def test_summary_table_printed_before_the_table():
    text = _plan(
        [
            "7.1\tRecommendation 1.1: A. (To the governor)\tAgreed\tR.\tGovernor\tMay 2023",
            "7.2\tRecommendation 1.2: B. (To the governor)\t\tR.\tGovernor\tMay 2023",
        ]
    ).replace(
        "1. Rec No",
        "Recommendations\t\nAgreed\t1\nPartly Agreed\t1\nNot Agreed\t0\nTotal\t2\n\n1. Rec No",
    )
    plan = parse_document(text)
    assert plan.stated_counts == {"Agreed": 1, "Partly Agreed": 1, "Not Agreed": 0, "Total": 2}
    assert plan.recommendations[1].agreement == "Partly Agreed"


def test_owner_and_target_lists_split_by_a_page_break():
    rows = [
        "5.1\tRecommendation 1.1: A. (To the governor)\tAgreed\t<p>One.</p> <p>Two.</p>"
        "\t<p>Head of Safety</p>\t<p>July 2021</p> <p>October 2021</p>",
        "",
        "\t\t\t<p>Three.</p>\t<p>Head of Safety</p> <p>Head of Healthcare</p>\t<p>December 2021</p>",
        "5.2\tRecommendation 1.2: B. (To the governor)\tAgreed\tR.\tGovernor Governor\tMarch 2020",
        "",
        "\t\t\t\t\tJune 2020",
    ]
    first, second = parse_document(_plan(rows)).recommendations
    assert [(a.owner, a.target) for a in first.actions] == [
        ("Head of Safety", "July 2021"),
        ("Head of Safety", "October 2021"),
        ("Head of Healthcare", "December 2021"),
    ]
    assert [(a.owner, a.target) for a in second.actions] == [
        ("Governor", "March 2020"),
        ("Governor", "June 2020"),
    ]


def test_concern_and_recommendation_columns():
    text = (
        "Action Plan: HMP Eastmoor\nA Response to the HMIP Inspection: 1–5 May 2023\n\n"
        "1. No\t2. Concern\t3. Recommendation\t4. Response\t5. Owner\t6. Target Date\n"
        "\tPriority concerns\t\t\t\t\n"
        "1\tCells were cold.\tLeaders should heat the cells.\tHeating fixed.\tGovernor\tMay 2024\n"
    )
    plan = parse_document(text)
    rec = plan.recommendations[0]
    assert (rec.section, rec.concern, rec.recommendation) == (
        "Priority concerns",
        "Cells were cold.",
        "Leaders should heat the cells.",
    )
    assert plan.layout == "concerns_table"


def test_ocr_noise_target_is_not_joined_to_the_next_date():
    rows = [
        "6.4\tRecommendation 1.1: A. (To the governor)\tAgreed\tOne.\tGovernor\tSeptember 2022",
        "\t\t\tTwo.\t\t200210.0000",
        "\t\t\tThree.\t\tMarch 2023",
    ]
    rec = parse_document(_plan(rows)).recommendations[0]
    assert [a.target for a in rec.actions] == ["September 2022", "200210.0000", "March 2023"]
    assert rec.actions[1].target_date is None


@pytest.mark.parametrize(
    "cells, first",
    [
        (["1. Rec No", "2. Recommendation", "3. Agreed", "4. Response", "5. Owner", "6. Target"],
         "rec_no"),
        (["1. Rec", "2. Recommendation", "3. Agreed", "4. Response", "5. Owner", "6. Target"],
         "rec_no"),  # a header wrapped in a PDF: 'No' fell to the next line
        (["Rec.", "Recommendation", "Agreed", "Action", "Owner", "Date"], "rec_no"),
        (["Ref", "Concern", "Action", "Responsible Owner", "Target Date"], "rec_no"),
        (["Number", "Recommendation", "Response", "Owner", "Timescale"], "rec_no"),
    ],
)  # fmt: skip
def test_header_roles_know_the_rec_number_column_however_it_is_labelled(cells, first):
    from extract.action_plan.table import header_roles

    roles = header_roles(cells)
    assert roles is not None and roles[0] == first
    assert "recommendation" not in roles  # 'Recommendation' is the text column
