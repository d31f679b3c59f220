"""A record from a selection (``n``): snapped to whole lines, read as a table row by the
importer's interpreter, or text only with a warning. Real SQLite files."""

from __future__ import annotations

import json

import pytest

from extract import parse_document
from store import import_document, open_db
from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.new_record import create_from_selection, read_selected_row, snap_to_lines
from tests.support.paths import SAMPLES

ANN = "ann"
PLAN = (SAMPLES / "ashdown_action_plan_2021.txt").read_text(encoding="utf-8")


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    import_document(database, parse_document(PLAN), "ashdown_action_plan_2021.txt")
    yield database
    database.close()


def test_a_selection_is_snapped_to_whole_lines():
    text = "first line\nsecond line\nthird line\n"
    assert snap_to_lines(text, 3, 15) == (0, 22)  # mid-line to mid-line: both lines
    assert snap_to_lines(text, 11, 23) == (11, 22)  # ends at the next line's start
    assert snap_to_lines(text, 25, 25) == (23, 33)
    assert snap_to_lines("no newline", 2, 4) == (0, 10)


def test_a_selected_row_is_read_as_the_importer_reads_it():
    imported = {r.rec_no: r for r in parse_document(PLAN).recommendations}
    wanted = imported["5.3"]
    # from the middle of the row's first line to the middle of its last
    start, end = snap_to_lines(PLAN, wanted.span_start + 7, wanted.span_end - 3)
    read = read_selected_row(PLAN, start, end)
    rec = read.recommendation
    assert read.why_not is None
    assert (rec.rec_no, rec.agreement, rec.recommendation, rec.concern, rec.ref) == (
        wanted.rec_no,
        wanted.agreement,
        wanted.recommendation,
        wanted.concern,
        wanted.ref,
    )
    # the heading rows above it are read too
    assert (rec.section, rec.heading, rec.addressee) == (
        wanted.section,
        wanted.heading,
        wanted.addressee,
    )
    assert [(a.owner, a.target, a.target_date, a.status) for a in rec.actions] == [
        (a.owner, a.target, a.target_date, a.status) for a in wanted.actions
    ]


def _remove(db, rec_no: str) -> tuple[int, int, int]:
    """Take a record out as if the parser had missed it; its document id and span."""
    document_id, start, end, rid = db.execute(
        "SELECT document_id, span_start, span_end, id FROM recommendations WHERE rec_no = ?",
        [rec_no],
    ).fetchone()
    db.execute("DELETE FROM recommendations WHERE id = ?", [rid])
    db.conn.commit()
    return document_id, start, end


def test_n_on_a_missed_row_makes_the_record_with_number_agreement_and_actions(db):
    expected = db.execute(
        "SELECT a.owner, a.target, a.target_date, a.status FROM actions a JOIN recommendations r "
        "ON r.id = a.recommendation_id WHERE r.rec_no = '5.3' ORDER BY a.position"
    ).fetchall()
    document_id, start, end = _remove(db, "5.3")
    count = db.execute("SELECT COUNT(*) FROM recommendations").fetchone()[0]
    result = create_from_selection(db, ANN, document_id, start + 12, end - 4)
    assert result.created[0] == RECOMMENDATION
    row = next(db.query("SELECT * FROM recommendations WHERE id = ?", [result.created[1]]))
    assert (row["rec_no"], row["agreement"]) == ("5.3", "Agreed")
    assert (row["span_start"], row["span_end"]) == snap_to_lines(PLAN, start, end)
    assert "</p>" not in (row["recommendation"] or "") and "Agreed" not in row["recommendation"]
    assert row["review_status"] == "unreviewed"
    actions = db.execute(
        "SELECT owner, target, target_date, status FROM actions WHERE recommendation_id = ? "
        "ORDER BY position",
        [row["id"]],
    ).fetchall()
    assert actions == expected
    # in its place among the others: between 5.2 and 5.4
    order = [r[0] for r in db.execute("SELECT rec_no FROM recommendations ORDER BY position")]
    assert order.index("5.3") == order.index("5.2") + 1 == order.index("5.4") - 1
    assert len(expected) == 3
    assert result.summary == "Read as a table row: 5.3, Agreed, 3 actions."
    # one undo takes it, and its actions, away
    ch.undo(db, ANN)
    assert db.execute("SELECT COUNT(*) FROM recommendations").fetchone()[0] == count
    gone = db.execute("SELECT COUNT(*) FROM actions WHERE recommendation_id = ?", [row["id"]])
    assert gone.fetchone() == (0,)


def test_text_that_is_no_table_row_is_kept_as_text_with_a_warning(db):
    document_id = db.execute("SELECT id FROM documents").fetchone()[0]
    start = PLAN.index("Action Plan") if "Action Plan" in PLAN else 0
    result = create_from_selection(db, ANN, document_id, start, start + 5)
    row = next(db.query("SELECT * FROM recommendations WHERE id = ?", [result.created[1]]))
    assert row["rec_no"] is None
    assert row["recommendation"]
    (warning,) = json.loads(row["warnings"])
    assert warning.startswith("made by hand from selected text; ")
    assert warning.endswith(": only its text was kept")
    assert result.summary.startswith("Only the text was kept: ")
    assert db.execute(
        "SELECT COUNT(*) FROM actions WHERE recommendation_id = ?", [row["id"]]
    ).fetchone() == (0,)


def test_a_selection_over_a_record_still_there_is_warned_as_a_possible_copy(db):
    document_id, start, end = db.execute(
        "SELECT document_id, span_start, span_end FROM recommendations WHERE rec_no = '5.4'"
    ).fetchone()
    result = create_from_selection(db, ANN, document_id, start, end)
    row = next(db.query("SELECT * FROM recommendations WHERE id = ?", [result.created[1]]))
    assert row["rec_no"] == "5.4"
    assert "its text overlaps record 5.4 (not rejected): check it is not a second copy" in (
        json.loads(row["warnings"])
    )
    assert result.summary.endswith("Its text overlaps record 5.4: check it is not a second copy.")


def test_in_an_irp_report_the_lines_become_a_judgement_with_their_text(db_path):
    from store.domain import JUDGEMENT

    irp = (SAMPLES / "ashdown_irp_2022.txt").read_text(encoding="utf-8")
    database = open_db(db_path)
    try:
        import_document(database, parse_document(irp), "ashdown_irp_2022.txt")
        (document_id,) = database.execute("SELECT id FROM documents").fetchone()
        at = irp.index("\n", len(irp) // 2) + 1  # the start of a line in the middle
        end = irp.index("\n", at)
        result = create_from_selection(database, ANN, document_id, at + 3, end - 2)
        assert result.created[0] == JUDGEMENT
        row = next(database.query("SELECT * FROM judgements WHERE id = ?", [result.created[1]]))
        assert (row["span_start"], row["span_end"]) == (at, end)
        assert row["text"] == " ".join(irp[at:end].split())
    finally:
        database.close()
