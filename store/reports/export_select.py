"""What ``export --establishment NAME`` / ``--documents ID`` keeps: some documents, whole.

Splitting the work of a team: the exported file holds only the chosen
documents, with their records, actions and judgements, the judgements
recorded by hand on their recommendations, the links between kept records,
the merges and conflicts of kept records, and the ``edits`` that concern them
(those of rows a reviewer deleted from them too). Row ids are kept, so a
reviewer can take the file away, review it, and ``hmip-review merge`` it back
(every edit the file shares with the database it came from is recognised).
Like the only-verified filter it runs on the export's snapshot, and it is read
from the schema (foreign keys), so a table added later is split by the same rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

import sqlite_utils

from store.db import StoreError
from store.reports.export_filter import _drop, _drop_orphans, leave_out


def keep_only_documents(conn: sqlite3.Connection, document_ids: Collection[int]) -> None:
    """Delete, in one transaction, everything not belonging to ``document_ids``."""
    kept = ", ".join(str(int(i)) for i in document_ids) or "NULL"

    def other_documents(tables: list[str]) -> None:
        _drop(conn, "documents", f"id NOT IN ({kept})")
        _drop_orphans(conn, tables)
        # a judgement recorded by hand has no document: it goes with its recommendations
        _drop(
            conn,
            "judgements",
            "document_id IS NULL AND id NOT IN (SELECT l.judgement_id FROM judgement_links l "
            "JOIN recommendations r ON r.id = l.recommendation_id)",
        )

    leave_out(conn, other_documents)


def documents_of(
    db: sqlite_utils.Database, establishments: list[str], document_ids: list[int]
) -> list[int]:
    """The ids of the documents of ``establishments`` (matched as ``outstanding`` matches a
    name) and ``document_ids``; ``StoreError`` naming a name or id that finds nothing."""
    from store.reports.outstanding import EstablishmentNameError, find_establishment

    found: list[int] = []
    for name in establishments:
        try:
            place = find_establishment(db, name)
        except EstablishmentNameError as exc:
            raise StoreError(str(exc)) from None
        marks = ", ".join("?" for _ in place.names)
        found += [
            i
            for (i,) in db.execute(
                f"SELECT id FROM documents WHERE establishment IN ({marks}) ORDER BY id",
                list(place.names),
            ).fetchall()
        ]
    for document_id in document_ids:
        if db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone() is None:
            raise StoreError(f"no document {document_id} in the database")
        found.append(document_id)
    return list(dict.fromkeys(found))
