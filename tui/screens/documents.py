"""The documents screen: every document with how far its review has got.

Opened from the queue with ``g`` ("go to document"). One row per document:
establishment, kind, year, records reviewed of total, flagged, warnings (its
records' and its own, marked ``*`` when some are its own), and who reviewed it
last and when. Under about 95 columns the establishment column is headed "prison". Typing filters the
rows by establishment or title (the filter box has the focus; the arrows move
the cursor in the table), ``ctrl+s`` cycles the sort (establishment, year,
progress, warnings, ranking: the prisons as ``hmip-review stats --by-establishment``
ranks them, read when first chosen), ``enter`` dismisses the screen with the highlighted
document's id so the queue shows that document's records, ``escape`` closes.

Below the table, the highlighted document in full: its establishment, kind, year,
progress, flags, warnings and last review written out, its title, and each of its
own warnings (an IRP report's "links: Ofsted theme 3 matched no recommendation").
A cut establishment keeps its end ('Test…son12'), so documents of similar names
stay apart in the table.

The rows are read by ``store.reports.documents.document_progress`` in a worker
(``tui.background.run_and_post``); filtering and sorting happen here, on the
rows already read.
"""

from __future__ import annotations

from pathlib import Path

from dateutil import parser as dateparser
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from store.domain import establishment_key, short_establishment
from store.plural import counted
from store.reports.documents import DocumentProgress, document_progress
from store.reports.ranking import EstablishmentRank, establishment_ranking, ranking_places
from tui.background import run_and_post
from tui.widgets.documents_table import Cell, DocumentsTable, header_line

SORTS = ("establishment", "year", "progress", "warnings", "ranking")
# name, width (None: the room left, at least ESTABLISHMENT_LEAST), justify
COLUMNS = (
    ("establishment", None, "left"),
    ("kind", 4, "left"),
    ("year", 4, "left"),
    ("reviewed", 10, "right"),
    ("flagged", 7, "right"),
    ("⚠", 3, "right"),
    ("reviewer", 10, "left"),
    ("when", 10, "left"),
)
SCROLLBAR = 2  # the table's vertical scrollbar, always there
ESTABLISHMENT_LEAST = 12


def _sort_key(sort: str, ranks: dict[str, tuple[int, EstablishmentRank]] | None = None):
    def by_name(d: DocumentProgress):
        return (short_establishment(d.establishment).casefold(), d.kind, d.year, d.id)

    if sort == "ranking" and ranks is not None:  # as stats --by-establishment ranks them
        last = (len(ranks), None)
        return lambda d: (ranks.get(_place(d), last)[0], by_name(d))

    if sort == "year":
        return lambda d: (d.year or "9999", by_name(d))
    if sort == "progress":  # least reviewed first; one with no records (to mark by hand) before all
        return lambda d: (d.reviewed / d.records if d.records else -1.0, by_name(d))
    if sort == "warnings":  # most warnings first
        return lambda d: (-d.warnings, by_name(d))
    return by_name


def _place(d: DocumentProgress) -> str:
    """The key the ranking counts a document's establishment under (every spelling one)."""
    return establishment_key(d.establishment) or (d.establishment or "")


def matches(document: DocumentProgress, text: str) -> bool:
    """The filter: every word typed is in the establishment, the title or the label."""
    haystack = " ".join(
        x for x in (document.establishment, document.title, document.label) if x
    ).casefold()
    return all(word in haystack for word in text.casefold().split())


def _when(at: str | None) -> str:
    if not at:
        return ""
    try:
        return dateparser.isoparse(at).strftime("%Y-%m-%d")
    except ValueError:
        return at[:10]


class DocumentsScreen(Screen[int | None]):
    """Every document with its review progress; enter opens the document's queue.

    Dismissed with the highlighted document's id on enter, ``None`` on escape.
    """

    CSS_PATH = "documents.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="documents.close"),
        Binding("enter", "open", "Open its queue", id="documents.open"),
        Binding(
            "ctrl+s",
            "cycle_sort",
            "Sort",
            tooltip="Sort by establishment, year, progress, warnings, ranking",
            id="documents.sort",
        ),
        Binding("down", "cursor_down", "Down", show=False, id="documents.down"),
        Binding("up", "cursor_up", "Up", show=False, id="documents.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="documents.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="documents.page_up"),
    ]

    class Loaded(Message):
        """The worker read every document's progress."""

        def __init__(self, documents: list[DocumentProgress]) -> None:
            super().__init__()
            self.documents = documents

    class Ranked(Message):
        """The worker read the establishments' ranking (for the ranking sort)."""

        def __init__(self, rows: list[EstablishmentRank]) -> None:
            super().__init__()
            self.rows = rows

    class LoadFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, db_path: Path, *, sort: str = SORTS[0]) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.sort = sort
        self.documents: list[DocumentProgress] | None = None
        self.shown: list[DocumentProgress] = []
        self.filtered_by = ""  # the filter text the rows shown were chosen by
        self.ranks: dict[str, tuple[int, EstablishmentRank]] | None = None  # read when sorted
        self._filled_width = 0
        self._cells: dict[int, list[Cell]] = {}  # by document id: its row, made once

    def compose(self) -> ComposeResult:
        yield Static("Documents", id="documents-title")
        yield Input(placeholder="Type to filter by establishment or title", id="documents-filter")
        yield Static("", id="documents-header")
        yield DocumentsTable(id="documents-table")
        yield Static("", id="documents-detail")
        yield Static("Loading…", id="documents-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()
        if self.sort == "ranking":
            self.load_ranking()

    @work(thread=True, exclusive=True, group="documents")
    def load(self) -> None:
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Loaded(document_progress(db)),
            on_error=self.LoadFailed,
        )

    @work(thread=True, exclusive=True, group="documents-ranking")
    def load_ranking(self) -> None:
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Ranked(establishment_ranking(db)),
            on_error=self.LoadFailed,
        )

    @on(Ranked)
    def _ranked(self, message: Ranked) -> None:
        self.ranks = ranking_places(message.rows)
        if self.documents is not None and self.sort == "ranking":
            self._fill()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.documents = message.documents
        self._cells.clear()
        self._fill()

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        status = self.query_one("#documents-status", Static)
        status.add_class("-error")
        status.update(f"Could not read the documents: {message.reason}")

    @on(Input.Changed, "#documents-filter")
    def _filter_changed(self) -> None:
        if self.documents is not None:
            self._fill()

    @on(Input.Submitted, "#documents-filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    @on(DocumentsTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DocumentsTable.Selected)
    def _selected(self) -> None:
        self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        if self.documents is not None and event.size.width != self._filled_width:
            self._fill()

    # --- the rows -------------------------------------------------------------------------

    @property
    def table(self) -> DocumentsTable:
        return self.query_one(DocumentsTable)

    @property
    def current(self) -> DocumentProgress | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _fill(self) -> None:
        """The documents that match the filter, in the sort order; the cursor kept on the
        document it was on when that one is still shown."""
        table = self.table
        keep = self.current.id if self.current else None
        text = self.filtered_by = self.query_one(Input).value
        self.shown = sorted(
            (d for d in self.documents or [] if matches(d, text)),
            key=_sort_key(self.sort, self.ranks),
        )
        self._filled_width = self.size.width
        padding = 2 * len(COLUMNS) + SCROLLBAR
        fixed = sum(width for _, width, _ in COLUMNS if width)
        rest = max(ESTABLISHMENT_LEAST, self.size.width - padding - fixed)
        columns = []
        for name, width, justify in COLUMNS:
            label = "prison" if width is None and rest < len("establishment ▼") else name
            label = f"{label} ▼" if _sorts_by(self.sort, name) else label
            columns.append((label, width or rest, justify))
        self.query_one("#documents-header", Static).update(Text(header_line(columns)))
        rows = []
        for d in self.shown:
            if d.id not in self._cells:
                self._cells[d.id] = _cells(d)
            rows.append(self._cells[d.id])
        at = next((i for i, d in enumerate(self.shown) if d.id == keep), 0)
        table.show(columns, rows, at)
        self._show_detail()
        total = len(self.documents or [])
        count = f"{len(self.shown)} of {total} documents" if text else f"{total} documents"
        status = self.query_one("#documents-status", Static)
        status.remove_class("-error")
        sort = f"sorted by {self.sort}"
        if self.sort == "ranking":  # said so that it fits 80 columns
            ready = self.ranks is not None
            sort = "ranked as stats --by-establishment" if ready else "ranking (reading…)"
        status.update(f"{count} · {sort} · enter: open its queue")

    def _show_detail(self) -> None:
        detail = self.query_one("#documents-detail", Static)
        document = self.current
        if document is None:
            filtered = self.documents and self.query_one(Input).value
            detail.update(Text("No document matches." if filtered else "", style="dim"))
            return
        text = Text(_in_full(document))
        rank = self.ranks.get(_place(document)) if self.ranks and self.sort == "ranking" else None
        if rank is not None:
            text.append(f" · ranked {rank[0] + 1} of {len(self.ranks)}: {rank[1].in_words()}")
        text.append("\n")
        text.append(document.title or document.label, style="bold")
        for warning in document.document_warnings:
            text.append(f"\n⚠ {warning}", style="yellow")
        detail.update(text)

    # --- keys -----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        document = self.current
        if document is None:
            self.app.bell()
            return
        self.dismiss(document.id)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.sort == "ranking" and self.ranks is None:
            self.load_ranking()
        if self.documents is not None:
            keep = self.current
            self._fill()
            if keep is not None and keep in self.shown:
                self.table.move_cursor(row=self.shown.index(keep))

    def action_cursor_down(self) -> None:
        self.table.cursor_down()

    def action_cursor_up(self) -> None:
        self.table.cursor_up()

    def action_page_down(self) -> None:
        self.table.page_down()

    def action_page_up(self) -> None:
        self.table.page_up()


def _in_full(d: DocumentProgress) -> str:
    """The row's values written out, for the line under the table."""
    own = len(d.document_warnings)
    parts = [
        f"{d.establishment or 'no establishment'} · {'IRP report' if d.kind_label == 'IRP' else 'action plan'} "
        + (d.year or "(no date read)"),
        _progress_in_full(d),
        f"{d.verified} verified, {d.flagged} flagged, {d.rejected} rejected",
        counted(d.warnings, "warning") + (f" ({own} of the document's own)" if own else ""),
    ]
    if d.last_reviewer:
        parts.append(f"last reviewed by {d.last_reviewer} {_when(d.last_reviewed_at)}")
    return " · ".join(parts)


def _progress_in_full(d: DocumentProgress) -> str:
    """'3 of 18 reviewed (17%)'; a document with no records is not '100%' done: it is to mark."""
    if not d.records:
        return "no records: mark them by hand (n on a selection in its queue)"
    return f"{d.reviewed} of {d.records} reviewed ({d.percent_reviewed}%)"


def _progress_cell(d: DocumentProgress) -> str:
    """'3/18  17%', or 'no records' (not '0/0 100%')."""
    return f"{d.reviewed}/{d.records} {d.percent_reviewed:3d}%" if d.records else "no records"


def _sorts_by(sort: str, column: str) -> bool:
    return {"progress": "reviewed", "warnings": "⚠"}.get(sort, sort) == column


DIM = Style(dim=True)
WARN = Style(color="yellow", bold=True)


def _cells(d: DocumentProgress) -> list[Cell]:
    """One document's row: (text, style, justify) of each column."""
    done = d.records and d.reviewed == d.records
    warnings = f"{d.warnings}*" if d.document_warnings else str(d.warnings)  # *: some its own
    return [
        (short_establishment(d.establishment), Style(), "name"),
        (d.kind_label, Style(), "left"),
        (d.year or "—", Style() if d.year else DIM, "left"),  # no date read: said, not blank
        (
            _progress_cell(d),
            Style(color="green") if done else Style() if d.records else WARN,
            "right",
        ),
        (str(d.flagged), WARN if d.flagged else DIM, "right"),
        (warnings, WARN if d.warnings else DIM, "right"),
        (d.last_reviewer or "—", Style() if d.last_reviewer else DIM, "left"),
        (_when(d.last_reviewed_at), Style(), "left"),
    ]
