"""Changes a reviewer makes, their audit trail in ``edits``, and undo.

Every change is one ``BEGIN IMMEDIATE`` transaction that writes the data and
the ``edits`` rows describing it together, all with the same ``change_id``.
``undo`` reads the trail back, so it works across restarts: it reverts the
latest change of a reviewer that is not undone, as a change of its own
(``undo_of`` names the change it reverted), and marks the reverted rows
``undone = 1``.

How an ``edits`` row describes a change to a row:

* a field changed: ``field`` is the column, ``old``/``new`` its values as JSON;
* a row inserted: ``field`` is ``'*'``, ``old`` NULL, ``new`` the whole row;
* a row deleted: ``field`` is ``'*'``, ``old`` the whole row, ``new`` NULL.

``row_id`` is the row's ``id`` (``rowid`` for ``judgement_links`` and
``repeat_links``). A deleted row comes back on undo with the same id, so later
edits still point at it.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from store.db import StoreError, describe_sqlite_error
from store.domain import WHOLE_ROW
from store.review.conflicts import PLACE, Conflict, ConflictError, with_authors

ROW = WHOLE_ROW
# The reviewer name under which the program itself records what it changed
# (re-parsing a document): auditable, and never taken for a person's edit.
REPARSE_REVIEWER = "hmip-review (reparse)"
# ...and merging another reviewer's file (``store.merge``): what the merge itself wrote.
MERGE_REVIEWER = "hmip-review (merge)"
# The column that identifies a row of each table a reviewer can change.
KEYS = {
    "documents": "id",
    "recommendations": "id",
    "actions": "id",
    "judgements": "id",
    "judgement_links": "rowid",
    "repeat_links": "rowid",
    "merge_conflicts": "id",
}
# Columns holding an order that must stay unique within a parent; they are
# rewritten through negative placeholders so no two rows ever collide.
POSITION = "position"


class UndoConflict(ConflictError):
    """The change cannot be undone as it is: someone changed its rows since.

    Each conflict's ``theirs`` is the value written since, ``mine`` the value
    the undo would put back. ``forceable`` is True when every conflict is a
    field changed since (not a row added or deleted), so that the reviewer may
    choose to undo anyway (``undo(..., force=True)``), overwriting theirs.
    """

    def __init__(self, conflicts: list[Conflict], *, forceable: bool = False) -> None:
        super().__init__(conflicts)
        self.forceable = forceable


def now() -> str:
    """The current time as an ISO timestamp in UTC (the format of ``edits.at``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class _Entry:
    table: str
    row_id: int
    field: str
    old: object
    new: object


@dataclass
class Change:
    """The rows one change touches; write through it so every write is recorded."""

    db: sqlite_utils.Database
    reviewer: str
    at: str
    undo_of: int | None = None
    change_id: int | None = None  # set once the change is written
    _entries: dict[tuple[str, int, str], _Entry] = field(default_factory=dict)

    # --- writes --------------------------------------------------------------

    def row(self, table: str, row_id: int) -> dict | None:
        """The row as it is now (inside this change), or None."""
        key = KEYS[table]
        cursor = self.db.execute(f"SELECT {key} AS {key}, * FROM {table} WHERE {key} = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            return None
        names = [d[0] for d in cursor.description]
        return dict(zip(names[1:], found[1:], strict=True)) | {key: found[0]}

    def update(self, table: str, row_id: int, values: dict[str, object]) -> dict[str, object]:
        """Set ``values`` on one row; record each field that really changes. Returns those."""
        current = self.row(table, row_id)
        if current is None:
            raise StoreError(f"{table} row {row_id} does not exist")
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not changed:
            return {}
        assignments = ", ".join(f"[{k}] = ?" for k in changed)
        self.db.execute(
            f"UPDATE {table} SET {assignments} WHERE {KEYS[table]} = ?",
            [*changed.values(), row_id],
        )
        for name, value in changed.items():
            self._record(table, row_id, name, current[name], value)
        return changed

    def insert(self, table: str, values: dict[str, object]) -> int:
        """Insert a row (``values`` may carry its id, as undo does); return its id."""
        names = list(values)
        placeholders = ", ".join("?" for _ in names)
        columns = ", ".join(f"[{n}]" for n in names)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(values.values())
        )
        row_id = cursor.lastrowid
        earlier = self._entries.get((table, row_id, ROW))
        # a row deleted by this change whose id the new row took (SQLite reuses the
        # largest rowid): the entry keeps the deleted row, so undo puts it back
        was = earlier.old if earlier is not None and earlier.new is None else None
        self._entries[(table, row_id, ROW)] = _Entry(table, row_id, ROW, was, "inserted")
        return row_id

    def delete(self, table: str, row_id: int) -> dict:
        """Delete one row and return it as it was before this change touched it."""
        current = self.row(table, row_id)
        if current is None:
            raise StoreError(f"{table} row {row_id} does not exist")
        if (table, row_id, ROW) in self._entries:  # inserted by this change: forget it
            (entry,) = self._forget(table, row_id)
            self.db.execute(f"DELETE FROM {table} WHERE {KEYS[table]} = ?", [row_id])
            if entry.old is not None:  # ...in the place of a row it deleted: that stays deleted
                self._entries[(table, row_id, ROW)] = _Entry(table, row_id, ROW, entry.old, None)
            return current
        original = dict(current)
        for entry in self._forget(table, row_id):
            original[entry.field] = entry.old
        self.db.execute(f"DELETE FROM {table} WHERE {KEYS[table]} = ?", [row_id])
        self._entries[(table, row_id, ROW)] = _Entry(table, row_id, ROW, original, None)
        return original

    def renumber(self, table: str, positions: dict[int, int]) -> None:
        """Give rows new positions without ever breaking a UNIQUE (parent, position)."""
        key = KEYS[table]
        olds = {}
        for row_id, new in positions.items():
            old = self.db.execute(
                f"SELECT {POSITION} FROM {table} WHERE {key} = ?", [row_id]
            ).fetchone()
            if old is None:
                raise StoreError(f"{table} row {row_id} does not exist")
            if old[0] != new:
                olds[row_id] = old[0]
        for row_id in olds:
            self.db.execute(f"UPDATE {table} SET {POSITION} = ? WHERE {key} = ?", [-row_id, row_id])
        for row_id, old in olds.items():
            self.db.execute(
                f"UPDATE {table} SET {POSITION} = ? WHERE {key} = ?", [positions[row_id], row_id]
            )
            self._record(table, row_id, POSITION, old, positions[row_id])

    # --- bookkeeping ---------------------------------------------------------

    def _record(self, table: str, row_id: int, name: str, old: object, new: object) -> None:
        if (table, row_id, ROW) in self._entries:
            return  # an inserted row is recorded whole when the change ends
        entry = self._entries.get((table, row_id, name))
        if entry is None:
            self._entries[(table, row_id, name)] = _Entry(table, row_id, name, old, new)
        else:
            entry.new = new

    def _forget(self, table: str, row_id: int) -> list[_Entry]:
        gone = [e for k, e in self._entries.items() if k[:2] == (table, row_id)]
        for entry in gone:
            del self._entries[(table, row_id, entry.field)]
        return gone

    def touched(self) -> list[tuple[str, int]]:
        """Each (table, row id) this change wrote, in order."""
        return list(dict.fromkeys((e.table, e.row_id) for e in self._entries.values()))

    def write_trail(self) -> int | None:
        """Append this change's ``edits`` rows; return its change_id (None if nothing changed)."""
        entries = []
        for entry in self._entries.values():
            if entry.field == ROW and entry.new == "inserted":
                entry.new = self.row(entry.table, entry.row_id)
            if entry.field != ROW and entry.old == entry.new:
                continue
            entries.append(entry)
        if not entries:
            return None
        change_id = self.db.execute("SELECT COALESCE(MAX(change_id), 0) + 1 FROM edits").fetchone()[
            0
        ]
        self.db.conn.executemany(
            "INSERT INTO edits (at, reviewer, table_name, row_id, field, old, new, undone, "
            "change_id, undo_of, origin) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            [
                (
                    self.at,
                    self.reviewer,
                    e.table,
                    e.row_id,
                    e.field,
                    edit_json(e.old),
                    edit_json(e.new),
                    change_id,
                    self.undo_of,
                    uuid.uuid4().hex,  # the edit's own id, kept wherever a merge copies it
                )
                for e in entries
            ],
        )
        return change_id


def edit_json(value: object) -> str | None:
    """A value as ``edits.old_value``/``new_value`` store it: JSON, None for None."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


@contextmanager
def change(
    db: sqlite_utils.Database, reviewer: str, *, undo_of: int | None = None
) -> Iterator[Change]:
    """One committed transaction with its edits rows; rolled back whole on any error."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_sqlite_error(exc)) from None
    current = Change(db, reviewer, now(), undo_of)
    try:
        yield current
        current.change_id = current.write_trail()
        db.execute("COMMIT")
    except sqlite3.IntegrityError as exc:
        db.rollback()
        raise StoreError(f"the database refused the change: {exc}") from None
    except sqlite3.DatabaseError as exc:
        db.rollback()
        raise StoreError(describe_sqlite_error(exc)) from None
    except BaseException:
        db.rollback()
        raise


# --- undo -----------------------------------------------------------------------


@dataclass(frozen=True)
class Undone:
    """What an undo reverted."""

    change_id: int  # the change that was reverted
    undo_change_id: int  # the change the undo itself wrote
    rows: list[tuple[str, int, dict | None]]  # (table, row id, whole row if added/deleted)
    fields: list[tuple[str, int, str, object, object]]  # (table, row, field, was, now)


def last_change(db: sqlite_utils.Database, reviewer: str) -> int | None:
    """The reviewer's latest change that is not undone (and is not itself an undo)."""
    row = db.execute(
        "SELECT MAX(change_id) FROM edits WHERE reviewer = ? AND undone = 0 AND undo_of IS NULL",
        [reviewer],
    ).fetchone()
    return row[0]


def undo(db: sqlite_utils.Database, reviewer: str, *, force: bool = False) -> Undone | None:
    """Revert ``reviewer``'s latest change that is not undone; None when there is none.

    Raises ``UndoConflict`` (and changes nothing) when another change has
    touched the same rows since, naming each value written since and by whom,
    so that undo never overwrites later work unasked. With ``force`` a field
    changed since is overwritten (the reviewer chose to); a row added or
    deleted since still stops the undo.
    """
    change_id = last_change(db, reviewer)
    if change_id is None:
        return None
    rows = db.execute(
        "SELECT id, table_name, row_id, field, old, new FROM edits WHERE change_id = ? ORDER BY id",
        [change_id],
    ).fetchall()
    entries = [
        _Entry(table, row_id, name, _load(old), _load(new))
        for _, table, row_id, name, old, new in rows
    ]
    with change(db, reviewer, undo_of=change_id) as undoing:
        _check_unchanged(undoing, entries, force=force)
        # Rows the change added go first, then positions come back all at once
        # (parked on placeholders, so none collide), then the other fields, and
        # last the rows it deleted, into the places that are free again.
        for entry in reversed(entries):
            if entry.field == ROW and (entry.old is None or entry.new is not None):
                undoing.delete(entry.table, entry.row_id)  # added (or put in a deleted row's place)
        for table in dict.fromkeys(e.table for e in entries if e.field == POSITION):
            undoing.renumber(
                table,
                {e.row_id: e.old for e in entries if e.table == table and e.field == POSITION},
            )
        for entry in reversed(entries):
            if entry.field not in (ROW, POSITION):
                undoing.update(entry.table, entry.row_id, {entry.field: entry.old})
        for entry in reversed(entries):
            if entry.field == ROW and entry.old is not None:
                try:
                    undoing.insert(entry.table, _insertable(entry.table, entry.old))
                except sqlite3.IntegrityError:
                    # another row took its place since (a re-parse added an action there)
                    conflict = Conflict(entry.table, entry.row_id, PLACE, None, None, entry.old)
                    raise UndoConflict([conflict]) from None
        db.execute("UPDATE edits SET undone = 1 WHERE change_id = ?", [change_id])
    fields = [(e.table, e.row_id, e.field, e.new, e.old) for e in entries if e.field != ROW]
    return Undone(
        change_id,
        undoing.change_id,
        _rows_of(entries),
        fields,
    )


def _rows_of(entries: list[_Entry]) -> list[tuple[str, int, dict | None]]:
    rows: dict[tuple[str, int], dict | None] = {}
    for e in entries:
        whole = (e.old or e.new) if e.field == ROW else None
        if rows.get((e.table, e.row_id)) is None:
            rows[(e.table, e.row_id)] = whole
    return [(table, row_id, whole) for (table, row_id), whole in rows.items()]


def _load(value: str | None) -> object:
    return None if value is None else json.loads(value)


def _insertable(table: str, row: dict) -> dict:
    key = KEYS[table]
    values = {k: v for k, v in row.items() if k != key}
    return {key: row[key], **values}


def _check_unchanged(undoing: Change, entries: list[_Entry], *, force: bool = False) -> None:
    """Every row must still be as the change left it: a later change of a row wins,
    unless ``force`` (then only rows added or deleted since stop the undo)."""
    fields: list[Conflict] = []
    rows: list[Conflict] = []
    for entry in entries:
        current = undoing.row(entry.table, entry.row_id)
        if entry.field != ROW:
            if current is None:
                rows.append(Conflict(entry.table, entry.row_id, ROW, entry.new, None, entry.old))
            elif current.get(entry.field) != entry.new:
                fields.append(
                    Conflict(
                        entry.table, entry.row_id, entry.field,
                        entry.new, current.get(entry.field), entry.old,
                    )
                )  # fmt: skip
        elif entry.new is None:  # deleted by the change
            if current is not None:
                rows.append(Conflict(entry.table, entry.row_id, ROW, None, current, entry.old))
        elif current is None:
            rows.append(Conflict(entry.table, entry.row_id, ROW, entry.new, None, None))
        elif any(current.get(k) != v for k, v in entry.new.items()):
            rows.append(Conflict(entry.table, entry.row_id, ROW, entry.new, current, None))
    if rows or (fields and not force):
        named = with_authors(undoing.db, rows + fields)
        raise UndoConflict(named, forceable=not rows)
