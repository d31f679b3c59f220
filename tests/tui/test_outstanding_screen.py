"""The outstanding-actions screen, driven with the Pilot: rows, keys, and the jump to a record."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.widgets import DataTable, Static

from extract.models import Action
from store import import_document, open_db
from tests.support.pilot import settle
from tui.app import ReviewApp
from tui.screens.outstanding import HEADING_KEY, OutstandingScreen


class Host(App[None]):
    """A bare app that opens the screen the way the review app's `o` does."""

    def __init__(self, screen: OutstandingScreen) -> None:
        super().__init__()
        self.outstanding_screen = screen
        self.results: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.outstanding_screen, self.results.append)


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


def import_with_an_unreadable_target(db_path, make_plan) -> None:
    """HMP Testshire's plan where 1.2 (Partly Agreed) has a second action whose target is
    written but is not a date."""
    plan = make_plan()
    plan.recommendations[1].actions.append(
        Action(2, "Head of Residence", "31 Febtember 2022", None, target_unreadable=True)
    )
    db = open_db(db_path)
    import_document(db, plan, "testshire.txt")
    db.close()


def texts(table: DataTable, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_unreadable_targets_come_last_under_their_own_heading(db_path, make_plan):
    import_with_an_unreadable_target(db_path, make_plan)
    app = Host(OutstandingScreen(db_path, "testshire", as_of=date(2022, 6, 30)))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        assert table.row_count == 5  # three actions, the heading, the unreadable one
        assert [texts(table, row)[4] for row in range(3)] == [
            "December 2020", "December 2999", "Ongoing",
        ]  # fmt: skip
        heading = texts(table, 3)
        assert heading[1] == "target unreadable (1): not a date, overdue unknown"
        assert table.coordinate_to_cell_key((3, 0)).row_key.value == HEADING_KEY
        assert texts(table, 4) == [
            "1.2", "", "Partly Agreed", "Head of Residence", "31 Febtember 2022 (unreadable)",
            "unknown", "", "unreviewed",
        ]  # fmt: skip
        title = str(screen.query_one("#outstanding-title", Static).content)
        # the shorter wording where the longer would take two lines
        assert "4 outstanding" in title
        assert "1 overdue as of 2022-06-30, 1 target unreadable" in title
        assert not screen.query_one("#outstanding-not-judged", Static).display

        await pilot.press("j", "j", "j", "enter")  # the heading: not an action, nothing happens
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("j", "enter")  # the unreadable action: its record
        await pilot.pause()

    expected = next(
        r["id"]
        for r in open_db(db_path).query("SELECT id FROM recommendations WHERE rec_no = '1.2'")
    )
    assert app.results == [expected]


async def test_overdue_only_says_how_many_it_could_not_judge(db_path, make_plan):
    import_with_an_unreadable_target(db_path, make_plan)
    app = Host(OutstandingScreen(db_path, "testshire", as_of=date(2022, 6, 30)))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        line = app.screen.query_one("#outstanding-not-judged", Static)
        table = app.screen.query_one(DataTable)
        await pilot.press("o")
        await settle(app, pilot)
        assert [texts(table, row)[4] for row in range(table.row_count)] == ["December 2020"]
        assert line.display
        assert str(line.content) == (
            "1 action has a target that could not be read: not judged overdue (press o to see them)"
        )
        await pilot.press("o")
        await settle(app, pilot)
        assert table.row_count == 5
        assert not line.display


async def test_an_unconfirmed_link_shows_its_score_and_a_confirmed_one_does_not(
    db_path, make_plan, make_irp
):
    db = open_db(db_path)
    import_document(db, make_plan(), "plan.txt")
    import_document(db, make_irp(), "irp.txt")
    rec = {r["rec_no"]: r["id"] for r in db.query("SELECT id, rec_no FROM recommendations")}
    judgement = {j["ref"]: j["id"] for j in db.query("SELECT id, ref FROM judgements")}
    db.execute("DELETE FROM judgement_links")
    db["judgement_links"].insert_all(
        [
            {"judgement_id": judgement["1.38"], "recommendation_id": rec["1.1"],
             "score": 0.778, "confirmed": 0},
            {"judgement_id": judgement["1.39"], "recommendation_id": rec["1.2"],
             "score": 0.6, "confirmed": 1},
        ]
    )  # fmt: skip
    db.close()
    app = Host(OutstandingScreen(db_path, "testshire", as_of=date(2022, 6, 30)))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert [texts(table, row)[6] for row in range(table.row_count)] == [
            "Good progress (unconfirmed link 0.78)",
            "Good progress (unconfirmed link 0.78)",
            "No meaningful progress",
        ]


async def test_o_in_the_review_app_marks_ashdowns_5_15_unconfirmed(samples_db):
    """Issue 14: the samples' 5.15 shows 'Reasonable progress' from a 0.78 link nobody
    confirmed; the screen says so."""
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OutstandingScreen)
        table = screen.query_one(DataTable)
        judgements = [
            texts(table, row)[6] for row in range(table.row_count) if texts(table, row)[0] == "5.15"
        ]
        assert judgements == ["Reasonable progress (unconfirmed link 0.78)"] * 2


async def test_the_columns_fit_the_window_and_follow_it_when_it_is_resized(samples_db):
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        narrow = {c.key.value: c.width for c in table.columns.values()}  # by name
        assert narrow["IRP judgement"] >= 12 and narrow["review"] >= len("unreviewed")
        await pilot.press("j", "j")
        await pilot.resize_terminal(120, 30)
        await settle(app, pilot)
        wide = {c.key.value: c.width for c in table.columns.values()}
        assert wide["recommendation"] > narrow["recommendation"]
        assert table.max_scroll_x == 0  # every column in sight, the judgement's marker too
        assert table.cursor_row == 2
        first = table.get_row_at(0)
        assert table.rows[table.coordinate_to_cell_key((0, 0)).row_key].height > 1  # wraps
        assert str(first[0]) == "5.1"
