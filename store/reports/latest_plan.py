"""An establishment's action plans, latest first: the order ``hmip-review
outstanding`` takes its latest plan by, and the establishment ranking too.

Latest means: latest published date, then latest submitted date, then one with
records before one without (a second copy of a plan whose table could not be
read must not hide the plan's actions), then the one imported last. A plan with
no date sorts after every dated one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["HAS_RECORDS_SQL", "LATEST_PLAN_ORDER", "Plan", "plans_of"]

# whether a document holds records, and the order that makes an establishment's
# latest action plan its first
HAS_RECORDS_SQL = "EXISTS (SELECT 1 FROM recommendations r WHERE r.document_id = documents.id)"
LATEST_PLAN_ORDER = (
    "published IS NULL, published DESC, submitted IS NULL, submitted DESC, "
    f"{HAS_RECORDS_SQL} DESC, id DESC"
)


class _Named(Protocol):
    names: tuple[str, ...]  # every spelling of the establishment (outstanding.Establishment)


class Plan(NamedTuple):
    """One action plan whose actions a lookup lists."""

    document_id: int
    establishment: str
    title: str | None
    published: str | None
    submitted: str | None
    has_records: bool = True  # False: its table was not read on import


def plans_of(db: sqlite_utils.Database, establishment: _Named) -> list[Plan]:
    """The establishment's action plans, latest first (see the module's docstring)."""
    rows = db.execute(_plans_sql(len(establishment.names)), list(establishment.names)).fetchall()
    return [Plan(*row[:5], bool(row[5])) for row in rows]


def _plans_sql(names: int) -> str:
    marks = ", ".join("?" for _ in range(names))
    return f"""
        SELECT id, establishment, title, published, submitted, {HAS_RECORDS_SQL} FROM documents
        WHERE kind = 'action_plan' AND establishment IN ({marks})
        ORDER BY {LATEST_PLAN_ORDER}
        """
