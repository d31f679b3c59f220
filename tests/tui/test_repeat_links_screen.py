"""Repeat links reviewed by keyboard: confirm, remove, add; each undone by u."""

from __future__ import annotations

import pytest

from store import open_db
from store.review.records import record_detail
from store.review.repeat_link_changes import add_repeat_link
from tests.support.pilot import settle
from tests.support.prison_db import prison_db, rec_id
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.repeat_link_picker import RepeatLinkPicker
from tui.screens.repeat_links import RepeatLinksScreen


@pytest.fixture
def testshire(db_path):
    return prison_db(db_path, confirm=False)


def ids(db_path, *pairs) -> list[int]:
    db = open_db(db_path)
    try:
        return [rec_id(db, year, rec_no) for year, rec_no in pairs]
    finally:
        db.close()


def link_rows(db_path, later: int) -> list[tuple]:
    return rows(
        db_path,
        "SELECT earlier_recommendation_id, confirmed FROM repeat_links "
        "WHERE recommendation_id = ? ORDER BY 1",
        (later,),
    )


def edits_by(db_path, reviewer: str) -> int:
    return rows(db_path, "SELECT COUNT(*) FROM edits WHERE reviewer = ?", (reviewer,))[0][0]


async def open_links(app, pilot, db_path, recommendation_id: int) -> RepeatLinksScreen:
    await settle(app, pilot)
    db = open_db(db_path)
    try:
        detail = record_detail(db, "recommendation", recommendation_id)
    finally:
        db.close()
    screen = RepeatLinksScreen(db_path, "ann", detail)
    app.push_screen(screen)
    await settle(app, pilot)
    return screen


def table_text(screen) -> list[str]:
    table = screen.query_one("#repeat-table")
    return [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_both_directions_and_the_judgements_are_shown(testshire):
    (middle,) = ids(testshire, (2018, "1.1"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_links(app, pilot, testshire, middle)
        lines = table_text(screen)
        assert lines[0].startswith("repeats 2015 2.1 2.30 unconfirmed 0.93")
        assert lines[1].startswith("repeated by 2021 5.8 3.27 unconfirmed 0.94")
        assert "Repeat links (2, 2 unconfirmed)" in str(
            screen.query_one("#repeat-heading").render()
        )
        judgements = str(screen.query_one("#repeat-judgements").render())
        assert "Progress judgements (0)" in judgements
        detail = str(screen.query_one("#repeat-detail").render())
        assert detail.startswith("Repeats 2.1 of the 2015 plan (ref 2.30): Prisoners held")
        await pilot.press("down")
        detail = str(screen.query_one("#repeat-detail").render())
        assert detail.startswith("Repeated by 5.8 of the 2021 plan (ref 3.27): Prisoners held")


async def test_confirm_then_undo(testshire):
    later, earlier = ids(testshire, (2018, "1.1"), (2015, "2.1"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_links(app, pilot, testshire, later)
        await pilot.press("c")
        await settle(app, pilot)
        assert link_rows(testshire, later) == [(earlier, 1)]
        assert table_text(screen)[0].startswith("repeats 2015 2.1 2.30 confirmed")
        assert "Confirmed" in str(screen.query_one("#repeat-status").render())
        await pilot.press("u")
        await settle(app, pilot)
        assert link_rows(testshire, later) == [(earlier, 0)]
        assert table_text(screen)[0].startswith("repeats 2015 2.1 2.30 unconfirmed")
        assert "Undone" in str(screen.query_one("#repeat-status").render())


async def test_remove_then_undo_brings_it_back_as_it_was(testshire):
    later, earlier = ids(testshire, (2021, "5.8"), (2018, "1.1"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_links(app, pilot, testshire, later)
        before = rows(testshire, "SELECT * FROM repeat_links WHERE recommendation_id = ?", (later,))
        await pilot.press("d")
        await settle(app, pilot)
        assert link_rows(testshire, later) == []
        assert table_text(screen) == []
        assert edits_by(testshire, "ann") > 0
        await pilot.press("u")
        await settle(app, pilot)
        after = rows(testshire, "SELECT * FROM repeat_links WHERE recommendation_id = ?", (later,))
        assert after == before
        assert len(table_text(screen)) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is not screen


async def test_add_picks_an_earlier_recommendation_from_a_filtered_list_then_undo(testshire):
    later, visits_2015 = ids(testshire, (2021, "5.12"), (2015, "2.2"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_links(app, pilot, testshire, later)
        assert table_text(screen) == []
        await pilot.press("a")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, RepeatLinkPicker)
        assert len(picker.shown) == 6  # the 2015 and 2018 plans' recommendations
        await pilot.press(*"visits")
        await settle(app, pilot)
        assert [c.recommendation_id for c in picker.shown] == [visits_2015]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert link_rows(testshire, later) == [(visits_2015, 1)]  # by hand: confirmed
        assert table_text(screen)[0].startswith("repeats 2015 2.2 2.31 by hand")
        await pilot.press("u")
        await settle(app, pilot)
        assert link_rows(testshire, later) == []


async def test_a_link_the_store_refuses_is_said_not_done(testshire):
    later, same_plan = ids(testshire, (2021, "5.12"), (2021, "5.8"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_links(app, pilot, testshire, later)
        screen.write(lambda db: add_repeat_link(db, later, same_plan, "ann"), str)
        await settle(app, pilot)
        assert "not of its own plan" in str(screen.query_one("#repeat-status").render())
        assert link_rows(testshire, later) == []


def chain_shown(pane) -> str:
    from tui.widgets.chain_line import chain_line

    return chain_line(pane.chain, pane.detail.id).plain if pane.chain else ""


async def test_l_on_a_recommendation_opens_its_links_and_the_queue_reads_it_again(testshire):
    from tests.support.pilot import goto
    from tui.widgets.detail_pane import DetailPane

    later, earlier = ids(testshire, (2021, "5.8"), (2018, "1.1"))
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.8")
        await settle(app, pilot)
        queue_screen = app.screen
        assert "(3.27, this record, unconfirmed)" in chain_shown(queue_screen.query_one(DetailPane))
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, RepeatLinksScreen)
        await pilot.press("c", "escape")
        await settle(app, pilot)
        assert app.screen is queue_screen
        assert link_rows(testshire, later) == [(earlier, 1)]
        assert "(3.27, this record)" in chain_shown(queue_screen.query_one(DetailPane))
        await pilot.press("u")  # in the queue: undoes the confirmation made in the links
        await settle(app, pilot)
        assert link_rows(testshire, later) == [(earlier, 0)]
