"""A prison over time: its documents in time order, what each says, and its repeat chains.

``prison_report`` answers "what has HMP X been told, again and again, and what
came of it?" for ``hmip-review prison`` and the app's prison screen: every
document of the establishment (all the spellings its documents print, found by
the same name matching as ``outstanding``), in time order, with

* per action plan: its recommendations by agreement, its actions by status
  (open, overdue against ``as_of``, complete, not applicable, and open with a
  target that could not be read), and how far their review has got;
* per IRP report: its judgements by value (HMIP's scale; Ofsted's themes apart);

and every chain of repeated recommendations (``store.reports.prison_chains``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only: a plain sqlite3.Connection works as well
    import sqlite_utils

from store.domain import ACTION_PLAN, AGREEMENTS, HMIP, HMIP_SCALE, OFSTED, OFSTED_SCALE
from store.plan_dates import plan_date, year_of
from store.reports.outstanding import Establishment, UnknownEstablishment, find_establishment
from store.reports.prison_chains import (
    NOT_ASSESSED,
    UNREADABLE,
    ChainLink,
    chains_of_documents,
    repeat_chain,
)
from store.reports.review_counts import document_progress_sql

__all__ = [
    "ACTION_KEYS",
    "ChainLink",
    "NO_AGREEMENT",
    "NOT_ASSESSED",
    "PrisonDocument",
    "PrisonReport",
    "UNREADABLE",
    "prison_report",
    "repeat_chain",
]

# The keys of ``PrisonDocument.actions`` (of an action plan), in the order shown.
ACTION_KEYS = ("open", "overdue", "complete", "not_applicable", "target_unreadable")
NO_AGREEMENT = "none"  # a recommendation with no agreement printed (or read)


# Named tuples rather than frozen dataclasses: as immutable, and cheaper to define,
# which ``hmip-review prison`` pays at every start (bench/prison.py).
class PrisonDocument(NamedTuple):
    """One document of the establishment with its counts.

    A plan has ``agreements`` (each of ``AGREEMENTS`` and ``NO_AGREEMENT``) and
    ``actions`` (``ACTION_KEYS``; overdue ones are also open); an IRP report has
    ``judgements`` (HMIP's scale, lowest first, then ``NOT_ASSESSED`` and
    ``UNREADABLE`` when there are any) and ``education_judgements`` (the Ofsted or
    Estyn themes, on their own scale). ``reviewed`` of ``total`` records are no
    longer unreviewed. Recommendations and judgements rejected as parsing
    artefacts are not counted, except in ``reviewed`` and ``total``.
    """

    id: int
    kind: str
    title: str | None
    published: str | None
    year: int | None
    agreements: dict[str, int]
    actions: dict[str, int]
    reviewed: int
    total: int
    judgements: dict[str, int]
    education_judgements: dict[str, int] = {}  # noqa: RUF012 (never changed: a tuple's field)

    def as_dict(self) -> dict[str, object]:
        """One item of ``hmip-review prison --format json``'s ``documents``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "published": self.published,
            "year": self.year,
            "agreements": self.agreements,
            "actions": self.actions,
            "reviewed": self.reviewed,
            "total": self.total,
            "judgements": self.judgements,
            "education_judgements": self.education_judgements,
        }


class PrisonReport(NamedTuple):
    """An establishment over time: documents in time order, chains earliest first."""

    establishment: str
    documents: list[PrisonDocument]
    repeat_chains: list[list[ChainLink]]
    as_of: date | None = None  # the day actions were judged overdue against
    names: tuple[str, ...] = ()  # every spelling its documents print

    def as_dict(self) -> dict[str, object]:
        """``hmip-review prison --format json`` (keys documented in the README)."""
        return {
            "establishment": self.establishment,
            "documents": [d.as_dict() for d in self.documents],
            "repeat_chains": [[link.as_dict() for link in chain] for chain in self.repeat_chains],
        }


def __getattr__(name: str):
    """``establishment_ranking`` and ``EstablishmentRank`` live in ``store.reports.ranking``;
    imported from here only when asked for, so ``hmip-review prison`` does not load them."""
    if name in ("establishment_ranking", "EstablishmentRank"):
        from store.reports import ranking

        return getattr(ranking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prison_report(
    db: sqlite_utils.Database, name: str, as_of: date | None = None
) -> PrisonReport | None:
    """The establishment ``name`` names (matched as ``outstanding`` matches it: 'belmarsh',
    'HMP Belmarsh', 'belm'), over time; None when no establishment matches.

    Raises ``AmbiguousEstablishment`` when the name fits several (it lists them);
    ``store.reports.outstanding.find_establishment`` gives the reason a name
    matches none, for a caller that wants to say it.
    """
    try:
        establishment = find_establishment(db, name)
    except UnknownEstablishment:
        return None
    return report_of(db, establishment, as_of)


def report_of(
    db: sqlite_utils.Database, establishment: Establishment, as_of: date | None = None
) -> PrisonReport:
    """``prison_report`` for an establishment already found."""
    as_of = as_of or date.today()
    marks = ", ".join("?" for _ in establishment.names)
    cursor = db.execute(
        "SELECT id, kind, title, published, submitted, inspection FROM documents "
        f"WHERE establishment IN ({marks})",
        list(establishment.names),
    )
    columns = [c[0] for c in cursor.description]
    docs = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    docs.sort(key=lambda d: (plan_date(d) is None, plan_date(d) or "", d["id"]))
    ids = [d["id"] for d in docs]
    counts = _Counts(db, ids, as_of)
    documents = [counts.document(d) for d in docs]
    plans = [d["id"] for d in docs if d["kind"] == ACTION_PLAN]
    chains = chains_of_documents(db, plans)
    return PrisonReport(establishment.name, documents, chains, as_of, establishment.names)


# --------------------------------------------------------------------------- counts


class _Counts:
    """Each count of the documents, read with one grouped query per kind of count."""

    def __init__(self, db: sqlite_utils.Database, ids: list[int], as_of: date):
        self.agreements: dict[int, dict] = {}
        self.actions: dict[int, dict] = {}
        self.progress: dict[int, tuple[int, int]] = {}
        self.judgements: dict[int, dict] = {}
        if not ids:
            return
        marks = ", ".join("?" for _ in ids)
        for doc, agreement, n in db.execute(
            "SELECT document_id, agreement, COUNT(*) FROM recommendations "
            f"WHERE document_id IN ({marks}) AND review_status != 'rejected' GROUP BY 1, 2",
            ids,
        ):
            self.agreements.setdefault(doc, {})[agreement or NO_AGREEMENT] = n
        for doc, *values in db.execute(
            "SELECT r.document_id, SUM(a.status = 'open'), SUM(a.status = 'complete'), "
            "SUM(a.status = 'not_applicable'), SUM(a.status = 'open' AND a.target_unreadable = 1) "
            "FROM actions a JOIN recommendations r ON r.id = a.recommendation_id "
            f"WHERE r.document_id IN ({marks}) AND r.review_status != 'rejected' GROUP BY 1",
            ids,
        ):
            keys = ("open", "complete", "not_applicable", "target_unreadable")
            self.actions[doc] = dict(zip(keys, values, strict=True))
        # overdue as `outstanding` judges it: the outstanding_actions view, against as_of
        for doc, n in db.execute(
            "SELECT document_id, COUNT(*) FROM outstanding_actions "
            f"WHERE document_id IN ({marks}) AND target_date IS NOT NULL AND target_date < ? "
            "GROUP BY 1",
            [*ids, as_of.isoformat()],
        ):
            self.actions.setdefault(doc, {})["overdue"] = n
        # how far the review has got, as the documents screen counts it
        progress = db.execute(document_progress_sql(len(ids)), ids).fetchall()
        for doc, _kind, _place, _title, _year, records, reviewed, *_ in progress:
            self.progress[doc] = (reviewed, records)
        for doc, inspectorate, judgement, not_assessed, n in db.execute(
            "SELECT document_id, inspectorate, judgement, not_assessed, COUNT(*) FROM judgements "
            f"WHERE document_id IN ({marks}) AND review_status != 'rejected' GROUP BY 1, 2, 3, 4",
            ids,
        ):
            value = judgement or (NOT_ASSESSED if not_assessed else UNREADABLE)
            side = self.judgements.setdefault(doc, {}).setdefault(inspectorate, {})
            side[value] = side.get(value, 0) + n

    def document(self, row: dict) -> PrisonDocument:
        doc = row["id"]
        date_ = plan_date(row)
        reviewed, total = self.progress.get(doc, (0, 0))
        plan = row["kind"] == ACTION_PLAN
        agreements = actions = judgements = education = {}
        if plan:
            found = self.agreements.get(doc, {})
            agreements = {k: found.get(k, 0) for k in (*AGREEMENTS, NO_AGREEMENT)}
            acted = self.actions.get(doc, {})
            actions = {k: acted.get(k) or 0 for k in ACTION_KEYS}
        else:
            found = self.judgements.get(doc, {})
            judgements = _on_scale(found.get(HMIP, {}), HMIP_SCALE)
            education = _on_scale(found.get(OFSTED, {}), OFSTED_SCALE) if OFSTED in found else {}
        return PrisonDocument(
            id=doc,
            kind=row["kind"],
            title=row["title"],
            published=row["published"],
            year=year_of(date_),
            agreements=agreements,
            actions=actions,
            reviewed=reviewed,
            total=total,
            judgements=judgements,
            education_judgements=education,
        )


def _on_scale(found: dict[str, int], scale: tuple[str, ...]) -> dict[str, int]:
    """Every value of ``scale`` lowest first, then not assessed / unreadable when any."""
    out = {value: found.get(value, 0) for value in scale}
    for extra in (NOT_ASSESSED, UNREADABLE):
        if found.get(extra):
            out[extra] = found[extra]
    return out
