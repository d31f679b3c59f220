"""Finding the keys: the footer at 80 columns, the help screen and the palette."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.support.pilot import settle
from tui.app import ReviewApp
from tui.screens.help import HelpScreen

SIZES = [(80, 24), (120, 40)]


def footer_keys(app, screen=None) -> list[str]:
    """The keys the footer of ``screen`` (the one in front) shows whole, left to right."""
    width = app.size.width
    keys = [
        k
        for k in (screen or app.screen).query(FooterKey)
        if k.display and k.region.width and k.region.right <= width
    ]
    return [k.key_display for k in sorted(keys, key=lambda k: k.region.x)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_always_shows_help_and_quit(samples_db, size):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        shown = footer_keys(app)
        assert shown[:4] == ["v", "f", "x", "e"]
        assert shown[-3:] == ["?", "q", "^p"]
        assert "1–5" in shown  # the judge keys as one entry
        for key in app.screen.query(FooterKey):  # no key cut in half
            assert not key.display or key.region.right <= size[0]
        await pilot.press("question_mark")  # and ? really opens help
        assert isinstance(app.screen, HelpScreen)
        await settle(app, pilot)  # the footer under it, drawn again, still fits
        under = app.screen_stack[-2]
        assert footer_keys(app, under)[-3:] == ["?", "q", "^p"]
        for key in under.query(FooterKey):
            assert not key.display or key.region.right <= size[0]


async def test_help_lists_every_key_once(samples_db):
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [k for row in app.screen.rows for k in row.key_text.split(" / ")]
        assert len(keys) == len(set(keys)), keys
        for key in ("?", "^p", "⏎", "↓", "↑", "j", "k", "v", "u", "q", "1–5"):
            assert key in keys
        for alone in ("1", "2", "3", "4", "5"):
            assert alone not in keys  # judged on one line: 1–5
        text = " ".join(f"{r.description} {r.tooltip}" for r in app.screen.rows)
        assert "Judge 5" not in text and "no scale has five levels" not in text
        assert "4 HMIP Good progress" in text


async def test_the_palette_finds_a_command_by_a_word_of_its_description(samples_db):
    from tui.commands import ReviewCommands
    from tui.screens.outstanding import OutstandingScreen

    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        provider = ReviewCommands(app.screen)
        found = [str(hit.text) async for hit in provider.search("overdue")]
        # the outstanding screen by a word of its tooltip, the queue's overdue filter (t)
        assert any(f.startswith("Outstanding (o)") for f in found)
        assert any(f.startswith("Only with an overdue action (t)") for f in found)
        found = [str(hit.text) async for hit in provider.search("days overdue")]
        assert found and found[0].startswith("Outstanding (o)")
        await pilot.press("ctrl+p", *"days overdue")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, OutstandingScreen)
