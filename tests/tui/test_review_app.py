"""The review app doing the reviewer's task with real key presses.

Each test presses keys as a reviewer would and then reads the database through
a connection of its own, so what it checks is what was really saved.
"""

from __future__ import annotations

import importlib.util

import pytest
from textual.widgets import Input

from store import import_document, open_db
from tests.support.pilot import actions_of, current, goto, queue, rec, settle
from tests.support.review_db import import_samples, rows
from tui.app import ReviewApp
from tui.screens.edit import EditScreen
from tui.screens.help import HelpScreen
from tui.screens.note import NoteScreen
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen

SIZES = [(80, 24), (120, 40)]


# --- statuses -------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_v_verifies_and_moves_on_to_the_next_unreviewed(samples_db, size):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.1"
        assert queue(app).sub_title == "Ashdown 2021 — 0/18 reviewed"
        await pilot.press("v")
        await settle(app, pilot)
        assert current(app).no == "5.2"
        assert queue(app).sub_title == "Ashdown 2021 — 1/18 reviewed"
    _, status, reviewer, note, _ = rec(samples_db, "5.1")
    assert (status, reviewer, note) == ("verified", "ann", None)
    assert rows(samples_db, "SELECT reviewed_at IS NOT NULL FROM recommendations WHERE id = 1")


async def test_v_skips_records_already_reviewed(samples_db):
    db = open_db(samples_db)
    from store.review import changes

    changes.set_status(db, "bob", ("recommendation", rec(samples_db, "5.2")[0]), "verified")
    db.close()
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("v")
        await settle(app, pilot)
        assert current(app).no == "5.3"


async def test_a_verified_record_keeps_its_place_in_the_uncertain_first_queue(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("c")  # uncertain first: a record's place depends on its uncertainty
        await settle(app, pilot)
        table = queue(app).table
        index, row = next(
            (i, r)
            for i, r in enumerate(table.records)
            if r.uncertainty and r.review_status == "unreviewed"
        )
        table.move_cursor(row=index)
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        redrawn = table.records[index]
        assert (redrawn.ref, redrawn.review_status) == (row.ref, "verified")
        assert redrawn.key == row.key  # so the pages read after it still follow on


async def test_f_flags_with_a_note_and_escape_flags_nothing(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert current(app).no == "5.1"
        await pilot.press("f", *"owner is a team, not a person", "enter")
        await settle(app, pilot)
        assert current(app).no == "5.2"
        assert "1 flagged" in queue(app).sub_title
    assert rec(samples_db, "5.1")[1:4] == ("flagged", "ann", "owner is a team, not a person")


async def test_x_rejects_a_parsing_artefact(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("j", "x")
        await settle(app, pilot)
        assert current(app).no == "5.3"
    assert rec(samples_db, "5.2")[1] == "rejected"
    assert rec(samples_db, "5.1")[1] == "unreviewed"


# --- editing ---------------------------------------------------------------------------


async def test_edit_the_agreement_with_the_select_and_save(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        await pilot.press("enter", "down", "down", "enter")  # Agreed → Partly → Not Agreed
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
        assert current(app).value == "Not Agreed"
    assert rec(samples_db, "5.1")[4] == "Not Agreed"
    assert rows(
        samples_db, "SELECT reviewer, field, old, new FROM edits WHERE field = 'agreement'"
    ) == [("ann", "agreement", '"Agreed"', '"Not Agreed"')]


async def test_escape_leaves_the_record_as_it_was(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("e", "enter", "down", "enter", "escape")
        assert isinstance(app.screen, EditScreen)  # unsaved changes: warned first
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
    assert rec(samples_db, "5.1")[4] == "Agreed"
    assert rows(samples_db, "SELECT COUNT(*) FROM edits") == [(0,)]


async def test_fix_a_target_date_shows_the_date_as_typed_and_saves_it(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("e", "ctrl+t", "ctrl+u", *"by the summer")
        await pilot.pause()
        reading = str(app.screen.query_one("#target-date").render())
        assert "not a readable date" in reading
        await pilot.press("ctrl+u", *"March 2022")
        await pilot.pause()
        assert "2022-03-31" in str(app.screen.query_one("#target-date").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert actions_of(samples_db, "5.3")[0] == (
        1,
        "Head of Safety",
        "March 2022",
        "2022-03-31",
        "open",
    )


async def test_split_an_action_then_one_undo_puts_it_back(samples_db):
    before = actions_of(samples_db, "5.3")
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("e", "ctrl+l", "down", "s")
        assert len(app.screen.draft.actions) == 4
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        after = actions_of(samples_db, "5.3")
        assert [a[0] for a in after] == [1, 2, 3, 4]
        assert after[1][1:] == after[2][1:] == before[1][1:]
        assert rows(samples_db, "SELECT COUNT(DISTINCT change_id) FROM edits") == [(1,)]
        await pilot.press("u")
        await settle(app, pilot)
    assert actions_of(samples_db, "5.3") == before
    assert rows(samples_db, "SELECT COUNT(*) FROM edits WHERE undone = 0 AND undo_of IS NULL") == [
        (0,)
    ]


async def test_add_delete_and_move_actions(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.3")
        await pilot.press("e", "ctrl+l", "d")  # delete the first action
        await pilot.press("shift+down")  # the (new) first action moves down
        await pilot.press("a", *"Governor", "tab", *"30/06/2022", "ctrl+s")
        await settle(app, pilot)
    owners = [(a[1], a[3]) for a in actions_of(samples_db, "5.3")]
    assert owners == [
        ("Head of Residence", "2021-10-31"),
        ("Head of Safety", None),
        ("Governor", "2022-06-30"),
    ]


# --- undo ------------------------------------------------------------------------------


async def test_undo_survives_restarting_the_app(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("v", "v")
        await settle(app, pilot)
        await pilot.press("q")
    assert [rec(samples_db, n)[1] for n in ("5.1", "5.2")] == ["verified", "verified"]

    again = ReviewApp(db=samples_db, reviewer="ann")
    async with again.run_test(notifications=True) as pilot:
        await settle(again, pilot)
        await pilot.press("u")
        await settle(again, pilot)
        assert [rec(samples_db, n)[1] for n in ("5.1", "5.2")] == ["verified", "unreviewed"]
        await pilot.press("u")
        await settle(again, pilot)
        assert [rec(samples_db, n)[1] for n in ("5.1", "5.2")] == ["unreviewed", "unreviewed"]
        await pilot.press("u")
        await settle(again, pilot)
        assert any("Nothing of yours to undo" in n.message for n in again._notifications)
    assert rows(samples_db, "SELECT COUNT(*) FROM edits WHERE undo_of IS NULL AND undone = 0") == [
        (0,)
    ]


async def test_undo_only_reverts_the_reviewers_own_changes(samples_db):
    db = open_db(samples_db)
    from store.review import changes

    changes.set_status(db, "bob", ("recommendation", rec(samples_db, "5.4")[0]), "rejected")
    db.close()
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
    assert rec(samples_db, "5.4")[1] == "rejected"


# --- judgements -------------------------------------------------------------------------


async def test_number_keys_judge_on_the_inspectorates_scale(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "2.22")
        row = current(app)
        assert row.kind == "judgement" and row.document == "Ashdown IRP 2022"
        await pilot.press("1")
        await settle(app, pilot)
        assert rows(samples_db, "SELECT judgement FROM judgements WHERE id = ?", (row.id,)) == [
            ("No meaningful progress",)
        ]
        await pilot.press("5")  # HMIP has four levels
        await settle(app, pilot)
        assert any("HMIP judges on 4 levels" in n.message for n in app._notifications)
        await goto(app, pilot, "3")  # an Ofsted theme
        ofsted = current(app)
        await pilot.press("4")
        await settle(app, pilot)
        assert any("Ofsted judges on 3 levels" in n.message for n in app._notifications)
        await pilot.press("1")
        await settle(app, pilot)
    judged = dict(rows(samples_db, "SELECT id, judgement FROM judgements"))
    assert judged[row.id] == "No meaningful progress"
    assert judged[ofsted.id] == "Insufficient progress"


async def test_edit_a_judgement_offers_its_inspectorates_scale(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "3")  # the third Ofsted theme: Significant progress
        judgement = current(app).id
        await pilot.press("e")
        from textual.widgets import Select

        from tui.screens.judgement_edit import JudgementEditScreen

        assert isinstance(app.screen, JudgementEditScreen)
        options = [value for _, value in app.screen.query_one(Select)._options]
        assert options[1:] == [
            "Insufficient progress",
            "Reasonable progress",
            "Significant progress",
        ]
        await pilot.press("enter", "up", "enter", "tab", "end", *" (theme 3)", "ctrl+s")
        await settle(app, pilot)
    assert rows(samples_db, "SELECT judgement, ref FROM judgements WHERE id = ?", (judgement,)) == [
        ("Reasonable progress", "3 (theme 3)")
    ]


async def test_a_number_on_a_recommendation_records_a_judgement_by_hand(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # enter goes from the source to the date; enter there, left empty, records it undated
        await pilot.press("3", *"IMB annual report 2023", "enter", "enter")
        await settle(app, pilot)
        detail = queue(app).detail
        assert detail.judgements[0]["judgement"] == "Reasonable progress"  # undated: oldest
    rec_id = rec(samples_db, "5.1")[0]
    assert rows(
        samples_db,
        "SELECT j.document_id, j.judgement, j.text, l.confirmed, j.judged_on FROM judgements j "
        "JOIN judgement_links l ON l.judgement_id = j.id "
        "WHERE l.recommendation_id = ? AND j.document_id IS NULL",
        (rec_id,),
    ) == [(None, "Reasonable progress", "IMB annual report 2023", 1, None)]


# --- getting around ---------------------------------------------------------------------


async def test_search_finds_a_record_and_enter_goes_to_it(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"anti-ligature")
        await settle(app, pilot)
        assert app.screen.hits and app.screen.hits[0].no == "5.3"
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
        assert current(app).no == "5.3" and current(app).document == "Ashdown 2021"
        await pilot.press("v")
        await settle(app, pilot)
    assert rec(samples_db, "5.3")[1] == "verified"


async def test_filters_by_status_warnings_and_document(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("v", "v")
        await settle(app, pilot)
        await pilot.press("s")  # unreviewed only
        await settle(app, pilot)
        table = queue(app).table
        assert {r.review_status for r in table.records} == {"unreviewed"}
        assert (
            queue(app).page.total
            == rows(
                samples_db,
                "SELECT (SELECT COUNT(*) FROM recommendations WHERE review_status = 'unreviewed')"
                " + (SELECT COUNT(*) FROM judgements WHERE review_status = 'unreviewed'"
                " AND document_id IS NOT NULL)",
            )[0][0]
        )
        await pilot.press("s", "s", "s", "s")  # flagged, verified, rejected, all
        await pilot.press("w")
        await settle(app, pilot)
        assert table.records and all(r.warnings > 0 for r in table.records)
        assert "with warnings" in str(app.screen.query_one("#status-line").render())
        await pilot.press("w", "d")
        await settle(app, pilot)
        assert {r.document for r in table.records} == {current(app).document}


async def test_paging_moves_across_page_boundaries(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann", page_size=5)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for _ in range(12):  # pages after the first are read ahead and added below
            await pilot.press("j")
            await settle(app, pilot, 1)
        assert current(app).no == "5.13"
        assert "13/78" in str(app.screen.query_one("#status-line").render())
        queue(app).jump_to(("recommendation", rec(samples_db, "5.13")[0]))
        await settle(app, pilot)
        assert queue(app).table.records[0].no == "5.13"  # a page starting at the record
        for _ in range(3):  # the page before it is read at the top edge
            await pilot.press("k")
            await settle(app, pilot, 1)
        assert current(app).no == "5.10"


async def test_help_lists_every_binding_of_the_footer(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {c.description for c in app.screen.commands}
        for binding in QueueScreen.BINDINGS:
            assert binding.description in described
        assert "Help" in described
        await pilot.press("escape")
        await pilot.press("e", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert {"Save", "Split action", "Merge with next"} <= {
            c.description for c in app.screen.commands
        }


async def test_the_command_palette_runs_review_actions(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"reject", "enter")
        await settle(app, pilot)
    assert rec(samples_db, "5.1")[1] == "rejected"


async def test_the_palette_has_an_entry_for_every_key_of_the_screen(samples_db):
    from tui.commands import ReviewCommands

    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        provider = ReviewCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        for binding in QueueScreen.BINDINGS:
            assert any(str(t).startswith(binding.description + " (") for t in titles)
        assert any(str(t).startswith("Help (") for t in titles)


async def test_a_record_is_made_from_text_selected_in_the_source(samples_db):
    count = rows(samples_db, "SELECT COUNT(*) FROM recommendations")[0][0]
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")  # nothing selected but the record itself: refused
        await settle(app, pilot)
        await pilot.press("tab", "shift+down", "shift+down", "n")
        await settle(app, pilot)
    assert rows(samples_db, "SELECT COUNT(*) FROM recommendations")[0][0] == count + 1
    made = rows(
        samples_db,
        "SELECT position, recommendation, review_status FROM recommendations "
        "WHERE id = (SELECT MAX(id) FROM recommendations)",
    )[0]
    assert made[1] and made[2] == "unreviewed"


async def test_links_of_a_judgement_are_confirmed_on_their_screen(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")  # a recommendation: its judgements and repeat links
        await settle(app, pilot)
        assert type(app.screen).__name__ == "RepeatLinksScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)
        await goto(app, pilot, "1.29")
        judgement = current(app).id
        await pilot.press("l")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "LinksScreen"
        first = app.screen.candidates[0]["recommendation_id"]
        await pilot.press("c", "ctrl+s")
        await settle(app, pilot)
    confirmed = rows(
        samples_db,
        "SELECT recommendation_id, confirmed FROM judgement_links WHERE judgement_id = ?",
        (judgement,),
    )
    assert (first, 1) in confirmed or (first, 0) in confirmed


async def test_o_opens_the_outstanding_actions_of_the_prison(samples_db):
    if importlib.util.find_spec("tui.screens.outstanding") is None:
        pytest.xfail("tui/screens/outstanding.py is not there yet")
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OutstandingScreen"
        assert app.screen.establishment == "HMP Ashdown"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, QueueScreen)


# --- opening ---------------------------------------------------------------------------


async def test_the_reviewer_comes_from_the_environment(samples_db, monkeypatch):
    monkeypatch.setenv("HMIP_REVIEW_REVIEWER", "carol")
    app = ReviewApp(db=samples_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
    assert rec(samples_db, "5.1")[2] == "carol"


async def test_the_queue_opens_at_the_first_unreviewed_record(samples_db):
    db = open_db(samples_db)
    from store.review import changes

    for n in ("5.1", "5.2", "5.3"):
        changes.set_status(db, "ann", ("recommendation", rec(samples_db, n)[0]), "verified")
    db.close()
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert current(app).no == "5.4"
        await pilot.press("k")
        await settle(app, pilot)
        assert current(app).no == "5.3"


async def test_an_empty_database_says_how_to_import(db_path):
    open_db(db_path).close()
    app = ReviewApp(db=db_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert "hmip-review import" in str(app.screen.query_one("#source-title").render())
        await pilot.press("v", "e", "j")  # nothing to act on; nothing breaks


async def test_a_database_that_cannot_be_read_is_shown_not_raised(tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("notes\n")
    app = ReviewApp(db=not_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert "not a SQLite database" in str(app.screen.query_one("#status-line").render())


async def test_a_plan_imported_while_the_app_is_open_shows_after_reload(db_path, make_plan):
    open_db(db_path).close()
    app = ReviewApp(db=db_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        db = open_db(db_path)
        import_document(db, make_plan(), "testshire.txt")
        db.close()
        await pilot.press("r")
        await settle(app, pilot)
        assert queue(app).page.total == 4
        assert isinstance(app.screen.query_one("#status-line"), object)
        assert not isinstance(app.focused, Input)


def test_samples_fixture_imports_every_sample(tmp_path):
    path = import_samples(tmp_path / "s.db")
    assert rows(path, "SELECT COUNT(*) FROM documents")[0][0] == 7
