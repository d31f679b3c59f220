"""Chains of repeated recommendations: 2015 → 2018 → 2021, read from ``repeat_links``.

A repeat link ties a recommendation to the earlier one it repeats
(``store.ingest.repeat_links``). Followed back and forth they make chains, each
listed earliest first as ``ChainLink``s: the record, its plan, its agreement and
its latest progress judgement (and whether the link to that judgement was
confirmed), and whether the link to the item before it was
confirmed by a reviewer (``None`` for the first item, which links to nothing
before it). Records a reviewer rejected as parsing artefacts are left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only: a plain sqlite3.Connection works as well
    import sqlite_utils

from store.plan_dates import dated, year_of
from store.reports.outstanding import latest_judgement_id_sql
from store.views import LIVE_REPEAT_LINKS

MAX_CHAINS = 10_000  # a guard: branching links could make many paths
NOT_ASSESSED = "not assessed"  # a judgement the report says could not be assessed
UNREADABLE = "unreadable"  # a judgement whose value was not read


# A named tuple rather than a frozen dataclass: as immutable, and cheaper to define,
# which ``hmip-review prison`` pays at every start (bench/prison.py).
class ChainLink(NamedTuple):
    """One recommendation in a chain of repeats, as the chain shows it."""

    recommendation_id: int
    document_id: int
    rec_no: str | None
    ref: str | None
    published: str | None  # the plan's inspection report's publication date
    year: int | None  # the plan's year (published, else submitted, else inspection)
    agreement: str | None
    # the latest judgement linked to the recommendation: its value, NOT_ASSESSED or
    # UNREADABLE when it has none; None when no judgement is linked
    judgement: str | None
    confirmed: bool | None  # the link to the item before it: None for the first item
    score: float | None = None  # that link's text similarity (0-1)
    # the link from the recommendation to its latest judgement: confirmed by a reviewer?
    # (None when there is no judgement); its score (None for one made by hand)
    judgement_confirmed: bool | None = None
    judgement_score: float | None = None
    # that judgement's date (its IRP report's publication, else the day it was recorded
    # by hand) and whether it was recorded by hand
    judged_on: str | None = None
    judged_by_hand: bool | None = None

    def judgement_note(self) -> str | None:
        """'unconfirmed link 0.78' when the judgement shown comes through a link no
        reviewer confirmed (as ``outstanding`` says it); else None."""
        if self.judgement is None or self.judgement_confirmed is not False:
            return None
        return "unconfirmed link" + (
            "" if self.judgement_score is None else f" {self.judgement_score:.2f}"
        )

    def as_dict(self) -> dict[str, object]:
        """The keys of ``hmip-review prison --format json``'s ``repeat_chains`` items."""
        return {
            "recommendation_id": self.recommendation_id,
            "document_id": self.document_id,
            "rec_no": self.rec_no,
            "ref": self.ref,
            "published": self.published,
            "agreement": self.agreement,
            "judgement": self.judgement,
            "confirmed": self.confirmed,
            # beyond the keys: whether the judgement shown came through a link a
            # reviewer confirmed (null without a judgement), and that link's score
            "judgement_confirmed": self.judgement_confirmed,
            "judgement_score": self.judgement_score,
        }


# The latest judgement linked to a recommendation, as ``outstanding`` chooses it (the
# view recommendation_progress's choice; tests/store/reports/test_prison.py keeps them the same).
LATEST_JUDGEMENT_ID_SQL = latest_judgement_id_sql("r.id")

_LINKS_SQL = f"""
SELECT l.recommendation_id, l.earlier_recommendation_id, l.confirmed, l.score
{LIVE_REPEAT_LINKS} AND {{where}}
"""

_RECORDS_SQL = f"""
SELECT r.id, r.document_id, r.rec_no, r.ref, d.published, d.submitted, d.inspection,
    r.agreement, r.position,
    CASE WHEN j.id IS NOT NULL THEN COALESCE(j.judgement,
        CASE WHEN j.not_assessed THEN '{NOT_ASSESSED}' ELSE '{UNREADABLE}' END) END,
    jl.confirmed, jl.score,
    COALESCE(jd.published, j.judged_on), j.id IS NOT NULL AND j.document_id IS NULL
FROM recommendations r JOIN documents d ON d.id = r.document_id
LEFT JOIN judgements j ON j.id = {LATEST_JUDGEMENT_ID_SQL}
LEFT JOIN documents jd ON jd.id = j.document_id
LEFT JOIN judgement_links jl ON jl.judgement_id = j.id AND jl.recommendation_id = r.id
WHERE r.id IN ({{marks}})
"""


def chains_of_documents(
    db: sqlite_utils.Database, document_ids: list[int]
) -> list[list[ChainLink]]:
    """Every chain whose repeating records belong to ``document_ids`` (an establishment's
    plans), each earliest first; chains in the order of their first item's plan and row."""
    if not document_ids:
        return []
    marks = ", ".join("?" for _ in document_ids)
    links = db.execute(
        _LINKS_SQL.format(where=f"r.document_id IN ({marks})"), list(document_ids)
    ).fetchall()
    return _chains(db, links)


def repeat_chain(db: sqlite_utils.Database, recommendation_id: int) -> list[ChainLink]:
    """The chain ``recommendation_id`` is in, earliest first; [] when it is in none.

    Back from the record to the first recommendation, and on to the latest that
    repeats it; where links branch (two later records repeat one), a confirmed
    link, then the higher score, then the earlier record is followed.
    """
    links = []
    seen: set[int] = set()
    todo = [recommendation_id]
    while todo:  # the connected links around the record, both ways
        rec = todo.pop()
        if rec in seen:
            continue
        seen.add(rec)
        found = db.execute(
            _LINKS_SQL.format(where="(l.recommendation_id = ? OR l.earlier_recommendation_id = ?)"),
            [rec, rec],
        ).fetchall()
        for row in found:
            links.append(row)
            todo += [row[0], row[1]]
    if not links:
        return []
    links = list(dict.fromkeys(links))
    later_of, earlier_of = _graph(links)
    path = [recommendation_id]
    while earlier_of.get(path[0]) and earlier_of[path[0]][0][0] not in path:
        path.insert(0, earlier_of[path[0]][0][0])
    while later_of.get(path[-1]) and later_of[path[-1]][0][0] not in path:
        path.append(later_of[path[-1]][0][0])
    records = _records(db, set(path))
    return _as_links(path, records, {(a, b): (c, s) for a, b, c, s in links})


# --------------------------------------------------------------------------- building


def _graph(links: list[tuple]) -> tuple[dict[int, list], dict[int, list]]:
    """later_of[earlier] and earlier_of[later]: (record, confirmed, score), best first."""
    later_of: dict[int, list] = defaultdict(list)
    earlier_of: dict[int, list] = defaultdict(list)
    for later, earlier, confirmed, score in links:
        later_of[earlier].append((later, confirmed, score))
        earlier_of[later].append((earlier, confirmed, score))
    for side in (later_of, earlier_of):
        for items in side.values():
            items.sort(key=lambda x: (-x[1], -(x[2] or 0), x[0]))
    return later_of, earlier_of


def _chains(db: sqlite_utils.Database, links: list[tuple]) -> list[list[ChainLink]]:
    if not links:
        return []
    later_of, earlier_of = _graph(links)
    nodes = set(later_of) | set(earlier_of)
    roots = sorted(n for n in nodes if n not in earlier_of) or sorted(nodes)[:1]
    paths: list[list[int]] = []
    stack = [[root] for root in reversed(roots)]
    while stack and len(paths) < MAX_CHAINS:
        path = stack.pop()
        nexts = [x[0] for x in later_of.get(path[-1], []) if x[0] not in path]
        if not nexts:
            paths.append(path)
        stack += [[*path, n] for n in reversed(nexts)]
    records = _records(db, nodes)
    pairs = {(a, b): (c, s) for a, b, c, s in links}
    paths = [[n for n in path if n in records] for path in paths]
    paths.sort(key=lambda path: [_order(records[n]) for n in path])
    return [_as_links(path, records, pairs) for path in paths if len(path) > 1]


def _order(record: tuple) -> tuple:
    """A record's place in time: its plan's date, the plan, its row."""
    date = dated(*record[4:7])
    return (date is None, date or "", record[1], record[8] or 0)


def _records(db: sqlite_utils.Database, ids: set[int]) -> dict[int, tuple]:
    out: dict[int, tuple] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):  # under SQLite's limit of variables
        part = ordered[start : start + 500]
        sql = _RECORDS_SQL.format(marks=", ".join("?" for _ in part))
        for row in db.execute(sql, part).fetchall():
            out[row[0]] = row
    return out


def _as_links(path: list[int], records: dict[int, tuple], pairs: dict) -> list[ChainLink]:
    out = []
    for i, rec_id in enumerate(path):
        (_, doc, rec_no, ref, published, submitted, inspection, agreement) = records[rec_id][:8]
        (judgement, judgement_confirmed, judgement_score, judged_on, by_hand) = records[rec_id][9:]
        date = dated(published, submitted, inspection)
        confirmed, score = pairs.get((rec_id, path[i - 1]), (None, None)) if i else (None, None)
        out.append(
            ChainLink(
                recommendation_id=rec_id,
                document_id=doc,
                rec_no=rec_no,
                ref=ref,
                published=published,
                year=year_of(date),
                agreement=agreement,
                judgement=judgement,
                confirmed=None if confirmed is None else bool(confirmed),
                score=score,
                judgement_confirmed=None if judgement is None else bool(judgement_confirmed),
                judgement_score=judgement_score,
                judged_on=judged_on if judgement is not None else None,
                judged_by_hand=None if judgement is None else bool(by_hand),
            )
        )
    return out
