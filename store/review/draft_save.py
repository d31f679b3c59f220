"""Writing an edited recommendation: only what the reviewer changed, checked against its base.

``apply_draft`` writes a ``RecommendationDraft`` inside a change. It compares the
draft with its base (the recommendation as the editor started from it), so a
field, an action or the order of the actions is written only when the reviewer
changed it, and each such write is checked against what is stored now: where
someone else changed the same thing meanwhile (another window, another
reviewer) it collects a ``Conflict`` and, at the end, raises ``ConflictError``
so that nothing is written. Different fields of one record, or different
actions, changed on the two sides both survive.

Actions: one the reviewer edited that someone else deleted, or one the
reviewer deleted that someone else edited, is a conflict; one someone else
added is kept (after the reviewer's); the reviewer's order is used when they
reordered and the other side did not, the stored order when only the other
side did, and a conflict when both did differently.
"""

from __future__ import annotations

from extract.dates import read_target
from store.db import StoreError
from store.review.audit import Change
from store.review.change_result import checked_fields
from store.review.conflicts import ROW, Conflict, ConflictError, check_field, same, with_authors
from store.review.drafts import ACTION_FIELDS, REC_FIELDS, ActionDraft, RecommendationDraft

ORDER = "order"  # the pseudo-field of a conflict about the order of the actions


def action_values(action: ActionDraft) -> dict[str, object]:
    """An action's columns as the draft gives them, its target read with the parser's reader."""
    reading = read_target(action.target)
    return {
        "owner": (action.owner or "").strip() or None,
        "target": (action.target or "").strip() or None,
        "text": (action.text or "").strip() or None,
        "target_date": reading.target_date,
        "status": reading.status,
        "target_unreadable": int(reading.unreadable),
    }


def apply_draft(current: Change, draft: RecommendationDraft) -> None:
    """Write ``draft`` over the stored recommendation inside ``current``; ``ConflictError``
    (and nothing written) where someone else changed what the reviewer changed."""
    db = current.db
    stored_row = current.row("recommendations", draft.id)
    if stored_row is None:
        raise StoreError(f"recommendation {draft.id} no longer exists")
    stored = _stored_actions(current, draft.id)
    base = draft.base or _draft_of_stored(draft.id, stored_row, stored)
    label = f"record {stored_row.get('rec_no') or draft.id}"
    conflicts: list[Conflict] = []

    mine = checked_fields(draft.fields, REC_FIELDS)
    was = checked_fields(base.fields, REC_FIELDS)
    fields = {k: v for k, v in mine.items() if not same(v, was.get(k))}
    for name, value in fields.items():
        check_field(
            conflicts, "recommendations", draft.id, name,
            base=was.get(name), stored=stored_row.get(name), mine=value, label=label,
        )  # fmt: skip

    based = {a.id: a for a in base.actions if a.id is not None}
    unknown = {a.id for a in draft.actions if a.id is not None} - set(based) - set(stored)
    if unknown:
        raise StoreError("an action of the draft belongs to another recommendation")
    numbers = {a.id: i for i, a in enumerate(base.actions, start=1) if a.id is not None}
    updates: dict[int, dict[str, object]] = {}
    gone: set[int] = set()  # kept in the draft, deleted by someone else, untouched here
    for action in draft.actions:
        if action.id is None:
            continue
        before = based.get(action.id, action)
        changed = {
            f: getattr(action, f)
            for f in ACTION_FIELDS
            if not same(getattr(action, f), getattr(before, f))
        }
        what = f"action {numbers.get(action.id, '?')} of {label}"
        if action.id not in stored:
            if changed:
                conflicts.append(
                    Conflict(
                        "actions",
                        action.id,
                        ROW,
                        _values(before),
                        None,
                        _values(action),
                        label=what,
                    )
                )
            gone.add(action.id)
            continue
        for name, value in changed.items():
            check_field(
                conflicts, "actions", action.id, name,
                base=getattr(before, name), stored=stored[action.id][name], mine=value, label=what,
            )  # fmt: skip
        if changed:
            updates[action.id] = changed
    kept = {a.id for a in draft.actions}
    deletes = []
    for action_id, before in based.items():
        if action_id in kept or action_id not in stored:
            continue
        if any(not same(stored[action_id][f], getattr(before, f)) for f in ACTION_FIELDS):
            what = f"action {numbers.get(action_id, '?')} of {label}"
            conflicts.append(
                Conflict(
                    "actions", action_id, ROW, _values(before), stored[action_id], None, label=what
                )
            )
        deletes.append(action_id)

    order = _order(draft, base, list(stored), gone, conflicts, label)
    if conflicts:
        raise ConflictError(with_authors(db, conflicts))

    current.update("recommendations", draft.id, fields)
    for action_id in deletes:
        current.delete("actions", action_id)
    existing = {a: i for i, a in enumerate(order, start=1) if isinstance(a, int)}
    current.renumber("actions", existing)
    for position, item in enumerate(order, start=1):
        if isinstance(item, int):
            if item in updates:
                current.update("actions", item, _written(updates[item]))
            continue
        current.insert(
            "actions",
            action_values(item)
            | {
                "recommendation_id": draft.id,
                "position": position,
                "span_start": item.span_start,
                "span_end": item.span_end,
            },
        )


def _written(changed: dict[str, object]) -> dict[str, object]:
    """The columns an action's changed fields write: each of them, and a changed target's
    reading (an unchanged target keeps what the parser read: it may have repaired a
    split month)."""
    values = action_values(ActionDraft(None, **changed))
    reading = ("target_date", "status", "target_unreadable") if "target" in changed else ()
    return {k: values[k] for k in (*changed, *reading)}


def _order(
    draft: RecommendationDraft,
    base: RecommendationDraft,
    stored_order: list[int],
    gone: set[int],
    conflicts: list[Conflict],
    label: str,
) -> list[int | ActionDraft]:
    """The actions in their new order: ids of stored actions, ``ActionDraft`` for new ones."""
    base_order = [a.id for a in base.actions if a.id is not None]
    mine = [a.id for a in draft.actions if a.id is not None and a.id in base_order]
    theirs = [i for i in stored_order if i in base_order]
    i_moved = mine != [i for i in base_order if i in mine]
    they_moved = theirs != [i for i in base_order if i in theirs]
    common = [i for i in mine if i in theirs]
    if i_moved and they_moved and common != [i for i in theirs if i in mine]:
        conflicts.append(
            Conflict("recommendations", draft.id, ORDER, base_order, theirs, mine, label=label)
        )
    added = [i for i in stored_order if i not in base_order]  # by someone else meanwhile
    deleted_by_me = {i for i in base_order if i not in {a.id for a in draft.actions}}
    if i_moved or not they_moved:
        order: list[int | ActionDraft] = [
            a if a.id is None else a.id for a in draft.actions if a.id not in gone
        ]
        return order + added
    # only the other side reordered: keep their order, each new action after the
    # reviewer's action it follows in the draft
    order = [i for i in stored_order if i not in deleted_by_me]
    at = 0
    for action in draft.actions:
        if action.id is None:
            order.insert(at, action)
            at += 1
        elif action.id in order:
            at = order.index(action.id) + 1
    return order


def _stored_actions(current: Change, recommendation_id: int) -> dict[int, dict[str, object]]:
    rows = current.db.execute(
        "SELECT id, "
        + ", ".join(ACTION_FIELDS)
        + " FROM actions WHERE recommendation_id = ? ORDER BY position",
        [recommendation_id],
    ).fetchall()
    return {row[0]: dict(zip(ACTION_FIELDS, row[1:], strict=True)) for row in rows}


def _draft_of_stored(
    recommendation_id: int, row: dict, actions: dict[int, dict[str, object]]
) -> RecommendationDraft:
    return RecommendationDraft(
        recommendation_id,
        {name: row.get(name) for name in REC_FIELDS},
        [ActionDraft(i, a["owner"], a["target"], a["text"]) for i, a in actions.items()],
    )


def _values(action: ActionDraft) -> dict[str, object]:
    return {f: getattr(action, f) for f in ACTION_FIELDS}
