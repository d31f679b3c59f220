"""The detail pane's repeat chain line: where a recommendation was first made and repeated."""

from __future__ import annotations

import io

from rich.console import Console

from store import open_db
from store.reports.prison import ChainLink
from store.review.records import record_detail
from tests.support.pilot import current, goto, queue, settle
from tests.support.prison_db import prison_db, rec_id
from tui.app import ReviewApp
from tui.widgets.chain_line import Chain, ChainJudgement, chain_line, read_chain
from tui.widgets.detail_pane import DetailPane, render_detail


def pane_text(app) -> str:
    pane = queue(app).query_one(DetailPane)
    return " ".join(" ".join(line.text for line in pane._lines).split())  # unwrapped


def link(rec_id: int, year: int, ref: str, confirmed: bool | None) -> ChainLink:
    return ChainLink(rec_id, year, f"{ref}x", ref, f"{year}-05-01", year, "Agreed", None, confirmed)


def test_the_line_names_each_plan_this_record_and_unconfirmed_links():
    chain = Chain(
        [link(1, 2015, "1.22", None), link(2, 2018, "1.35", True), link(3, 2021, "6.11", False)],
        ChainJudgement("Insufficient progress", "2022", by_hand=False, confirmed=True),
    )
    assert chain_line(chain, 2).plain == (
        "Repeat chain: first recommended 2015 (1.22), repeated 2018 (1.35, this record) "
        "and 2021 (6.11, unconfirmed); IRP 2022: insufficient progress"
    )
    two = Chain([link(1, 2015, "1.22", None), link(2, 2018, "1.35", False)], None)
    assert chain_line(two, 1).plain == (
        "Repeat chain: first recommended 2015 (1.22, this record), repeated 2018 (1.35, "
        "unconfirmed); no progress judgement yet"
    )


def test_read_chain_gives_the_latest_judgement_and_whether_its_link_is_confirmed(db_path):
    prison_db(db_path)
    db = open_db(db_path)
    try:
        middle = rec_id(db, 2018, "1.1")
        chain = read_chain(db, middle)
        assert [(x.year, x.ref) for x in chain.links] == [
            (2015, "2.30"),
            (2018, "1.22"),
            (2021, "3.27"),
        ]
        assert chain.judgement == ChainJudgement(
            "Insufficient progress", "2022", by_hand=False, confirmed=False, score=1.0
        )
        assert read_chain(db, rec_id(db, 2021, "5.12")) is None  # repeats nothing
        detail = record_detail(db, "recommendation", middle)
    finally:
        db.close()
    rendered = render_detail(detail, (), chain)
    console = Console(width=200, record=True)
    console.print(rendered)
    shown = console.export_text()
    assert (
        "Repeat chain: first recommended 2015 (2.30), repeated 2018 (1.22, this record) and "
        "2021 (3.27, unconfirmed); IRP 2022: insufficient progress (unconfirmed link 1.00)"
    ) in shown


async def test_the_pane_shows_the_chain_of_the_current_record_and_none_elsewhere(db_path):
    prison_db(db_path)
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.8")
        await settle(app, pilot)
        text = pane_text(app)
        assert "repeated 2018 (1.22) and 2021 (3.27, this record, unconfirmed)" in text
        assert "IRP 2022: insufficient progress (unconfirmed link 1.00)" in text
        await goto(app, pilot, "5.12")  # in no chain
        await settle(app, pilot)
        assert current(app).no == "5.12"
        assert "Repeat chain" not in pane_text(app)


def test_a_narrow_pane_wraps_the_line_between_plans_never_inside_a_note():
    import re

    from rich.console import Group

    chain = Chain(
        [link(1, 2013, "2.48", None), link(2, 2016, "2.66", False), link(3, 2019, "2.61", False)],
        ChainJudgement("Insufficient progress", "2021", by_hand=False, confirmed=False, score=1.0),
    )
    line = chain_line(chain, 3)
    notes = re.findall(r"\d{4} \([^)]*\)|\(unconfirmed link [^)]*\)", line.plain)
    assert notes == [
        "2013 (2.48)",
        "2016 (2.66, unconfirmed)",
        "2019 (2.61, this record, unconfirmed)",
        "(unconfirmed link 1.00)",
    ]
    for width in range(38, 121):  # the detail pane at 80 columns is about 42 wide
        console = Console(width=width, record=True, color_system=None, file=io.StringIO())
        console.print(Group(line))
        lines = console.export_text().splitlines()
        assert all(len(x) <= width for x in lines)
        assert " ".join(" ".join(lines).split()) == line.plain  # nothing lost or added
        for note in notes:
            assert any(note in x for x in lines), (width, note, lines)


async def test_at_80x24_the_pane_keeps_each_plans_note_on_one_line(db_path):
    prison_db(db_path)
    app = ReviewApp(db=db_path, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await goto(app, pilot, "5.8")
        await settle(app, pilot)
        lines = [line.text for line in queue(app).query_one(DetailPane)._lines]
        assert any("2021 (3.27, this record, unconfirmed)" in x for x in lines), lines
        assert any("(unconfirmed link 1.00)" in x for x in lines), lines


def test_a_rejected_later_judgement_is_not_the_chains_judgement(db_path):
    """The line's judgement is the one the prison screen and the view
    recommendation_progress call the latest: a judgement rejected as a parsing
    artefact is never it, however late its date."""
    prison_db(db_path)
    db = open_db(db_path)
    try:
        last = rec_id(db, 2021, "5.8")
        db.execute(
            "INSERT INTO judgements (document_id, inspectorate, judgement, review_status, "
            "judged_on, text) VALUES (NULL, 'HMIP', 'Good progress', 'rejected', "
            "'2023-05-01', 'a stray line')"
        )
        (judgement_id,) = db.execute("SELECT MAX(id) FROM judgements").fetchone()
        db.execute(
            "INSERT INTO judgement_links (judgement_id, recommendation_id, score, confirmed) "
            "VALUES (?, ?, NULL, 1)",
            [judgement_id, last],
        )
        chain = read_chain(db, rec_id(db, 2018, "1.1"))
        # not rejected, the judgement recorded by hand in 2023 is the latest
        db.execute(
            "UPDATE judgements SET review_status = 'unreviewed' WHERE id = ?", [judgement_id]
        )
        by_hand = read_chain(db, last)
    finally:
        db.close()
    assert chain.links[-1].judgement == "Insufficient progress"
    assert chain.judgement == ChainJudgement(
        "Insufficient progress", "2022", by_hand=False, confirmed=False, score=1.0
    )
    assert by_hand.judgement == ChainJudgement(
        "Good progress", "2023", by_hand=True, confirmed=True, score=None
    )
    assert chain_line(by_hand, last).plain.endswith("; recorded by hand 2023: good progress")


def test_a_judgement_whose_value_was_not_read_is_shown_unreadable_not_as_no_judgement(db_path):
    """Trust: the chain's latest judgement with no value read says 'unreadable' (or 'not
    assessed' when the report says so) on the line, the prison screen and the command,
    never 'not judged'."""
    from store.reports.prison import NOT_ASSESSED, UNREADABLE
    from tui.screens.prison_content import link_line

    prison_db(db_path)
    db = open_db(db_path)
    try:
        last = rec_id(db, 2021, "5.8")
        (judgement_id,) = db.execute(
            "SELECT judgement_id FROM judgement_links WHERE recommendation_id = ?", [last]
        ).fetchone()
        db.execute("UPDATE judgements SET judgement = NULL WHERE id = ?", [judgement_id])
        unread = read_chain(db, last)
        db.execute("UPDATE judgements SET not_assessed = 1 WHERE id = ?", [judgement_id])
        not_assessed = read_chain(db, last)
    finally:
        db.close()
    assert unread.links[-1].judgement == UNREADABLE
    assert chain_line(unread, last).plain.endswith("; IRP 2022: unreadable (unconfirmed link 1.00)")
    assert "IRP: unreadable (unconfirmed link 1.00)" in link_line(unread.links[-1], False).plain
    assert unread.links[-1].as_dict()["judgement"] == UNREADABLE
    assert not_assessed.links[-1].judgement == NOT_ASSESSED
    assert [x.judgement for x in unread.links[:-1]] == [None, None]  # truly not judged
