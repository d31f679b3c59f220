"""The editor of an IRP judgement: its judgement on its inspectorate's scale, and its texts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, TextArea

from store.domain import scale_of
from store.review.records import RecordDetail

LINE_FIELDS = ("ref", "theme", "note")


class JudgementEditScreen(Screen[dict | None]):
    """Returns the fields that changed on ctrl+s ({} when none), None on escape."""

    CSS_PATH = "edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="judgement_edit.save"),
        Binding("escape", "cancel", "Cancel", id="judgement_edit.cancel"),
    ]

    def __init__(self, detail: RecordDetail) -> None:
        super().__init__()
        self.detail = detail
        self.record = detail.record
        self.scale = scale_of(self.record.get("inspectorate"))

    def compose(self) -> ComposeResult:
        record = self.record
        yield Header(icon="✎")
        with VerticalScroll(id="edit-form"):
            with Horizontal(classes="row"):
                yield Label("Judgement", classes="inline-label")
                value = record.get("judgement")
                yield Select(
                    [(f"{i} {s}", s) for i, s in enumerate(self.scale, start=1)],
                    value=value if value in self.scale else Select.NULL,
                    prompt="(none)",
                    id="judgement",
                    compact=True,
                )
            with Horizontal(classes="row"):
                for name, label in (("ref", "Ref"), ("theme", "Theme")):
                    yield Label(label, classes="inline-label")
                    yield Input(record.get(name) or "", id=name, compact=True)
            yield Label("Text", classes="field-label")
            yield TextArea(
                record.get("text") or "", soft_wrap=True, id="text", classes="text", compact=True
            )
            with Horizontal(classes="row"):
                yield Label("Note", classes="inline-label")
                yield Input(record.get("note") or "", id="note", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        inspectorate = self.record.get("inspectorate") or ""
        self.title = f"Edit {inspectorate} judgement {self.record.get('ref') or ''}".strip()
        self.sub_title = self.detail.document.get("label", "")
        self.query_one("#judgement", Select).focus()

    def collect(self) -> dict:
        """The fields whose value differs from the record's."""
        values: dict[str, object] = {}
        judgement = self.query_one("#judgement", Select).value
        values["judgement"] = None if judgement == Select.NULL else judgement
        for name in LINE_FIELDS:
            values[name] = self.query_one(f"#{name}", Input).value.strip() or None
        values["text"] = self.query_one("#text", TextArea).text.strip() or None
        return {k: v for k, v in values.items() if v != (self.record.get(k) or None)}

    def has_unsaved_changes(self) -> bool:
        """Whether quitting now would lose changes (the app asks first then)."""
        return bool(self.collect())

    def action_save(self) -> None:
        changed = self.collect()
        if not changed:
            self.notify("No changes to save.")
        self.dismiss(changed or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
