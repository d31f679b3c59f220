"""Which row of ours each row of theirs is: documents by ``sha256``, the rest by place.

Documents are the same document when their text is (``sha256``); a document
only they have is brought in whole (``store.merge.whole``). Within a document
held by both, records are paired (``store.merge.rows.pair``), and within a
pair of recommendations, their actions. Judgements recorded by hand (no
document) are paired by when and what was recorded. Documents are paired when
first needed, so a merge reads only the documents their unshared work touches
(and those a link of it points into).
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

from store.merge.history import RowHistory
from store.merge.rows import Row, Rows, children, pair, read_actions, read_rows


class Pairing:
    def __init__(
        self,
        ours: sqlite_utils.Database,
        theirs: sqlite_utils.Database,
        our_histories: dict[tuple[str, int], RowHistory],
        their_histories: dict[tuple[str, int], RowHistory],
    ) -> None:
        self.ours_db, self.theirs_db = ours, theirs
        self.our_histories, self.their_histories = our_histories, their_histories
        ours_by_sha = dict(ours.execute("SELECT sha256, id FROM documents").fetchall())
        self.doc_map: dict[int, int] = {}
        self.only_theirs: list[int] = []
        for sha, their_id in theirs.execute("SELECT sha256, id FROM documents ORDER BY id"):
            if sha in ours_by_sha:
                self.doc_map[their_id] = ours_by_sha[sha]
            else:
                self.only_theirs.append(their_id)
        self.ours, self.theirs = Rows({}), Rows({})
        self.map: dict[str, dict[int, int]] = defaultdict(dict)
        self.map["documents"] = dict(self.doc_map)
        self.pairs: dict[str, list[tuple[Row, Row]]] = defaultdict(list)
        self.unpaired: dict[str, list[Row]] = defaultdict(list)  # theirs with no row of ours
        self.copied: dict[str, set[int]] = defaultdict(set)  # their rows brought in whole
        self.loaded: set[int] = set()
        self._by_hand_done = False
        self._action_recs: set[int] | None = None

    # --- loading ------------------------------------------------------------------

    def load(self, their_doc_ids: set[int]) -> None:
        """Read and pair the rows of these documents of theirs (those both files hold)."""
        todo = sorted(d for d in their_doc_ids if d in self.doc_map and d not in self.loaded)
        if not todo and self._by_hand_done:
            return
        self.loaded.update(todo)
        their_recs = self._worked_on(todo)
        theirs = read_rows(self.theirs_db, todo, self.their_histories, their_recs)
        ours = read_rows(self.ours_db, [self.doc_map[d] for d in todo], self.our_histories)
        for table, rows in theirs.tables.items():
            self.theirs.of(table).update(rows)
        for table, rows in ours.tables.items():
            self.ours.of(table).update(rows)
        for their_id in todo:
            self.map["documents"][their_id] = self.doc_map[their_id]
        self._pair_records(theirs, ours, set(todo))

    def _worked_on(self, docs: list[int]) -> set[int]:
        """Their recommendations in ``docs`` whose actions their unshared edits touch."""
        if self._action_recs is None:
            ids = [row_id for table, row_id in self.their_histories if table == "actions"]
            found: set[int] = set()
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                found.update(
                    r for (r,) in self.theirs_db.execute(
                        "SELECT DISTINCT recommendation_id FROM actions WHERE id IN "
                        f"({', '.join('?' for _ in part)})", part
                    )
                )  # fmt: skip
            for (table, _), history in self.their_histories.items():
                if table == "actions" and history.deleted is not None:
                    found.add(history.deleted.get("recommendation_id"))
                if table == "actions":  # where it was before a move
                    found.add(history.base.get("recommendation_id"))
            self._action_recs = found
        in_docs = self.theirs_db.execute(
            f"SELECT id FROM recommendations WHERE document_id IN ({', '.join('?' for _ in docs)})",
            docs,
        ).fetchall() if docs else []  # fmt: skip
        return {r for (r,) in in_docs if r in self._action_recs}

    def _pair_records(self, theirs: Rows, ours: Rows, docs: set[int]) -> None:
        for table in ("recommendations", "judgements"):
            their_groups = children(theirs.of(table), "document_id")
            our_groups = children(ours.of(table), "document_id")
            for their_doc in docs:
                self._pair_group(
                    table, table, their_groups.get(their_doc, []),
                    our_groups.get(self.doc_map[their_doc], []),
                )  # fmt: skip
        if not self._by_hand_done:
            self._by_hand_done = True
            self._pair_group(
                "judgements", "by_hand",
                children(theirs.of("judgements"), "document_id").get(None, []),
                children(ours.of("judgements"), "document_id").get(None, []),
            )  # fmt: skip
        their_actions = children(theirs.of("actions"), "recommendation_id", base=True)
        # our actions are read only for the recommendations their work touches
        recs = self.map["recommendations"]
        mine = read_actions(self.ours_db, [recs[r] for r in their_actions if r in recs],
                            self.our_histories)  # fmt: skip
        self.ours.of("actions").update(mine)
        our_actions = children(mine, "recommendation_id", base=True)
        for their_rec, rows in their_actions.items():
            if not any(r.history is not None for r in rows):
                continue  # no work of theirs on these actions: nothing to decide or map
            our_rec = self.map["recommendations"].get(their_rec)
            if our_rec is None:
                self.unpaired["actions"].extend(rows)
                continue
            self._pair_group("actions", "actions", rows, our_actions.get(our_rec, []))

    def _pair_group(self, table: str, how: str, theirs: list[Row], ours: list[Row]) -> None:
        found = pair(how, ours, theirs)
        for row in theirs:
            mine = found.get(row.id)
            if mine is None:
                self.unpaired[table].append(row)
            else:
                self.map[table][row.id] = mine.id
                self.pairs[table].append((row, mine))

    # --- lookups --------------------------------------------------------------------

    def load_records_of(self, ends: dict[str, set[int]]) -> None:
        """Read, in one go, the documents of these records of theirs ({table: ids})."""
        docs: set[int] = set()
        for table, ids in ends.items():
            if table not in ("recommendations", "judgements"):
                continue
            wanted = [i for i in ids if i is not None and i not in self.map[table]]
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                docs.update(
                    d for (d,) in self.theirs_db.execute(
                        f"SELECT DISTINCT document_id FROM {table} WHERE id IN "
                        f"({', '.join('?' for _ in part)}) AND document_id IS NOT NULL", part
                    )
                )  # fmt: skip
        self.load(docs)

    def record(self, table: str, their_id: int | None) -> int | None:
        """Our id of their record ``their_id`` (its document read and paired if need be)."""
        if their_id is None:
            return None
        found = self.map[table].get(their_id)
        if found is not None or table not in ("recommendations", "judgements"):
            return found
        row = self.theirs_db.execute(
            f"SELECT document_id FROM {table} WHERE id = ?", [their_id]
        ).fetchone()
        if row is not None and row[0] is not None and row[0] not in self.loaded:
            self.load({row[0]})
        return self.map[table].get(their_id)
