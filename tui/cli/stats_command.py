"""``hmip-review stats``: counts by establishment, status, agreement and judgement, and
review progress by document."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from tui.cli.options import DayParam, db_option, db_path_of, open_store
from tui.cli.output import new_table

if TYPE_CHECKING:
    from rich.table import Table

    from store.reports.ranking import EstablishmentRank


@click.command("stats")
@click.option(
    "--by-establishment",
    is_flag=True,
    help="Rank establishments: overdue actions, recommendations repeated two or more "
    "times, share of IRP judgements below reasonable.",
)
@click.option(
    "--as-of",
    type=DayParam(),
    default=None,
    help="With --by-establishment: the day 'overdue' is judged against (default: today).",
)
@db_option
def stats(by_establishment: bool, as_of: date | None, db_path: str | None) -> None:
    """Counts by establishment, status, agreement and judgement; review progress by document.

    With --by-establishment: establishments ranked by the overdue actions of their
    latest plan, then by recommendations repeated two or more times (chains of
    three plans or more), then by the share of their IRP judgements below
    "Reasonable progress".
    """
    from rich.console import Console

    from store.reports import stats as queries

    path = db_path_of(db_path)
    db = open_store(path, create=False, read_only=True)
    if by_establishment:
        from store.reports.ranking import establishment_ranking

        try:
            ranking = establishment_ranking(db, as_of)
        finally:
            db.close()
        Console().print(ranking_table(ranking, as_of or date.today()))
        return
    try:
        result = queries.stats(db)
        from store.reports.ranking import repeat_link_counts

        repeat_counts = repeat_link_counts(db)
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
            [_progress(row) for row in result.by_document],
            {"records": "recs", "% reviewed": "%"},
            no_wrap=("document", "kind"),
        )
    )
    links = ", ".join(f"{n} {name}" for name, n in result.links.items())
    console.print(f"Judgement links: {links}", soft_wrap=True, highlight=False)
    repeats = ", ".join(f"{n} {name}" for name, n in repeat_counts.items())
    console.print(f"Repeat links: {repeats}", soft_wrap=True, highlight=False)


def _progress(row: dict) -> dict:
    """A document's progress row; one with no records (no percent reviewed: None) is
    to mark, which the row says."""
    return row | {"% reviewed": "no records"} if row["% reviewed"] is None else row


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


def ranking_table(ranking: list[EstablishmentRank], as_of: date) -> Table | str:
    """``stats --by-establishment``: one row per establishment, ranked, in 80 columns."""
    from rich.text import Text

    title = f"Establishments ranked (overdue as of {as_of.isoformat()})"
    if not ranking:
        return f"{title}: none"
    table = new_table(title)
    table.padding = (0, 0, 0, 0)
    table.caption = (
        "repeated: recommendations repeating an earlier plan's; not confirmed: of those "
        "repeated 2+ times, how many hold a link no reviewer confirmed; below reasonable: "
        "IRP judgements"
    )
    table.caption_justify = "left"
    table.add_column("establishment", ratio=1, min_width=14)
    for header in ("plans", "IRPs", "overdue", "unread", "repeated", "repeated\n2+ times",
                   "not\nconfirmed", "below\nreasonable"):  # fmt: skip
        table.add_column(header, justify="right", no_wrap=True)
    for row in ranking:
        share = row.share_below_reasonable
        below = "-" if share is None else f"{row.below_reasonable}/{row.judgements} {share:.0%}"
        table.add_row(
            row.establishment,
            str(row.plans),
            str(row.irp_reports),
            str(row.overdue),
            str(row.target_unreadable),
            str(row.repeated),
            str(row.repeated_twice),
            Text(str(row.unconfirmed), style="yellow" if row.unconfirmed else ""),
            below,
        )
    return table
