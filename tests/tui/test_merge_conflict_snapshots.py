"""Snapshot of the merge conflicts box (R on a record a merge flagged) at 80x24 and 120x40.

The times a merge writes are pinned after it (the conflict's time of theirs, the
flag's time) so that the picture does not change with the day it is taken.
Regenerate with ``--snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.tui.test_merge_conflicts import conflicted
from tui.app import ReviewApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
PINNED = "2024-05-01T09:30:00+00:00"


def pinned(db_path, record_id: int) -> None:
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("UPDATE merge_conflicts SET their_at = ?", [PINNED])
        conn.execute("UPDATE recommendations SET reviewed_at = ? WHERE id = ?", [PINNED, record_id])
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("size", SIZES)
def test_merge_conflicts_box(snap_compare, samples_db, tmp_path, size):
    """C, then R on 5.3: Ann's 'Not Agreed' against Bob's 'Partly Agreed', o and t."""
    pinned(samples_db, conflicted(samples_db, tmp_path))

    async def run_before(pilot) -> None:
        for key in ("C", "R"):
            await pilot.press(key)
            for _ in range(3):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()

    app = ReviewApp(db=samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
