"""Tables found by their shape: header rows in any wording and order, agreement as one
column or three ticked ones, columns read from what the rows hold, padded or merged
cells, rows with no number."""

from __future__ import annotations

import pytest

from extract import detect_kind, parse_document
from extract.action_plan.columns import ticked
from extract.action_plan.header import header_cell_role
from extract.action_plan.table import read_table

HEAD = (
    "Action Plan: HMP Eastmoor\n\nInspection dates: 9–20 January 2023\n\n"
    "Report Published: 2 February 2023\n\nSubmitted on: 3 March 2023\n\n"
)
SUMMARY = "\nRecommendations\t\nAgreed\t2\nPartly Agreed\t1\nNot Agreed\t1\nTotal\t4\n"

# the same four rows, by role; each table below prints them in its own order and words
ROWS = [
    {
        "rec_no": "1.1",
        "text": "Cells should be warm and dry. (2.1)",
        "agreement": "Agreed",
        "response": "The heating has been repaired on every wing.",
        "owner": "Head of Residence",
        "target": "May 2023",
    },
    {
        "rec_no": "1.2",
        "text": "Meals should be served hot. (2.2)",
        "agreement": "Partly Agreed",
        "response": "New trolleys have been bought; the kitchen hours cannot change.",
        "owner": "Catering Manager",
        "target": "June 2023",
    },
    {
        "rec_no": "1.3",
        "text": "A new sports hall should be built. (2.3)",
        "agreement": "Not Agreed",
        "response": "This recommendation is not agreed. There is no capital funding.",
        "owner": "N/A",
        "target": "N/A",
    },
    {
        "rec_no": "1.4",
        "text": "Prisoners should be able to phone their families every day. (2.4)",
        "agreement": "Agreed",
        "response": "In-cell telephones have been installed.",
        "owner": "Head of Security",
        "target": "Complete",
    },
]
AGREEMENTS = ("Agreed", "Partly Agreed", "Not Agreed")


def _line(row: dict, roles: list[str], marks: tuple[str, str] = ("✓", "")) -> str:
    cells = []
    for role in roles:
        if role == "ticks":
            on, off = marks
            cells += [on if row["agreement"] == a else off for a in AGREEMENTS]
        else:
            cells.append(row.get(role, ""))
    return "\t".join(cells)


def _plan(header: list[str] | None, roles: list[str], marks=("✓", ""), head=HEAD) -> str:
    section = {role: "" for role in roles} | {"text": "Recommendations", "agreement": ""}
    lines = [] if header is None else ["\t".join(header)]
    lines.append(_line(section, roles, ("", "")))
    lines += [_line(row, roles, marks) for row in ROWS]
    return head + "\n".join(lines) + "\n" + SUMMARY


def _check(plan) -> None:
    recs = plan.recommendations
    assert [r.rec_no for r in recs] == ["1.1", "1.2", "1.3", "1.4"]
    assert [r.agreement for r in recs] == [row["agreement"] for row in ROWS]
    assert [r.ref for r in recs] == ["2.1", "2.2", "2.3", "2.4"]
    assert [r.recommendation for r in recs] == [row["text"][:-6] for row in ROWS]
    assert [r.response for r in recs] == [row["response"] for row in ROWS]
    assert [[(a.owner, a.target) for a in r.actions] for r in recs] == [
        [(row["owner"], row["target"])] for row in ROWS
    ]
    assert all(r.section == "Recommendations" for r in recs)


# (header cells, the role of each cell in order, tick marks)
TABLES = [
    pytest.param(
        [
            "No.",
            "Recommendation",
            "Response – action taken / planned",
            "Responsible",
            "Target date",
            "Agreed",
            "Partly agreed",
            "Not agreed",
        ],
        ["rec_no", "text", "response", "owner", "target", "ticks"],
        ("✓", ""),
        id="issue-header-ticks-last",
    ),
    pytest.param(
        ["Agreed / Partly agreed / Not agreed", "Ref", "Recommendation", "Actions", "Lead", "By when"],
        ["agreement", "rec_no", "text", "response", "owner", "target"],
        None,
        id="agreement-first-lead-by-when",
    ),
    pytest.param(
        [
            "Rec. no",
            "Finding",
            "Agreed",
            "Partly agreed",
            "Not agreed",
            "Action planned",
            "By whom",
            "Completion date",
        ],
        ["rec_no", "text", "ticks", "response", "owner", "target"],
        ("Yes", "No"),
        id="ticks-in-the-middle-yes-no",
    ),
    pytest.param(
        ["Recommendation number", "Recommendation", "Agreed?", "Partially agreed", "Disagreed",
         "HMPPS response", "Action owner", "Deadline"],
        ["rec_no", "text", "ticks", "response", "owner", "target"],
        ("X", ""),
        id="x-marks-action-owner-deadline",
    ),
    pytest.param(
        ["Para", "Recommendation", "Progress update", "Owner", "Timescale", "Agreement"],
        ["rec_no", "text", "response", "owner", "target", "agreement"],
        None,
        id="agreement-last-one-column",
    ),
    pytest.param(
        ["Recommendation", "Ref no", "Agreement", "Due date", "Accountable", "Planned action"],
        ["text", "rec_no", "agreement", "target", "owner", "response"],
        None,
        id="shuffled",
    ),
    pytest.param(
        ["#", "Recommendation", "Accepted", "Partly accepted", "Not accepted", "Action taken",
         "Who", "When"],
        ["rec_no", "text", "ticks", "response", "owner", "target"],
        ("✔", "–"),
        id="accepted-who-when",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("header", "roles", "marks"), TABLES)
def test_tables_in_any_wording_and_order(header, roles, marks):
    plan = parse_document(_plan(header, roles, marks or ("✓", "")))
    _check(plan)
    assert not [w for r in plan.recommendations for w in r.warnings]


@pytest.mark.parametrize(("header", "roles", "marks"), TABLES)
def test_such_a_table_says_the_text_is_a_plan(header, roles, marks):
    # no 'Responsible Owner', no 'Response Action Taken': only the title and the table
    assert detect_kind(_plan(header, roles, marks or ("✓", ""))) == "action_plan"


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("No.", "rec_no"),
        ("1. Rec No", "rec_no"),
        ("Ref", "rec_no"),
        ("Recommendation number", "rec_no"),
        ("Para no.", "rec_no"),
        ("Recommendation", "text"),
        ("2. Recommendations", "text"),
        ("Findings", "text"),
        ("Key concern", "concern"),
        ("Concerns", "concern"),
        ("Response – action taken / planned", "response"),
        ("4. Response Action Taken/Planned", "response"),
        ("HMPPS response", "response"),
        ("Actions", "response"),
        ("Progress update", "response"),
        ("Responsible", "owner"),
        ("5. Responsible Owner", "owner"),
        ("Lead", "owner"),
        ("By whom", "owner"),
        ("Action owner", "owner"),
        ("Accountable manager", "owner"),
        ("Target date", "target"),
        ("Timescale", "target"),
        ("Time scales", "target"),
        ("By when", "target"),
        ("Completion date", "target"),
        ("Deadline", "target"),
        ("Due date", "target"),
        ("Agreed / Partly agreed / Not agreed", "agreement"),
        ("3. Agreed/ Partly Agreed/ Not Agreed", "agreement"),
        ("Agreement", "agreement"),
        ("Agreed", "tick:Agreed"),
        ("Partly agreed", "tick:Partly Agreed"),
        ("Partially Agreed", "tick:Partly Agreed"),
        ("Not agreed", "tick:Not Agreed"),
        ("Term", None),
        ("Comments", None),
        ("", None),
    ],
)
def test_header_cell_roles(cell, role):
    assert header_cell_role(cell) == role


@pytest.mark.parametrize(
    ("marks", "value", "problem"),
    [
        ({"Agreed": "✓", "Partly Agreed": "", "Not Agreed": ""}, "Agreed", None),
        ({"Agreed": "", "Partly Agreed": "X", "Not Agreed": ""}, "Partly Agreed", None),
        ({"Agreed": "No", "Partly Agreed": "No", "Not Agreed": "Yes"}, "Not Agreed", None),
        ({"Agreed": "X", "Partly Agreed": "✓", "Not Agreed": "X"}, "Partly Agreed", None),
        ({"Agreed": "", "Partly Agreed": "", "Not Agreed": ""}, None, None),
        ({"Agreed": "No", "Partly Agreed": "No", "Not Agreed": "No"}, None, "no agreement"),
        ({"Agreed": "✓", "Partly Agreed": "✓", "Not Agreed": ""}, None, "more than one"),
    ],
)
def test_tick_marks(marks, value, problem):
    got, why = ticked(marks)
    assert got == value
    assert (why is None) if problem is None else (problem in why)


def test_two_columns_ticked_is_flagged_and_inferred_from_the_summary():
    text = _plan(
        ["No.", "Recommendation", "Response", "Responsible", "Target date", "Agreed",
         "Partly agreed", "Not agreed"],
        ["rec_no", "text", "response", "owner", "target", "ticks"],
    )  # fmt: skip
    text = text.replace("Meals should be served hot. (2.2)", "Meals should be served hot. (2.2)", 1)
    lines = text.split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("1.2\t"))
    lines[k] = lines[k].rsplit("\t", 3)[0] + "\t✓\t✓\t"
    plan = parse_document("\n".join(lines))
    rec = plan.recommendations[1]
    assert rec.agreement == "Partly Agreed" and rec.agreement_printed is False
    assert any("more than one agreement column" in w for w in rec.warnings)


def test_column_without_a_heading_is_read_from_its_rows():
    # the number column has no heading: its cells are rec numbers
    header = ["", "Recommendation", "Agreed/Partly Agreed/Not Agreed", "Response", "Owner", "Date"]
    roles = ["rec_no", "text", "agreement", "response", "owner", "target"]
    plan = parse_document(_plan(header, roles))
    _check(plan)
    assert any("column 1" in w and "rec_no" in w for w in plan.warnings)


def test_unknown_column_is_left_out_with_a_warning():
    header = ["No.", "Recommendation", "Agreement", "Response", "Owner", "Target", "RAG status"]
    roles = ["rec_no", "text", "agreement", "response", "owner", "target", "status"]
    text = _plan(header, roles)
    plan = parse_document(text.replace("\tMay 2023\n", "\tMay 2023\tGreen\n"))
    _check(plan)
    assert any("'RAG status'" in w and "not read" in w for w in plan.warnings)


@pytest.mark.parametrize(
    "roles",
    [
        ["rec_no", "text", "response", "owner", "target", "agreement"],
        ["rec_no", "text", "agreement", "response", "owner", "target"],
        ["rec_no", "agreement", "text", "response", "target", "owner"],
    ],
)
def test_no_header_row_columns_from_what_the_rows_hold(roles):
    head = HEAD.replace(
        "Action Plan: HMP Eastmoor",
        "Action Plan: HMP Eastmoor\n\nA Response to the HMIP Inspection: 9–20 January 2023",
    )
    plan = parse_document(_plan(None, roles, head=head))
    _check(plan)
    assert any("no table header row" in w for w in plan.warnings)


PADDED_HEADER = "1. Rec No\t2. Recommendation\t\t3. Agreed/ Partly Agreed/ Not Agreed\t4. Response\t5. Responsible Owner\t\t6. Target Date"


def _padded(rows: list[str]) -> str:
    return HEAD + "\n".join([PADDED_HEADER, *rows]) + "\n" + SUMMARY


def test_padded_header_and_rows_read_by_the_header_spans():
    rows = [
        "Recommendations\t\t\t\t\t\t\t",  # a section row merged across the whole table
        "1.1\tCells should be warm and dry. (2.1)\t\tAgreed\tThe heating has been repaired on every wing.\tHead of Residence\t\tMay 2023",
        "1.2\tMeals should be served hot. (2.2)\t\tPartly Agreed\tNew trolleys have been bought; the kitchen hours cannot change.\tCatering Manager\t\tJune 2023",
        "1.3\tA new sports hall should be built. (2.3)\tNot Agreed\tThis recommendation is not agreed. There is no capital funding.\tN/A\tN/A",
        "1.4\tPrisoners should be able to phone their families every day. (2.4)\t\tAgreed\tIn-cell telephones have been installed.\tHead of Security\t\tComplete",
    ]  # fmt: skip
    plan = parse_document(_padded(rows))
    _check(plan)


def test_unnumbered_row_padded_at_the_end_is_not_absorbed():
    rows = [
        "Recommendations\t\t\t\t\t\t\t",
        "1.1\tCells should be warm and dry. (2.1)\t\tAgreed\tThe heating has been repaired on every wing.\tHead of Residence\t\tMay 2023",
        # no number, short by one cell and padded at the end: every cell one column left
        "Meals should be served hot. (2.2)\t\tPartly Agreed\tNew trolleys have been bought; the kitchen hours cannot change.\tCatering Manager\t\tJune 2023\t",
        "1.3\tA new sports hall should be built. (2.3)\t\tNot Agreed\tThis recommendation is not agreed. There is no capital funding.\tN/A\t\tN/A",
        "1.4\tPrisoners should be able to phone their families every day. (2.4)\t\tAgreed\tIn-cell telephones have been installed.\tHead of Security\t\tComplete",
    ]  # fmt: skip
    plan = parse_document(_padded(rows))
    _check(plan)
    first, second = plan.recommendations[:2]
    assert first.recommendation == "Cells should be warm and dry."
    assert second.rec_no_as_printed == ""
    assert any("placed by content" in w for w in second.warnings)
    assert any("not printed" in w for w in second.warnings)


def test_row_shifted_right_by_padding_is_put_back():
    table = read_table(
        HEAD
        + "1. Rec No\t2. Concern\t3. Response\t4. Owner\t5. Target Date\n"
        + "1\tToo few prisoners had work.\tWorkshops will reopen.\tGovernor\tMay 2023\n"
        + "\tTwo new workshops will open.\tHead of Industries\tJune 2023\t\n"
    )
    row = table.rows[-1]
    assert (row.get("response"), row.get("owner"), row.get("target")) == (
        "Two new workshops will open.",
        "Head of Industries",
        "June 2023",
    )
    assert row.notes


def test_merged_heading_in_the_first_cell_is_a_heading():
    rows = [
        "Recommendations\t\t\t\t\t\t\t",
        "To the Governor\t\t\t\t\t\t\t",
        "1.1\tCells should be warm and dry. (2.1)\t\tAgreed\tThe heating has been repaired on every wing.\tHead of Residence\t\tMay 2023",
    ]  # fmt: skip
    rec = parse_document(_padded(rows)).recommendations[0]
    assert (rec.section, rec.heading, rec.addressee) == (
        "Recommendations",
        "To the Governor",
        "governor",
    )


CONCERNS_HEAD = (
    HEAD + "No\tKey concern\tHMPPS response\tAction owner\tDeadline\n\tPriority concerns\t\t\t\n"
)


def test_unnumbered_concern_between_numbers_is_a_row_of_its_own():
    text = CONCERNS_HEAD + (
        "1\tDrugs were easy to get.\tPost is photocopied.\tHead of Security\tMay 2023\n"
        "2\tToo many prisoners left homeless.\tReferrals start earlier.\tHead of Resettlement\tJune 2023\n"
        "\tClinics were often cancelled.\tTwo nurses have been recruited.\tHead of Healthcare\tOngoing\n"
        "4\tComplaints were answered late.\tA weekly report goes to the senior team.\tDeputy Governor\tJuly 2023\n"
    )
    recs = parse_document(text).recommendations
    assert [r.rec_no for r in recs] == ["1", "2", "3", "4"]
    assert recs[1].concern == "Too many prisoners left homeless."
    assert recs[2].concern == "Clinics were often cancelled."
    assert any("no number between 2 and 4" in w for w in recs[2].warnings)


def test_continuation_without_a_numbering_gap_stays_a_continuation():
    text = CONCERNS_HEAD + (
        "1\tDrugs were easy to get.\tPost is photocopied.\tHead of Security\tMay 2023\n"
        "\tMany prisoners had debts.\tDebt is discussed at the safety meeting.\tHead of Safety\tJune 2023\n"
        "2\tComplaints were answered late.\tA weekly report goes to the senior team.\tDeputy Governor\tJuly 2023\n"
    )
    recs = parse_document(text).recommendations
    assert [r.rec_no for r in recs] == ["1", "2"]
    assert [(a.owner, a.target) for a in recs[0].actions] == [
        ("Head of Security", "May 2023"),
        ("Head of Safety", "June 2023"),
    ]


def test_term_table_is_not_a_header():
    text = (
        HEAD
        + "Term\tDefinition\tAdditional comment\tNotes\n"
        + "Agreed\tAll of it is agreed.\tExplain how.\t\n"
    )
    assert read_table(text) is None


def test_header_wrapped_over_two_lines_is_not_a_row():
    text = (
        HEAD
        + "1. Rec\t2. Recommendation\t3. Agreed/ Partly\t4. Response Action\t5. Responsible\t6. Target\n"
        + "No\t\tAgreed/ Not Agreed\tTaken/Planned\tOwner\tDate\n"
        + "\tRecommendations\t\t\t\t\n"
        + "1.1\tCells should be warm and dry. (2.1)\tAgreed\tHeating repaired.\tGovernor\tMay 2023\n"
    )
    plan = parse_document(text)
    assert [r.rec_no for r in plan.recommendations] == ["1.1"]
    assert plan.recommendations[0].section == "Recommendations"


def test_tick_on_a_line_that_lost_cells_is_flagged():
    text = (
        HEAD
        + "No.\tRecommendation\tResponse\tResponsible\tTarget date\tAgreed\tPartly agreed\tNot agreed\n"
        + "1.1\tCells should be warm and dry. (2.1)\tHeating repaired.\tGovernor\tMay 2023\t✓\n"
    )
    rec = parse_document(text).recommendations[0]
    assert any("which column it stands in is a guess" in w for w in rec.warnings)
