"""The prison picker (``P`` in the queue): every establishment with its review counts.

A box over the queue: type to filter (any word of the name, in any of the
spellings its documents print), the arrows move, ``enter`` picks the
highlighted prison and the queue shows only its records (as ``p`` does for the
current record's prison), ``ctrl+o`` opens its prison screen (over time:
``tui.screens.prison``), ``ctrl+g`` opens the documents screen (the document
picker) instead, ``escape`` cancels. Dismissed with a ``PrisonChoice`` saying
which prison and what to open next, or None.

The list is read by ``store.review.establishments`` in a worker; filtering
happens here, on the rows already read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.review.establishments import Establishment, establishments
from tui.background import run_and_post
from tui.widgets.cell_text import fit_end, fit_middle

QUEUE, DOCUMENTS, OVER_TIME = "queue", "documents", "prison"  # what a choice opens


@dataclass(frozen=True)
class PrisonChoice:
    """The prison picked, and what to open for it: its queue or the documents screen.

    Another screen for a prison is another ``then`` value, a key of the picker that
    chooses it (``_choose``), and a branch where the queue takes the answer
    (``tui.screens.queue_filters.QueueFilters._prison_picked``).
    """

    establishment: Establishment
    then: str = QUEUE


def matches(establishment: Establishment, text: str) -> bool:
    """Every word typed is the start of a word of one of the prison's names."""
    names = " ".join((establishment.short, *establishment.spellings)).casefold()
    words = names.replace("&", " ").split()
    return all(any(w.startswith(q) for w in words) for q in text.casefold().split())


def _counts(documents: str, records: str, left: str) -> str:
    return f"{documents:>9} {records:>7} {left:>9}"


HEADER_COUNTS = _counts("documents", "records", "to review")


def row_text(establishment: Establishment, width: int) -> Text:
    """'Belmarsh        3      120        40': the name, then its counts on the right."""
    e = establishment
    counts = _counts(
        str(e.documents), str(e.records), str(e.unreviewed) if e.unreviewed else "done"
    )
    room = max(8, width - len(counts) - 1)
    # a cut name ending in a number keeps it ('Test…son12'): it tells them apart
    name = fit_middle(e.short, room) if e.short[-1:].isdigit() else fit_end(e.short, room)
    text = Text(name.ljust(room) + " ")
    text.append(counts, style="green" if not e.unreviewed else "")
    return text


def full_name(establishment: Establishment) -> str:
    """The highlighted prison's name in full, and any other name its documents print."""
    others = [s for s in establishment.spellings if s != establishment.name]
    also = f" (also printed {', '.join(others)})" if others else ""
    return f"{establishment.name}{also}"


def header_text(width: int) -> str:
    room = max(8, width - len(HEADER_COUNTS) - 1)
    return "prison".ljust(room) + " " + HEADER_COUNTS


class PrisonPicker(ModalScreen[PrisonChoice | None]):
    """Pick an establishment; its queue (enter) or its documents (ctrl+g)."""

    CSS_PATH = "prison_picker.tcss"
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="prison_picker.close"),
        Binding("enter", "pick", "Its records", id="prison_picker.pick"),
        Binding(
            "ctrl+g",
            "documents",
            "Its documents",
            tooltip="The documents screen, to pick one document",
            id="prison_picker.documents",
        ),
        Binding(
            "ctrl+o",
            "over_time",
            "Over time",
            tooltip="The prison screen: its documents, repeated recommendations and charts "
            "(h in the queue)",
            id="prison_picker.over_time",
        ),
        Binding("down", "move(1)", "Down", show=False, id="prison_picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="prison_picker.up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="prison_picker.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="prison_picker.page_up"),
    ]

    class Loaded(Message):
        def __init__(self, found: list[Establishment]) -> None:
            super().__init__()
            self.found = found

    class LoadFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, db_path: Path, current: str | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.current_name = current  # the prison of the record the queue is on
        self.found: list[Establishment] | None = None
        self.shown: list[Establishment] = []
        self._rows: dict[str, Text] = {}  # by key: its row at ``_rows_width``
        self._rows_width = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static("Pick a prison", id="picker-title")
            yield Input(placeholder="Type to filter by name", id="picker-filter")
            yield Static("", id="picker-header")
            yield OptionList(id="picker-list")
            yield Static("Loading…", id="picker-status")
            yield Static(
                "enter: its records · ctrl+g: documents · ctrl+o: over time · esc: cancel",
                id="picker-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="prisons")
    def load(self) -> None:
        run_and_post(
            self, self.db_path, lambda db: self.Loaded(establishments(db)), on_error=self.LoadFailed
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.found = message.found
        self._fill(keep=self.current_name)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#picker-status", Static).update(
            f"Could not read the prisons: {message.reason}"
        )

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self) -> None:
        if self.found is not None:
            self._fill()

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self) -> None:
        self.action_pick()

    @property
    def highlighted(self) -> Establishment | None:
        at = self.query_one(OptionList).highlighted
        return self.shown[at] if at is not None and 0 <= at < len(self.shown) else None

    def _fill(self, keep: str | None = None) -> None:
        option_list = self.query_one(OptionList)
        before = self.highlighted
        text = self.query_one(Input).value
        self.shown = [e for e in self.found or [] if matches(e, text)]
        width = max(30, (option_list.size.width or 62) - 2)
        self.query_one("#picker-header", Static).update(header_text(width))
        if width != self._rows_width:  # each row made once per width, not per keystroke
            self._rows, self._rows_width = {}, width
        for e in self.shown:
            if e.key not in self._rows:
                self._rows[e.key] = row_text(e, width)
        option_list.clear_options()
        option_list.add_options(Option(self._rows[e.key]) for e in self.shown)
        keys = [e.key for e in self.shown]
        wanted = before.key if before is not None else None
        if keep is not None:
            wanted = next((e.key for e in self.shown if keep in e.spellings), wanted)
        if self.shown:
            option_list.highlighted = keys.index(wanted) if wanted in keys else 0
        self._show_status()

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _show_status(self) -> None:
        """How many prisons are listed, and the highlighted one's name in full (a row
        cuts a long name)."""
        if self.found is None:
            return
        total, text = len(self.found), self.query_one(Input).value
        count = f"{len(self.shown)} of {total} prisons" if text else f"{total} prisons"
        if text and not self.shown:
            status = "No prison matches."
        elif (chosen := self.highlighted) is not None:
            status = f"{count} · {full_name(chosen)}"
        else:
            status = count
        width = max(10, self.query_one("#picker-status", Static).content_region.width)
        self.query_one("#picker-status", Static).update(fit_end(status, width))

    def action_move(self, by: int) -> None:
        option_list = self.query_one(OptionList)
        if not self.shown:
            return
        at = option_list.highlighted or 0
        option_list.highlighted = max(0, min(len(self.shown) - 1, at + by))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_pick(self) -> None:
        self._choose(QUEUE)

    def action_documents(self) -> None:
        self._choose(DOCUMENTS)

    def action_over_time(self) -> None:
        self._choose(OVER_TIME)

    def _choose(self, then: str) -> None:
        chosen = self.highlighted
        if chosen is None:
            self.app.bell()
            return
        self.dismiss(PrisonChoice(chosen, then))
