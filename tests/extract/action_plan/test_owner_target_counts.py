"""Owners and targets that disagree in count are paired with a warning
(extract/action_plan/actions.py): one owner printed twice beside one target is
read as one action, but the reader is told, as the second action's empty target
paragraph may have been lost (a .docx or PDF cell keeps no empty paragraph)."""

from __future__ import annotations

import pytest

from extract import parse_document

HEADER = (
    "Action Plan: HMP Eastmoor\nAction Plan Submitted: 3 March 2023\n"
    "A Response to the HMIP Inspection: 9–20 January 2023\nReport Published: 2 February 2023\n\n"
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
    "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date\n"
)


def _record(owner: str, target: str, response: str = "<p>One.</p> <p>Two.</p>"):
    row = (
        f"4.2\tRecommendation 1.1: Cells should be clean. (To the governor)\tAgreed"
        f"\t{response}\t{owner}\t{target}"
    )
    (record,) = parse_document(HEADER + row + "\n\n").recommendations
    return record


def _counted(record) -> list[str]:
    return [w for w in record.warnings if "beside one target" in w]


@pytest.mark.parametrize(
    "owner",
    [
        "<p>Head of Safer Custody</p> <p>Head of Safer Custody</p>",
        "<p>Governor</p> <p>Governor</p> <p>Governor</p>",
    ],
)
def test_one_owner_printed_again_beside_one_target_warns(owner):
    record = _record(owner, "<p>October 2024</p>")
    assert [(a.owner, a.target) for a in record.actions] == [
        (owner.split("</p>")[0].removeprefix("<p>"), "October 2024")
    ]
    (warning,) = _counted(record)
    assert "printed" in warning and "read as one action" in warning


def test_an_empty_target_paragraph_kept_pairs_without_the_warning():
    """The text export keeps the empty paragraph: two actions, the second with no date."""
    owner = "<p>Head of Offender Management</p> <p>Head of Offender Management</p>"
    record = _record(owner, "<p>October 2024</p> <p></p>")
    assert [(a.owner, a.target) for a in record.actions] == [
        ("Head of Offender Management", "October 2024"),
        ("Head of Offender Management", ""),
    ]
    assert _counted(record) == []


@pytest.mark.parametrize(
    ("owner", "target"),
    [
        ("<p>Governor</p>", "<p>March 2024</p>"),
        ("<p>Governor</p> <p>Head of Residence</p>", "<p>March 2024</p> <p>June 2024</p>"),
        ("<p>Governor</p>", "<p>March 2024</p> <p>June 2024</p>"),
    ],
)
def test_owners_and_targets_that_agree_do_not_warn(owner, target):
    assert _counted(_record(owner, target)) == []


def test_different_owners_beside_one_target_still_warn_as_before():
    record = _record("<p>Governor</p> <p>Head of Residence</p>", "<p>March 2024</p>")
    assert any("2 owners but 1 targets" in w for w in record.warnings)


@pytest.mark.parametrize(
    ("owner", "target"),
    [
        ("<p>Governor</p> <p>April 2023</p>", "<p>March 2023</p> <p>May 2023</p>"),
        ("<p>Head of Safety</p> <p>Q3 2024/25</p>", "<p>Complete</p> <p>Ongoing</p>"),
    ],
)
def test_an_owner_that_reads_like_a_date_warns(owner, target):
    # a date in the owner column (cells shifted by a broken row, a PDF's
    # paragraphs misread): kept as printed, and the reviewer told
    record = _record(owner, target)
    (warning,) = [w for w in record.warnings if "reads like a date" in w]
    assert warning.startswith("action 2: owner ")


@pytest.mark.parametrize("owner", ["N/A", "Ongoing", "Head of Learning and Skills 2", "HMP 2"])
def test_an_owner_not_made_of_dates_does_not(owner):
    record = _record(owner, "March 2024")
    assert not [w for w in record.warnings if "reads like a date" in w]
