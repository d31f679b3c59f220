"""The database schema: what each version of it adds, as one migration per version.

Table and column names are the public contract of DESIGN.md ("Database
contract"): add columns freely, rename none. ``MIGRATIONS[i]`` takes a database
from ``PRAGMA user_version`` ``i`` to ``i + 1``; ``store.migrations`` runs them,
each in one transaction together with the version bump, so a failed migration
leaves the file as it was. Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from store import views

if TYPE_CHECKING:  # annotations only: reading needs no sqlite-utils
    import sqlite_utils

# The allowed values as migration 1 wrote them into CHECK constraints. They are
# copies on purpose: a shipped migration must not change when extract/ does.
AGREEMENTS = ("Agreed", "Partly Agreed", "Not Agreed")
REVIEW_STATUSES = ("unreviewed", "verified", "flagged", "rejected")
ACTION_STATUSES = ("open", "complete", "not_applicable")
JUDGEMENTS = (
    "No meaningful progress",
    "Insufficient progress",
    "Reasonable progress",
    "Good progress",
    "Significant progress",
)


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


_V1 = f"""
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('action_plan', 'irp_report')),
    establishment TEXT,
    title TEXT,
    inspection TEXT,
    submitted TEXT,
    published TEXT,
    source_name TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    stated_counts TEXT,
    parser_version TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    layout TEXT,
    inspection_year INTEGER,
    warnings TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rec_no TEXT,
    rec_no_as_printed TEXT,
    section TEXT,
    heading TEXT,
    addressee TEXT,
    ref TEXT,
    repeated_ref TEXT,
    agreement TEXT CHECK (agreement IS NULL OR agreement IN ({_sql_list(AGREEMENTS)})),
    agreement_printed INTEGER CHECK (agreement_printed IS NULL OR agreement_printed IN (0, 1)),
    concern TEXT,
    recommendation TEXT,
    response TEXT,
    span_start INTEGER,
    span_end INTEGER,
    warnings TEXT NOT NULL DEFAULT '[]',
    review_status TEXT NOT NULL DEFAULT 'unreviewed'
        CHECK (review_status IN ({_sql_list(REVIEW_STATUSES)})),
    reviewer TEXT,
    reviewed_at TEXT,
    note TEXT,
    UNIQUE (document_id, position)
);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT,
    owner TEXT,
    target TEXT,
    target_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ({_sql_list(ACTION_STATUSES)})),
    target_as_printed TEXT,
    span_start INTEGER,
    span_end INTEGER,
    UNIQUE (recommendation_id, position)
);

CREATE TABLE judgements (
    id INTEGER PRIMARY KEY,
    document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    inspectorate TEXT NOT NULL CHECK (inspectorate IN ('HMIP', 'Ofsted')),
    ref TEXT,
    theme TEXT,
    text TEXT,
    judgement TEXT CHECK (judgement IS NULL OR judgement IN ({_sql_list(JUDGEMENTS)})),
    span_start INTEGER,
    span_end INTEGER,
    review_status TEXT NOT NULL DEFAULT 'unreviewed'
        CHECK (review_status IN ({_sql_list(REVIEW_STATUSES)})),
    position INTEGER,
    paragraphs TEXT,
    summary TEXT,
    concern TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    reviewer TEXT,
    reviewed_at TEXT,
    note TEXT
);

CREATE TABLE judgement_links (
    judgement_id INTEGER NOT NULL REFERENCES judgements(id) ON DELETE CASCADE,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    PRIMARY KEY (judgement_id, recommendation_id)
);

CREATE TABLE edits (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reviewer TEXT,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);

CREATE INDEX idx_documents_establishment ON documents(establishment);
CREATE INDEX idx_recommendations_document_id ON recommendations(document_id);
CREATE INDEX idx_recommendations_review_status ON recommendations(review_status);
CREATE INDEX idx_actions_recommendation_id ON actions(recommendation_id);
CREATE INDEX idx_judgements_document_id ON judgements(document_id);
CREATE INDEX idx_judgements_review_status ON judgements(review_status);
CREATE INDEX idx_judgement_links_judgement_id ON judgement_links(judgement_id);
CREATE INDEX idx_judgement_links_recommendation_id ON judgement_links(recommendation_id);
CREATE INDEX idx_edits_row ON edits(table_name, row_id);

"""


def _v1_initial(db: sqlite_utils.Database) -> None:
    """Version 1: the tables, indexes and view of the DESIGN.md contract."""
    _run_script(db, _V1)
    db.execute(views.OUTSTANDING_ACTIONS_V1)


_V2 = (
    "ALTER TABLE edits ADD COLUMN change_id INTEGER",
    "ALTER TABLE edits ADD COLUMN undo_of INTEGER",
    "UPDATE edits SET change_id = id WHERE change_id IS NULL",
    "CREATE INDEX idx_edits_reviewer_change ON edits(reviewer, change_id)",
    "CREATE INDEX idx_edits_change ON edits(change_id)",
    "CREATE INDEX idx_judgements_document_position ON judgements(document_id, position)",
)


def _v2_change_groups(db: sqlite_utils.Database) -> None:
    """Version 2: group edits into changes so that one undo reverts a whole change.

    ``edits.change_id`` is shared by every row one change wrote (a split action
    writes several); ``edits.undo_of`` is set on the rows an undo wrote, to the
    change it reverted. Edits written before version 2 are each their own change.
    Statement by statement (not ``executescript``, which would commit the
    migration's transaction early).
    """
    for statement in _V2:
        db.execute(statement)


_V3 = """
ALTER TABLE judgements ADD COLUMN recorded_at TEXT;
ALTER TABLE judgement_links ADD COLUMN method TEXT;

"""


def _v3_progress(db: sqlite_utils.Database) -> None:
    """Version 3: linking and the latest judgement of each recommendation.

    ``judgements.recorded_at`` is when a reviewer recorded a judgement by hand
    (an IRP judgement is dated by its report); ``judgement_links.method`` says
    how an automatic link was found ('ref' | 'text'); the view
    ``recommendation_progress`` gives each recommendation (rejected ones left
    out) with its plan, agreement, open/total actions and latest judgement.
    """
    _run_script(db, _V3)
    db.execute(views.RECOMMENDATION_PROGRESS_V3)


def _v4_inspectorate_name(db: sqlite_utils.Database) -> None:
    """Version 4: what an IRP printed about a judgement beyond the contract's values.

    ``judgements.inspectorate_name`` is the education inspectorate as printed
    ('Ofsted', or 'Estyn' in Wales, whose themes share Ofsted's scale and so its
    ``inspectorate`` value); ``judgements.not_assessed`` is 1 when the report
    says progress could not be assessed (the judgement is then NULL on purpose).
    """
    _run_script(
        db,
        "ALTER TABLE judgements ADD COLUMN inspectorate_name TEXT;\n"
        "ALTER TABLE judgements ADD COLUMN not_assessed INTEGER NOT NULL DEFAULT 0"
        " CHECK (not_assessed IN (0, 1));\n",
    )


# The review queue's document order (store/review/queue.py's _RANK_ORDER as of version 5,
# spelled out: a migration never changes). Version 6 replaces it (_QUEUE_ORDER_V6).
_QUEUE_ORDER = (
    "establishment IS NULL, "
    "CASE WHEN establishment LIKE 'HMP & YOI %' THEN ltrim(substr(establishment, 10)) "
    "WHEN establishment LIKE 'HMP/YOI %' THEN ltrim(substr(establishment, 8)) "
    "WHEN establishment LIKE 'HMIYOI %' THEN ltrim(substr(establishment, 7)) "
    "WHEN establishment LIKE 'HMYOI %' THEN ltrim(substr(establishment, 6)) "
    "WHEN establishment LIKE 'HMP %' THEN ltrim(substr(establishment, 4)) "
    "WHEN establishment LIKE 'YOI %' THEN ltrim(substr(establishment, 4)) "
    "ELSE establishment END COLLATE NOCASE, kind, published IS NULL, published, id"
)
_V5 = (
    f"CREATE INDEX idx_documents_queue_order ON documents({_QUEUE_ORDER}, establishment, "
    "inspection_year)",
    "CREATE INDEX idx_recommendations_status_document ON recommendations(review_status, "
    "document_id)",
    "CREATE INDEX idx_judgements_status_document ON judgements(review_status, document_id)",
)


def _v5_queue_indexes(db: sqlite_utils.Database) -> None:
    """Version 5: indexes for the review queue at scale (thousands of documents).

    The documents in queue order, covering the columns the queue shows: the
    order was a sort of every document, and reading ``inspection_year`` (stored
    after each document's text) walked every text's overflow pages. Records by
    review status and document: a status filter counts each document's records from
    the index, in document order, reading only the records with that status.
    """
    for statement in _V5:
        db.execute(statement)


# The queue's document order from version 6 on: establishments shortened by
# every prefix of store.domain.ESTABLISHMENT_PREFIXES (HMIRC, IRC, STC and the
# spellings of 'HMP & YOI' were missing). Spelled out, as a migration never
# changes; tests/store/test_query_plans.py checks the queue's query still matches
# it, so that the queue reads this index, not the table.
_QUEUE_ORDER_V6 = (
    "establishment IS NULL, "
    "CASE WHEN establishment LIKE 'HMP & YOI %' THEN ltrim(substr(establishment, 10)) "
    "WHEN establishment LIKE 'HMP and YOI %' THEN ltrim(substr(establishment, 12)) "
    "WHEN establishment LIKE 'HMP/YOI %' THEN ltrim(substr(establishment, 8)) "
    "WHEN establishment LIKE 'HMP YOI %' THEN ltrim(substr(establishment, 8)) "
    "WHEN establishment LIKE 'HM Prison %' THEN ltrim(substr(establishment, 10)) "
    "WHEN establishment LIKE 'HMPYOI %' THEN ltrim(substr(establishment, 7)) "
    "WHEN establishment LIKE 'HMIYOI %' THEN ltrim(substr(establishment, 7)) "
    "WHEN establishment LIKE 'HMYOI %' THEN ltrim(substr(establishment, 6)) "
    "WHEN establishment LIKE 'HMIRC %' THEN ltrim(substr(establishment, 6)) "
    "WHEN establishment LIKE 'HMP %' THEN ltrim(substr(establishment, 4)) "
    "WHEN establishment LIKE 'YOI %' THEN ltrim(substr(establishment, 4)) "
    "WHEN establishment LIKE 'IRC %' THEN ltrim(substr(establishment, 4)) "
    "WHEN establishment LIKE 'STC %' THEN ltrim(substr(establishment, 4)) "
    "ELSE establishment END COLLATE NOCASE, kind, published IS NULL, published, id"
)


def _v6_queue_order(db: sqlite_utils.Database) -> None:
    """Version 6: the queue's document index orders by the one list of establishment
    prefixes (``store.domain``), which now includes HMIRC, IRC and STC."""
    db.execute("DROP INDEX idx_documents_queue_order")
    db.execute(
        f"CREATE INDEX idx_documents_queue_order ON documents({_QUEUE_ORDER_V6}, "
        "establishment, inspection_year)"
    )


def _v7_trust(db: sqlite_utils.Database) -> None:
    """Version 7: what the reviewer sees is what is stored.

    ``actions.target_unreadable`` is 1 for a target as written that could not be
    read as a date or a status (it stays open, undated, and is listed apart
    instead of silently dropping out of "overdue"); existing rows are read again
    with the parser's reader. ``judgements.judged_on`` is the day a judgement
    recorded by hand was made (ISO date, or NULL when the reviewer gave none).
    The views are typed and re-ranked (``store.views``, version 7).
    """
    from extract.dates import read_target

    _run_script(
        db,
        "ALTER TABLE actions ADD COLUMN target_unreadable INTEGER NOT NULL DEFAULT 0"
        " CHECK (target_unreadable IN (0, 1));\n"
        "ALTER TABLE judgements ADD COLUMN judged_on TEXT;\n"
        "DROP VIEW outstanding_actions;\n"
        "DROP VIEW recommendation_progress;\n",
    )
    unreadable = [
        (row_id,)
        for row_id, target in db.execute(
            "SELECT id, target FROM actions WHERE status = 'open' AND target_date IS NULL "
            "AND trim(COALESCE(target, '')) != ''"
        ).fetchall()
        if read_target(target).unreadable
    ]
    db.conn.executemany("UPDATE actions SET target_unreadable = 1 WHERE id = ?", unreadable)
    db.execute(views.OUTSTANDING_ACTIONS_V7)
    db.execute(views.RECOMMENDATION_PROGRESS_V7)


_V8 = """
CREATE TABLE repeat_links (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    earlier_recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    method TEXT,
    PRIMARY KEY (recommendation_id, earlier_recommendation_id),
    CHECK (recommendation_id != earlier_recommendation_id)
);
CREATE INDEX idx_repeat_links_earlier ON repeat_links(earlier_recommendation_id);
CREATE INDEX idx_recommendations_repeated_ref ON recommendations(repeated_ref)
    WHERE repeated_ref IS NOT NULL;
"""


def _v8_repeat_links(db: sqlite_utils.Database) -> None:
    """Version 8: a recommendation repeated from an earlier plan of the same prison.

    ``repeat_links`` ties a plan's recommendation whose ``repeated_ref`` names a
    paragraph of an earlier report to that earlier plan's recommendation
    (``score`` is their text similarity, ``confirmed`` is 1 once a reviewer has
    confirmed it, ``method`` says how it was found: 'ref' | 'text', NULL by hand). The
    view ``repeat_chains`` lists each link with both sides and its place in its chain.
    """
    _run_script(db, _V8)
    db.execute(views.REPEAT_CHAINS_V8)


def _v9_merges(db: sqlite_utils.Database) -> None:
    """Version 9: merged review work (``merges``, ``edits.merged_from``) and the conflicts a
    merge left for a reviewer (``merge_conflicts``); see ``store.schema_v9``."""
    from store.schema_v9 import V9

    _run_script(db, V9)


def _v10_edit_origin(db: sqlite_utils.Database) -> None:
    """Version 10: ``edits.origin``, each edit's own random id, kept when a merge copies it,
    so that a merge knows an edit it has seen exactly (not by what it did, to the second)."""
    db.execute("ALTER TABLE edits ADD COLUMN origin TEXT")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _v2_change_groups,
    _v3_progress,
    _v4_inspectorate_name,
    _v5_queue_indexes,
    _v6_queue_order,
    _v7_trust,
    _v8_repeat_links,
    _v9_merges,
    _v10_edit_origin,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run a SQL script statement by statement inside the caller's transaction.

    ``executescript`` would COMMIT first and run the rest in autocommit mode, so
    a migration that failed half-way would leave half a schema behind.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)
