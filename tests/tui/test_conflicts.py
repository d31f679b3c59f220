"""Two review windows on one database: a change is never lost, and never resolved silently.

Each test runs two ``ReviewApp`` instances on the same file (two reviewers, or
one reviewer's two windows) and presses real keys in both.
"""

from __future__ import annotations

from tests.support.pilot import actions_of, current, goto, rec, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.conflict import ConflictScreen
from tui.screens.edit import EditScreen
from tui.screens.queue import QueueScreen


async def open_editor_on(app, pilot, rec_no: str) -> None:
    await settle(app, pilot)
    await goto(app, pilot, rec_no)
    await pilot.press("e")
    await settle(app, pilot)
    assert isinstance(app.screen, EditScreen)


async def test_owner_in_one_window_and_target_in_the_other_both_survive(samples_db):
    """The reproduction: A sets the owner of 5.18's action, B (still on the old draft) the
    target; A's owner used to be reverted by B's save."""
    a = ReviewApp(db=samples_db, reviewer="ann")
    b = ReviewApp(db=samples_db, reviewer="bob")
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await open_editor_on(a, pa, "5.18")
        await open_editor_on(b, pb, "5.18")
        await pa.press("ctrl+l", "ctrl+o", "ctrl+u", *"Owner set by A", "ctrl+s")
        await settle(a, pa)
        await pb.press("ctrl+l", "ctrl+t", "ctrl+u", *"March 2030", "ctrl+s")
        await settle(b, pb)
        assert isinstance(b.screen, QueueScreen)
    (action,) = actions_of(samples_db, "5.18")
    assert action[1:4] == ("Owner set by A", "March 2030", "2030-03-31")
    assert rows(samples_db, "SELECT reviewer, field FROM edits WHERE table_name = 'actions'") == [
        ("ann", "owner"),
        ("bob", "target"),
        ("bob", "target_date"),
    ]


async def test_the_same_field_in_both_windows_shows_both_values_and_the_reviewer_chooses(
    samples_db,
):
    a = ReviewApp(db=samples_db, reviewer="ann")
    b = ReviewApp(db=samples_db, reviewer="bob")
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(80, 24)) as pb:
        await open_editor_on(a, pa, "5.18")
        await open_editor_on(b, pb, "5.18")
        await pa.press("ctrl+l", "ctrl+o", "ctrl+u", *"Head of Residence", "ctrl+s")
        await settle(a, pa)
        await pb.press("ctrl+l", "ctrl+o", "ctrl+u", *"Head of Safety", "ctrl+s")
        await settle(b, pb)
        assert isinstance(b.screen, ConflictScreen)
        shown = " ".join(str(w.render()) for w in b.screen.query(".conflict"))
        assert "Head of Residence" in shown and "ann" in shown and "Head of Safety" in shown
        assert actions_of(samples_db, "5.18")[0][1] == "Head of Residence"  # nothing written yet
        await pb.press("e")  # back to editing: bob's draft as he left it
        await settle(b, pb)
        assert isinstance(b.screen, EditScreen)
        await pb.press("ctrl+s")
        await settle(b, pb)
        assert isinstance(b.screen, ConflictScreen)  # still someone else's value there
        await pb.press("m")  # keep mine
        await settle(b, pb)
        assert isinstance(b.screen, QueueScreen)
    assert actions_of(samples_db, "5.18")[0][1] == "Head of Safety"


async def test_taking_theirs_keeps_their_value_and_saves_the_rest(samples_db):
    a = ReviewApp(db=samples_db, reviewer="ann")
    b = ReviewApp(db=samples_db, reviewer="bob")
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await open_editor_on(a, pa, "5.18")
        await open_editor_on(b, pb, "5.18")
        await pa.press("ctrl+l", "ctrl+o", "ctrl+u", *"Head of Residence", "ctrl+s")
        await settle(a, pa)
        await pb.press("ctrl+l", "ctrl+o", "ctrl+u", *"Head of Safety")
        await pb.press("ctrl+t", "ctrl+u", *"June 2030", "ctrl+s")
        await settle(b, pb)
        assert isinstance(b.screen, ConflictScreen)
        await pb.press("t")
        await settle(b, pb)
    (action,) = actions_of(samples_db, "5.18")
    assert action[1:3] == ("Head of Residence", "June 2030")


async def test_a_status_changed_in_another_window_is_not_overwritten_unasked(samples_db):
    a = ReviewApp(db=samples_db, reviewer="ann")
    b = ReviewApp(db=samples_db, reviewer="bob")
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await settle(a, pa)
        await settle(b, pb)
        assert current(a).no == current(b).no == "5.1"
        await pa.press("x")  # ann rejects 5.1
        await settle(a, pa)
        await pb.press("v")  # bob, whose queue still shows it unreviewed, verifies it
        await settle(b, pb)
        assert isinstance(b.screen, ConflictScreen)
        assert rec(samples_db, "5.1")[1:3] == ("rejected", "ann")
        await pb.press("escape")  # keep theirs: nothing written, the row read again
        await settle(b, pb)
        assert isinstance(b.screen, QueueScreen)
        await pb.press("k")
        await settle(b, pb)
        assert current(b).no == "5.1" and current(b).review_status == "rejected"
    assert rec(samples_db, "5.1")[1:3] == ("rejected", "ann")


async def test_undo_of_a_change_someone_overwrote_asks_and_can_keep_theirs(samples_db):
    a = ReviewApp(db=samples_db, reviewer="ann")
    b = ReviewApp(db=samples_db, reviewer="bob")
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await settle(a, pa)
        await settle(b, pb)
        await pa.press("v")
        await settle(a, pa)
        await pb.press("r")  # bob reads the queue again, then flags the record ann verified
        await settle(b, pb)
        await pb.press("k")
        await settle(b, pb)
        await pb.press("f", *"not so fast", "enter")
        await settle(b, pb)
        assert rec(samples_db, "5.1")[1:4] == ("flagged", "bob", "not so fast")
        await pa.press("u")
        await settle(a, pa)
        assert isinstance(a.screen, ConflictScreen)
        await pa.press("t")  # keep bob's flag
        await settle(a, pa)
    assert rec(samples_db, "5.1")[1:3] == ("flagged", "bob")


async def test_a_second_v_on_a_verified_record_writes_nothing(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        edits = rows(samples_db, "SELECT COUNT(*) FROM edits")
        for _ in range(5):
            await pilot.press("k", "v")
            await settle(app, pilot)
        assert rows(samples_db, "SELECT COUNT(*) FROM edits") == edits
        await pilot.press("u")
        await settle(app, pilot)
    assert rec(samples_db, "5.1")[1] == "unreviewed"


async def test_an_unreadable_target_needs_a_yes_and_is_kept_as_written(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor_on(app, pilot, "5.18")
        await pilot.press("ctrl+l", "ctrl+t", "ctrl+u", *"31 Febtember 2022", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(app, pilot)
        assert isinstance(app.screen, EditScreen)
        assert actions_of(samples_db, "5.18")[0][2] == "December 2021"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot, 6)  # saved, then the record read again and drawn
        assert isinstance(app.screen, QueueScreen)
        detail = str(queue_detail(app))
        assert "unreadable" in detail and "(no date)" not in detail
    assert rows(
        samples_db,
        "SELECT a.target, a.target_date, a.status, a.target_unreadable FROM actions a "
        "JOIN recommendations r ON r.id = a.recommendation_id WHERE r.rec_no = '5.18'",
    ) == [("31 Febtember 2022", None, "open", 1)]


def queue_detail(app) -> str:
    """The text the detail pane has drawn for the current record."""
    from tui.widgets.detail_pane import DetailPane

    pane = app.screen.query_one(DetailPane)
    return "\n".join(strip.text for strip in pane._lines)
