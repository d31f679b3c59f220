"""Quitting with an editor's changes unsaved asks first, whichever way the reviewer quits.

ctrl+q (Textual's quit, active in every screen) and the palette's quit used to
close the app at once and throw the draft away, while escape in the editor asked.
"""

from __future__ import annotations

from store.review.records import RecordDetail
from tests.support.pilot import settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.edit import EditScreen
from tui.screens.judgement_edit import JudgementEditScreen
from tui.screens.queue import QueueScreen


def asked_to_quit(app) -> bool:
    return any(
        "Unsaved changes" in n.message and "ctrl+q again quits" in n.message
        for n in app._notifications
    )


def detail(app) -> RecordDetail:
    queue = app.screen_stack[1]
    assert isinstance(queue, QueueScreen)
    return queue.detail


async def edit_agreement(app, pilot) -> None:
    """Open the editor on the first record (5.1, Agreed) and make it Partly Agreed."""
    await settle(app, pilot)
    await pilot.press("e")
    assert isinstance(app.screen, EditScreen)
    await pilot.press("enter", "down", "enter")
    assert app.screen.collect().fields["agreement"] == "Partly Agreed"


async def test_ctrl_q_in_the_editor_asks_before_throwing_the_draft_away(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await edit_agreement(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None  # still running
        assert asked_to_quit(app)
        # any other key keeps editing: the draft is as it was, and quitting asks again
        await pilot.press("tab", *"7", "backspace")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert app.screen.collect().fields["agreement"] == "Partly Agreed"
        app._notifications.clear()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None
        assert asked_to_quit(app)
        # ctrl+q again straight away: quit, the draft thrown away
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
    assert rows(samples_db, "SELECT COUNT(*) FROM edits") == [(0,)]


async def test_the_palettes_quit_asks_too(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await edit_agreement(app, pilot)
        await pilot.press("ctrl+p", *"quit")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.return_code is None
        assert asked_to_quit(app)
        assert isinstance(app.screen, EditScreen)
        assert app.screen.collect().fields["agreement"] == "Partly Agreed"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_a_question_answered_another_way_is_not_taken_as_yes_later(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await edit_agreement(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert asked_to_quit(app)
        await pilot.press("ctrl+p", *"save")  # saved from the palette instead
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("e", "enter", "down", "enter")  # another draft: Not Agreed
        assert app.screen.collect().fields["agreement"] == "Not Agreed"
        app._notifications.clear()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None
        assert asked_to_quit(app)
    assert rows(samples_db, "SELECT new FROM edits WHERE field = 'agreement'") == [
        ('"Partly Agreed"',)
    ]


async def test_ctrl_q_in_the_editor_with_nothing_changed_quits_at_once(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
        assert not asked_to_quit(app)


async def open_judgement_editor(app, pilot) -> None:
    await settle(app, pilot)
    for _ in range(40):
        if detail(app) is not None and detail(app).kind == "judgement":
            break
        await pilot.press("j")
        await settle(app, pilot)
    await pilot.press("e")
    assert isinstance(app.screen, JudgementEditScreen)


async def test_ctrl_q_in_the_judgement_editor_asks_first(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await open_judgement_editor(app, pilot)
        await pilot.press("tab", "end", *" (checked)")  # the ref
        changed = app.screen.collect()
        assert list(changed) == ["ref"]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None
        assert asked_to_quit(app)
        await pilot.press("end")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, JudgementEditScreen)
        assert app.screen.collect() == changed
        app._notifications.clear()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None
        assert asked_to_quit(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
    assert rows(samples_db, "SELECT COUNT(*) FROM edits") == [(0,)]


async def test_ctrl_q_in_the_judgement_editor_with_nothing_changed_quits(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await open_judgement_editor(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
        assert not asked_to_quit(app)


async def test_escape_in_the_judgement_editor_asks_before_throwing_changes_away(samples_db):
    from tests.support.pilot import goto

    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "3", kind="judgement")  # an Ofsted theme
        await pilot.press("e")
        await settle(app, pilot)
        editor = app.screen
        await pilot.press("tab", "end", *" (edited)")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is editor  # asked first
        await pilot.press(*" more")  # changed again since the question: asks again
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is editor
        await pilot.press("escape")  # the same changes: thrown away
        await settle(app, pilot)
        assert app.screen is not editor
    assert rows(samples_db, "SELECT COUNT(*) FROM edits") == [(0,)]


async def test_escape_in_the_editor_asks_again_after_more_changes(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        editor = app.screen
        await pilot.press("ctrl+l", "ctrl+o", *" X", "escape")
        await settle(app, pilot)
        assert app.screen is editor
        await pilot.press(*"Y", "escape")
        await settle(app, pilot)
        assert app.screen is editor  # more changes since the warning: asked again
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is not editor
    assert rows(samples_db, "SELECT COUNT(*) FROM edits") == [(0,)]
