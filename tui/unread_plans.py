"""The plans an outstanding-actions lookup lists that hold no records, and what to say.

A plan whose table was not read on import is stored with no records (issue 15):
its outstanding actions are not known, so '0 outstanding actions' alone would be
a silent wrong answer. ``hmip-review outstanding`` and the app's outstanding
screen (`o`) both say so. Textual-free and light: the command imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.reports.outstanding import Outstanding, Plan


def plans_without_records(result: Outstanding) -> list[Plan]:
    """The plans listed that hold no records (their table was not read on import),
    as the lookup read them (``Plan.has_records``)."""
    return [plan for plan in result.plans if not plan.has_records]


def unread_note(result: Outstanding, plan: Plan) -> str:
    """What a lookup says of a plan stored without records."""
    published = f"published {plan.published}" if plan.published else "with no date read"
    return (
        f"{result.establishment.name}: the action plan {published} (document "
        f"{plan.document_id}) has no records: its table was not read on import, so its "
        "outstanding actions are not known; open it from the review app's documents screen "
        "(g) and mark them (n on a selection)"
    )
