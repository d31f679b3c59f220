"""``hmip-review merge THEIRS.db``: bring another reviewer's file's review work into this one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from tui.cli.options import db_option, db_path_of, open_store
from tui.cli.output import new_table, note

if TYPE_CHECKING:
    from rich.table import Table

    from store.merge import MergeResult


@click.command("merge")
@click.argument("theirs", type=click.Path(path_type=Path))
@db_option
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--reviewer",
    default=None,
    help="Who is merging, recorded with the merge (default: $HMIP_REVIEW_REVIEWER or your login).",
)
def merge_command(theirs: Path, db_path: str | None, dry_run: bool, reviewer: str | None) -> None:
    """Bring the review work of THEIRS (another reviewer's copy) into the database.

    \b
    Documents are matched by their text, records by their place in the
    document. Every review status, note, field edit, action added, deleted,
    split, merged or moved, record added by hand, judgement and link change
    of theirs comes in, with their reviewers' names in the edits. A field both
    files changed differently is a conflict: ours is kept, the record is
    flagged with a note naming both values; in the review app C lists them
    and R keeps ours or takes theirs. Documents only THEIRS has come in whole.
    One transaction: merging the same file again changes nothing.
    """
    from rich.console import Console

    from store.merge import apply_merge, plan_merge
    from tui.reviewer import default_reviewer

    path = db_path_of(db_path)
    if not path.exists():
        note(f"error: {path}: no such database; import documents first: hmip-review import PATH")
        sys.exit(1)
    db = open_store(path, create=False)
    try:
        if dry_run:
            result = plan_merge(db, theirs)
        else:
            result = apply_merge(db, theirs, reviewer or default_reviewer())
    except StoreError as exc:
        note(f"error: {exc}")
        sys.exit(1)
    finally:
        db.close()
    console = Console()
    if not result.nothing_new:
        console.print(merge_table(result))
        if result.conflicts:
            console.print(conflicts_table(result))
    console.print(result.headline(), markup=False, highlight=False)


def merge_table(result: MergeResult) -> Table:
    """One row per document: review statuses, other fields, rows added/removed, conflicts."""
    title = "Would change (dry run)" if result.dry_run else f"Merged from {result.source}"
    table = new_table(title)
    table.add_column("document", overflow="fold", ratio=1)
    for name in ("statuses", "fields", "added", "removed", "conflicts"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in result.documents:
        label = f"{row.label} (new)" if row.new else row.label
        table.add_row(label, *_numbers(row))
    total = result.totals()
    table.add_section()
    table.add_row("total", *_numbers(total))
    return table


def _numbers(row) -> list[str]:
    return [str(n) for n in (row.statuses, row.fields, row.added, row.removed, row.conflicts)]


def conflicts_table(result: MergeResult) -> Table:
    """Each conflict: where, what, our value and theirs (ours kept, the record flagged)."""
    table = new_table("Conflicts: ours kept, records flagged (C in the review app lists them)")
    table.add_column("record", overflow="fold", ratio=2)
    table.add_column("field", overflow="fold", ratio=2)
    table.add_column("ours", overflow="fold", ratio=3)
    table.add_column("theirs", overflow="fold", ratio=3)
    for line in result.conflicts:
        table.add_row(f"{line.document} {line.record}", line.what, line.ours, line.theirs)
    return table
