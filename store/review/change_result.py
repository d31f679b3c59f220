"""What a reviewer change returns (``ChangeResult``), and the check of the fields it sets.

Every reviewer change (``store.review.changes``, ``store.review.judgement_changes``)
is one unit of work of the audit trail (``store.review.audit.change``) and
returns a ``ChangeResult``: the trail's ``change_id`` and the records it
touched, so the app can refresh them. The fields a reviewer sets pass through
``checked_fields`` first.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.db import StoreError
from store.domain import AGREEMENTS
from store.review.audit import Change

Ref = tuple[str, int]  # (RECOMMENDATION | JUDGEMENT, id)


@dataclass(frozen=True)
class ChangeResult:
    """What a change did: its change_id (None if nothing changed) and the records it touched.

    ``created`` is a record the change added; ``summary`` says what it did in
    words for the reviewer (None: the app says it its own way); ``queue_changed``
    is True when the change added a row to the queue, or moved one, other than
    as ``created`` (a judgement recorded by hand is shown after its
    recommendation), so that the app reads the queue again where it is.
    """

    change_id: int | None
    records: list[Ref]
    created: Ref | None = None
    summary: str | None = None
    queue_changed: bool = False


def result_of(
    current: Change,
    records: list[Ref],
    created: Ref | None = None,
    *,
    summary: str | None = None,
    queue_changed: bool = False,
) -> ChangeResult:
    """The result of the finished change ``current``, each touched record named once."""
    return ChangeResult(
        current.change_id, list(dict.fromkeys(records)), created, summary, queue_changed
    )


def checked_fields(fields: dict[str, object], allowed: tuple[str, ...]) -> dict[str, object]:
    """``fields`` with blank text as None; ``StoreError`` for a field not in ``allowed``
    or an agreement that is not one of ``AGREEMENTS``."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise StoreError(f"cannot edit {', '.join(sorted(unknown))}")
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    if clean.get("agreement") is not None and clean["agreement"] not in AGREEMENTS:
        raise StoreError(f"agreement must be one of {', '.join(AGREEMENTS)} or empty")
    return clean
