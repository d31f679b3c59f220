"""The editor's actions list shows a target's date and a typed owner whole, never cut
('2023-06-' was shown for a target typed as June 2023), at 80 and 120 columns."""

from __future__ import annotations

import pytest

from tests.support.pilot import goto, settle
from tui.app import ReviewApp
from tui.screens.edit import ActionsTable


def shown(table: ActionsTable, column: str, row: int) -> str:
    """A cell as drawn: its text cut to the column's width."""
    width = table.columns[column].get_render_width(table) - 2 * table.cell_padding
    return str(table.get_cell(str(row + 1), column))[:width]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_typed_target_shows_its_whole_iso_date(samples_db, size):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.9")  # one action, its target 'Complete'
        owner = "Head of Reducing Reoffending and Resettlement"
        await pilot.press("e", "ctrl+l", "a", *owner, "tab", *"June 2023")
        await settle(app, pilot)
        table = app.screen.query_one(ActionsTable)
        row = table.row_count - 1
        assert shown(table, "date", row) == "2023-06-30"
        assert shown(table, "owner", row) == owner
        assert shown(table, "target", row) == "June 2023"
        await pilot.press("escape")
