"""``hmip-review export OUT``: the reviewed database as a SQLite copy, CSV folder or JSON file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from store.errors import StoreError
from tui.cli.options import db_option, db_path_of
from tui.cli.output import note


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--only-verified",
    is_flag=True,
    help=(
        "Only verified recommendations (with their actions) and verified judgements, "
        "the confirmed links between them, and their documents and edits."
    ),
)
@click.option(
    "--establishment",
    "establishments",
    multiple=True,
    metavar="NAME",
    help=(
        "Only this establishment's documents, whole (repeatable; matched as outstanding "
        "matches a name): a reviewer's share of the work, to review and merge back."
    ),
)
@click.option(
    "--documents",
    "document_ids",
    multiple=True,
    type=int,
    metavar="ID",
    help="Only these documents (documents.id), whole (repeatable).",
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def export_command(
    out: Path,
    db_path: str | None,
    only_verified: bool,
    establishments: tuple[str, ...],
    document_ids: tuple[int, ...],
    force: bool,
) -> None:
    """Export the database to OUT; its extension says how.

    \b
    .sqlite / .db  a consistent copy (safe while the app is open), with a
                   _metadata table and NAME.metadata.json (Datasette) beside it
    .csv           a folder with one CSV file per table and view, made to open
                   safely in a spreadsheet (see README, "Export"), and each
                   document's text in documents/ID.txt
    .json          one JSON document with every table and view

    An existing OUT is replaced only with --force; a failed export leaves
    nothing behind.

    \b
    Splitting the work of a team: --establishment NAME (or --documents ID)
    writes only those documents with their records, actions, judgements,
    links and edits; review it with hmip-review review --db OUT, then bring
    the work back with hmip-review merge OUT.
    """
    from store.reports.export import export_database
    from store.reports.export_csv import SPREADSHEET_CELL_LIMIT

    db_path = db_path_of(db_path)
    if not db_path.exists():
        note(f"error: {db_path}: no such database; import documents first: hmip-review import PATH")
        sys.exit(1)
    try:
        documents = _chosen(db_path, list(establishments), list(document_ids))
        result = export_database(
            db_path, out, only_verified=only_verified, force=force, documents=documents
        )
    except StoreError as exc:
        note(f"error: {exc}")
        sys.exit(1)
    counts = ", ".join(
        f"{result.rows[name]} {name}"
        for name in ("documents", "recommendations", "actions", "judgements", "edits")
        if name in result.rows
    )
    scope = " (verified only)" if only_verified else ""
    if documents is not None:
        scope += f" ({len(documents)} documents chosen)"
    extra = f" and {result.metadata_path}" if result.metadata_path else ""
    note(f"exported {counts}{scope} → {result.path}{extra}")
    if result.long_cells:
        cells = ", ".join(f"{name} ({n})" for name, n in result.long_cells.items())
        note(
            f"warning: cells longer than a spreadsheet cell holds ({SPREADSHEET_CELL_LIMIT:,} "
            f"characters): {cells}; a spreadsheet cuts them short (the .sqlite and .json "
            "exports hold them whole)"
        )


def _chosen(db_path: Path, establishments: list[str], document_ids: list[int]) -> list[int] | None:
    """The documents --establishment/--documents choose (None: every document)."""
    if not establishments and not document_ids:
        return None
    from store.db import open_for_reading
    from store.reports.export_select import documents_of

    db = open_for_reading(db_path)
    try:
        return documents_of(db, establishments, document_ids)
    finally:
        db.close()
