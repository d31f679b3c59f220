"""The editor's actions table says 'unreadable' of a target no date can be read from.

Its date column showed the action's status, 'open', for a target such as
'Summer 2023': a value that could not be read is shown as unreadable, as the
detail pane and the field's own reading do, never as something else.
"""

from __future__ import annotations

from tests.support.pilot import actions_of, goto, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.edit import ActionsTable


async def test_a_target_typed_that_is_no_date_reads_unreadable_in_the_table(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("e")
        await settle(app, pilot)
        table = app.screen.query_one(ActionsTable)
        assert str(table.get_cell("1", "date")) == "2022-01-31"  # as read on import
        await pilot.press("ctrl+t", "ctrl+u", *"Summer 2023")
        await pilot.pause()
        assert str(table.get_cell("1", "date")) == "unreadable"
        await pilot.press("ctrl+u", *"Ongoing")  # no date, and none meant: open
        await pilot.pause()
        assert str(table.get_cell("1", "date")) == "open"
        await pilot.press("ctrl+u", *"Summer 2023", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")  # save as written
        await settle(app, pilot)
    assert actions_of(samples_db, "5.3")[0][2:] == ("Summer 2023", None, "open")
    assert rows(
        samples_db,
        "SELECT a.target_unreadable FROM actions a JOIN recommendations r"
        " ON r.id = a.recommendation_id WHERE r.rec_no = '5.3' AND a.position = 1"
        " AND r.document_id = (SELECT id FROM documents WHERE establishment = 'HMP Ashdown'"
        " AND kind = 'action_plan')",
    ) == [(1,)]
