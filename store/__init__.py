"""The SQLite store: the one place with SQL (DESIGN.md, "Database contract").

* the database itself: ``db`` (opening a file: checks, WAL, busy timeout,
  migrating), ``schema`` and ``views`` (what each schema version adds),
  ``migrations`` (running them), ``contract`` (the README's words for every
  table and column), ``errors``, ``plain_connection`` (a bare ``sqlite3``
  connection for the fastest read-only command);
* ``domain`` — the domain facts, one copy each (document and record kinds,
  agreements, judgement scales, review statuses, establishment names);
* ``ingest/`` — getting documents in; ``review/`` — the review app's reads and
  every change with its audit trail and undo; ``reports/`` — stats, outstanding
  actions, export; ``merge/`` — another reviewer's file merged in (its schema,
  version 9, in ``schema_v9``; version 10 gives each edit its ``origin``).

Nothing here imports Textual, rich or click. The names below are imported on first use (PEP 562), so that a command that
only reads (``hmip-review outstanding``) does not pay for sqlite-utils, the
importer and the linker at start-up.
"""

from __future__ import annotations

import importlib

from store.errors import StoreError

_LAZY = {
    "ImportResult": "store.ingest.importer",
    "import_document": "store.ingest.importer",
    "list_records": "store.reports.stats",
    "open_db": "store.db",
    "stats": "store.reports.stats",
}

__all__ = ["ImportResult", "StoreError", "import_document", "list_records", "open_db", "stats"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
