"""What the review app reads besides the queue: progress, a record's detail, search."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import sqlite_utils

from store.domain import JUDGEMENT, RECOMMENDATION, RECORD_TABLES, REVIEW_STATUSES
from store.review.drafts import REC_FIELDS, ActionDraft, RecommendationDraft
from store.review.queue import document_label
from store.review.queue_sql import PLACED_AT, RANKED_DOCUMENTS_CTE


@dataclass(frozen=True)
class Progress:
    """How far the review of one document has got."""

    document_id: int
    label: str
    total: int
    reviewed: int  # any status but unreviewed
    verified: int
    flagged: int
    rejected: int

    def __str__(self) -> str:
        text = f"{self.label} — {self.reviewed}/{self.total} reviewed"
        if self.flagged:
            text += f", {self.flagged} flagged"
        if self.rejected:
            text += f", {self.rejected} rejected"
        return text


@dataclass(frozen=True)
class RecordDetail:
    """Everything the detail pane and the editor show of one record."""

    kind: str
    id: int
    record: dict
    document: dict  # id, kind, establishment, title, label, published (no text)
    actions: list[dict] = field(default_factory=list)
    judgements: list[dict] = field(default_factory=list)  # of a recommendation, oldest first
    links: list[dict] = field(default_factory=list)  # of a judgement: its recommendations
    # a judgement recorded by hand has no document: the recommendation it is shown after
    # in the queue (id, rec_no, document_id, span_start, span_end, label), whose source
    # text the source pane shows; None for every other record
    shown_after: dict | None = None

    @property
    def ref(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def by_hand(self) -> bool:
        """A judgement a reviewer recorded by hand (it has no document)."""
        return self.kind == JUDGEMENT and self.record.get("document_id") is None

    @property
    def source_document_id(self) -> int | None:
        """The document whose text the source pane shows: the record's own, or for a
        judgement recorded by hand, its recommendation's (its own stays NULL)."""
        if self.shown_after is not None:
            return self.shown_after["document_id"]
        return self.record.get("document_id")

    @property
    def source_span(self) -> tuple[int | None, int | None]:
        """The span of that text the source pane selects (the recommendation's, for a
        judgement recorded by hand)."""
        source = self.shown_after if self.shown_after is not None else self.record
        return source.get("span_start"), source.get("span_end")

    @property
    def source_label(self) -> str:
        """'Ashdown 2021', or for a judgement recorded by hand, where its source text is
        from: 'Ashdown 2021 · its recommendation 5.15'."""
        if self.shown_after is not None:
            after = self.shown_after
            return f"{after['label']} · its recommendation {after.get('rec_no') or '(no number)'}"
        return self.document.get("label", "")

    @property
    def warnings(self) -> list[str]:
        return json.loads(self.record.get("warnings") or "[]")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    document: str
    no: str | None
    field: str  # where the text was found
    snippet: str
    review_status: str


# --- progress, detail, text ---------------------------------------------------------


def document_progress(db: sqlite_utils.Database, document_id: int) -> Progress | None:
    """Counts of one document's records by review status."""
    doc = db.execute(
        "SELECT establishment, kind, published, inspection_year FROM documents WHERE id = ?",
        [document_id],
    ).fetchone()
    if doc is None:
        return None
    counts = dict.fromkeys(REVIEW_STATUSES, 0)
    for table in ("recommendations", "judgements"):
        for status, n in db.execute(
            f"SELECT review_status, COUNT(*) FROM {table} WHERE document_id = ? "
            "GROUP BY review_status",
            [document_id],
        ).fetchall():
            counts[status] += n
    label = document_label(
        dict(zip(("establishment", "kind", "published", "inspection_year"), doc, strict=True))
    )
    total = sum(counts.values())
    return Progress(
        document_id,
        label,
        total,
        total - counts["unreviewed"],
        counts["verified"],
        counts["flagged"],
        counts["rejected"],
    )


def document_text(db: sqlite_utils.Database, document_id: int) -> str:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise KeyError(f"no document {document_id}")
    return row[0]


def _dicts(db: sqlite_utils.Database, sql: str, params) -> list[dict]:
    return list(db.query(sql, params))


def record_detail(db: sqlite_utils.Database, kind: str, record_id: int) -> RecordDetail | None:
    """A record with its document, actions, judgements over time and links."""
    table = RECORD_TABLES[kind]
    records = _dicts(db, f"SELECT * FROM {table} WHERE id = ?", [record_id])
    if not records:
        return None
    record = records[0]
    document = {}
    if record.get("document_id") is not None:
        found = _dicts(
            db,
            "SELECT id, kind, establishment, title, published, inspection_year, layout, "
            "length(text) AS length FROM documents WHERE id = ?",
            [record["document_id"]],
        )
        document = found[0] if found else {}
        document["label"] = document_label(document)
    if kind == RECOMMENDATION:
        actions = _dicts(
            db, "SELECT * FROM actions WHERE recommendation_id = ? ORDER BY position", [record_id]
        )
        judgements = _dicts(
            db,
            """
            SELECT j.*, l.score, l.confirmed, d.published AS document_published,
                d.title AS document_title
            FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id
            LEFT JOIN documents d ON d.id = j.document_id
            WHERE l.recommendation_id = ?
            ORDER BY COALESCE(d.published, j.judged_on) IS NOT NULL,
                COALESCE(d.published, j.judged_on), l.confirmed, j.id
            """,
            [record_id],
        )
        return RecordDetail(kind, record_id, record, document, actions, judgements)
    links = _dicts(
        db,
        """
        SELECT l.recommendation_id, l.score, l.confirmed, r.rec_no, r.ref, r.agreement,
            r.recommendation, r.document_id, d.establishment, d.kind, d.published,
            d.inspection_year
        FROM judgement_links l JOIN recommendations r ON r.id = l.recommendation_id
        JOIN documents d ON d.id = r.document_id
        WHERE l.judgement_id = ?
        ORDER BY l.confirmed DESC, l.score DESC, r.position
        """,
        [record_id],
    )
    for link in links:
        link["document"] = document_label(link)
    shown_after = None
    if record.get("document_id") is None:
        shown_after = _shown_after(db, record_id)
    return RecordDetail(kind, record_id, record, document, links=links, shown_after=shown_after)


def _shown_after(db: sqlite_utils.Database, judgement_id: int) -> dict | None:
    """The recommendation a judgement recorded by hand is shown after, with its document."""
    found = _dicts(
        db,
        f"""
        SELECT r.id, r.rec_no, r.document_id, r.span_start, r.span_end, d.establishment, d.kind,
            d.published, d.inspection_year
        FROM judgements j JOIN recommendations r ON r.id = {PLACED_AT}
        JOIN documents d ON d.id = r.document_id
        WHERE j.id = ?
        """,
        [judgement_id],
    )
    if not found:
        return None
    return found[0] | {"label": document_label(found[0])}


def load_draft(db: sqlite_utils.Database, recommendation_id: int) -> RecommendationDraft:
    """A recommendation as the editor starts from it."""
    rows = _dicts(db, "SELECT * FROM recommendations WHERE id = ?", [recommendation_id])
    if not rows:
        raise KeyError(f"no recommendation {recommendation_id}")
    actions = _dicts(
        db,
        "SELECT * FROM actions WHERE recommendation_id = ? ORDER BY position",
        [recommendation_id],
    )
    return draft_of(rows[0], actions)


def draft_of(record: dict, actions: list[dict]) -> RecommendationDraft:
    """The editor's draft of a recommendation row and its action rows, based on them."""
    return RecommendationDraft(
        record["id"],
        {name: record.get(name) for name in REC_FIELDS},
        [
            ActionDraft(
                a["id"], a["owner"], a["target"], a["text"], a.get("span_start"), a.get("span_end")
            )
            for a in actions
        ],
    ).started()


def link_candidates(db: sqlite_utils.Database, judgement_id: int) -> list[dict]:
    """Recommendations a judgement could be about: its establishment's plans, linked first."""
    return _dicts(
        db,
        """
        WITH j AS (
            SELECT j.id, j.ref, COALESCE(d.establishment, (
                SELECT d2.establishment FROM judgement_links l2
                JOIN recommendations r2 ON r2.id = l2.recommendation_id
                JOIN documents d2 ON d2.id = r2.document_id
                WHERE l2.judgement_id = j.id LIMIT 1)) AS establishment
            FROM judgements j LEFT JOIN documents d ON d.id = j.document_id WHERE j.id = :id
        )
        SELECT r.id AS recommendation_id, r.rec_no, r.ref, r.agreement, r.recommendation,
            r.concern, d.published, d.establishment, d.kind, d.inspection_year,
            l.score, COALESCE(l.confirmed, 0) AS confirmed, l.judgement_id IS NOT NULL AS linked
        FROM recommendations r JOIN documents d ON d.id = r.document_id
        JOIN j ON d.establishment IS j.establishment
        LEFT JOIN judgement_links l ON l.recommendation_id = r.id AND l.judgement_id = j.id
        WHERE r.review_status != 'rejected' OR l.judgement_id IS NOT NULL
        ORDER BY linked DESC, r.ref IS NOT j.ref, d.published DESC, d.id DESC, r.position
        """,
        {"id": judgement_id},
    )


# --- search -------------------------------------------------------------------------

_REC_TEXT = ("rec_no", "ref", "recommendation", "concern", "response", "note")
_JUDGEMENT_TEXT = ("ref", "theme", "text", "summary", "concern", "note")
_ACTION_TEXT = ("owner", "target", "text")


def search_records(db: sqlite_utils.Database, text: str, limit: int = 200) -> list[SearchHit]:
    """Records whose text, notes or actions contain ``text`` (case-insensitive), in queue order."""
    needle = text.strip()
    if not needle:
        return []
    pattern = "%" + re.sub(r"([%_\\])", r"\\\1", needle) + "%"

    def like(alias: str, columns) -> str:
        return " OR ".join(f"{alias}.{c} LIKE :p ESCAPE '\\'" for c in columns)

    sql = f"""
    WITH {RANKED_DOCUMENTS_CTE}
    SELECT * FROM (
        SELECT 0 AS kind_rank, r.id, r.document_id, d.rank, r.position, r.rec_no AS no,
            r.review_status, {", ".join(f"r.{c}" for c in _REC_TEXT)},
            (SELECT group_concat(COALESCE(a.owner, '') || ' ' || COALESCE(a.target, '') || ' '
                || COALESCE(a.text, ''), ' | ') FROM actions a
             WHERE a.recommendation_id = r.id) AS actions
        FROM recommendations r JOIN docs d ON d.id = r.document_id
        WHERE {like("r", _REC_TEXT)} OR EXISTS (SELECT 1 FROM actions a
            WHERE a.recommendation_id = r.id AND ({like("a", _ACTION_TEXT)}))
        UNION ALL
        SELECT 1, j.id, j.document_id, d.rank, COALESCE(j.position, 0), j.ref, j.review_status,
            {", ".join(f"j.{c}" for c in _JUDGEMENT_TEXT)}, NULL
        FROM judgements j JOIN docs d ON d.id = j.document_id
        WHERE {like("j", _JUDGEMENT_TEXT)}
    ) ORDER BY rank, position, kind_rank, id LIMIT :limit
    """
    docs = {}
    hits = []
    for row in db.execute(sql, {"p": pattern, "limit": limit}).fetchall():
        kind_rank, rid, doc_id, _rank, _pos, no, status = row[:7]
        names = (*(_REC_TEXT if kind_rank == 0 else _JUDGEMENT_TEXT), "actions")
        where, snippet = "", ""
        for name, value in zip(names, row[7:], strict=True):
            found = (value or "").lower().find(needle.lower())
            if found >= 0:
                where, snippet = name, _snippet(value, found, len(needle))
                break
        if doc_id not in docs:
            progress = document_progress(db, doc_id)
            docs[doc_id] = progress.label if progress else ""
        hits.append(
            SearchHit(
                RECOMMENDATION if kind_rank == 0 else JUDGEMENT,
                rid,
                docs[doc_id],
                no,
                where,
                snippet,
                status,
            )
        )
    return hits


def _snippet(value: str, start: int, length: int, width: int = 60) -> str:
    begin = max(0, start - width // 3)
    end = min(len(value), begin + width + length)
    text = " ".join(value[begin:end].split())
    return ("…" if begin else "") + text + ("…" if end < len(value) else "")
