"""Schema version 9: where merged review work came from, and the conflicts a merge left.

``hmip-review merge THEIRS.db`` (``store.merge``) brings another reviewer's file's
work into this one. Version 9 records it:

* ``merges``: one row per merge that changed something (when, who ran it, the
  file, a fingerprint of its review work, and what it brought);
* ``edits.merged_from``: on the ``edits`` rows a merge copied from THEIRS (their
  reviewer names and times kept) and on the rows the merge itself wrote, the
  ``merges.id``; NULL for work done in this file;
* ``merge_conflicts``: each field both sides changed differently, ours kept and
  the record flagged, until a reviewer keeps ours or takes theirs.

Spelled out here, as a shipped migration never changes.
"""

from __future__ import annotations

V9 = """
CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reviewer TEXT,
    source_name TEXT NOT NULL,
    source_fingerprint TEXT NOT NULL,
    edits INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE edits ADD COLUMN merged_from INTEGER REFERENCES merges(id);
CREATE INDEX idx_edits_merged_from ON edits(merged_from) WHERE merged_from IS NOT NULL;
CREATE TABLE merge_conflicts (
    id INTEGER PRIMARY KEY,
    merge_id INTEGER NOT NULL REFERENCES merges(id),
    recommendation_id INTEGER REFERENCES recommendations(id) ON DELETE CASCADE,
    judgement_id INTEGER REFERENCES judgements(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    ours TEXT,
    theirs TEXT,
    our_reviewer TEXT,
    their_reviewer TEXT,
    their_at TEXT,
    status_before TEXT,
    resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    resolution TEXT CHECK (resolution IS NULL OR resolution IN ('ours', 'theirs')),
    CHECK ((recommendation_id IS NULL) != (judgement_id IS NULL))
);
CREATE INDEX idx_merge_conflicts_recommendation ON merge_conflicts(recommendation_id)
    WHERE recommendation_id IS NOT NULL;
CREATE INDEX idx_merge_conflicts_judgement ON merge_conflicts(judgement_id)
    WHERE judgement_id IS NOT NULL;
"""
