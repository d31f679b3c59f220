"""The small box that records a progress judgement by hand: where it is from, and when.

Pressing ``1``–``5`` on a recommendation opens it (``tui.screens.queue``). Two
lines to fill, keyboard only: where the judgement comes from (kept as its
source text), and the day it was made, read as the reviewer types it
(``store.review.judgement_day``: '12 May 2023', '2023-05-12', 'May 2023' for
the month's last day; empty when not known). ``enter`` on the first line goes
to the second; ``enter`` on the second records it, unless the date cannot be
read, which is said under it; ``tab`` moves between them; ``escape`` cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from store.errors import StoreError
from store.review.judgement_day import describe_judged_on, read_judged_on


@dataclass(frozen=True)
class ProgressEntry:
    """What the reviewer gave: the judgement's source, and the day it was made (ISO or None)."""

    note: str
    judged_on: str | None


class ProgressEntryScreen(ModalScreen[ProgressEntry | None]):
    """Asks where a judgement recorded by hand comes from and when it was made."""

    CSS_PATH = "progress_entry.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="progress_entry.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-box"):
            yield Label(self.title_text, id="progress-title")
            yield Label("Where is the judgement from? (kept as its source text)", classes="prompt")
            yield Input(placeholder="e.g. IRP visit notes", id="progress-source")
            yield Label(
                "When was it made? (a day or a month; empty if not known)",
                classes="prompt",
            )
            yield Input(placeholder="e.g. 12 May 2023", id="progress-date")
            yield Label("undated (no day given)", id="progress-reading")
            yield Label(
                "enter goes on, then records · tab moves · escape cancels", id="progress-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#progress-source", Input).focus()

    def reading(self) -> tuple[str | None, str | None]:
        """(the ISO date typed, None) or (None, why it cannot be read)."""
        try:
            return read_judged_on(self.query_one("#progress-date", Input).value), None
        except StoreError as exc:
            return None, str(exc)

    @on(Input.Changed, "#progress-date")
    def show_reading(self) -> None:
        judged_on, problem = self.reading()
        label = self.query_one("#progress-reading", Label)
        label.set_class(problem is not None, "-error")
        if problem is not None:
            label.update(problem)
        else:
            label.update(
                f"judged {describe_judged_on(judged_on)}" if judged_on else "undated (no day given)"
            )

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "progress-source":
            self.query_one("#progress-date", Input).focus()
            return
        judged_on, problem = self.reading()
        if problem is not None:
            self.show_reading()
            self.app.bell()
            return
        self.dismiss(
            ProgressEntry(self.query_one("#progress-source", Input).value.strip(), judged_on)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
