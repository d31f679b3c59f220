"""Link a recommendation printed as repeated to the earlier plan's recommendation it repeats.

An action plan prints "(Repeated recommendation 1.35)" or "(2.61, repeated
recommendation 2.66)" on a row: the number is the paragraph of the *earlier*
inspection report, which the establishment's earlier action plan prints as that
recommendation's ``ref``. ``link_repeats`` ties each such row (``repeated_ref``)
to that earlier row in ``repeat_links``:

* **Which earlier plan.** Action plans of the same establishment
  (``store.domain.establishment_key``, through ``followed_up_plan.documents_of``)
  dated before the repeating plan (``plan_date``: published, else submitted,
  else the inspection's year). A plan with no date at all is linked neither way.
* **Which row.** A row of an earlier plan whose ``ref`` is the repeated ref
  (``similarity.ref_key``: '1.35', '(1.35)', 'S39' and 's 39' compare equal),
  scored by how alike the two texts are (``Matcher.hmip``, the scoring of
  judgement links). When several earlier plans print the ref, the latest whose
  text agrees (``TEXT_MIN``) wins, else the latest. When no earlier plan prints
  it, a row saying the same (``TEXT_ONLY_MIN``, clear of the next by
  ``MARGIN``) of the latest earlier plan is linked by text.
* **Warnings** on the repeating record (starting ``WARNING_PREFIX``, replaced
  each time): the ref matches but the text does not; the text matches another
  row better; the link was made by text alone; or no earlier plan prints the
  ref. A repeated ref with no earlier plan in the database at all gets no link
  and no warning: the plan it repeats is simply not imported. A record whose
  links a reviewer has touched gets none either: they have looked.

Links are made both ways round: importing a plan links its own repeated rows
and relinks the same establishment's later plans (their rows may repeat this
one). Chains follow the links back (2015 → 2018 → 2021). Every automatic link
is ``confirmed = 0`` with its ``score`` and ``method`` ('ref' | 'text'); a
repeating record whose links a reviewer touched (a confirmed link, a link made
by hand, any edit of its links) keeps them as they are, so re-parse and
re-import never undo a reviewer's work. Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from store.ingest.followed_up_plan import documents_of
from store.ingest.similarity import Matcher, ref_key
from store.plan_dates import plan_date
from store.plural import counted
from store.review.audit import REPARSE_REVIEWER

TEXT_MIN = 0.45  # from this text score up, a row with the repeated ref says the same thing
TEXT_ONLY_MIN = 0.75  # a row with another ref is linked by text alone from this score up,
MARGIN = 0.1  # ...when it beats every other row by this much (also: "closer to another")
WARNING_PREFIX = "repeat: "


@dataclass(frozen=True)
class Proposal:
    """The link proposed for one repeating record, or only a warning."""

    earlier_id: int | None
    score: float | None = None
    method: str | None = None  # 'ref' | 'text'
    warning: str | None = None


def plan_label(row: dict) -> str:
    """'the 2018 plan (HMP Ashdown, published 2018-04-03)' as warnings name a plan."""
    date = plan_date(row)
    year = f"the {date[:4]} plan" if date else "the undated plan"
    when = f", published {row['published']}" if row.get("published") else ""
    return f"{year} ({row.get('establishment') or 'no establishment'}{when})"


# --------------------------------------------------------------------------- entry point


def link_repeats(db: sqlite_utils.Database, document_id: int) -> list[str]:
    """Link the repeated rows of plan ``document_id`` and of its establishment's later plans.

    Returns the warnings now on those records (each naming its record), in plan
    and row order. Inside the caller's transaction; writes only what changed.
    """
    doc = _plan(db, document_id)
    if doc is None:
        return []
    plans = [p for p in _plans(db, doc["establishment"]) if p["id"] != document_id] + [doc]
    date = plan_date(doc)
    if date is None:
        later = []
    else:
        later = [p for p in plans if p["id"] != document_id and (plan_date(p) or "") > date]
    out: list[str] = []
    relinked = [doc, *sorted(later, key=lambda p: (plan_date(p), p["id"]))]
    touched = _touched(db, [p["id"] for p in relinked])
    rows = EarlierPlans(db, [])  # each plan's rows and matcher, read once for them all
    for plan in relinked:
        out.extend(_link_plan(db, plan, plans, touched, rows))
    return out


def _link_plan(
    db: sqlite_utils.Database,
    plan: dict,
    plans: list[dict],
    touched: set[int],
    rows: EarlierPlans,
) -> list[str]:
    """Link the repeated rows of one plan to the plans before it (their rows and matchers
    read through ``rows``); the warnings written."""
    recs = list(
        db.query(
            "SELECT id, rec_no, ref, repeated_ref, concern, recommendation, warnings "
            "FROM recommendations WHERE document_id = ? AND review_status != 'rejected' "
            "ORDER BY position",
            [plan["id"]],
        )
    )
    date = plan_date(plan)
    earlier = []
    if date is not None:
        earlier = [p for p in plans if (plan_date(p) or date) < date and p["id"] != plan["id"]]
    earlier.sort(key=lambda p: (plan_date(p), p["id"]), reverse=True)  # latest first
    candidates = rows.of_plans(earlier)
    linked = _automatically_linked(db, plan["id"])
    out = []
    for rec in recs:
        proposal = None
        if ref_key(rec["repeated_ref"]) and earlier:
            proposal = candidates.propose(rec)
        warning = proposal.warning if proposal else None
        if rec["id"] in touched:
            warning = None  # a reviewer has looked at its links: nothing left to check
        elif proposal is not None or rec["id"] in linked:
            _store(db, rec["id"], proposal)
        _set_warning(db, rec, warning)
        if warning:
            out.append(f"{plan_label(plan)} {rec['rec_no'] or '#' + str(rec['id'])}: {warning}")
    return out


def text_score(db: sqlite_utils.Database, recommendation_id: int, earlier_id: int) -> float:
    """How alike two recommendations' texts are (0-1), scored as ``link_repeats`` scores
    them: against the rest of the earlier one's plan."""
    (plan_id,) = db.execute(
        "SELECT document_id FROM recommendations WHERE id = ?", [earlier_id]
    ).fetchone()
    earlier = EarlierPlans(db, [])
    rows = {r["id"]: r for r in earlier.rows(plan_id)}
    (rec,) = db.query(
        "SELECT id, concern, recommendation FROM recommendations WHERE id = ?", [recommendation_id]
    )
    other = rows.get(earlier_id) or next(
        db.query("SELECT concern, recommendation FROM recommendations WHERE id = ?", [earlier_id])
    )
    return earlier.score(plan_id, rec, other)


# --------------------------------------------------------------------------- matching


class EarlierPlans:
    """The rows of the earlier plans, read once, with a matcher per plan and its rows by
    ``ref_key`` of their ref."""

    def __init__(self, db: sqlite_utils.Database, plans: list[dict]):
        self.plans = plans  # latest first
        self._rows: dict[int, list[dict]] = {}
        self._matchers: dict[int, Matcher] = {}
        self._by_ref: dict[int, dict[str | None, list[dict]]] = {}
        self._db = db

    def of_plans(self, plans: list[dict]) -> EarlierPlans:
        """Candidates from ``plans`` (latest first), with the rows and matchers read so far
        (each plan's read once, however many later plans are linked against it)."""
        other = EarlierPlans(self._db, plans)
        other._rows, other._matchers, other._by_ref = self._rows, self._matchers, self._by_ref
        return other

    def rows(self, plan_id: int) -> list[dict]:
        if plan_id not in self._rows:
            self._rows[plan_id] = list(
                self._db.query(
                    "SELECT id, rec_no, ref, concern, recommendation FROM recommendations "
                    "WHERE document_id = ? AND review_status != 'rejected' ORDER BY position",
                    [plan_id],
                )
            )
            self._matchers[plan_id] = Matcher(
                r["recommendation"] or r["concern"] for r in self._rows[plan_id]
            )
            by_ref = self._by_ref[plan_id] = {}
            for row in self._rows[plan_id]:  # in the plan's order
                by_ref.setdefault(ref_key(row["ref"]), []).append(row)
        return self._rows[plan_id]

    def with_ref(self, plan_id: int, key: str | None) -> list[dict]:
        """The plan's rows whose ref is ``key`` (``ref_key``'s form), in the plan's order."""
        self.rows(plan_id)
        return self._by_ref[plan_id].get(key, [])

    def score(self, plan_id: int, rec: dict, other: dict) -> float:
        self.rows(plan_id)
        return self._matchers[plan_id].hmip(
            rec["recommendation"], rec["concern"], other["recommendation"], other["concern"]
        )

    def propose(self, rec: dict) -> Proposal:
        key = ref_key(rec["repeated_ref"])
        shown = rec["repeated_ref"]
        by_ref = []  # (plan, row, score), latest plan first
        for plan in self.plans:
            for row in self.with_ref(plan["id"], key):
                by_ref.append((plan, row, self.score(plan["id"], rec, row)))
        if by_ref:
            agreeing = [c for c in by_ref if c[2] >= TEXT_MIN]
            plan, row, score = (agreeing or by_ref)[0]
            warning = self._ref_warning(rec, plan, row, score)
            return Proposal(row["id"], round(score, 3), "ref", warning)
        latest = self.plans[0]
        scored = sorted(
            ((self.score(latest["id"], rec, row), row) for row in self.rows(latest["id"])),
            key=lambda s: -s[0],
        )
        if scored:
            best, row = scored[0]
            runner = scored[1][0] if len(scored) > 1 else 0.0
            if best >= TEXT_ONLY_MIN and best - runner >= MARGIN:
                return Proposal(
                    row["id"],
                    round(best, 3),
                    "text",
                    f"{WARNING_PREFIX}repeated recommendation {shown}: no earlier plan prints "
                    f"ref {shown}; linked by its text to {_name(row)} of {plan_label(latest)} "
                    f"(similarity {best:.2f}): check it",
                )
        return Proposal(
            None,
            warning=f"{WARNING_PREFIX}repeated recommendation {shown}: none of the "
            f"{counted(len(self.plans), 'earlier plan')} of "
            f"{latest.get('establishment')} prints ref {shown} or says the same: not linked "
            "(the plan it repeats may not be imported)",
        )

    def _ref_warning(self, rec: dict, plan: dict, row: dict, score: float) -> str | None:
        """The warning on a link by ref to ``row``, whose text scored ``score``, if any."""
        shown = rec["repeated_ref"]
        others = [
            (self.score(plan["id"], rec, other), other)
            for other in self.rows(plan["id"])
            if other["id"] != row["id"]
        ]
        best = max(others, key=lambda s: s[0], default=None)
        if best and best[0] >= TEXT_MIN and best[0] - score >= MARGIN:
            return (
                f"{WARNING_PREFIX}repeated recommendation {shown}: linked to {_name(row)} of "
                f"{plan_label(plan)} by its ref, but the text is closer to {_name(best[1])} "
                f"(similarity {best[0]:.2f} against {score:.2f}): check it"
            )
        if score < TEXT_MIN:
            return (
                f"{WARNING_PREFIX}repeated recommendation {shown}: linked to {_name(row)} of "
                f"{plan_label(plan)} by its ref, but their texts differ "
                f"(similarity {score:.2f}): check it"
            )
        return None


def _name(row: dict) -> str:
    """'5.8 (ref 1.22)' or '5.8', how a warning names an earlier row."""
    no = row["rec_no"] or f"row {row['id']}"
    return f"{no} (ref {row['ref']})" if row.get("ref") else no


# --------------------------------------------------------------------------- SQL


def _plan(db: sqlite_utils.Database, document_id: int) -> dict | None:
    rows = list(
        db.query(
            "SELECT id, establishment, inspection, submitted, published FROM documents "
            "WHERE id = ? AND kind = 'action_plan'",
            [document_id],
        )
    )
    return rows[0] if rows else None


def _plans(db: sqlite_utils.Database, establishment: str | None) -> list[dict]:
    ids = documents_of(db, "action_plan", establishment)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(
        db.query(
            "SELECT id, establishment, inspection, submitted, published FROM documents "
            f"WHERE id IN ({marks})",
            ids,
        )
    )


# Of the plans' records (``{plans}``: their ids as named parameters), those whose links a
# reviewer touched: a link confirmed or made by hand; a link with a reviewer's edit, found
# from the plans' links by the edits' keys (CROSS JOIN keeps that order: idx_edits_row,
# not every edit of repeat links); a link a reviewer added or removed, whose edit names the
# record only in its JSON (so every such edit of repeat links is read, none of another table)
_TOUCHED_SQL = """
SELECT l.recommendation_id FROM recommendations r
    CROSS JOIN repeat_links l ON l.recommendation_id = r.id
    WHERE r.document_id IN ({plans}) AND (l.confirmed = 1 OR l.method IS NULL)
UNION
SELECT l.recommendation_id FROM recommendations r
    CROSS JOIN repeat_links l ON l.recommendation_id = r.id
    CROSS JOIN edits e ON e.table_name = 'repeat_links' AND e.row_id = l.rowid
    WHERE r.document_id IN ({plans}) AND e.reviewer IS NOT :machine
UNION
SELECT json_extract(COALESCE(e.old, e.new), '$.recommendation_id') AS rec FROM edits e
    WHERE e.table_name = 'repeat_links' AND e.field = '*' AND e.reviewer IS NOT :machine
        AND rec IN (SELECT id FROM recommendations WHERE document_id IN ({plans}))
"""


def _touched(db: sqlite_utils.Database, plan_ids: list[int]) -> set[int]:
    """The records of plans ``plan_ids`` whose links a reviewer touched: they are left as
    they are."""
    names = {f"plan{i}": plan_id for i, plan_id in enumerate(plan_ids)}
    sql = _TOUCHED_SQL.format(plans=", ".join(f":{name}" for name in names))
    return {r[0] for r in db.execute(sql, {"machine": REPARSE_REVIEWER, **names}) if r[0]}


def _automatically_linked(db: sqlite_utils.Database, document_id: int) -> set[int]:
    """The plan's records with an automatic (unconfirmed) link: the only ones with no
    proposal that ``_store`` has anything to remove from."""
    return {
        r[0]
        for r in db.execute(
            "SELECT l.recommendation_id FROM repeat_links l "
            "JOIN recommendations r ON r.id = l.recommendation_id "
            "WHERE r.document_id = ? AND l.confirmed = 0",
            [document_id],
        )
    }


def _store(db: sqlite_utils.Database, rec_id: int, proposal: Proposal | None) -> None:
    """Make an untouched record's automatic links the proposal's, writing only changes."""
    existing = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT earlier_recommendation_id, score, method FROM repeat_links "
            "WHERE recommendation_id = ? AND confirmed = 0",
            [rec_id],
        )
    }
    wanted = proposal.earlier_id if proposal else None
    for earlier_id in existing:
        if earlier_id != wanted:
            db.execute(
                "DELETE FROM repeat_links WHERE recommendation_id = ? "
                "AND earlier_recommendation_id = ?",
                [rec_id, earlier_id],
            )
    if wanted is None:
        return
    if wanted not in existing:
        db.execute(
            "INSERT OR IGNORE INTO repeat_links (recommendation_id, earlier_recommendation_id, "
            "score, confirmed, method) VALUES (?, ?, ?, 0, ?)",
            [rec_id, wanted, proposal.score, proposal.method],
        )
    elif existing[wanted] != (proposal.score, proposal.method):
        db.execute(
            "UPDATE repeat_links SET score = ?, method = ? WHERE recommendation_id = ? "
            "AND earlier_recommendation_id = ?",
            [proposal.score, proposal.method, rec_id, wanted],
        )


def _set_warning(db: sqlite_utils.Database, rec: dict, warning: str | None) -> None:
    """Replace this module's warning on the record with ``warning``, keeping the parser's."""
    current = json.loads(rec["warnings"] or "[]")
    new = [w for w in current if not str(w).startswith(WARNING_PREFIX)]
    if warning:
        new.append(warning)
    if new != current:
        db.execute(
            "UPDATE recommendations SET warnings = ? WHERE id = ?", [json.dumps(new), rec["id"]]
        )
