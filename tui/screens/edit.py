"""The editor of a recommendation: its fields and its actions, saved as one change.

It works on a draft (``store.review.drafts``) and returns it on ctrl+s; escape
cancels. The screen that opened it saves the draft through ``store`` in a
worker, as one change that one undo reverts. An action's target shows its date
as typed, or why none can be read; the record's warnings stay in view.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static, TextArea

from store.domain import AGREEMENTS
from store.review import drafts
from store.review.drafts import ActionDraft, RecommendationDraft
from store.review.records import RecordDetail
from tui.widgets.source_text import render

TEXT_FIELDS = ("recommendation", "concern", "response")
LINE_FIELDS = ("rec_no", "ref", "repeated_ref", "note", "section", "heading", "addressee")
ACTION_KEYS = ("add_action", "delete_action", "split_action", "merge_action", "move_action")


def target_reading(target: str) -> Text:
    """What the target says as a date, shown beside it while it is typed."""
    reading = ActionDraft(None, target=target).reading()
    if reading.target_date:
        text = Text(f"→ {reading.target_date}", style="bold green")
        if reading.status != "open":
            text.append(f" ({reading.status})", style="green")
        return text
    if reading.problem and target.strip():
        return Text(f"⚠ {reading.problem}", style="bold red")
    if reading.status != "open":
        return Text(f"→ {reading.status.replace('_', ' ')}", style="green")
    if target.strip():
        return Text("→ no date (open)", style="dim")
    return Text("no target", style="dim")


class ActionsTable(DataTable):
    """The draft's actions, one row each; the fields below edit the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next action", show=False, id="actions.cursor_down"),
        Binding("k", "cursor_up", "Previous action", show=False, id="actions.cursor_up"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        self.add_column("#", key="n")
        self.add_column("owner", key="owner")
        self.add_column("target", key="target")
        self.add_column("date", key="date", width=len("2023-06-30"))  # an ISO date, whole

    def show(self, actions: list[ActionDraft], cursor: int) -> None:
        self.clear()
        for n, action in enumerate(actions, start=1):
            self.add_row(*self.cells(n, action), key=str(n))
        if actions:
            self.move_cursor(row=max(0, min(cursor, len(actions) - 1)), animate=False)

    @staticmethod
    def cells(n: int, action: ActionDraft) -> list:
        reading = action.reading()
        date: str | Text = reading.target_date or reading.status.replace("not_applicable", "n/a")
        if reading.unreadable:
            date = Text("unreadable", style="bold red")  # not 'open': no date could be read
        new = "" if action.id is not None else "*"
        return [f"{n}{new}", action.owner or "—", action.target or "—", date]

    def update_row(self, index: int, action: ActionDraft) -> None:
        for column, value in zip(
            ("n", "owner", "target", "date"), self.cells(index + 1, action), strict=True
        ):
            # a typed owner or target longer than the column widens it, never cut
            self.update_cell(str(index + 1), column, value, update_width=True)


class EditScreen(Screen[RecommendationDraft | None]):
    """Edit one recommendation and its actions; ctrl+s saves, escape cancels."""

    CSS_PATH = "edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="edit.save"),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding("ctrl+t", "focus_field('target')", "Target", priority=True, id="edit.target"),
        Binding("ctrl+o", "focus_field('owner')", "Owner", priority=True, id="edit.owner"),
        Binding("ctrl+l", "focus_field('actions')", "Actions", priority=True, id="edit.actions"),
        Binding("a", "add_action", "Add action", id="edit.add_action"),
        Binding("d", "delete_action", "Delete action", id="edit.delete_action"),
        Binding("s", "split_action", "Split action", id="edit.split_action"),
        Binding("m", "merge_action", "Merge with next", id="edit.merge_action"),
        Binding(
            "shift+up,left_square_bracket",
            "move_action(-1)",
            "Move up",
            show=False,
            id="edit.move_up",
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move_action(1)",
            "Move down",
            show=False,
            id="edit.move_down",
        ),
    ]

    def __init__(
        self,
        draft: RecommendationDraft,
        detail: RecordDetail,
        text: str = "",
        original: RecommendationDraft | None = None,
    ) -> None:
        super().__init__()
        # what the reviewer's changes are counted from: the draft, or (back from a
        # conflict) the base the draft was made from
        self.original = original or draft
        self.draft = draft.copy()
        self.detail = detail
        start, end = detail.record.get("span_start"), detail.record.get("span_end")
        self.excerpt = text[start:end] if text and start is not None and end is not None else ""
        self._index = 0 if draft.actions else -1
        self._warned_about: tuple | None = None  # the changes escape last warned about

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        fields = self.draft.fields
        yield Header(icon="✎")
        with VerticalScroll(id="edit-form"):
            if self.excerpt:
                yield Label("Source", classes="field-label")
                yield TextArea(  # shown as the source pane shows it: no <p> tags
                    render(self.excerpt).text,
                    read_only=True,
                    soft_wrap=True,
                    id="excerpt",
                    compact=True,
                )
            if self.detail.warnings:  # what the parser doubted: what to check while editing
                lines = (Text(f"⚠ {w}", style="yellow") for w in self.detail.warnings)
                yield Static(Text("\n").join(lines), id="edit-warnings")
            with Horizontal(classes="row"):
                yield Label("Agreement", classes="inline-label")
                yield Select(
                    [(a, a) for a in AGREEMENTS],
                    value=fields.get("agreement") or Select.NULL,
                    prompt="(none)",
                    id="agreement",
                    compact=True,
                )
            with Horizontal(classes="row"):
                for name, label in (("rec_no", "No"), ("ref", "Ref"), ("repeated_ref", "Repeats")):
                    yield Label(label, classes="inline-label")
                    yield Input(fields.get(name) or "", id=name, classes="short", compact=True)
            for name in TEXT_FIELDS:
                yield Label(name.capitalize(), classes="field-label")
                yield TextArea(
                    fields.get(name) or "", soft_wrap=True, id=name, classes="text", compact=True
                )
            yield Label(
                "Actions — a add · d delete · s split · m merge with next · [ ] move",
                classes="field-label",
            )
            yield ActionsTable(id="actions")
            with Horizontal(classes="row"):
                yield Label("Owner", classes="inline-label")
                yield Input(id="owner", compact=True)
            with Horizontal(classes="row"):
                yield Label("Target", classes="inline-label")
                yield Input(id="target", classes="short", compact=True)
                yield Static("", id="target-date")
            yield Label("Action text", classes="field-label")
            yield TextArea("", soft_wrap=True, id="action-text", classes="text", compact=True)
            with Horizontal(classes="row"):
                yield Label("Note", classes="inline-label")
                yield Input(fields.get("note") or "", id="note", compact=True)
            with Horizontal(classes="row"):
                for name, label in (("section", "Section"), ("heading", "Heading")):
                    yield Label(label, classes="inline-label")
                    yield Input(fields.get(name) or "", id=name, compact=True)
            with Horizontal(classes="row"):
                yield Label("To", classes="inline-label")
                yield Input(
                    fields.get("addressee") or "", id="addressee", classes="short", compact=True
                )
        yield Footer()

    def on_mount(self) -> None:
        rec_no = self.draft.fields.get("rec_no") or "(no number)"
        self.title = f"Edit {rec_no}"
        self.sub_title = self.detail.document.get("label", "")
        self._show_actions()
        self.query_one("#agreement", Select).focus()

    # --- the actions list and the fields of the current action ------------------------

    @property
    def actions_table(self) -> ActionsTable:
        return self.query_one(ActionsTable)

    def _show_actions(self) -> None:
        self.actions_table.show(self.draft.actions, self._index)
        self._fill_action_fields()

    def _current_action(self) -> ActionDraft | None:
        if 0 <= self._index < len(self.draft.actions):
            return self.draft.actions[self._index]
        return None

    def _commit_action(self) -> None:
        """Copy the owner, target and text fields into the current action of the draft."""
        action = self._current_action()
        if action is not None:
            action.owner = self.query_one("#owner", Input).value
            action.target = self.query_one("#target", Input).value
            action.text = self.query_one("#action-text", TextArea).text

    def _fill_action_fields(self) -> None:
        """Show the current action in the owner, target and text fields."""
        action = self._current_action()
        for widget_id in ("#owner", "#target", "#action-text"):
            self.query_one(widget_id).disabled = action is None
        self.query_one("#owner", Input).value = (action.owner or "") if action else ""
        self.query_one("#target", Input).value = (action.target or "") if action else ""
        self.query_one("#action-text", TextArea).text = (action.text or "") if action else ""
        self.query_one("#target-date", Static).update(
            target_reading(action.target or "")
            if action
            else Text("no actions: a on the list adds one", style="dim")
        )

    @on(DataTable.RowHighlighted, "#actions")
    def action_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self._index:
            self._commit_action()
            self._index = event.cursor_row
            self._fill_action_fields()

    @on(Input.Changed, "#owner, #target")
    def action_field_changed(self, event: Input.Changed) -> None:
        """Show the typed owner and target in the list, and the date the target reads as."""
        action = self._current_action()
        if action is None or event.value != event.input.value:
            return  # an old event: the field has moved on
        if event.input.id == "target":
            self.query_one("#target-date", Static).update(target_reading(event.value))
        shown = ActionDraft(
            action.id,
            self.query_one("#owner", Input).value,
            self.query_one("#target", Input).value,
        )
        self.actions_table.update_row(self._index, shown)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The action keys work on the actions list only (elsewhere they type letters)."""
        if action in ACTION_KEYS:
            focused = self.focused
            if not isinstance(focused, ActionsTable):
                return None
        return True

    def _apply(self, op) -> None:
        self._commit_action()
        try:
            self._index = op(self.draft.actions)
        except IndexError as exc:
            self.notify(str(exc).capitalize(), severity="warning")
            return
        self._show_actions()
        self.actions_table.focus()

    def action_add_action(self) -> None:
        at = self._index if self.draft.actions else None
        self._apply(lambda actions: drafts.add_action(actions, at))
        self.query_one("#owner", Input).focus()

    def action_delete_action(self) -> None:
        if self.draft.actions:
            self._apply(lambda actions: drafts.remove_action(actions, self._index))

    def action_split_action(self) -> None:
        if self.draft.actions:
            self._apply(lambda actions: drafts.split_action(actions, self._index))

    def action_merge_action(self) -> None:
        if self.draft.actions:
            self._apply(lambda actions: drafts.merge_with_next(actions, self._index))

    def action_move_action(self, offset: int) -> None:
        if self.draft.actions:
            self._apply(lambda actions: drafts.move_action(actions, self._index, offset))

    def action_focus_field(self, name: str) -> None:
        if name != "actions" and not self.draft.actions:
            self.notify("No actions yet: a on the actions list adds one.")
            name = "actions"
        widget = self.query_one(f"#{name}")
        widget.focus()
        widget.scroll_visible(animate=False)

    # --- save and cancel ---------------------------------------------------------------

    def collect(self) -> RecommendationDraft:
        """The draft with the form's current values."""
        self._commit_action()
        draft = self.draft.copy()
        agreement = self.query_one("#agreement", Select).value
        draft.fields["agreement"] = None if agreement == Select.NULL else agreement
        for name in LINE_FIELDS:
            draft.fields[name] = self.query_one(f"#{name}", Input).value.strip() or None
        for name in TEXT_FIELDS:
            draft.fields[name] = self.query_one(f"#{name}", TextArea).text.strip() or None
        return draft

    def changed(self) -> bool:
        draft = self.collect()
        original = self.original
        if draft.fields != {k: original.fields.get(k) or None for k in draft.fields}:
            return True

        def plain(actions):
            return [
                (a.id, a.owner or None, a.target or None, (a.text or "").strip() or None)
                for a in actions
            ]

        return plain(draft.actions) != plain(original.actions)

    def has_unsaved_changes(self) -> bool:
        """Whether quitting now would lose changes (the app asks first then)."""
        return self.changed()

    def action_save(self) -> None:
        if not self.changed():
            self.notify("No changes to save.")
            self.dismiss(None)
            return
        draft = self.collect()
        unreadable = self._unreadable_targets(draft)
        if not unreadable:
            self.dismiss(draft)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(draft)

        targets = ", ".join(f"'{t}'" for t in unreadable)
        self.app.push_screen(
            ConfirmScreen(
                "A target cannot be read as a date",
                f"{targets}: save as written? The action stays open, shown as "
                "'target unreadable', and is never counted overdue or on time.",
                yes="save as written",
                no="keep editing",
            ),
            answered,
        )

    def _unreadable_targets(self, draft: RecommendationDraft) -> list[str]:
        """Targets the reviewer typed or changed that cannot be read as a date or a status."""
        before = {a.id: a.target for a in self.original.actions if a.id is not None}
        return [
            a.target.strip()
            for a in draft.actions
            if a.target
            and a.target.strip() != (before.get(a.id) or "").strip()
            and a.reading().unreadable
        ]

    def action_cancel(self) -> None:
        state = self._state() if self.changed() else None
        if state is not None and state != self._warned_about:
            # asked once for these changes; escape again (with nothing more changed)
            # throws them away
            self._warned_about = state
            self.notify("Unsaved changes: ctrl+s saves them, escape again throws them away.")
            return
        self.dismiss(None)

    def _state(self) -> tuple:
        draft = self.collect()
        return (
            tuple(sorted(draft.fields.items(), key=lambda kv: kv[0])),
            tuple((a.id, a.owner, a.target, a.text) for a in draft.actions),
        )
