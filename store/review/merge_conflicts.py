"""The conflicts a merge left (``merge_conflicts``), and resolving one: keep ours or take theirs.

A merge keeps our value where both files changed a field differently, flags
the record and lists the conflict (``store.merge``). Resolving it is an
ordinary change (``store.review.audit.change``, undone by ``u``):

* **keep ours**: the conflict is marked resolved; the value stays;
* **take theirs**: their value is written (an action's target brings its date
  and status, read as the editor reads them); a row they deleted is deleted,
  a row they changed that we deleted is put back, at the end of its
  recommendation's actions.

When the record's last conflict is resolved, its review status goes back to
what it was before the merge flagged it (if it is still flagged), and the
merge's lines leave its note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from extract.dates import read_target
from store.db import StoreError
from store.domain import JUDGEMENT, RECOMMENDATION, WHOLE_ROW
from store.merge.conflict_words import conflict_value, conflict_what
from store.review.audit import MERGE_REVIEWER, Change, change
from store.review.change_result import ChangeResult, result_of

OURS, THEIRS = "ours", "theirs"
_NOTE_START = "Merge conflict"  # store.merge.flags.NOTE_START: the lines a merge adds to a note


@dataclass(frozen=True)
class MergeConflict:
    """One unresolved conflict of a record."""

    id: int
    table: str  # the row in conflict: the record, one of its actions, a link
    row_id: int
    field: str  # a column, or WHOLE_ROW: deleted on one side, changed on the other
    ours: object
    theirs: object
    our_reviewer: str | None
    their_reviewer: str | None
    their_at: str | None
    source: str  # the file it was merged from
    position: int | None = None  # an action's, as the editor numbers it (ours, else theirs)

    def describe(self) -> str:
        """'agreement: ours 'Agreed' (alice) · theirs 'Not Agreed' (bob, 2026-12-07 09:12)'."""
        what = conflict_what(
            self.table, self.field, ours_deleted=self.ours is None,
            number=self.position or self.row_id,
        )  # fmt: skip
        when = f", {self.their_at[:16].replace('T', ' ')}" if self.their_at else ""
        row = self.field == WHOLE_ROW  # None: the row deleted on that side
        ours = conflict_value(self.ours, deleted=row)  # not cut: the box has room for it
        theirs = conflict_value(self.theirs, deleted=row)
        return (
            f"{what}: ours {ours} ({self.our_reviewer or 'this file'}) · "
            f"theirs {theirs} ({self.their_reviewer or 'their file'}{when}) "
            f"from {self.source}"
        )


def _load(value: str | None) -> object:
    return None if value is None else json.loads(value)


def _column(kind: str) -> str:
    return "recommendation_id" if kind == RECOMMENDATION else "judgement_id"


def open_conflicts(db: sqlite_utils.Database, kind: str, record_id: int) -> list[MergeConflict]:
    """The record's unresolved conflicts, oldest first."""
    rows = db.execute(
        f"""
        SELECT c.id, c.table_name, c.row_id, c.field, c.ours, c.theirs, c.our_reviewer,
            c.their_reviewer, c.their_at, m.source_name, a.position
        FROM merge_conflicts c JOIN merges m ON m.id = c.merge_id
        LEFT JOIN actions a ON c.table_name = 'actions' AND a.id = c.row_id
        WHERE c.{_column(kind)} = ? AND c.resolved = 0 ORDER BY c.id
        """,
        [record_id],
    ).fetchall()
    conflicts = []
    for i, t, r, f, o, th, orv, trv, at, src, position in rows:
        ours, theirs = _load(o), _load(th)
        if position is None and isinstance(theirs, dict):  # deleted here: their place
            position = theirs.get("position")
        conflicts.append(MergeConflict(i, t, r, f, ours, theirs, orv, trv, at, src, position))
    return conflicts


def resolve(
    db: sqlite_utils.Database, reviewer: str, conflict_id: int, choice: str
) -> ChangeResult:
    """Keep ours or take theirs for one conflict, as one change (undone by ``u``)."""
    if choice not in (OURS, THEIRS):
        raise StoreError(f"resolve a conflict with 'ours' or 'theirs', not {choice!r}")
    with change(db, reviewer) as current:
        row = current.row("merge_conflicts", conflict_id)
        if row is None:
            raise StoreError(f"no merge conflict {conflict_id}")
        if row["resolved"]:
            raise StoreError("that conflict is already resolved")
        kind = RECOMMENDATION if row["recommendation_id"] is not None else JUDGEMENT
        record_id = row["recommendation_id"] or row["judgement_id"]
        if choice == THEIRS:
            _take_theirs(current, row)
        current.update("merge_conflicts", conflict_id, {"resolved": 1, "resolution": choice})
        _maybe_unflag(current, kind, record_id, row["status_before"])
    return result_of(current, [(kind, record_id)])


def _take_theirs(current: Change, conflict: dict) -> None:
    table, row_id, name = conflict["table_name"], conflict["row_id"], conflict["field"]
    theirs = _load(conflict["theirs"])
    if name != WHOLE_ROW:
        if current.row(table, row_id) is None:
            raise StoreError(f"the {table[:-1]} in conflict no longer exists")
        values = {name: theirs}
        if table == "actions" and name == "target":
            reading = read_target(theirs)
            values |= {
                "target_date": reading.target_date,
                "status": reading.status,
                "target_unreadable": int(reading.unreadable),
            }
        current.update(table, row_id, values)
    elif theirs is None:  # they deleted it
        if current.row(table, row_id) is not None:
            current.delete(table, row_id)
    elif current.row(table, row_id) is None:  # we deleted it, they changed it: back it comes
        values = {k: v for k, v in theirs.items() if k not in ("id", "rowid")}
        if table == "actions":
            last = current.db.execute(
                "SELECT COALESCE(MAX(position), 0) FROM actions WHERE recommendation_id = ?",
                [values.get("recommendation_id")],
            ).fetchone()[0]
            values["position"] = last + 1
        current.insert(table, values)


def _maybe_unflag(current: Change, kind: str, record_id: int, before: str | None) -> None:
    table = "recommendations" if kind == RECOMMENDATION else "judgements"
    left = current.db.execute(
        f"SELECT COUNT(*) FROM merge_conflicts WHERE {_column(kind)} = ? AND resolved = 0",
        [record_id],
    ).fetchone()[0]
    record = current.row(table, record_id)
    if left or record is None:
        return
    values: dict[str, object] = {}
    status = record["review_status"]
    if status == "flagged" and before and before != "flagged":
        status = before
        values["review_status"] = before
    if "review_status" in values or record.get("reviewer") in (MERGE_REVIEWER, None):
        # the status the record is left with is the resolver's (the merge flagged it, or
        # it is theirs taken); an unreviewed record has no reviewer
        reviewed = status != "unreviewed"
        values |= {"reviewer": current.reviewer if reviewed else None,
                   "reviewed_at": current.at if reviewed else None}  # fmt: skip
    note = record.get("note") or ""
    kept = [line for line in note.split("\n") if not line.startswith(_NOTE_START)]
    if len(kept) != len(note.split("\n")):
        values["note"] = "\n".join(kept).strip() or None
    if values:
        current.update(table, record_id, values)
