"""Snapshots of the prison screen at 80x24 and 120x40: documents, chains and charts.

HMP Testshire's three plans and IRP report (``tests.support.prison_db``), overdue
judged against a fixed day so the picture does not change with the date. The
charts are plotext's text, which depends only on the data, the size and the
theme, so the snapshots are stable. Regenerate after a deliberate change of the
look with ``--snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.prison_db import prison_db
from tui.app import ReviewApp
from tui.screens.prison import PrisonScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def opened(db_path, *keys: str):
    async def run_before(pilot) -> None:
        await settled(pilot)
        pilot.app.push_screen(PrisonScreen(db_path, "testshire", as_of=date(2024, 1, 1)))
        await settled(pilot)
        if keys:
            await pilot.press(*keys)
            await settled(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_prison_screen(snap_compare, db_path, size):
    """The top: the documents with their counts, then the repeat chains."""
    prison_db(db_path)
    app = ReviewApp(db=db_path, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=opened(db_path))


@pytest.mark.parametrize("size", SIZES)
def test_prison_screen_charts(snap_compare, db_path, size):
    """tab twice: the charts, scrolled into view."""
    prison_db(db_path)
    app = ReviewApp(db=db_path, reviewer="ann")
    assert snap_compare(app, terminal_size=size, run_before=opened(db_path, "tab", "tab"))
