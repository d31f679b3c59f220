"""A merge conflict in words: what is in conflict, and each side's value.

One wording wherever a conflict is shown: the merge summary (``hmip-review
merge``), the line a merge adds to a record's note (``store.merge.flags``) and
the app's resolve box (``R``, through
``store.review.merge_conflicts.MergeConflict.describe``).

* What (``conflict_what``): the field of the record ('agreement'), of one of its
  actions by the number the editor shows ('action 2: owner'), or of a link
  ('judgement link: confirmed'); a row deleted on one side and changed on the
  other says which ('action 2: deleted here, changed there').
* A value (``conflict_value``): a NULL value is ``(empty)``, a row deleted on
  that side is ``(deleted)``, a whole row is ``(the row)``, text is quoted, a
  number is shown as it is. ``cut`` shortens long text where a line has no room
  for it (the summary, the note); the resolve box shows it whole.
"""

from __future__ import annotations

from store.domain import WHOLE_ROW

_RECORD_TABLES = ("recommendations", "judgements", "documents")  # named by the record's label


def conflict_what(table: str, field: str, *, ours_deleted: bool, number: object = None) -> str:
    """``number``: an action's position (its id when it has none); ``ours_deleted``: for a
    whole row (``WHOLE_ROW``), whether it was deleted here (else there)."""
    if table in _RECORD_TABLES:
        subject = ""
    elif table == "actions":
        subject = f"action {number}"
    else:
        subject = table.replace("_", " ")[:-1]  # 'judgement link', 'repeat link'
    if field == WHOLE_ROW:
        side = "deleted here, changed there" if ours_deleted else "deleted there, changed here"
        return f"{subject}: {side}" if subject else side
    return f"{subject}: {field}" if subject else field


def conflict_value(value: object, *, deleted: bool = False, cut: int | None = None) -> str:
    """``deleted``: the value stands for a whole row, so None means the row was deleted."""
    if value is None:
        return "(deleted)" if deleted else "(empty)"
    if isinstance(value, dict):
        return "(the row)"
    if isinstance(value, str):
        return repr(value if cut is None or len(value) <= cut else value[: cut - 3] + "...")
    return repr(value)
