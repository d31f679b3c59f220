"""``hmip-review stats``: counts by establishment, status, agreement and judgement, and
review progress by document."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tui.cli.options import db_option, db_path_of, open_store
from tui.cli.output import new_table

if TYPE_CHECKING:
    from rich.table import Table


@click.command("stats")
@db_option
def stats(db_path: str | None) -> None:
    """Counts by establishment, status, agreement and judgement; review progress by document."""
    from rich.console import Console

    from store.reports import stats as queries

    path = db_path_of(db_path)
    db = open_store(path, create=False, read_only=True)
    try:
        result = queries.stats(db)
    finally:
        db.close()
    console = Console()
    totals = ", ".join(f"{n} {name}" for name, n in result.totals.items())
    console.print(f"{path}: {totals}", soft_wrap=True, highlight=False)
    short = {"documents": "docs", "recommendations": "recs"}
    console.print(_table("By establishment", result.by_establishment, short))
    console.print(_table("By review status", result.by_review_status))
    console.print(_table("By agreement", result.by_agreement))
    console.print(_table("By judgement", result.by_judgement))
    for scale, rows in result.by_scale.items():
        headers = {k: k.removesuffix(" progress") for k in rows[0]} | {"judgements": "total"}
        console.print(_table(f"{scale} judgements by establishment", rows, headers))
    console.print(
        _table(
            "Review progress by document",
            result.by_document,
            {"records": "recs", "% reviewed": "%"},
            no_wrap=("document", "kind"),
        )
    )
    links = ", ".join(f"{n} {name}" for name, n in result.links.items())
    console.print(f"Judgement links: {links}", soft_wrap=True, highlight=False)


def _table(
    title: str,
    rows: list[dict],
    headers: dict[str, str] | None = None,
    no_wrap: tuple[str, ...] = (),
) -> Table | str:
    """A table of ``rows`` (dicts with the same keys), or a one-line note when there are none."""
    if not rows:
        return f"{title}: none"
    table = new_table(title)
    for key, value in rows[0].items():
        table.add_column(
            (headers or {}).get(key, key),
            justify="right" if isinstance(value, int) else "left",
            no_wrap=isinstance(value, int) or key in no_wrap,
        )
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    return table
