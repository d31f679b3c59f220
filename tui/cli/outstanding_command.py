"""``hmip-review outstanding NAME``: a prison's open actions, and which are overdue.

It answers without Textual, sqlite-utils, pathlib or the importer: click,
``store.reports.outstanding`` and the shared ``tui.cli.options``/``output`` (which
import the rest when used) are imported at start-up (the command group loads this
module only for this command), the database is opened with the standard library's
sqlite3 when it is current (``store.plain_connection``), json, csv and rich only for the
format asked for, and rapidfuzz only when a name needs the fuzzy rule.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from store.plain_connection import connect_current
from store.reports.outstanding import (
    OUTSTANDING_KEYS,
    UNREADABLE_GROUP,
    Outstanding,
    OutstandingAction,
    not_judged,
    outstanding,
)
from tui.cli.options import DayParam, db_file, db_option, open_store
from tui.cli.output import new_table, note
from tui.cli.outstanding_blocks import BLOCKS_BELOW
from tui.unread_plans import plans_without_records, unread_note

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

FORMATS = ("table", "csv", "json")
RUN_WITHOUT_OVERDUE = "(run without --overdue to see them)"
COMPACT_BELOW = 110  # a terminal narrower than this gets the compact layout of the table


@click.command("outstanding", short_help="A prison's open actions, and which are overdue.")
@click.argument("name")
@click.option("--overdue", "overdue_only", is_flag=True, help="Only the overdue actions.")
@click.option(
    "--all-plans", is_flag=True, help="Every action plan of the prison, not only the latest."
)
@click.option(
    "--as-of",
    type=DayParam(),
    default=None,
    help="The day 'overdue' is judged against (default: today).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="table (the default on a terminal), csv (the default when piped) or json.",
)
@db_option
def outstanding_command(
    name: str,
    overdue_only: bool,
    all_plans: bool,
    as_of: date | None,
    output_format: str | None,
    db_path: str | None,
) -> None:
    """The open actions of a prison's latest action plan, and which are overdue.

    NAME is matched forgivingly: 'belmarsh', 'HMP Belmarsh', 'Belmarsh prison',
    'belm' and 'Belmarch' all find HMP Belmarsh. A name that fits several
    prisons lists them, and an unknown name says so; both exit with status 1.
    """
    path = db_file(db_path)
    db = connect_current(path) or open_store(path, create=False, read_only=True)
    try:
        result = outstanding(db, name, as_of=as_of, all_plans=all_plans, overdue_only=overdue_only)
        unread = plans_without_records(result)
    except StoreError as exc:
        note(f"error: {exc}")
        sys.exit(1)
    finally:
        db.close()
    if output_format is None:
        output_format = "table" if sys.stdout.isatty() else "csv"
    if output_format == "json":
        import json

        click.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        write_csv(result, sys.stdout)
        if result.overdue_only and result.unreadable_count:  # the rows stay rows
            note(f"{not_judged(result.unreadable_count)} {RUN_WITHOUT_OVERDUE}")
    else:
        from rich.console import Console

        console = Console()
        console.print(as_table(result, width=console.width))
    for plan in unread:  # its actions are not known: '0 outstanding' alone would be false
        note(f"warning: {unread_note(result, plan)}")


def as_json(result: Outstanding) -> dict[str, object]:
    """The ``--format json`` document (keys documented in the README)."""
    return {
        "establishment": result.establishment.name,
        "as_of": result.as_of.isoformat(),
        "all_plans": result.all_plans,
        "overdue_only": result.overdue_only,
        "plans": [
            {
                "document_id": plan.document_id,
                "establishment": plan.establishment,
                "title": plan.title,
                "published": plan.published,
                "submitted": plan.submitted,
            }
            for plan in result.plans
        ],
        "count": len(result.actions),
        "overdue": result.overdue_count,
        # open actions whose target could not be read, listed or not (--overdue leaves
        # them out: whether they are overdue is unknown)
        "target_unreadable": result.unreadable_count,
        "actions": [action.as_dict() for action in result.actions],
    }


def write_csv(result: Outstanding, stream) -> None:
    """One header row of ``OUTSTANDING_KEYS``, then one row per action (booleans as 1/0)."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTSTANDING_KEYS)
    for action in result.actions:
        row = action.as_dict()
        for key in ("overdue", "target_unreadable", "judgement_confirmed"):
            if row[key] is not None:
                row[key] = int(row[key])
        writer.writerow("" if row[key] is None else row[key] for key in OUTSTANDING_KEYS)


def as_table(result: Outstanding, width: int = 200) -> Group:
    """What a terminal ``width`` columns wide shows: the actions in a rich table
    (overdue rows in red), then those whose target could not be read in a table of
    their own; with ``--overdue``, a line saying how many actions could not be judged."""
    from rich.console import Group
    from rich.text import Text

    plans = result.plans
    latest = plans[0]
    scope = (
        f"{len(plans)} action plans"
        if result.all_plans and len(plans) > 1
        else f"action plan published {latest.published or '(no date)'}"
    )
    what = "overdue actions" if result.overdue_only else "outstanding actions"
    unreadable = result.unreadable
    apart = f", {len(unreadable)} {UNREADABLE_GROUP}" if unreadable else ""
    title = (
        f"{result.establishment.name}: {len(result.actions)} {what} "
        f"({result.overdue_count} overdue as of {result.as_of.isoformat()}{apart}), {scope}"
    )
    compact = width < COMPACT_BELOW
    if width < BLOCKS_BELOW:
        compact = None  # one block per action (tui.cli.outstanding_blocks)
    readable = result.readable
    parts: list[Table | Text] = []
    if readable:
        parts += _tables(result, title, readable, days=True, compact=compact)
    else:
        parts.append(Text(f"{title}."))
    if unreadable:
        them = "it is" if len(unreadable) == 1 else "they are"
        heading = (
            f"{UNREADABLE_GROUP.capitalize()} ({len(unreadable)}): written, but not a date, "
            f"so whether {them} overdue is unknown"
        )
        parts.append(Text(""))
        parts += _tables(result, heading, unreadable, days=False, compact=compact)
    if result.overdue_only and result.unreadable_count:
        parts.append(
            Text(f"{not_judged(result.unreadable_count)} {RUN_WITHOUT_OVERDUE}", style="yellow")
        )
    return Group(*parts)


def _tables(
    result: Outstanding,
    title: str,
    actions: list[OutstandingAction],
    *,
    days: bool,
    compact: bool | None,
) -> list[Table | Text]:
    """One group of actions as one table, with a plan column when there are several
    plans; but on a narrow terminal, where that column leaves the recommendation no
    room, as one table per plan, each titled by its plan; and narrower still
    (``compact`` None), as one block per action under the title."""
    from rich.text import Text

    several = result.all_plans and len(result.plans) > 1
    if compact is None:
        from tui.cli.outstanding_blocks import blocks

        return [Text(title), Text(""), blocks(actions, plan=several)]
    if not (several and compact):
        return [_table(title, actions, days=days, compact=compact, plan_column=several)]
    parts: list[Table | Text] = [Text(title)]
    for plan in result.plans:
        if mine := [action for action in actions if action.document_id == plan.document_id]:
            heading = f"plan published {plan.published or '(no date)'}"
            parts.append(_table(heading, mine, days=days, compact=True, plan_column=False))
    return parts


def _table(
    title: str,
    actions: list[OutstandingAction],
    *,
    days: bool,
    compact: bool,
    plan_column: bool,
) -> Table:
    """Actions as a rich table; ``days``: with the days-overdue column.

    ``compact`` (a terminal under ``COMPACT_BELOW`` columns) fixes the width of every
    column but the recommendation and the owner, which share what is left. Otherwise
    rich, short of room, narrows all columns alike and cuts the short ones ('unrevie',
    'Reasonab…'), the link marker of the judgement among them.
    """
    from rich.text import Text

    def fixed(wide: int) -> dict[str, int]:
        return {"width": wide} if compact else {}

    table = new_table(title)
    # Columns are parted by the box's blank rule and the padding: two spaces, or one
    # on a narrow terminal, where eight columns must fit in 80.
    table.padding = (0, 0, 0, 0) if compact else (0, 1, 0, 0)
    if plan_column:
        table.add_column("plan", no_wrap=True)
    table.add_column("rec", no_wrap=True)
    table.add_column("recommendation", ratio=1, min_width=12)
    table.add_column("agreement", **fixed(9))  # 'Partly Agreed' wraps on a narrow terminal
    table.add_column("owner", max_width=18, overflow="fold", **fixed(10))
    # 'September' fits 9; an unreadable target's marker, 12, has the days' room
    table.add_column("target", min_width=8, max_width=16, **fixed(9 if days else 12))
    if days:
        table.add_column("days overdue", justify="right", max_width=7, **fixed(7))
    judged = any(action.judgement for action in actions)
    if judged:  # the column is left out when no action has a judgement: it saves room
        table.add_column("IRP judgement", max_width=12, **fixed(12))
    table.add_column("review", no_wrap=True)
    for action in actions:
        target = Text(action.target or "")
        if action.target_unreadable:
            target.append(" (unreadable)", style="bold yellow")
        judgement = Text(action.judgement or "")
        if link := action.link_note():
            judgement.append(f" ({link})", style="yellow")
        cells: list[str | Text] = [
            action.rec_no or "",
            action.summary,
            action.agreement_shown() or "(none)",
            action.owner or "",
            target,
            *([str(action.days_overdue) if action.overdue else ""] if days else []),
            *([judgement] if judged else []),
            action.review_status,
        ]
        if plan_column:
            cells.insert(0, action.plan_published or str(action.document_id))
        table.add_row(*cells, style="red" if action.overdue else None)
    return table
