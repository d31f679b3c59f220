"""Which action plan an IRP report follows up: the establishment's plans, dated and by inspection.

An IRP report follows up one inspection; the establishment answered that
inspection with an action plan. The plan is the same establishment's latest
action plan published before the review (``documents.published`` of the IRP
report), answering the inspection the review follows up (the report's
``inspection_year`` against the year in the plan's ``inspection`` text, or its
date when that is missing). ``store.ingest.judgement_links`` links the
report's judgements to the rows of the plan chosen here.
"""

from __future__ import annotations

import sqlite_utils

from store.domain import establishment_key
from store.plan_dates import inspection_year, inspection_years

__all__ = ["choose_plan", "documents_of", "inspection_year", "inspection_years"]


def choose_plan(db: sqlite_utils.Database, irp: dict) -> dict | None:
    """The action plan an IRP report follows up, or None.

    Plans of the same establishment, dated (published, else submitted) before
    the report's publication, answering the inspection the report follows up
    (when both years are known); the latest of them.
    """
    bound = irp.get("published")
    year = irp.get("inspection_year")
    candidates = []
    for plan in _candidates(db, "action_plan", irp.get("establishment")):
        date = plan["published"] or plan["submitted"]
        if bound and date and date >= bound:
            continue
        plan_years = inspection_years(plan["inspection"])
        if year and plan_years and year not in plan_years:
            continue
        if year and not plan_years and date and int(date[:4]) < year:
            continue
        candidates.append((date or "", plan["id"], plan))
    return max(candidates, key=lambda c: c[:2])[2] if candidates else None


def documents_of(db: sqlite_utils.Database, kind: str, establishment: str | None) -> list[int]:
    """The ids of the documents of ``kind`` of the establishment named ``establishment``."""
    return [r["id"] for r in _candidates(db, kind, establishment)]


def _candidates(db: sqlite_utils.Database, kind: str, establishment: str | None) -> list[dict]:
    key = establishment_key(establishment)
    if not key:
        return []
    # narrowed by the key's longest word; a name with accents ('Château') may
    # print them where the key has none, so it is compared with every document
    longest = max(key.split(), key=len) if establishment.isascii() else ""
    rows = db.query(
        "SELECT id, establishment, inspection, submitted, published FROM documents "
        "WHERE kind = ? AND establishment LIKE ? ORDER BY id",
        [kind, f"%{longest}%"],
    )
    return [r for r in rows if establishment_key(r["establishment"]) == key]
