"""Merge a recommendation with the next one of its document: the inverse of a split.

When the parser cut one row of a plan in two (a row broken by a page, a
continuation line read as a new record), the reviewer presses ``m`` on the first
part. One change of the audit trail (``store.review.audit.change``) then:

* joins the texts (concern and recommendation with a space, the response as a
  new paragraph) and takes each other field from the first record, or from
  the second where the first has none; where both have a value and they
  differ, the first's is kept and the record gets a warning naming the other;
* puts the second record's actions after the first's, and its judgement and
  repeat links on the first (a link the first already has is kept as the first
  has it);
* makes the span the union of both spans;
* deletes the second record and moves the records after it up one place.

The merged record is unreviewed: nobody has checked it as it now is. One undo
puts both records back exactly (the second with its id, actions and links). A
second record with merge conflicts on record (``merge_conflicts``) is not merged
away: those rows would go with it.
"""

from __future__ import annotations

import json

import sqlite_utils

from store.db import StoreError
from store.domain import RECOMMENDATION
from store.review.audit import Change, change
from store.review.change_result import ChangeResult, result_of

# text fields joined, and how
_JOINED = {"concern": " ", "recommendation": " ", "response": "\n", "note": "\n"}
# fields taken from the first record, or from the second where the first has none
_TAKEN = ("rec_no", "rec_no_as_printed", "section", "heading", "addressee", "ref",
          "repeated_ref", "agreement", "agreement_printed")  # fmt: skip
# a differing value of these is worth a warning (the others are how it was printed)
_WARNED = ("rec_no", "ref", "repeated_ref", "agreement", "addressee")


def _next_of(db: sqlite_utils.Database, first: dict) -> dict | None:
    found = list(
        db.query(
            "SELECT * FROM recommendations WHERE document_id = ? AND position > ? "
            "ORDER BY position LIMIT 1",
            [first["document_id"], first["position"]],
        )
    )
    return found[0] if found else None


def merged_values(first: dict, second: dict) -> dict[str, object]:
    """The first record's fields once the second is merged into it."""
    values: dict[str, object] = {}
    warnings = json.loads(first.get("warnings") or "[]")
    for name, glue in _JOINED.items():
        parts = [p for p in (first.get(name), second.get(name)) if p and p.strip()]
        values[name] = glue.join(parts) if parts else None
    label = second.get("rec_no") or f"at position {second['position']}"
    for name in _TAKEN:
        mine, theirs = first.get(name), second.get(name)
        values[name] = mine if mine is not None else theirs
        if mine is not None and theirs is not None and mine != theirs and name in _WARNED:
            warnings.append(
                f"merged with record {label}: its {name.replace('_', ' ')} {theirs!r} "
                f"differed, {mine!r} kept"
            )
    warnings += [w for w in json.loads(second.get("warnings") or "[]") if w not in warnings]
    values["warnings"] = json.dumps(warnings, ensure_ascii=False)
    starts = [s for s in (first.get("span_start"), second.get("span_start")) if s is not None]
    ends = [e for e in (first.get("span_end"), second.get("span_end")) if e is not None]
    values["span_start"] = min(starts) if starts else None
    values["span_end"] = max(ends) if ends else None
    values["review_status"] = "unreviewed"
    values["reviewer"] = None
    values["reviewed_at"] = None
    return values


def _move_actions(current: Change, first_id: int, second_id: int) -> None:
    """The second record's actions, after the first's: each deleted and added again
    under the first (so that undo puts it back under the second, with its id)."""
    last = current.db.execute(
        "SELECT COALESCE(MAX(position), 0) FROM actions WHERE recommendation_id = ?", [first_id]
    ).fetchone()[0]
    ids = [
        r[0]
        for r in current.db.execute(
            "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position", [second_id]
        ).fetchall()
    ]
    moved = [current.delete("actions", action_id) for action_id in ids]
    for at, action in enumerate(moved, start=last + 1):
        values = {k: v for k, v in action.items() if k != "id"}
        current.insert("actions", values | {"recommendation_id": first_id, "position": at})


def _move_links(current: Change, first_id: int, second_id: int) -> None:
    db = current.db
    links = db.execute(
        "SELECT rowid FROM judgement_links WHERE recommendation_id = ? ORDER BY rowid",
        [second_id],
    ).fetchall()
    for (rowid,) in links:
        link = current.delete("judgement_links", rowid)
        exists = db.execute(
            "SELECT 1 FROM judgement_links WHERE judgement_id = ? AND recommendation_id = ?",
            [link["judgement_id"], first_id],
        ).fetchone()
        if not exists:
            values = {k: v for k, v in link.items() if k != "rowid"}
            current.insert("judgement_links", values | {"recommendation_id": first_id})


def _move_repeat_links(current: Change, first_id: int, second_id: int) -> None:
    """The second record's repeat links, either way round, onto the first (a link
    between the two, or one the first already has, is dropped)."""
    db = current.db
    links = db.execute(
        "SELECT rowid FROM repeat_links WHERE ? IN (recommendation_id, "
        "earlier_recommendation_id) ORDER BY rowid",
        [second_id],
    ).fetchall()
    for (rowid,) in links:
        link = current.delete("repeat_links", rowid)
        ends = {
            name: first_id if link[name] == second_id else link[name]
            for name in ("recommendation_id", "earlier_recommendation_id")
        }
        if ends["recommendation_id"] == ends["earlier_recommendation_id"]:
            continue
        exists = db.execute(
            "SELECT 1 FROM repeat_links WHERE recommendation_id = ? "
            "AND earlier_recommendation_id = ?",
            [ends["recommendation_id"], ends["earlier_recommendation_id"]],
        ).fetchone()
        if not exists:
            values = {k: v for k, v in link.items() if k != "rowid"}
            current.insert("repeat_links", values | ends)


def merge_with_next_record(
    db: sqlite_utils.Database, reviewer: str, recommendation_id: int
) -> ChangeResult:
    """Merge the recommendation with the next one of its document, as one change."""
    with change(db, reviewer) as current:
        first = current.row("recommendations", recommendation_id)
        if first is None:
            raise StoreError(f"recommendation {recommendation_id} no longer exists")
        second = _next_of(db, first)
        if second is None:
            raise StoreError("this is the last record of its document: nothing to merge it with")
        conflicts = db.execute(
            "SELECT COUNT(*) FROM merge_conflicts WHERE recommendation_id = ?", [second["id"]]
        ).fetchone()[0]
        if conflicts:
            raise StoreError(
                f"record {second.get('rec_no') or second['id']} has merge conflicts on record: "
                "merging it away would lose them"
            )
        # the first record's fields first: undo names (and moves to) the record it heads
        current.update("recommendations", first["id"], merged_values(first, second))
        _move_actions(current, first["id"], second["id"])
        _move_links(current, first["id"], second["id"])
        _move_repeat_links(current, first["id"], second["id"])
        current.delete("recommendations", second["id"])
        later = db.execute(
            "SELECT id, position FROM recommendations WHERE document_id = ? AND position > ? "
            "ORDER BY position",
            [first["document_id"], second["position"]],
        ).fetchall()
        current.renumber("recommendations", {rid: pos - 1 for rid, pos in later})
    label = second.get("rec_no") or "the next record"
    return result_of(
        current,
        [(RECOMMENDATION, first["id"]), *((RECOMMENDATION, rid) for rid, _ in later)],
        summary=f"Merged {label} into {first.get('rec_no') or 'this record'}: u undoes it.",
        queue_changed=True,
    )
