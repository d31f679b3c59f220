"""The PDF reader's doubts reach the records they concern (extract/formats/notes.py).

Where a Word-made PDF sets a cell's paragraphs with no space between them (Word's
"Table Grid"), only the words can tell two owners from one owner's wrapped name;
where the row's lists do not then hold as many items each, the reader notes the
row, and the record read from it carries ``GUESSED_PARAGRAPHS``. Checked on the
fixture PDFs, and through ``hmip-review import`` on the database.
"""

from __future__ import annotations

import json
import sqlite3

from extract.formats.notes import (
    GUESSED_BREAK,
    GUESSED_PARAGRAPHS,
    GUESSED_PROSE_BREAK,
    GUESSED_SLASH,
    JOINED_LINE,
    Note,
    attach,
)
from extract.formats.read import read_document_notes
from extract.models import ActionPlan, Recommendation
from store.ingest.parse_pool import parse_file
from store.ingest.pipeline import import_files
from tests.support.paths import REPO

RENDERED = REPO / "tests" / "fixtures" / "rendered"
CALIBRI = REPO / "tests" / "fixtures" / "pdf" / "calibri"


def _plan() -> ActionPlan:
    text = "head\nrow one\nrow two\n"
    return ActionPlan(
        text=text,
        recommendations=[
            Recommendation(1, "1.1", span_start=5, span_end=13),
            Recommendation(2, "1.2", span_start=13, span_end=21),
        ],
    )


def test_a_note_warns_the_record_whose_span_holds_it_once():
    plan = attach(_plan(), [Note(14, "doubt"), Note(20, "doubt")])

    assert [r.warnings for r in plan.recommendations] == [[], ["doubt"]]
    assert plan.warnings == []


def test_a_note_outside_every_record_warns_the_document():
    plan = attach(_plan(), [Note(0, "doubt"), Note(2, "doubt")])

    assert all(r.warnings == [] for r in plan.recommendations)
    assert plan.warnings == ["doubt"]


def test_only_pdfs_have_notes_and_each_is_at_a_row_of_the_text():
    stem = "fenwick_action_plan_2019"
    text, notes = read_document_notes(RENDERED / f"{stem}.grid.pdf")

    assert any(n.message == GUESSED_PARAGRAPHS for n in notes), "owner lists words part"
    for note in notes:
        assert note.message in (
            GUESSED_PARAGRAPHS,
            GUESSED_SLASH,
            GUESSED_BREAK,
            GUESSED_PROSE_BREAK,
            JOINED_LINE,
        )
        assert note.offset == 0 or text[note.offset - 1] == "\n"  # a line's start
        assert "\t" in text[note.offset : text.index("\n", note.offset)]  # a table row
    for suffix in (".docx", ".resaved.docx", ".odt"):
        assert read_document_notes(RENDERED / f"{stem}{suffix}")[1] == []


def _flagged(path) -> dict[str, bool]:
    return {r.rec_no: GUESSED_PARAGRAPHS in r.warnings for r in parse_file(path).recommendations}


def test_a_row_whose_lists_disagree_is_flagged_and_one_whose_lists_agree_is_not():
    """Fenwick 8.6: one owner wrapped over lines ('Head of Healthcare /' 'Practice Plus
    Group') beside two targets: the words alone part the owner's lines, and the lists
    differ (1 and 2), so the row is flagged; the same plan's tagged PDF and 0.1 cm
    margins PDF mark their paragraphs, and none of its rows is."""
    grid = _flagged(RENDERED / "fenwick_action_plan_2019.grid.pdf")
    assert grid["8.6"]
    assert not all(grid.values())
    assert not any(_flagged(CALIBRI / "fenwick_action_plan_2019.tagged.pdf").values())
    assert not any(_flagged(RENDERED / "fenwick_action_plan_2019.margins.pdf").values())


def test_few_rows_are_flagged_and_fewer_where_paragraphs_are_set_apart():
    """A warning on every row would be read as none: at most one row in five of the
    Table Grid PDFs (no paragraph space at all), and almost none elsewhere."""
    for pattern, most in (("*.grid.pdf", 0.2), ("*.margins.pdf", 0.03)):
        flags = [f for path in sorted(RENDERED.glob(pattern)) for f in _flagged(path).values()]
        assert 0 <= sum(flags) <= most * len(flags), pattern


def test_import_stores_the_warning_on_the_record(db_path):
    report = import_files(db_path, [RENDERED / "fenwick_action_plan_2019.grid.pdf"], workers=1)
    assert report.ok

    conn = sqlite3.connect(db_path)
    try:
        rows = dict(conn.execute("SELECT rec_no, warnings FROM recommendations"))
    finally:
        conn.close()
    assert GUESSED_PARAGRAPHS in json.loads(rows["8.6"])
    assert GUESSED_PARAGRAPHS not in json.loads(rows["8.1"])


def test_a_lone_line_taken_as_the_rest_of_a_row_split_by_a_page_is_noted():
    """Fenwick 8.8's target list runs on to the next page with one line ('Ongoing'),
    its number cell empty: the rest of the row, as read, but a section or heading row
    at the top of a page looks the same. The record says so; nothing else is noted
    for page breaks, and the .docx, which marks rows, notes nothing."""
    path = RENDERED / "fenwick_action_plan_2019.grid.pdf"
    text, notes = read_document_notes(path)
    joined = [n for n in notes if n.message == JOINED_LINE]

    assert len(joined) == 1
    row = text[joined[0].offset : text.index("\n", joined[0].offset)]
    assert row.endswith("<p>Completed</p> <p>Ongoing</p>")
    flagged = [r.rec_no for r in parse_file(path).recommendations if JOINED_LINE in r.warnings]
    assert flagged == ["8.8"]
