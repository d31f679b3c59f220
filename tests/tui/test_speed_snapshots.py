"""Snapshots of the prison picker (P) and the verify-the-rest question (V) at 80x24 and
120x40, over a database of four named samples (so that a sample added later does not
change them).

Regenerate after a deliberate change of the look with
``pytest tests/tui/test_speed_snapshots.py --snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

import pytest

from extract import parse_document
from extract.formats.read import read_document
from store import import_document, open_db
from tests.support.paths import SAMPLES
from tui.app import ReviewApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
FILES = (
    "ashdown_action_plan_2021.txt",
    "carrow_vale_action_plan_2022.txt",
    "fenwick_action_plan_2019.txt",
    "larkhill_action_plan_2024.txt",
)


@pytest.fixture
def four_samples_db(db_path):
    db = open_db(db_path)
    try:
        for name in FILES:
            import_document(db, parse_document(read_document(SAMPLES / name)), name)
    finally:
        db.close()
    return db_path


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_prison_picker(snap_compare, four_samples_db, size):
    """P: every prison with its counts, the current record's (Ashdown) highlighted."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("v", "P")
        await settled(pilot)

    app = ReviewApp(db=four_samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_prison_picker_filtered(snap_compare, four_samples_db, size):
    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("P", *"vale")
        await settled(pilot)

    app = ReviewApp(db=four_samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_verify_the_rest_question(snap_compare, four_samples_db, size):
    """V after one record flagged: 'Verify the 17 unreviewed records left in Ashdown 2021?'"""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("f", "enter")  # 5.1 flagged, no note
        await settled(pilot)
        await pilot.press("V")
        await settled(pilot)

    app = ReviewApp(db=four_samples_db, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
