"""The outstanding-actions screen's table: which columns fit a width and how wide,
each row's cells, and the row's values in full for the lines under the table.

The columns fit the screen at any width: the number, owner, target, days overdue,
latest judgement and review status always show, the recommendation's words take one
line of what is left, and the agreement and plan columns give way first under about
100 columns (their values are in the lines under the table).
"""

from __future__ import annotations

from rich.text import Text

from store.reports.outstanding import OutstandingAction
from tui.widgets.queue_cells import SHORT_VALUES

COLUMNS = (
    "rec",
    "recommendation",
    "agreement",
    "owner",
    "target",
    "days overdue",
    "IRP judgement",
    "review",
)
# The columns fit the screen and their cells wrap (the recommendation's words are cut
# to one line instead), so the judgement and its link marker are in sight without
# scrolling sideways: each column has its narrow width, the recommendation takes the
# room left, up to RECOMMENDATION_FIRST, then the others grow to their roomy width in
# this order, and the recommendation has the rest. Where the narrow widths and
# RECOMMENDATION_LEAST do not all fit, the columns in GIVE_WAY are left out in turn
# (their values are in the lines under the table).
NARROW = {
    "plan": 10,
    "rec": 4,
    "agreement": 9,
    "owner": 10,
    "target": 10,
    "days overdue": 7,
    "IRP judgement": 13,  # 'No meaningful', then 'unconfirmed' under it
    "review": 10,
}
ROOMY = {"IRP judgement": 23, "owner": 16, "target": 13, "agreement": 13}
GIVE_WAY = ("agreement", "plan")
RECOMMENDATION_LEAST, RECOMMENDATION_FIRST = 10, 20


def fitted_columns(width: int, names: tuple[str, ...], cell_padding: int) -> dict[str, int]:
    """The columns shown in ``width`` (scrollbar taken off) and their widths: all of
    ``names`` where they fit, else without the GIVE_WAY columns in turn."""
    names = tuple(names)
    for give_way in (0, *range(1, len(GIVE_WAY) + 1)):
        gone = GIVE_WAY[:give_way]
        shown = tuple(name for name in names if name not in gone)
        room = width - 2 * cell_padding * len(shown)
        least = sum(NARROW[n] for n in shown if n != "recommendation") + RECOMMENDATION_LEAST
        if least <= room or give_way == len(GIVE_WAY):
            return column_widths(room, shown)
    raise AssertionError("unreachable")


def strip_parts(action: OutstandingAction) -> list[str]:
    """The row's values in full, for the lines under the table, what the cells cut
    first."""
    target = action.target or "no target"
    if action.target_unreadable:
        target += " (unreadable: overdue unknown)"
    elif action.target_date and action.target_date != action.target:
        target += f" → {action.target_date}"
    if action.overdue:
        due = f"{action.days_overdue} days overdue"
    elif action.days_overdue is not None:
        due = "not yet due"
    else:
        due = None
    judgement = action.judgement or "no IRP judgement"
    if action.judgement and action.judgement_date:
        judgement += f" ({action.judgement_date})"
    if link := action.link_note():
        judgement += f" · {link}"
    # what the cells cut or leave out first (the words, the agreement, the target as
    # read, the judgement's date and link score): at 80 columns three lines hold no
    # more; the owner, days overdue and review status the cells show whole
    return [
        f"{action.rec_no or '—'} {action.summary}",
        action.agreement_shown() or "agreement not read",
        f"target {target}",
        judgement,
        due,
        f"owner {action.owner}" if action.owner else "no owner",
        action.review_status,
        f"plan {action.plan_published}" if action.plan_published else None,
    ]


def column_widths(room: int, names: tuple[str, ...]) -> dict[str, int]:
    """Each column's width when the cells have ``room`` in all (padding taken off)."""
    widths = {name: NARROW[name] for name in names if name != "recommendation"}
    spare = room - sum(widths.values())
    recommendation = min(max(spare, RECOMMENDATION_LEAST), RECOMMENDATION_FIRST)
    spare -= recommendation
    for name, roomy in ROOMY.items():
        if name not in widths:
            continue
        grow = max(0, min(spare, roomy - widths[name]))
        widths[name] += grow
        spare -= grow
    widths["recommendation"] = recommendation + max(spare, 0)
    return {name: widths[name] for name in names}


def cells_of(action: OutstandingAction, judgement_width: int | None = None) -> dict[str, Text]:
    """The row's cells. In a judgement column narrower than its roomy width the
    judgement is the scale's short word and an unconfirmed link says only
    'unconfirmed' (its score is in the lines under the table), so a row stays about
    two lines tall at 80 columns instead of four."""
    compact = judgement_width is not None and judgement_width < ROOMY["IRP judgement"]
    style = "bold red" if action.overdue else ""
    values = (
        action.rec_no or "",
        action.summary,
        action.agreement_shown() or "(none)",
        action.owner or "",
        action.target or "",
        str(action.days_overdue) if action.overdue else "",
        (SHORT_VALUES.get(action.judgement, action.judgement) if compact else action.judgement)
        or "",
        action.review_status,
    )
    cells = {name: Text(value, style=style) for name, value in zip(COLUMNS, values, strict=True)}
    if action.target_unreadable:  # not an action without a date: one whose date is unknown
        cells["target"].append(" (unreadable)", style="bold yellow")
        cells["days overdue"] = Text("unknown", style="yellow")
    if link := action.link_note():
        cells["IRP judgement"].append(" unconfirmed" if compact else f" ({link})", style="yellow")
    return cells
