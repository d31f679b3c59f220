"""The source pane always shows the span of the record the detail pane shows.

Each test checks what the pane really shows against the database read through a
connection of its own: the selected text is what the record's ``documents.text``
span shows as (paragraph markup as breaks, hard-wrapped lines reflowed:
``tui.widgets.source_text``), read back it is the stored span exactly, and the
span's first words are on the pane's first rows, not just in its header. The view
scrolled to a row of the text wrapped at one width, and after a resize the same
row was another record's text (5.13 showed 5.5's).
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from store import open_db
from store.review import changes
from tests.support.cli_runner import run
from tests.support.paths import SAMPLES
from tests.support.pilot import queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.widgets.detail_pane import DetailPane
from tui.widgets.source_pane import SourcePane, SourceText
from tui.widgets.source_text import render

TABLES = {"recommendation": "recommendations", "judgement": "judgements"}


def squash(text: str) -> str:
    """Text without its whitespace (the pane wraps lines and expands tabs)."""
    return "".join(text.split())


def pane_rows(app, count: int) -> str:
    area = queue(app).query_one(SourceText)
    return "".join(drawn_row(area, y) for y in range(count))


def drawn_row(area: SourceText, y: int) -> str:
    """Row ``y`` of the pane as drawn, without the scrollbar (nor the mark that an
    empty line is selected)."""
    text = area.render_line(y).text
    return text[: len(text) - area.styles.scrollbar_size_vertical].replace("▌", " ")


def assert_shows_its_own_span(app, db_path) -> None:
    screen = queue(app)
    row = screen.current
    assert row is not None
    assert screen.detail is not None and screen.detail.ref == row.ref  # the detail pane's record
    text, start, end = rows(
        db_path,
        f"SELECT d.text, r.span_start, r.span_end FROM {TABLES[row.kind]} r "
        "JOIN documents d ON d.id = r.document_id WHERE r.id = ?",
        (row.id,),
    )[0]
    span = text[start:end]
    area = screen.query_one(SourceText)
    shown = render(text)
    a, b = shown.shown_span(start, end)
    assert area.selected_text == shown.text[a:b]
    assert squash(area.selected_text) == squash(re.sub(r"</?p>", "", span, flags=re.I))
    assert screen.query_one(SourcePane).selected_span() == (start, end)  # stored offsets
    words = squash(re.sub(r"</?p>", "", span, flags=re.I))[:30]
    assert words in squash(pane_rows(app, 4))  # at the top, where the eye is
    title = screen.query_one("#source-title")
    drawn = "".join(strip.text for strip in title.render_lines(title.region.reset_offset))
    assert f"{start}–{end}" in drawn  # the offsets whole at any width, not cut off
    if title.size.width >= 60:
        assert f"characters {start}–{end}" in drawn


def assert_shows_no_text(app) -> None:
    screen = queue(app)
    assert screen.query_one(SourceText).text == ""
    assert squash(pane_rows(app, 4)) == ""
    assert screen.query_one(SourcePane).span is None
    assert screen.query_one(DetailPane).detail is None


async def goto(app, pilot, rec_no: str) -> None:
    for _ in range(40):
        if queue(app).current.no == rec_no:
            await settle(app, pilot)
            return
        await pilot.press("j")
        await settle(app, pilot)
    raise AssertionError(f"no record {rec_no}")


@pytest.mark.parametrize(
    ("size", "resized"), [((120, 40), (80, 24)), ((80, 24), (120, 40)), ((120, 40), (100, 30))]
)
async def test_after_a_resize_the_source_shows_the_records_span(samples_db, size, resized):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        assert_shows_its_own_span(app, samples_db)
        await pilot.resize_terminal(*resized)
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)
        await pilot.resize_terminal(*size)
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


async def test_a_resize_while_the_editor_is_open_shows_the_span_on_return(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


async def test_a_filter_that_leaves_no_record_leaves_no_source_text(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        await pilot.press("s", "s")  # flagged: nothing is
        await settle(app, pilot)
        assert queue(app).current is None
        assert_shows_no_text(app)
        assert "No records match" in str(queue(app).query_one("#source-title").render())
        await pilot.press("s", "s", "s")  # verified, rejected, all again
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


async def test_an_undo_that_empties_the_queue_leaves_no_source_text(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")  # 5.1 verified
        await settle(app, pilot)
        await pilot.press("s", "s", "s")  # only the verified: 5.1
        await settle(app, pilot)
        assert queue(app).current.no == "5.1"
        assert_shows_its_own_span(app, samples_db)
        await pilot.press("u")  # 5.1 unreviewed again: it leaves this queue
        await settle(app, pilot)
        assert queue(app).current is None
        assert_shows_no_text(app)


async def test_after_an_undo_the_source_shows_the_records_span(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        await pilot.press("tab", "shift+down", "shift+down", "n")  # a record from a selection
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)
        await pilot.press("u")  # the record made is gone again
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


async def test_a_record_gone_from_the_database_leaves_no_source_text(samples_db):
    """Another window of the same reviewer undoes the record this one lists."""
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        await pilot.press("tab", "shift+down", "shift+down", "n")
        await settle(app, pilot)
        made = queue(app).current
        db = open_db(samples_db)
        changes.undo(db, "ann")
        db.close()
        await pilot.press("j", "k")  # off the record and back: it is read again
        await settle(app, pilot)
        assert queue(app).current.ref == made.ref
        assert_shows_no_text(app)
        assert "No such record" in str(queue(app).query_one("#source-title").render())
        await pilot.press("r")
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


async def test_after_a_reparse_by_another_program_r_shows_the_records_span(samples_db):
    # as an older parser left it: 5.13's span a little off
    conn = sqlite3.connect(samples_db)
    with conn:
        conn.execute(
            "UPDATE recommendations SET span_start = span_start + 200, span_end = span_end + 200 "
            "WHERE rec_no = '5.13' AND document_id = "
            "(SELECT id FROM documents WHERE source_name LIKE 'ashdown_action_plan%')"
        )
    conn.close()
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.13")
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        result = run(
            "import", SAMPLES / "ashdown_action_plan_2021.txt", "--db", samples_db, "--reparse"
        )
        assert result.exit_code == 0, result.output
        await pilot.press("r")
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)
        assert queue(app).current.no == "5.13"
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert_shows_its_own_span(app, samples_db)


# --- readable source: markup and hard wraps shown as paragraphs, offsets stored -----------


def shown_lines(app) -> list[str]:
    """The pane's text as shown, one entry per line (before the pane wraps it)."""
    return queue(app).query_one(SourceText).text.split("\n")


async def test_a_plan_rows_paragraph_markup_shows_as_paragraphs_and_cells(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.1")
        assert_shows_its_own_span(app, samples_db)
        assert "<p>" not in pane_rows(app, 30) and "</p>" not in pane_rows(app, 30)
        lines = shown_lines(app)
        # the recommendation's two paragraphs, then each cell a block of its own
        first = next(i for i, line in enumerate(lines) if line.startswith("5.1\tKey concern"))
        assert lines[first + 1].startswith("Recommendation: Leaders should analyse")
        assert lines[first + 2 : first + 5] == ["", "Agreed", ""]
        assert lines[first + 9 : first + 12] == [
            "Head of Safety",
            "Head of Safety",
            "Deputy Governor",
        ]
        # stored text unchanged, and still what the database holds
        source = queue(app).query_one(SourcePane)
        stored = rows(samples_db, "SELECT text FROM documents WHERE id = ?", (source.document_id,))
        assert source.stored_text == stored[0][0]


async def test_an_irp_records_hard_wrapped_lines_read_as_paragraphs(samples_db):
    (judgement_id,) = rows(samples_db, "SELECT id FROM judgements WHERE ref = '2.22'")[0]
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        queue(app).jump_to(("judgement", judgement_id))
        await settle(app, pilot)
        assert queue(app).current.ref == ("judgement", judgement_id)
        assert_shows_its_own_span(app, samples_db)
        concern = next(line for line in shown_lines(app) if line.startswith("Concern: Night"))
        # one paragraph, from its first printed line to its last
        assert "observation checks that had been set" in concern
        assert concern.rstrip().endswith("completed in advance.")
        # on screen no row holds a paragraph's last few words alone
        area = queue(app).query_one(SourceText)
        drawn = [drawn_row(area, y).strip() for y in range(area.size.height)]
        assert "the records" not in drawn and "In" not in drawn


async def test_a_selection_in_the_pane_gives_stored_offsets(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.2")
        source = queue(app).query_one(SourcePane)
        area = source.text_area
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is area
        await pilot.press("down")  # from mid-paragraph, down across the next cells
        for _ in range(20):
            await pilot.press("shift+down")
            if "Agreed" in area.selected_text:
                break
        await pilot.press("shift+down", "shift+end")
        await pilot.pause()
        start, end = source.selected_span()
        stored = rows(samples_db, "SELECT text FROM documents WHERE id = ?", (source.document_id,))
        selected = stored[0][0][start:end]
        assert squash(re.sub(r"</?p>", "", selected, flags=re.I)) == squash(area.selected_text)
        assert "Agreed" in area.selected_text  # the selection crossed cells and paragraphs
        assert "\t<p>" in selected or "</p>" in selected


@pytest.mark.parametrize(
    ("size", "wanted"),
    [
        ((120, 40), "Source · Ashdown IRP 2022 · characters {start}–{end}"),
        ((80, 24), "Source · Ashdown IRP 2022 · {start}–{end}"),
    ],
)
async def test_the_title_names_the_document_and_span_whole_at_80_and_120(samples_db, size, wanted):
    """At 80 columns 'Source · Ashdown IRP 2022 · characters 12634–13805' was cut to
    its first 44 columns, '… characters 12634': the title now drops the word
    'characters', never the numbers."""
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for _ in range(40):
            row = queue(app).current
            if row.kind == "judgement" and row.no == "1":
                break
            await pilot.press("j")
            await settle(app, pilot)
        ((start, end),) = rows(
            samples_db,
            "SELECT span_start, span_end FROM judgements WHERE id = ?",
            (queue(app).current.id,),
        )
        title = queue(app).query_one("#source-title")
        drawn = "".join(strip.text for strip in title.render_lines(title.region.reset_offset))
        assert drawn.strip() == wanted.format(start=start, end=end)
        assert title.size.height == 1


async def test_a_document_without_records_says_how_to_make_one_in_full_at_80(db_path):
    """Its title, too long for 80 columns, wraps rather than losing 'then n'."""
    from tests.tui.test_no_records_document import import_both

    import_both(db_path)
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press(*"thorn", "enter")
        await settle(app, pilot, 5)
        title = queue(app).query_one("#source-title")
        drawn = " ".join(
            strip.text.strip() for strip in title.render_lines(title.region.reset_offset)
        )
        assert " ".join(drawn.split()) == (
            "No records: select a missed record's text (tab, shift+arrows), then n"
        )
