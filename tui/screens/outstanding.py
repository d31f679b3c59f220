"""The outstanding-actions screen: what is still open at a prison, and what is overdue.

The same rows as ``hmip-review outstanding NAME``. A worker thread opens its
own connection through ``store`` and posts the answer back in a message; the
screen only shows it. Enter on a row dismisses the screen with that action's
``recommendation_id``, so the review app can jump to the record in its queue::

    def action_outstanding(self) -> None:  # the review app's `o`
        def jump(recommendation_id: int | None) -> None:
            if recommendation_id is not None:
                ...  # show that record in the queue

        self.push_screen(OutstandingScreen(self.db_path, establishment), jump)

Its own keys: ``o`` overdue only, ``a`` all plans, ``j``/``k`` move, ``enter``
go to the record, ``escape`` close.

The columns fit the screen at any width (``column_widths``): the number, owner,
target, days overdue, latest judgement and review status always show, the
recommendation's words shrink to one line of what is left, and the agreement and
plan columns give way first under about 100 columns. The lines under the table
show the highlighted row's values in full.

Actions whose target could not be read come last, under a heading row of their
own ("target unreadable"): whether they are overdue is unknown, so they are
never shown as if they had no date, and with overdue only on a line under the
table says how many were left out. A judgement reached through a link nobody
confirmed says so, with the link's score.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.reports.outstanding import (
    UNREADABLE_GROUP,
    Outstanding,
    OutstandingAction,
    not_judged,
    outstanding,
)
from tui.background import run_and_post
from tui.screens.outstanding_table import COLUMNS, cells_of, fitted_columns, strip_parts
from tui.unread_plans import plans_without_records, unread_note
from tui.widgets.cell_text import PaneTitle, RowStrip

HEADING_KEY = "group:unreadable"  # the row that heads the unreadable group: not an action


class OutstandingScreen(Screen[int | None]):
    """The open actions of one establishment's latest action plan (or all its plans).

    Dismissed with the selected row's ``recommendation_id`` on enter, or with
    ``None`` on escape.
    """

    CSS_PATH = "outstanding.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="outstanding.close"),
        Binding("o", "toggle_overdue", "Overdue only", id="outstanding.overdue"),
        Binding("a", "toggle_all_plans", "All plans", id="outstanding.all_plans"),
        Binding("j", "cursor_down", "Down", show=False, id="outstanding.down"),
        Binding("k", "cursor_up", "Up", show=False, id="outstanding.up"),
    ]

    class Loaded(Message):
        """The worker read the establishment's outstanding actions."""

        def __init__(self, result: Outstanding, unread: list[str] | None = None) -> None:
            super().__init__()
            self.result = result
            self.unread = unread or []  # what to say of each plan listed with no records

    class LoadFailed(Message):
        """The worker could not answer: a bad database or a name that fits no one prison."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self,
        db_path: Path,
        establishment: str,
        *,
        as_of: date | None = None,
        overdue_only: bool = False,
        all_plans: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.establishment = establishment
        self.as_of = as_of
        self.overdue_only = overdue_only
        self.all_plans = all_plans
        self.result: Outstanding | None = None
        self._recommendation_of: dict[str, int] = {}  # row key (action id) -> recommendation id
        self._action_of: dict[str, OutstandingAction] = {}  # row key -> the row's action
        self._filled_width = 0  # the screen width the columns were fitted to

    def compose(self) -> ComposeResult:
        yield PaneTitle(f"Outstanding actions: {self.establishment}", id="outstanding-title")
        yield DataTable(id="outstanding-table", cursor_type="row", zebra_stripes=True)
        yield RowStrip(id="outstanding-strip")
        yield Static("", id="outstanding-not-judged")
        yield Static("", id="outstanding-unread")
        yield Static("Loading…", id="outstanding-status")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="outstanding")
    def load(self) -> None:
        """Read the rows in a worker thread (its own connection) and post them back."""

        def job(db) -> OutstandingScreen.Loaded:
            result = outstanding(
                db,
                self.establishment,
                as_of=self.as_of,
                all_plans=self.all_plans,
                overdue_only=self.overdue_only,
            )
            unread = [unread_note(result, plan) for plan in plans_without_records(result)]
            return self.Loaded(result, unread)

        run_and_post(self, self.db_path, job, on_error=self.LoadFailed)

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.result = result = message.result
        self._fill(result)
        self.query_one("#outstanding-title", PaneTitle).show(*_titles(result))
        not_judged_line = self.query_one("#outstanding-not-judged", Static)
        shown = result.overdue_only and result.unreadable_count > 0
        not_judged_line.display = shown
        if shown:
            not_judged_line.update(f"{not_judged(result.unreadable_count)} (press o to see them)")
        unread_line = self.query_one("#outstanding-unread", Static)
        unread_line.display = bool(message.unread)  # '0 outstanding' is no answer for these
        unread_line.update("\n".join(f"⚠ {line}" for line in message.unread))
        status = self.query_one("#outstanding-status", Static)
        status.remove_class("-error")
        if result.actions:
            status.update("enter: go to the record · o: overdue only · a: all plans · esc: close")
        else:
            what = "overdue" if result.overdue_only else "outstanding"
            status.update(f"No {what} actions.")
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width, keeping the row the cursor is on."""
        if self.result is not None and event.size.width != self._filled_width:
            table = self.query_one(DataTable)
            row = table.cursor_row
            self._fill(self.result)
            table.move_cursor(row=row)

    def _fill(self, result: Outstanding) -> None:
        """The rows, readable targets first, then the unreadable group under its heading."""
        several = result.all_plans and len(result.plans) > 1
        table = self.query_one(DataTable)
        self._filled_width = self.size.width
        widths = fitted_columns(
            self.size.width - table.styles.scrollbar_size_vertical,
            (("plan",) if several else ()) + COLUMNS,
            table.cell_padding,
        )
        names = tuple(widths)
        table.clear(columns=True)
        table.header_height = 2  # 'days overdue' and 'IRP judgement' wrap
        for name in names:
            label = name
            if name == "recommendation" and widths[name] < len(name):
                label = "text"  # its words, cut: 'recommenda/tion' would wrap in the header
            table.add_column(label, key=name, width=widths[name])
        self._recommendation_of.clear()
        self._action_of.clear()
        unreadable = result.unreadable
        for action in result.readable:
            self._add_row(table, action, widths)
        if unreadable:
            heading = Text(
                f"{UNREADABLE_GROUP} ({len(unreadable)}): not a date, overdue unknown",
                style="bold yellow",
            )
            cells = {name: Text("") for name in names}
            cells["recommendation"] = heading
            table.add_row(*cells.values(), key=HEADING_KEY, height=None)
            for action in unreadable:
                self._add_row(table, action, widths)
        self._show_strip()

    def _add_row(self, table: DataTable, action: OutstandingAction, widths: dict) -> None:
        key = str(action.action_id)
        self._recommendation_of[key] = action.recommendation_id
        self._action_of[key] = action
        cells = cells_of(action, widths.get("IRP judgement"))
        cells["plan"] = Text(action.plan_published or str(action.document_id))
        # the recommendation's words on one line (in full under the table); the rest wrap
        words = cells["recommendation"]
        words.no_wrap, words.overflow = True, "ellipsis"
        table.add_row(*(cells[name] for name in widths), key=key, height=None)

    @on(DataTable.RowHighlighted, "#outstanding-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_strip()

    def _show_strip(self) -> None:
        """The highlighted row's values in full, under the table."""
        strip = self.query_one("#outstanding-strip", RowStrip)
        table = self.query_one(DataTable)
        action = None
        if table.row_count and 0 <= table.cursor_row < table.row_count:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            action = self._action_of.get(str(key))
        strip.display = action is not None or table.row_count > 0
        if action is None:
            strip.show_values(
                f"{UNREADABLE_GROUP}: not a date, so whether they are overdue is unknown"
                if table.row_count
                else None
            )
            return
        strip.show_values(*strip_parts(action))

    @on(LoadFailed)
    def show_failure(self, message: LoadFailed) -> None:
        self.result = None
        self.query_one(DataTable).clear()
        self.query_one("#outstanding-not-judged", Static).display = False
        status = self.query_one("#outstanding-status", Static)
        status.add_class("-error")
        status.update(f"error: {message.reason}")

    @on(DataTable.RowSelected, "#outstanding-table")
    def jump_to_record(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: close, handing the review app the row's recommendation id."""
        event.stop()
        recommendation_id = self._recommendation_of.get(str(event.row_key.value))
        if recommendation_id is not None:
            self.dismiss(recommendation_id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self.load()

    def action_toggle_all_plans(self) -> None:
        self.all_plans = not self.all_plans
        self.load()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()


def _titles(result: Outstanding) -> tuple[str, str]:
    """The title, then a shorter wording of it for a narrow screen (80 columns: one
    line, not two)."""
    plans = result.plans
    several = result.all_plans and len(plans) > 1
    published = plans[0].published or "(no date)"
    scope = f"{len(plans)} action plans" if several else f"action plan published {published}"
    short_scope = f"{len(plans)} plans" if several else f"plan of {published}"
    what = "overdue" if result.overdue_only else "outstanding"
    unreadable = len(result.unreadable)
    apart = f", {unreadable} {UNREADABLE_GROUP}" if unreadable else ""
    counts = f"{result.overdue_count} overdue as of {result.as_of.isoformat()}{apart}"
    name = result.establishment.name
    return (
        f"{name}: {len(result.actions)} {what} actions, {counts} · {scope}",
        f"{name}: {len(result.actions)} {what}, {counts} · {short_scope}",
    )
