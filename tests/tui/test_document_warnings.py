"""A document's own warnings shown in the detail pane of every record they name."""

from __future__ import annotations

from tests.support.pilot import goto, queue, settle
from tui.app import ReviewApp
from tui.widgets.detail_pane import DetailPane

LOW = "links: Ofsted theme 1 linked to 5.15 with a low score (0.78)"
UNMATCHED = "links: Ofsted theme 3 matched no recommendation"


def pane_text(app) -> str:
    pane = queue(app).query_one(DetailPane)
    return " ".join("".join(s.text for s in strip).strip() for strip in pane._lines)


async def test_an_irp_warning_is_shown_on_the_judgement_and_the_recommendation_it_names(
    samples_db,
):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.14")
        assert LOW not in pane_text(app) and "(document)" not in pane_text(app)
        await goto(app, pilot, "5.15")  # the plan's recommendation the IRP's link names
        assert f"⚠ {LOW}" in pane_text(app) and "(document)" in pane_text(app)
        await goto(app, pilot, "1", kind="judgement")  # Ofsted theme 1
        text = pane_text(app)
        assert f"⚠ {LOW}" in text and UNMATCHED not in text
        await pilot.press("j")  # Ofsted theme 2: named by neither
        await settle(app, pilot)
        assert "(document)" not in pane_text(app)
        await pilot.press("j")  # Ofsted theme 3
        await settle(app, pilot)
        text = pane_text(app)
        assert f"⚠ {UNMATCHED}" in text and LOW not in text


async def test_moving_away_and_back_shows_the_warning_again(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "1", kind="judgement")
        await pilot.press("k", "j")  # away and back: read again, shown again
        await settle(app, pilot)
        assert f"⚠ {LOW}" in pane_text(app)


async def test_w_finds_them_and_the_warning_column_counts_them(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        shown = {
            (r.document, r.no): r.warnings
            for r in queue(app).table.records
            if r.establishment == "HMP Ashdown"
        }
        assert shown == {
            ("Ashdown 2021", "5.15"): 1,
            ("Ashdown IRP 2022", "1"): 1,
            ("Ashdown IRP 2022", "3"): 1,
        }
