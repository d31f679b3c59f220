"""``hmip-review outstanding`` on a narrow terminal: one block per action.

Under ``BLOCKS_BELOW`` columns a table of eight columns leaves each a few
characters and every value wraps into a tower (Ashdown's 18 actions ran to about
150 lines at 80 columns). Instead each action is a block: its number, then its
recommendation's words, then its agreement, owner, target, how overdue it is, its
latest IRP judgement (with an unconfirmed link's score) and its review status, each
value named, parted by ' · ' and wrapped at its words under the number::

    5.15  Leaders should make sure that prisoners' allocation to education, skills
          and work …
          Agreed · owner Governor · target December 2021 → 2021-12-31 · 1802 days
          overdue · judgement Reasonable progress (unconfirmed link 0.78) · review
          unreviewed

An overdue action's block is red, as its row is in the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.reports.outstanding import OutstandingAction

if TYPE_CHECKING:
    from rich.table import Table

BLOCKS_BELOW = 100  # a terminal narrower than this gets one block per action
SEPARATOR = " · "


def block_lines(action: OutstandingAction, *, plan: bool = False) -> list[str]:
    """The lines of an action's block after its number, before wrapping: the
    recommendation's words, then its values named and parted by ' · '."""
    target = action.target or "no target"
    if action.target_unreadable:
        target += " (unreadable)"
    elif action.target_date and action.target_date != action.target:
        target += f" → {action.target_date}"
    first = [action.agreement_shown() or "agreement not read"]
    first.append(f"owner {action.owner}" if action.owner else "no owner")
    first.append(f"target {target}")
    if action.target_unreadable:
        due = "overdue unknown"
    elif action.overdue:
        due = f"{action.days_overdue} days overdue"
    elif action.days_overdue is not None:
        due = "not yet due"
    else:
        due = "no date"
    judgement = f"judgement {action.judgement}" if action.judgement else "no IRP judgement"
    if link := action.link_note():
        judgement += f" ({link})"
    second = [due, judgement, f"review {action.review_status}"]
    if plan:
        second.append(f"plan {action.plan_published or action.document_id}")
    return [action.summary, SEPARATOR.join(first + second)]


def blocks(actions: list[OutstandingAction], *, plan: bool = False) -> Table:
    """The actions as blocks: a grid of the number and the wrapped lines beside it."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column("rec", no_wrap=True)
    grid.add_column("action", ratio=1, overflow="fold")
    for action in actions:
        style = "red" if action.overdue else ""
        body = Text("\n".join(block_lines(action, plan=plan)), style=style)
        if action.target_unreadable:
            body.highlight_words(["(unreadable)", "overdue unknown"], style="bold yellow")
        if action.link_note():
            body.highlight_words([f"({action.link_note()})"], style="yellow")
        grid.add_row(Text(action.rec_no or "—", style=style), body)
    return grid
