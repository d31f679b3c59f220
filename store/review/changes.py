"""Every change a reviewer makes to the records, each its own transaction with its edits.

Each function here is one change (``store.review.audit.change``): the rows and the
``edits`` rows that describe them commit together, and one ``undo`` reverts
the whole change, however many rows it wrote (a split action writes several).
Each returns a ``ChangeResult`` naming the records it touched so the app can
refresh them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from extract.dates import read_target
from store.db import StoreError
from store.domain import (
    AGREEMENTS,
    HMIP_SCALE,
    JUDGEMENT,
    RECOMMENDATION,
    RECORD_TABLES,
    REVIEW_STATUSES,
    scale_of,
)
from store.review import drafts
from store.review.audit import Change, Undone, change, now
from store.review.audit import undo as undo_change
from store.review.drafts import ACTION_FIELDS, REC_FIELDS, ActionDraft, RecommendationDraft
from store.review.records import load_draft

JUDGEMENT_FIELDS = ("ref", "theme", "text", "judgement", "note")

Ref = tuple[str, int]  # (RECOMMENDATION | JUDGEMENT, id)


@dataclass(frozen=True)
class ChangeResult:
    """What a change did: its change_id (None if nothing changed) and the records it touched."""

    change_id: int | None
    records: list[Ref]
    created: Ref | None = None


def _table(kind: str) -> str:
    try:
        return RECORD_TABLES[kind]
    except KeyError:
        raise StoreError(f"unknown kind of record {kind!r}") from None


def _done(current: Change, records: list[Ref], created: Ref | None = None) -> ChangeResult:
    return ChangeResult(current.change_id, list(dict.fromkeys(records)), created)


# --- review status --------------------------------------------------------------


def set_status(
    db: sqlite_utils.Database,
    reviewer: str,
    ref: Ref,
    status: str,
    note: str | None = None,
) -> ChangeResult:
    """Mark a record verified, flagged, rejected (or unreviewed), with an optional note.

    The reviewer and the time are recorded on the record; a note replaces the
    record's note only when one is given.
    """
    if status not in REVIEW_STATUSES:
        raise StoreError(f"unknown review status {status!r}")
    values: dict[str, object] = {"review_status": status, "reviewer": reviewer}
    if note is not None and note.strip():
        values["note"] = note.strip()
    with change(db, reviewer) as current:
        values["reviewed_at"] = current.at
        current.update(_table(ref[0]), ref[1], values)
    return _done(current, [ref])


# --- recommendations and their actions ---------------------------------------------


def _check_fields(fields: dict[str, object], allowed: tuple[str, ...]) -> dict[str, object]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise StoreError(f"cannot edit {', '.join(sorted(unknown))}")
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    if clean.get("agreement") is not None and clean["agreement"] not in AGREEMENTS:
        raise StoreError(f"agreement must be one of {', '.join(AGREEMENTS)} or empty")
    return clean


def _action_values(action: ActionDraft) -> dict[str, object]:
    reading = read_target(action.target)
    return {
        "owner": (action.owner or "").strip() or None,
        "target": (action.target or "").strip() or None,
        "text": (action.text or "").strip() or None,
        "target_date": reading.target_date,
        "status": reading.status,
    }


def _apply_draft(current: Change, draft: RecommendationDraft) -> None:
    """Write a draft over the stored recommendation, inside a change."""
    db = current.db
    current.update("recommendations", draft.id, _check_fields(draft.fields, REC_FIELDS))
    stored = {
        row[0]: dict(zip(("owner", "target", "text"), row[1:], strict=True))
        for row in db.execute(
            "SELECT id, owner, target, text FROM actions WHERE recommendation_id = ?", [draft.id]
        ).fetchall()
    }
    kept = {a.id for a in draft.actions if a.id is not None}
    if kept - set(stored):
        raise StoreError("an action of the draft belongs to another recommendation")
    for action_id in stored:
        if action_id not in kept:
            current.delete("actions", action_id)
    current.renumber(
        "actions",
        {a.id: i for i, a in enumerate(draft.actions, start=1) if a.id is not None},
    )
    for position, action in enumerate(draft.actions, start=1):
        values = _action_values(action)
        if action.id is None:
            current.insert(
                "actions",
                values
                | {
                    "recommendation_id": draft.id,
                    "position": position,
                    "span_start": action.span_start,
                    "span_end": action.span_end,
                },
            )
            continue
        before = stored[action.id]
        if values["target"] == ((before["target"] or "").strip() or None):
            # an unchanged target keeps the date and status the parser read (it may have
            # repaired a split month); only a changed target is read again
            del values["target_date"], values["status"]
        current.update("actions", action.id, values)


def save_recommendation(
    db: sqlite_utils.Database, reviewer: str, draft: RecommendationDraft
) -> ChangeResult:
    """Save an edited recommendation (fields and actions) as one change.

    Actions missing from the draft are deleted, new ones (``id`` None) added,
    the rest updated and put in the draft's order. A changed target has its
    ``target_date`` and ``status`` read again with ``extract.dates.read_target``.
    """
    with change(db, reviewer) as current:
        _apply_draft(current, draft)
    return _done(current, [(RECOMMENDATION, draft.id)])


def update_recommendation(
    db: sqlite_utils.Database, reviewer: str, recommendation_id: int, **fields: object
) -> ChangeResult:
    """Set some fields of a recommendation (agreement, rec_no, texts, note...)."""
    with change(db, reviewer) as current:
        current.update("recommendations", recommendation_id, _check_fields(fields, REC_FIELDS))
    return _done(current, [(RECOMMENDATION, recommendation_id)])


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
    _check_fields(fields, ACTION_FIELDS)

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
    _check_fields(fields, ACTION_FIELDS)
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
    return _done(current, [new, *((kind_of, rid) for rid, pos in later if pos >= position)], new)


# --- judgements and links ---------------------------------------------------------


def judgement_scale(db: sqlite_utils.Database, judgement_id: int) -> tuple[str, ...]:
    """The judgement scale of a judgement's inspectorate (HMIP: 4 levels, Ofsted: 3)."""
    row = db.execute("SELECT inspectorate FROM judgements WHERE id = ?", [judgement_id]).fetchone()
    if row is None:
        raise StoreError(f"no judgement {judgement_id}")
    return scale_of(row[0])


def update_judgement(
    db: sqlite_utils.Database, reviewer: str, judgement_id: int, **fields: object
) -> ChangeResult:
    """Set a judgement's judgement (on its inspectorate's scale), ref, theme, text or note."""
    clean = _check_fields(fields, JUDGEMENT_FIELDS)
    scale = judgement_scale(db, judgement_id)
    if clean.get("judgement") is not None and clean["judgement"] not in scale:
        raise StoreError(f"the judgement must be one of: {', '.join(scale)}")
    with change(db, reviewer) as current:
        current.update("judgements", judgement_id, clean)
    return _done(current, [(JUDGEMENT, judgement_id)])


def set_judgement(
    db: sqlite_utils.Database, reviewer: str, judgement_id: int, judgement: str | None
) -> ChangeResult:
    return update_judgement(db, reviewer, judgement_id, judgement=judgement)


def record_progress(
    db: sqlite_utils.Database,
    reviewer: str,
    recommendation_id: int,
    judgement: str,
    note: str,
) -> ChangeResult:
    """A progress judgement on a recommendation recorded by hand (on HMIP's scale).

    It is a ``judgements`` row with no document, the reviewer's note as its
    text, verified by the reviewer, and a confirmed link to the recommendation.
    """
    if judgement not in HMIP_SCALE:
        raise StoreError(f"the judgement must be one of: {', '.join(HMIP_SCALE)}")
    rec = db.execute(
        "SELECT ref, heading, recommendation FROM recommendations WHERE id = ?",
        [recommendation_id],
    ).fetchone()
    if rec is None:
        raise StoreError(f"no recommendation {recommendation_id}")
    note = (note or "").strip() or None
    with change(db, reviewer) as current:
        values = {
            "document_id": None,
            "inspectorate": "HMIP",
            "ref": rec[0],
            "theme": rec[1],
            "text": note,
            "judgement": judgement,
            "review_status": "verified",
            "reviewer": reviewer,
            "reviewed_at": current.at,
            "note": note,
            "warnings": "[]",
            "recorded_at": current.at,
        }
        judgement_id = current.insert("judgements", values)
        current.insert(
            "judgement_links",
            {
                "judgement_id": judgement_id,
                "recommendation_id": recommendation_id,
                "score": 1.0,
                "confirmed": 1,
            },
        )
    return _done(current, [(RECOMMENDATION, recommendation_id)], (JUDGEMENT, judgement_id))


def save_links(
    db: sqlite_utils.Database, reviewer: str, judgement_id: int, links: dict[int, bool]
) -> ChangeResult:
    """Make a judgement's links exactly ``links`` ({recommendation id: confirmed}), one change.

    Links not in ``links`` are removed; new ones are added with a score of 1
    (a reviewer's choice); ``confirmed`` is set on each.
    """
    stored = {
        rec_id: (rowid, confirmed)
        for rowid, rec_id, confirmed in db.execute(
            "SELECT rowid, recommendation_id, confirmed FROM judgement_links "
            "WHERE judgement_id = ?",
            [judgement_id],
        ).fetchall()
    }
    with change(db, reviewer) as current:
        for rec_id, (rowid, _) in stored.items():
            if rec_id not in links:
                current.delete("judgement_links", rowid)
        for rec_id, confirmed in links.items():
            if rec_id in stored:
                current.update("judgement_links", stored[rec_id][0], {"confirmed": int(confirmed)})
            else:
                current.insert(
                    "judgement_links",
                    {
                        "judgement_id": judgement_id,
                        "recommendation_id": rec_id,
                        "score": 1.0,
                        "confirmed": int(confirmed),
                    },
                )
    touched = [(RECOMMENDATION, r) for r in {*stored, *links}]
    return _done(current, [(JUDGEMENT, judgement_id), *touched])


# --- undo -------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoResult:
    """An undo: what it reverted, in words, and the records to refresh."""

    undone: Undone
    records: list[Ref]
    description: str


def undo(db: sqlite_utils.Database, reviewer: str) -> UndoResult | None:
    """Revert the reviewer's latest change (see ``store.review.audit.undo``); None if there is none."""
    undone = undo_change(db, reviewer)
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
    return UndoResult(undone, list(dict.fromkeys(records)), _describe(undone))


def _parent(db: sqlite_utils.Database, action_id: int) -> int | None:
    row = db.execute("SELECT recommendation_id FROM actions WHERE id = ?", [action_id]).fetchone()
    return row[0] if row else None


_BOOKKEEPING = ("reviewer", "reviewed_at", "position", "target_date", "status", "recorded_at")
_NOUNS = {
    "recommendations": "recommendation",
    "actions": "action",
    "judgements": "judgement",
    "judgement_links": "link",
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
    parts = []
    names = list(dict.fromkeys(f[2].replace("_", " ") for f in fields))
    if names:
        parts.append(", ".join(names))
    for table in dict.fromkeys(r[0] for r in added):
        n = sum(1 for r in added if r[0] == table)
        noun = _NOUNS.get(table, table)
        parts.append(f"{n} {noun}{'s' if n != 1 else ''} added or removed")
    return "; ".join(parts) or "a change"


__all__ = [
    "ChangeResult",
    "UndoResult",
    "add_action",
    "create_record",
    "merge_with_next",
    "move_action",
    "now",
    "record_progress",
    "remove_action",
    "save_links",
    "save_recommendation",
    "judgement_scale",
    "set_judgement",
    "set_status",
    "split_action",
    "undo",
    "update_action",
    "update_judgement",
    "update_recommendation",
]
