"""The reviewer's changes to repeat links: confirm one, remove one, add one by hand.

A repeat link ties a plan's recommendation printed as repeated to the earlier
plan's recommendation it repeats (``store.ingest.repeat_links`` proposes them on
import). Each function here is one change (``store.review.audit.change``: one
transaction, its ``edits`` rows with ``table_name`` 'repeat_links' sharing a
``change_id``, ``row_id`` the link's rowid), undone whole by ``u``, and returns a
``ChangeResult`` naming both recommendations, as the judgement-link changes do.
Once a reviewer has touched a record's repeat links, re-import and re-parse
leave them as they are.
"""

from __future__ import annotations

import sqlite_utils

from store.db import StoreError
from store.domain import RECOMMENDATION, establishment_key
from store.ingest.repeat_links import text_score
from store.plan_dates import plan_date
from store.review.audit import change
from store.review.change_result import ChangeResult, result_of

TABLE = "repeat_links"


def confirm_repeat_link(
    db: sqlite_utils.Database, recommendation_id: int, earlier_recommendation_id: int, reviewer: str
) -> ChangeResult:
    """Confirm the link from ``recommendation_id`` to the earlier one it repeats."""
    rowid, confirmed = _link(db, recommendation_id, earlier_recommendation_id)
    later, earlier = _names(db, recommendation_id, earlier_recommendation_id)
    with change(db, reviewer) as current:
        current.update(TABLE, rowid, {"confirmed": 1})
    return _result(
        current,
        recommendation_id,
        earlier_recommendation_id,
        f"{later} repeats {earlier}: already confirmed"
        if confirmed
        else f"Confirmed: {later} repeats {earlier}",
    )


def remove_repeat_link(
    db: sqlite_utils.Database, recommendation_id: int, earlier_recommendation_id: int, reviewer: str
) -> ChangeResult:
    """Remove the link (it does not come back on re-import: the reviewer removed it)."""
    rowid, _ = _link(db, recommendation_id, earlier_recommendation_id)
    later, earlier = _names(db, recommendation_id, earlier_recommendation_id)
    with change(db, reviewer) as current:
        current.delete(TABLE, rowid)
    return _result(
        current,
        recommendation_id,
        earlier_recommendation_id,
        f"Removed: {later} repeats {earlier}",
    )


def add_repeat_link(
    db: sqlite_utils.Database, recommendation_id: int, earlier_recommendation_id: int, reviewer: str
) -> ChangeResult:
    """Link ``recommendation_id`` by hand to the earlier recommendation it repeats.

    The link is confirmed, with no ``method`` (made by hand) and the two texts'
    similarity as its ``score``. An automatic link between the two is confirmed
    instead. Refused (``StoreError``) unless the earlier recommendation belongs to
    another action plan of the same establishment dated before (when both are dated).
    """
    later_plan, earlier_plan = _check_pair(db, recommendation_id, earlier_recommendation_id)
    found = db.execute(
        "SELECT confirmed FROM repeat_links WHERE recommendation_id = ? "
        "AND earlier_recommendation_id = ?",
        [recommendation_id, earlier_recommendation_id],
    ).fetchone()
    if found is not None:
        if found[0]:
            later, earlier = _names(db, recommendation_id, earlier_recommendation_id)
            raise StoreError(f"{later} is already linked to {earlier}")
        return confirm_repeat_link(db, recommendation_id, earlier_recommendation_id, reviewer)
    score = round(text_score(db, recommendation_id, earlier_recommendation_id), 3)
    later, earlier = _names(db, recommendation_id, earlier_recommendation_id)
    with change(db, reviewer) as current:
        current.insert(
            TABLE,
            {
                "recommendation_id": recommendation_id,
                "earlier_recommendation_id": earlier_recommendation_id,
                "score": score,
                "confirmed": 1,
                "method": None,
            },
        )
    return _result(
        current,
        recommendation_id,
        earlier_recommendation_id,
        f"Linked by hand: {later} repeats {earlier}",
    )


# --------------------------------------------------------------------------- helpers


def _result(current, recommendation_id: int, earlier_id: int, summary: str) -> ChangeResult:
    return result_of(
        current,
        [(RECOMMENDATION, recommendation_id), (RECOMMENDATION, earlier_id)],
        summary=summary,
    )


def _link(db: sqlite_utils.Database, recommendation_id: int, earlier_id: int) -> tuple[int, int]:
    """(rowid, confirmed) of the link; ``StoreError`` when there is none."""
    found = db.execute(
        "SELECT rowid, confirmed FROM repeat_links WHERE recommendation_id = ? "
        "AND earlier_recommendation_id = ?",
        [recommendation_id, earlier_id],
    ).fetchone()
    if found is None:
        later, earlier = _names(db, recommendation_id, earlier_id)
        raise StoreError(f"{later} is not linked to {earlier}")
    return found[0], found[1]


_RECORD_SQL = """
SELECT r.id, r.rec_no, r.document_id, d.kind, d.establishment, d.inspection, d.submitted,
    d.published
FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE r.id = ?
"""


def _record(db: sqlite_utils.Database, recommendation_id: int) -> dict:
    rows = list(db.query(_RECORD_SQL, [recommendation_id]))
    if not rows:
        raise StoreError(f"no recommendation {recommendation_id}")
    return rows[0]


def _name(row: dict) -> str:
    """'5.8 of the 2021 plan' as a summary names a recommendation."""
    date = plan_date(row)
    plan = f"the {date[:4]} plan" if date else "an undated plan"
    return f"{row['rec_no'] or 'recommendation ' + str(row['id'])} of {plan}"


def _names(db: sqlite_utils.Database, recommendation_id: int, earlier_id: int) -> tuple[str, str]:
    return _name(_record(db, recommendation_id)), _name(_record(db, earlier_id))


def _check_pair(db: sqlite_utils.Database, recommendation_id: int, earlier_id: int):
    later, earlier = _record(db, recommendation_id), _record(db, earlier_id)
    if later["document_id"] == earlier["document_id"]:
        raise StoreError("a recommendation repeats one of an earlier plan, not of its own plan")
    if "action_plan" not in (later["kind"], earlier["kind"]) or later["kind"] != earlier["kind"]:
        raise StoreError("repeat links join recommendations of two action plans")
    if establishment_key(later["establishment"]) != establishment_key(earlier["establishment"]):
        raise StoreError(
            f"{_name(earlier)} is of {earlier['establishment'] or 'no establishment'}, "
            f"not {later['establishment'] or 'no establishment'}: a repeat is of the same "
            "establishment"
        )
    later_date, earlier_date = plan_date(later), plan_date(earlier)
    if later_date and earlier_date and earlier_date >= later_date:
        raise StoreError(
            f"{_name(earlier)} is not earlier than {_name(later)}: link the later "
            "recommendation to the earlier one it repeats"
        )
    return later, earlier
