"""Conflicts, recorded: the record flagged with a note naming both values and both reviewers.

Each conflict (``store.merge.decide.Found``) becomes a ``merge_conflicts`` row and
a line of the record's note; the record (the recommendation of an action, the
first record of a link) is flagged, its status before the flag kept in the
conflict so that resolving the last one puts it back
(``store.review.merge_conflicts``). A record ours deleted cannot be flagged: its
conflict is listed in the summary and kept in ``merge_conflicts`` under the
record it belonged to when that exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.domain import WHOLE_ROW
from store.merge.conflict_words import conflict_value, conflict_what
from store.merge.decide import Found
from store.merge.history import MERGE_REVIEWER
from store.merge.summary import ConflictLine
from store.review.audit import Change, edit_json

NOTE_START = "Merge conflict"
_CUT = 60  # a value in the summary's line and the note's: the resolve box shows it whole


@dataclass
class Placed:
    """A conflict and the record of ours it flags."""

    found: Found
    record_table: str  # 'recommendations' | 'judgements'
    record_id: int | None
    document: str  # the document's label, for the summary


def what(found: Found) -> str:
    """'agreement', 'action 2: owner', 'action 2: deleted here, changed there'."""
    return conflict_what(
        found.table, found.field, ours_deleted=found.ours is None,
        number=found.row.get("position") or found.row_id,
    )  # fmt: skip


def record_conflicts(current: Change, placed: list[Placed], merge_id: int, source: str):
    """Flag each record, note its conflicts, write ``merge_conflicts``; the summary's lines."""
    lines: list[ConflictLine] = []
    by_record: dict[tuple[str, int], list[Placed]] = {}
    for item in placed:
        label = _label(current, item)
        lines.append(
            ConflictLine(
                item.document, label, what(item.found),
                _side(item.found.ours, item.found.our_reviewer, item.found.field),
                _side(item.found.theirs, _their_reviewer(item.found), item.found.field),
            )
        )  # fmt: skip
        if item.record_id is not None and current.row(item.record_table, item.record_id):
            by_record.setdefault((item.record_table, item.record_id), []).append(item)
    for (table, record_id), items in by_record.items():
        row = current.row(table, record_id)
        before = _status_before(current, table, record_id, row["review_status"])
        notes = [
            f"{NOTE_START} with {source}: {what(i.found)}: ours "
            f"{_side(i.found.ours, i.found.our_reviewer, i.found.field)}; theirs "
            f"{_side(i.found.theirs, _their_reviewer(i.found), i.found.field)}. Ours kept: R resolves it "
            "(C on the queue lists conflicts)."
            for i in items
        ]
        note = "\n".join([*([row["note"]] if row.get("note") else []), *notes])
        current.update(
            table,
            record_id,
            {"review_status": "flagged", "note": note, "reviewer": MERGE_REVIEWER,
             "reviewed_at": current.at},
        )  # fmt: skip
        column = "recommendation_id" if table == "recommendations" else "judgement_id"
        for item in items:
            found = item.found
            edit = found.their_edit
            current.db.execute(
                f"INSERT INTO merge_conflicts (merge_id, {column}, table_name, row_id, field, "
                "ours, theirs, our_reviewer, their_reviewer, their_at, status_before) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    merge_id, record_id, found.table, found.row_id, found.field,
                    edit_json(found.ours), edit_json(found.theirs), found.our_reviewer,
                    edit.reviewer if edit else None, edit.at if edit else None, before,
                ],
            )  # fmt: skip
    return lines


def _status_before(current: Change, table: str, record_id: int, status: str) -> str:
    column = "recommendation_id" if table == "recommendations" else "judgement_id"
    earlier = current.db.execute(
        f"SELECT status_before FROM merge_conflicts WHERE {column} = ? AND resolved = 0 "
        "ORDER BY id LIMIT 1",
        [record_id],
    ).fetchone()
    return earlier[0] if earlier and status == "flagged" else status


def _label(current: Change, item: Placed) -> str:
    if item.record_id is None:
        return "(a record deleted here)"
    row = current.row(item.record_table, item.record_id) or {}
    if item.record_table == "recommendations":
        return f"record {row.get('rec_no') or item.record_id}"
    return f"judgement {row.get('ref') or item.record_id}"


def _their_reviewer(found: Found) -> str | None:
    return found.their_edit.reviewer if found.their_edit else None


def _side(value: object, reviewer: str | None, field: str = "") -> str:
    shown = conflict_value(value, deleted=field == WHOLE_ROW, cut=_CUT)
    return f"{shown} ({reviewer or 'no reviewer named'})"
