"""Establishments ranked: most overdue actions, most often repeated recommendations, worst progress.

``establishment_ranking`` gives ``hmip-review stats --by-establishment`` (and the
app's documents screen, sorted the same way) one row per establishment, the
spellings its documents print taken as one place (``store.domain.establishment_key``):

* ``overdue``: open actions of its latest action plan whose target date is
  before ``as_of``, as ``hmip-review outstanding --overdue`` lists them (the
  ``outstanding_actions`` view); ``target_unreadable``: those whose target could
  not be read, so whether they are overdue is unknown;
* ``repeated``: recommendations that repeat an earlier plan's (the latest of
  each chain of ``repeat_links``), and ``repeated_twice``: those repeated two or
  more times (a chain of three plans or more); ``unconfirmed``: how many of
  those chains hold a link no reviewer confirmed;
* ``below_reasonable`` of ``judgements``: IRP judgements (read from reports,
  not rejected, with a value) below "Reasonable progress" on their own scale
  (``store.domain.scale_of``, lowest first).

Ranked by overdue actions, then recommendations repeated twice or more, then the
share of judgements below reasonable (most first), then name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: a plain sqlite3.Connection works as well
    import sqlite_utils

from store.domain import establishment_key, scale_of
from store.plural import counted
from store.reports.latest_plan import LATEST_PLAN_ORDER
from store.views import LIVE_REPEAT_LINKS

REASONABLE = "Reasonable progress"  # the value every scale has; below it is "not enough"


@dataclass(frozen=True)
class EstablishmentRank:
    """One establishment's figures for the ranking."""

    establishment: str
    plans: int
    irp_reports: int
    overdue: int
    target_unreadable: int
    repeated: int
    repeated_twice: int
    unconfirmed: int  # chains counted in repeated_twice that hold an unconfirmed link
    judgements: int
    below_reasonable: int

    @property
    def share_below_reasonable(self) -> float | None:
        """below_reasonable / judgements (0-1), None with no judgement."""
        return self.below_reasonable / self.judgements if self.judgements else None

    def in_words(self) -> str:
        """'4 overdue actions, 1 recommendation repeated twice or more, 50% of IRP
        judgements below reasonable': what the ranking goes by."""
        share = self.share_below_reasonable
        below = (
            "no IRP judgement"
            if share is None
            else f"{share:.0%} of IRP judgements below reasonable"
        )
        return (
            f"{counted(self.overdue, 'overdue action')}, "
            f"{counted(self.repeated_twice, 'recommendation')} repeated twice or more, {below}"
        )

    def as_dict(self) -> dict[str, object]:
        share = self.share_below_reasonable
        return {
            **{f.name: getattr(self, f.name) for f in fields(self)},
            "share_below_reasonable": None if share is None else round(share, 3),
        }


def ranking_places(rows: list[EstablishmentRank]) -> dict[str, tuple[int, EstablishmentRank]]:
    """Each establishment's place in ``rows`` (0 first) by ``establishment_key`` of its name,
    so a document printing another spelling finds its establishment's place."""
    out: dict[str, tuple[int, EstablishmentRank]] = {}
    for place, row in enumerate(rows):
        out.setdefault(establishment_key(row.establishment) or row.establishment, (place, row))
    return out


def below_reasonable(inspectorate: str | None, judgement: str | None) -> bool:
    """Whether ``judgement`` is below "Reasonable progress" on ``inspectorate``'s scale."""
    scale = scale_of(inspectorate)
    return judgement in scale and scale.index(judgement) < scale.index(REASONABLE)


def establishment_ranking(
    db: sqlite_utils.Database, as_of: date | None = None
) -> list[EstablishmentRank]:
    """Every establishment with its figures, ranked (see the module's docstring)."""
    as_of = as_of or date.today()
    # action plans latest first, as `outstanding` takes them (outstanding.plans_of)
    docs = db.execute(
        "SELECT id, kind, establishment FROM documents WHERE establishment IS NOT NULL "
        f"ORDER BY kind, {LATEST_PLAN_ORDER}"
    ).fetchall()
    place: dict[int, str] = {}  # document id -> establishment key
    names: dict[str, set[str]] = {}
    plans: dict[str, int] = {}
    latest: dict[str, int] = {}
    irps: dict[str, int] = {}
    for doc, kind, name in docs:
        key = establishment_key(name) or name
        place[doc] = key
        names.setdefault(key, set()).add(name)
        if kind == "action_plan":
            plans[key] = plans.get(key, 0) + 1
            latest.setdefault(key, doc)
        else:
            irps[key] = irps.get(key, 0) + 1
    overdue, unreadable = _overdue(db, as_of)
    repeated = _repeats(db, place)
    judged = _judgements(db, place)
    rows = []
    for key, spellings in names.items():
        plan = latest.get(key)
        chains = repeated.get(key, (0, 0, 0))
        counts = judged.get(key, (0, 0))
        rows.append(
            EstablishmentRank(
                establishment=min(spellings, key=lambda n: (len(n), n)),
                plans=plans.get(key, 0),
                irp_reports=irps.get(key, 0),
                overdue=overdue.get(plan, 0),
                target_unreadable=unreadable.get(plan, 0),
                repeated=chains[0],
                repeated_twice=chains[1],
                unconfirmed=chains[2],
                judgements=counts[0],
                below_reasonable=counts[1],
            )
        )
    rows.sort(
        key=lambda r: (
            -r.overdue,
            -r.repeated_twice,
            -(r.share_below_reasonable or 0),
            r.establishment.casefold(),
        )
    )
    return rows


def _overdue(db: sqlite_utils.Database, as_of: date) -> tuple[dict[int, int], dict[int, int]]:
    overdue: dict[int, int] = {}
    unreadable: dict[int, int] = {}
    for doc, late, unread in db.execute(
        "SELECT document_id, SUM(target_date IS NOT NULL AND target_date < ?), "
        "SUM(target_unreadable = 1) FROM outstanding_actions GROUP BY document_id",
        [as_of.isoformat()],
    ):
        overdue[doc], unreadable[doc] = late or 0, unread or 0
    return overdue, unreadable


def _repeats(db: sqlite_utils.Database, place: dict[int, str]) -> dict[str, tuple[int, int, int]]:
    """key -> (repeated, repeated twice or more, of those with an unconfirmed link)."""
    earlier_of: dict[int, list[tuple[int, int]]] = {}
    document: dict[int, int] = {}
    for later, earlier, confirmed, doc in db.execute(
        "SELECT l.recommendation_id, l.earlier_recommendation_id, l.confirmed, r.document_id "
        + LIVE_REPEAT_LINKS
    ):
        earlier_of.setdefault(later, []).append((earlier, confirmed))
        document[later] = doc
    repeated_earlier = {e for links in earlier_of.values() for e, _ in links}

    @cache
    def depth(rec: int, seen: frozenset = frozenset()) -> tuple[int, bool]:
        """Links back from ``rec`` along its deepest chain, and whether all are confirmed.

        Where no links loop, the depth is the view repeat_chains' ``link_position``
        (tests/store/test_live_repeat_links.py); round a loop made by hand the view walks
        the loop (up to 100 links) or finds no start, while this counts the longest way
        through distinct records."""
        best = (0, True)
        for earlier, confirmed in earlier_of.get(rec, []):
            if earlier in seen:
                continue
            n, all_confirmed = depth(earlier, seen | {rec})
            candidate = (n + 1, all_confirmed and bool(confirmed))
            if (candidate[0], candidate[1]) > best:
                best = candidate
        return best

    out: dict[str, list[int]] = {}
    for rec in earlier_of:
        if rec in repeated_earlier:
            continue  # not the latest of its chain
        links, confirmed = depth(rec)
        counts = out.setdefault(place.get(document[rec], ""), [0, 0, 0])
        counts[0] += 1
        if links >= 2:
            counts[1] += 1
            counts[2] += not confirmed
    return {key: tuple(v) for key, v in out.items()}


def _judgements(db: sqlite_utils.Database, place: dict[int, str]) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {}
    for doc, inspectorate, judgement, n in db.execute(
        "SELECT document_id, inspectorate, judgement, COUNT(*) FROM judgements "
        "WHERE document_id IS NOT NULL AND judgement IS NOT NULL "
        "AND review_status != 'rejected' GROUP BY 1, 2, 3"
    ):
        counts = out.setdefault(place.get(doc, ""), [0, 0])
        counts[0] += n
        if below_reasonable(inspectorate, judgement):
            counts[1] += n
    return {key: tuple(v) for key, v in out.items()}


def repeat_link_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Repeat links for ``hmip-review stats``: confirmed by a reviewer, automatic (not yet
    confirmed), of those found by text alone, and recommendations carrying a repeat warning;
    as the chains, none to or from a record rejected as a parsing artefact."""
    from store.ingest.repeat_links import WARNING_PREFIX

    confirmed, automatic, by_text = db.execute(
        "SELECT COALESCE(SUM(l.confirmed = 1), 0), COALESCE(SUM(l.confirmed = 0), 0), "
        "COALESCE(SUM(l.confirmed = 0 AND l.method = 'text'), 0) " + LIVE_REPEAT_LINKS
    ).fetchone()
    (warned,) = db.execute(
        "SELECT COUNT(*) FROM recommendations WHERE review_status != 'rejected' "
        "AND warnings LIKE ? ESCAPE '\\'",
        [f'%"{WARNING_PREFIX}%'],
    ).fetchone()
    return {
        "confirmed": confirmed,
        "automatic": automatic,
        "automatic by text alone": by_text,
        "recommendations with a repeat warning": warned,
    }
