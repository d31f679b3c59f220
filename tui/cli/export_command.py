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
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def export_command(out: Path, db_path: str | None, only_verified: bool, force: bool) -> None:
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
    """
    from store.reports.export import export_database
    from store.reports.export_csv import SPREADSHEET_CELL_LIMIT

    db_path = db_path_of(db_path)
    if not db_path.exists():
        note(f"error: {db_path}: no such database; import documents first: hmip-review import PATH")
        sys.exit(1)
    try:
        result = export_database(db_path, out, only_verified=only_verified, force=force)
    except StoreError as exc:
        note(f"error: {exc}")
        sys.exit(1)
    counts = ", ".join(
        f"{result.rows[name]} {name}"
        for name in ("documents", "recommendations", "actions", "judgements", "edits")
        if name in result.rows
    )
    scope = " (verified only)" if only_verified else ""
    extra = f" and {result.metadata_path}" if result.metadata_path else ""
    note(f"exported {counts}{scope} → {result.path}{extra}")
    if result.long_cells:
        cells = ", ".join(f"{name} ({n})" for name, n in result.long_cells.items())
        note(
            f"warning: cells longer than a spreadsheet cell holds ({SPREADSHEET_CELL_LIMIT:,} "
            f"characters): {cells}; a spreadsheet cuts them short (the .sqlite and .json "
            "exports hold them whole)"
        )
