"""Snapshots of the review app's main screens at 80x24 and 120x40.

Regenerate after a deliberate change of the look with
``pytest tests/tui/test_review_snapshots.py --snapshot-update`` and check the SVGs.
"""

from __future__ import annotations

import pytest

from tui.app import ReviewApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def app_on(db_path) -> ReviewApp:
    return ReviewApp(db=db_path, reviewer="ann")


@pytest.mark.parametrize("size", SIZES)
def test_queue_screen(snap_compare, samples_db, size):
    """The queue on a record with actions, one record verified above it."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("v", "j")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_edit_screen(snap_compare, samples_db, size):
    """The editor with the cursor in the first action's target."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("j", "j", "e", "ctrl+t")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, samples_db, size):
    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("question_mark")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_judgement_record(snap_compare, samples_db, size):
    """An IRP judgement in the queue, with its links in the detail pane."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        for _ in range(19):  # past the 18 recommendations of the plan
            await pilot.press("j")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_progress_entry(snap_compare, samples_db, size):
    """3 on a recommendation: where the judgement is from, and the day, read as typed."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("3", *"IMB annual report", "enter", *"May 2023")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_recorded_by_hand(snap_compare, samples_db, size):
    """Just recorded: the message, the cursor on the recommendation, the judgement after it."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("3", *"IMB annual report", "enter", *"12 May 2023", "enter")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_detail_pane_focused(snap_compare, samples_db, size):
    """tab, tab: the detail pane's title marked, scrolled by PageDown; the queue unmoved."""

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("tab", "tab", "pagedown")
        await settled(pilot)

    assert snap_compare(app_on(samples_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_record_with_six_actions(snap_compare, db_path, tmp_path, size):
    """Six actions, one line each under the record's first line, beside the row of the
    plan's text they were read from; their text further down."""
    from tests.tui.test_six_actions import six_actions_db

    async def run_before(pilot) -> None:
        await settled(pilot)

    app = app_on(six_actions_db(db_path, tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
