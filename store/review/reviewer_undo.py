"""The reviewer's undo (the ``u`` key): revert their latest change and say what it was.

The revert itself belongs to the audit trail: ``store.review.audit.undo`` reads
``edits`` back and writes the reverting change. This module adds what the app
needs on top of it: the records the revert touched, so it can refresh them,
and the reverted change in a few words ("agreement 'Not Agreed' → 'Agreed'").
The app calls it through ``store.review.changes`` like every other change.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.domain import JUDGEMENT, RECOMMENDATION
from store.plural import counted
from store.review import audit
from store.review.audit import Undone
from store.review.change_result import Ref


@dataclass(frozen=True)
class UndoResult:
    """An undo: what it reverted, in words, and the records to refresh."""

    undone: Undone
    records: list[Ref]
    description: str


def undo(db: sqlite_utils.Database, reviewer: str, *, force: bool = False) -> UndoResult | None:
    """Revert the reviewer's latest change (see ``store.review.audit.undo``, also for
    ``force``); None if there is none."""
    undone = audit.undo(db, reviewer, force=force)
    if undone is None:
        return None
    records: list[Ref] = []
    for table, row_id, row in undone.rows:
        if table == "recommendations":
            records.append((RECOMMENDATION, row_id))
        elif table == "judgements":
            records.append((JUDGEMENT, row_id))
        elif table == "actions":
            rec = (row or {}).get("recommendation_id") or _parent(db, row_id)
            if rec is not None:
                records.append((RECOMMENDATION, rec))
        elif table == "judgement_links" and row:
            records += [
                (JUDGEMENT, row["judgement_id"]),
                (RECOMMENDATION, row["recommendation_id"]),
            ]
        elif table == "repeat_links" and (row := row or _repeat_link(db, row_id)):
            records += [
                (RECOMMENDATION, row["recommendation_id"]),
                (RECOMMENDATION, row["earlier_recommendation_id"]),
            ]
    return UndoResult(undone, list(dict.fromkeys(records)), _describe(undone))


def _repeat_link(db: sqlite_utils.Database, rowid: int) -> dict | None:
    found = db.execute(
        "SELECT recommendation_id, earlier_recommendation_id FROM repeat_links WHERE rowid = ?",
        [rowid],
    ).fetchone()
    if found is None:
        return None
    return {"recommendation_id": found[0], "earlier_recommendation_id": found[1]}


def _parent(db: sqlite_utils.Database, action_id: int) -> int | None:
    row = db.execute("SELECT recommendation_id FROM actions WHERE id = ?", [action_id]).fetchone()
    return row[0] if row else None


_BOOKKEEPING = ("reviewer", "reviewed_at", "position", "target_date", "status", "recorded_at")
_NOUNS = {
    "recommendations": "recommendation",
    "actions": "action",
    "judgements": "judgement",
    "judgement_links": "link",
    "repeat_links": "repeat link",
    "documents": "document",
}


def _describe(undone: Undone) -> str:
    """The undone change in a few words: "agreement 'Not Agreed' → 'Agreed'"."""
    fields = [f for f in undone.fields if f[2] not in _BOOKKEEPING] or [
        f for f in undone.fields if f[2] == "review_status"
    ]
    added = [r for r in undone.rows if r[2] is not None]
    if len(fields) == 1 and not added:
        _, _, name, was, now_ = fields[0]
        return f"{name.replace('_', ' ')} {was!r} → {now_!r}".replace("None", "empty")
    if len(fields) > 1 and not added and len({f[2:] for f in fields}) == 1:
        # one field changed alike on many records ("verify the rest of this document")
        _, _, name, was, now_ = fields[0]
        n = len({(f[0], f[1]) for f in fields})
        return f"{name.replace('_', ' ')} of {n} records {was!r} → {now_!r}".replace(
            "None", "empty"
        )
    parts = []
    names = list(dict.fromkeys(f[2].replace("_", " ") for f in fields))
    if names:
        parts.append(", ".join(names))
    for table in dict.fromkeys(r[0] for r in added):
        n = sum(1 for r in added if r[0] == table)
        noun = _NOUNS.get(table, table)
        parts.append(f"{counted(n, noun)} added or removed")
    return "; ".join(parts) or "a change"
