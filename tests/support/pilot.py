"""Driving the review app in tests: wait for its workers, find the queue, walk to a record."""

from __future__ import annotations

from tests.support.review_db import rows
from tui.screens.queue import QueueScreen


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (a handler may start another)."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


def queue(app) -> QueueScreen:
    """The queue screen, also while another screen is on top of it."""
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def current(app):
    """The queue's current row."""
    return queue(app).current


async def goto(app, pilot, rec_no: str, kind: str | None = None) -> None:
    """Press j until the queue is on a record numbered ``rec_no`` (of ``kind``, if given)."""
    for _ in range(80):
        row = current(app)
        if row is not None and row.no == rec_no and kind in (None, row.kind):
            await settle(app, pilot)
            return
        await pilot.press("j")
        await settle(app, pilot, 1)
    raise AssertionError(f"no record {rec_no} in the queue")


def rec(db_path, rec_no: str, establishment: str = "HMP Ashdown") -> tuple:
    """(id, review_status, reviewer, note, agreement) of a recommendation, read afresh."""
    return rows(
        db_path,
        "SELECT r.id, r.review_status, r.reviewer, r.note, r.agreement FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id WHERE d.establishment = ? AND r.rec_no = ?",
        (establishment, rec_no),
    )[0]


def actions_of(db_path, rec_no: str) -> list[tuple]:
    """(position, owner, target, target_date, status) of an Ashdown recommendation's actions."""
    return rows(
        db_path,
        "SELECT a.position, a.owner, a.target, a.target_date, a.status FROM actions a "
        "JOIN recommendations r ON r.id = a.recommendation_id "
        "JOIN documents d ON d.id = r.document_id "
        "WHERE d.establishment = 'HMP Ashdown' AND r.rec_no = ? ORDER BY a.position",
        (rec_no,),
    )
