"""Links of a judgement: which recommendations it judges; confirm, add or remove them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store.review.queue import document_label
from store.review.records import RecordDetail, link_candidates
from tui.background import run_and_post


class LinksScreen(Screen[dict[int, bool] | None]):
    """The recommendations of the judgement's prison, linked ones first.

    space links or unlinks the highlighted recommendation; c confirms (or
    unconfirms) a link. ctrl+s returns {recommendation id: confirmed}, escape None.
    """

    CSS_PATH = "links.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="links.save"),
        Binding("escape", "cancel", "Cancel", id="links.cancel"),
        Binding("space", "toggle_link", "Link / unlink", id="links.toggle"),
        Binding("c", "toggle_confirmed", "Confirm", id="links.confirm"),
        Binding("j", "cursor(1)", "Down", show=False, id="links.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="links.up"),
    ]

    class Loaded(Message):
        def __init__(self, candidates: list[dict] | None, error: str = "") -> None:
            super().__init__()
            self.candidates, self.error = candidates, error

    def __init__(self, db_path: Path, detail: RecordDetail) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.detail = detail
        self.candidates: list[dict] = []
        self.links: dict[int, bool] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="⇄")
        record = self.detail.record
        about = Text(f"{record.get('inspectorate')} {record.get('ref') or ''} · ", style="bold")
        about.append(record.get("judgement") or "no judgement")
        about.append(f"\n{record.get('text') or ''}", style="dim")
        yield Static(about, id="links-about")
        yield DataTable(id="links-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Links"
        self.sub_title = self.detail.source_label  # by hand: where the queue shows it
        table = self.query_one(DataTable)
        for label in ("link", "score", "plan", "no", "ref", "recommendation"):
            table.add_column(label, key=label)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Read the judgement's candidate recommendations in a worker thread."""
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Loaded(link_candidates(db, self.detail.id)),
            on_error=lambda reason: self.Loaded(None, reason),
        )

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        if message.candidates is None:
            self.notify(message.error, severity="error")
            return
        self.candidates = message.candidates
        self.links = {
            c["recommendation_id"]: bool(c["confirmed"]) for c in self.candidates if c["linked"]
        }
        table = self.query_one(DataTable)
        table.clear()
        for candidate in self.candidates:
            score = candidate.get("score")
            table.add_row(
                self._mark(candidate["recommendation_id"]),
                "" if score is None else f"{score:.2f}",
                document_label(candidate),
                candidate.get("rec_no") or "—",
                candidate.get("ref") or "—",
                " ".join((candidate.get("recommendation") or "").split())[:120],
                key=str(candidate["recommendation_id"]),
            )

    def _mark(self, recommendation_id: int) -> Text:
        if recommendation_id not in self.links:
            return Text("·", style="dim")
        if self.links[recommendation_id]:
            return Text("✓ confirmed", style="bold green")
        return Text("? unconfirmed", style="yellow")

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.candidates:
            return None
        return self.candidates[table.cursor_row]["recommendation_id"]

    def _redraw(self, recommendation_id: int) -> None:
        self.query_one(DataTable).update_cell(
            str(recommendation_id), "link", self._mark(recommendation_id)
        )

    def action_toggle_link(self) -> None:
        rec = self._current()
        if rec is None:
            return
        if rec in self.links:
            del self.links[rec]
        else:
            self.links[rec] = True
        self._redraw(rec)

    def action_toggle_confirmed(self) -> None:
        rec = self._current()
        if rec is None:
            return
        self.links[rec] = not self.links.get(rec, False)
        self._redraw(rec)

    def action_cursor(self, offset: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + offset)

    def action_save(self) -> None:
        self.dismiss(dict(self.links))

    def action_cancel(self) -> None:
        self.dismiss(None)
