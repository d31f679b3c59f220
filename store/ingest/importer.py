"""Put a parsed document into the database, idempotently.

A document is keyed by the sha256 of its text. Each call is one ``BEGIN
IMMEDIATE`` transaction: the document and all its records are stored together
or not at all, and a concurrent writer waits its turn instead of failing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from extract import PARSER_VERSION
from extract.models import ActionPlan, IRPReport, Judgement, Recommendation
from store.db import StoreError, describe_sqlite_error, write_transaction
from store.ingest.judgement_links import link_after_import
from store.ingest.reparse import MergeReport, reparse_document
from store.ingest.repeat_links import link_repeats
from store.ingest.rows import action_values, judgement_values, recommendation_values
from store.reports.stats import DocumentSummary, document_summary

IMPORTED = "imported"
UNCHANGED = "unchanged"
REPARSED = "reparsed"


@dataclass(frozen=True)
class ImportResult:
    """What ``import_document`` did, and what the database now holds for the document."""

    status: str  # IMPORTED | UNCHANGED | REPARSED
    summary: DocumentSummary
    merge: MergeReport | None = None  # what a re-parse changed

    @property
    def document_id(self) -> int:
        return self.summary.document_id

    @property
    def no_records(self) -> bool:
        """The document is stored without a record (a plan whose table was not read)."""
        return self.summary.records == 0

    @property
    def label(self) -> str:
        """The status, and '(no records)' after it for a document stored without any."""
        return f"{self.status} (no records)" if self.no_records else self.status

    def describe(self) -> str:
        """'imported', 'imported (no records)', or 'reparsed: 2 updated, 1 added, 1 kept (not found)'."""
        return f"{self.label}: {self.merge}" if self.merge is not None else self.label


def text_sha256(text: str) -> str:
    """The key a document is stored under: sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_document(
    db: sqlite_utils.Database,
    parsed: ActionPlan | IRPReport,
    source_name: str,
    *,
    reparse: bool = False,
    parser_version: str = PARSER_VERSION,
) -> ImportResult:
    """Store ``parsed`` (read from ``source_name``) and say what happened.

    * A new text is stored with all its records: 'imported'.
    * The same text already imported by the same (or a newer) parser version is
      left alone: 'unchanged', nothing duplicated.
    * The same text imported by an older parser version, or any version when
      ``reparse`` is set, is parsed again in place: 'reparsed'. The new parse
      is merged into the stored records, keeping every field a reviewer
      edited, every review status and note, and every record the new parse no
      longer finds (see ``store.ingest.reparse``).

    Raises ``StoreError`` if the database refuses the document; nothing is
    stored in that case.
    """
    sha = text_sha256(parsed.text)
    try:
        with write_transaction(db):
            existing = _find(db, sha)
            merge = None
            if existing is None:
                document_id = _insert_document(db, parsed, sha, source_name, parser_version)
                _insert_records(db, parsed, document_id)
                status = IMPORTED
            else:
                document_id = existing["id"]
                stale = _version_key(existing["parser_version"]) < _version_key(parser_version)
                if not (reparse or stale):
                    status = UNCHANGED
                else:
                    row = _document_row(parsed, source_name, parser_version)
                    merge = reparse_document(db, parsed, document_id, row, parser_version)
                    status = REPARSED
            # Linking is idempotent, so it runs for unchanged documents too (a
            # database imported before linking existed gets its links this way).
            link_after_import(db, document_id)
            link_repeats(db, document_id)  # a plan's repeated rows, and its later plans'
            return ImportResult(status, document_summary(db, document_id), merge)
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"the database refused the parsed document: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_sqlite_error(exc)) from None


@contextmanager
def many_documents(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Around an import of many documents: synced to disk once, at the end.

    Each document is still its own transaction, stored whole or not at all,
    and a killed import loses nothing it committed. What changes is when the
    disk is told to sync: SQLite's ``synchronous = NORMAL`` in WAL mode skips
    the sync after each document (up to half the time an import spends storing
    on a busy disk), and the write-ahead log is synced here once, when the
    import ends. A power cut during the import can take away the documents
    imported since the last checkpoint (never part of one); importing the same
    files again puts them back. Reviewers' changes, made on other
    connections, keep syncing every commit.
    """
    (journal,) = db.execute("PRAGMA journal_mode").fetchone()
    if str(journal).lower() != "wal":
        yield db
        return
    (mode,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA synchronous = {int(mode)}")
        _sync_wal(db)


def _sync_wal(db: sqlite_utils.Database) -> None:
    """fsync the database's write-ahead log: what a FULL commit would have done."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            wal = Path(f"{file}-wal")
            try:
                fd = os.open(wal, os.O_RDONLY)
            except FileNotFoundError:
                return  # checkpointed and gone: the database file is synced
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def document_title(parsed: ActionPlan | IRPReport, source_name: str) -> str:
    """'Action plan: HMP Belmarsh (published 2021-11-12)' and the like."""
    kind = "Action plan" if parsed.kind == "action_plan" else "IRP report"
    if not parsed.establishment:
        return parsed.title or f"{kind}: {source_name}"
    title = f"{kind}: {parsed.establishment}"
    if parsed.published:
        title += f" (published {parsed.published})"
    return title


def _find(db: sqlite_utils.Database, sha: str) -> dict | None:
    rows = list(db.query("SELECT id, parser_version FROM documents WHERE sha256 = ?", [sha]))
    return rows[0] if rows else None


def _version_key(version: str | None) -> tuple:
    """Order parser versions: numeric parts numerically ('10' > '9'), anything else after."""
    parts = str(version or "0").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _document_row(
    parsed: ActionPlan | IRPReport, source_name: str, parser_version: str
) -> dict[str, object]:
    return {
        "kind": parsed.kind,
        "establishment": parsed.establishment,
        "title": document_title(parsed, source_name),
        "inspection": parsed.inspection,
        "submitted": getattr(parsed, "submitted", None),
        "published": parsed.published,
        "source_name": source_name,
        "text": parsed.text,
        "stated_counts": None if parsed.stated_counts is None else json.dumps(parsed.stated_counts),
        "parser_version": parser_version,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "layout": getattr(parsed, "layout", None),
        "inspection_year": getattr(parsed, "inspection_year", None),
        "warnings": json.dumps(list(parsed.warnings)),
    }


def _insert_document(
    db: sqlite_utils.Database,
    parsed: ActionPlan | IRPReport,
    sha: str,
    source_name: str,
    parser_version: str,
) -> int:
    row = _document_row(parsed, source_name, parser_version) | {"sha256": sha}
    return _insert(db.conn, "documents", row)


def _insert_records(db: sqlite_utils.Database, parsed: ActionPlan | IRPReport, document_id: int):
    # Plain statements, not sqlite-utils' insert(): it checks the table's
    # columns and opens a savepoint on every call, which was most of the time
    # an import spent storing (bench/import_throughput.py).
    if isinstance(parsed, ActionPlan):
        for rec in parsed.recommendations:
            _insert_recommendation(db, rec, document_id)
    else:
        rows = [_judgement_row(j, document_id) for j in parsed.judgements]
        _insert_many(db.conn, "judgements", rows)


def _insert_recommendation(db: sqlite_utils.Database, rec: Recommendation, document_id: int):
    recommendation_id = _insert(db.conn, "recommendations", _recommendation_row(rec, document_id))
    _insert_many(
        db.conn,
        "actions",
        [
            action_values(action)
            | {"recommendation_id": recommendation_id, "position": action.position}
            for action in rec.actions
        ],
    )


def _recommendation_row(rec: Recommendation, document_id: int) -> dict[str, object]:
    return recommendation_values(rec) | {
        "document_id": document_id,
        "position": rec.position,
        "warnings": json.dumps(list(rec.warnings)),
        "review_status": "unreviewed",
    }


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> int:
    """Insert one row; its new id."""
    columns = tuple(row)
    cursor = conn.execute(_insert_sql(table, columns), tuple(row.values()))
    return cursor.lastrowid


def _insert_many(conn: sqlite3.Connection, table: str, rows: list[dict[str, object]]) -> None:
    """Insert rows that share their columns (one statement, executemany)."""
    if not rows:
        return
    columns = tuple(rows[0])
    conn.executemany(_insert_sql(table, columns), [tuple(row[c] for c in columns) for row in rows])


def _judgement_row(judgement: Judgement, document_id: int) -> dict[str, object]:
    return judgement_values(judgement) | {
        "document_id": document_id,
        "position": judgement.position,
        "warnings": json.dumps(list(judgement.warnings)),
        "review_status": "unreviewed",
    }
