"""A record's merge conflicts in a small box: keep ours (o) or take theirs (t) for each.

``R`` on the queue opens it for the current record (``resolve_conflicts``). Each
conflict shows both values and both reviewers; ``o`` keeps ours and ``t`` takes
theirs for the highlighted one, as an ordinary change (``u`` undoes it), and the
box closes when none is left. The store does the work
(``store.review.merge_conflicts``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from store.review.merge_conflicts import OURS, THEIRS, MergeConflict, open_conflicts


class MergeConflictScreen(ModalScreen[tuple[int, str] | None]):
    """Returns (conflict id, 'ours' | 'theirs'), or None on escape."""

    CSS_PATH = "merge_conflict.tcss"
    BINDINGS = [
        Binding("o", "choose('ours')", "Keep ours", id="merge_conflict.ours"),
        Binding("t", "choose('theirs')", "Take theirs", id="merge_conflict.theirs"),
        Binding("escape", "cancel", "Close", id="merge_conflict.cancel"),
    ]

    def __init__(self, label: str, conflicts: list[MergeConflict]) -> None:
        super().__init__()
        self.label, self.conflicts = label, conflicts

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-conflict-box"):
            yield Label(f"Merge conflicts of {self.label}", id="merge-conflict-title")
            yield OptionList(
                *(Option(c.describe(), id=str(c.id)) for c in self.conflicts),
                id="merge-conflict-list",
            )
            yield Label("o keep ours · t take theirs · escape close", id="merge-conflict-hint")

    def action_choose(self, choice: str) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        self.dismiss((self.conflicts[index].id, choice))

    def action_cancel(self) -> None:
        self.dismiss(None)


def resolve_conflicts(screen) -> None:
    """Read the queue screen's current record's conflicts, show them, resolve the one
    chosen (``screen`` is the ``QueueScreen``: its ``change`` and ``read_then``)."""
    from store.review.merge_conflicts import resolve

    row = screen.current
    if row is None:
        screen.app.bell()
        return

    def chosen(answer: tuple[int, str] | None) -> None:
        if answer is None:
            return
        conflict_id, choice = answer
        screen.change(lambda db: resolve(db, screen.reviewer, conflict_id, choice))
        verb = "Kept ours" if choice == OURS else "Took theirs"
        screen.notify(f"{verb}: u undoes it.", title="Merge conflict")

    def show(conflicts: list[MergeConflict]) -> None:
        if not conflicts:
            screen.notify("This record has no merge conflict to resolve (C lists those that do).")
            return
        label = f"{row.no or 'this record'}"
        screen.app.push_screen(MergeConflictScreen(label, conflicts), chosen)

    screen.read_then(lambda db: open_conflicts(db, row.kind, row.id), show)


__all__ = ["THEIRS", "MergeConflictScreen", "resolve_conflicts"]
