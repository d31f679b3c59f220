"""The contract's views read right in their clients: numeric columns compare as numbers.

Datasette filters a view by sending the value typed in the browser as a string
(``WHERE overdue = '1'``). A view column with no type never equals such a
value, so its facet would count rows its filter cannot find.
"""

from __future__ import annotations

import sqlite3

import pytest

from store import import_document, open_db

NUMERIC = {
    "outstanding_actions": (
        "document_id",
        "recommendation_id",
        "action_id",
        "overdue",
        "action_position",
        "target_unreadable",
    ),
    "recommendation_progress": (
        "recommendation_id",
        "document_id",
        "open_actions",
        "total_actions",
        "judgement_id",
        "judgement_document_id",
        "link_confirmed",
        "position",
    ),
}


@pytest.fixture
def linked_db(db_path, make_plan, make_irp):
    db = open_db(db_path)
    try:
        import_document(db, make_plan("p"), "plan.txt")
        import_document(db, make_irp("i"), "irp.txt")
    finally:
        db.close()
    return db_path


@pytest.mark.parametrize(("view", "column"), [(v, c) for v, cs in NUMERIC.items() for c in cs])
def test_a_filter_sent_as_text_finds_the_rows_its_facet_counts(linked_db, view, column):
    conn = sqlite3.connect(linked_db)
    try:
        facets = conn.execute(
            f"SELECT {column}, COUNT(*) FROM {view} WHERE {column} IS NOT NULL GROUP BY {column}"
        ).fetchall()
        assert facets, f"{view}.{column} has no values to facet on in this database"
        for value, count in facets:
            found = conn.execute(
                f"SELECT COUNT(*) FROM {view} WHERE {column} = ?", [str(value)]
            ).fetchone()[0]
            assert found == count, f"{view}.{column} = '{value}'"
    finally:
        conn.close()


def test_overdue_and_unreadable_targets_are_told_apart(linked_db):
    conn = sqlite3.connect(linked_db)
    try:
        rows = conn.execute(
            "SELECT rec_no, target, overdue, target_unreadable FROM outstanding_actions "
            "ORDER BY recommendation_id, action_position"
        ).fetchall()
    finally:
        conn.close()
    # make_plan: 1.1 has an overdue and a future action, 1.2 'Ongoing' (no date, readable)
    assert ("1.1", "December 2020", 1, 0) in rows
    assert ("1.2", "Ongoing", 0, 0) in rows
