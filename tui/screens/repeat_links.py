"""The links of a recommendation: its progress judgements and its repeat links, reviewed.

``l`` on a recommendation in the queue (on a judgement, ``l`` opens
``tui.screens.links``). At the top, the judgements linked to the recommendation,
each marked confirmed or unconfirmed with its score (their links are reviewed
from the judgement's own ``l``). Below, its repeat links both ways: the earlier
recommendation it repeats, and later ones that repeat it, each with its plan
year, number, ref, text and whether a reviewer confirmed it.

Keys, each one change saved at once (``store.review.repeat_link_changes``, one
transaction with its ``edits`` rows), in key order with the queue's own writes
(the queue's ``Turns``): ``c`` confirms the highlighted link, ``d`` removes it,
``a`` adds a link to an earlier plan's recommendation picked from a filtered
list (``tui.screens.repeat_link_picker``), ``u`` undoes the reviewer's last
change, ``escape`` closes. Dismissed with True when anything was written, so the
queue reads the record again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.conflicts import ConflictError
from store.review.records import RecordDetail, record_detail
from store.review.repeat_link_changes import (
    add_repeat_link,
    confirm_repeat_link,
    remove_repeat_link,
)
from store.review.repeat_link_choices import EARLIER, RepeatLinkRow, repeat_links_of
from tui.background import run_and_post
from tui.turns import Turns

COLUMNS = ("link", "plan", "no", "ref", "state", "recommendation")


def link_state(link: RepeatLinkRow) -> Text:
    if link.confirmed:
        words = "confirmed" if link.method else "by hand"
        return Text(words, style="bold green")
    score = f" {link.score:.2f}" if link.score is not None else ""
    return Text(f"unconfirmed{score}", style="bold yellow")


def judgement_line(item: dict) -> Text:
    when = item.get("document_published") or item.get("judged_on") or "undated"
    text = Text(f"  {str(when)[:10]}  ", style="dim")
    text.append(item.get("judgement") or "no judgement")
    source = item.get("document_title") or "recorded by hand"
    text.append(f"  {source}  ", style="dim")
    if item.get("confirmed"):
        text.append("confirmed", style="green")
    else:
        text.append("unconfirmed", style="yellow")
    if item.get("score") is not None:
        text.append(f" · score {item['score']:.2f}", style="dim")
    return text


class RepeatLinksScreen(Screen[bool]):
    """A recommendation's judgement links and repeat links; confirm, remove, add, undo."""

    CSS_PATH = "repeat_links.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="repeat_links.close"),
        Binding("c", "confirm", "Confirm link", id="repeat_links.confirm"),
        Binding("d", "remove", "Remove link", id="repeat_links.remove"),
        Binding(
            "a",
            "add",
            "Add link",
            tooltip="Link to an earlier plan's recommendation",
            id="repeat_links.add",
        ),
        Binding("u", "undo", "Undo", id="repeat_links.undo"),
        Binding("j", "cursor(1)", "Down", show=False, id="repeat_links.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="repeat_links.up"),
    ]

    class Loaded(Message):
        def __init__(
            self,
            detail: RecordDetail | None,
            links: list[RepeatLinkRow] | None,
            notice: str = "",
            error: str = "",
        ) -> None:
            super().__init__()
            self.detail, self.links, self.notice, self.error = detail, links, notice, error

    def __init__(
        self, db_path: Path, reviewer: str, detail: RecordDetail, turns: Turns | None = None
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.detail = detail
        self.turns = turns or Turns()
        self.links: list[RepeatLinkRow] = []
        self.written = False

    @property
    def recommendation_id(self) -> int:
        return self.detail.id

    def compose(self) -> ComposeResult:
        record = self.detail.record
        about = Text(f"{record.get('rec_no') or '(no number)'}", style="bold")
        about.append(f" · {self.detail.document.get('label', '')}")
        if record.get("repeated_ref"):
            about.append(f" · printed as repeating {record['repeated_ref']}", style="yellow")
        about.append(f"\n{' '.join((record.get('recommendation') or '').split())}", style="dim")
        yield Static(about, id="repeat-about")
        yield Static("", id="repeat-judgements")
        yield Static("Repeat links", id="repeat-heading", classes="links-heading")
        yield DataTable(id="repeat-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="repeat-detail")
        yield Static("", id="repeat-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label)
        table.focus()
        self.load()

    # --- reads and writes ------------------------------------------------------------------

    def _read(self, db, notice: str = "") -> Message:
        detail = record_detail(db, RECOMMENDATION, self.recommendation_id)
        return self.Loaded(detail, repeat_links_of(db, self.recommendation_id), notice)

    @work(thread=True, exclusive=True, group="repeat-links-read")
    def load(self) -> None:
        run_and_post(
            self,
            self.db_path,
            self._read,
            on_error=lambda reason: self.Loaded(None, None, error=reason),
        )

    def write(self, op: Callable, describe: Callable[[object], str]) -> None:
        """Run ``op(db)`` (one change) in its turn after every earlier key's write, then
        read the links again and say what it did."""
        self._write(self.turns.ticket(), op, describe)

    @work(thread=True, group="repeat-links-write")
    def _write(self, ticket: int, op: Callable, describe: Callable[[object], str]) -> None:
        with self.turns.turn(ticket):

            def job(db):
                try:
                    result = op(db)
                except ConflictError as error:  # someone changed it since: nothing written
                    message = self._read(db)
                    message.error = f"Not done: {error} (u in the queue lets you choose)"
                    return message
                self.written = True
                return self._read(db, describe(result))

            run_and_post(
                self,
                self.db_path,
                job,
                on_error=lambda reason: self.Loaded(self.detail, self.links, error=reason),
            )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.detail is not None:
            self.detail = message.detail
        if message.links is not None:
            self._show_judgements()
            self._show_links(message.links)
        if message.error:
            status = Text(message.error, style="bold red")
        elif message.notice:
            status = Text(message.notice, style="green")
        elif not self.links:
            status = Text("No repeat link: a adds one to an earlier plan's recommendation.")
        else:
            status = Text("")
        self.query_one("#repeat-status", Static).update(status)

    def _show_judgements(self) -> None:
        judgements = self.detail.judgements
        text = Text(f"Progress judgements ({len(judgements)})", style="bold")
        text.append("  their links: l on the judgement", style="dim")
        for item in judgements:
            text.append("\n")
            text.append_text(judgement_line(item))
        if not judgements:
            text.append("\n  none", style="dim")
        self.query_one("#repeat-judgements", Static).update(text)

    def _show_links(self, links: list[RepeatLinkRow]) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        self.links = links
        table.clear()
        for link in links:
            direction = "repeats" if link.direction == EARLIER else "repeated by"
            table.add_row(
                direction,
                str(link.plan_year or "undated"),
                link.other_rec_no or "—",
                link.other_ref or "—",
                link_state(link),
                " ".join((link.other_text or "").split())[:120],
                key=f"{link.recommendation_id}:{link.earlier_recommendation_id}",
            )
        if links:
            table.move_cursor(row=min(keep, len(links) - 1))
        unconfirmed = sum(1 for link in links if not link.confirmed)
        heading = f"Repeat links ({len(links)}"
        heading += f", {unconfirmed} unconfirmed)" if unconfirmed else ")"
        heading += "   c confirm · d remove · a add · u undo"
        self.query_one("#repeat-heading", Static).update(heading)
        self._highlighted()

    @on(DataTable.RowHighlighted, "#repeat-table")
    def _highlighted(self) -> None:
        """The highlighted link's other recommendation in full (the table cuts it)."""
        table = self.query_one(DataTable)
        detail = self.query_one("#repeat-detail", Static)
        if not self.links or not 0 <= table.cursor_row < len(self.links):
            detail.update("")
            return
        link = self.links[table.cursor_row]
        verb = "Repeats" if link.direction == EARLIER else "Repeated by"
        text = Text(f"{verb} {link.other_rec_no or '(no number)'}", style="bold")
        text.append(f" of the {link.plan_year or 'undated'} plan (ref {link.other_ref or '—'}): ")
        text.append(" ".join((link.other_text or "").split()), style="dim")
        detail.update(text)

    # --- keys ---------------------------------------------------------------------------------

    def _current(self) -> RepeatLinkRow | None:
        table = self.query_one(DataTable)
        if not self.links or not 0 <= table.cursor_row < len(self.links):
            self.app.bell()
            return None
        return self.links[table.cursor_row]

    def action_confirm(self) -> None:
        link = self._current()
        if link is not None:
            later, earlier = link.recommendation_id, link.earlier_recommendation_id
            self.write(
                lambda db: confirm_repeat_link(db, later, earlier, self.reviewer),
                lambda result: result.summary or "Confirmed.",
            )

    def action_remove(self) -> None:
        link = self._current()
        if link is not None:
            later, earlier = link.recommendation_id, link.earlier_recommendation_id
            self.write(
                lambda db: remove_repeat_link(db, later, earlier, self.reviewer),
                lambda result: f"{result.summary or 'Removed.'} (u undoes)",
            )

    def action_add(self) -> None:
        from tui.screens.repeat_link_picker import RepeatLinkPicker

        def picked(earlier: int | None) -> None:
            if earlier is not None:
                later = self.recommendation_id
                self.write(
                    lambda db: add_repeat_link(db, later, earlier, self.reviewer),
                    lambda result: result.summary or "Linked.",
                )

        self.app.push_screen(RepeatLinkPicker(self.db_path, self.detail), picked)

    def action_undo(self) -> None:
        def described(result) -> str:
            return f"Undone: {result.description}" if result else "Nothing to undo."

        self.write(lambda db: ch.undo(db, self.reviewer), described)

    def action_cursor(self, offset: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + offset)

    def action_close(self) -> None:
        self.dismiss(self.written)


def open_repeat_links(queue, detail: RecordDetail) -> None:
    """Open the screen over the queue (``l`` on a recommendation). Its writes take their
    turns with the queue's (``Turns``), so that ``u`` anywhere undoes the last key
    pressed; closed after a change, the queue reads the record again."""

    def closed(written: bool | None) -> None:
        row = queue.current
        if written and row is not None:
            queue.load_detail(row.ref, False)

    turns = getattr(queue, "_turns", None)  # the queue's write order
    queue.app.push_screen(RepeatLinksScreen(queue.db_path, queue.reviewer, detail, turns), closed)
