"""Link IRP judgements to the recommendations they judge: propose the links, store them, warn.

An IRP report follows up one inspection; the establishment answered that
inspection with an action plan. Each judgement is linked to the row(s) of that
plan it judges:

* The plan: the same establishment's latest action plan published before the
  review, answering the inspection the review follows up (chosen by
  ``store.ingest.followed_up_plan``).
* HMIP judgements: one recommendation each. A plan row printing the same ref
  (report paragraph) scores ``REF_BASE`` plus the rest for text agreement; any
  row scores by text similarity of the recommendation (and of the concern).
  The best pairs are taken greedily, one row per judgement and per row, from
  ``HMIP_MIN`` up — or lower, down to ``HMIP_FLOOR``, when the row stands out
  from the rest by ``HMIP_MARGIN`` (a paraphrase; a reviewer is asked to check).
* Ofsted themes: every row (not already confidently taken by an HMIP
  judgement) the theme's question and summary cover scoring at least
  ``OFSTED_MIN``: one theme often covers several recommendations.

Every automatic link is stored with ``confirmed = 0`` and its ``score``;
``LINK_CONFIDENT`` separates likely links from ones a reviewer should check
(those are named in the report's warnings). ``confirmed = 1`` means a reviewer
confirmed a link, and only a reviewer sets it.

Linking runs inside the import's transaction, after an IRP report is imported
(it is linked to its plan) and after an action plan is imported (every IRP
report of the establishment is linked again, so import order does not matter).
Re-linking never deletes or changes a confirmed link, nor any link of a
judgement a reviewer has touched (status, reviewer, note, an edit, a confirmed
link): those judgements keep their links as they are. An IRP report with no
plan to link to is kept unlinked, with a warning on the document; the warnings
this module writes start with ``WARNING_PREFIX`` and are replaced each time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from store.ingest.followed_up_plan import choose_plan, documents_of
from store.ingest.similarity import Matcher, ref_key
from store.review.audit import REPARSE_REVIEWER

REF_BASE = 0.6  # score of a ref match whose text shares nothing; text agreement adds the rest
HMIP_MIN = 0.6  # an HMIP judgement is linked to its best row from this score up, or
HMIP_FLOOR = 0.3  # from this score up when that row beats every other by HMIP_MARGIN
HMIP_MARGIN = 0.1  # (a paraphrase: every HMIP judgement follows up a row of the plan)
OFSTED_MIN = 0.6  # an Ofsted theme is linked to every row scoring this or more
LINK_CONFIDENT = 0.8  # below this a link is named in the warnings for a reviewer to check
WARNING_PREFIX = "links: "


@dataclass(frozen=True)
class Link:
    """A link proposed by the matcher."""

    judgement_id: int
    recommendation_id: int
    score: float
    method: str  # 'ref' | 'text'


@dataclass(frozen=True)
class LinkResult:
    """What linking one IRP report did."""

    document_id: int
    plan_id: int | None
    links: int  # automatic links the report's judgements now have
    unlinked: int  # judgements with no link at all


# --------------------------------------------------------------------------- entry points


def link_after_import(db: sqlite_utils.Database, document_id: int) -> list[LinkResult]:
    """Link what importing ``document_id`` may have changed (inside the caller's transaction).

    An IRP report is linked to its plan; an action plan has every IRP report of
    its establishment linked again (it may be the plan they follow up).
    """
    row = db.execute("SELECT kind, establishment FROM documents WHERE id = ?", [document_id])
    found = row.fetchone()
    if found is None:
        return []
    kind, establishment = found
    if kind == "irp_report":
        return [link_irp(db, document_id)]
    return [link_irp(db, irp_id) for irp_id in documents_of(db, "irp_report", establishment)]


def link_all(db: sqlite_utils.Database) -> list[LinkResult]:
    """Link every IRP report in the database (inside the caller's transaction)."""
    ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE kind = 'irp_report'")]
    return [link_irp(db, i) for i in ids]


def link_irp(db: sqlite_utils.Database, irp_id: int) -> LinkResult:
    """Link (again) the judgements of IRP report ``irp_id`` to its plan."""
    irp = _document(db, irp_id)
    plan = choose_plan(db, irp)
    judgements = list(
        db.query("SELECT * FROM judgements WHERE document_id = ? ORDER BY position, id", [irp_id])
    )
    touched = _reviewed_judgements(db, irp_id)
    free = [j for j in judgements if j["id"] not in touched]
    existing = _links_of(db, irp_id)
    warnings = []
    proposed: dict[int, list[Link]] = {j["id"]: [] for j in free}
    if plan is None:
        warnings.append(_no_plan_warning(irp))
    else:
        recs = list(
            db.query(
                "SELECT id, rec_no, ref, concern, recommendation FROM recommendations "
                "WHERE document_id = ? AND review_status != 'rejected' ORDER BY position",
                [plan["id"]],
            )
        )
        taken = {rec for j in touched for rec in existing.get(j, {})}
        for link in propose_links(free, recs, taken):
            proposed[link.judgement_id].append(link)
        warnings.extend(_link_warnings(free, proposed, recs, plan))
    for judgement in free:
        _store_links(
            db, judgement["id"], existing.get(judgement["id"], {}), proposed[judgement["id"]]
        )
    _set_warnings(db, irp, warnings)
    links, unlinked = db.execute(
        """
        SELECT (SELECT COUNT(*) FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id
                WHERE j.document_id = :doc),
               (SELECT COUNT(*) FROM judgements j WHERE j.document_id = :doc AND NOT EXISTS
                    (SELECT 1 FROM judgement_links l WHERE l.judgement_id = j.id))
        """,
        {"doc": irp_id},
    ).fetchone()
    return LinkResult(irp_id, plan["id"] if plan else None, links, unlinked)


@dataclass(frozen=True)
class JudgementLinks:
    """One judgement of a report and the recommendations it is linked to."""

    judgement_id: int
    position: int | None
    inspectorate: str
    ref: str | None
    judgement: str | None
    links: list[dict]  # recommendation_id, rec_no, score, confirmed, method; best first


def links_of_document(db: sqlite_utils.Database, irp_id: int) -> list[JudgementLinks]:
    """Every judgement of IRP report ``irp_id``, in order, with its links."""
    judgements = list(
        db.query(
            "SELECT id, position, inspectorate, ref, judgement FROM judgements "
            "WHERE document_id = ? ORDER BY position, id",
            [irp_id],
        )
    )
    links: dict[int, list[dict]] = {}
    for row in db.query(
        """
        SELECT l.judgement_id, l.recommendation_id, r.rec_no, l.score, l.confirmed, l.method
        FROM judgement_links l
        JOIN judgements j ON j.id = l.judgement_id
        JOIN recommendations r ON r.id = l.recommendation_id
        WHERE j.document_id = ?
        ORDER BY l.confirmed DESC, l.score DESC, r.position
        """,
        [irp_id],
    ):
        links.setdefault(row.pop("judgement_id"), []).append(row)
    return [
        JudgementLinks(
            j["id"],
            j["position"],
            j["inspectorate"],
            j["ref"],
            j["judgement"],
            links.get(j["id"], []),
        )
        for j in judgements
    ]


# --------------------------------------------------------------------------- matching


def propose_links(judgements: list[dict], recs: list[dict], taken: set[int] = frozenset()):
    """Links for ``judgements`` among ``recs`` (rows as dicts), no SQL.

    ``taken`` are recommendations already judged by a reviewed judgement of the
    same report: no HMIP judgement is linked to them again.
    """
    matcher = Matcher(r["recommendation"] or r["concern"] for r in recs)
    pairs = []
    runner_up: dict[int, float] = {}  # each judgement's second-best score
    for j in judgements:
        if j["inspectorate"] != "HMIP":
            continue
        key = ref_key(j["ref"])
        scores = []
        for r in recs:
            if r["id"] in taken:
                continue
            score = matcher.hmip(j["text"], j["concern"], r["recommendation"], r["concern"])
            method = "text"
            if key and key == ref_key(r["ref"]):
                score, method = REF_BASE + (1 - REF_BASE) * score, "ref"
            scores.append(score)
            if score >= HMIP_FLOOR:
                pairs.append((-score, j["position"] or 0, j["id"], r["id"], method))
        runner_up[j["id"]] = sorted(scores, reverse=True)[1] if len(scores) > 1 else 0.0
    links: list[Link] = []
    used_j, used_r = set(), set(taken)
    for neg, _, jid, rid, method in sorted(pairs):
        if jid in used_j or rid in used_r:
            continue
        if -neg < HMIP_MIN and -neg - runner_up[jid] < HMIP_MARGIN:
            continue
        used_j.add(jid)
        used_r.add(rid)
        links.append(Link(jid, rid, round(-neg, 3), method))
    judged = set(taken) | {x.recommendation_id for x in links if x.score >= LINK_CONFIDENT}
    for j in judgements:
        if j["inspectorate"] != "Ofsted":
            continue
        for r in recs:
            if r["id"] in judged:
                continue
            rec_text = r["recommendation"] or r["concern"]
            score = matcher.ofsted(j["text"], j["summary"], rec_text)
            if score >= OFSTED_MIN:
                links.append(Link(j["id"], r["id"], round(score, 3), "text"))
    return links


# --------------------------------------------------------------------------- SQL


def _document(db: sqlite_utils.Database, document_id: int) -> dict:
    return next(
        db.query(
            "SELECT id, kind, establishment, published, inspection_year, warnings, title "
            "FROM documents WHERE id = ?",
            [document_id],
        )
    )


def _reviewed_judgements(db: sqlite_utils.Database, irp_id: int) -> set[int]:
    """Judgements of the report a reviewer has touched: their links are left alone."""
    rows = db.execute(
        """
        SELECT j.id FROM judgements j WHERE j.document_id = :doc AND (
            j.review_status != 'unreviewed' OR j.reviewer IS NOT NULL OR j.note IS NOT NULL
            OR EXISTS (SELECT 1 FROM judgement_links l
                       WHERE l.judgement_id = j.id AND l.confirmed = 1)
            OR EXISTS (SELECT 1 FROM edits e
                       WHERE e.table_name = 'judgements' AND e.row_id = j.id
                         AND e.reviewer IS NOT :machine)
            -- an edit of one of its links: row_id is the link's rowid, and a link
            -- inserted or deleted by a reviewer is written whole in new / old
            OR EXISTS (SELECT 1 FROM edits e WHERE e.table_name = 'judgement_links'
                AND e.reviewer IS NOT :machine AND (
                   e.row_id IN (SELECT rowid FROM judgement_links WHERE judgement_id = j.id)
                OR (json_valid(e.old) AND json_extract(e.old, '$.judgement_id') = j.id)
                OR (json_valid(e.new) AND json_extract(e.new, '$.judgement_id') = j.id))))
        """,
        {"doc": irp_id, "machine": REPARSE_REVIEWER},
    )
    return {r[0] for r in rows}


def _links_of(db: sqlite_utils.Database, irp_id: int) -> dict[int, dict[int, dict]]:
    """judgement id → recommendation id → link row, for the report's judgements."""
    out: dict[int, dict[int, dict]] = {}
    for row in db.query(
        "SELECT l.* FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id "
        "WHERE j.document_id = ?",
        [irp_id],
    ):
        out.setdefault(row["judgement_id"], {})[row["recommendation_id"]] = row
    return out


def _store_links(
    db: sqlite_utils.Database, judgement_id: int, existing: dict[int, dict], links: list[Link]
) -> None:
    """Make an untouched judgement's automatic links equal ``links``, writing only changes."""
    wanted = {link.recommendation_id: link for link in links}
    for rec_id, row in existing.items():
        if row["confirmed"]:  # never reached for untouched judgements; kept as a guard
            continue
        if rec_id not in wanted:
            db.execute(
                "DELETE FROM judgement_links WHERE judgement_id = ? AND recommendation_id = ?",
                [judgement_id, rec_id],
            )
    for rec_id, link in wanted.items():
        row = existing.get(rec_id)
        if row is None:
            db.execute(
                "INSERT INTO judgement_links (judgement_id, recommendation_id, score, confirmed, "
                "method) VALUES (?, ?, ?, 0, ?)",
                [judgement_id, rec_id, link.score, link.method],
            )
        elif not row["confirmed"] and (row["score"], row.get("method")) != (
            link.score,
            link.method,
        ):
            db.execute(
                "UPDATE judgement_links SET score = ?, method = ? "
                "WHERE judgement_id = ? AND recommendation_id = ?",
                [link.score, link.method, judgement_id, rec_id],
            )


def _set_warnings(db: sqlite_utils.Database, irp: dict, ours: list[str]) -> None:
    """Replace this module's warnings on the document with ``ours``, keeping the parser's."""
    current = json.loads(irp["warnings"] or "[]")
    kept = [w for w in current if not str(w).startswith(WARNING_PREFIX)]
    new = kept + ours
    if new != current:
        db.execute("UPDATE documents SET warnings = ? WHERE id = ?", [json.dumps(new), irp["id"]])


# --------------------------------------------------------------------------- warnings


def _label(j: dict) -> str:
    if j["inspectorate"] == "Ofsted":
        return f"Ofsted theme {j['ref'] or j['position']}"
    return f"HMIP {j['ref']}" if j["ref"] else f"HMIP judgement {j['position']}"


def _no_plan_warning(irp: dict) -> str:
    est = irp.get("establishment") or "this establishment"
    if not irp.get("establishment"):
        return f"{WARNING_PREFIX}no establishment named: judgements not linked to any action plan"
    what = (
        f"the {irp['inspection_year']} inspection of {est}" if irp.get("inspection_year") else est
    )
    before = f" published before {irp['published']}" if irp.get("published") else ""
    return (
        f"{WARNING_PREFIX}no action plan for {what}{before}: judgements not linked "
        "(they are linked when the plan is imported)"
    )


def _link_warnings(
    judgements: list[dict], proposed: dict[int, list[Link]], recs: list[dict], plan: dict
) -> list[str]:
    rec_no = {r["id"]: r["rec_no"] or f"#{r['id']}" for r in recs}
    plan_name = plan["establishment"] or "the action plan"
    if plan.get("published"):
        plan_name += f" action plan (published {plan['published']})"
    out = []
    for j in judgements:
        links = proposed[j["id"]]
        if not links:
            out.append(f"{WARNING_PREFIX}{_label(j)} matched no recommendation of {plan_name}")
        for link in links:
            if link.score < LINK_CONFIDENT:
                out.append(
                    f"{WARNING_PREFIX}{_label(j)} linked to {rec_no[link.recommendation_id]} "
                    f"with a low score ({link.score:.2f}): check it"
                )
    return out
