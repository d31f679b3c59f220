"""The queue at any width: the ⚠ column always shows, a cut document name keeps what
tells it apart, and the two lines under the table show the highlighted row in full.

What the table shows is read from its drawn lines and checked against the database.
"""

from __future__ import annotations

import pytest

from tests.support.pilot import goto, queue, settle
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.widgets.queue_cells import COLUMNS, columns
from tui.widgets.queue_table import QueueTable


def drawn(table: QueueTable) -> list[str]:
    width = table.scrollable_content_region.width
    return [table.render_line(y).text[:width] for y in range(table.size.height)]


def cell(table: QueueTable, line: str, label: str) -> str:
    widths = columns(table.scrollable_content_region.width)
    index = [name for name, _ in COLUMNS].index(label)
    start = sum(widths[:index])
    return line[start : start + widths[index]].strip()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_warning_column_shows_at_any_width(samples_db, size):
    (count,) = rows(
        samples_db,
        "SELECT json_array_length(r.warnings) FROM recommendations r JOIN documents d "
        "ON d.id = r.document_id WHERE d.source_name LIKE 'ashdown_action_plan_2021%' "
        "AND r.rec_no = '5.15'",
    )[0]
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.15")
        table = queue(app).query_one(QueueTable)
        lines = drawn(table)
        assert cell(table, lines[0], "⚠") == "⚠"
        row = next(line for line in lines[1:] if cell(table, line, "no") == "5.15")
        assert cell(table, row, "⚠") == str(queue(app).current.warnings)
        assert queue(app).current.warnings >= max(1, count)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_highlighted_rows_values_show_in_full_under_the_queue(samples_db, size):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "1.33", kind="judgement")
        row = queue(app).current
        establishment, judgement, published = rows(
            samples_db,
            "SELECT d.establishment, j.judgement, d.published FROM judgements j "
            "JOIN documents d ON d.id = j.document_id WHERE j.id = ?",
            (row.id,),
        )[0]
        table = queue(app).query_one(QueueTable)
        first, second = (line.strip() for line in drawn(table)[-2:])
        assert first.startswith(f"{establishment.split()[-1]} IRP {published[:4]}")
        assert f"1.33 {judgement}" in first + " " + second  # 'No meaningful progress', not cut
        if size[0] >= 120:  # and the rest, where there is room
            assert establishment in second
        else:
            assert second.endswith("…")  # the rest cut, and said to be
        await pilot.press("k")  # the strip follows the cursor
        await settle(app, pilot)
        now = queue(app).current
        assert f"{now.no} {now.value}" in " ".join(drawn(table)[-2:])
