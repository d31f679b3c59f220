"""What reviewers did to one document's rows, read back from the ``edits`` log.

Used by ``store.ingest.reparse`` to tell a reviewer's values from the parser's. Only
a person's edits count: not the ones the program wrote as ``REPARSE_REVIEWER``,
not undone ones, and not the rows an undo wrote (an undo puts the parser's
value back). From the log it knows, per row:

* ``fields``: the fields whose value is a reviewer's (a reviewer's ``target``
  carries its ``target_date``, ``status``, ``target_as_printed`` and
  ``target_unreadable`` with it;
  every value a reviewer gave a row they added is theirs);
* ``as_parsed``: the row as the parser left it, each reviewer-edited field at
  the value the first edit replaced;
* ``inserted``: the rows a reviewer added;
* ``deleted_actions``: the actions a reviewer deleted, as they were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from store.review.audit import REPARSE_REVIEWER, ROW

# A reviewer's value of the key carries these with it (a target its date and status).
_TIED = {"target": ("target_date", "status", "target_as_printed", "target_unreadable")}
# Columns of a row a reviewer added that are not values they chose.
_BOOKKEEPING = frozenset(
    {"id", "document_id", "recommendation_id", "position", "warnings", "review_status"}
)


@dataclass
class ReviewHistory:
    """What reviewers did to one document's rows, from the ``edits`` log."""

    edited: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    parsed: dict[tuple[str, int, str], object] = field(default_factory=dict)
    inserted: set[tuple[str, int]] = field(default_factory=set)
    # recommendation id → the actions reviewers deleted from it, as they were (a list:
    # a deleted action's id may since have been taken by an action a reviewer added)
    deleted_actions: dict[int, list[dict]] = field(default_factory=dict)

    @classmethod
    def load(cls, db: sqlite_utils.Database, document_id: int) -> ReviewHistory:
        history = cls()
        rows = db.execute(
            """
            WITH recs AS (SELECT id FROM recommendations WHERE document_id = :doc),
                 acts AS (SELECT id FROM actions
                          WHERE recommendation_id IN (SELECT id FROM recs)),
                 judgs AS (SELECT id FROM judgements WHERE document_id = :doc)
            SELECT table_name, row_id, field, old, new FROM edits
            WHERE reviewer IS NOT :machine AND undone = 0 AND undo_of IS NULL AND (
                   (table_name = 'documents' AND row_id = :doc)
                OR (table_name = 'recommendations' AND row_id IN (SELECT id FROM recs))
                OR (table_name = 'judgements' AND row_id IN (SELECT id FROM judgs))
                OR (table_name = 'actions' AND (row_id IN (SELECT id FROM acts)
                    OR (field = '*' AND new IS NULL AND json_valid(old)
                        AND json_extract(old, '$.recommendation_id') IN (SELECT id FROM recs)))))
            ORDER BY id
            """,
            {"doc": document_id, "machine": REPARSE_REVIEWER},
        ).fetchall()
        for table, row_id, name, old, new in rows:
            history._add(table, row_id, name, edit_value(old), edit_value(new))
        return history

    def _add(self, table: str, row_id: int, name: str, old: object, new: object) -> None:
        key = (table, row_id)
        if name == ROW and old is not None and new is not None:
            # deleted and another row added under its id in one change (SQLite reused it)
            self._add(table, row_id, ROW, old, None)
            self._add(table, row_id, ROW, None, new)
            return
        if name == ROW and new is None:  # a reviewer deleted the row: forget what came before
            self.edited.pop(key, None)
            self.inserted.discard(key)
            for k in [k for k in self.parsed if k[:2] == key]:
                del self.parsed[k]
            if table == "actions" and isinstance(old, dict):
                self.deleted_actions.setdefault(old.get("recommendation_id"), []).append(old)
            return
        if name == ROW:  # a reviewer added the row: every value they gave it is theirs
            self.inserted.add(key)
            values = new if isinstance(new, dict) else {}
            chosen = {k for k, v in values.items() if v is not None and k not in _BOOKKEEPING}
            self.edited.setdefault(key, set()).update(chosen)
            return
        self.edited.setdefault(key, set()).add(name)
        self.parsed.setdefault((table, row_id, name), old)

    def fields(self, table: str, row_id: int) -> set[str]:
        """The fields of a row whose value is a reviewer's."""
        names = set(self.edited.get((table, row_id), ()))
        for name in list(names):
            names.update(_TIED.get(name, ()))
        return names

    def touched(self, table: str, row_id: int) -> bool:
        return bool(self.edited.get((table, row_id))) or (table, row_id) in self.inserted

    def as_parsed(self, table: str, row: dict) -> dict:
        """The row as the parser left it (each reviewer edit replaced by what it replaced).

        A row a reviewer added is all theirs: it is compared as it is.
        """
        if (table, row["id"]) in self.inserted:
            return row
        return {
            name: self.parsed.get((table, row["id"], name), value) for name, value in row.items()
        }


def edit_value(value: str | None) -> object:
    """An ``edits.old``/``new`` value decoded (JSON; a value that is not JSON as it is)."""
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value
