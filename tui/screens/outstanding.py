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
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.reports.outstanding import Outstanding, OutstandingAction, outstanding
from tui.background import run_and_post

COLUMNS = (
    "rec",
    "recommendation",
    "agreement",
    "owner",
    "target",
    "days overdue",
    "IRP judgement",
    "review",
)


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

        def __init__(self, result: Outstanding) -> None:
            super().__init__()
            self.result = result

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

    def compose(self) -> ComposeResult:
        yield Static(f"Outstanding actions: {self.establishment}", id="outstanding-title")
        yield DataTable(id="outstanding-table", cursor_type="row", zebra_stripes=True)
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
            return self.Loaded(result)

        run_and_post(self, self.db_path, job, on_error=self.LoadFailed)

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.result = result = message.result
        several = result.all_plans and len(result.plans) > 1
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*(("plan",) if several else ()), *COLUMNS)
        self._recommendation_of.clear()
        for action in result.actions:
            key = str(action.action_id)
            self._recommendation_of[key] = action.recommendation_id
            plan = [Text(action.plan_published or str(action.document_id))] if several else []
            table.add_row(*plan, *_cells(action), key=key)
        self.query_one("#outstanding-title", Static).update(_title(result))
        status = self.query_one("#outstanding-status", Static)
        status.remove_class("-error")
        if result.actions:
            status.update("enter: go to the record · o: overdue only · a: all plans · esc: close")
        else:
            what = "overdue" if result.overdue_only else "outstanding"
            status.update(f"No {what} actions.")
        table.focus()

    @on(LoadFailed)
    def show_failure(self, message: LoadFailed) -> None:
        self.result = None
        self.query_one(DataTable).clear()
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


def _title(result: Outstanding) -> str:
    plans = result.plans
    if result.all_plans and len(plans) > 1:
        scope = f"{len(plans)} action plans"
    else:
        scope = f"action plan published {plans[0].published or '(no date)'}"
    what = "overdue" if result.overdue_only else "outstanding"
    return (
        f"{result.establishment.name}: {len(result.actions)} {what} actions, "
        f"{result.overdue_count} overdue as of {result.as_of.isoformat()} · {scope}"
    )


def _cells(action: OutstandingAction) -> list[Text]:
    style = "bold red" if action.overdue else ""
    values = (
        action.rec_no or "",
        action.summary,
        action.agreement or "(none)",
        action.owner or "",
        action.target or "",
        str(action.days_overdue) if action.overdue else "",
        action.judgement or "",
        action.review_status,
    )
    return [Text(value, style=style) for value in values]
