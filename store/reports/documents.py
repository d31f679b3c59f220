"""Every document at a glance: its review progress, warnings and last reviewer.

``document_progress`` is the one query behind the documents screen and the
per-document table of ``hmip-review stats``. ``warnings_naming`` tells which of
a document's own warnings (an IRP report's "links: Ofsted theme 1 linked to
5.15 with a low score (0.78): check it") name a given record, so the detail
pane and the documents screen show them where the reviewer looks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.domain import JUDGEMENT, RECOMMENDATION, short_establishment
from store.reports.review_counts import DOCUMENT_PROGRESS_SQL

if TYPE_CHECKING:  # annotations only: bench/accuracy.py reads warnings_naming without it
    import sqlite_utils

IRP = "irp_report"


@dataclass(frozen=True)
class DocumentProgress:
    """One document's review progress, as the documents screen and ``stats`` show it."""

    id: int
    kind: str
    establishment: str | None
    title: str | None
    year: str  # of publication, or of the inspection when not published
    records: int  # recommendations of a plan, judgements of an IRP report
    reviewed: int  # records no longer unreviewed
    verified: int
    flagged: int
    rejected: int
    record_warnings: int
    document_warnings: tuple[str, ...]
    last_reviewer: str | None
    last_reviewed_at: str | None

    @property
    def warnings(self) -> int:
        """The records' warnings and the document's own."""
        return self.record_warnings + len(self.document_warnings)

    @property
    def percent_reviewed(self) -> int | None:
        """The share of its records reviewed, in whole percent; None for a document
        with no records (it is not 100% done: its records are still to be marked)."""
        return round(100 * self.reviewed / self.records) if self.records else None

    @property
    def kind_label(self) -> str:
        return "IRP" if self.kind == IRP else "plan"

    @property
    def label(self) -> str:
        """'Ashdown 2021', 'Ashdown IRP 2022' (as the queue names documents)."""
        kind = " IRP" if self.kind == IRP else ""
        return f"{short_establishment(self.establishment)}{kind} {self.year}".strip()


def document_progress(db: sqlite_utils.Database) -> list[DocumentProgress]:
    """Every document with its records' review progress and warnings, in import order."""
    out = []
    for row in db.execute(DOCUMENT_PROGRESS_SQL).fetchall():
        *head, doc_warnings, r_at, r_who, j_at, j_who = row
        last_at, last_who = max(((r_at or "", r_who), (j_at or "", j_who)), key=lambda x: x[0])
        out.append(
            DocumentProgress(
                *head,
                document_warnings=tuple(json.loads(doc_warnings or "[]")),
                last_reviewer=last_who if last_at else None,
                last_reviewed_at=last_at or None,
            )
        )
    return out


# --- which record a document warning names ------------------------------------------


def record_labels(kind: str, record: dict) -> list[str]:
    """How a document warning names a record: 'Ofsted theme 1' or 'HMIP 1.38' for a
    judgement (as store.ingest.judgement_links writes them), 'linked to 5.15' and
    'recommendation 5.15' for a recommendation."""
    if kind == JUDGEMENT:
        if record.get("inspectorate") == "Ofsted":
            return [f"Ofsted theme {record.get('ref') or record.get('position')}"]
        if record.get("ref"):
            return [f"HMIP {record['ref']}"]
        return [f"HMIP judgement {record.get('position')}"]
    if kind == RECOMMENDATION and record.get("rec_no"):
        return [f"linked to {record['rec_no']}", f"recommendation {record['rec_no']}"]
    return []


def warnings_naming(warnings: list[str] | tuple[str, ...], kind: str, record: dict) -> list[str]:
    """The ``warnings`` that name the record: a label with a space (or the end) on either
    side, in any case ('HMIP 1.3' is not named by a warning about 'HMIP 1.31'; 'theme 1'
    not by 'theme 12'). ``named_sql`` is the same rule in SQL, for the queue."""
    labels = [f" {label.casefold()} " for label in record_labels(kind, record)]
    return [w for w in warnings if any(label in f" {w.casefold()} " for label in labels)]


def _contains_sql(text: str, label: str) -> str:
    return f"instr(' ' || lower({text}) || ' ', ' ' || lower({label}) || ' ') > 0"


def _judgement_label_sql(alias: str) -> str:
    return f"""CASE WHEN {alias}.inspectorate = 'Ofsted'
                THEN 'Ofsted theme ' || COALESCE({alias}.ref, {alias}.position)
            WHEN {alias}.ref IS NOT NULL THEN 'HMIP ' || {alias}.ref
            ELSE 'HMIP judgement ' || {alias}.position END"""


def _padded_contains(padded: str, alias: str) -> str:
    """``_recommendation_named_sql`` on a warning already lower-cased and padded."""
    return " OR ".join(
        f"instr({padded}, ' {prefix} ' || lower({alias}.rec_no) || ' ') > 0"
        for prefix in ("linked to", "recommendation")
    )


def _recommendation_named_sql(alias: str) -> str:
    return " OR ".join(
        _contains_sql("w.value", f"'{prefix} ' || {alias}.rec_no")
        for prefix in ("linked to", "recommendation")
    )


def named_exists_sql(kind: str, alias: str) -> str:
    """Whether a document warning names the record ``alias``: ``named_sql`` > 0, read
    with an index lookup or two per record, for the queue's ``w`` filter."""
    if kind == JUDGEMENT:
        return f"""EXISTS (SELECT 1 FROM documents dw, json_each(dw.warnings) w
            WHERE dw.id = {alias}.document_id AND dw.warnings != '[]'
            AND {_contains_sql("w.value", _judgement_label_sql(alias))})"""
    named = _recommendation_named_sql(alias)
    return f"""({alias}.rec_no IS NOT NULL AND (
        EXISTS (SELECT 1 FROM documents dw, json_each(dw.warnings) w
            WHERE dw.id = {alias}.document_id AND dw.warnings != '[]' AND ({named}))
        OR EXISTS (SELECT 1 FROM judgement_links lw
            JOIN judgements jw ON jw.id = lw.judgement_id
            JOIN documents dw ON dw.id = jw.document_id, json_each(dw.warnings) w
            WHERE lw.recommendation_id = {alias}.id AND dw.warnings != '[]' AND ({named}))))"""


def named_records_sql() -> str:
    """Every record a document warning names, as (kind, id) rows: ``named_exists_sql``
    for all records at once, for the queue's ``w`` filter. Each document's warnings are
    read and lower-cased once, not once per record (a document's ``warnings`` column
    comes after its text, so reading it walks the text's overflow pages), and the
    records are read only of the documents with warnings (CROSS JOIN keeps that order:
    the planner, not knowing how few they are, would scan every record)."""
    rec = _padded_contains("w.padded", "rn")
    return f"""
    WITH dwarn AS MATERIALIZED (
        SELECT dw.id AS document_id, ' ' || lower(ww.value) || ' ' AS padded
        FROM documents dw, json_each(dw.warnings) ww WHERE dw.warnings != '[]'
    )
    SELECT '{JUDGEMENT}', jn.id FROM dwarn w
    CROSS JOIN judgements jn ON jn.document_id = w.document_id
    WHERE instr(w.padded, ' ' || lower({_judgement_label_sql("jn")}) || ' ') > 0
    UNION
    SELECT '{RECOMMENDATION}', rn.id FROM dwarn w
    CROSS JOIN recommendations rn ON rn.document_id = w.document_id
    WHERE rn.rec_no IS NOT NULL AND ({rec})
    UNION
    SELECT '{RECOMMENDATION}', rn.id FROM dwarn w
    CROSS JOIN judgements jw ON jw.document_id = w.document_id
    CROSS JOIN judgement_links lw ON lw.judgement_id = jw.id
    CROSS JOIN recommendations rn ON rn.id = lw.recommendation_id
    WHERE rn.rec_no IS NOT NULL AND ({rec})"""


def named_sql(kind: str, alias: str) -> str:
    """How many document warnings name the record ``alias`` (a row of ``recommendations``
    or ``judgements``): ``warnings_naming`` and ``document_warnings_for`` as an SQL
    expression, for the queue's warning count. Counted only where
    ``named_exists_sql`` finds one."""
    if kind == JUDGEMENT:
        count = f"""(SELECT COUNT(*) FROM documents dw, json_each(dw.warnings) w
            WHERE dw.id = {alias}.document_id
            AND {_contains_sql("w.value", _judgement_label_sql(alias))})"""
    else:
        count = f"""(SELECT COUNT(DISTINCT w.value) FROM (
                SELECT dw.warnings FROM documents dw WHERE dw.id = {alias}.document_id
                UNION ALL
                SELECT dw.warnings FROM judgement_links lw
                JOIN judgements jw ON jw.id = lw.judgement_id
                JOIN documents dw ON dw.id = jw.document_id
                WHERE lw.recommendation_id = {alias}.id
            ) ws, json_each(ws.warnings) w
            WHERE {alias}.rec_no IS NOT NULL AND ({_recommendation_named_sql(alias)}))"""
    return f"(CASE WHEN {named_exists_sql(kind, alias)} THEN {count} ELSE 0 END)"


def document_warnings_for(db: sqlite_utils.Database, kind: str, record_id: int) -> list[str]:
    """The document-level warnings that name one record: its own document's, and for a
    recommendation, those of the IRP reports whose judgements link to it."""
    if kind == JUDGEMENT:
        row = db.execute(
            "SELECT j.inspectorate, j.ref, j.position, d.warnings FROM judgements j "
            "JOIN documents d ON d.id = j.document_id WHERE j.id = ?",
            [record_id],
        ).fetchone()
        if row is None:
            return []
        record = {"inspectorate": row[0], "ref": row[1], "position": row[2]}
        return warnings_naming(json.loads(row[3] or "[]"), kind, record)
    row = db.execute(
        "SELECT r.rec_no, d.warnings FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id WHERE r.id = ?",
        [record_id],
    ).fetchone()
    if row is None:
        return []
    warnings = list(json.loads(row[1] or "[]"))
    for (linked,) in db.execute(
        "SELECT DISTINCT d.warnings FROM judgement_links l "
        "JOIN judgements j ON j.id = l.judgement_id JOIN documents d ON d.id = j.document_id "
        "WHERE l.recommendation_id = ?",
        [record_id],
    ).fetchall():
        warnings += [w for w in json.loads(linked or "[]") if w not in warnings]
    return warnings_naming(warnings, kind, {"rec_no": row[0]})
