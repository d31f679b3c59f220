"""What is still outstanding at a prison, and what is overdue.

``find_establishment`` turns what a user typed ('belmarsh', 'HMP Belmarsh',
'Belmarsh prison', 'belm', 'Belmarch') into the establishment as the documents
print it, or says clearly why it cannot. ``outstanding`` lists the open actions
of that establishment's latest action plan (or of all its plans), judged
overdue against a given day, each with the latest IRP judgement of its
recommendation where one exists.

The rows come from the ``outstanding_actions`` view, so "outstanding" means the
same here as in a user's own queries; only "overdue" is recomputed, against
``as_of`` rather than the view's ``date('now')``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from store.domain import establishment_key
from store.errors import StoreError
from store.reports.latest_plan import Plan, plans_of

if TYPE_CHECKING:  # annotations only: a plain sqlite3.Connection works as well
    import sqlite_utils

SUMMARY_WORDS = 12  # how many words of the recommendation (or concern) a row shows
FUZZY_CUTOFF = 80  # rapidfuzz score (0-100) a misspelt name must reach to match
FUZZY_MARGIN = 5  # ...and by how much it must beat the next name to be the only match
_MAX_LISTED = 10  # candidates named in an "ambiguous" message


class EstablishmentNameError(StoreError):
    """Base of the two ways a name can fail to pick one establishment."""


class UnknownEstablishment(EstablishmentNameError):
    """No establishment in the database matches the name."""


class AmbiguousEstablishment(EstablishmentNameError):
    """Several establishments match the name; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


# The answer's types are named tuples rather than frozen dataclasses: as immutable,
# and defining them costs a fifth of the time, which ``hmip-review outstanding``
# pays at every start (bench/outstanding.py).


class Establishment(NamedTuple):
    """An establishment as the database knows it.

    ``name`` is how it is shown; ``names`` every spelling its documents print
    ('HMP Send', 'HMP/YOI Send') — they are one place, so all are searched.
    """

    name: str
    names: tuple[str, ...]


class OutstandingAction(NamedTuple):
    """One open action of an agreed (or partly agreed) recommendation.

    The field names, in this order, are the stable keys of
    ``hmip-review outstanding --format csv|json`` (README, "Outstanding actions").
    """

    establishment: str | None
    document_id: int
    plan_title: str | None
    plan_published: str | None
    recommendation_id: int
    rec_no: str | None
    summary: str  # the recommendation's first words (the concern's when it has none)
    agreement: str | None
    action_id: int
    action_position: int
    owner: str | None
    target: str | None  # as written
    target_date: str | None  # ISO
    days_overdue: int | None  # days past target_date on as_of; 0 if not yet due; None if no date
    overdue: bool
    judgement: str | None  # the latest IRP judgement of the recommendation, if any
    judgement_date: str | None  # its IRP report's publication date (or the day judged by hand)
    judgement_id: int | None
    review_status: str
    target_unreadable: bool  # a target is written but could not be read: overdue unknown
    judgement_confirmed: bool | None  # did a reviewer confirm the link to that judgement?
    judgement_link_score: float | None  # the automatic link's score (0-1), None if by hand
    # the agreement was not printed but inferred from the plan's summary counts
    agreement_inferred: bool = False

    def as_dict(self) -> dict[str, object]:
        return self._asdict()

    def agreement_shown(self) -> str | None:
        """The agreement as a reader must see it: 'Agreed (inferred)' where the plan
        did not print it (a guess is never shown as fact); None where none is known."""
        if self.agreement and self.agreement_inferred:
            return f"{self.agreement} (inferred)"
        return self.agreement

    def link_note(self) -> str | None:
        """'unconfirmed link 0.78' when the judgement shown comes through a link no
        reviewer confirmed (every place that shows the judgement says so); else None."""
        if self.judgement_id is None or self.judgement_confirmed:
            return None
        score = self.judgement_link_score
        return "unconfirmed link" + ("" if score is None else f" {score:.2f}")


OUTSTANDING_KEYS: tuple[str, ...] = OutstandingAction._fields


class Outstanding(NamedTuple):
    """The answer to "what is outstanding at X?": the plans looked at and their open actions."""

    establishment: Establishment
    as_of: date
    all_plans: bool
    overdue_only: bool
    plans: list[Plan]
    actions: list[OutstandingAction]
    # open actions of the plans whose target could not be read, so whether they
    # are overdue is unknown: counted even when only overdue actions are listed
    unreadable_count: int = 0

    @property
    def overdue_count(self) -> int:
        return sum(action.overdue for action in self.actions)

    @property
    def readable(self) -> list[OutstandingAction]:
        """The listed actions whose target is a date, a status or nothing: plan order."""
        return [action for action in self.actions if not action.target_unreadable]

    @property
    def unreadable(self) -> list[OutstandingAction]:
        """The listed actions whose target could not be read: shown apart, as their own
        group (``UNREADABLE_GROUP``), never as if they had no date."""
        return [action for action in self.actions if action.target_unreadable]


UNREADABLE_GROUP = "target unreadable"  # the heading of the group, in the table and the screen


def not_judged(count: int) -> str:
    """What a list of overdue actions says about the ones it could not judge."""
    if count == 1:
        return "1 action has a target that could not be read: not judged overdue"
    return f"{count} actions have a target that could not be read: not judged overdue"


# --- establishment names -------------------------------------------------------


def establishments(db: sqlite_utils.Database) -> list[str]:
    """Every establishment name printed on an imported document, sorted."""
    rows = db.execute(
        "SELECT DISTINCT establishment FROM documents WHERE establishment IS NOT NULL "
        "ORDER BY establishment"
    ).fetchall()
    return [row[0] for row in rows]


def find_establishment(db: sqlite_utils.Database, query: str) -> Establishment:
    """The one establishment ``query`` names, matched forgivingly.

    In order, the first rule that finds anything decides: the same name once
    generic words are dropped ('HMP Belmarsh', 'Belmarsh prison'); the start of
    the name or of one of its words ('belm', 'scrubs'); a close spelling
    ('Belmarch'). Raises ``AmbiguousEstablishment`` (with the candidates) when
    a rule finds several places, ``UnknownEstablishment`` when none finds any.
    """
    by_key: dict[str, list[str]] = {}
    for name in establishments(db):
        by_key.setdefault(establishment_key(name), []).append(name)
    by_key.pop("", None)
    wanted = establishment_key(query)
    if not wanted:
        raise UnknownEstablishment(f"{query.strip()!r} does not name an establishment")
    for rule in (_same, _prefix, _close):
        keys = rule(wanted, list(by_key))
        if len(keys) == 1:
            return _establishment(by_key[keys[0]])
        if keys:
            names = sorted(by_key[key][0] for key in keys)
            raise AmbiguousEstablishment(
                f"{query.strip()!r} matches {len(names)} establishments: {_listing(names)}",
                names,
            )
    if not by_key:
        raise UnknownEstablishment(
            f"no establishment called {query.strip()!r}: the database holds no documents yet"
        )
    raise UnknownEstablishment(
        f"no establishment called {query.strip()!r} in the database "
        f"({len(by_key)} known; `hmip-review stats` lists them)"
    )


def _same(wanted: str, keys: list[str]) -> list[str]:
    return [key for key in keys if key == wanted]


def _prefix(wanted: str, keys: list[str]) -> list[str]:
    starts = [key for key in keys if key.startswith(wanted)]
    if starts:
        return starts
    return [key for key in keys if any(word.startswith(wanted) for word in key.split())]


def _close(wanted: str, keys: list[str]) -> list[str]:
    if len(wanted) < 4 or not keys:  # too short to tell a typo from another name
        return []
    from rapidfuzz import fuzz, process  # only when the cheap rules found nothing

    scored = process.extract(wanted, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
    if not scored:
        return []
    best = scored[0][1]
    return [key for key, score, _ in scored if score >= best - FUZZY_MARGIN]


def _establishment(names: list[str]) -> Establishment:
    # Show the shortest spelling ('HMP Send' rather than 'HMP/YOI Send').
    shown = min(names, key=lambda n: (len(n), n))
    return Establishment(shown, tuple(names))


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_MAX_LISTED])
    more = len(names) - _MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


# --- outstanding actions -------------------------------------------------------


def latest_judgement_id_sql(recommendation: str) -> str:
    """A subquery giving the id of the latest judgement linked to the recommendation whose
    id is the column ``recommendation`` ('o.recommendation_id'), chosen as the view
    recommendation_progress chooses it (a test keeps the two the same), but through the
    indexes for this one recommendation: an IRP judgement is dated by its report, one
    recorded by hand by the day it was made; then a confirmed link before an unconfirmed
    one, then the later record. ``outstanding`` and the prison's chains both use it."""
    return f"""(
    SELECT lj.id FROM judgement_links l
    JOIN judgements lj ON lj.id = l.judgement_id
    LEFT JOIN documents ld ON ld.id = lj.document_id
    WHERE l.recommendation_id = {recommendation} AND lj.review_status != 'rejected'
    ORDER BY COALESCE(ld.published, lj.judged_on) IS NULL,
        COALESCE(ld.published, lj.judged_on) DESC, l.confirmed DESC, lj.id DESC
    LIMIT 1)"""


_ACTIONS_SQL = f"""
SELECT o.establishment, o.document_id, d.title, d.published,
    o.recommendation_id, o.rec_no, o.recommendation, o.concern, o.agreement,
    o.action_id, o.action_position, o.owner, o.target, o.target_date,
    CASE WHEN o.target_date IS NOT NULL
         THEN MAX(0, CAST(julianday(:as_of) - julianday(o.target_date) AS INTEGER)) END,
    o.target_date IS NOT NULL AND o.target_date < :as_of,
    j.judgement, COALESCE(jd.published, j.judged_on), j.id,
    o.review_status, o.target_unreadable, jl.confirmed, jl.score,
    COALESCE(r.agreement_printed = 0, 0)
FROM outstanding_actions o
JOIN documents d ON d.id = o.document_id
JOIN recommendations r ON r.id = o.recommendation_id
LEFT JOIN judgements j ON j.id = {latest_judgement_id_sql("o.recommendation_id")}
LEFT JOIN judgement_links jl
    ON jl.judgement_id = j.id AND jl.recommendation_id = o.recommendation_id
LEFT JOIN documents jd ON jd.id = j.document_id
WHERE o.document_id = :document_id
  AND (:overdue_only = 0 OR (o.target_date IS NOT NULL AND o.target_date < :as_of))
ORDER BY r.position, o.action_position
"""


_UNREADABLE_SQL = """
SELECT COUNT(*) FROM outstanding_actions o
WHERE o.document_id = :document_id AND o.target_unreadable = 1
"""


def outstanding(
    db: sqlite_utils.Database,
    name: str,
    *,
    as_of: date | None = None,
    all_plans: bool = False,
    overdue_only: bool = False,
) -> Outstanding:
    """The open actions of ``name``'s latest action plan (every plan with ``all_plans``).

    An action is overdue when its target date is before ``as_of`` (default:
    today); ``overdue_only`` keeps only those. Plans are taken latest first,
    and within a plan actions follow the document. Raises the errors of
    ``find_establishment``, and ``StoreError`` when the establishment has no
    action plan (only IRP reports).
    """
    establishment = find_establishment(db, name)
    as_of = as_of or date.today()
    plans = plans_of(db, establishment)
    if not plans:
        raise StoreError(
            f"{establishment.name}: no action plan imported (only IRP reports), "
            "so nothing can be outstanding"
        )
    if not all_plans:
        plans = plans[:1]
    actions: list[OutstandingAction] = []
    unreadable = 0
    for plan in plans:
        params = {
            "document_id": plan.document_id,
            "as_of": as_of.isoformat(),
            "overdue_only": int(overdue_only),
        }
        for row in db.execute(_ACTIONS_SQL, params).fetchall():
            actions.append(_action(row))
        unreadable += db.execute(_UNREADABLE_SQL, params).fetchone()[0]
    return Outstanding(establishment, as_of, all_plans, overdue_only, plans, actions, unreadable)


def _action(row: tuple) -> OutstandingAction:
    (est, doc, title, published, rec_id, rec_no, recommendation, concern, agreement) = row[:9]
    (action_id, position, owner, target, target_date, days, overdue) = row[9:16]
    (judgement, judgement_date, judgement_id, review_status, unreadable) = row[16:21]
    (confirmed, score, inferred) = row[21:]
    return OutstandingAction(
        establishment=est,
        document_id=doc,
        plan_title=title,
        plan_published=published,
        recommendation_id=rec_id,
        rec_no=rec_no,
        summary=first_words(recommendation or concern or ""),
        agreement=agreement,
        action_id=action_id,
        action_position=position,
        owner=owner,
        target=target,
        target_date=target_date,
        days_overdue=days,
        overdue=bool(overdue),
        judgement=judgement,
        judgement_date=judgement_date,
        judgement_id=judgement_id,
        review_status=review_status,
        target_unreadable=bool(unreadable),
        judgement_confirmed=None if judgement_id is None else bool(confirmed),
        judgement_link_score=score,
        agreement_inferred=bool(inferred),
    )


def first_words(text: str, count: int = SUMMARY_WORDS) -> str:
    """The first ``count`` words of ``text``, with '…' when there were more."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
