"""Which pane has the focus shows, and keys meant for a pane never move the queue."""

from __future__ import annotations

import pytest

from tests.support.pilot import current, queue, rec, settle
from tui.app import ReviewApp
from tui.widgets.detail_pane import DetailPane
from tui.widgets.queue_table import QueueTable

SIZES = [(80, 24), (120, 40)]


def marked(app) -> list[str]:
    """The panes whose title bar is marked as focused."""
    screen = queue(app)
    titles = [t.id for t in screen.query(".pane-title.-focused")]
    if screen.query_one(QueueTable).has_focus:
        titles.insert(0, "queue")
    return titles


@pytest.mark.parametrize("size", SIZES)
async def test_pagedown_from_the_queue_scrolls_the_detail_and_v_verifies_the_same_record(
    samples_db, size
):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.1"
        detail = queue(app).query_one(DetailPane)
        await pilot.press("pagedown")
        await settle(app, pilot)
        if detail.max_scroll_y:
            assert detail.scroll_y > 0  # the detail scrolled, not the queue
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "end")
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("pageup", "home")
        await settle(app, pilot)
        assert current(app).no == "5.1" and detail.scroll_y == 0
        await pilot.press("v")
        await settle(app, pilot)
    assert rec(samples_db, "5.1")[1] == "verified"
    assert rec(samples_db, "5.2")[1] == "unreviewed"
    assert rec(samples_db, "5.18")[1] == "unreviewed"


async def test_keys_in_the_source_and_detail_panes_move_only_there(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert marked(app) == ["queue"]
        await pilot.press("tab")  # the source
        assert marked(app) == ["source-title"]
        for key in ("pagedown", "down", "down", "end", "pageup", "up", "home"):
            await pilot.press(key)
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("tab")  # the detail
        assert marked(app) == ["detail-title"]
        for key in ("pagedown", "down", "down", "end", "pageup", "up", "home"):
            await pilot.press(key)
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("shift+tab", "shift+tab")  # back to the queue: arrows move it
        assert marked(app) == ["queue"]
        await pilot.press("down")
        await settle(app, pilot)
        assert current(app).no == "5.2"
