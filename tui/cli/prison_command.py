"""``hmip-review prison NAME``: an establishment over time, and its repeated recommendations.

Like ``outstanding``, it starts light: click, ``store.reports.prison`` and the
shared ``tui.cli.options``/``output``; the database is opened with the standard
library's sqlite3 when it is current (``store.plain_connection``), json or rich
only for the format asked for.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from store.plain_connection import connect_current
from store.plural import counted
from store.reports.outstanding import find_establishment
from store.reports.prison import (
    NO_AGREEMENT,
    ChainLink,
    PrisonDocument,
    PrisonReport,
    report_of,
)
from tui.cli.options import DayParam, db_file, db_option, open_store
from tui.cli.output import new_table, note

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

FORMATS = ("table", "json")
UNCONFIRMED = "unconfirmed"  # how the table marks a link no reviewer confirmed


@click.command("prison", short_help="An establishment over time, and its repeated recommendations.")
@click.argument("name")
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
    default="table",
    show_default=True,
    help="table or json.",
)
@db_option
def prison_command(name: str, as_of: date | None, output_format: str, db_path: str | None) -> None:
    """An establishment's documents in time order, what each says, and every chain of
    repeated recommendations.

    Per action plan: recommendations by agreement, actions open / overdue /
    complete / not applicable / target unreadable, and review progress; per IRP
    report: judgements by value. Then each chain of a recommendation repeated
    from one plan to the next, earliest first, with each plan's agreement and the
    latest judgement; a link no reviewer confirmed is marked unconfirmed.

    NAME is matched as by `outstanding`: 'belmarsh', 'HMP Belmarsh' and 'belm'
    all find HMP Belmarsh. An unknown or ambiguous name says so and exits with
    status 1.
    """
    path = db_file(db_path)
    db = connect_current(path) or open_store(path, create=False, read_only=True)
    try:
        report = report_of(db, find_establishment(db, name), as_of)
    except StoreError as exc:
        note(f"error: {exc}")
        sys.exit(1)
    finally:
        db.close()
    if output_format == "json":
        import json

        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        console = Console()
        console.print(as_table(report))


# --------------------------------------------------------------------------- the table


def as_table(report: PrisonReport) -> Group:
    """The report as rich renderables that fit 80 columns: a timeline line, the plans,
    the IRP reports, then the repeat chains."""
    from rich.console import Group
    from rich.text import Text

    plans = [d for d in report.documents if d.kind == "action_plan"]
    irps = [d for d in report.documents if d.kind != "action_plan"]
    as_of = report.as_of.isoformat() if report.as_of else "today"
    parts: list = [
        Text(
            f"{report.establishment}: {counted(len(plans), 'action plan')}, "
            f"{counted(len(irps), 'IRP report')}, "
            f"{counted(len(report.repeat_chains), 'repeat chain')}",
            style="bold",
        ),
        Text("Timeline: " + (" · ".join(_when(d) for d in report.documents) or "(none)")),
    ]
    if plans:
        parts += [Text(""), _plans_table(plans, as_of)]
    if irps:
        parts += [Text(""), _irps_table(irps)]
    parts.append(Text(""))
    if report.repeat_chains:
        parts.append(_chains_table(report.repeat_chains))
    else:
        parts.append(Text("Repeat chains: none (no recommendation is linked to an earlier one)"))
    return Group(*parts)


def _when(doc: PrisonDocument) -> str:
    kind = "plan" if doc.kind == "action_plan" else "IRP"
    return f"{doc.year or '(no date)'} {kind}"


def _plans_table(plans: list[PrisonDocument], as_of: str) -> Table:
    table = new_table(f"Action plans: agreement, actions (overdue as of {as_of})")
    table.padding = (0, 0, 0, 0)
    table.add_column("published", no_wrap=True)
    for header in ("agreed", "partly", "not", NO_AGREEMENT):
        table.add_column(header, justify="right", no_wrap=True)
    for header in ("open", "overdue", "done", "n/a", "unread"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("reviewed", justify="right", no_wrap=True)
    for doc in plans:
        a, n = doc.agreements, doc.actions
        table.add_row(
            doc.published or f"{doc.year or '(no date)'}",
            *(str(a.get(k, 0)) for k in ("Agreed", "Partly Agreed", "Not Agreed", NO_AGREEMENT)),
            str(n.get("open", 0)),
            _flagged(n.get("overdue", 0), "red"),
            str(n.get("complete", 0)),
            str(n.get("not_applicable", 0)),
            _flagged(n.get("target_unreadable", 0), "yellow"),
            _reviewed(doc),
        )
    return table


def _reviewed(doc: PrisonDocument):
    """'3/18'; for a plan stored with no records (its table not read), 'no records':
    its zeros are not counts."""
    from rich.text import Text

    return Text(
        f"{doc.reviewed}/{doc.total}" if doc.total else "no records",
        style="" if doc.total else "yellow",
    )


def _flagged(n: int, style: str):
    from rich.text import Text

    return Text(str(n), style=style if n else "")


def _irps_table(irps: list[PrisonDocument]) -> Table:
    table = new_table("IRP reports: judgements by value, lowest first")
    table.padding = (0, 0, 0, 0)
    table.add_column("published", no_wrap=True)
    table.add_column("scale", no_wrap=True)
    table.add_column("judgements", ratio=1)
    table.add_column("reviewed", justify="right", no_wrap=True)
    for doc in irps:
        when = doc.published or f"{doc.year or '(no date)'}"
        sides = [("HMIP", doc.judgements), ("education", doc.education_judgements)]
        shown = [(scale, counts) for scale, counts in sides if any(counts.values())]
        for i, (scale, counts) in enumerate(shown or [("HMIP", {})]):
            table.add_row(
                when if i == 0 else "",
                scale,
                ", ".join(f"{n} {v.removesuffix(' progress').lower()}" for v, n in counts.items())
                or "(none read)",
                f"{doc.reviewed}/{doc.total}" if i == 0 else "",
            )
    return table


def _judgement(link: ChainLink):
    """The latest judgement, its link marked when no reviewer confirmed it."""
    from rich.text import Text

    text = Text(link.judgement or "-")
    if note := link.judgement_note():
        text.append(f" ({note})", style="yellow")
    return text


def _chains_table(chains: list[list[ChainLink]]) -> Table:
    from rich.text import Text

    table = new_table("Repeat chains, earliest first")
    table.padding = (0, 0, 0, 0)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("plan", no_wrap=True)
    table.add_column("rec", no_wrap=True)
    table.add_column("ref", no_wrap=True)
    table.add_column("agreement", max_width=13)
    table.add_column("latest judgement", ratio=1)
    table.add_column("link", no_wrap=True)
    for number, chain in enumerate(chains, start=1):
        for i, link in enumerate(chain):
            if i == 0:
                mark = Text("first")
            elif link.confirmed:
                mark = Text("confirmed")
            else:
                score = "" if link.score is None else f" {link.score:.2f}"
                mark = Text(f"{UNCONFIRMED}{score}", style="yellow")
            table.add_row(
                str(number) if i == 0 else "",
                str(link.year or "(no date)"),
                link.rec_no or "",
                link.ref or "",
                link.agreement or "(none)",
                _judgement(link),
                mark,
            )
        if number < len(chains):
            table.add_section()
    return table
