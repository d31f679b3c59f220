"""The outstanding-actions screen, driven with the Pilot: rows, keys, and the jump to a record."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.widgets import DataTable, Static

from store import import_document, open_db
from tui.screens.outstanding import OutstandingScreen


class Host(App[None]):
    """A bare app that opens the screen the way the review app's `o` does."""

    def __init__(self, screen: OutstandingScreen) -> None:
        super().__init__()
        self.outstanding_screen = screen
        self.results: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.outstanding_screen, self.results.append)


async def settle(app: App, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def import_testshire(db_path, make_plan) -> None:
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    db.close()


async def test_the_screen_shows_the_open_actions_and_enter_jumps_to_the_record(db_path, make_plan):
    import_testshire(db_path, make_plan)
    app = Host(OutstandingScreen(db_path, "testshire", as_of=date(2022, 6, 30)))

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OutstandingScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        assert [str(c.label) for c in table.columns.values()][:2] == ["rec", "recommendation"]
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "1.1",
            "Prisoners should be unlocked.",
            "Agreed",
            "Governor",
            "December 2020",
            "546",
            "",
            "unreviewed",
        ]
        title = str(screen.query_one("#outstanding-title", Static).content)
        assert "HMP Testshire: 3 outstanding actions, 1 overdue as of 2022-06-30" in title

        await pilot.press("j", "j")  # the third row: 1.2's action
        await pilot.press("enter")
        await pilot.pause()

    expected = next(
        r["id"]
        for r in open_db(db_path).query("SELECT id FROM recommendations WHERE rec_no = '1.2'")
    )
    assert app.results == [expected]


async def test_o_toggles_overdue_only_and_escape_closes_with_nothing(db_path, make_plan):
    import_testshire(db_path, make_plan)
    app = Host(OutstandingScreen(db_path, "HMP Testshire", as_of=date(2022, 6, 30)))

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("o")
        await settle(app, pilot)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[4]) == "December 2020"
        await pilot.press("o")
        await settle(app, pilot)
        assert table.row_count == 3
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OutstandingScreen)

    assert app.results == [None]


async def test_a_name_that_fits_several_prisons_is_shown_not_raised(db_path, make_plan):
    db = open_db(db_path)
    for name in ("HMP Ashdown", "HMP Ashford"):
        import_document(db, make_plan(name, establishment=name), f"{name}.txt")
    db.close()
    app = Host(OutstandingScreen(db_path, "ash"))

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        status = str(app.screen.query_one("#outstanding-status", Static).content)
        assert status == "error: 'ash' matches 2 establishments: HMP Ashdown, HMP Ashford"
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("enter")  # nothing to jump to: the screen stays
        await pilot.pause()
        assert isinstance(app.screen, OutstandingScreen)
