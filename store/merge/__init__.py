"""Merging another reviewer's file (THEIRS) into this one (ours): ``hmip-review merge``.

The design, in the order a merge runs (``store.merge.merger.Merger.run``):

**Reading theirs** (``source``). THEIRS is copied with SQLite's backup API into
a private temporary file and opened like any database, so it is never
changed; a file that is not a hmip-review database, or one written by a newer
schema version, is refused with one line before anything is read.

**The two logs** (``history``). An ``edits`` row is recognised across the two
files by its ``origin`` (schema 10: a random id written with each edit and
kept by every merge that copies it), never by its row id; one written before
schema 10 has none, and is recognised by what it did: (at, reviewer, table,
field, old, new), a whole row compared without its ids. The edits one file has and the
other lacks are its *unshared* edits: the work done since the files last
agreed. A file copied from ours shares our whole log up to the copy; a file
imported separately shares none of it (and then has none of our work either).
Per row, the unshared edits give the row's *base* (each field before the first
of them: the common ancestor's value), whether it was added or deleted since,
and who last changed each field. A re-parse's edits count for the base but
are never review work; what a merge itself wrote (``hmip-review (merge)``) is
not either: the reviewers' edits it brought in are copied beside it and count.

**Matching** (``pairing``, ``rows``). Documents are the same document when their
text is (``sha256``). Records are matched within their document by the
parser's identity of the record as it was when the files last agreed (its
base: position, span, number), then, for what is left (a document parsed by
a newer parser on one side), by the re-parse matcher
(``store.ingest.record_match``: number, text, place); actions within their
recommendation alike (position, owner, target, span); judgements recorded by
hand by when and what was recorded; judgement and repeat links by the two
records they link. Row ids are never compared. Only the documents their
unshared work touches are read.

**Deciding** (``decide``). A field their reviewers changed since the files last
agreed is taken unless a reviewer of ours gave it a third value since: that is
a conflict. Ours is kept, the record is flagged with a note naming both values
and both reviewers, and a ``merge_conflicts`` row waits for a reviewer to keep
ours or take theirs (``store.review.merge_conflicts``). Different fields of one
record both land. A row they deleted is deleted unless ours changed it since
(a conflict), a row we deleted that they changed is a conflict, a row they
added (an action added, split or moved; a record made by hand; a judgement
recorded by hand; a link) is added with its parent found here; an undo of
theirs is simply what it wrote. The order of a parent's rows follows theirs
when only they moved rows, else ours with their new rows after the row each
follows (``order``). Documents only they have are brought in whole
(``whole``), with their links into documents both hold.

**Writing** (``merger``, ``flags``, ``trail``). Everything is written in ONE
``BEGIN IMMEDIATE`` transaction of ours: a failure or a kill at any point leaves
ours exactly as it was. What the merge writes is one change by
``hmip-review (merge)``; their reviewers' edits are copied into ``edits`` with
their own names and times (row ids translated, each of their changes one
change here, undos still naming what they undid), all marked with the
``merges`` row (``edits.merged_from``). Merging the same work again finds every
edit shared and writes nothing, and says so; merging A then B gives what B then
A gives wherever there is no conflict, since each field's outcome depends only
on the two values and where each started.

``--dry-run`` runs the same merge and rolls it back: what it reports is
exactly what the merge would do.

**Limits.** An edit written before schema 10 (no ``origin``) is known by its
time to the second: the same reviewer name making the same change (same
field, same old and new value, on any record) in two files within one second
would be taken for one edit; since schema 10 each edit is known exactly. Their ``merge_conflicts`` rows
are not copied: a conflict they have not resolved is between their file and
a third; merging that third file here finds it again where ours differs. A
document's fields conflict like a record's but flag nothing (a document has no
review status): the merge lists them.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from store.errors import StoreError
from store.merge.history import MERGE_REVIEWER
from store.merge.source import fingerprint, opened_theirs
from store.merge.summary import ConflictLine, DocumentCounts, MergeResult
from store.review.audit import now

__all__ = [
    "MERGE_REVIEWER",
    "ConflictLine",
    "DocumentCounts",
    "MergeResult",
    "apply_merge",
    "plan_merge",
]


def plan_merge(ours: sqlite_utils.Database, theirs_path: str | Path) -> MergeResult:
    """What merging THEIRS would change, per document; nothing is written."""
    return _merge(ours, theirs_path, reviewer=None, dry_run=True)


def apply_merge(
    ours: sqlite_utils.Database, theirs_path: str | Path, reviewer: str | None = None
) -> MergeResult:
    """Merge THEIRS into ``ours`` in one transaction (nothing is written when nothing is new)."""
    return _merge(ours, theirs_path, reviewer=reviewer, dry_run=False)


def _merge(ours, theirs_path, *, reviewer: str | None, dry_run: bool) -> MergeResult:
    from store.merge.merger import Merger

    source = str(theirs_path)
    ours_file = ours.execute("PRAGMA database_list").fetchone()[2]
    if ours_file and Path(theirs_path).resolve() == Path(ours_file).resolve():
        raise StoreError(f"{source}: is the database being merged into; merge another file")
    with opened_theirs(theirs_path) as theirs:
        work = fingerprint(theirs)
        ours.execute("BEGIN IMMEDIATE")
        try:
            merge_id = ours.execute(
                "INSERT INTO merges (at, reviewer, source_name, source_fingerprint) "
                "VALUES (?, ?, ?, ?)",
                [now(), reviewer, Path(source).name, work],
            ).lastrowid
            result = Merger(ours, theirs, Path(source).name).run(merge_id, dry_run)
            if dry_run or result.nothing_new:
                ours.execute("ROLLBACK")
            else:
                ours.execute(
                    "UPDATE merges SET edits = ?, documents = ?, conflicts = ? WHERE id = ?",
                    [
                        result.edits_copied,
                        sum(1 for d in result.documents if d.new),
                        len(result.conflicts),
                        merge_id,
                    ],
                )
                ours.execute("COMMIT")
                result.merge_id = merge_id
        except BaseException:
            if ours.conn.in_transaction:
                ours.execute("ROLLBACK")
            raise
    if result.nothing_new:
        result.already = _earlier(ours, work)
    return result


def _earlier(ours: sqlite_utils.Database, work: str) -> str | None:
    row = ours.execute(
        "SELECT id, at, source_name FROM merges WHERE source_fingerprint = ? ORDER BY id DESC",
        [work],
    ).fetchone()
    return f"merge {row[0]} of {row[2]} at {row[1][:16].replace('T', ' ')}" if row else None
