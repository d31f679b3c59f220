"""u: the queue moves to the record the undone change touched and names it."""

from __future__ import annotations

from tests.support.pilot import current, goto, queue, rec, settle
from tui.app import ReviewApp


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_undo_moves_back_to_the_record_it_changed_and_names_it(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("x")  # rejected, on to 5.4
        await settle(app, pilot)
        for _ in range(4):
            await pilot.press("j")
        await settle(app, pilot)
        assert current(app).no == "5.8"
        await pilot.press("u")
        await settle(app, pilot)
        assert current(app).no == "5.3"
        assert rec(samples_db, "5.3")[1] == "unreviewed"
        assert "Undone on Ashdown 2021 5.3: review status 'rejected' → 'unreviewed'" in (
            messages(app)
        )


async def test_undo_finds_the_record_in_another_part_of_the_queue(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann", page_size=5)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("v")
        await settle(app, pilot)
        queue(app).jump_to(("recommendation", rec(samples_db, "5.15")[0]))
        await settle(app, pilot)
        assert "5.1" not in [r.no for r in queue(app).table.records]
        await pilot.press("u")
        await settle(app, pilot)
        assert current(app).no == "5.1" and current(app).document == "Ashdown 2021"
        assert rec(samples_db, "5.1")[1] == "unreviewed"
        assert any(m.startswith("Undone on Ashdown 2021 5.1: ") for m in messages(app))


async def test_undoing_an_edit_names_the_field_and_both_values(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("e", "enter", "down", "down", "enter", "ctrl+s")  # → Not Agreed
        await settle(app, pilot)
        assert rec(samples_db, "5.3")[4] == "Not Agreed"
        await pilot.press("k", "k", "u")
        await settle(app, pilot)
        assert current(app).no == "5.3"
        assert rec(samples_db, "5.3")[4] == "Agreed"
        assert "Undone on Ashdown 2021 5.3: agreement 'Not Agreed' → 'Agreed'" in messages(app)
