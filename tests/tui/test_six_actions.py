"""One record, one screen: the actions of a record in sight without scrolling, beside
its source span.

The record is read by the importer from a plan's text (a Word-table row whose cells
hold six paragraphs of actions, owners and targets), so the source pane shows the
row it came from, as a reviewer would see it.
"""

from __future__ import annotations

import pytest

from extract import parse_document
from extract.formats.read import read_document
from store import import_document, open_db
from tests.support.pilot import current, queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.widgets.detail_pane import DetailPane
from tui.widgets.source_pane import SourceText

OWNERS = [
    "Governor",
    "Head of Safety",
    "Deputy Governor",
    "Head of Residence",
    "Head of Healthcare",
    "HMPPS Area Manager",
]
TARGETS = ["December 2021", "March 2022", "Complete", "June 2022", "Ongoing", "September 2022"]
RECOMMENDATION = (
    "Leaders should analyse the causes of violence and use the findings to drive a "
    "focused reduction strategy, with actions that are tracked to completion."
)
HEADER = (
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
    "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date"
)


def paragraphs(values) -> str:
    return " ".join(f"<p>{value}</p>" for value in values)


def six_actions_text() -> str:
    """A plan of two rows, the first with six actions (each paragraph of the response,
    owner and target cells one action)."""
    actions = [
        f"Action {i}: the {owner.lower()} will report progress to the safety meeting "
        "every month until it is done."
        for i, owner in enumerate(OWNERS, start=1)
    ]
    first = [
        "5.1",
        f"<p>{RECOMMENDATION} (1.29)</p>",
        "Agreed",
        paragraphs(actions),
        paragraphs(OWNERS),
        paragraphs(TARGETS),
    ]
    second = [
        "5.2",
        "<p>Oversight of the use of force should be improved. (1.30)</p>",
        "Agreed",
        "<p>A weekly use of force meeting will review the footage.</p>",
        "Deputy Governor",
        "December 2021",
    ]
    return (
        "HM Prison & Probation Service\n\nAction Plan: HMP Sixacre\n\n"
        "Action Plan Submitted: 2 September 2021\n\n"
        "A Response to the HMIP Inspection: 7-11 June 2021\n\n"
        "Report Published: 17 August 2021\n\nACTION PLAN: HMIP REPORT\n\n"
        f"{HEADER}\n\tTo the Governor\t\t\t\n" + "\t".join(first) + "\n" + "\t".join(second) + "\n"
    )


def six_actions_db(db_path, tmp_path):
    """A database holding the plan above, imported as any plan is."""
    path = tmp_path / "sixacre_action_plan_2021.txt"
    path.write_text(six_actions_text(), encoding="utf-8")
    db = open_db(db_path)
    import_document(db, parse_document(read_document(path)), path.name)
    db.close()
    return db_path


def shown_lines(app) -> list[str]:
    """The detail pane's lines in view, as text."""
    pane = queue(app).query_one(DetailPane)
    height = pane.scrollable_content_region.height
    return [pane.render_line(y).text for y in range(height)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_the_actions_of_a_record_show_without_scrolling(db_path, tmp_path, size):
    db_path = six_actions_db(db_path, tmp_path)
    assert rows(
        db_path,
        "SELECT a.owner, a.target FROM actions a JOIN recommendations r"
        " ON r.id = a.recommendation_id WHERE r.rec_no = '5.1' ORDER BY a.position",
    ) == list(zip(OWNERS, TARGETS, strict=True))  # the importer read six actions
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.1"
        lines = shown_lines(app)
        assert "5.1 · Agreed · unreviewed" in lines[0]
        # one line each, numbered, in order: at 120x40 with its target, at 80x24 as
        # much of it as fits (the owner always)
        heading = next(i for i, line in enumerate(lines) if line.strip() == "Actions (6)")
        listed = lines[heading + 1 : heading + 7]
        for i, (line, owner, target) in enumerate(zip(listed, OWNERS, TARGETS, strict=True)):
            assert line.lstrip().startswith(f"{i + 1}. {owner}")
            if size[0] >= 120:
                assert target in line
        # the source span beside them: the row's first words on the pane's first rows
        area = queue(app).query_one(SourceText)
        top = " ".join(area.render_line(y).text for y in range(4))
        assert "5.1" in top and " ".join(RECOMMENDATION.split()[:4]) in " ".join(top.split())
