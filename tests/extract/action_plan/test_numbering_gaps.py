"""A number left out of a run of numbered rows ('3', '5': no '4') is warned of
(extract/action_plan/numbering.py ``check_gaps``): the plan says a row may be
missing, and the row before the gap that the missing row may have been read into."""

from __future__ import annotations

import pytest

from extract import parse_document

HEADER = (
    "Action Plan: HMP Eastmoor\nAction Plan Submitted: 3 March 2023\n"
    "A Response to the HMIP Inspection: 9–20 January 2023\nReport Published: 2 February 2023\n\n"
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
    "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date\n"
)


def _plan(numbers: list[str]):
    rows = [
        f"{n}\tRecommendation {k}.1: Cells should be clean. (To the governor)\tAgreed"
        f"\tA rota is set.\tGovernor\tMay 2023"
        for k, n in enumerate(numbers, 1)
    ]
    return parse_document(HEADER + "\n".join(rows) + "\n\n")


@pytest.mark.parametrize(
    ("numbers", "before", "missing"),
    [
        (["1", "2", "3", "5", "6"], "3", "rec no 4 "),
        (["4.1", "4.2", "4.5"], "4.2", "rec no 4.3 to 4.4 "),
    ],
)
def test_a_number_left_out_warns_the_plan_and_the_row_before(numbers, before, missing):
    plan = _plan(numbers)
    assert [r.rec_no for r in plan.recommendations] == numbers
    assert any(w.startswith(missing) and "missing" in w for w in plan.warnings)
    for rec in plan.recommendations:
        warned = any(w.startswith(missing) for w in rec.warnings)
        assert warned == (rec.rec_no == before), rec.rec_no


@pytest.mark.parametrize(
    "numbers",
    [
        ["1", "2", "3"],
        ["1.1", "1.2", "2.1", "2.2"],  # a new section starts again
        ["5.3", "5.4", "1.1"],  # a second table numbered afresh
    ],
)
def test_runs_without_a_gap_do_not_warn(numbers):
    plan = _plan(numbers)
    assert not any("not found" in w for w in plan.warnings)
    assert not any("not found" in w for r in plan.recommendations for w in r.warnings)
