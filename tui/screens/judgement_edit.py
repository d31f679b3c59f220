"""The editor of a judgement: its judgement on its inspectorate's scale, and its texts.

A judgement recorded by hand also has the day it was made (``judged_on``),
typed as when it was recorded (``store.review.judgement_day``), with what it
reads as shown beside it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, TextArea

from store.domain import scale_of
from store.errors import StoreError
from store.review.judgement_day import describe_judged_on, read_judged_on
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
        self._warned_about: dict | None = None  # the changes escape last warned about

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
            if self.detail.by_hand:
                judged_on = record.get("judged_on")
                with Horizontal(classes="row"):
                    yield Label("Judged on", classes="inline-label")
                    yield Input(
                        describe_judged_on(judged_on) if judged_on else "",
                        placeholder="e.g. 12 May 2023 (empty: not known)",
                        id="judged_on",
                        compact=True,
                    )
                    yield Label(self._reading()[1], id="judged-on-reading")
        yield Footer()

    def on_mount(self) -> None:
        inspectorate = self.record.get("inspectorate") or ""
        self.title = f"Edit {inspectorate} judgement {self.record.get('ref') or ''}".strip()
        self.sub_title = (
            f"recorded by hand · shown after {self.detail.source_label}"
            if self.detail.by_hand
            else self.detail.document.get("label", "")
        )
        self.query_one("#judgement", Select).focus()

    def _reading(self) -> tuple[str | None, str]:
        """(the ISO day typed in Judged on, or None when unreadable; what it reads as).

        The day as shown when the editor opened is the stored day, not read again."""
        stored = self.record.get("judged_on")
        typed = self.query_one("#judged_on", Input).value.strip() if self.is_mounted else None
        if typed is None or (stored and typed == describe_judged_on(stored)):
            return stored, f"→ {describe_judged_on(stored)}"
        try:
            judged_on = read_judged_on(typed)
        except StoreError as exc:
            return None, str(exc)
        return judged_on, f"→ {describe_judged_on(judged_on)}"

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "judged_on":
            problem = self._reading()
            label = self.query_one("#judged-on-reading", Label)
            label.update(problem[1])
            label.set_class(problem[0] is None and bool(event.value.strip()), "-error")

    def collect(self) -> dict:
        """The fields whose value differs from the record's."""
        values: dict[str, object] = {}
        judgement = self.query_one("#judgement", Select).value
        values["judgement"] = None if judgement == Select.NULL else judgement
        for name in LINE_FIELDS:
            values[name] = self.query_one(f"#{name}", Input).value.strip() or None
        values["text"] = self.query_one("#text", TextArea).text.strip() or None
        if self.detail.by_hand:
            typed = self.query_one("#judged_on", Input).value.strip()
            judged_on = self._reading()[0]
            # unreadable: the text as typed, a change that saving refuses
            values["judged_on"] = judged_on if judged_on or not typed else typed
        return {k: v for k, v in values.items() if v != (self.record.get(k) or None)}

    def has_unsaved_changes(self) -> bool:
        """Whether quitting now would lose changes (the app asks first then)."""
        return bool(self.collect())

    def action_save(self) -> None:
        if self.detail.by_hand:
            judged_on, reading = self._reading()
            if judged_on is None and self.query_one("#judged_on", Input).value.strip():
                self.notify(reading, title="Judged on", severity="error")
                return
        changed = self.collect()
        if not changed:
            self.notify("No changes to save.")
        self.dismiss(changed or None)

    def action_cancel(self) -> None:
        changed = self.collect()
        if changed and changed != self._warned_about:
            # asked once for these changes; escape again throws them away
            self._warned_about = changed
            self.notify("Unsaved changes: ctrl+s saves them, escape again throws them away.")
            return
        self.dismiss(None)
