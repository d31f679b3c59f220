"""Two reviewers changing the same thing: detect it, describe it, never resolve it silently.

A save writes only the fields the reviewer changed, each checked against the
value the reviewer's screen started from (its *base*). Where the stored value
is no longer the base and is not what this save would write either, someone
else changed that field meanwhile: the save stops with a ``ConflictError``
naming, for each such field, the base, their value (and who wrote it, when)
and ours. The caller shows both and the reviewer chooses: keep theirs, write
ours over it, or go back to editing. Changes to different fields of one record
never conflict, so both survive.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlite_utils

from store.domain import WHOLE_ROW
from store.errors import StoreError
from store.review.drafts import ActionDraft, RecommendationDraft

ROW = (
    WHOLE_ROW  # the field of a conflict about a whole row: deleted on one side, edited on the other
)

PLACE = "place"  # the field of a row an undo cannot put back: another row is where it was

_NOUNS = {"recommendations": "record", "actions": "action", "judgements": "judgement"}


@dataclass(frozen=True)
class Conflict:
    """One field (or row) both sides changed differently since the base was read."""

    table: str
    row_id: int
    field: str  # a column, ROW for a row deleted on one side, or "status"/"order" pseudo-fields
    base: object  # the value the reviewer's screen started from
    theirs: object  # the value stored now (None for a row deleted since)
    mine: object  # the value this save would write (None for a row this save deletes)
    reviewer: str | None = None  # who wrote theirs, from the edits trail
    at: str | None = None  # when
    label: str = ""  # how the UI names the row: 'action 2', 'the record'

    def describe(self) -> str:
        """One line: what, whose value, ours: "owner of action 2: Bob set 'X' (at …); yours: 'Y'"."""
        what = self.label or f"{_NOUNS.get(self.table, self.table)} {self.row_id}"
        who = f"{self.reviewer} " if self.reviewer else "someone else "
        when = f" at {self.at[:16].replace('T', ' ')}" if self.at else ""
        if self.field == PLACE:
            return f"{what} cannot be put back: another row has taken its place since"
        if self.field == ROW:
            if self.theirs is None:
                return f"{what}: {who}deleted it{when}; you edited it"
            return f"{what}: {who}edited it{when}; you deleted it"
        return (
            f"{self.field} of {what}: {who}set {_shown(self.theirs)}{when}; "
            f"yours: {_shown(self.mine)} (it was {_shown(self.base)})"
        )


class ConflictError(StoreError):
    """A save (or status key, or undo) met changes someone else made meanwhile: nothing written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        lines = "; ".join(c.describe() for c in shown(conflicts))
        super().__init__(f"changed by someone else meanwhile: {lines}")


# Fields that follow from another (who reviewed, when, a target's reading, places):
# named only when nothing else is.
BOOKKEEPING = frozenset(
    {"reviewer", "reviewed_at", "recorded_at", "target_date", "status", "target_unreadable",
     "position"}
)  # fmt: skip


def shown(conflicts: list[Conflict]) -> list[Conflict]:
    """The conflicts worth showing a reviewer: the bookkeeping ones only when there are no others."""
    return [c for c in conflicts if c.field not in BOOKKEEPING] or conflicts


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "…")


def same(a: object, b: object) -> bool:
    """Equal as a reviewer sees them: blank text and None are the same, spaces around don't count."""
    return _norm(a) == _norm(b)


def _norm(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def check_field(
    found: list[Conflict],
    table: str,
    row_id: int,
    field: str,
    *,
    base: object,
    stored: object,
    mine: object,
    label: str = "",
) -> None:
    """Add a conflict when ``stored`` moved away from ``base`` to something other than ``mine``."""
    if not same(stored, base) and not same(stored, mine):
        found.append(Conflict(table, row_id, field, base, stored, mine, label=label))


def with_authors(db: sqlite_utils.Database, conflicts: list[Conflict]) -> list[Conflict]:
    """The conflicts with who made the other change and when, from the ``edits`` trail."""
    named = []
    for c in conflicts:
        # a row's deletion or any edit of it; else the change of this field (or its row)
        fields = [] if c.field == ROW else [c.field, ROW]
        only = f"AND field IN ({', '.join('?' for _ in fields)}) " if fields else ""
        row = db.execute(
            f"SELECT reviewer, at FROM edits WHERE table_name = ? AND row_id = ? {only}"
            "ORDER BY id DESC LIMIT 1",
            [c.table, c.row_id, *fields],
        ).fetchone()
        if row is None and c.field == "order":
            row = db.execute(
                "SELECT reviewer, at FROM edits WHERE table_name = 'actions' AND field = 'position' "
                "AND row_id IN (SELECT id FROM actions WHERE recommendation_id = ?) "
                "ORDER BY id DESC LIMIT 1",
                [c.row_id],
            ).fetchone()
        named.append(
            Conflict(
                c.table,
                c.row_id,
                c.field,
                c.base,
                c.theirs,
                c.mine,
                *(row or (None, None)),
                label=c.label or _label(db, c.table, c.row_id),
            )
        )
    return named


def _label(db: sqlite_utils.Database, table: str, row_id: int) -> str:
    """How a reviewer knows the row: 'record 5.1', 'action 2 of record 5.1', 'judgement 1.38'."""
    if table == "recommendations":
        row = db.execute("SELECT rec_no FROM recommendations WHERE id = ?", [row_id]).fetchone()
        return f"record {row[0] if row and row[0] else row_id}"
    if table == "actions":
        row = db.execute(
            "SELECT a.position, r.rec_no FROM actions a JOIN recommendations r "
            "ON r.id = a.recommendation_id WHERE a.id = ?",
            [row_id],
        ).fetchone()
        return f"action {row[0]} of record {row[1]}" if row else f"action {row_id}"
    if table == "judgements":
        row = db.execute("SELECT ref FROM judgements WHERE id = ?", [row_id]).fetchone()
        return f"judgement {row[0] if row and row[0] else row_id}"
    return ""


# --- resolving -----------------------------------------------------------------------


def resolve(
    draft: RecommendationDraft, conflicts: list[Conflict], keep: str
) -> RecommendationDraft:
    """The draft to save after the reviewer chose, for every conflict, ``keep`` 'mine' or
    'theirs'. Its base takes their values, so the next save checks against what is
    stored now; with 'theirs' the draft takes their values too. The draft's other
    changes are untouched."""
    if keep not in ("mine", "theirs"):
        raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
    new = draft.copy()
    base = (draft.base or draft).copy()
    base.base = None
    theirs = keep == "theirs"
    for c in conflicts:
        if c.table == "recommendations" and c.field in base.fields:
            base.fields[c.field] = c.theirs
            if theirs:
                new.fields[c.field] = c.theirs
        elif c.table == "recommendations" and c.field == "order":
            _reorder(base.actions, c.theirs)
            if theirs:
                _reorder(new.actions, c.theirs)
        elif c.table == "actions" and c.field != ROW:
            for action in (_action(base, c.row_id), *([_action(new, c.row_id)] if theirs else [])):
                if action is not None:
                    setattr(action, c.field, c.theirs)
        elif c.table == "actions" and c.theirs is None:  # deleted by them, edited here
            base.actions = [a for a in base.actions if a.id != c.row_id]
            mine = _action(new, c.row_id)
            if mine is not None and theirs:
                new.actions.remove(mine)
            elif mine is not None:
                mine.id = None  # added again, as the reviewer left it
        elif c.table == "actions":  # deleted here, edited by them
            before = _action(base, c.row_id)
            if before is not None:
                for name, value in c.theirs.items():
                    setattr(before, name, value)
                if theirs:
                    at = base.actions.index(before)
                    new.actions.insert(min(at, len(new.actions)), replace(before))
    new.base = base
    return new


def _action(draft: RecommendationDraft, action_id: int) -> ActionDraft | None:
    return next((a for a in draft.actions if a.id == action_id), None)


def _reorder(actions: list[ActionDraft], order: list[int]) -> None:
    """Put the actions named in ``order`` in that order, in the places they fill now."""
    rank = {action_id: i for i, action_id in enumerate(order)}
    slots = [i for i, a in enumerate(actions) if a.id in rank]
    moved = sorted((actions[i] for i in slots), key=lambda a: rank[a.id])
    for slot, action in zip(slots, moved, strict=True):
        actions[slot] = action
