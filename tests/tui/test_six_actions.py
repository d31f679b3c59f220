"""One record, one screen: the actions of a record in sight without scrolling."""

from __future__ import annotations

import pytest

from extract.models import Action
from store import import_document, open_db
from tests.support.pilot import current, queue, settle
from tui.app import ReviewApp
from tui.widgets.detail_pane import DetailPane

OWNERS = [
    "Governor",
    "Head of Safety",
    "Deputy Governor",
    "Head of Residence",
    "Head of Healthcare",
    "HMPPS Area Manager",
]
TARGETS = [
    ("December 2021", "2021-12-31", "open"),
    ("March 2022", "2022-03-31", "open"),
    ("Complete", None, "complete"),
    ("June 2022", "2022-06-30", "open"),
    ("Ongoing", None, "open"),
    ("September 2022", "2022-09-30", "open"),
]


def six_actions_db(db_path, make_plan):
    """The hand-made plan with its first recommendation given six actions, each with text."""
    plan = make_plan("six actions")
    plan.recommendations[0].recommendation = (
        "Leaders should analyse the causes of violence and use the findings to drive a "
        "focused reduction strategy, with actions that are tracked to completion."
    )
    plan.recommendations[0].actions = [
        Action(
            i,
            owner,
            target,
            date,
            status,
            text=f"Action {i}: the {owner.lower()} will report progress to the safety meeting "
            "every month until it is done.",
        )
        for i, (owner, (target, date, status)) in enumerate(
            zip(OWNERS, TARGETS, strict=True), start=1
        )
    ]
    db = open_db(db_path)
    import_document(db, plan, "testshire.txt")
    db.close()
    return db_path


def shown_lines(app) -> list[str]:
    """The detail pane's lines in view, as text."""
    pane = queue(app).query_one(DetailPane)
    height = pane.scrollable_content_region.height
    return [pane.render_line(y).text for y in range(height)]


@pytest.mark.parametrize(("size", "seen"), [((120, 40), 6), ((80, 24), 3)], ids=["120x40", "80x24"])
async def test_the_actions_of_a_record_show_without_scrolling(db_path, make_plan, size, seen):
    app = ReviewApp(db=six_actions_db(db_path, make_plan), reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert current(app).no == "1.1"
        text = "\n".join(shown_lines(app))
        for owner in OWNERS[:seen]:  # at least these, one line each
            assert owner in text, text
        assert "1.1 · Agreed · unreviewed" in text.splitlines()[0]
