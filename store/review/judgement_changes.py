"""The reviewer's changes to progress judgements: a judgement's fields, one recorded by hand, links.

Each function is one change (``store.review.audit.change``) returning a
``ChangeResult`` (``store.review.change_result``), like the changes to
recommendations in ``store.review.changes``, through which the app calls them.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from store.db import StoreError
from store.domain import HMIP_SCALE, JUDGEMENT, RECOMMENDATION, scale_of
from store.review.audit import change
from store.review.change_result import ChangeResult, checked_fields, result_of
from store.review.conflicts import Conflict, ConflictError, check_field, with_authors
from store.review.judgement_day import describe_judged_on, read_judged_on

JUDGEMENT_FIELDS = ("ref", "theme", "text", "judgement", "note", "judged_on")


def judgement_scale(db: sqlite_utils.Database, judgement_id: int) -> tuple[str, ...]:
    """The judgement scale of a judgement's inspectorate (HMIP: 4 levels, Ofsted: 3)."""
    row = db.execute("SELECT inspectorate FROM judgements WHERE id = ?", [judgement_id]).fetchone()
    if row is None:
        raise StoreError(f"no judgement {judgement_id}")
    return scale_of(row[0])


def update_judgement(
    db: sqlite_utils.Database,
    reviewer: str,
    judgement_id: int,
    *,
    expected: dict[str, object] | None = None,
    **fields: object,
) -> ChangeResult:
    """Set a judgement's judgement (on its inspectorate's scale), ref, theme, text or note,
    or the day a judgement recorded by hand was made (``judged_on``, read as
    ``store.review.judgement_day`` says; an IRP judgement is dated by its report).

    ``expected`` holds the values the reviewer's screen showed for the fields being
    set: where someone else changed one since, ``ConflictError`` names both and
    nothing is written."""
    clean = checked_fields(fields, JUDGEMENT_FIELDS)
    scale = judgement_scale(db, judgement_id)
    if clean.get("judgement") is not None and clean["judgement"] not in scale:
        raise StoreError(f"the judgement must be one of: {', '.join(scale)}")
    if "judged_on" in clean:
        if _document_of(db, judgement_id) is not None:
            raise StoreError("a judgement read from an IRP report is dated by the report")
        clean["judged_on"] = read_judged_on(clean["judged_on"])
    with change(db, reviewer) as current:
        if expected is not None:
            stored = current.row("judgements", judgement_id) or {}
            found: list[Conflict] = []
            for name, value in clean.items():
                if name in expected:
                    check_field(
                        found, "judgements", judgement_id, name,
                        base=expected[name], stored=stored.get(name), mine=value,
                    )  # fmt: skip
            if found:
                raise ConflictError(with_authors(db, found))
        current.update("judgements", judgement_id, clean)
    return result_of(current, [(JUDGEMENT, judgement_id)])


def set_judgement(
    db: sqlite_utils.Database, reviewer: str, judgement_id: int, judgement: str | None
) -> ChangeResult:
    return update_judgement(db, reviewer, judgement_id, judgement=judgement)


def record_progress(
    db: sqlite_utils.Database,
    reviewer: str,
    recommendation_id: int,
    judgement: str,
    note: str | None,
    judged_on: str | date | None = None,
) -> ChangeResult:
    """A progress judgement on a recommendation recorded by hand (on HMIP's scale).

    It is a ``judgements`` row with no document, the reviewer's note (where
    the judgement comes from) as its text, ``judged_on`` the day it was made
    (what the reviewer typed, read by ``store.review.judgement_day``; None when
    not known, never today by default), verified by the reviewer, and a
    confirmed link to the recommendation. The queue shows it right after the
    recommendation. The same judgement on the same day for the same
    recommendation, recorded by hand and not rejected, is refused rather than
    recorded twice (``StoreError`` naming it).
    """
    if judgement not in HMIP_SCALE:
        raise StoreError(f"the judgement must be one of: {', '.join(HMIP_SCALE)}")
    day = read_judged_on(judged_on)
    note = (note or "").strip() or None
    with change(db, reviewer) as current:
        rec = db.execute(
            "SELECT ref, heading, rec_no FROM recommendations WHERE id = ?", [recommendation_id]
        ).fetchone()
        if rec is None:
            raise StoreError(f"no recommendation {recommendation_id}")
        rec_no = rec[2] or "this recommendation"
        same = db.execute(
            "SELECT j.id FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id "
            "WHERE l.recommendation_id = ? AND j.document_id IS NULL AND j.judgement = ? "
            "AND j.judged_on IS ? AND j.review_status != 'rejected' ORDER BY j.id LIMIT 1",
            [recommendation_id, judgement, day],
        ).fetchone()
        if same is not None:
            raise StoreError(
                f"{rec_no} already has {judgement} recorded by hand, {_judged(day)} "
                f"(judgement {same[0]}, shown right after it in the queue): edit or reject "
                "that one instead"
            )
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
            "judged_on": day,
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
    return result_of(
        current,
        [(RECOMMENDATION, recommendation_id)],
        (JUDGEMENT, judgement_id),
        summary=f"Recorded by hand: {judgement} on {rec_no}, {_judged(day)}",
        queue_changed=True,
    )


def _judged(day: str | None) -> str:
    return f"judged {describe_judged_on(day)}" if day else "undated"


def _document_of(db: sqlite_utils.Database, judgement_id: int) -> int | None:
    row = db.execute("SELECT document_id FROM judgements WHERE id = ?", [judgement_id]).fetchone()
    if row is None:
        raise StoreError(f"no judgement {judgement_id}")
    return row[0]


def save_links(
    db: sqlite_utils.Database, reviewer: str, judgement_id: int, links: dict[int, bool]
) -> ChangeResult:
    """Make a judgement's links exactly ``links`` ({recommendation id: confirmed}), one change.

    Links not in ``links`` are removed; new ones are added with a score of 1
    (a reviewer's choice); ``confirmed`` is set on each. A judgement recorded by
    hand has no document: the queue shows it after its (lowest-id) linked
    recommendation, so it keeps at least one link (reject it instead), and a
    change to its links may move it in the queue.
    """
    by_hand = _document_of(db, judgement_id) is None
    if by_hand and not links:
        raise StoreError(
            "a judgement recorded by hand stays linked to a recommendation "
            "(the queue shows it after it): reject it instead"
        )
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
    return result_of(current, [(JUDGEMENT, judgement_id), *touched], queue_changed=by_hand)
