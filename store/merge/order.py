"""The order of a parent's rows after a merge: a document's records, a recommendation's actions.

A row either side added takes its place after the row it follows on that
side; rows deleted leave no gap. When only they reordered (a ``position``
edit by a person: a record added by hand moves those after it, an action
moved), their order is followed; otherwise ours is, with their new rows
slotted in.
"""

from __future__ import annotations

from store.review.audit import Change

PLACEHOLDER = -1_000_000_000  # a new row's position until its parent is put in order


def merged(primary: list[int], secondary: list[int]) -> list[int]:
    """``primary`` with each row only ``secondary`` has placed after its predecessor there."""
    final = list(dict.fromkeys(primary))
    present = set(final)
    previous = None
    for row in secondary:
        if row not in present:
            at = final.index(previous) + 1 if previous is not None else 0
            final.insert(at, row)
            present.add(row)
        previous = row
    return final


def settle(
    current: Change,
    table: str,
    parent_column: str,
    parent_id: int,
    theirs: list[int],
    *,
    follow_theirs: bool,
) -> None:
    """Renumber ``parent_id``'s rows 1..n: ours (or ``theirs``, our ids in their order)."""
    rows = current.db.execute(
        f"SELECT id, position FROM {table} WHERE {parent_column} = ? AND position IS NOT NULL "
        "ORDER BY position <= ?, position, id",
        [parent_id, PLACEHOLDER],
    ).fetchall()
    ours = [row_id for row_id, position in rows if position > PLACEHOLDER]
    added = [row_id for row_id, position in rows if position <= PLACEHOLDER]
    exists = {row_id for row_id, _ in rows}
    theirs = [row_id for row_id in theirs if row_id in exists]
    order = merged(theirs, ours) if follow_theirs else merged(ours, theirs)
    order += [row_id for row_id in added if row_id not in set(order)]
    positions = {row_id: index for index, row_id in enumerate(order, start=1)}
    if any(positions[row_id] != position for row_id, position in rows):
        current.renumber(table, positions)
