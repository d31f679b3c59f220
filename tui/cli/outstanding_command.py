"""``hmip-review outstanding NAME``: a prison's open actions, and which are overdue.

It answers without Textual, sqlite-utils, pathlib or the importer: click,
``store.reports.outstanding`` and the shared ``tui.cli.options``/``output`` (which
import the rest when used) are imported at start-up (the command group loads this
module only for this command), the database is opened with the standard library's
sqlite3 when it is current (``store.plain_connection``), json, csv and rich only for the
format asked for, and rapidfuzz only when a name needs the fuzzy rule.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from store.plain_connection import connect_current
from store.reports.outstanding import OUTSTANDING_KEYS, Outstanding, outstanding
from tui.cli.options import db_file, db_option, open_store
from tui.cli.output import new_table, note

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

FORMATS = ("table", "csv", "json")


class DayParam(click.ParamType):
    """A day as a user writes it, read with python-dateutil.

    ISO and other year-first forms read year-month-day ('2022-06-30',
    '2022/06/30'); anything else reads day first, as in the UK ('30/06/2022',
    '30 June 2022'). A month without a day means its first day.
    """

    name = "DATE"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            # The plain ISO form is read by the standard library, the same day
            # dateutil gives, without the ~15 ms of importing dateutil's parser.
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass  # dateutil says why (or reads it its own way)
        from dateutil import parser

        year_first = re.match(r"\d{4}\D", text + " ") is not None
        try:
            return parser.parse(
                text,
                dayfirst=not year_first,
                yearfirst=year_first,
                default=datetime(date.today().year, 1, 1),
            ).date()
        except (ValueError, OverflowError):
            self.fail(f"{text!r} is not a date (try 2022-06-30 or '30 June 2022')", param, ctx)


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
    else:
        from rich.console import Console

        Console().print(as_table(result))


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
        "actions": [action.as_dict() for action in result.actions],
    }


def write_csv(result: Outstanding, stream) -> None:
    """One header row of ``OUTSTANDING_KEYS``, then one row per action (overdue as 1/0)."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTSTANDING_KEYS)
    for action in result.actions:
        row = action.as_dict()
        row["overdue"] = int(action.overdue)
        writer.writerow("" if row[key] is None else row[key] for key in OUTSTANDING_KEYS)


def as_table(result: Outstanding) -> Table | Text:
    """A rich table for the terminal: overdue rows in red."""
    plans = result.plans
    latest = plans[0]
    scope = (
        f"{len(plans)} action plans"
        if result.all_plans and len(plans) > 1
        else f"action plan published {latest.published or '(no date)'}"
    )
    what = "overdue actions" if result.overdue_only else "outstanding actions"
    title = (
        f"{result.establishment.name}: {len(result.actions)} {what} "
        f"({result.overdue_count} overdue as of {result.as_of.isoformat()}), {scope}"
    )
    if not result.actions:
        from rich.text import Text

        return Text(f"{title}.")
    table = new_table(title)
    table.padding = (0, 1, 0, 0)  # one space between columns: eight of them fit 80 columns
    if result.all_plans and len(plans) > 1:
        table.add_column("plan", no_wrap=True)
    table.add_column("rec", no_wrap=True)
    table.add_column("recommendation", ratio=1, min_width=12)
    table.add_column("agreement", no_wrap=True)
    table.add_column("owner", ratio=None, max_width=18, overflow="fold")
    table.add_column("target", min_width=8, max_width=16)
    table.add_column("days overdue", justify="right", max_width=7)
    judged = any(action.judgement for action in result.actions)
    if judged:  # the column is left out when no action has a judgement: it saves room
        table.add_column("IRP judgement", max_width=12)
    table.add_column("review", no_wrap=True)
    for action in result.actions:
        cells = [
            action.rec_no or "",
            action.summary,
            action.agreement or "(none)",
            action.owner or "",
            action.target or "",
            str(action.days_overdue) if action.overdue else "",
            *([action.judgement or ""] if judged else []),
            action.review_status,
        ]
        if result.all_plans and len(plans) > 1:
            cells.insert(0, action.plan_published or str(action.document_id))
        table.add_row(*cells, style="red" if action.overdue else None)
    return table
