"""A row deleted and another inserted in its place by one change: both are in the trail.

SQLite gives a new row the largest rowid plus one, so a change that deletes the
last row of a table and then inserts one (re-linking a judgement does exactly
that) inserts it under the deleted row's id. Undo must bring the deleted row
back, not only remove the new one.
"""

from __future__ import annotations

from store import import_document, open_db
from store.review import changes as ch


def test_relinking_a_judgement_whose_link_was_the_last_row_undoes_whole(
    db_path, make_plan, make_irp
):
    db = open_db(db_path)
    try:
        import_document(db, make_plan("p"), "plan.txt")
        import_document(db, make_irp("i"), "irp.txt")
        judgement, before = db.execute(
            "SELECT judgement_id, recommendation_id FROM judgement_links "
            "ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
        links = lambda: db.execute(  # noqa: E731
            "SELECT judgement_id, recommendation_id, confirmed FROM judgement_links ORDER BY 1, 2"
        ).fetchall()
        original = links()
        other = db.execute(
            "SELECT id FROM recommendations WHERE id != ? ORDER BY id LIMIT 1", [before]
        ).fetchone()[0]
        ch.save_links(db, "ann", judgement, {other: True})  # the last link replaced
        assert (judgement, other, 1) in links() and (judgement, before, 0) not in links()
        ch.undo(db, "ann")
        assert links() == original
    finally:
        db.close()
