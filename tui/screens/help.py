"""Help: every key of the screen it was opened over, once each, from the bindings its
footer shows (``tui.bindings.help_rows``)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.bindings import commands_of, help_rows

ABOUT = (
    "Work down the queue: check each record against the source text, then "
    "v verify, f flag or x reject. e edits a record; 1–5 judge. Every change is "
    "saved at once, and u undoes your last one, even after a restart. "
    "space jumps to the next unreviewed record; g picks a document, P a prison; "
    "V verifies the rest of a document after asking."
)


class HelpScreen(ModalScreen[None]):
    """Lists the keys of ``screen``: the same bindings its footer and the palette use."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.commands = commands_of(screen)
        self.rows = help_rows(self.commands)
        self.about = ABOUT if type(screen).__name__ == "QueueScreen" else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys", id="help-title")
            with VerticalScroll(id="help-scroll"):
                if self.about:
                    yield Static(self.about, id="help-about")
                yield Static(self._table(), id="help-keys")
            yield Static("escape closes · ctrl+p runs any of these by name", id="help-hint")

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("does", ratio=1)
        for row in self.rows:
            does = Text(row.description[:1].upper() + row.description[1:])
            if row.tooltip:
                does.append(f" — {row.tooltip}", style="dim")
            table.add_row(row.key_text, does)
        return table

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
