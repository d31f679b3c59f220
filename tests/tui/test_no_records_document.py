"""A plan whose table could not be read has no records, but its text can be opened and marked.

Import keeps such a plan with its text and no records (issue 15); the reviewer
opens it from the documents screen (`g`), where its empty queue shows the
document's text, selects a missed record and presses `n`.
"""

from __future__ import annotations

from extract import parse_document
from extract.formats.read import read_document
from store import open_db
from store.ingest.importer import import_document
from tests.support.paths import FIXTURES, SAMPLES
from tests.support.pilot import settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.widgets.source_pane import SourcePane
from tui.widgets.source_text import render

UNREAD = FIXTURES / "unread_table" / "thornbury_action_plan_2019.txt"


def import_both(db_path):
    from store.ingest.parse_pool import parse_file

    db = open_db(db_path)
    try:
        path = SAMPLES / "ashdown_action_plan_2021.txt"
        import_document(db, parse_document(read_document(path)), path.name)
        import_document(db, parse_file(UNREAD), UNREAD.name)
    finally:
        db.close()


async def test_an_empty_document_shows_its_text_and_n_makes_a_record_of_a_selection(db_path):
    import_both(db_path)
    (document_id,) = rows(
        db_path, "SELECT id FROM documents WHERE source_name = ?", (UNREAD.name,)
    )[0]
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press(*"thorn", "enter")
        await settle(app, pilot, 5)
        source = app.screen.query_one(SourcePane)
        text = rows(db_path, "SELECT text FROM documents WHERE id = ?", (document_id,))[0][0]
        assert source.document_id == document_id
        assert source.stored_text == text  # the stored text, offsets and all
        assert source.text_area.text == render(text).text  # shown made readable
        title = str(source.query_one("#source-title").render())
        assert title.startswith("No records") and title.endswith("then n")
        assert app.screen.sub_title.startswith("Thornbury")  # not the document shown before
        source.text_area.focus()
        await pilot.pause()
        await pilot.press("shift+down", "shift+down", "shift+down")
        await pilot.press("n")
        await settle(app, pilot, 5)
    ((start, end, text_of, warnings),) = rows(
        db_path,
        "SELECT span_start, span_end, recommendation, warnings FROM recommendations"
        " WHERE document_id = ?",
        (document_id,),
    )
    three_lines = text.split("\n")[:3]
    assert (start, end) == (0, len("\n".join(three_lines)))  # the selected lines, whole
    assert text_of == " ".join(three_lines)
    assert "only its text was kept" in warnings  # no row to read: said, not guessed
