"""The read-only review app that `hmip-review` and `hmip-review review` open."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from store import import_document, open_db
from tui.app import ReviewApp


async def test_the_app_lists_every_record_j_and_k_move_and_q_quits(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    db.close()
    app = ReviewApp(db=db_path, reviewer="ann")

    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count == 4
        assert [str(c.label) for c in table.columns.values()] == [
            "establishment",
            "rec no",
            "agreement",
            "actions",
            "warnings",
            "status",
        ]
        assert table.get_row_at(0) == ["HMP Testshire", "1.1", "Agreed", "3", "", "unreviewed"]
        assert table.get_row_at(3)[4] == "2"
        assert "4 records" in str(app.query_one("#status", Static).content)
        assert "ann" in app.sub_title
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2
        await pilot.press("q")
    assert app.return_code == 0


async def test_an_empty_database_says_how_to_import(db_path):
    open_db(db_path).close()
    app = ReviewApp(db=db_path)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(DataTable).row_count == 0
        assert "hmip-review import" in str(app.query_one("#status", Static).content)


async def test_a_database_that_cannot_be_read_is_shown_not_raised(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("notes\n")
    app = ReviewApp(db=not_db)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not a SQLite database" in str(app.query_one("#status", Static).content)
