"""A record the parser missed, made from lines the reviewer selected (the ``n`` key).

The selection is first snapped to whole lines (``snap_to_lines``): a selection
that starts mid-line starts at its line, one that ends mid-line ends at its
line's end. In an action plan the selected lines are then read as a row of the
plan's table by the importer's own interpreter (``read_selected_row``:
``extract.action_plan``, run on the document's text with the other records'
rows blanked out, so the header tells which column is which and the section and
heading rows above still give the heading), which gives the number, refs,
agreement, heading, texts and actions. When that reads no single row
(the table header cannot be found, or the lines hold none or several rows),
the record keeps the selected text only, and a warning on it says why.

In an IRP report the record is an HMIP judgement holding the selected text, as
``store.review.changes.create_record`` makes one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from extract.action_plan.cells import clean
from extract.action_plan.parse import parse_action_plan
from extract.action_plan.table import read_table
from extract.models import ParseError, Recommendation
from store.db import StoreError
from store.domain import RECOMMENDATION
from store.ingest.rows import action_values, recommendation_values
from store.plural import counted
from store.review import changes
from store.review.audit import change
from store.review.change_result import ChangeResult, result_of


@dataclass(frozen=True)
class SelectedRow:
    """What the selected lines were read as: a recommendation, or why not."""

    recommendation: Recommendation | None
    why_not: str | None = None


def snap_to_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` widened to whole lines (without the last line's end)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if end > start and text[end - 1] == "\n":
        end -= 1  # a selection ending at the start of a line ends on the line above
    start = text.rfind("\n", 0, start) + 1
    found = text.find("\n", end)
    end = len(text) if found < 0 else found
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return start, end


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def read_selected_row(text: str, start: int, end: int) -> SelectedRow:
    """The recommendation the importer's interpreter reads from ``text[start:end]``
    (whole lines), the plan's header telling it which column is which."""
    table = read_table(text)
    if table is None:
        return SelectedRow(None, "no table header found in the document")
    # the other records' rows are blanked, so that the selected lines are read alone
    # (a missed row is often one the parser took as part of the record above it);
    # rows that belong to no record (section and heading rows) stay, for the heading
    try:
        others = [(r.span_start, r.span_end) for r in parse_action_plan(text).recommendations]
    except ParseError:
        others = None
    chars = list(text)
    for row in table.rows:
        outside = row.end <= start or row.start >= end
        if outside and (others is None or any(a < row.end and b > row.start for a, b in others)):
            _blank(chars, row.start, row.end)
    if table.summary_span is not None:
        _blank(chars, *table.summary_span)
    try:
        plan = parse_action_plan("".join(chars))
    except ParseError as error:
        return SelectedRow(None, f"the selected lines are not a table row ({error})")
    found = [r for r in plan.recommendations if r.span_start < end and r.span_end > start]
    if len(found) != 1:
        what = "no table row" if not found else f"{len(found)} table rows"
        return SelectedRow(None, f"the selected lines hold {what}")
    return SelectedRow(found[0])


def _position(db: sqlite_utils.Database, document_id: int, span_start: int) -> tuple[int, list]:
    """The new record's place by where its text starts, and the records that move down."""
    rows = db.execute(
        "SELECT id, position, span_start FROM recommendations WHERE document_id = ? "
        "ORDER BY position",
        [document_id],
    ).fetchall()
    after = [(rid, pos) for rid, pos, at in rows if (at or 0) > span_start]
    position = after[0][1] if after else (rows[-1][1] + 1 if rows else 1)
    return position, [(rid, pos) for rid, pos, _ in rows if pos >= position]


def _overlapping(db: sqlite_utils.Database, document_id: int, start: int, end: int) -> str:
    """The numbers of the document's records (not rejected) whose text the span overlaps."""
    found = db.execute(
        "SELECT COALESCE(rec_no, '(no number)') FROM recommendations WHERE document_id = ? "
        "AND review_status != 'rejected' AND span_start < ? AND span_end > ? ORDER BY position",
        [document_id, end, start],
    ).fetchall()
    return ", ".join(r[0] for r in found)


def create_from_selection(
    db: sqlite_utils.Database, reviewer: str, document_id: int, span_start: int, span_end: int
) -> ChangeResult:
    """A new record from the selected lines, read as a table row where it can be; one change."""
    found = db.execute("SELECT kind, text FROM documents WHERE id = ?", [document_id]).fetchone()
    if found is None:
        raise StoreError(f"no document {document_id}")
    kind, text = found
    text = text or ""
    start, end = snap_to_lines(text, span_start, span_end)
    if not text[start:end].strip():
        raise StoreError("select some text of the document first")
    if kind != "action_plan":
        return changes.create_record(db, reviewer, document_id, start, end)
    read = read_selected_row(text, start, end)
    rec = read.recommendation
    if rec is not None:
        values = recommendation_values(rec)
        warnings = list(rec.warnings)
        summary = (
            f"Read as a table row: {rec.rec_no or 'no number'}, "
            f"{rec.agreement or 'no agreement'}, {counted(len(rec.actions), 'action')}."
        )
    else:
        values = {"recommendation": clean(text[start:end]) or None}
        warnings = [f"made by hand from selected text; {read.why_not}: only its text was kept"]
        summary = f"Only the text was kept: {read.why_not} (a warning on the record says so)."
    overlaps = _overlapping(db, document_id, start, end)
    if overlaps:
        warnings.append(
            f"its text overlaps record {overlaps} (not rejected): check it is not a second copy"
        )
        summary += f" Its text overlaps record {overlaps}: check it is not a second copy."
    position, moved = _position(db, document_id, start)
    with change(db, reviewer) as current:
        current.renumber("recommendations", {rid: pos + 1 for rid, pos in moved})
        values |= {
            "document_id": document_id,
            "position": position,
            "span_start": start,
            "span_end": end,
            "warnings": json.dumps(warnings, ensure_ascii=False),
            "review_status": "unreviewed",
        }
        new_id = current.insert("recommendations", values)
        for action in rec.actions if rec is not None else []:
            current.insert(
                "actions",
                action_values(action) | {"recommendation_id": new_id, "position": action.position},
            )
    new = (RECOMMENDATION, new_id)
    return result_of(
        current, [new, *((RECOMMENDATION, rid) for rid, _ in moved)], new, summary=summary
    )
