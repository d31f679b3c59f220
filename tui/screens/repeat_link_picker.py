"""Pick the earlier plan's recommendation a recommendation repeats (``a`` on its links).

The recommendations of the same establishment's earlier plans
(``store.review.repeat_link_choices.earlier_choices``, read in a worker): the
ones whose ref is the record's repeated ref first, then the closest texts. Typing
filters them (every word in the plan year, number, ref or text); the arrows move,
``enter`` picks (dismissed with its id), ``escape`` cancels (``None``).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from store.review.records import RecordDetail
from store.review.repeat_link_choices import EarlierChoice, earlier_choices
from tui.background import run_and_post


def choice_line(choice: EarlierChoice) -> Text:
    text = Text(f"{choice.plan_year or 'undated'} ", style="bold")
    text.append(choice.rec_no or "(no number)", style="bold")
    text.append(f" ref {choice.ref or '—'}", style="dim")
    if choice.ref_matches:
        text.append(" · the repeated ref", style="bold green")
    text.append(f" · text {choice.score:.2f}", style="dim")
    text.append(f"\n    {' '.join((choice.text or '').split())}")
    return text


def matches(choice: EarlierChoice, typed: str) -> bool:
    haystack = " ".join(
        str(x) for x in (choice.plan_year, choice.rec_no, choice.ref, choice.text) if x
    ).casefold()
    return all(word in haystack for word in typed.casefold().split())


class RepeatLinkPicker(Screen[int | None]):
    """An earlier plan's recommendation to link the record to, found by typing."""

    CSS_PATH = "repeat_links.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="repeat_picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="repeat_picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="repeat_picker.up"),
    ]

    class Loaded(Message):
        def __init__(self, choices: list[EarlierChoice] | None, error: str = "") -> None:
            super().__init__()
            self.choices, self.error = choices, error

    def __init__(self, db_path: Path, detail: RecordDetail) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.detail = detail
        self.choices: list[EarlierChoice] = []
        self.shown: list[EarlierChoice] = []

    def compose(self) -> ComposeResult:
        record = self.detail.record
        repeated = record.get("repeated_ref")
        title = (
            f"Link {record.get('rec_no') or 'this recommendation'} to the earlier one it repeats"
        )
        if repeated:
            title += f" (printed as repeating {repeated})"
        yield Static(title, id="repeat-picker-title")
        yield Input(
            placeholder="Type to filter by year, number, ref or text", id="repeat-picker-filter"
        )
        yield OptionList(id="repeat-picker-list")
        yield Static("Loading…", id="repeat-picker-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="repeat-picker")
    def load(self) -> None:
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Loaded(earlier_choices(db, self.detail.id)),
            on_error=lambda reason: self.Loaded(None, reason),
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.choices is None:
            self.query_one("#repeat-picker-status", Static).update(f"error: {message.error}")
            return
        self.choices = message.choices
        self._fill()

    @on(Input.Changed, "#repeat-picker-filter")
    def _typed(self) -> None:
        self._fill()

    def _fill(self) -> None:
        typed = self.query_one(Input).value
        self.shown = [c for c in self.choices if matches(c, typed)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(choice_line(c), id=str(c.recommendation_id)) for c in self.shown)
        if self.shown:
            options.highlighted = 0
        status = self.query_one("#repeat-picker-status", Static)
        if not self.choices:
            status.update("No earlier plan of this establishment is in the database.")
        else:
            status.update(f"{len(self.shown)} of {len(self.choices)} · enter: link · esc: cancel")

    @on(Input.Submitted, "#repeat-picker-filter")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            self.app.bell()
            return
        self.dismiss(self.shown[options.highlighted].recommendation_id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_move(self, offset: int) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            at = (options.highlighted or 0) + offset
            options.highlighted = max(0, min(len(self.shown) - 1, at))

    def action_cancel(self) -> None:
        self.dismiss(None)
