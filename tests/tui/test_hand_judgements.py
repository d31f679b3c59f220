"""Recording a progress judgement by hand, with real key presses, checked in the database.

A number on a recommendation asks where the judgement is from and when it was
made; the judgement then shows in the queue right after its recommendation,
where it is opened, edited, re-linked, rejected and undone like any other.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from tests.support.pilot import queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.judgement_edit import JudgementEditScreen
from tui.screens.progress_entry import ProgressEntryScreen
from tui.screens.queue import QueueScreen
from tui.widgets.source_pane import SourcePane

SIZES = [(80, 24), (120, 40)]
BY_HAND = (
    "SELECT j.id, j.judgement, j.text, j.judged_on, j.review_status, j.document_id "
    "FROM judgements j JOIN judgement_links l ON l.judgement_id = j.id "
    "JOIN recommendations r ON r.id = l.recommendation_id "
    "WHERE j.document_id IS NULL AND r.rec_no = ? ORDER BY j.id"
)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def goto(app, pilot, rec_no: str) -> None:
    for _ in range(40):
        row = queue(app).current
        if row is not None and row.no == rec_no and row.kind == "recommendation":
            await settle(app, pilot)
            return
        await pilot.press("j")
        await settle(app, pilot, 1)
    raise AssertionError(f"no recommendation {rec_no}")


async def record(pilot, level: str, source: str, day: str) -> None:
    """Press a number, type where the judgement is from, enter, the day, enter."""
    await pilot.press(level, *source, "enter", *day, "enter")


@pytest.mark.parametrize("size", SIZES)
async def test_a_judgement_recorded_by_hand_is_dated_shown_after_its_recommendation(
    samples_db,
    size,
):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.15")
        await pilot.press("3")
        assert isinstance(app.screen, ProgressEntryScreen)
        await pilot.press(*"IRP visit notes", "enter", *"12 May 2023")
        await pilot.pause()
        reading = app.screen.query_one("#progress-reading", Label)
        assert str(reading.render()) == "judged 12 May 2023"
        await pilot.press("enter")
        await settle(app, pilot)
        screen = queue(app)
        assert "Recorded by hand: Reasonable progress on 5.15, judged 12 May 2023" in messages(app)
        # the cursor stays on the recommendation; the judgement is the next row
        assert (screen.current.kind, screen.current.no) == ("recommendation", "5.15")
        table = screen.table
        after = table.records[table.cursor_row + 1]
        assert after.kind == "judgement" and after.by_hand and after.value == "Reasonable progress"
        assert screen.detail.judgements[-1]["judged_on"] == "2023-05-12"
    [(judgement, level, text, judged_on, status, document)] = rows(samples_db, BY_HAND, ("5.15",))
    assert (level, text, judged_on, status, document) == (
        "Reasonable progress",
        "IRP visit notes",
        "2023-05-12",
        "verified",
        None,
    )
    assert after.id == judgement


async def test_it_opens_with_its_recommendations_source_and_is_rejected_and_undone(
    samples_db,
):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await record(pilot, "4", "IMB annual report", "May 2023")
        await settle(app, pilot)
        recommendation = queue(app).detail
        await pilot.press("j")
        await settle(app, pilot)
        screen = queue(app)
        assert screen.current.by_hand and screen.detail.ref == screen.current.ref
        # the source pane shows the recommendation's text; the judgement has no document
        source = screen.query_one(SourcePane)
        assert screen.detail.record["document_id"] is None
        assert source.document_id == recommendation.record["document_id"]
        assert source.span == (
            recommendation.record["span_start"],
            recommendation.record["span_end"],
        )
        await pilot.press("x")
        await settle(app, pilot)
        [(_, _, _, judged_on, status, _)] = rows(samples_db, BY_HAND, ("5.3",))
        assert (judged_on, status) == ("2023-05-31", "rejected")  # a month: its last day
        await pilot.press("u")
        await settle(app, pilot)
        assert rows(samples_db, BY_HAND, ("5.3",))[0][4] == "verified"


async def test_its_editor_changes_the_day_it_was_made(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.2")
        await record(pilot, "2", "IMB", "12/05/2023")
        await settle(app, pilot)
        await pilot.press("j", "e")
        await settle(app, pilot)
        assert isinstance(app.screen, JudgementEditScreen)
        day = app.screen.query_one("#judged_on", Input)
        assert day.value == "12 May 2023"
        day.focus()
        await pilot.press("ctrl+u", *"soon", "ctrl+s")  # unreadable: not saved, said why
        await settle(app, pilot)
        assert isinstance(app.screen, JudgementEditScreen)
        assert any("'soon' is not a date" in m for m in messages(app))
        await pilot.press("ctrl+u", *"June 2023", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
    assert rows(samples_db, BY_HAND, ("5.2",))[0][3] == "2023-06-30"


async def test_an_unreadable_day_is_said_and_escape_records_nothing(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await record(pilot, "3", "notes", "next week")
        await pilot.pause()
        assert isinstance(app.screen, ProgressEntryScreen)  # still asking
        reading = app.screen.query_one("#progress-reading", Label)
        assert "'next week' is not a date" in str(reading.render())
        assert reading.has_class("-error")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
        assert queue(app).current.no == "5.1"
    assert rows(samples_db, BY_HAND, ("5.1",)) == []


async def test_the_same_judgement_on_the_same_day_twice_is_refused(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await record(pilot, "3", "IMB", "12 May 2023")
        await settle(app, pilot)
        await record(pilot, "3", "IMB again", "2023-05-12")
        await settle(app, pilot)
        assert any(
            "5.1 already has Reasonable progress recorded by hand" in m for m in messages(app)
        )
        assert queue(app).current.no == "5.1"  # still on the recommendation
    assert len(rows(samples_db, BY_HAND, ("5.1",))) == 1


async def test_its_links_can_move_it_but_not_leave_it_unlinked(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await record(pilot, "3", "IMB", "May 2023")
        await settle(app, pilot)
        await pilot.press("j", "l")
        await settle(app, pilot)
        links = app.screen
        assert type(links).__name__ == "LinksScreen"
        linked = [c["recommendation_id"] for c in links.candidates if c["linked"]]
        assert len(linked) == 1
        await pilot.press("space", "ctrl+s")  # unlink the only one
        await settle(app, pilot)
        assert any("stays linked to a recommendation" in m for m in messages(app))
        assert queue(app).current.by_hand
    assert len(rows(samples_db, BY_HAND, ("5.3",))) == 1
