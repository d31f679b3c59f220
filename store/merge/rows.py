"""The rows a merge compares, read from one file, and how a row of one file is found in the other.

``read_rows`` reads the rows of some documents (by id) of one file: their
recommendations, actions and judgements, every judgement recorded by hand,
and the links (judgement and repeat links) touching any of them. Rows an
unshared edit deleted are added back as *ghosts* (``ghost=True``), from the
edit that deleted them, so that a delete on one side meets an edit on the other.

``pair`` finds which row of ours each row of theirs is, within one parent
(a document's records, a recommendation's actions). Rows are compared as they
were when the two files last agreed (their *base*: each field before the
first unshared edit), so that neither side's later edits pull a row away.
First rows alike in every identifying column, one of each; then what is left
by the re-parse matcher (``store.ingest.record_match.pair_up``: number, text
and place), so that a document parsed by another parser version on one side
still pairs. A row added by an unshared edit has no base: it is new to the other side.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from store.ingest.record_keys import MATCHERS
from store.ingest.record_match import Item, normal, pair_up
from store.merge.history import RowHistory

# The link tables (two record columns each), merged alike: a row is the pair it links.
LINKS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "judgement_links": (("judgement_id", "judgements"), ("recommendation_id", "recommendations")),
    "repeat_links": (
        ("recommendation_id", "recommendations"),
        ("earlier_recommendation_id", "recommendations"),
    ),
}
RECORDS = ("recommendations", "judgements")
# The columns that identify a row as its parser (or the reviewer who added it) left it.
IDENTITY = {
    "recommendations": ("position", "span_start", "span_end", "rec_no"),
    "judgements": ("position", "span_start", "span_end", "inspectorate", "ref"),
    "actions": ("position", "owner", "target", "span_start", "span_end"),
    "by_hand": ("recorded_at", "inspectorate", "judgement", "judged_on", "text"),
}


@dataclass
class Row:
    table: str
    id: int
    values: dict
    history: RowHistory | None
    ghost: bool = False

    @property
    def base(self) -> dict | None:
        """The row when the files last agreed; None for a row added since."""
        if self.history is None:
            return self.values
        if self.history.inserted:
            return None
        return {**self.values, **self.history.base}


@dataclass
class Rows:
    """One file's rows of some documents: {table: {id: Row}}."""

    tables: dict[str, dict[int, Row]]

    def of(self, table: str) -> dict[int, Row]:
        return self.tables.setdefault(table, {})


def read_rows(
    db: sqlite_utils.Database,
    document_ids: Iterable[int],
    histories: dict[tuple[str, int], RowHistory],
    action_recs: Iterable[int] = (),
) -> Rows:
    """The rows of ``document_ids`` (and every judgement recorded by hand) with their ghosts;
    actions only of the recommendations ``action_recs`` (those a merge must look into)."""
    for name, ids in (("merge_docs", document_ids), ("merge_recs", action_recs)):
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        db.execute(f"DELETE FROM temp.{name}")
        db.conn.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", [(i,) for i in ids])
    found = Rows({})
    document_columns = ", ".join(
        name for (name,) in db.execute("SELECT name FROM pragma_table_info('documents')")
        if name != "text"  # the text is never merged (its sha256 is what matched)
    )  # fmt: skip
    queries = {
        "documents": f"SELECT {document_columns} FROM documents "
        "WHERE id IN (SELECT id FROM temp.merge_docs)",
        "recommendations": "SELECT * FROM recommendations "
        "WHERE document_id IN (SELECT id FROM temp.merge_docs)",
        "actions": "SELECT * FROM actions WHERE recommendation_id IN (SELECT id FROM temp.merge_recs)",
        "judgements": "SELECT * FROM judgements "
        "WHERE document_id IS NULL OR document_id IN (SELECT id FROM temp.merge_docs)",
    }
    for table, sql in queries.items():
        rows = found.of(table)
        for values in _dicts(db, sql):
            rows[values["id"]] = Row(
                table, values["id"], values, histories.get((table, values["id"]))
            )
    records = {
        "recommendations": "SELECT id FROM recommendations "
        "WHERE document_id IN (SELECT id FROM temp.merge_docs)",
        "judgements": "SELECT id FROM judgements "
        "WHERE document_id IS NULL OR document_id IN (SELECT id FROM temp.merge_docs)",
    }
    for table, ((a, a_table), (b, b_table)) in LINKS.items():
        if not db[table].exists():
            continue
        rows = found.of(table)
        sql = (
            f"SELECT rowid AS rowid, * FROM {table} WHERE {a} IN ({records[a_table]}) "
            f"UNION SELECT rowid AS rowid, * FROM {table} WHERE {b} IN ({records[b_table]})"
        )
        for values in _dicts(db, sql):
            rows[values["rowid"]] = Row(
                table, values["rowid"], values, histories.get((table, values["rowid"]))
            )
    _add_ghosts(found, histories)
    return found


def read_actions(
    db: sqlite_utils.Database, rec_ids: Iterable[int], histories: dict[tuple[str, int], RowHistory]
) -> dict[int, Row]:
    """The actions of these recommendations, with those an unshared edit deleted."""
    wanted = set(rec_ids)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS merge_recs (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.merge_recs")
    db.conn.executemany("INSERT INTO temp.merge_recs VALUES (?)", [(i,) for i in wanted])
    rows = {
        values["id"]: Row("actions", values["id"], values, histories.get(("actions", values["id"])))
        for values in _dicts(
            db, "SELECT * FROM actions WHERE recommendation_id IN (SELECT id FROM temp.merge_recs)"
        )
    }
    for (table, row_id), history in histories.items():
        if (
            table == "actions" and history.deleted is not None and not history.inserted
            and row_id not in rows and history.deleted.get("recommendation_id") in wanted
        ):  # fmt: skip
            rows[row_id] = Row(table, row_id, {**history.deleted}, history, ghost=True)
    return rows


def _dicts(db: sqlite_utils.Database, sql: str) -> list[dict]:
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _add_ghosts(found: Rows, histories: dict[tuple[str, int], RowHistory]) -> None:
    """Rows an unshared edit deleted whose parent is among the rows read."""
    parents = {
        "recommendations": ("document_id", "documents"),
        "judgements": ("document_id", "documents"),
        "actions": ("recommendation_id", "recommendations"),
    }
    for (table, row_id), history in histories.items():
        if history.deleted is None or history.inserted or row_id in found.of(table):
            continue
        values = {**history.deleted}
        if table in parents:
            column, parent = parents[table]
            if values.get(column) not in found.of(parent) and values.get(column) is not None:
                continue
        elif table in LINKS:
            (a, a_table), (b, b_table) = LINKS[table]
            if values.get(a) not in found.of(a_table) and values.get(b) not in found.of(b_table):
                continue
        else:
            continue
        found.of(table)[row_id] = Row(table, row_id, values, history, ghost=True)


# --- pairing ------------------------------------------------------------------------


def pair(table: str, ours: list[Row], theirs: list[Row]) -> dict[int, Row]:
    """{their row id: our row} for the rows of one parent (unpaired rows are absent)."""
    identity = IDENTITY[table]
    ours_based = [r for r in ours if r.base is not None]
    theirs_based = [r for r in theirs if r.base is not None]

    def key(row: Row) -> tuple:
        base = row.base
        return tuple(normal(v) if isinstance(v := base.get(c), str) else v for c in identity)

    our_keyed = [(key(r), r) for r in ours_based]
    their_keyed = [(key(r), r) for r in theirs_based]
    our_keys = Counter(k for k, _ in our_keyed)
    their_keys = Counter(k for k, _ in their_keyed)
    by_key = {k: r for k, r in our_keyed if our_keys[k] == 1}
    pairs: dict[int, Row] = {}
    for k, row in their_keyed:
        if their_keys[k] == 1 and k in by_key:
            pairs[row.id] = by_key[k]
    taken = {id(r) for r in pairs.values()}
    left_ours = [r for r in ours_based if id(r) not in taken]
    left_theirs = [r for r in theirs_based if r.id not in pairs]
    if left_ours and left_theirs and table != "by_hand":
        keys, similar = MATCHERS[table]
        olds = [Item(i, keys(r.base), (r.base,), r.base.get("position") or 0)
                for i, r in enumerate(left_ours)]  # fmt: skip
        news = [Item(r.id, keys(r.base), (r.base,), r.base.get("position") or 0)
                for r in left_theirs]  # fmt: skip
        for their_id, old in pair_up(olds, news, similar).items():
            pairs[their_id] = left_ours[old.ref]
    return pairs


def children(rows: dict[int, Row], column: str, *, base: bool = False) -> dict[object, list[Row]]:
    """The rows grouped by a parent column, in position order; with ``base``, by the parent
    they had when the files last agreed (an action since moved to another record is
    still found where the other file has it)."""
    groups: dict[object, list[Row]] = defaultdict(list)
    for row in rows.values():
        values = (row.base or row.values) if base else row.values
        groups[values.get(column)].append(row)
    for group in groups.values():
        group.sort(key=lambda r: (r.values.get("position") is None, r.values.get("position") or 0))
    return groups
