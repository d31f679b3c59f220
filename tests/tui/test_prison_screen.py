"""The prison screen: an establishment's documents, repeat chains and charts, by keyboard."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.pilot import settle
from tests.support.prison_db import ESTABLISHMENT, prison_db
from tests.support.review_db import rows
from tui.app import ReviewApp
from tui.screens.prison import ChartsGrid, PrisonScreen
from tui.widgets.charts import BarChart, TimelineChart

AS_OF = date(2024, 1, 1)


@pytest.fixture
def testshire(db_path):
    return prison_db(db_path)


async def opened(app, pilot, db_path, name="testshire", **kwargs) -> PrisonScreen:
    await settle(app, pilot)
    result: list = []
    screen = PrisonScreen(db_path, name, as_of=AS_OF, **kwargs)
    app.push_screen(screen, result.append)
    await settle(app, pilot)
    screen.result = result  # what it was dismissed with
    return screen


def option_texts(screen, list_id: str) -> list[tuple[str | None, str]]:
    options = screen.query_one(list_id)
    return [
        (options.get_option_at_index(i).id, str(options.get_option_at_index(i).prompt))
        for i in range(options.option_count)
    ]


async def test_documents_in_time_order_with_the_counts_the_database_holds(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire)
        documents = option_texts(screen, "#prison-documents")
        expected = rows(
            testshire,
            "SELECT id, kind, substr(published, 1, 4) FROM documents WHERE establishment = ? "
            "ORDER BY published",
            (ESTABLISHMENT,),
        )
        assert [d[0] for d in documents] == [f"document:{id_}" for id_, _, _ in expected]
        for (_, text), (id_, kind, year) in zip(documents, expected, strict=True):
            assert text.startswith(year)
            if kind == "action_plan":
                (recs,) = rows(
                    testshire,
                    "SELECT COUNT(*) FROM recommendations WHERE document_id = ?",
                    (id_,),
                )[0]
                (overdue,) = rows(
                    testshire,
                    "SELECT COUNT(*) FROM outstanding_actions WHERE document_id = ? "
                    "AND target_date < ?",
                    (id_, AS_OF.isoformat()),
                )[0]
                assert f"{recs} recommendations: {recs} agreed" in text
                assert f"{overdue} overdue" in text
                assert f"reviewed 0/{recs}" in text
            else:
                assert "2 judgements: 1 insufficient, 1 reasonable" in text
        assert "3 action plans, 1 IRP report" in str(
            screen.query_one("#prison-documents-heading").render()
        )


async def test_chains_mark_each_link_confirmed_or_unconfirmed(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire)
        chains = option_texts(screen, "#prison-chains")
        texts = [text for _, text in chains]
        assert texts[0].startswith("Chain 1: 3 plans, 2015–2021 · 1 unconfirmed link")
        assert texts[1].strip().startswith("2015 2.1")  # the first has no link before it
        assert "confirmed" not in texts[1]
        assert "2018 1.1" in texts[2] and texts[2].endswith("confirmed")
        assert "2021 5.8" in texts[3] and "unconfirmed 0.9" in texts[3]
        assert "ref 3.27" in texts[3] and "IRP: Insufficient (unconfirmed link 1.00)" in texts[3]
        (links,) = rows(testshire, "SELECT COUNT(*) FROM repeat_links")[0]
        assert sum(1 for id_, _ in chains if id_) == links + 2  # two chains: links + starts


async def test_charts_are_fed_from_the_report(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire)
        agreement = screen.query_one("#agreement-chart", BarChart).data
        assert agreement.labels == ("2015", "2018", "2021")
        assert agreement.totals == [2, 4, 4]
        actions = screen.query_one("#action-chart", BarChart).data
        overdue = next(s for s in actions.series if s.name == "overdue")
        assert overdue.values == (2, 4, 4)  # every target before 2024 is past
        judgements = screen.query_one("#judgement-chart", BarChart).data
        assert judgements.labels == ("Insufficient", "Reasonable")
        assert [s.values for s in judgements.series] == [(1, 1)]
        timeline = screen.query_one("#timeline-chart", TimelineChart).data
        assert [(p.row, p.label) for p in timeline.points] == [
            ("plans", "2015"),
            ("plans", "2018"),
            ("plans", "2021"),
            ("IRPs", "2022"),
        ]


async def test_tab_moves_between_the_parts_and_escape_closes(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot, testshire)
        assert app.focused.id == "prison-documents"
        await pilot.press("tab")
        assert app.focused.id == "prison-chains"
        await pilot.press("tab")
        assert isinstance(app.focused, ChartsGrid)
        body = screen.query_one("#prison-body")
        assert body.scroll_y > 0  # scrolled down to the charts
        await pilot.press("tab")
        assert app.focused.id == "prison-documents"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is not screen
        assert screen.result == [None]


async def test_enter_on_a_chain_link_or_a_document_says_which(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire)
        await pilot.press("tab", "j", "enter")  # the chain's second item: 2018 1.1
        await settle(app, pilot)
        ((kind, rec_id),) = screen.result
        assert kind == "recommendation"
        assert rows(testshire, "SELECT rec_no FROM recommendations WHERE id = ?", (rec_id,)) == [
            ("1.1",)
        ]
        screen = await opened(app, pilot, testshire)
        await pilot.press("down", "enter")  # the second document: the 2018 plan
        await settle(app, pilot)
        ((kind, doc_id),) = screen.result
        assert kind == "document"
        assert rows(
            testshire, "SELECT substr(published, 1, 4) FROM documents WHERE id = ?", (doc_id,)
        ) == [("2018",)]


async def test_a_name_that_matches_no_prison_says_so(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire, name="nowhere")
        status = str(screen.query_one("#prison-status").render())
        assert "No documents of a prison matching “nowhere”" in status


async def test_a_prison_with_no_irp_and_no_repeats_says_so_in_words(db_path, make_plan):
    from store import import_document, open_db

    db = open_db(db_path)
    import_document(db, make_plan("plan"), "plan.txt")
    db.close()
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, db_path)
        chains = option_texts(screen, "#prison-chains")
        assert chains == [(None, "No recommendation of this prison is printed as repeated.")]
        judgements = screen.query_one("#judgement-chart", BarChart)
        assert judgements.data.is_empty
        assert "no IRP report of this prison" in str(judgements.query_one(".chart-empty").render())


async def test_h_on_a_record_opens_its_prison_and_enter_goes_to_a_chain_link(testshire):
    from tests.support.pilot import current, goto

    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.8")
        await pilot.press("h")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PrisonScreen)
        assert screen.report.establishment == ESTABLISHMENT
        chains = screen.query_one("#prison-chains")
        highlighted = chains.get_option_at_index(chains.highlighted)
        assert "2021 5.8" in str(highlighted.prompt)  # the chain of the record it came from
        await pilot.press("tab", "up", "up", "enter")  # 2015's 2.1, first of that chain
        await settle(app, pilot)
        assert app.screen is not screen
        row = current(app)
        assert (row.no, row.document) == ("2.1", "Testshire 2015")


async def test_enter_on_a_document_opens_its_queue(testshire):
    from tests.support.pilot import current

    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")  # the 2021 plan
        await settle(app, pilot)
        queue_screen = app.screen
        assert queue_screen.queue_query.document_id is not None
        assert current(app).document == "Testshire 2021"


async def test_the_prison_picker_opens_the_prison_screen_with_ctrl_o(testshire):
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await settle(app, pilot)
        await pilot.press(*"tests", "ctrl+o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PrisonScreen)
        assert screen.report.establishment == ESTABLISHMENT


async def test_a_chain_judgement_through_a_confirmed_link_is_not_marked(testshire):
    from store import open_db
    from store.review.judgement_changes import save_links
    from tests.support.prison_db import rec_id

    (judgement,) = rows(testshire, "SELECT id FROM judgements WHERE ref = '3.27'")[0]
    db = open_db(testshire)
    try:
        save_links(db, "ann", judgement, {rec_id(db, 2021, "5.8"): True})
    finally:
        db.close()
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot, testshire)
        line = next(t for _, t in option_texts(screen, "#prison-chains") if "2021 5.8" in t)
        assert "IRP: Insufficient" in line and "unconfirmed link" not in line


async def test_at_80_columns_a_long_chain_line_breaks_between_its_parts(testshire):
    """At 80x24 the 2021 link (judged through an unconfirmed link, itself unconfirmed)
    is wider than the list: it breaks at a ' · ', the rest indented under it, each part
    whole; at 120 columns it is one line again, and enter still goes to that record."""
    app = ReviewApp(db=testshire, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot, testshire)
        chains = screen.query_one("#prison-chains")
        (text,) = [t for _, t in option_texts(screen, "#prison-chains") if "2021 5.8" in t]
        lines = text.split("\n")
        assert len(lines) == 2, lines
        assert all(len(line) <= chains.content_region.width for line in lines)
        assert lines[1].startswith("      ") and not lines[1].startswith("       ")
        assert "IRP: Insufficient (unconfirmed link 1.00)" in text
        assert "unconfirmed 0.9" in lines[1]  # the link to 2018's 1.1, after the judgement
        # the wrapped option takes two rows and nothing is cut at the right
        assert chains.max_scroll_x == 0
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        (wide,) = [t for _, t in option_texts(screen, "#prison-chains") if "2021 5.8" in t]
        assert "\n" not in wide
        assert wide == " · ".join(line.strip() for line in lines).replace("↳", "  ↳", 1)
        await pilot.press("tab", "j", "j", "enter")  # the chain's third item, after the resize
        await settle(app, pilot)
        ((kind, rec_id),) = screen.result
        assert kind == "recommendation"
        assert rows(testshire, "SELECT rec_no FROM recommendations WHERE id = ?", (rec_id,)) == [
            ("5.8",)
        ]
