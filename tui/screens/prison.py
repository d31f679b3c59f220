"""The prison screen: one establishment over time.

Opened with ``h`` on the queue (the current record's establishment) or from the
prison picker. The same content as ``hmip-review prison NAME``, read by
``store.reports.prison.prison_report`` in a worker (``tui.background.run_and_post``):

* its documents in time order, each plan with its recommendations by agreement,
  its actions (open, overdue, complete, not applicable, target unreadable) and
  its review progress, each IRP report with its judgements by value;
* every chain of repeated recommendations, each link with its plan year, number,
  agreement and latest judgement, an unconfirmed link marked as such;
* four charts (``tui.widgets.charts``): agreement per plan, actions per plan,
  IRP judgements by value, and the documents on a timeline.

Keys: ``tab`` / ``shift+tab`` move between the documents, the chains and the charts
(the screen scrolls to the part), the arrows and ``j`` / ``k`` move within a list (or
scroll the charts), ``enter`` on a document opens that document's queue and on a
chain's recommendation shows that record in the queue, ``escape`` closes. The screen
is dismissed with ``("document", id)``, ``("recommendation", id)`` or ``None``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.plural import counted
from store.reports.prison import PrisonReport, prison_report
from tui.background import run_and_post
from tui.screens.prison_content import (
    action_chart,
    agreement_chart,
    chain_heading,
    document_line,
    is_plan,
    judgement_chart,
    labels_of,
    link_line,
    timeline_chart,
)
from tui.widgets.chain_line import wrap_kept
from tui.widgets.charts import BarChart, TimelineChart

Target = tuple[str, int]  # ("document", id) or ("recommendation", id)
DOCUMENT, RECOMMENDATION = "document", "recommendation"
ONE_COLUMN_BELOW = 70  # narrower than this, the charts go one under another


class ChartsGrid(Grid, can_focus=True):
    """The four charts; focusable so that tab reaches them and the arrows scroll them."""

    BINDINGS = [
        Binding("down", "scroll_body(1)", "Scroll down", show=False, id="prison.charts_down"),
        Binding("up", "scroll_body(-1)", "Scroll up", show=False, id="prison.charts_up"),
        Binding(
            "pagedown", "scroll_body(10)", "Page down", show=False, id="prison.charts_page_down"
        ),
        Binding("pageup", "scroll_body(-10)", "Page up", show=False, id="prison.charts_page_up"),
    ]

    def action_scroll_body(self, lines: int) -> None:
        body = self.screen.query_one("#prison-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)


class PrisonScreen(Screen[Target | None]):
    """An establishment's documents, repeat chains and charts."""

    CSS_PATH = "prison.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="prison.close"),
        Binding("tab", "app.focus_next", "Next part", id="prison.next_part"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous part",
            show=False,
            id="prison.previous_part",
        ),
        Binding("j", "move(1)", "Down", show=False, id="prison.down"),
        Binding("k", "move(-1)", "Up", show=False, id="prison.up"),
    ]

    class Loaded(Message):
        def __init__(self, report: PrisonReport | None) -> None:
            super().__init__()
            self.report = report

    class LoadFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self,
        db_path: Path,
        establishment: str,
        *,
        as_of: date | None = None,
        recommendation_id: int | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.establishment = establishment
        self.as_of = as_of
        self.recommendation_id = recommendation_id  # the record it was opened from
        self.report: PrisonReport | None = None
        self._chains_width = 0  # the width the chains' lines were broken for

    def compose(self) -> ComposeResult:
        yield Static(f"Prison over time: {self.establishment}", id="prison-title")
        with VerticalScroll(id="prison-body", can_focus=False):
            yield Static("Documents", classes="prison-heading", id="prison-documents-heading")
            yield OptionList(id="prison-documents")
            yield Static(
                "Repeated recommendations", classes="prison-heading", id="prison-chains-heading"
            )
            yield OptionList(id="prison-chains")
            yield Static("Charts", classes="prison-heading")
            with ChartsGrid(id="prison-charts"):
                yield BarChart(id="agreement-chart")
                yield BarChart(id="action-chart")
                yield BarChart(id="judgement-chart")
                yield TimelineChart(id="timeline-chart")
        yield Static("Loading…", id="prison-status")
        yield Footer()

    def on_mount(self) -> None:
        self._fit_columns(self.size.width)
        self.query_one("#prison-documents", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="prison")
    def load(self) -> None:
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Loaded(prison_report(db, self.establishment, as_of=self.as_of)),
            on_error=self.LoadFailed,
        )

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns(event.size.width)
        if self.report is not None:
            self.call_after_refresh(self._refit_chains)

    def _chain_width(self) -> int:
        """What a chain's line may take: the list's width less room for its scrollbar."""
        chains = self.query_one("#prison-chains", OptionList)
        return (chains.content_region.width or self.size.width - 2) - 2

    def _refit_chains(self) -> None:
        """Break the chains' lines again for a new width, keeping the highlighted line."""
        if self.report is None or self._chain_width() == self._chains_width:
            return
        chains = self.query_one("#prison-chains", OptionList)
        at = chains.highlighted
        self._fill_chains(self.report)
        if at is not None and at < chains.option_count:
            chains.highlighted = at

    def _fit_columns(self, width: int) -> None:
        self.query_one(ChartsGrid).set_class(width < ONE_COLUMN_BELOW, "-one-column")

    # --- what the worker read ---------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        report = self.report = message.report
        status = self.query_one("#prison-status", Static)
        if report is None:
            status.add_class("-error")
            status.update(f"No documents of a prison matching “{self.establishment}”.")
            return
        status.remove_class("-error")
        self.query_one("#prison-title", Static).update(_title(report))
        self._fill_documents(report)
        self._fill_chains(report)
        self.query_one("#agreement-chart", BarChart).show(agreement_chart(report))
        self.query_one("#action-chart", BarChart).show(action_chart(report))
        self.query_one("#judgement-chart", BarChart).show(judgement_chart(report))
        self.query_one("#timeline-chart", TimelineChart).show(timeline_chart(report))
        status.update("enter: open the document or record · tab: next part · esc: close")

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        status = self.query_one("#prison-status", Static)
        status.add_class("-error")
        status.update(f"error: {message.reason}")

    def _fill_documents(self, report: PrisonReport) -> None:
        labels = labels_of(report.documents)
        documents = self.query_one("#prison-documents", OptionList)
        documents.clear_options()
        documents.add_options(
            Option(document_line(d, labels[d.id]), id=f"{DOCUMENT}:{d.id}")
            for d in report.documents
        )
        plans = sum(1 for d in report.documents if is_plan(d))
        irps = len(report.documents) - plans
        self.query_one("#prison-documents-heading", Static).update(
            f"Documents: {counted(plans, 'action plan')}, {counted(irps, 'IRP report')}"
        )
        if report.documents:
            documents.highlighted = 0

    def _fill_chains(self, report: PrisonReport) -> None:
        chains = self.query_one("#prison-chains", OptionList)
        chains.clear_options()
        options: list[Option] = []
        at = None
        width = self._chains_width = self._chain_width()
        for number, chain in enumerate(report.repeat_chains, start=1):
            options.append(Option(chain_heading(number, chain), disabled=True))
            for i, link in enumerate(chain):
                if link.recommendation_id == self.recommendation_id and at is None:
                    at = len(options)
                options.append(
                    Option(  # a line too long wraps between its parts, indented under it
                        wrap_kept(link_line(link, first=i == 0), width, hang=6, at=" · "),
                        id=f"{RECOMMENDATION}:{link.recommendation_id}:{number}",
                    )
                )
        if not options:
            options.append(
                Option(
                    Text("No recommendation of this prison is printed as repeated.", style="dim"),
                    disabled=True,
                )
            )
        chains.add_options(options)
        unconfirmed = sum(1 for c in report.repeat_chains for link in c[1:] if not link.confirmed)
        heading = f"Repeated recommendations: {counted(len(report.repeat_chains), 'chain')}"
        if unconfirmed:
            heading += f" ({counted(unconfirmed, 'unconfirmed link')})"
        self.query_one("#prison-chains-heading", Static).update(heading)
        if at is not None:
            chains.highlighted = at
        elif report.repeat_chains:
            chains.highlighted = 1

    # --- keys ---------------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, _, rest = option_id.partition(":")
        if kind in (DOCUMENT, RECOMMENDATION):
            self.dismiss((kind, int(rest.split(":")[0])))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_move(self, by: int) -> None:
        """j / k as the arrows: in a list the cursor, on the charts the scroll."""
        focused = self.focused
        if isinstance(focused, OptionList):
            (focused.action_cursor_down if by > 0 else focused.action_cursor_up)()
        elif isinstance(focused, ChartsGrid):
            focused.action_scroll_body(by)


def _title(report: PrisonReport) -> str:
    """'HMP X over time: 4 documents, 2 repeat chains · as of 2024-01-01' (the day overdue
    is judged against)."""
    title = (
        f"{report.establishment} over time: {counted(len(report.documents), 'document')}, "
        f"{counted(len(report.repeat_chains), 'repeat chain')}"
    )
    if report.as_of is not None:
        title += f" · as of {report.as_of.isoformat()}"
    return title


def open_prison(queue, establishment: str | None = None) -> None:
    """Open the prison screen over the queue (``h``; the prison picker): the current
    record's establishment unless another is named. Back in the queue, enter on a
    document shows that document's queue, on a recommendation that record."""
    row = queue.current
    name = establishment or (row.establishment if row is not None else None)
    if not name:
        queue.notify("Move to a record of the prison first.")
        return
    current = row.id if row is not None and row.kind == RECOMMENDATION else None

    def back(target: Target | None) -> None:
        if target is None:
            return
        kind, target_id = target
        if kind == RECOMMENDATION:
            queue.jump_to((RECOMMENDATION, target_id))
        else:
            queue.open_document(target_id)

    queue.app.push_screen(PrisonScreen(queue.db_path, name, recommendation_id=current), back)
