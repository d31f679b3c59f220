"""The outstanding screen (`o`) says when the prison's latest plan holds no records.

A plan whose table was not read on import is stored with no records (issue 15).
When it is the prison's latest plan, the screen listed '0 outstanding actions'
as if nothing were open, while the reviewer stood on a record of the earlier
plan with open actions: its actions are not known, and the screen now says so.
"""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import DataTable, Static

from store import import_document, open_db
from tests.support.pilot import settle
from tui.app import ReviewApp
from tui.screens.outstanding import OutstandingScreen


def import_read_then_unread(db_path, make_plan) -> None:
    read = make_plan("read", establishment="HMP Thornbury")  # published 2021-05-20
    unread = replace(
        make_plan("unread", establishment="HMP Thornbury"),
        text="Action Plan: HMP Thornbury\nThe table was a scanned image.\n",
        published="2022-03-01",
        recommendations=[],
        stated_counts=None,
        warnings=["no records found: mark them by hand (n on a selection)"],
    )
    db = open_db(db_path)
    try:
        import_document(db, read, "thornbury_2021.txt")
        import_document(db, unread, "thornbury_2022.pdf")
    finally:
        db.close()


async def test_o_says_the_latest_plan_has_no_records_rather_than_nothing_open(db_path, make_plan):
    import_read_then_unread(db_path, make_plan)
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")  # on 1.1 of the 2021 plan
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OutstandingScreen)
        assert screen.query_one(DataTable).row_count == 0  # the 2022 plan: nothing read
        unread = screen.query_one("#outstanding-unread", Static)
        assert unread.display
        text = " ".join(str(unread.render()).split())
        assert text.startswith("⚠ HMP Thornbury: the action plan published 2022-03-01")
        assert "has no records" in text and "outstanding actions are not known" in text
        await pilot.press("a")  # every plan: the 2021 plan's open actions too
        await settle(app, pilot)
        assert screen.query_one(DataTable).row_count > 0
        assert screen.query_one("#outstanding-unread", Static).display  # still said


async def test_a_prison_whose_plans_all_hold_records_gets_no_such_line(db_path, make_plan):
    db = open_db(db_path)
    try:
        import_document(db, make_plan("read", establishment="HMP Thornbury"), "t.txt")
    finally:
        db.close()
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, OutstandingScreen)
        assert not app.screen.query_one("#outstanding-unread", Static).display
