"""The links screen (l on a judgement) at 80 and 120 columns: the recommendations fit
without scrolling sideways, each one line, and the highlighted one is shown in full
under the table, as the database holds it."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.support.pilot import goto, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.links import LinksScreen
from tui.widgets.cell_text import RowStrip


def strip_text(screen) -> str:
    return " ".join(str(screen.query_one("#links-strip", RowStrip).render()).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_highlighted_recommendation_shows_in_full_under_the_links(samples_db, size):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "2.22", kind="judgement")
        await pilot.press("l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LinksScreen)
        table = screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing off to the side
        for _ in range(3):
            candidate = screen.candidates[table.cursor_row]
            (text, rec_no) = rows(
                samples_db,
                "SELECT recommendation, rec_no FROM recommendations WHERE id = ?",
                (candidate["recommendation_id"],),
            )[0]
            shown = strip_text(screen)
            assert f" {rec_no} " in f" {shown} "
            assert " ".join(text.split()) in shown  # the whole text, not cut
            if candidate["linked"] and not candidate["confirmed"]:
                assert "unconfirmed link (score" in shown
            await pilot.press("j")
            await settle(app, pilot)
