"""The detail pane: every field of the current record, its actions and its judgements.

Under the record's own warnings it shows the warnings of a document that name the
record (an IRP report's "links: Ofsted theme 1 linked to 5.15 with a low score"
on Ofsted theme 1 and on 5.15), read by ``store.reports.documents`` in a worker of
the pane's own after the record is shown. The same read gives a recommendation in a
chain of repeats its chain line (``tui.widgets.chain_line``): "first recommended
2015 (2.30), repeated 2018 (1.22) and 2021 (3.27, unconfirmed); IRP 2022: ...".
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from store.domain import RECOMMENDATION
from store.reports.documents import document_warnings_for
from store.review.judgement_day import describe_judged_on
from store.review.records import RecordDetail
from tui.background import run_and_post
from tui.widgets.chain_line import Chain, chain_line, read_chain
from tui.widgets.lines import LinesView

STATUS_STYLES = {
    "unreviewed": "dim",
    "verified": "bold green",
    "flagged": "bold yellow",
    "rejected": "bold red",
}


def _field(label: str, value: object, style: str = "") -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(str(value) if value not in (None, "") else "—", style=style if value else "dim")
    return text


def _status(record: dict) -> Text:
    status = record.get("review_status") or "unreviewed"
    text = Text(status, style=STATUS_STYLES.get(status, ""))
    if record.get("reviewer") and status != "unreviewed":
        text.append(f" by {record['reviewer']}", style="dim")
        if record.get("reviewed_at"):
            text.append(f" {str(record['reviewed_at'])[:10]}", style="dim")
    return text


def _actions(actions: list[dict]) -> list[Text]:
    """One line per action: number, owner, the date its target reads as, then the
    target as printed, cut at the pane's width (never wrapped), so that six fit under
    the record's first line. The date read comes before the printed words, so a narrow
    pane cuts the words (which the source pane shows) and not what is stored."""
    lines = []
    for action in actions:
        line = Text(f"{action.get('position')}. ".rjust(4), style="bold")
        line.no_wrap, line.overflow = True, "ellipsis"
        status = action.get("status") or "open"
        if status == "open" and action.get("target_unreadable"):
            # written but not readable: never shown as if it had no date, and first,
            # where cutting the line at the pane's width cannot hide it
            line.append("⚠ unreadable, overdue unknown · ", style="bold red")
        line.append(action.get("owner") or "no owner", style="" if action.get("owner") else "dim")
        line.append(" · ")
        target, date = action.get("target"), action.get("target_date")
        if date:
            line.append(str(date), style="green")
            if target and target.strip() != date:
                line.append(f" ({target})", style="dim")
        else:
            line.append(target or "no target", style="" if target else "dim")
        if status != "open":
            line.append(f" ({status.replace('_', ' ')})", style="green")
        elif not action.get("target_date") and not action.get("target_unreadable"):
            line.append(" (no date)", style="yellow")
        lines.append(line)
    return lines


def _action_texts(actions: list[dict]) -> list[Text]:
    """What each action says, numbered like its line in the list above."""
    lines = []
    for action in actions:
        if action.get("text"):
            text = Text(f"{action.get('position')}. ".rjust(4), style="bold")
            text.append(action["text"], style="dim")
            lines.append(text)
    return lines


def _link_score(item: dict) -> Text:
    score = item.get("score")
    text = (
        Text("confirmed", style="green")
        if item.get("confirmed")
        else Text("unconfirmed", style="yellow")
    )
    if score is not None:
        text.append(f" · score {score:.2f}", style="dim")
    return text


def _by_hand(detail: RecordDetail) -> Text:
    """Where a judgement recorded by hand comes from: no document, the day it was made."""
    record = detail.record
    text = Text("Recorded by hand", style="bold")
    text.append(" (no document)", style="dim")
    judged_on = record.get("judged_on")
    text.append(" · ")
    if judged_on:
        text.append(f"judged {describe_judged_on(judged_on)}")
    else:
        text.append("undated", style="yellow")
    if record.get("recorded_at"):
        text.append(f" · typed in {str(record['recorded_at'])[:10]}", style="dim")
    if detail.shown_after is not None:
        text.append(f" · source text: {detail.source_label}", style="dim")
    return text


def render_detail(
    detail: RecordDetail, document_warnings: list[str] | tuple = (), chain: Chain | None = None
) -> Group:
    """The renderable the pane shows for one record (and the document warnings naming it,
    and for a recommendation in a chain of repeats, that chain)."""
    record = detail.record
    parts: list = []
    head = Text()
    if detail.kind == RECOMMENDATION:
        head.append(record.get("rec_no") or "(no number)", style="bold")
        agreement = record.get("agreement")
        head.append(" · ")
        head.append(agreement or "no agreement", style="" if agreement else "dim")
        if agreement and record.get("agreement_printed") == 0:
            head.append(" (inferred from the summary table)", style="italic yellow")
    else:
        head.append(f"{record.get('inspectorate')} {record.get('ref') or ''}".strip(), style="bold")
        head.append(" · ")
        head.append(
            record.get("judgement") or "no judgement",
            style="" if record.get("judgement") else "dim",
        )
    head.append(" · ")
    head.append_text(_status(record))
    parts.append(head)
    if detail.document:
        parts.append(
            Text(detail.document.get("title") or detail.document.get("label") or "", style="dim")
        )
    if detail.by_hand:
        parts.append(_by_hand(detail))
    for warning in detail.warnings:
        parts.append(Text(f"⚠ {warning}", style="yellow"))
    for warning in document_warnings:
        parts.append(Text(f"⚠ {warning} (document)", style="yellow"))
    if detail.kind == RECOMMENDATION:
        # the actions first, one line each: at 120x40 six show without scrolling,
        # at 80x24 three; what each says comes after the recommendation
        parts.append(Text(f"Actions ({len(detail.actions)})", style="bold"))
        parts.extend(_actions(detail.actions))
    if record.get("note"):
        parts.append(_field("Note", record["note"], "italic"))
    if detail.kind == RECOMMENDATION:
        where = " › ".join(x for x in (record.get("section"), record.get("heading")) if x)
        if where:
            parts.append(Text(where, style="dim"))
        meta = Text()
        for label, name in (("to", "addressee"), ("ref", "ref"), ("repeats", "repeated_ref")):
            if record.get(name):
                meta.append(f"{label} {record[name]}  ", style="dim")
        if meta:
            parts.append(meta)
        if chain is not None:
            parts.append(chain_line(chain, detail.id))
        parts.append(_field("Recommendation", record.get("recommendation")))
        if record.get("concern"):
            parts.append(_field("Concern", record["concern"]))
        texts = _action_texts(detail.actions)
        if texts:
            parts.append(Text("What the actions say", style="bold"))
            parts.extend(texts)
        if record.get("response") and not any(a.get("text") for a in detail.actions):
            parts.append(_field("Response", record["response"]))
        parts.append(Text(f"Judgements ({len(detail.judgements)})", style="bold"))
        for item in detail.judgements:
            line = Text("  ")
            # dated by its report, or (recorded by hand) by the day it was made
            when = item.get("document_published") or item.get("judged_on") or "undated"
            line.append(f"{when}  ", style="dim")
            line.append(item.get("judgement") or "no judgement")
            source = item.get("document_title") or f"recorded by hand: {item.get('text') or ''}"
            line.append(f"  {source}  ", style="dim")
            line.append_text(_link_score(item))
            parts.append(line)
    else:
        if record.get("theme"):
            parts.append(_field("Theme", record["theme"]))
        if record.get("paragraphs"):
            parts.append(_field("Paragraphs", record["paragraphs"]))
        parts.append(_field("Text", record.get("text")))
        for label, name in (("Concern", "concern"), ("Summary", "summary")):
            if record.get(name):
                parts.append(_field(label, record[name]))
        parts.append(Text(f"Links ({len(detail.links)})", style="bold"))
        for link in detail.links:
            line = Text("  ")
            line.append(f"{link.get('rec_no') or '—'} ", style="bold")
            line.append(f"{link.get('document')}  ", style="dim")
            line.append_text(_link_score(link))
            parts.append(line)
            if link.get("recommendation"):
                parts.append(Text(f"    {link['recommendation']}", style="dim"))
    return Group(*parts)


class DetailPane(LinesView, can_focus=True):
    """Shows one record in full, drawn once per record and scrolled line by line."""

    BINDINGS = [
        Binding("down", "scroll_down", "Scroll down", show=False, id="detail.scroll_down"),
        Binding("up", "scroll_up", "Scroll up", show=False, id="detail.scroll_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page_up"),
    ]

    class DocumentWarningsRead(Message):
        """The document warnings that name a record, read in the pane's worker."""

        def __init__(
            self, ref: tuple[str, int], warnings: list[str], chain: Chain | None = None
        ) -> None:
            super().__init__()
            self.ref = ref
            self.warnings = warnings
            self.chain = chain  # of a recommendation in a chain of repeats

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.detail: RecordDetail | None = None
        self.document_warnings: list[str] = []
        self.chain: Chain | None = None
        self._lines: list[Strip] = []
        self._drawn_width = 0

    def show(self, detail: RecordDetail | None) -> None:
        same = detail is not None and self.detail is not None and detail.ref == self.detail.ref
        self.detail = detail
        if not same:  # the same record again keeps them until they are read again
            self.document_warnings = []
            self.chain = None
        self._draw()
        self.scroll_to(y=0, animate=False, immediate=True)
        db_path = getattr(self.screen, "db_path", None)
        if detail is not None and db_path is not None:
            self._read_document_warnings(db_path, detail.ref)

    @work(thread=True, exclusive=True, group="document-warnings")
    def _read_document_warnings(self, db_path, ref: tuple[str, int]) -> None:
        """The document warnings naming the record and, for a recommendation, its chain
        of repeats: read after the record is shown, so that moving is never slower."""

        def job(db):
            chain = read_chain(db, ref[1]) if ref[0] == RECOMMENDATION else None
            return self.DocumentWarningsRead(ref, document_warnings_for(db, *ref), chain)

        run_and_post(
            self,
            db_path,
            job,
            on_error=lambda reason: None,  # the record's own warnings are shown all the same
        )

    @on(DocumentWarningsRead)
    def _document_warnings_read(self, message: DocumentWarningsRead) -> None:
        if self.detail is None or self.detail.ref != message.ref:
            return  # another record is shown now
        if message.warnings != self.document_warnings or message.chain != self.chain:
            self.document_warnings = message.warnings
            self.chain = message.chain
            self._draw()

    def _draw(self) -> None:
        width = self.scrollable_content_region.width
        self._drawn_width = width
        if width <= 0:
            self._lines = []
            return
        renderable = (
            render_detail(self.detail, self.document_warnings, self.chain)
            if self.detail
            else Text("No record", style="dim")
        )
        console = self.app.console
        lines = console.render_lines(renderable, console.options.update_width(width), pad=True)
        self._lines = [Strip(line, width) for line in lines]
        self.set_lines_size(Size(width, len(self._lines)))
        self.refresh()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._drawn_width:
            self._draw()

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if index < len(self._lines):
            return self._lines[index].apply_style(self.rich_style)
        return Strip.blank(width, self.rich_style)
