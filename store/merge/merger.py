"""One merge, start to end, inside one transaction of ours (see ``store.merge``)."""

from __future__ import annotations

import itertools

import sqlite_utils

from store.domain import WHOLE_ROW
from store.merge import order
from store.merge.decide import Decider, Found, Outcome
from store.merge.flags import Placed, record_conflicts
from store.merge.history import MERGE_REVIEWER, Edit, histories, load_edits, same, split
from store.merge.moves import delete_record, move_action
from store.merge.pairing import Pairing
from store.merge.rows import LINKS, Row
from store.merge.summary import DocumentCounts, MergeResult
from store.merge.trail import copy_edits
from store.merge.whole import copy_documents, copy_links_of_new_documents
from store.review.audit import Change, now
from store.review.queue import document_label

# What an added row holds beside its content: compared when both sides added one.
_NOT_CONTENT = frozenset({"id", "position", "reviewer", "reviewed_at", "recorded_at"})

_PARENT = {
    "recommendations": ("document_id", "documents"),
    "judgements": ("document_id", "documents"),
    "actions": ("recommendation_id", "recommendations"),
}


class Merger:
    """Brings the review work of ``theirs`` into ``ours`` (the caller holds the transaction)."""

    def __init__(self, ours: sqlite_utils.Database, theirs: sqlite_utils.Database, source: str):
        self.ours, self.theirs, self.source = ours, theirs, source
        self.current = Change(ours, MERGE_REVIEWER, now())
        self.counts: dict[int | None, DocumentCounts] = {}
        self.placed: list[Placed] = []
        self.reordered: set[tuple[str, int]] = set()  # (table, our parent) to put in order
        self.placeholders = itertools.count()
        self.deferred: list[tuple[str, Row, Row, int | None]] = []  # records they deleted

    # --- the whole merge ------------------------------------------------------------

    def run(self, merge_id: int, dry_run: bool) -> MergeResult:
        our_edits, their_edits = load_edits(self.ours), load_edits(self.theirs)
        self.theirs_split = split(their_edits, our_edits)
        ours_split = split(our_edits, their_edits)
        their_histories = histories(self.theirs_split.unshared)
        self.decider = Decider(_latest(our_edits))
        self.pairing = Pairing(self.ours, self.theirs, histories(ours_split.unshared),
                               their_histories)  # fmt: skip
        self.pairing.load(self._touched_documents())
        for our_doc, copied in copy_documents(self.ours, self.pairing).items():
            counts = self._counts(our_doc)
            counts.new, counts.added = True, sum(copied.values())
        self._documents()
        for table in ("recommendations", "judgements", "actions"):
            for theirs, ours in self.pairing.pairs[table]:
                self._apply(table, theirs, ours, self.decider.row(table, theirs, ours))
            for theirs in self.pairing.unpaired[table]:
                self._maybe_insert(table, theirs)
        copy_links_of_new_documents(self.ours, self.pairing)
        for table in LINKS:
            self._links(table)
        for table, theirs, ours, doc in self.deferred:  # once their actions and links moved
            delete_record(self, table, theirs, ours, doc)
        self._settle_order()
        result = MergeResult(self.source, dry_run)
        result.conflicts = record_conflicts(self.current, self.placed, merge_id, self.source)
        change_id = self.current.write_trail()
        if change_id is not None:
            self.ours.execute(
                "UPDATE edits SET merged_from = ? WHERE change_id = ?", [merge_id, change_id]
            )
        first = self.ours.execute("SELECT COALESCE(MAX(change_id), 0) + 1 FROM edits").fetchone()
        result.edits_copied = copy_edits(
            self.ours, self.theirs_split, self.pairing, merge_id, first[0]
        )
        result.documents = [c for c in self._labelled() if c.changed]
        return result

    # --- which documents their work touches -------------------------------------------

    def _touched_documents(self) -> set[int]:
        edits = [e for e in self.theirs_split.unshared if e.by_person]
        if not edits:
            return set()
        rec_doc = dict(self.theirs.execute("SELECT id, document_id FROM recommendations"))
        judgement_doc = dict(self.theirs.execute("SELECT id, document_id FROM judgements"))
        action_rec = dict(self.theirs.execute("SELECT id, recommendation_id FROM actions"))
        links = {
            table: {r[0]: r[1:] for r in self.theirs.execute(
                f"SELECT rowid, {LINKS[table][0][0]}, {LINKS[table][1][0]} FROM {table}")}
            for table in LINKS if self.theirs[table].exists()
        }  # fmt: skip
        found: set = set()
        for edit in edits:
            row = edit.old if isinstance(edit.old, dict) else edit.new
            row = row if isinstance(row, dict) else {}
            if edit.table == "documents":
                found.add(edit.row_id)
            elif edit.table == "recommendations":
                found.add(rec_doc.get(edit.row_id, row.get("document_id")))
            elif edit.table == "judgements":
                found.add(judgement_doc.get(edit.row_id, row.get("document_id")))
            elif edit.table == "actions":
                rec = action_rec.get(edit.row_id, row.get("recommendation_id"))
                found.add(rec_doc.get(rec))
            elif edit.table in links:
                (a, a_table), (b, _) = LINKS[edit.table]
                ends = links[edit.table].get(edit.row_id) or (row.get(a), row.get(b))
                first = rec_doc if a_table == "recommendations" else judgement_doc
                found.update({first.get(ends[0]), rec_doc.get(ends[1])})
        found.discard(None)
        return found

    # --- rows ---------------------------------------------------------------------

    def _documents(self) -> None:
        ours = self.pairing.ours.of("documents")
        for their_id, theirs in self.pairing.theirs.of("documents").items():
            mine = ours.get(self.pairing.doc_map.get(their_id))
            if mine is not None:
                self._apply("documents", theirs, mine, self.decider.row("documents", theirs, mine))

    def _apply(self, table: str, theirs: Row, ours: Row, outcome: Outcome) -> None:
        doc = self._document_of(table, ours.values)
        counts = self._counts(doc)
        if outcome.values:
            self.current.update(table, ours.id, outcome.values)
            if "review_status" in outcome.values:
                counts.statuses += 1
            counts.fields += len(set(outcome.values) - {"review_status", "reviewer", "reviewed_at"})
        if outcome.delete and table in ("recommendations", "judgements"):
            self.deferred.append((table, theirs, ours, doc))
        elif outcome.delete:
            self.current.delete(table, ours.id)
            counts.removed += 1
            self._parent_changed(table, ours.values)
        if table == "actions":
            move_action(self, theirs, ours)
        for found in outcome.conflicts:
            self.conflict(table, found, ours.values, doc)
        if table in _PARENT and _moved(theirs):
            self._parent_changed(table, ours.values)

    def _maybe_insert(self, table: str, theirs: Row) -> None:
        history = theirs.history
        if theirs.ghost or history is None or not history.inserted:
            return
        if not history.person_inserted and not history.person_fields():
            return  # a row their re-parse added, nobody reviewed: ours gets it by its own
        # (a row their newer parser added that their reviewer then reviewed comes in, with
        # that review: a re-parse here later finds it stored and keeps it)
        column, parent_table = _PARENT[table]
        parent = theirs.values.get(column)
        if parent is not None:
            parent = self.pairing.map[parent_table].get(parent)
            if parent is None:
                return  # its parent is not in ours (nor brought in)
            if self.current.row(parent_table, parent) is None:  # ours deleted the parent
                self._lost(table, theirs, parent_table, parent)
                return
        twin = self._added_here_alike(table, theirs, column, parent)
        if twin is not None:  # both added the same row (the same split, say): it is one row
            self.pairing.map[table][theirs.id] = twin
            return
        values = {k: v for k, v in theirs.values.items() if k != "id"}
        values[column] = parent
        if values.get("position") is not None:
            values["position"] = order.PLACEHOLDER - next(self.placeholders)
        our_id = self.current.insert(table, _known(self.ours, table, values))
        self.pairing.map[table][theirs.id] = our_id
        self._counts(self._document_of(table, values)).added += 1
        self._parent_changed(table, values)

    def _added_here_alike(self, table: str, theirs: Row, column: str, parent) -> int | None:
        """A row a reviewer of ours added since the files last agreed, under the same parent
        and holding what their added row holds (who and when aside), not yet taken for
        another row of theirs: the same addition made on both sides."""
        claimed = set(self.pairing.map[table].values())
        for mine in self.pairing.ours.of(table).values():
            history = mine.history
            if (mine.ghost or history is None or not history.person_inserted
                    or mine.id in claimed or mine.values.get(column) != parent):  # fmt: skip
                continue
            if all(same(value, mine.values.get(name)) for name, value in theirs.values.items()
                   if name not in _NOT_CONTENT and name != column):  # fmt: skip
                return mine.id
        return None

    def _links(self, table: str) -> None:
        (a, a_table), (b, b_table) = LINKS[table]
        theirs_rows = list(self.pairing.theirs.of(table).values())
        ends: dict[str, set[int]] = {a_table: set(), b_table: set()}
        for row in theirs_rows:
            ends[a_table].add(row.values.get(a))
            ends[b_table].add(row.values.get(b))
        self.pairing.load_records_of(ends)  # the documents their ends are in, in one go
        theirs_by_ends: dict[tuple, Row] = {}
        for row in theirs_rows:
            # finding an end may read another document (and its links) on both sides
            key = (self.pairing.record(a_table, row.values.get(a)),
                   self.pairing.record(b_table, row.values.get(b)))  # fmt: skip
            if None in key:
                continue
            if key not in theirs_by_ends or theirs_by_ends[key].ghost:
                theirs_by_ends[key] = row
        ours_by_ends: dict[tuple, Row] = {}
        for row in self.pairing.ours.of(table).values():
            key = (row.values.get(a), row.values.get(b))
            if key not in ours_by_ends or ours_by_ends[key].ghost:
                ours_by_ends[key] = row
        for key, theirs in theirs_by_ends.items():
            ours = ours_by_ends.get(key)
            if ours is not None:
                self.pairing.map[table][theirs.id] = ours.id
                self._apply(table, theirs, ours, self.decider.row(table, theirs, ours))
                continue
            if theirs.ghost or theirs.history is None or not theirs.history.person_inserted:
                continue
            gone = [(t, k) for t, k in ((a_table, key[0]), (b_table, key[1]))
                    if self.current.row(t, k) is None]  # fmt: skip
            if gone:  # ours deleted a record it links
                self._lost(table, theirs, *gone[0])
                continue
            values = {k: v for k, v in theirs.values.items() if k != "rowid"}
            values[a], values[b] = key
            our_id = self.current.insert(table, _known(self.ours, table, values))
            self.pairing.map[table][theirs.id] = our_id
            self._counts(self._document_of(table, values)).added += 1

    # --- conflicts, order, counts ----------------------------------------------------

    def conflict(self, table: str, found: Found, row: dict, doc: int | None) -> None:
        if table in ("recommendations", "judgements"):
            record = (table, found.row_id)
        elif table == "actions":
            record = ("recommendations", row.get("recommendation_id"))
        elif table in LINKS:
            (a, a_table), _ = LINKS[table]
            record = (a_table, row.get(a))
        else:  # a document's field: flag nothing, list it
            record = ("recommendations", None)
        self._counts(doc).conflicts += 1
        self.placed.append(Placed(found, record[0], record[1], self._label(doc)))

    def _lost(self, table: str, theirs: Row, parent_table: str, parent: int) -> None:
        """A row they added to a record ours deleted: listed as a conflict, not added."""
        history = theirs.history
        edit = history.last.get(WHOLE_ROW) if history is not None else None
        found = Found(table, -abs(theirs.id), WHOLE_ROW, None, dict(theirs.values), None, edit,
                      dict(theirs.values))  # fmt: skip
        ghost = self.pairing.ours.of(parent_table).get(parent)
        doc = ghost.values.get("document_id") if ghost is not None else None
        self._counts(doc).conflicts += 1
        self.placed.append(Placed(found, parent_table, None, self._label(doc)))

    def _parent_changed(self, table: str, values: dict) -> None:
        if table in _PARENT and values.get(_PARENT[table][0]) is not None:
            self.reordered.add((table, values[_PARENT[table][0]]))

    def _settle_order(self) -> None:
        """Put each parent whose rows were added, deleted or moved in order: theirs when
        only they moved rows (``store.merge.order``), else ours."""
        for table, parent in sorted(self.reordered):
            column, parent_table = _PARENT[table]
            theirs = [r for r in self.pairing.theirs.of(table).values()
                      if not r.ghost and self.pairing.map[parent_table].get(
                          r.values.get(column)) == parent]  # fmt: skip
            ours = [r for r in self.pairing.ours.of(table).values()
                    if r.values.get(column) == parent]  # fmt: skip
            follow = any(_moved(r) for r in theirs) and not any(_moved(r) for r in ours)
            theirs.sort(key=lambda r: r.values.get("position") or 0)
            mapped = [self.pairing.map[table].get(r.id) for r in theirs]
            order.settle(
                self.current, table, column, parent, [m for m in mapped if m is not None],
                follow_theirs=follow,
            )  # fmt: skip

    def _document_of(self, table: str, values: dict) -> int | None:
        if table == "documents":
            return values.get("id")
        if table in ("recommendations", "judgements"):
            return values.get("document_id")
        if table == "actions":
            row = self.ours.execute(
                "SELECT document_id FROM recommendations WHERE id = ?",
                [values.get("recommendation_id")],
            ).fetchone()
            return row[0] if row else None
        (a, a_table), _ = LINKS[table]
        return self._document_of(a_table, self.current.row(a_table, values.get(a)) or {})

    def counts_of(self, table: str, values: dict) -> DocumentCounts:
        """The counts of the document a row of ours belongs to."""
        return self._counts(self._document_of(table, values))

    def _counts(self, doc: int | None) -> DocumentCounts:
        if doc not in self.counts:
            self.counts[doc] = DocumentCounts(doc)
        return self.counts[doc]

    def _label(self, doc: int | None) -> str:
        if doc is None:
            return "recorded by hand"
        row = self.ours.execute(
            "SELECT establishment, kind, published, inspection_year FROM documents WHERE id = ?",
            [doc],
        ).fetchone()
        if row is None:
            return f"document {doc}"
        names = ("establishment", "kind", "published", "inspection_year")
        return document_label(dict(zip(names, row, strict=True)))

    def _labelled(self) -> list[DocumentCounts]:
        for doc, counts in self.counts.items():
            counts.label = self._label(doc)
        return sorted(self.counts.values(), key=lambda c: (c.document_id is None, c.label))


def _moved(row: Row) -> bool:
    """A person moved the row (or added one before it) since the files last agreed."""
    return row.history is not None and "position" in row.history.person_fields()


def _latest(edits: list[Edit]) -> dict[tuple[str, int, str], Edit]:
    """The latest edit of each field of each row (a whole-row edit counts for every field)."""
    latest: dict[tuple[str, int, str], Edit] = {}
    for edit in edits:
        if edit.field == WHOLE_ROW and isinstance(edit.new, dict):
            for name in edit.new:
                latest[(edit.table, edit.row_id, name)] = edit
        else:
            latest[(edit.table, edit.row_id, edit.field)] = edit
    return latest


def _known(db: sqlite_utils.Database, table: str, values: dict) -> dict:
    columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
    return {k: v for k, v in values.items() if k in columns}
