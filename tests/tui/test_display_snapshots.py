"""Snapshots at 80x24 and 120x40 of what issue 16 made readable: the outstanding screen,
the queue's full-value lines under the table on an IRP record whose hard-wrapped source
is reflowed, a plan record whose source has paragraph markup, and the links screen.

Regenerate after a deliberate change of the look with
``pytest tests/tui/test_display_snapshots.py --snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.pilot import goto
from tui.app import ReviewApp
from tui.screens.outstanding import OutstandingScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def app_on(db_path) -> ReviewApp:
    return ReviewApp(db=db_path, reviewer="ann")


@pytest.mark.parametrize("size", SIZES)
def test_outstanding_screen(snap_compare, samples_db, size):
    """Ashdown's outstanding actions as of 30 June 2022 (the screen o opens, with a day
    fixed so that the days overdue do not change), the cursor on the third action:
    every column that matters in sight, the highlighted action in full under the table."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        screen = OutstandingScreen(samples_db, "HMP Ashdown", as_of=date(2022, 6, 30))
        await pilot.app.push_screen(screen)
        await settled(pilot)
        await pilot.press("j", "j")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_irp_record_reflowed_with_its_values_in_full(snap_compare, samples_db, size):
    """Ashdown IRP's 1.33 (No meaningful progress): its printed lines read as paragraphs,
    the judgement in full under the queue."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await goto(pilot.app, pilot, "1.33", kind="judgement")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_plan_record_with_paragraph_markup(snap_compare, samples_db, size):
    """Ashdown 5.2: its row's <p> paragraphs as lines, each cell a block."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await goto(pilot.app, pilot, "5.2")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_links_screen(snap_compare, samples_db, size):
    """l on Ashdown IRP's 2.22: the candidates fit, the highlighted one in full below."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await goto(pilot.app, pilot, "2.22", kind="judgement")
        await pilot.press("l")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)
