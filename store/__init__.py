"""The SQLite store: schema, migrations, import and queries. All SQL lives here."""

from store.db import StoreError, open_db
from store.importer import ImportResult, import_document
from store.queries import list_records, stats

__all__ = ["ImportResult", "StoreError", "import_document", "list_records", "open_db", "stats"]
