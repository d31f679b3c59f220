"""Plan metadata in the many ways plans print it: labels with or without a colon, any
case, other wordings, values after a phrase, in table cells, on the line below."""

from __future__ import annotations

import pytest

from extract import parse_document
from extract.action_plan.metadata import parse_iso_date, read_metadata, tidy_establishment

INTRO = (
    "INTRODUCTION\n\n"
    "HM Inspectorate of Prisons (HMIP) is an independent inspectorate. Action plans are sent "
    "to HMIP and published on the HMPPS web based Prison Finder. Progress against the "
    "implementation of the action plans will also be monitored and reported on.\n"
)


def _head(*lines: str, brand: bool = True) -> str:
    top = "HM Prison &\nProbation Service\n\n" if brand else ""
    return top + "\n\n".join(lines) + "\n\n" + INTRO


# (heading lines, establishment, inspection as printed, submitted, published)
HEADERS = [
    pytest.param(
        [
            "Action Plan: HMP Ferndale",
            "Action Plan Submitted 05 November 2019",
            "A Response to the HMIP Inspection 23 April – 3 May 2019",
            "Report Published 20 August 2019",
        ],
        "HMP Ferndale",
        "23 April – 3 May 2019",
        "2019-11-05",
        "2019-08-20",
        id="no-colons",
    ),
    pytest.param(
        [
            "Action Plan: HMP Coombe Hill",
            "Inspection dates 1 -12 November 2021",
            "Publication date 3 March 2022",
            "Submitted on 1st April 2022",
        ],
        "HMP Coombe Hill",
        "1 -12 November 2021",
        "2022-04-01",
        "2022-03-03",
        id="other-wordings",
    ),
    pytest.param(
        [
            "Action Plan: HMP Lowther",
            "Date of inspection: 6–17 June 2022",
            "Date of publication: 4th October 2022",
            "Date submitted: 29/11/2022",
        ],
        "HMP Lowther",
        "6–17 June 2022",
        "2022-11-29",
        "2022-10-04",
        id="date-of-labels",
    ),
    pytest.param(
        [
            "action plan: hmp ashgrove",
            "action plan submitted: 2 december 2021",
            "a response to the hmip inspection: 26–27 july and 2–6 august 2021",
            "report published: 12 november 2021",
        ],
        "HMP Ashgrove",
        "26–27 july and 2–6 august 2021",
        "2021-12-02",
        "2021-11-12",
        id="lower-case",
    ),
    pytest.param(
        [
            "ACTION PLAN: HMP ISLE OF THORNS",
            "ACTION PLAN SUBMITTED: 14 MARCH 2023",
            "A RESPONSE TO THE HMIP INSPECTION: 5 – 16 SEPTEMBER 2022",
            "REPORT PUBLISHED: 10 JANUARY 2023",
        ],
        "HMP Isle of Thorns",
        "5 – 16 SEPTEMBER 2022",
        "2023-03-14",
        "2023-01-10",
        id="upper-case",
    ),
    pytest.param(
        [
            "Action Plan: HMYOI Penhallow",
            "Action Plan Submitted: 6th June 2022",
            "A Response to the HMIP Inspection: 29 December 2021 – 7 January 2022",
            "Report Published: 3rd May 2022",
        ],
        "HMYOI Penhallow",
        "29 December 2021 – 7 January 2022",
        "2022-06-06",
        "2022-05-03",
        id="range-spanning-years",
    ),
    pytest.param(
        [
            "Action Plan: HMP Merefield",
            "Action Plan Submitted\t05 November 2019",
            "A Response to the HMIP Inspection\t8-19 July 2019",
            "Report Published\t1 October 2019",
        ],
        "HMP Merefield",
        "8-19 July 2019",
        "2019-11-05",
        "2019-10-01",
        id="table-cells",
    ),
    pytest.param(
        [
            "Action Plan: HMP Brantwood",
            "Action Plan Submitted:",
            "18th January 2019",
            "A Response to the HMIP Inspection:",
            "18th- 29th June 2018",
            "Report Published:",
            "21st November 2018",
        ],
        "HMP Brantwood",
        "18th- 29th June 2018",
        "2019-01-18",
        "2018-11-21",
        id="value-on-next-line",
    ),
    pytest.param(
        [
            "Action Plan: HMP Kirkby Fell",
            "Submitted: 9 March 2020      Published: 14 January 2020",
            "Inspection: 2nd – 13th September 2019",
        ],
        "HMP Kirkby Fell",
        "2nd – 13th September 2019",
        "2020-03-09",
        "2020-01-14",
        id="two-labels-one-line",
    ),
    pytest.param(
        [
            "HMPPS Action Plan for HMP Tarnside",
            "Date of publication – 20/08/2019",
            "Date of submission – 2019-10-15",
            "Dates of inspection – 29 April to 10 May 2019",
        ],
        "HMP Tarnside",
        "29 April to 10 May 2019",
        "2019-10-15",
        "2019-08-20",
        id="dashes-iso-date",
    ),
    pytest.param(
        [
            "Action Plan – HMP & YOI Wendlebury",
            "Report published on Tuesday 20 August 2019",
            "Action plan submitted to HMIP on 5th of November 2019",
            "A response to the HMIP inspection of HMP & YOI Wendlebury carried out between "
            "23 April and 3 May 2019",
        ],
        "HMP & YOI Wendlebury",
        "23 April and 3 May 2019",
        "2019-11-05",
        "2019-08-20",
        id="phrases-around-values",
    ),
    pytest.param(
        [
            "Action Plan HMP Saxonbury",
            "HMIP inspection dates: 4, 5 and 11–15 July 2022",
            "Date Report Published: 18 October 2022",
            "Date Action Plan Submitted: 03/11/2022",
        ],
        "HMP Saxonbury",
        "4, 5 and 11–15 July 2022",
        "2022-11-03",
        "2022-10-18",
        id="title-without-colon",
    ),
    pytest.param(
        [
            "HMP Greyfriars Action Plan",
            "Inspected: 6 – 17 June 2022",
            "Report publication date: 13th September 2022",
            "Submission date: 14.11.2022",
        ],
        "HMP Greyfriars",
        "6 – 17 June 2022",
        "2022-11-14",
        "2022-09-13",
        id="name-before-title",
    ),
    pytest.param(
        [
            "Establishment: HM Prison Whitlow Moor",
            "Date(s) of inspection: 1st–12th November 2021",
            "Inspection report published: 9 th February 2022",
            "Action plan dated 4 April 2022",
        ],
        "HMP Whitlow Moor",
        "1st–12th November 2021",
        "2022-04-04",
        "2022-02-09",
        id="establishment-label-hm-prison",
    ),
    pytest.param(
        [
            "Prison: HMP THE MOUNTFORD",
            "Full inspection 6–17 September 2021",
            "Published: 21 December 2021",
            "Submitted: 9th February 2022",
        ],
        "HMP The Mountford",
        "6–17 September 2021",
        "2022-02-09",
        "2021-12-21",
        id="prison-label-short-labels",
    ),
    pytest.param(
        [
            "ESTABLISHMENT HMYOI HAZELBROOK-ON-SEA",
            "Unannounced inspection: 3–14 July 2017",
            "Report Published: November 14, 2017",
            "Action Plan Submitted: December 12, 2017",
        ],
        "HMYOI Hazelbrook-on-Sea",
        "3–14 July 2017",
        "2017-12-12",
        "2017-11-14",
        id="month-first-dates",
    ),
    pytest.param(
        [
            "Name of establishment: HMP/YOI Ormsdale",
            "Dates of inspection 29 November – 10 December 2021",
            "Date published 8th March 2022",
            "Date action plan submitted 2nd May 2022",
        ],
        "HMP/YOI Ormsdale",
        "29 November – 10 December 2021",
        "2022-05-02",
        "2022-03-08",
        id="name-of-establishment",
    ),
    pytest.param(
        [
            "Action Plan: HMP Eastcote Vale",
            "  •  Action Plan Submitted - 11 June 2024",
            "  •  Inspection dates - 22 January – 8 February 2024",
            "  •  Report Published - 8 May 2024",
        ],
        "HMP Eastcote Vale",
        "22 January – 8 February 2024",
        "2024-06-11",
        "2024-05-08",
        id="bulleted",
    ),
    pytest.param(
        [
            "Action Plan: HMP Hollowell",
            "Report Published:\t\t20 August 2019",
            "Action Plan Submitted:\t\t5 November 2019",
            "A Response to the HMIP Inspection:\t\t23 April – 3 May 2019",
        ],
        "HMP Hollowell",
        "23 April – 3 May 2019",
        "2019-11-05",
        "2019-08-20",
        id="padded-cells-other-order",
    ),
    pytest.param(
        [
            "Action Plan: HMP Ryecroft",
            "Action Plan Submitted: 1st October 2024 (revised 15th October 2024)",
            "A Response to the HMIP Inspection: 15th – 26th April 2024.",
            "Report Published: 6th Aug 2024",
        ],
        "HMP Ryecroft",
        "15th – 26th April 2024",
        "2024-10-01",
        "2024-08-06",
        id="bracketed-note-and-abbreviation",
    ),
    pytest.param(
        [
            "Action Plan: HMP Dunmere",
            "A Response to the HMIP Inspection: 1 -12 November 2021",
            "Report Published: 1st March 2022",
            "Action Plan Submitted: 26.04.22",
        ],
        "HMP Dunmere",
        "1 -12 November 2021",
        "2022-04-26",
        "2022-03-01",
        id="two-digit-year",
    ),
    pytest.param(
        [
            "Action Plan for: HMP Norbury Cross",
            "Inspection period: 30th September – 11th October 2024",
            "Report published: 14th January 2025",
            "Action plan submission date: 24th February 2025",
        ],
        "HMP Norbury Cross",
        "30th September – 11th October 2024",
        "2025-02-24",
        "2025-01-14",
        id="period-and-submission-date",
    ),
    pytest.param(
        [
            "Action Plan: His Majesty's Prison Castlegate",
            "Inspection took place: 10th – 21st February 2025",
            "Report Published: 13th May 2025",
            "HMPPS Action Plan Submitted: 23rd June 2025",
        ],
        "HMP Castlegate",
        "10th – 21st February 2025",
        "2025-06-23",
        "2025-05-13",
        id="his-majestys-prison",
    ),
    pytest.param(
        [
            "Action Plan: HMP Linford Green",
            "A Response to the HMIP Inspection: 3rd – 14th December 2018",
            "Report Published: 12-03-2019",
            "Action Plan Submitted: 11/04/2019",
        ],
        "HMP Linford Green",
        "3rd – 14th December 2018",
        "2019-04-11",
        "2019-03-12",
        id="numeric-dates",
    ),
    pytest.param(
        [
            "Action Plan: HMP Sedgemoor Park",
            "Action Plan Submitted:   3rd September 2019",
            "A Response to the HMIP Inspection:   11th- 22nd March 2019",
            "Report Published:   9th July 2019",
        ],
        "HMP Sedgemoor Park",
        "11th- 22nd March 2019",
        "2019-09-03",
        "2019-07-09",
        id="wide-gaps",
    ),
    pytest.param(
        [
            "Action Plan: HMP Farleigh",
            "A response to the HM Inspectorate of Prisons inspection: 7th to 18th November 2022",
            "The report was published: 14th March 2023",
            "The action plan was submitted on 11th April 2023",
        ],
        "HMP Farleigh",
        "7th to 18th November 2022",
        "2023-04-11",
        "2023-03-14",
        id="inspectorate-spelled-out",
    ),
]


@pytest.mark.parametrize(
    ("lines", "establishment", "inspection", "submitted", "published"), HEADERS
)
def test_metadata_forms(lines, establishment, inspection, submitted, published):
    meta = read_metadata(_head(*lines))
    assert (meta.establishment, meta.inspection, meta.submitted, meta.published) == (
        establishment,
        inspection,
        submitted,
        published,
    )
    assert meta.warnings == []


def test_at_least_25_header_forms():
    assert len(HEADERS) >= 25


def test_labels_first_then_values_are_paired_by_order_with_a_warning():
    # a heading table read column by column: the labels, then their values
    text = _head(
        "Action Plan: HMP Wolds End",
        "Action Plan Submitted",
        "A Response to the HMIP Inspection",
        "Report Published",
        "2 December 2021",
        "26–27 July and 2–6 August 2021",
        "12 November 2021",
    )
    meta = read_metadata(text)
    assert (meta.submitted, meta.inspection, meta.published) == (
        "2021-12-02",
        "26–27 July and 2–6 August 2021",
        "2021-11-12",
    )
    assert sum("paired by order" in w for w in meta.warnings) == 3


def test_unlabelled_establishment_is_read_with_a_warning():
    meta = read_metadata(
        _head(
            "HMP Kingsmead",
            "Action Plan Submitted: 5 November 2019",
            "A Response to the HMIP Inspection: 23 April – 3 May 2019",
            "Report Published: 20 August 2019",
        )
    )
    assert meta.establishment == "HMP Kingsmead"
    assert any("not from a label" in w for w in meta.warnings)


def test_establishment_from_the_inspection_phrase_has_a_warning():
    meta = read_metadata(
        _head(
            "A Response to the HMIP Inspection of HMP Bellhaven 23 April – 3 May 2019",
            "Report Published 20 August 2019",
            "Action Plan Submitted 05 November 2019",
        )
    )
    assert (meta.establishment, meta.inspection) == ("HMP Bellhaven", "23 April – 3 May 2019")
    assert any("inspection line" in w for w in meta.warnings)


def test_brand_line_is_not_an_establishment():
    meta = read_metadata(_head("Report Published: 20 August 2019"))
    assert meta.establishment is None
    assert any("no establishment" in w for w in meta.warnings)


def test_month_only_date_is_not_a_day_and_says_so():
    meta = read_metadata(_head("Action Plan: HMP Ferndale", "Action Plan Submitted: November 2019"))
    assert meta.submitted is None
    assert any("not readable" in w for w in meta.warnings)


def test_dates_in_an_impossible_order_are_flagged():
    meta = read_metadata(
        _head(
            "Action Plan: HMP Ferndale",
            "Action Plan Submitted: 05/01/2019",  # printed month-first? read 5 January
            "A Response to the HMIP Inspection: 23 April – 3 May 2019",
            "Report Published: 20 August 2019",
        )
    )
    assert meta.submitted == "2019-01-05"
    assert any("check both dates" in w for w in meta.warnings)


def test_two_different_values_for_one_field_are_flagged():
    meta = read_metadata(
        _head(
            "Action Plan: HMP Ferndale",
            "Report Published: 20 August 2019",
            "Action Plan Submitted: 5 November 2019",
            "A Response to the HMIP Inspection: 23 April – 3 May 2019",
            "Report published: 27 August 2019",
        )
    )
    assert meta.published == "2019-08-20"
    assert any("more than once" in w for w in meta.warnings)


def test_two_names_for_the_establishment_are_flagged():
    meta = read_metadata(
        _head(
            "Action Plan: HMP Ferndale",
            "ESTABLISHMENT: HMP FERNDALE",
            "ESTABLISHMENT: HMP FERNHILL",
        )
    )
    assert meta.establishment == "HMP Ferndale"
    assert any("two ways" in w and "Fernhill" in w for w in meta.warnings)


def test_body_text_is_not_a_label():
    text = _head(
        "Action Plan: HMP Ferndale",
        "Report Published: 20 August 2019",
    ) + (
        "\npublished on the HMPPS website within 2 months of the report\n"
        "Inspection reports are read by the governor within 10 days\n"
        "Submitted actions are tracked monthly.\n"
    )
    meta = read_metadata(text)
    assert meta.published == "2019-08-20"
    assert meta.inspection is None and meta.submitted is None


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("05 November 2019", "2019-11-05"),
        ("1st of September 2016", "2016-09-01"),
        ("14 th October 2016", "2016-10-14"),
        ("Tuesday 5 November 2019", "2019-11-05"),
        ("November 5, 2019", "2019-11-05"),
        ("2019-11-05", "2019-11-05"),
        ("05.11.19", "2019-11-05"),
        ("5 Nov. 2019", "2019-11-05"),
        ("5th Sept 2019", "2019-09-05"),
        ("5 November 2019 (draft 1 October 2019)", "2019-11-05"),
        ("November 2019", None),
        ("to be confirmed", None),
    ],
)
def test_parse_iso_date(printed, iso):
    assert parse_iso_date(printed) == iso


@pytest.mark.parametrize(
    ("printed", "tidy"),
    [
        ("HMP BELMARSH", "HMP Belmarsh"),
        ("hmp belmarsh", "HMP Belmarsh"),
        ("HMP THE VERNE", "HMP The Verne"),
        ("HMP HATHERLEY-ON-SWALE", "HMP Hatherley-on-Swale"),
        ("HM Prison Whitlow", "HMP Whitlow"),
        ("HM Young Offender Institution Lowfield", "HMYOI Lowfield"),
        ("HMP & YOI Keswick", "HMP & YOI Keswick"),
        ("HMP/YOI Saltmarsh", "HMP/YOI Saltmarsh"),
        ("HMP St Aldric's", "HMP St Aldric's"),
    ],
)
def test_tidy_establishment(printed, tidy):
    assert tidy_establishment(printed) == tidy


def test_whole_plan_with_unusual_heading():
    text = (
        _head(
            "HMP Redstone Action Plan",
            "A Response to the HMIP Inspection 1 -12 November 2021",
            "Report Published 3rd March 2022",
            "Action Plan Submitted 26 April 2022",
        )
        + "\nRec No\tRecommendation\tAgreed/Partly Agreed/Not Agreed\tResponse\t"
        "Responsible Owner\tTarget Date\n"
        "1\tCells should be warm. (2.1)\tAgreed\tHeating repaired.\tGovernor\tMay 2022\n"
    )
    plan = parse_document(text)
    assert (plan.establishment, plan.inspection, plan.submitted, plan.published) == (
        "HMP Redstone",
        "1 -12 November 2021",
        "2022-04-26",
        "2022-03-03",
    )


def test_labels_run_together_on_one_line():
    meta = read_metadata(
        _head(
            "Action Plan: HMP Ferndale",
            "A Response to the HMIP Inspection: 23 April – 3 May 2019 Report Published: "
            "20 August 2019 Action Plan Submitted: 5 November 2019",
        )
    )
    assert (meta.inspection, meta.published) == ("23 April – 3 May 2019", "2019-08-20")


@pytest.mark.parametrize(
    ("line", "inspection"),
    [
        ("A Response to the HMIP Inspection of HMP Ferndale: 4–15 March 2019", "4–15 March 2019"),
        (
            "A response to HM Chief Inspector of Prisons' inspection 4–15 March 2019",
            "4–15 March 2019",
        ),
        (
            "A Response to the HMIP Full Inspection – 4th to 15th March 2019",
            "4th to 15th March 2019",
        ),
        ("Inspection of HMP Ferndale carried out 4 - 15 March 2019", "4 - 15 March 2019"),
    ],
)
def test_inspection_phrases(line, inspection):
    meta = read_metadata(_head("Action Plan: HMP Ferndale", line))
    assert meta.inspection == inspection


def test_response_submitted_label():
    meta = read_metadata(_head("Action Plan: HMP Ferndale", "HMPPS response submitted: 5 Nov 2019"))
    assert meta.submitted == "2019-11-05"
