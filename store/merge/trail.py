"""Their reviewers' ``edits`` rows, copied into ours with their names and times.

Each of their unshared edits by a person is added to ours, marked with the
merge (``merged_from``): ``row_id`` and the ids inside a whole row are
translated to ours (a row found in neither file any more keeps its id
negated, so that it never names a row of ours), each change of theirs becomes
one change of ours (a new ``change_id``, the rows still together), an undo
still names the change it undid, and a change they undid is marked undone here
too. What a re-parse wrote over there is not copied: it describes their
parse, not anyone's review.
"""

from __future__ import annotations

import sqlite_utils

from store.domain import WHOLE_ROW
from store.merge.history import Edit, Split
from store.merge.pairing import Pairing
from store.review.audit import edit_json

# The ids inside a whole row, and the table each names.
_ID_TABLES = {
    "document_id": "documents",
    "recommendation_id": "recommendations",
    "judgement_id": "judgements",
    "earlier_recommendation_id": "recommendations",
}


def _mapped_row(value: object, table: str, pairing: Pairing) -> object:
    if not isinstance(value, dict):
        return value
    row = dict(value)
    if "id" in row:
        row["id"] = pairing.map[table].get(row["id"])
    for name, parent in _ID_TABLES.items():
        if name in row and row[name] is not None:
            row[name] = pairing.map[parent].get(row[name])
    return row


def copy_edits(
    ours: sqlite_utils.Database,
    theirs_split: Split,
    pairing: Pairing,
    merge_id: int | None,
    first_change: int,
) -> int:
    """Copy their unshared edits by people into ours; how many were copied."""
    edits = [e for e in theirs_split.unshared if e.by_person]
    their_to_ours: dict[int, int] = {}
    for their_id, our_edit in theirs_split.shared.items():
        their_to_ours.setdefault(_change_of(theirs_split, their_id), our_edit.change_id)
    changes: dict[int, int] = {}
    rows = []
    for edit in edits:
        change_id = changes.setdefault(edit.change_id, first_change + len(changes))
        row_id = pairing.map[edit.table].get(edit.row_id) if edit.table in pairing.map else None
        old, new = edit.old, edit.new
        if edit.field == WHOLE_ROW:
            old = _mapped_row(old, edit.table, pairing)
            new = _mapped_row(new, edit.table, pairing)
        if edit.undo_of is None:
            undo_of = None
        else:
            undo_of = changes.get(edit.undo_of, their_to_ours.get(edit.undo_of, -edit.undo_of))
        rows.append(
            (
                edit.at, edit.reviewer, edit.table,
                row_id if row_id is not None else -abs(edit.row_id),
                edit.field,
                edit_json(old) if edit.field == WHOLE_ROW else edit.raw_old,
                edit_json(new) if edit.field == WHOLE_ROW else edit.raw_new,
                edit.undone, change_id, undo_of, merge_id, edit.origin,
            )
        )  # fmt: skip
    ours.conn.executemany(
        "INSERT INTO edits (at, reviewer, table_name, row_id, field, old, new, undone, "
        "change_id, undo_of, merged_from, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    _mark_undone(ours, theirs_split)
    return len(rows)


def _change_of(split: Split, their_edit_id: int) -> int:
    return split.by_id[their_edit_id].change_id


def _mark_undone(ours: sqlite_utils.Database, theirs_split: Split) -> None:
    """A change both files had that they undid since is undone here too."""
    undone = {
        our.change_id
        for their_id, our in theirs_split.shared.items()
        if theirs_split.by_id[their_id].undone and not our.undone
    }
    ours.conn.executemany(
        "UPDATE edits SET undone = 1 WHERE change_id = ?", [(c,) for c in sorted(undone)]
    )


__all__ = ["Edit", "copy_edits"]
