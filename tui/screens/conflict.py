"""Someone else changed what the reviewer is saving: both values, and the reviewer's choice.

``ConflictScreen`` is shown when a save, a status key or an undo meets a change
another window or reviewer made meanwhile (``store.review.conflicts``). It lists
each field with their value (who, when), the reviewer's, and what it was when
the reviewer's screen read it; nothing has been written yet. It returns the
choice: ``"mine"`` (write mine over theirs), ``"theirs"`` (keep theirs; the
rest of the reviewer's change is still saved where it does not collide),
``"edit"`` (back to the editor with the draft as it was), or None (escape:
nothing written, the screen reads the record again).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from store.review.conflicts import ROW, Conflict, shown


def _value(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dict):
        parts = [f"{k} {v!r}" for k, v in value.items() if k in ("owner", "target", "text") and v]
        return ", ".join(parts) or "(a row)"
    if isinstance(value, list):
        return " → ".join(str(v) for v in value)
    return repr(str(value))


def describe(conflict: Conflict) -> Text:
    """A conflict as a few lines: what, theirs (who, when), yours, and what it was."""
    what = conflict.label or f"{conflict.table} {conflict.row_id}"
    title = what if conflict.field in (ROW, "place") else f"{conflict.field} of {what}"
    text = Text(title, style="bold")
    who = conflict.reviewer or "someone else"
    when = f", {conflict.at[:16].replace('T', ' ')}" if conflict.at else ""
    if conflict.field == ROW:
        theirs = (
            "deleted it" if conflict.theirs is None else f"edited it: {_value(conflict.theirs)}"
        )
        mine = (
            "you deleted it" if conflict.mine is None else f"you edited it: {_value(conflict.mine)}"
        )
        text.append(f"\n  theirs  {theirs}  ({who}{when})")
        text.append(f"\n  yours   {mine}", style="bold")
        return text
    text.append(f"\n  theirs  {_value(conflict.theirs)}  ({who}{when})")
    text.append(f"\n  yours   {_value(conflict.mine)}", style="bold")
    text.append(f"\n  it was  {_value(conflict.base)}", style="dim")
    return text


class ConflictScreen(ModalScreen[str | None]):
    """Both values of every conflicting field; m keeps mine, t takes theirs, e edits again."""

    CSS_PATH = "conflict.tcss"
    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("e", "choose('edit')", "Back to editing", id="conflict.edit"),
        Binding("escape", "choose(None)", "Cancel", id="conflict.cancel"),
    ]

    def __init__(
        self,
        title: str,
        conflicts: list[Conflict],
        *,
        mine: str = "keep mine",
        theirs: str = "take theirs",
        can_edit: bool = True,
        can_keep_mine: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.conflicts = conflicts
        self.labels = {"mine": mine, "theirs": theirs}
        self.can_edit = can_edit
        self.can_keep_mine = can_keep_mine

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            yield Static(self.title_text, id="conflict-title")
            yield Label("Nothing has been saved yet.", id="conflict-prompt")
            with VerticalScroll(id="conflict-list"):
                for conflict in shown(self.conflicts):
                    yield Static(describe(conflict), classes="conflict")
            keys = []
            if self.can_keep_mine:
                keys.append(f"m {self.labels['mine']}")
            keys.append(f"t {self.labels['theirs']}")
            if self.can_edit:
                keys.append("e back to editing")
            keys.append("escape cancel")
            yield Label(" · ".join(keys), id="conflict-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters:
            if parameters[0] == "edit" and not self.can_edit:
                return False
            if parameters[0] == "mine" and not self.can_keep_mine:
                return False
        return True

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
