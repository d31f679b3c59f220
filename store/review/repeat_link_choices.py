"""What the links screen shows of repeat links: a record's links, and what it could link to.

``repeat_links_of`` lists the links of one recommendation both ways (the earlier
ones it repeats, the later ones that repeat it), each with the other record and
its plan; ``earlier_choices`` lists the recommendations of the same
establishment's earlier plans that a reviewer could link it to by hand
(``store.review.repeat_link_changes.add_repeat_link``), the repeated ref and the
closest texts first.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.domain import establishment_key
from store.ingest.followed_up_plan import documents_of
from store.ingest.repeat_links import EarlierPlans
from store.ingest.similarity import ref_key
from store.plan_dates import dated, plan_date, year_of

EARLIER = "earlier"  # the other record is the earlier one this record repeats
LATER = "later"  # the other record is a later one that repeats this record


@dataclass(frozen=True)
class RepeatLinkRow:
    """One repeat link as seen from a record: the other record and the link."""

    direction: str  # EARLIER | LATER
    recommendation_id: int  # the later, repeating record of the link
    earlier_recommendation_id: int
    other_id: int  # the record at the other end
    other_rec_no: str | None
    other_ref: str | None
    other_text: str | None
    plan_id: int
    plan_year: int | None
    plan_published: str | None
    score: float | None
    confirmed: bool
    method: str | None  # 'ref' | 'text'; None for a link made by hand


_LINKS_SQL = """
SELECT l.recommendation_id, l.earlier_recommendation_id, l.score, l.confirmed, l.method,
    o.id, o.rec_no, o.ref, COALESCE(o.recommendation, o.concern), d.id, d.published,
    d.submitted, d.inspection
FROM repeat_links l
JOIN recommendations o ON o.id = CASE WHEN l.recommendation_id = :rec
    THEN l.earlier_recommendation_id ELSE l.recommendation_id END
JOIN documents d ON d.id = o.document_id
WHERE (l.recommendation_id = :rec OR l.earlier_recommendation_id = :rec)
    AND o.review_status != 'rejected'
ORDER BY l.recommendation_id = :rec DESC, d.published, o.position
"""


def repeat_links_of(db: sqlite_utils.Database, recommendation_id: int) -> list[RepeatLinkRow]:
    """The record's repeat links: the earlier records it repeats first, then the later ones.
    A link to a record rejected as a parsing artefact is left out, as the chains leave it."""
    out = []
    for row in db.execute(_LINKS_SQL, {"rec": recommendation_id}).fetchall():
        later, earlier, score, confirmed, method, other, rec_no, ref, text = row[:9]
        plan, published, submitted, inspection = row[9:]
        date = dated(published, submitted, inspection)
        out.append(
            RepeatLinkRow(
                direction=EARLIER if later == recommendation_id else LATER,
                recommendation_id=later,
                earlier_recommendation_id=earlier,
                other_id=other,
                other_rec_no=rec_no,
                other_ref=ref,
                other_text=text,
                plan_id=plan,
                plan_year=year_of(date),
                plan_published=published,
                score=score,
                confirmed=bool(confirmed),
                method=method,
            )
        )
    return out


@dataclass(frozen=True)
class EarlierChoice:
    """A recommendation of an earlier plan the record could be linked to."""

    recommendation_id: int
    rec_no: str | None
    ref: str | None
    text: str | None
    plan_id: int
    plan_year: int | None
    ref_matches: bool  # its ref is the record's repeated ref
    score: float  # text similarity, 0-1


def earlier_choices(
    db: sqlite_utils.Database, recommendation_id: int, limit: int = 50
) -> list[EarlierChoice]:
    """Recommendations of the same establishment's earlier plans (dated before the
    record's, or undated), the repeated ref first, then by text similarity."""
    rec = next(
        db.query(
            "SELECT r.repeated_ref, d.id AS plan, d.establishment, d.published, d.submitted, "
            "d.inspection FROM recommendations r JOIN documents d ON d.id = r.document_id "
            "WHERE r.id = ?",
            [recommendation_id],
        ),
        None,
    )
    if rec is None or not establishment_key(rec["establishment"]):
        return []
    date = plan_date(rec)
    ids = [i for i in documents_of(db, "action_plan", rec["establishment"]) if i != rec["plan"]]
    marks = ", ".join("?" for _ in ids)
    dates = {
        plan_id: dated(published, submitted, inspection)
        for plan_id, published, submitted, inspection in db.execute(
            f"SELECT id, published, submitted, inspection FROM documents WHERE id IN ({marks})",
            ids,
        )
    }
    plans = []
    for plan_id in ids:  # in documents_of's order
        when = dates[plan_id]
        if date and when and when >= date:
            continue
        plans.append((plan_id, when))
    wanted = ref_key(rec["repeated_ref"])
    this = next(
        db.query(
            "SELECT concern, recommendation FROM recommendations WHERE id = ?", [recommendation_id]
        )
    )
    scorer = EarlierPlans(db, [])
    choices = []
    for plan_id, when in plans:
        for row in scorer.rows(plan_id):
            choices.append(
                EarlierChoice(
                    recommendation_id=row["id"],
                    rec_no=row["rec_no"],
                    ref=row["ref"],
                    text=row["recommendation"] or row["concern"],
                    plan_id=plan_id,
                    plan_year=year_of(when),
                    ref_matches=bool(wanted) and ref_key(row["ref"]) == wanted,
                    score=round(scorer.score(plan_id, this, row), 3),
                )
            )
    choices.sort(key=lambda c: (not c.ref_matches, -c.score, -(c.plan_year or 0)))
    return choices[:limit]
