"""The documents screen (`g` in the queue), driven with the Pilot: every document with its
progress, sorting, type-to-filter, and enter opening the document's queue."""

from __future__ import annotations

from textual.widgets import Input, Static

from store import open_db
from store.review import changes as ch
from tests.support.pilot import current, queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.documents import DocumentsScreen
from tui.widgets.documents_table import DocumentsTable


def _column(table: DocumentsTable, index: int) -> list[str]:
    return [table.row_texts(i)[index] for i in range(table.row_count)]


async def _open(app, pilot) -> DocumentsScreen:
    await settle(app, pilot)
    await pilot.press("g")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, DocumentsScreen)
    return screen


async def test_g_lists_every_document_with_its_progress(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v", "v")  # two Ashdown records verified by ann
        await settle(app, pilot)
        screen = await _open(app, pilot)
        table = screen.query_one(DocumentsTable)
        assert table.row_count == 7  # the .txt samples (Fenwick's plans of 2013, 2016, 2019)
        assert [label for label, _, _ in table.columns] == [
            "establishment ▼",
            "kind",
            "year",
            "reviewed",
            "flagged",
            "⚠",
            "reviewer",
            "when",
        ]
        first = table.row_texts(0)
        assert first[:5] == ["Ashdown", "plan", "2021", "2/18  11%", "0"]
        assert first[6] == "ann" and len(first[7]) == 10
        irp = table.row_texts(1)
        assert irp[:3] == ["Ashdown", "IRP", "2022"]
        assert irp[5] == "2*"  # its two own warnings, marked as the document's
        assert irp[6] == "—"


async def test_the_highlighted_document_shows_its_own_warnings(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("down")  # Ashdown IRP 2022
        detail = str(screen.query_one("#documents-detail", Static).content)
        assert "IRP report: HMP Ashdown" in detail
        assert "⚠ links: Ofsted theme 1 linked to 5.15 with a low score (0.78): check it" in detail
        assert "Ofsted theme 3 matched no recommendation" in detail


async def test_ctrl_s_cycles_the_sort(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        table = screen.query_one(DocumentsTable)
        await pilot.press("ctrl+s")  # year, oldest first
        assert screen.sort == "year"
        assert _column(table, 2)[0] == "2013" and _column(table, 0)[0] == "Fenwick"
        await pilot.press("ctrl+s")  # progress: least reviewed first
        assert screen.sort == "progress"
        await pilot.press("ctrl+s")  # warnings: most first
        assert screen.sort == "warnings"
        assert _column(table, 0)[0] == "Carrow Vale"  # 4 record warnings
        assert [label for label, _, _ in table.columns][5] == "⚠ ▼"
        await pilot.press("ctrl+s")  # ranking: as stats --by-establishment
        await settle(app, pilot)
        assert screen.sort == "ranking"
        await pilot.press("ctrl+s")
        assert screen.sort == "establishment"
        assert _column(table, 0)[:2] == ["Ashdown", "Ashdown"]


async def test_typing_filters_and_enter_opens_that_documents_queue(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one(Input).has_focus
        await pilot.press(*"lark")
        table = screen.query_one(DocumentsTable)
        assert _column(table, 0) == ["Larkhill"]
        assert "1 of 7 documents" in str(screen.query_one("#documents-status", Static).content)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        row = current(app)
        assert row is not None and row.establishment == "HMP Larkhill"
        larkhill = rows(
            samples_db, "SELECT id FROM documents WHERE establishment = ?", ("HMP Larkhill",)
        )[0][0]
        assert queue(app).queue_query.document_id == larkhill
        ids = {r.document_id for r in queue(app).table.records}
        assert ids == {larkhill}


async def test_a_filter_that_matches_nothing_says_so_and_escape_goes_back(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press(*"zzz")
        assert screen.query_one(DocumentsTable).row_count == 0
        assert "No document matches" in str(screen.query_one("#documents-detail", Static).content)
        await pilot.press("enter")  # nothing to open: stays
        assert app.screen is screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        assert queue(app).queue_query.document_id is None


async def test_the_arrows_move_the_table_while_the_filter_has_focus(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("down", "down")
        assert screen.current is not None and screen.current.label == "Carrow Vale 2022"
        await pilot.press("up")
        assert screen.current.label == "Ashdown IRP 2022"
        await pilot.press("enter")
        await settle(app, pilot)
        assert current(app).kind == "judgement"


async def test_progress_is_read_afresh_each_time_the_screen_opens(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one(DocumentsTable).row_texts(0)[4] == "0"
        await pilot.press("escape")
        await settle(app, pilot)
        db = open_db(samples_db, create=False)
        try:
            first = db.execute("SELECT MIN(id) FROM recommendations").fetchone()[0]
            ch.set_status(db, "bob", ("recommendation", first), "flagged")
        finally:
            db.close()
        screen = await _open(app, pilot)
        row = screen.query_one(DocumentsTable).row_texts(0)
        assert row[4] == "1" and row[6] == "bob"


async def test_the_ranking_sort_is_stats_by_establishment(samples_db):
    """The documents of each prison together, the prisons in the order
    ``hmip-review stats --by-establishment`` ranks them (read from the database here)."""
    from datetime import date

    from store.domain import short_establishment
    from store.reports.ranking import establishment_ranking

    with open_db(samples_db) as db:
        ranking = establishment_ranking(db, date.today())
    expected = [short_establishment(r.establishment) for r in ranking]
    assert len(expected) > 2 and expected != sorted(expected)  # not the name order
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        table = screen.query_one(DocumentsTable)
        await pilot.press(*["ctrl+s"] * 4)
        await settle(app, pilot)
        assert screen.sort == "ranking"
        names = _column(table, 0)
        assert list(dict.fromkeys(names)) == expected
        assert len(names) == table.row_count == 7
        status = str(screen.query_one("#documents-status", Static).content)
        assert "7 documents · ranked as stats --by-establishment · enter" in status
        # the cursor stayed on the document it was on (Ashdown 2021), which says its place
        assert screen.current.establishment == "HMP Ashdown"
        place = expected.index("Ashdown")
        detail = str(screen.query_one("#documents-detail", Static).content)
        words = ranking[place].in_words()
        assert f"ranked {place + 1} of {len(ranking)}: {words}" in detail.replace("\n", " ")
