"""The two ``edits`` logs side by side: which edits both files have, which only one has.

An edit is recognised across files by its ``origin``, a random id written with
it and kept by every merge that copies it (schema 10 on). An edit written
before that has none, and is recognised by what it did, not by its row id (the
two files may number their rows differently): when it was made, by whom, the
table, the field, and the old and new values (a whole row compared without its
ids). Both logs are multisets of those keys; what one file has more of than
the other are its *unshared* edits, the work done since the two last agreed.

From a file's unshared edits, ``RowHistory`` gives per row the values before
the first of them (the *base*: the common ancestor's value), whether the row
was added or deleted since, and who last changed each field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from store.domain import WHOLE_ROW
from store.ingest.reviewer_edits import edit_value
from store.review.audit import MERGE_REVIEWER, REPARSE_REVIEWER

# Program-written edits: what a re-parse changed (never a reviewer's work), and what a
# merge wrote (the reviewers' own edits it carried over are copied beside it).
MACHINE = frozenset({REPARSE_REVIEWER, MERGE_REVIEWER})
# Keys of a whole row that are row ids of one file (left out when rows are compared).
ID_KEYS = frozenset(
    {"id", "document_id", "recommendation_id", "judgement_id", "earlier_recommendation_id"}
)


@dataclass
class Edit:
    """One ``edits`` row, its values decoded."""

    id: int
    at: str
    reviewer: str | None
    table: str
    row_id: int
    field: str
    old: object
    new: object
    undone: int
    change_id: int
    undo_of: int | None
    raw_old: str | None
    raw_new: str | None
    origin: str | None = None  # the edit's own id (schema 10 on); None for older edits

    @property
    def by_person(self) -> bool:
        return self.reviewer not in MACHINE

    @property
    def key(self) -> tuple:
        return (
            self.at,
            self.reviewer,
            self.table,
            self.field,
            _comparable(self.old),
            _comparable(self.new),
        )


def _comparable(value: object) -> str:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in ID_KEYS}
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def load_edits(db: sqlite_utils.Database) -> list[Edit]:
    """Every ``edits`` row of ``db``, in order."""
    rows = db.execute(
        "SELECT id, at, reviewer, table_name, row_id, field, old, new, undone, "
        "COALESCE(change_id, id), undo_of, origin FROM edits ORDER BY id"
    ).fetchall()
    return [
        Edit(i, at, who, t, r, f, edit_value(o), edit_value(n), u, c, uo, o, n, origin)
        for i, at, who, t, r, f, o, n, u, c, uo, origin in rows
    ]


@dataclass
class Split:
    """One file's edits against the other's: what only it has, and which edit of the
    other file each shared one is."""

    unshared: list[Edit]
    shared: dict[int, Edit]  # this file's edit id -> the other file's same edit
    by_id: dict[int, Edit]  # every edit of this file


def split(mine: list[Edit], other: list[Edit]) -> Split:
    """``mine`` divided into the edits ``other`` also has and those it does not.

    An edit with an ``origin`` is the other file's edit of the same origin; two edits
    with different origins are never the same edit, however alike. Only where one of
    the two has none (written before schema 10) are they told apart by what they did."""
    by_origin = {edit.origin: edit for edit in other if edit.origin}
    shared: dict[int, Edit] = {}
    taken: set[int] = set()
    for edit in mine:
        twin = by_origin.get(edit.origin) if edit.origin else None
        if twin is not None:
            shared[edit.id] = twin
            taken.add(twin.id)
    pool: dict[tuple, list[Edit]] = defaultdict(list)
    for edit in other:
        if edit.id not in taken:
            pool[edit.key].append(edit)
    unshared: list[Edit] = []
    for edit in mine:
        if edit.id in shared:
            continue
        same = pool.get(edit.key, [])
        # the earliest alike edit that may be this one (not both with an origin)
        twin = next((e for e in same if not (edit.origin and e.origin)), None)
        if twin is not None:
            same.remove(twin)
            shared[edit.id] = twin
        else:
            unshared.append(edit)
    return Split(unshared, shared, {edit.id: edit for edit in mine})


@dataclass
class RowHistory:
    """What one file's unshared edits did to one of its rows."""

    base: dict[str, object] = field(default_factory=dict)  # field -> value before them
    person_base: dict[str, object] = field(default_factory=dict)  # ...before a person's
    last: dict[str, Edit] = field(default_factory=dict)  # field -> the latest person edit
    inserted: bool = False  # the row did not exist before them
    person_inserted: bool = False  # a person added it (not a re-parse)
    deleted: dict | None = None  # the row as it was when they deleted it (None: it exists)
    edits: list[Edit] = field(default_factory=list)

    def person_fields(self) -> set[str]:
        return {name for name in self.last if name != WHOLE_ROW}

    @property
    def person_deleted(self) -> bool:
        edit = self.last.get(WHOLE_ROW)
        return self.deleted is not None and edit is not None and edit.new is None


def histories(unshared: list[Edit]) -> dict[tuple[str, int], RowHistory]:
    """{(table, row id): RowHistory} of one file's unshared edits."""
    rows: dict[tuple[str, int], RowHistory] = {}
    for edit in unshared:
        history = rows.setdefault((edit.table, edit.row_id), RowHistory())
        first = not history.edits
        history.edits.append(edit)
        if edit.field == WHOLE_ROW:
            if edit.old is None and edit.new is not None:  # added
                history.inserted = history.inserted or first
                history.person_inserted = history.person_inserted or edit.by_person
                history.deleted = None
            elif edit.new is None:  # deleted
                history.deleted = edit.old if isinstance(edit.old, dict) else {}
                if not history.inserted:
                    for name, value in history.deleted.items():
                        history.base.setdefault(name, value)
            else:  # deleted and another row added under its id in one change (a move)
                history.deleted = None
                if not history.inserted and isinstance(edit.old, dict):
                    for name, value in edit.old.items():
                        history.base.setdefault(name, value)
                        if edit.by_person and name in ("recommendation_id", "position"):
                            history.person_base.setdefault(name, value)
                            history.last.setdefault(name, edit)
            if edit.by_person:
                history.last[WHOLE_ROW] = edit
            continue
        history.base.setdefault(edit.field, edit.old)
        if edit.by_person:
            history.person_base.setdefault(edit.field, edit.old)
            history.last[edit.field] = edit
    return rows


def same(a: object, b: object) -> bool:
    """Equal as stored values (1 and 1.0, '' and None are not distinguished)."""
    if a in ("", None) and b in ("", None):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b
