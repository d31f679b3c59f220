"""The documents screen (`g`) does not show a plan stored without records as done.

A plan whose table could not be read is kept with no records (issue 15). Its
progress was drawn '0/0 100%' and '0 of 0 reviewed (100%)', green-free but read
as finished, and the progress sort put it last, among the finished ones: it is
the one document that needs a reviewer most.
"""

from __future__ import annotations

from textual.widgets import Static

from tests.support.pilot import settle
from tests.tui.test_no_records_document import import_both
from tui.app import ReviewApp
from tui.screens.documents import DocumentsScreen
from tui.widgets.documents_table import DocumentsTable


async def test_a_document_without_records_says_so_and_sorts_first_by_progress(db_path):
    import_both(db_path)  # Ashdown 2021 (18 records) and Thornbury 2019 (none read)
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        table = screen.query_one(DocumentsTable)
        names = [table.row_texts(i)[0] for i in range(table.row_count)]
        assert names == ["Ashdown", "Thornbury"]
        assert table.row_texts(0)[3] == "0/18   0%"
        assert table.row_texts(1)[3] == "no records"
        await pilot.press("down")
        await pilot.pause()
        detail = " ".join(str(screen.query_one("#documents-detail", Static).content).split())
        assert "no records: mark them by hand" in detail
        assert "100%" not in detail and "0 of 0" not in detail
        await pilot.press("ctrl+s", "ctrl+s")  # year, then progress: least reviewed first
        await pilot.pause()
        assert screen.sort == "progress"
        assert table.row_texts(0)[0] == "Thornbury"  # before Ashdown's 0 of 18


async def test_a_document_with_no_date_read_says_so_not_blank(db_path, tmp_path):
    from tests.support.cli_runner import run

    plan = tmp_path / "undated_plan.txt"
    plan.write_text("Action Plan: HMP Brackenholt\nResponsible Owner\nNothing else was kept.\n")
    assert run("import", plan, "--db", db_path).exit_code == 0  # kept with no records
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(DocumentsTable)
        assert table.row_texts(0)[:4] == ["Brackenholt", "plan", "—", "no records"]
        detail = " ".join(str(screen.query_one("#documents-detail", Static).content).split())
        assert detail.startswith("HMP Brackenholt · action plan (no date read) · no records")
