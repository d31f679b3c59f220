"""Snapshots of the documents screen (`g`) at 80x24 and 120x40.

Regenerate after a deliberate change of the look with
``pytest tests/tui/test_documents_snapshots.py --snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

import sqlite3

import pytest

from tui.app import ReviewApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def reviewed_a_little(db_path) -> None:
    """Three Ashdown records verified and one flagged by ann on a fixed day."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE recommendations SET review_status = CASE position WHEN 4 THEN 'flagged' "
            "ELSE 'verified' END, reviewer = 'ann', reviewed_at = '2026-01-05T10:00:00+00:00' "
            "WHERE document_id = 1 AND position <= 4"
        )
    conn.close()


@pytest.mark.parametrize("size", SIZES)
def test_documents_screen(snap_compare, samples_db, size):
    """Every document; the cursor on the Ashdown IRP report, its own warnings below."""
    reviewed_a_little(samples_db)

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        await pilot.press("down")
        await settled(pilot)

    app = ReviewApp(db=samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_documents_screen_filtered_and_sorted(snap_compare, samples_db, size):
    """'ash' typed, sorted by warnings."""
    reviewed_a_little(samples_db)

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        await pilot.press(*"ash", "ctrl+s", "ctrl+s", "ctrl+s")
        await settled(pilot)

    app = ReviewApp(db=samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
