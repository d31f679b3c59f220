"""A merge conflict's value in words: one wording wherever a conflict is shown.

The merge summary (``hmip-review merge``), the line a merge adds to a record's
note (``store.merge.flags``) and the app's resolve box (``R``, through
``store.review.merge_conflicts.MergeConflict.describe``) all word a side's
value here: a NULL value is ``(empty)``, a row deleted on that side is
``(deleted)``, a whole row is ``(the row)``, text is quoted, a number is shown
as it is. ``cut`` shortens long text where a line has no room for it (the
summary, the note); the resolve box shows it whole.
"""

from __future__ import annotations


def conflict_value(value: object, *, deleted: bool = False, cut: int | None = None) -> str:
    """``deleted``: the value stands for a whole row, so None means the row was deleted."""
    if value is None:
        return "(deleted)" if deleted else "(empty)"
    if isinstance(value, dict):
        return "(the row)"
    if isinstance(value, str):
        return repr(value if cut is None or len(value) <= cut else value[: cut - 3] + "...")
    return repr(value)
