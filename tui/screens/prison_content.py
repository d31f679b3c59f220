"""What the prison screen shows, made from a ``PrisonReport``: chart data and list lines.

Pure: no widgets and no database, so each piece is tested on plain reports.
The charts (``tui.widgets.charts``) take ``BarData`` / ``TimelineData``; the
lists take Rich ``Text``. Colours carry one meaning each across the charts:
green is done or agreed, red is overdue, not agreed or no meaningful progress,
yellow a target that could not be read.
"""

from __future__ import annotations

from datetime import date

from dateutil import parser as dateparser
from rich.text import Text

from store.domain import ACTION_PLAN, AGREEMENTS, HMIP_SCALE, OFSTED_SCALE
from store.plural import counted
from store.reports.prison import (
    NOT_ASSESSED,
    UNREADABLE,
    ChainLink,
    PrisonDocument,
    PrisonReport,
)
from tui.widgets.charts import RGB, BarData, Series, TimelineData, TimelinePoint

GREEN: RGB = (67, 160, 71)
DARK_GREEN: RGB = (0, 121, 107)
LIGHT_GREEN: RGB = (156, 204, 101)
ORANGE: RGB = (251, 140, 0)
RED: RGB = (229, 57, 53)
BLUE: RGB = (30, 136, 229)
GREY: RGB = (140, 140, 140)
YELLOW: RGB = (253, 216, 53)
PURPLE: RGB = (142, 36, 170)

NO_AGREEMENT_LABEL = "no agreement"  # a recommendation with none printed or read
AGREEMENT_COLOURS: dict[str, RGB] = {
    "Agreed": GREEN,
    "Partly Agreed": ORANGE,
    "Not Agreed": RED,
    NO_AGREEMENT_LABEL: GREY,
}
# A plan's actions as the bars stack them, each part apart from the others: the store
# counts overdue actions and those whose target could not be read among the open ones.
OPEN_ON_TIME = "open_on_time"
ACTION_PARTS: tuple[tuple[str, str, RGB], ...] = (
    ("complete", "complete", GREEN),
    (OPEN_ON_TIME, "open", BLUE),
    ("overdue", "overdue", RED),
    ("target_unreadable", "target unreadable", YELLOW),
    ("not_applicable", "not applicable", GREY),
)
IRP_COLOURS: tuple[RGB, ...] = (PURPLE, BLUE, DARK_GREEN, ORANGE, GREY)
KIND_ROWS = {ACTION_PLAN: "plans"}  # any other kind: the IRP row
IRP_ROW = "IRPs"


def is_plan(document: PrisonDocument) -> bool:
    return document.kind == ACTION_PLAN


def labels_of(documents: list[PrisonDocument]) -> dict[int, str]:
    """A short label for each document: its year; the month too where two share a year;
    its id where even that does not tell them apart; 'undated' with its id."""
    out: dict[int, str] = {}
    for document in documents:
        out[document.id] = str(document.year) if document.year else f"undated #{document.id}"
    for document in documents:
        same = [d for d in documents if out[d.id] == out[document.id]]
        if len(same) > 1:
            for d in same:
                out[d.id] = (d.published or str(d.year))[:7]
    for document in documents:
        same = [d for d in documents if out[d.id] == out[document.id]]
        if len(same) > 1:
            for d in same:
                out[d.id] = f"{out[d.id]} #{d.id}"
    return out


def agreement_counts(document: PrisonDocument) -> dict[str, int]:
    """The plan's recommendations by agreement, every value not printed as 'no agreement'."""
    counts = dict.fromkeys(AGREEMENT_COLOURS, 0)
    for value, n in document.agreements.items():
        counts[value if value in AGREEMENTS else NO_AGREEMENT_LABEL] += n
    return counts


def agreement_chart(report: PrisonReport) -> BarData:
    plans = [d for d in report.documents if is_plan(d)]
    labels = labels_of(report.documents)
    counts = [agreement_counts(d) for d in plans]
    return BarData(
        "Agreement per plan",
        tuple(labels[d.id] for d in plans),
        tuple(
            Series(name.capitalize(), tuple(c[name] for c in counts), colour)
            for name, colour in AGREEMENT_COLOURS.items()
        ),
        empty="no action plan of this prison",
    )


def action_parts(document: PrisonDocument) -> dict[str, int]:
    """A plan's actions in parts that add up to all of them (``ACTION_PARTS``)."""
    actions = document.actions
    overdue, unreadable = actions.get("overdue", 0), actions.get("target_unreadable", 0)
    return {
        "complete": actions.get("complete", 0),
        OPEN_ON_TIME: max(0, actions.get("open", 0) - overdue - unreadable),
        "overdue": overdue,
        "target_unreadable": unreadable,
        "not_applicable": actions.get("not_applicable", 0),
    }


def action_chart(report: PrisonReport) -> BarData:
    plans = [d for d in report.documents if is_plan(d)]
    labels = labels_of(report.documents)
    parts = [action_parts(d) for d in plans]
    return BarData(
        "Actions per plan",
        tuple(labels[d.id] for d in plans),
        tuple(
            Series(words, tuple(p[key] for p in parts), colour)
            for key, words, colour in ACTION_PARTS
        ),
        empty="no action plan of this prison" if not plans else "no action in its plans",
    )


def judgement_values(irps: list[PrisonDocument]) -> list[tuple[str, str, str]]:
    """(bar label, which counts, value) of every judgement value an IRP report gave:
    HMIP's scale lowest first, not assessed, unreadable, then the education themes'."""
    hmip = [*HMIP_SCALE, NOT_ASSESSED, UNREADABLE]
    out = [
        (short_judgement(v), "judgements", v)
        for v in hmip
        if any(d.judgements.get(v) for d in irps)
    ]
    out += [
        (f"Ofsted {short_judgement(v).lower()}", "education_judgements", v)
        for v in [*OFSTED_SCALE, NOT_ASSESSED, UNREADABLE]
        if any(d.education_judgements.get(v) for d in irps)
    ]
    return out


def judgement_chart(report: PrisonReport) -> BarData:
    """One bar per judgement value that any IRP report gave, stacked by report."""
    irps = [d for d in report.documents if not is_plan(d)]
    labels = labels_of(report.documents)
    values = judgement_values(irps)
    return BarData(
        "IRP judgements by value",
        tuple(label for label, _, _ in values),
        tuple(
            Series(
                f"IRP {labels[d.id]}",
                tuple(getattr(d, side).get(v, 0) for _, side, v in values),
                IRP_COLOURS[i % len(IRP_COLOURS)],
            )
            for i, d in enumerate(irps)
        ),
        empty="no IRP report of this prison" if not irps else "no judgement in its IRP reports",
    )


def short_judgement(value: str) -> str:
    """'Insufficient progress' -> 'Insufficient' (the bars' labels)."""
    return value.removesuffix(" progress")


def year_fraction(document: PrisonDocument) -> float | None:
    """Where the document sits on the timeline: its publication day, else mid-year."""
    if document.published:
        try:
            day = dateparser.isoparse(document.published).date()
        except ValueError:
            day = None
        if day is not None:
            start = date(day.year, 1, 1)
            return day.year + (day - start).days / 366
    return document.year + 0.5 if document.year else None


def timeline_chart(report: PrisonReport) -> TimelineData:
    points, undated = [], 0
    for document in report.documents:
        at = year_fraction(document)
        if at is None:
            undated += 1
            continue
        plan = is_plan(document)
        points.append(
            TimelinePoint(
                at,
                KIND_ROWS.get(document.kind, IRP_ROW),
                str(document.year or int(at)),
                GREEN if plan else PURPLE,
            )
        )
    note = f"{counted(undated, 'undated document')} not placed" if undated else ""
    return TimelineData(
        "Documents over time",
        ("plans", IRP_ROW),
        tuple(points),
        empty="no dated document",
        note=note,
        legend=(("action plan", GREEN), ("IRP report", PURPLE)),
    )


# --------------------------------------------------------------------------- list lines


def document_line(document: PrisonDocument, label: str) -> Text:
    """The document (kind, publication day, review progress), then its counts: a plan's
    recommendations by agreement and its actions, an IRP report's judgements by value.
    Each line fits 80 columns (a title would repeat the kind and the year)."""
    kind = "action plan" if is_plan(document) else "IRP report"
    text = Text(f"{label:<8}", style="bold")
    text.append(f"{kind:<12}", style="green" if is_plan(document) else "magenta")
    published = f"published {document.published}" if document.published else "no publication day"
    text.append(f" {published}", style="dim")
    done = document.total and document.reviewed == document.total
    text.append(" · ")
    text.append(f"reviewed {document.reviewed}/{document.total}", style="green" if done else "dim")
    text.append("\n        ")
    if is_plan(document):
        counts = agreement_counts(document)
        text.append(f"{sum(counts.values())} recommendations: ")
        text.append(", ".join(f"{n} {name.lower()}" for name, n in counts.items() if n) or "none")
        text.append("\n        actions: ")
        text.append_text(actions_text(document.actions))
    else:
        judged = [
            (label, getattr(document, side)[v]) for label, side, v in judgement_values([document])
        ]
        text.append(f"{sum(n for _, n in judged)} judgements: ")
        text.append(", ".join(f"{n} {label.lower()}" for label, n in judged) or "none")
    return text


def actions_text(actions: dict[str, int]) -> Text:
    """'4 open (2 overdue, 1 target unreadable), 6 complete, 1 not applicable'."""
    text = Text()
    parts = []
    if actions.get("open"):
        parts.append(Text(f"{actions['open']} open"))
        inner = []
        if actions.get("overdue"):
            inner.append(Text(f"{actions['overdue']} overdue", style="bold red"))
        if actions.get("target_unreadable"):
            inner.append(
                Text(f"{actions['target_unreadable']} target unreadable", style="bold yellow")
            )
        if inner:
            parts[-1].append(" (")
            parts[-1].append_text(Text(", ").join(inner))
            parts[-1].append(")")
    for key, words in (("complete", "complete"), ("not_applicable", "not applicable")):
        if actions.get(key):
            parts.append(Text(f"{actions[key]} {words}"))
    if not parts:
        return Text("none", style="dim")
    text.append_text(Text(", ").join(parts))
    return text


def link_line(link: ChainLink, first: bool) -> Text:
    """One recommendation of a chain: plan year, number, ref, agreement, judgement (marked
    when reached through a judgement link nobody confirmed), and how it is tied to the one
    before it (confirmed, or unconfirmed with its score)."""
    text = Text("  " if first else "  ↳ ")
    text.append(f"{link.year or 'undated'} ", style="bold")
    text.append(link.rec_no or "(no number)", style="bold")
    if link.ref and link.ref != link.rec_no:
        text.append(f" ref {link.ref}", style="dim")
    text.append(" · ")
    text.append(link.agreement or NO_AGREEMENT_LABEL, style="" if link.agreement else "dim")
    text.append(" · ")
    text.append(
        f"IRP: {short_judgement(link.judgement)}" if link.judgement else "not judged",
        style="" if link.judgement else "dim",
    )
    if note := link.judgement_note():  # 'unconfirmed link 0.78', as the command says it
        text.append(f" ({note})", style="yellow")
    if not first:
        text.append(" · ")
        text.append_text(link_state(link))
    return text


def link_state(link: ChainLink) -> Text:
    if link.confirmed:
        return Text("confirmed", style="green")
    score = f" {link.score:.2f}" if link.score is not None else ""
    return Text(f"unconfirmed{score}", style="bold yellow")


def chain_heading(number: int, chain: list[ChainLink]) -> Text:
    unconfirmed = sum(1 for link in chain[1:] if not link.confirmed)
    text = Text(f"Chain {number}: ", style="bold")
    text.append(f"{len(chain)} plans, {chain[0].year or 'undated'}–{chain[-1].year or 'undated'}")
    if unconfirmed:
        text.append(f" · {counted(unconfirmed, 'unconfirmed link')}", style="yellow")
    return text
