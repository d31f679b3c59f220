"""The documents screen at 80 columns: names cut keep what tells them apart, and the
highlighted document's values are written out in full under the table."""

from __future__ import annotations

from textual.widgets import Static

from store import import_document, open_db
from tests.support.pilot import settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.documents import DocumentsScreen
from tui.widgets.documents_table import DocumentsTable


async def test_sixty_prisons_of_one_name_stay_apart_and_the_highlighted_one_is_in_full(
    db_path, make_plan
):
    db = open_db(db_path)
    for n in range(1, 61):
        import_document(db, make_plan(f"p{n}", f"HMP Testprisonnumber{n}"), f"t{n}.txt")
    db.close()
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        table = screen.query_one(DocumentsTable)
        width = table.columns[0][1]
        assert width < len("Testprisonnumber60")  # the names are cut at 80 columns
        drawn = [table.render_line(y).text[1 : 1 + width] for y in range(table.size.height)]
        assert len(set(drawn)) == len(drawn)  # ... and every row still tells its prison
        assert all(line.rstrip().endswith(line.split("…")[-1].rstrip()) for line in drawn)
        for _ in range(3):
            document = screen.current
            (establishment, records) = rows(
                db_path,
                "SELECT d.establishment, COUNT(r.id) FROM documents d "
                "JOIN recommendations r ON r.document_id = d.id WHERE d.id = ?",
                (document.id,),
            )[0]
            detail = " ".join(str(screen.query_one("#documents-detail", Static).render()).split())
            assert detail.startswith(f"{establishment} · action plan 2021 · 0 of {records}")
            await pilot.press("down")
            await settle(app, pilot)
