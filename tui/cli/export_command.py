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
    help="Only verified recommendations, with their actions, judgements and links.",
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def export_command(out: Path, db_path: str | None, only_verified: bool, force: bool) -> None:
    """Export the database to OUT; its extension says how.

    \b
    .sqlite / .db  a consistent copy (safe while the app is open), with a
                   _metadata table and NAME.metadata.json (Datasette) beside it
    .csv           a folder with one CSV file per table and view
    .json          one JSON document with every table

    An existing OUT is replaced only with --force; a failed export leaves
    nothing behind.
    """
    from store.reports.export import export_database

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
