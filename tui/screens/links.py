"""Links of a judgement: which recommendations it judges; confirm, add or remove them.

The table fits the screen: the recommendation's text takes one line of what the
other columns leave, and the lines under the table show the highlighted
recommendation in full (``tui.widgets.cell_text.RowStrip``).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store.review.queue import document_label
from store.review.records import RecordDetail, link_candidates
from tui.background import run_and_post
from tui.widgets.cell_text import RowStrip

# (label, width); the recommendation column takes what is left, at least its minimum
COLUMNS = (("link", 13), ("score", 5), ("plan", 16), ("no", 6), ("ref", 6))
RECOMMENDATION_LEAST = 20


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
        yield RowStrip(id="links-strip")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Links"
        self.sub_title = self.detail.source_label  # by hand: where the queue shows it
        self._add_columns()
        self.query_one(DataTable).focus()
        self.load()

    def _add_columns(self) -> None:
        """The columns at this width: the recommendation's text has what is left."""
        table = self.query_one(DataTable)
        self._width = self.size.width
        padding = 2 * table.cell_padding * (len(COLUMNS) + 1)
        room = self.size.width - padding - table.styles.scrollbar_size_vertical
        rest = max(RECOMMENDATION_LEAST, room - sum(width for _, width in COLUMNS))
        for label, width in (*COLUMNS, ("recommendation", rest)):
            table.add_column(label, key=label, width=width)

    def on_resize(self, event: events.Resize) -> None:
        if getattr(self, "_width", None) not in (None, event.size.width):
            table = self.query_one(DataTable)
            row = table.cursor_row
            table.clear(columns=True)
            self._add_columns()
            self._fill()
            table.move_cursor(row=row)

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
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for candidate in self.candidates:
            score = candidate.get("score")
            # the whole text, drawn on one line cut with … (in full under the table)
            words = Text(" ".join((candidate.get("recommendation") or "").split()))
            words.no_wrap, words.overflow = True, "ellipsis"
            table.add_row(
                self._mark(candidate["recommendation_id"]),
                "" if score is None else f"{score:.2f}",
                document_label(candidate),
                candidate.get("rec_no") or "—",
                candidate.get("ref") or "—",
                words,
                key=str(candidate["recommendation_id"]),
            )
        self._show_strip()

    @on(DataTable.RowHighlighted, "#links-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_strip()

    def _show_strip(self) -> None:
        """The highlighted recommendation in full, under the table."""
        strip = self.query_one("#links-strip", RowStrip)
        table = self.query_one(DataTable)
        if not self.candidates or not 0 <= table.cursor_row < len(self.candidates):
            strip.show_values()
            return
        candidate = self.candidates[table.cursor_row]
        rec = candidate["recommendation_id"]
        link = "not linked"
        if rec in self.links:
            link = "confirmed link" if self.links[rec] else "unconfirmed link"
            if (score := candidate.get("score")) is not None and not self.links[rec]:
                link += f" (score {score:.2f})"
        ref = candidate.get("ref")
        strip.show_values(
            f"{document_label(candidate)} {candidate.get('rec_no') or '—'}"
            + (f" (ref {ref})" if ref else ""),
            link,
            " ".join((candidate.get("recommendation") or "no recommendation text").split()),
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
        self._show_strip()

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
