"""Documents only they have: brought in whole, as an import would bring them, with their links.

The document, its records and their actions are copied under new ids (the
import's own rows: no ``edits`` rows are written for them, as an import writes
none); their reviewers' edits of them are then copied like any other
(``store.merge.trail``). Judgement and repeat links touching the copied records
are copied when the record at their other end is found in ours too.
"""

from __future__ import annotations

import sqlite_utils

from store.merge.pairing import Pairing
from store.merge.rows import LINKS


def _columns(db: sqlite_utils.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]


def _copy(ours, theirs, table: str, where: str, params, parent: tuple[str, dict] | None):
    """Copy rows of ``table`` matching ``where``; {their id: our id}."""
    names = [c for c in _columns(theirs, table) if c in set(_columns(ours, table)) and c != "id"]
    placed = ", ".join(f"[{n}]" for n in names)
    marks = ", ".join("?" for _ in names)
    mapping: dict[int, int] = {}
    cursor = theirs.execute(f"SELECT id, {placed} FROM {table} WHERE {where} ORDER BY id", params)
    for their_id, *values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if parent is not None:
            column, parents = parent
            row[column] = parents.get(row[column])
        new = ours.execute(
            f"INSERT INTO {table} ({placed}) VALUES ({marks})", [row[n] for n in names]
        ).lastrowid
        mapping[their_id] = new
    return mapping


def _note(pairing: Pairing, table: str, mapping: dict[int, int]) -> None:
    pairing.map[table].update(mapping)
    pairing.copied[table].update(mapping)


def copy_documents(ours: sqlite_utils.Database, pairing: Pairing) -> dict[int, dict[str, int]]:
    """Copy the documents only theirs has; {our new document id: rows copied per table}."""
    counts: dict[int, dict[str, int]] = {}
    theirs = pairing.theirs_db
    for their_doc in pairing.only_theirs:
        doc = _copy(ours, theirs, "documents", "id = ?", [their_doc], None)
        _note(pairing, "documents", doc)
        our_doc = doc[their_doc]
        recs = _copy(
            ours, theirs, "recommendations", "document_id = ?", [their_doc],
            ("document_id", doc),
        )  # fmt: skip
        _note(pairing, "recommendations", recs)
        actions: dict[int, int] = {}
        if recs:
            actions = _copy(
                ours, theirs, "actions",
                "recommendation_id IN (SELECT id FROM recommendations WHERE document_id = ?)",
                [their_doc], ("recommendation_id", recs),
            )  # fmt: skip
        _note(pairing, "actions", actions)
        judgements = _copy(
            ours, theirs, "judgements", "document_id = ?", [their_doc], ("document_id", doc)
        )
        _note(pairing, "judgements", judgements)
        counts[our_doc] = {
            "recommendations": len(recs),
            "judgements": len(judgements),
            "actions": len(actions),
        }
    return counts


def copy_links_of_new_documents(ours: sqlite_utils.Database, pairing: Pairing) -> int:
    """Copy the links of theirs touching a copied record whose both ends are in ours now."""
    theirs = pairing.theirs_db
    copied = 0
    for table, ((a, a_table), (b, b_table)) in LINKS.items():
        if not theirs[table].exists() or not ours[table].exists():
            continue
        names = [c for c in _columns(theirs, table) if c in set(_columns(ours, table))]
        new_a, new_b = pairing.copied[a_table], pairing.copied[b_table]
        for their_rowid, *values in theirs.execute(
            f"SELECT rowid, {', '.join(names)} FROM {table}"
        ).fetchall():
            row = dict(zip(names, values, strict=True))
            if row[a] not in new_a and row[b] not in new_b:
                continue
            mapped_a = pairing.record(a_table, row[a])
            mapped_b = pairing.record(b_table, row[b])
            if (
                mapped_a is None
                or mapped_b is None
                or not (_exists(ours, a_table, mapped_a) and _exists(ours, b_table, mapped_b))
            ):
                continue  # the record at the other end is not here (or ours deleted it)
            row[a], row[b] = mapped_a, mapped_b
            cursor = ours.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [row[n] for n in names],
            )
            if cursor.rowcount:
                pairing.map[table][their_rowid] = cursor.lastrowid
                copied += 1
    return copied


def _exists(db: sqlite_utils.Database, table: str, row_id: int) -> bool:
    return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is not None
