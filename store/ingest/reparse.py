"""Parse a stored document again, in place, keeping everything a reviewer did.

``reparse_document`` merges a new parse of a document's text into the records
already stored for it, inside the caller's transaction:

* **Matching.** Stored records are paired with the new parse by number
  (``rec_no``; a judgement's inspectorate and ref), then by text and place
  (``store.ingest.record_match``). Actions are paired within their recommendation by
  owner and target, then text and place. A stored record is compared as the
  parser left it (each reviewer-edited field at the value the edit replaced),
  so a reviewer's correction neither pulls a different parsed record onto it
  nor pushes its own away, and parsing the same text twice changes nothing.
* **Paired records** take the new parse's values, except for every field a
  reviewer edited (an ``edits`` row by a person, not undone): that keeps the
  reviewer's value. A reviewer's target keeps its date and status with it.
  A record a reviewer added keeps every value they gave it; the parse only
  fills its empty fields. Review status, reviewer, reviewed_at and note are
  never touched. When the parse changes a record a reviewer has already
  reviewed, its warnings say which fields changed, so they can look again.
* **New records** are added as unreviewed, in their place in the order.
* **Records the new parse no longer finds** are never deleted. They get a
  warning (``NOT_FOUND``), and an unreviewed one is flagged, with a note
  saying why (``NOT_FOUND_NOTE``) and ``reviewer`` set to ``REPARSE_REVIEWER``,
  so it heads the queue: reject it if it was a parsing artefact. If a later
  parse finds it again, that flag is lifted (a reviewer's own status stays).
* **Actions**: a reviewer-edited or reviewer-added action is kept; an action
  a reviewer deleted does not come back; an untouched action the new parse no
  longer finds is removed, unless its recommendation was reviewed (then it
  stays, as the reviewer saw it). New actions are added in their place.
* Record ids do not change, so links, confirmed or not, stay attached (the
  importer links the document again afterwards, leaving reviewed ones alone).

Everything the merge writes is recorded in ``edits`` as one change by
``REPARSE_REVIEWER`` ('hmip-review (reparse)'): auditable, and never taken for
a reviewer's edit (nor undone by a reviewer's undo). New rows never reuse an id
the audit trail mentions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from extract.models import Action, ActionPlan, Document, IRPReport, Judgement, Recommendation
from store.ingest.judgement_links import WARNING_PREFIX as LINK_WARNING_PREFIX
from store.ingest.record_keys import MATCHERS, action_keys, action_similarity
from store.ingest.record_match import Item, merged_order, pair_up
from store.ingest.repeat_links import WARNING_PREFIX as REPEAT_WARNING
from store.ingest.reviewer_edits import ReviewHistory
from store.ingest.rows import action_values, judgement_values, recommendation_values
from store.plural import counted
from store.review.audit import REPARSE_REVIEWER, Change, now

WARNING_PREFIX = "re-parse: "
NOT_FOUND = WARNING_PREFIX + "not found by parser version {version}; kept so that nothing is lost"
NOT_FOUND_NOTE = (
    "Not found when the document was parsed again (parser version {version}); kept so that "
    "nothing is lost. Reject it if it was a parsing artefact, verify it if it is real."
)
_NOT_FOUND_START = NOT_FOUND.split("{", 1)[0]
_NOTE_START = NOT_FOUND_NOTE.split("{", 1)[0]
CHANGED = WARNING_PREFIX + "parser version {version} changed {fields} after review: check them"

# Fields that only say where a record is or how it was printed: a change to them
# alone is not worth a reviewer's second look.
_QUIET = frozenset({"span_start", "span_end", "rec_no_as_printed", "agreement_printed"})


@dataclass(frozen=True)
class MergeReport:
    """What a re-parse changed, for the import summary."""

    updated: int = 0  # records the new parse changed (fields or actions)
    added: int = 0  # records only the new parse has
    kept: int = 0  # records the new parse no longer finds, kept (and flagged)
    unchanged: int = 0
    reviewer_kept: int = 0  # reviewer's values kept where the new parse differs
    unflagged: int = 0  # records flagged by an earlier re-parse, found again

    def __str__(self) -> str:
        parts = [
            f"{self.updated} updated" if self.updated else "",
            f"{self.added} added" if self.added else "",
            f"{self.kept} kept (not found)" if self.kept else "",
            f"{self.unflagged} found again" if self.unflagged else "",
            f"{counted(self.reviewer_kept, 'reviewer edit')} kept" if self.reviewer_kept else "",
        ]
        return ", ".join(p for p in parts if p) or "no changes"


def reparse_document(
    db: sqlite_utils.Database,
    parsed: Document,
    document_id: int,
    document_values: dict[str, object],
    parser_version: str,
) -> MergeReport:
    """Merge ``parsed`` into stored document ``document_id`` (inside the caller's transaction).

    ``document_values`` are the document's columns as the importer would write
    them for this parse (no ``sha256``: the text is the same).
    """
    merger = _Merger(db, ReviewHistory.load(db, document_id), parser_version)
    merger.document(document_id, document_values)
    recs = parsed.recommendations if isinstance(parsed, ActionPlan) else []
    judgements = parsed.judgements if isinstance(parsed, IRPReport) else []
    merger.records(
        "recommendations", document_id, [_rec_values(r) for r in recs], [r.actions for r in recs]
    )
    merger.records("judgements", document_id, [_judgement_values(j) for j in judgements], None)
    merger.change.write_trail()
    return merger.report


# --------------------------------------------------------------------------- merging


@dataclass
class _Tally:
    updated: int = 0
    added: int = 0
    kept: int = 0
    unchanged: int = 0
    reviewer_kept: int = 0
    unflagged: int = 0


class _Merger:
    def __init__(self, db: sqlite_utils.Database, history: ReviewHistory, version: str):
        self.db = db
        self.history = history
        self.version = version
        self.change = Change(db, REPARSE_REVIEWER, now())
        self.tally = _Tally()
        self._next_ids: dict[str, int] = {}

    @property
    def report(self) -> MergeReport:
        return MergeReport(**vars(self.tally))

    # --- the document ------------------------------------------------------------

    def document(self, document_id: int, values: dict[str, object]) -> None:
        row = self.change.row("documents", document_id)
        values = dict(values)
        # imported_at keeps the first import's time: a re-parse that finds nothing
        # new writes nothing (the parser version it ran with is recorded if newer)
        values.pop("imported_at", None)
        links = [
            w
            for w in json.loads(row.get("warnings") or "[]")
            if str(w).startswith(LINK_WARNING_PREFIX)
        ]
        values["warnings"] = json.dumps(json.loads(str(values.get("warnings") or "[]")) + links)
        self._update("documents", row, values)

    # --- records -----------------------------------------------------------------

    def records(
        self,
        table: str,
        document_id: int,
        news: list[dict],
        actions: list[list[Action]] | None,
    ) -> None:
        """Merge one table's records of the document (recommendations with their actions)."""
        rows = list(
            self.db.query(
                f"SELECT * FROM {table} WHERE document_id = ? "
                "ORDER BY position IS NULL, position, id",
                [document_id],
            )
        )
        keys, similarity = MATCHERS[table]
        olds = []
        for index, row in enumerate(rows):
            parsed = self.history.as_parsed(table, row)  # compared with the new parse
            olds.append(Item(row["id"], keys(parsed), (parsed,), index, extra=row))
        items = [Item(i, keys(v), (v,), i) for i, v in enumerate(news)]
        pairs = pair_up(olds, items, similarity)
        new_ids: dict[int, int] = {}
        spare = max((r["position"] or 0 for r in rows), default=0) + len(news) + 1
        for i, values in enumerate(news):
            old = pairs.get(i)
            if old is None:
                row = values | {"document_id": document_id, "position": spare + i}
                row |= {"review_status": "unreviewed"}
                new_ids[i] = self._insert(table, row)
                for position, action in enumerate(actions[i] if actions else [], start=1):
                    self._insert(
                        "actions",
                        action_values(action)
                        | {"recommendation_id": new_ids[i], "position": position},
                    )
                self.tally.added += 1
            else:
                self._merge_record(table, old.extra, values, actions[i] if actions else None)
        paired = {o.ref for o in pairs.values()}
        for row in rows:
            if row["id"] not in paired:
                self._keep_not_found(table, row)
        order = merged_order(
            [r["id"] for r in rows], {i: o.ref for i, o in pairs.items()}, range(len(news))
        )
        self.change.renumber(
            table,
            {(ref if kind == "old" else new_ids[ref]): n for n, (kind, ref) in enumerate(order, 1)},
        )

    def _merge_record(
        self, table: str, row: dict, values: dict, actions: list[Action] | None
    ) -> None:
        reviewed = row["review_status"] != "unreviewed" and row["reviewer"] != REPARSE_REVIEWER
        changed = set(self._update(table, row, values))
        if actions is not None and self._actions(row["id"], actions, keep_unfound=reviewed):
            changed.add("actions")
        linker = [w for w in json.loads(row["warnings"] or "[]") if w.startswith(REPEAT_WARNING)]
        warnings = list(values["warnings"]) + linker  # the linker's: it sets them again after
        loud = sorted(changed - _QUIET - {"warnings"})
        if reviewed and loud:
            fields = ", ".join(name.replace("_", " ") for name in loud)
            warnings.append(CHANGED.format(version=self.version, fields=fields))
        status: dict[str, object] = {"warnings": json.dumps(warnings)}
        if row["reviewer"] == REPARSE_REVIEWER and row["review_status"] == "flagged":
            # flagged by an earlier re-parse that could not find it; found again now
            status |= {"review_status": "unreviewed", "reviewer": None, "reviewed_at": None}
            if (row["note"] or "").startswith(_NOTE_START):
                status["note"] = None
            self.tally.unflagged += 1
        self.change.update(table, row["id"], status)
        if loud:
            self.tally.updated += 1
        else:
            self.tally.unchanged += 1

    def _keep_not_found(self, table: str, row: dict) -> None:
        """A stored record the new parse does not find: kept, with a warning (and flagged)."""
        if (table, row["id"]) in self.history.inserted:
            return  # a record a reviewer added: theirs, not the parser's
        warnings = [
            w
            for w in json.loads(row["warnings"] or "[]")
            if not str(w).startswith(_NOT_FOUND_START)
        ]
        warnings.append(NOT_FOUND.format(version=self.version))
        values: dict[str, object] = {"warnings": json.dumps(warnings)}
        if row["review_status"] == "unreviewed":
            values |= {
                "review_status": "flagged",
                "reviewer": REPARSE_REVIEWER,
                "reviewed_at": self.change.at,
            }
            if not row["note"]:
                values["note"] = NOT_FOUND_NOTE.format(version=self.version)
        self.change.update(table, row["id"], values)
        self.tally.kept += 1

    # --- actions -------------------------------------------------------------------

    def _actions(self, recommendation_id: int, actions: list[Action], *, keep_unfound: bool):
        """Merge one recommendation's actions; True when anything changed."""
        rows = list(
            self.db.query(
                "SELECT * FROM actions WHERE recommendation_id = ? ORDER BY position, id",
                [recommendation_id],
            )
        )
        deleted = self.history.deleted_actions.get(recommendation_id, [])
        olds = []
        for index, row in enumerate(rows):
            parsed = self.history.as_parsed("actions", row)  # compared with the new parse
            olds.append(Item(row["id"], action_keys(parsed), (parsed,), index, extra=row))
        for n, row in enumerate(deleted):
            index = (row.get("position") or 1) - 1
            olds.append(Item(("deleted", n), action_keys(row), (row,), index, True))
        news = [action_values(a) for a in actions]
        items = [Item(i, action_keys(v), (v,), i) for i, v in enumerate(news)]
        pairs = pair_up(olds, items, action_similarity)
        changed = False
        new_ids: dict[int, int] = {}
        spare = max((r["position"] for r in rows), default=0) + len(news) + 1
        for i, values in enumerate(news):
            old = pairs.get(i)
            if old is not None and old.deleted:
                self.tally.reviewer_kept += 1  # a reviewer deleted it: it stays deleted
            elif old is not None:
                changed |= bool(self._update("actions", old.extra, values))
            else:
                row = values | {"recommendation_id": recommendation_id, "position": spare + i}
                new_ids[i] = self._insert("actions", row)
                changed = True
        paired = {o.ref for o in pairs.values()}
        kept = []
        for row in rows:
            if row["id"] in paired or keep_unfound or self.history.touched("actions", row["id"]):
                kept.append(row["id"])
            else:
                self.change.delete("actions", row["id"])
                changed = True
        order = merged_order(kept, {i: o.ref for i, o in pairs.items()}, range(len(news)))
        self.change.renumber(
            "actions",
            {(ref if kind == "old" else new_ids[ref]): n for n, (kind, ref) in enumerate(order, 1)},
        )
        return changed

    # --- writing ---------------------------------------------------------------------

    def _update(self, table: str, row: dict, values: dict) -> dict[str, object]:
        """Write the parse's values except a reviewer's; return what changed."""
        mine = self.history.fields(table, row["id"])
        apply = {}
        for name, value in values.items():
            if name == "warnings" and table != "documents":
                continue  # set with the record's own warnings
            if name in mine:
                if row.get(name) != value:
                    self.tally.reviewer_kept += 1
                continue
            apply[name] = value
        return self.change.update(table, row["id"], apply)

    def _insert(self, table: str, values: dict) -> int:
        """Insert a row under an id no row of the table, nor its audit trail, ever had."""
        if table not in self._next_ids:
            self._next_ids[table] = (
                max(
                    self.db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0],
                    self.db.execute(
                        "SELECT COALESCE(MAX(row_id), 0) FROM edits WHERE table_name = ?", [table]
                    ).fetchone()[0],
                )
                + 1
            )
        row_id = self._next_ids[table]
        self._next_ids[table] += 1
        values = {k: (json.dumps(v) if k == "warnings" else v) for k, v in values.items()}
        return self.change.insert(table, {"id": row_id, **values})


# --------------------------------------------------------------------------- values


def _rec_values(rec: Recommendation) -> dict:
    return recommendation_values(rec) | {"warnings": list(rec.warnings)}


def _judgement_values(judgement: Judgement) -> dict:
    return judgement_values(judgement) | {"warnings": list(judgement.warnings)}
