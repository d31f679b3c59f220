"""What a merge does to one row of ours, given the same row of theirs (or its absence).

The rules (``Decider.row``):

* **A field** their reviewers changed since the files last agreed (an unshared
  edit by a person, its value now differing from the value it started from) is
  taken when ours still holds that starting value, or a value only the parser
  gave it. When ours holds a third value a reviewer gave it, that is a
  conflict: ours is kept. Equal values are never a conflict. Changes to
  different fields of one row both land.
* **Fields tied to another** go with it: a review status or note brings its
  ``reviewer`` and ``reviewed_at``; an action's ``target`` its date, status
  and readability. ``position`` is settled per parent afterwards (``store.merge.order``).
* **A row they deleted** is deleted here, unless a reviewer of ours changed it
  since (a conflict: ours kept). **A row we deleted** (a reviewer, or our re-parse
  of a newer parser) that they changed since is a conflict too (it stays deleted
  until resolved).
* **A row they added** (a person's insert, not a re-parse's) is added, under a
  new id, its parent found in ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.domain import WHOLE_ROW
from store.merge.history import Edit, RowHistory, same
from store.merge.rows import Row
from store.review.audit import REPARSE_REVIEWER

TIED = {
    "review_status": ("reviewer", "reviewed_at"),
    "note": ("reviewer", "reviewed_at"),
    "target": ("target_date", "status", "target_unreadable", "target_as_printed"),
}
FOLLOWERS = frozenset(name for names in TIED.values() for name in names)
NOT_MERGED = frozenset({"id", "position", "document_id", "recommendation_id", "judgement_id"})


@dataclass
class Found:
    """A conflict: a field (or a whole row, ``WHOLE_ROW``) both sides changed differently."""

    table: str
    row_id: int  # ours (a ghost's id when ours deleted the row)
    field: str
    ours: object
    theirs: object
    our_reviewer: str | None
    their_edit: Edit | None
    row: dict = field(default_factory=dict)  # the row as it is on our side (or theirs, if gone)


@dataclass
class Outcome:
    """What merging one row decided: fields to set, delete, or conflicts."""

    values: dict[str, object] = field(default_factory=dict)
    delete: bool = False
    conflicts: list[Found] = field(default_factory=list)


class Decider:
    """Decides rows, knowing who last wrote each field of ours (``ours_latest``)."""

    def __init__(self, ours_latest: dict[tuple[str, int, str], Edit]) -> None:
        self.ours_latest = ours_latest
        self.ours_by_person = {k: e for k, e in ours_latest.items() if e.by_person}

    def _ours_by_person(self, table: str, row_id: int, name: str) -> bool:
        """Ours holds a value a reviewer gave it (directly or by a merge), not the parser's."""
        edit = self.ours_latest.get((table, row_id, name))
        return edit is not None and edit.reviewer != REPARSE_REVIEWER

    def _our_reviewer(self, table: str, row_id: int, name: str) -> str | None:
        """Who gave ours its value: the latest reviewer's edit of it (one a merge copied
        in names its reviewer), else the program that wrote it."""
        edit = self.ours_by_person.get((table, row_id, name)) or self.ours_latest.get(
            (table, row_id, name)
        )
        return edit.reviewer if edit is not None else None

    def row(self, table: str, theirs: Row, ours: Row) -> Outcome:
        out = Outcome()
        th, oh = theirs.history, ours.history
        if theirs.ghost and ours.ghost:
            return out
        if theirs.ghost:
            if th is None or not th.person_deleted:
                return out
            if _person_changed(oh, ours.values):
                out.conflicts.append(self._found(table, ours, WHOLE_ROW, ours.values, None, th))
            else:
                out.delete = True
            return out
        if ours.ghost:
            # deleted here (by a reviewer, or by our re-parse of a row no reviewer had
            # touched here), changed there: a conflict, never their change dropped
            if oh is not None and oh.deleted is not None and _person_changed(th, theirs.values):
                # their row as ours was, with their changes: what taking theirs puts back
                changed = {n: theirs.values[n] for n in th.person_fields() - NOT_MERGED
                           if n in theirs.values}  # fmt: skip
                back = {**ours.values, **changed}
                out.conflicts.append(self._found(table, ours, WHOLE_ROW, None, back, th))
            return out
        if th is None:
            return out
        for name in sorted(th.person_fields() - NOT_MERGED - FOLLOWERS):
            if name not in theirs.values or name not in ours.values:
                continue
            mine, given = ours.values[name], theirs.values[name]
            started = th.person_base.get(name)
            if same(given, started) or same(given, mine):
                continue
            if same(mine, started) or not self._ours_by_person(table, ours.id, name):
                out.values[name] = given
                for follower in TIED.get(name, ()):
                    if follower in theirs.values and follower in th.base:
                        out.values[follower] = theirs.values[follower]
            else:
                out.conflicts.append(self._found(table, ours, name, mine, given, th))
        return out

    def _found(self, table, ours: Row, name, mine, given, th: RowHistory | None) -> Found:
        edit = th.last.get(name) if th is not None else None
        if edit is None and th is not None and th.last:
            edit = max(th.last.values(), key=lambda e: e.id)
        who = self._our_reviewer(table, ours.id, name)
        if who is None and ours.history is not None and ours.history.last:
            who = max(ours.history.last.values(), key=lambda e: e.id).reviewer
        return Found(table, ours.id, name, mine, given, who, edit, dict(ours.values))


def _person_changed(history: RowHistory | None, values: dict) -> bool:
    """A person changed the row since the files last agreed (a field now other than it was;
    a row moved because another was added or removed before it is not changed)."""
    if history is None:
        return False
    return any(
        not same(values.get(name), history.person_base.get(name))
        for name in history.person_fields() - NOT_MERGED
        if name in values
    )
