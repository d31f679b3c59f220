"""The editor shows the record's warnings: what the parser doubted is what to check.

A reviewer finds a record with the `w` filter, reads its warning in the detail
pane ("2 owners but 3 targets: paired in order", a PDF reader's guess), and
presses `e` to fix it. The warning stays in view above the fields while they
edit, instead of being left behind in the pane the editor covers.
"""

from __future__ import annotations

import json

from textual.widgets import Static

from tests.support.pilot import current, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.edit import EditScreen


def _own_warnings(db_path, row) -> list[str]:
    """A recommendation's own warnings (none for a judgement)."""
    if row.kind != "recommendation":
        return []
    ((stored,),) = rows(db_path, "SELECT warnings FROM recommendations WHERE id = ?", (row.id,))
    return json.loads(stored)


async def test_e_on_a_record_with_warnings_shows_them_and_the_fix_is_saved(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")  # only records with warnings (or their document's)
        await settle(app, pilot)
        while not (warnings := _own_warnings(samples_db, current(app))):
            await pilot.press("j")
            await settle(app, pilot, 1)
        record_id = current(app).id
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditScreen)
        shown = str(app.screen.query_one("#edit-warnings", Static).render())
        assert shown.splitlines() == [f"⚠ {w}" for w in warnings]
        await pilot.press("ctrl+o", "ctrl+u", *"Head of Reducing Reoffending", "ctrl+s")
        await settle(app, pilot)
    owners = rows(
        samples_db,
        "SELECT owner FROM actions WHERE recommendation_id = ? ORDER BY position",
        (record_id,),
    )
    assert owners[0] == ("Head of Reducing Reoffending",)
    assert rows(
        samples_db,
        "SELECT new FROM edits WHERE table_name = 'actions' AND field = 'owner' AND reviewer = 'ann'",
    ) == [('"Head of Reducing Reoffending"',)]


async def test_a_record_without_warnings_has_no_warning_lines_in_the_editor(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        record_id = current(app).id
        assert rows(
            samples_db, "SELECT warnings FROM recommendations WHERE id = ?", (record_id,)
        ) == [("[]",)]
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditScreen)
        assert not app.screen.query("#edit-warnings")
