"""The reviewer's changes to records: status, a recommendation's fields and actions, a new record.

Each function here is one change (``store.review.audit.change``): the rows and the
``edits`` rows that describe them commit together, and one undo reverts
the whole change, however many rows it wrote (a split action writes several).
Each returns a ``ChangeResult`` (``store.review.change_result``) naming the
records it touched so the app can refresh them.

The app and the tests call every reviewer change through this module: the
changes to judgements and their links (``store.review.judgement_changes``) and
the reviewer's undo (``store.review.reviewer_undo``) live in modules of their
own and are imported here for them.
"""

from __future__ import annotations

import sqlite_utils

from store.db import StoreError
from store.domain import JUDGEMENT, RECOMMENDATION, RECORD_TABLES, REVIEW_STATUSES
from store.review import drafts
from store.review.audit import change
from store.review.change_result import ChangeResult, Ref, checked_fields, result_of
from store.review.conflicts import Conflict, ConflictError, with_authors
from store.review.draft_save import apply_draft
from store.review.drafts import ACTION_FIELDS, REC_FIELDS, RecommendationDraft
from store.review.judgement_changes import (
    judgement_scale,
    record_progress,
    save_links,
    set_judgement,
    update_judgement,
)
from store.review.records import load_draft
from store.review.reviewer_undo import UndoResult, undo


def _table(kind: str) -> str:
    try:
        return RECORD_TABLES[kind]
    except KeyError:
        raise StoreError(f"unknown kind of record {kind!r}") from None


# --- review status --------------------------------------------------------------


def set_status(
    db: sqlite_utils.Database,
    reviewer: str,
    ref: Ref,
    status: str,
    note: str | None = None,
    *,
    expected: str | None = None,
) -> ChangeResult:
    """Mark a record verified, flagged, rejected (or unreviewed), with an optional note.

    The reviewer and the time are recorded on the record; a note replaces the
    record's note only when one is given. A status the record already has, with
    no new note, writes nothing (its ``change_id`` is None), so an accidental
    second ``v`` leaves nothing for undo to step through. ``expected`` is the
    status the reviewer's screen showed: when someone else changed it since,
    ``ConflictError`` says so and nothing is written.
    """
    if status not in REVIEW_STATUSES:
        raise StoreError(f"unknown review status {status!r}")
    table = _table(ref[0])
    note = note.strip() if note is not None and note.strip() else None
    with change(db, reviewer) as current:
        row = current.row(table, ref[1])
        if row is None:
            raise StoreError(f"{ref[0]} {ref[1]} no longer exists")
        stored = row["review_status"]
        if expected is not None and stored not in (expected, status):
            raise ConflictError(
                with_authors(
                    db,
                    [Conflict(table, ref[1], "review_status", expected, stored, status,
                              label=_label(ref[0], row))],
                )
            )  # fmt: skip
        if stored == status and (note is None or note == row.get("note")):
            return result_of(current, [ref])
        values: dict[str, object] = {"review_status": status, "reviewer": reviewer}
        if note is not None:
            values["note"] = note
        values["reviewed_at"] = current.at
        current.update(table, ref[1], values)
    return result_of(current, [ref])


def _label(kind: str, row: dict) -> str:
    if kind == RECOMMENDATION:
        return f"record {row.get('rec_no') or row['id']}"
    return f"judgement {row.get('ref') or row['id']}"


# --- recommendations and their actions ---------------------------------------------


def save_recommendation(
    db: sqlite_utils.Database, reviewer: str, draft: RecommendationDraft
) -> ChangeResult:
    """Save an edited recommendation (fields and actions) as one change.

    Only what the reviewer changed since the draft's base is written, each
    checked against what is stored now (``store.review.draft_save``): a
    ``ConflictError`` names whatever someone else changed meanwhile, and then
    nothing is written. Actions missing from the draft are deleted, new ones
    (``id`` None) added, the rest updated and put in the draft's order. A
    changed target has its ``target_date``, ``status`` and ``target_unreadable``
    read again with ``extract.dates.read_target``.
    """
    with change(db, reviewer) as current:
        apply_draft(current, draft)
    return result_of(current, [(RECOMMENDATION, draft.id)])


def update_recommendation(
    db: sqlite_utils.Database, reviewer: str, recommendation_id: int, **fields: object
) -> ChangeResult:
    """Set some fields of a recommendation (agreement, rec_no, texts, note...)."""
    with change(db, reviewer) as current:
        current.update("recommendations", recommendation_id, checked_fields(fields, REC_FIELDS))
    return result_of(current, [(RECOMMENDATION, recommendation_id)])


def _action_op(db, reviewer: str, action_id: int, op) -> ChangeResult:
    row = db.execute("SELECT recommendation_id FROM actions WHERE id = ?", [action_id]).fetchone()
    if row is None:
        raise StoreError(f"no action {action_id}")
    draft = load_draft(db, row[0])
    index = next(i for i, a in enumerate(draft.actions) if a.id == action_id)
    op(draft.actions, index)
    return save_recommendation(db, reviewer, draft)


def update_action(
    db: sqlite_utils.Database, reviewer: str, action_id: int, **fields: object
) -> ChangeResult:
    """Set an action's owner, target (its date and status read again) or text."""
    checked_fields(fields, ACTION_FIELDS)

    def op(actions, index):
        for name, value in fields.items():
            setattr(actions[index], name, value)

    return _action_op(db, reviewer, action_id, op)


def add_action(
    db: sqlite_utils.Database,
    reviewer: str,
    recommendation_id: int,
    *,
    after: int | None = None,
    **fields: object,
) -> ChangeResult:
    """Add an action (after the action with id ``after``, else at the end)."""
    checked_fields(fields, ACTION_FIELDS)
    draft = load_draft(db, recommendation_id)
    index = next((i for i, a in enumerate(draft.actions) if a.id == after), None)
    at = drafts.add_action(draft.actions, index)
    for name, value in fields.items():
        setattr(draft.actions[at], name, value)
    return save_recommendation(db, reviewer, draft)


def remove_action(db: sqlite_utils.Database, reviewer: str, action_id: int) -> ChangeResult:
    return _action_op(db, reviewer, action_id, drafts.remove_action)


def split_action(
    db: sqlite_utils.Database, reviewer: str, action_id: int, at: int | None = None
) -> ChangeResult:
    """Split an action in two (see ``store.review.drafts.split_action``)."""
    return _action_op(db, reviewer, action_id, lambda a, i: drafts.split_action(a, i, at))


def merge_with_next(db: sqlite_utils.Database, reviewer: str, action_id: int) -> ChangeResult:
    return _action_op(db, reviewer, action_id, drafts.merge_with_next)


def move_action(
    db: sqlite_utils.Database, reviewer: str, action_id: int, offset: int
) -> ChangeResult:
    return _action_op(db, reviewer, action_id, lambda a, i: drafts.move_action(a, i, offset))


# --- new records ----------------------------------------------------------------


def create_record(
    db: sqlite_utils.Database, reviewer: str, document_id: int, span_start: int, span_end: int
) -> ChangeResult:
    """A record the parser missed, made from a span of the document's text.

    In an action plan it is a recommendation, in an IRP report an HMIP
    judgement, with the selected text as its text. It takes its place in the
    document by where the span starts; the records after it move down one.
    """
    row = db.execute(
        "SELECT kind, substr(text, ?, ?) FROM documents WHERE id = ?",
        [span_start + 1, max(0, span_end - span_start), document_id],
    ).fetchone()
    if row is None:
        raise StoreError(f"no document {document_id}")
    kind, text = row
    text = " ".join((text or "").split())
    if not text:
        raise StoreError("select some text of the document first")
    table = "recommendations" if kind == "action_plan" else "judgements"
    later = db.execute(
        f"SELECT id, position FROM {table} WHERE document_id = ? AND position IS NOT NULL "
        "ORDER BY position",
        [document_id],
    ).fetchall()
    starts = dict(
        db.execute(f"SELECT id, span_start FROM {table} WHERE document_id = ?", [document_id])
    )
    after = [(rid, pos) for rid, pos in later if (starts.get(rid) or 0) > span_start]
    position = after[0][1] if after else (later[-1][1] + 1 if later else 1)
    with change(db, reviewer) as current:
        current.renumber(table, {rid: pos + 1 for rid, pos in later if pos >= position})
        values: dict[str, object] = {
            "document_id": document_id,
            "position": position,
            "span_start": span_start,
            "span_end": span_end,
            "warnings": "[]",
            "review_status": "unreviewed",
        }
        if table == "recommendations":
            values["recommendation"] = text
            new = (RECOMMENDATION, current.insert(table, values))
        else:
            values |= {"inspectorate": "HMIP", "text": text}
            new = (JUDGEMENT, current.insert(table, values))
    kind_of = RECOMMENDATION if table == "recommendations" else JUDGEMENT
    return result_of(
        current, [new, *((kind_of, rid) for rid, pos in later if pos >= position)], new
    )


__all__ = [
    "ChangeResult",
    "ConflictError",
    "Ref",
    "UndoResult",
    "add_action",
    "create_record",
    "judgement_scale",
    "merge_with_next",
    "move_action",
    "record_progress",
    "remove_action",
    "save_links",
    "save_recommendation",
    "set_judgement",
    "set_status",
    "split_action",
    "undo",
    "update_action",
    "update_judgement",
    "update_recommendation",
]
