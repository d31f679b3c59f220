"""Rows that change parent, and records deleted: an action moved to another recommendation
(a record merged with the next one, ``m``), a record they deleted.

An action their reviewer moved to another recommendation is moved here too (to
ours of that recommendation, at the end until the order is settled), unless a
reviewer of ours moved it elsewhere. A record they deleted is deleted last,
once their actions and links have moved away: what is still under it here goes
with it, each row recorded, unless a reviewer of ours changed one of them since
(then it is a conflict and the record stays).
"""

from __future__ import annotations

from store.domain import WHOLE_ROW
from store.merge import order
from store.merge.decide import Found
from store.merge.history import same
from store.merge.rows import LINKS, Row

PARENT = "recommendation_id"


def move_action(merger, theirs: Row, ours: Row) -> None:
    """Put our action under the recommendation theirs was moved to, if it was (``merger``
    is the ``store.merge.merger.Merger`` at work)."""
    th, oh = theirs.history, ours.history
    if th is None or theirs.ghost or ours.ghost or PARENT not in th.person_fields():
        return
    moved_to = theirs.values.get(PARENT)
    if same(moved_to, th.person_base.get(PARENT)):
        return
    if oh is not None and PARENT in oh.person_fields():
        return  # ours moved it too: ours stays
    target = merger.pairing.map["recommendations"].get(moved_to)
    was = merger.current.row("actions", ours.id)
    if target is None or was is None or was[PARENT] == target:
        return
    if merger.current.row("recommendations", target) is None:
        return  # ours deleted the record it went to: it stays where it is here
    placeholder = order.PLACEHOLDER - next(merger.placeholders)
    merger.current.update("actions", ours.id, {PARENT: target, "position": placeholder})
    merger.reordered.update({("actions", was[PARENT]), ("actions", target)})
    merger.counts_of("actions", was).fields += 1


def delete_record(merger, table: str, theirs: Row, ours: Row, doc: int | None) -> None:
    """Delete a record they deleted, with what is left under it here, each row recorded."""
    current = merger.current
    if current.row(table, ours.id) is None:
        return
    children: list[tuple[str, int]] = []
    if table == "recommendations":
        children += [("actions", a) for (a,) in current.db.execute(
            "SELECT id FROM actions WHERE recommendation_id = ?", [ours.id])]  # fmt: skip
    for link, ((a, a_table), (b, b_table)) in LINKS.items():
        if not current.db[link].exists():
            continue
        ends = [c for c, t in ((a, a_table), (b, b_table)) if t == table]
        for column in ends:
            children += [(link, r) for (r,) in current.db.execute(
                f"SELECT rowid FROM {link} WHERE {column} = ?", [ours.id])]  # fmt: skip
    column = "recommendation_id" if table == "recommendations" else "judgement_id"
    pending = current.db.execute(
        f"SELECT 1 FROM merge_conflicts WHERE {column} = ? AND resolved = 0", [ours.id]
    ).fetchone()
    if pending is not None:  # its conflicts would go with it: it stays until they are resolved
        merger.conflict(table, Found(table, ours.id, WHOLE_ROW, dict(ours.values), None, None,
                                     theirs.history.last.get(WHOLE_ROW) if theirs.history
                                     else None, dict(ours.values)), ours.values, doc)  # fmt: skip
        return
    for child_table, child_id in children:
        history = merger.pairing.our_histories.get((child_table, child_id))
        if history is not None and history.person_fields():
            row = current.row(child_table, child_id) or {}
            edit = theirs.history.last.get(WHOLE_ROW) if theirs.history else None
            merger.conflict(
                table,
                Found(table, ours.id, WHOLE_ROW, dict(ours.values), None,
                      max(history.last.values(), key=lambda e: e.id).reviewer, edit, row),
                ours.values, doc,
            )  # fmt: skip
            return
    for child_table, child_id in dict.fromkeys(children):
        if current.row(child_table, child_id) is not None:
            current.delete(child_table, child_id)
    current.delete(table, ours.id)
    merger.counts_of(table, ours.values).removed += 1
    if table == "recommendations":
        merger.reordered.add(("recommendations", ours.values.get("document_id")))
