"""The outstanding screen (o) at 80 and 120 columns: the number, owner, target, days
overdue, latest judgement and review status always in sight without scrolling
sideways, the recommendation's words cut to what is left, and the highlighted row's
values in full under the table, as the database holds them."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable

from store import open_db
from store.reports.outstanding import outstanding
from tests.support.pilot import settle
from tests.tui.test_outstanding_screen import Host
from tui.screens.outstanding import OutstandingScreen
from tui.widgets.cell_text import RowStrip

MUST_SHOW = ("rec", "owner", "target", "days overdue", "IRP judgement", "review")


def lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at its words in a column ``width`` wide."""
    return len(Text(text).wrap(Console(), width))


def strip_text(screen) -> str:
    return " ".join(str(screen.query_one("#outstanding-strip", RowStrip).render()).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_columns_that_matter_always_fit(samples_db, size):
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        widths = {str(c.label): c.width for c in table.columns.values()}
        assert set(MUST_SHOW) <= set(widths)
        assert table.max_scroll_x == 0  # nothing off to the side
        assert widths["review"] >= len("unreviewed") and widths["IRP judgement"] >= 12
        if size[0] >= 120:
            assert "agreement" in widths
        assert table.size.width >= sum(widths.values()) + 2 * table.cell_padding * len(widths)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_highlighted_rows_values_show_in_full_under_the_table(samples_db, size):
    db = open_db(samples_db)
    actions = outstanding(db, "ashdown").actions
    db.close()
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for row in (0, 2):
            action = actions[row]
            shown = strip_text(app.screen)
            assert shown.startswith(f"{action.rec_no} {action.summary}")  # not cut
            assert f"target {action.target} → {action.target_date}" in shown
            # the judgement's date and its link's score: at 80 columns only here
            assert f"{action.judgement} ({action.judgement_date})" in shown
            assert action.link_note() in shown  # unconfirmed, with its score
            if size[0] >= 120:  # at 80 the cells show these whole (they wrap)
                assert f"owner {action.owner}" in shown
                assert f"{action.days_overdue} days overdue" in shown
            await pilot.press("j", "j")
            await settle(app, pilot)


async def test_at_80_columns_a_row_is_two_lines_and_still_says_unconfirmed(samples_db):
    """At 80x24 the judgement cell is the scale's short word and 'unconfirmed' (its score
    in the lines under the table), so a row is two lines tall and twice as many rows
    show: before, 'Reasonable / progress / (unconfirmed / link 1.00)' made it four."""
    db = open_db(samples_db)
    actions = outstanding(db, "ashdown").actions
    db.close()
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        width = {c.key.value: c.width for c in table.columns.values()}
        names = list(width)
        rows = list(table.rows.values())
        assert len(rows) == len(actions)
        unconfirmed = 0
        for row, action in zip(rows, actions, strict=True):
            cells = dict(zip(names, table.get_row(row.key), strict=True))
            judgement = str(cells["IRP judgement"])
            if action.judgement and action.link_note():
                unconfirmed += 1
                assert judgement.endswith(" unconfirmed")
                assert judgement.split()[0] == action.judgement.split()[0]
            else:
                assert "unconfirmed" not in judgement
            assert lines(judgement, width["IRP judgement"]) <= 2
            tallest = max(lines(str(cells[name]), width[name]) for name in ("owner", "target"))
            assert row.height <= max(2, tallest), (action.rec_no, action.owner, judgement)
        assert unconfirmed >= 10  # Ashdown's judgements come through links nobody confirmed
        first = actions[0]
        assert first.link_note() in strip_text(app.screen)  # the score, in full below


@pytest.mark.parametrize(
    ("size", "wanted"),
    [
        (
            (80, 24),
            "HMP Ashdown: 18 outstanding, {overdue} overdue as of {day} · plan of 2021-08-03",
        ),
        (
            (120, 40),
            "HMP Ashdown: 18 outstanding actions, {overdue} overdue as of {day} · action plan "
            "published 2021-08-03",
        ),
    ],
)
async def test_the_title_is_one_line_at_80_and_120(samples_db, size, wanted):
    """At 80 columns the title took two lines ('… · action plan' / 'published …')."""
    db = open_db(samples_db)
    result = outstanding(db, "ashdown")
    db.close()
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        title = app.screen.query_one("#outstanding-title")
        assert title.size.height == 1
        assert str(title.render()) == wanted.format(
            overdue=result.overdue_count, day=result.as_of.isoformat()
        )
