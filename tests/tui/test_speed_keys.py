"""Review at speed (issue 16): space / ] next unreviewed, t overdue, P prison picker,
V verify the rest of a document, m merge, n from a selection. Each test presses real
keys and asserts what the DATABASE holds and which record the queue shows."""

from __future__ import annotations

import pytest

from store import open_db
from store.review import bulk
from tests.support.pilot import current, goto, queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.prison_picker import PrisonPicker
from tui.widgets.source_pane import SourcePane


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


PLAN = "ashdown_action_plan_2021.txt"  # other samples may come before it in the queue


def statuses(db_path, source=PLAN) -> dict[str, str]:
    return dict(
        rows(
            db_path,
            "SELECT r.rec_no, r.review_status FROM recommendations r JOIN documents d "
            "ON d.id = r.document_id WHERE d.source_name = ? ORDER BY r.position",
            (source,),
        )
    )


def plan_rec(db_path, rec_no: str, source=PLAN) -> tuple[int, str]:
    """(id, review_status) of a recommendation of the plan."""
    return rows(
        db_path,
        "SELECT r.id, r.review_status FROM recommendations r JOIN documents d "
        "ON d.id = r.document_id WHERE d.source_name = ? AND r.rec_no = ?",
        (source, rec_no),
    )[0]


async def open_plan(app, pilot, source=PLAN) -> None:
    """The queue of one document (as the documents screen opens it), on its first
    unreviewed record."""
    (document_id,) = rows(app.db_path, "SELECT id FROM documents WHERE source_name = ?", (source,))[
        0
    ]
    queue(app).open_document(document_id)
    await settle(app, pilot)


def after_current(app) -> str | None:
    """The number of the record below the cursor."""
    table = queue(app).table
    return table.records[table.cursor_row + 1].no


def edits(db_path) -> int:
    return rows(db_path, "SELECT COUNT(*) FROM edits")[0][0]


async def test_space_jumps_to_the_next_unreviewed_record_changing_nothing(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("v", "v", "j", "j", "v")  # 5.1, 5.2 and 5.5 verified; on 5.6
        await settle(app, pilot)
        await pilot.press("k", "k", "k", "k")  # back on 5.2
        await settle(app, pilot)
        assert current(app).no == "5.2"
        before = (statuses(samples_db), edits(samples_db))
        await pilot.press("space")
        await settle(app, pilot)
        assert current(app).no == "5.3"
        await pilot.press("space", "right_square_bracket")  # ] too; 5.5 is skipped
        await settle(app, pilot)
        assert current(app).no == "5.6"
        assert (statuses(samples_db), edits(samples_db)) == before


async def test_space_after_the_last_unreviewed_wraps_to_the_first_and_says_so(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)  # only Ashdown 2021
        await goto(app, pilot, "5.18")
        await pilot.press("space")
        await settle(app, pilot)
        assert current(app).no == "5.1"
        assert "Back to the top: the first unreviewed record of this queue." in messages(app)
        # another window verifies the whole document: space stays and says none is left
        db = open_db(samples_db)
        try:
            bulk.verify_rest(db, "bob", bulk.rest_of_document(db, current(app).document_id))
        finally:
            db.close()
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        assert "No other unreviewed record in this queue." in messages(app)
        await pilot.press("s", "s", "s")  # only the verified records: none is unreviewed
        await settle(app, pilot)
        here = current(app).ref
        await pilot.press("space")
        await settle(app, pilot)
        assert "This queue shows only verified records: s changes the filter." in messages(app)
        assert current(app).ref == here


async def test_t_shows_only_records_with_an_overdue_action(samples_db):
    overdue = {
        r[0]
        for r in rows(
            samples_db, "SELECT recommendation_id FROM outstanding_actions WHERE overdue = 1"
        )
    }
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        shown = queue(app).table.records
        assert {r.id for r in shown} == overdue and len(shown) == len(overdue)
        assert "overdue" in str(app.screen.query_one("#status-line").render())
        await pilot.press("s")  # combined with the status filter: unreviewed and overdue
        await settle(app, pilot)
        assert queue(app).queue_query.overdue_only
        assert queue(app).queue_query.status == "unreviewed"
        await pilot.press("v")  # verifies the overdue record shown, nothing else
        await settle(app, pilot)
        verified = rows(
            samples_db, "SELECT id FROM recommendations WHERE review_status = 'verified'"
        )
        assert len(verified) == 1 and verified[0][0] in overdue
        await pilot.press("t")
        await settle(app, pilot)
        assert not queue(app).queue_query.overdue_only


async def test_P_picks_a_prison_by_typing_and_the_queue_shows_only_it(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, PrisonPicker)
        assert [e.short for e in picker.shown] == ["Ashdown", "Carrow Vale", "Fenwick", "Larkhill"]
        assert picker.highlighted.short == "Ashdown"  # the current record's prison
        await pilot.press(*"fen")
        await settle(app, pilot)
        assert [e.short for e in picker.shown] == ["Fenwick"]
        status = str(picker.query_one("#picker-status").render())
        assert status == "1 of 4 prisons · HMP Fenwick"  # the highlighted one in full
        await pilot.press("enter")
        await settle(app, pilot)
        shown = queue(app).table.records
        fenwick = rows(
            samples_db,
            "SELECT COUNT(*) FROM recommendations r JOIN documents d ON d.id = r.document_id "
            "WHERE d.establishment = 'HMP Fenwick'",
        )[0][0]
        assert {r.establishment for r in shown} == {"HMP Fenwick"} and len(shown) == fenwick
        assert current(app).establishment == "HMP Fenwick"
        # escape cancels: the filter stays as it was
        await pilot.press("P")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert queue(app).queue_query.establishment == "HMP Fenwick"
        assert edits(samples_db) == 0


async def test_P_then_ctrl_g_opens_the_documents_of_that_prison(samples_db):
    from tui.screens.documents import DocumentsScreen

    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("P", *"carrow", "ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)
        assert [d.establishment for d in app.screen.shown] == ["HMYOI Carrow Vale"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert current(app).document == "Carrow Vale 2022"


async def test_V_asks_naming_how_many_verifies_only_the_unreviewed_and_u_undoes_it(
    samples_db,
):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("x")  # 5.3 rejected, on 5.4
        await settle(app, pilot)
        before = statuses(samples_db)
        await pilot.press("V")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith(
            "Verify the 17 unreviewed records left in Ashdown 2021?"
        )
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        assert statuses(samples_db) == before
        await pilot.press("V")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        after = statuses(samples_db)
        assert after["5.3"] == "rejected"
        assert {n: s for n, s in after.items() if n != "5.3"} == dict.fromkeys(
            (n for n in after if n != "5.3"), "verified"
        )
        # other documents untouched
        assert set(statuses(samples_db, "fenwick_action_plan_2019.txt").values()) == {"unreviewed"}
        assert "Verified 17 records of Ashdown 2021." in messages(app)
        assert current(app).no == "5.4" and current(app).review_status == "verified"
        await pilot.press("u")  # one undo: all seventeen
        await settle(app, pilot)
        assert statuses(samples_db) == before
        assert (
            "Undone in Ashdown 2021: review status of 17 records 'verified' → 'unreviewed'"
            in messages(app)
        )
        await pilot.press("u")  # the one before it: the reject
        await settle(app, pilot)
        assert plan_rec(samples_db, "5.3")[1] == "unreviewed"


async def test_m_merges_with_the_next_record_and_u_restores_both(samples_db):
    def snapshot():
        return (
            rows(samples_db, "SELECT * FROM recommendations ORDER BY id"),
            rows(samples_db, "SELECT * FROM actions ORDER BY id"),
        )

    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)
        await goto(app, pilot, "5.6")
        before = snapshot()
        actions = rows(
            samples_db,
            "SELECT COUNT(*) FROM actions a JOIN recommendations r ON r.id = a.recommendation_id "
            "JOIN documents d ON d.id = r.document_id WHERE d.source_name = ? "
            "AND r.rec_no IN ('5.6', '5.7')",
            (PLAN,),
        )[0][0]
        await pilot.press("m")
        await settle(app, pilot)
        assert "5.7" not in statuses(samples_db)
        merged = plan_rec(samples_db, "5.6")[0]
        assert (
            rows(samples_db, "SELECT COUNT(*) FROM actions WHERE recommendation_id = ?", (merged,))[
                0
            ][0]
            == actions
        )
        assert current(app).no == "5.6"
        assert after_current(app) == "5.8"
        await pilot.press("u")
        await settle(app, pilot)
        assert snapshot() == before
        assert current(app).no == "5.6"
        assert after_current(app) == "5.7"
        # named: the record that came back, not only the fields of the one kept
        assert any(
            m.startswith("Undone on Ashdown 2021 5.6: record 5.7 is back; ") for m in messages(app)
        ), messages(app)


async def test_n_reads_the_selected_row_as_the_importer_does(samples_db):
    from textual.widgets.text_area import Selection

    expected = rows(
        samples_db,
        "SELECT a.owner, a.target, a.status FROM actions a JOIN recommendations r "
        "ON r.id = a.recommendation_id JOIN documents d ON d.id = r.document_id "
        "WHERE d.source_name = ? AND r.rec_no = '5.3' ORDER BY a.position",
        (PLAN,),
    )
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("x")  # "not a real record": the reviewer marks it again by hand
        await settle(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
        assert current(app).no == "5.3"
        source = app.screen.query_one(SourcePane)
        start, end = source.span
        # a selection from the middle of the row's first line into its last line
        source.text_area.selection = Selection(source.location(start + 9), source.location(end - 5))
        await pilot.press("n")
        await settle(app, pilot)
        new = rows(
            samples_db,
            "SELECT r.id, r.rec_no, r.agreement, r.review_status FROM recommendations r "
            "JOIN documents d ON d.id = r.document_id WHERE d.source_name = ? "
            "AND r.rec_no = '5.3' AND r.review_status = 'unreviewed'",
            (PLAN,),
        )
        assert [(n[1], n[2]) for n in new] == [("5.3", "Agreed")]
        assert (
            rows(
                samples_db,
                "SELECT owner, target, status FROM actions WHERE recommendation_id = ? "
                "ORDER BY position",
                (new[0][0],),
            )
            == expected
        )
        assert current(app).id == new[0][0]
        await pilot.press("u")
        await settle(app, pilot)
        gone = rows(samples_db, "SELECT COUNT(*) FROM recommendations WHERE id = ?", (new[0][0],))
        assert gone == [(0,)]
        assert "Undone in Ashdown 2021: the new record 5.3 is removed" in messages(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_n_by_keyboard_alone_tab_shift_arrows_n(samples_db, size):
    """The selection for n made with keys only, as README and help say: tab to the
    source pane, an arrow (the record's span is selected; an arrow leaves the cursor
    at its first line), shift+down over the row's lines, n. At 80x24 too."""
    from tui.widgets.source_pane import SourceText

    expected = rows(
        samples_db,
        "SELECT a.owner, a.target, a.status FROM actions a JOIN recommendations r "
        "ON r.id = a.recommendation_id JOIN documents d ON d.id = r.document_id "
        "WHERE d.source_name = ? AND r.rec_no = '5.3' ORDER BY a.position",
        (PLAN,),
    )
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        await open_plan(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("x", "k")
        await settle(app, pilot)
        assert current(app).no == "5.3"
        source = app.screen.query_one(SourcePane)
        last = source.location(source.span[1], end=True)[0]
        for _ in range(4):
            if app.focused is source.text_area:
                break
            await pilot.press("tab")
        assert isinstance(app.focused, SourceText)
        await pilot.press("up", "down")  # the cursor at the start of the row's first line
        for _ in range(80):  # as many rows as the row takes, wrapped at this width
            if source.text_area.selection.end[0] > last:
                break
            await pilot.press("shift+down")
        await pilot.press("n")
        await settle(app, pilot)
        new = rows(
            samples_db,
            "SELECT r.id, r.rec_no, r.agreement FROM recommendations r "
            "JOIN documents d ON d.id = r.document_id WHERE d.source_name = ? "
            "AND r.rec_no = '5.3' AND r.review_status = 'unreviewed'",
            (PLAN,),
        )
        assert [(n[1], n[2]) for n in new] == [("5.3", "Agreed")]
        assert (
            rows(
                samples_db,
                "SELECT owner, target, status FROM actions WHERE recommendation_id = ? "
                "ORDER BY position",
                (new[0][0],),
            )
            == expected
        )
