"""What the review queue shows of a record: its cells, cut to their columns, and the
two lines under the table that show the highlighted record's values in full.

The columns fit the width (``columns``): the review status, number, action count
and ⚠ always show, the agreement or judgement column narrows first, and the
document column takes what is left, cut in its middle so a name's number and a
document's year stay (``tui.widgets.cell_text.fit_middle``).
"""

from __future__ import annotations

from rich.style import Style

from store.domain import RECOMMENDATION
from store.plural import counted
from store.review.queue import QueueRow
from tui.widgets.cell_text import fit_end, fit_middle

# (label, width); the last column takes what is left
COLUMNS = (("st", 3), ("no", 7), ("agreed/judged", 15), ("act", 4), ("⚠", 3), ("document", 0))
VALUE_COLUMN = 2  # narrows, down to VALUE_MIN, before a column that must show is cut
VALUE_MIN = 8
STRIP_LINES = 2  # the highlighted row's values in full, at the bottom
STATUS_MARKS = {
    "unreviewed": ("·", Style(dim=True)),
    "verified": ("✓", Style(color="green", bold=True)),
    "flagged": ("!", Style(color="yellow", bold=True)),
    "rejected": ("✗", Style(color="red", bold=True)),
}
SHORT_VALUES = {
    "Partly Agreed": "Partly",
    "Not Agreed": "Not agreed",
    "No meaningful progress": "No meaningful",
    "Insufficient progress": "Insufficient",
    "Reasonable progress": "Reasonable",
    "Good progress": "Good",
    "Significant progress": "Significant",
}
DIM = Style(dim=True)
BY_HAND_MARK = "✎"  # in the act column of a judgement recorded by hand


def status_mark(status: str):
    """The one-character mark of a review status, as Rich text."""
    from rich.text import Text

    mark, style = STATUS_MARKS.get(status, ("?", Style()))
    return Text(mark, style=style, justify="center")


def cells(row: QueueRow) -> list[tuple[str, Style, str]]:
    """(text, style, justify) of each column of one queue row."""
    value = SHORT_VALUES.get(row.value or "", row.value or "—")
    if row.kind == RECOMMENDATION and row.inferred and row.review_status == "unreviewed":
        # inferred from the summary table, and no one has looked at it yet
        value_cell = (f"{value}?", Style(italic=True, color="yellow"), "left")
    else:
        value_cell = (value, DIM if row.value is None else Style(), "left")
    mark, mark_style = STATUS_MARKS.get(row.review_status, ("?", Style()))
    if row.kind == RECOMMENDATION:
        count = (str(row.actions), Style(), "right")
    else:  # no actions; ✎ marks a judgement recorded by hand, even when no document shows
        count = (BY_HAND_MARK, DIM, "right") if row.by_hand else ("", Style(), "right")
    return [
        (mark, mark_style, "center"),
        (row.no or "—", Style() if row.no else DIM, "left"),
        value_cell,
        count,
        (str(row.warnings) if row.warnings else "", Style(color="yellow", bold=True), "right"),
        # a judgement recorded by hand has no document: it is shown after its recommendation
        (f"by hand · {row.document}" if row.by_hand else row.document, DIM, "left"),
    ]


def strip_parts(row: QueueRow | None) -> list[str]:
    """The highlighted row's values in full, most telling first, for the two lines
    under the table (``tui.widgets.cell_text.pack``)."""
    if row is None:
        return []
    value = row.value or ("no agreement read" if row.kind == RECOMMENDATION else "no judgement")
    if row.kind == RECOMMENDATION and row.inferred:
        value += " (inferred from the summary table)"
    parts = [
        f"by hand · {row.document}" if row.by_hand else row.document,
        f"{row.no or '—'} {value}",
    ]
    if row.warnings:
        parts.append(f"⚠ {counted(row.warnings, 'warning')}")
    if row.kind == RECOMMENDATION:
        parts.append(counted(row.actions, "action"))
    if row.establishment:
        parts.append(row.establishment)
    return parts


def fit_cell(text: str, width: int, justify: str, middle: bool = False) -> str:
    if len(text) > width:
        return fit_middle(text, width) if middle else fit_end(text, width)
    if justify == "right":
        return text.rjust(width)
    if justify == "center":
        return text.center(width)
    return text.ljust(width)


def columns(width: int) -> list[int]:
    """Each column's width at ``width``: the agreement or judgement column narrows
    first, so that status, number, actions and ⚠ always show."""
    widths = [w for _, w in COLUMNS]
    fixed = sum(widths)
    if fixed > width:
        widths[VALUE_COLUMN] = max(VALUE_MIN, widths[VALUE_COLUMN] - (fixed - width))
        fixed = sum(widths)
    return [w or max(0, width - fixed) for w in widths]
