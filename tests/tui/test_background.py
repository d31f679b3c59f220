"""A database that fails while a screen reads it is shown to the user, never raised.

Every screen that reads does so through ``tui.background.run_and_post``; here
each one is opened on a database whose ``documents`` table has been dropped
behind its back (the file opens, then the read fails with SQLite's "no such
table"), and on a file that is not a database at all. Below them, the helper
itself: the message is posted, a failure becomes the screen's own message, and
nothing is posted once the worker has been cancelled.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from textual import on, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from store import open_db
from store.domain import JUDGEMENT
from store.review.records import record_detail
from tests.support.pilot import settle
from tui.app import ReviewApp
from tui.background import run_and_post
from tui.screens.links import LinksScreen
from tui.screens.outstanding import OutstandingScreen
from tui.screens.search import SearchScreen

NO_TABLE = "no such table: documents"


class Host(App[None]):
    """A bare app that opens one screen over its own, as the review app's keys do."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.opened = screen

    def on_mount(self) -> None:
        self.push_screen(self.opened)


def drop_documents(db_path: Path) -> None:
    """Break the file the way another program could: it opens, but every read fails."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("DROP TABLE documents")
        conn.commit()
    finally:
        conn.close()


def errors(app: App) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


# --- every screen that reads ------------------------------------------------------------


async def test_the_outstanding_screen_shows_a_failing_read_instead_of_crashing(
    samples_db,
):
    drop_documents(samples_db)
    app = Host(OutstandingScreen(samples_db, "ashdown"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OutstandingScreen)
        status = app.screen.query_one("#outstanding-status", Static)
        assert str(status.content) == f"error: {NO_TABLE}"
        assert status.has_class("-error")
        await pilot.press("o")  # and the screen still answers its keys
        await settle(app, pilot)
        assert str(status.content) == f"error: {NO_TABLE}"


async def test_the_outstanding_screen_on_a_file_that_is_not_a_database(tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("notes\n")
    app = Host(OutstandingScreen(not_db, "ashdown"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        status = str(app.screen.query_one("#outstanding-status", Static).content)
        assert status == f"error: {not_db}: not a SQLite database"


async def test_the_search_screen_shows_a_failing_read(samples_db):
    drop_documents(samples_db)
    app = Host(SearchScreen(samples_db))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("c", "a", "r", "e")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == "care"
        status = app.screen.query_one("#search-status", Static)
        assert f"error: {NO_TABLE}" in str(status.render())


async def test_the_links_screen_shows_a_failing_read(samples_db):
    db = open_db(samples_db)
    judgement_id = db.execute("SELECT id FROM judgements ORDER BY id LIMIT 1").fetchone()[0]
    detail = record_detail(db, JUDGEMENT, judgement_id)
    db.close()
    drop_documents(samples_db)
    app = Host(LinksScreen(samples_db, detail))
    async with app.run_test(notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LinksScreen)
        assert errors(app) == [NO_TABLE]


async def test_the_queue_shows_a_failing_read(samples_db):
    drop_documents(samples_db)
    app = ReviewApp(db=samples_db, reviewer="ann")
    async with app.run_test(notifications=True) as pilot:
        await settle(app, pilot)
        line = app.screen.query_one("#status-line", Static)
        assert str(line.render()) == f"error: {NO_TABLE}"
        assert errors(app) == [NO_TABLE]
        await pilot.press("j", "v")  # nothing to act on; nothing breaks
        await settle(app, pilot)


# --- the helper itself ------------------------------------------------------------------


class Answer(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Runner(App[None]):
    """Runs ``run_and_post`` in a thread worker and keeps what it posts back."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.answers: list[str] = []
        self.finished = threading.Event()  # run_and_post has returned

    @work(thread=True, exclusive=True, group="read")
    def read(self, job) -> None:
        try:
            run_and_post(
                self, self.db_path, job, on_error=lambda reason: Answer(f"error: {reason}")
            )
        finally:
            self.finished.set()

    @on(Answer)
    def keep(self, message: Answer) -> None:
        self.answers.append(message.text)


async def finish(app: Runner, pilot) -> None:
    assert await asyncio.to_thread(app.finished.wait, 10)
    await settle(app, pilot)


async def test_the_helper_posts_what_the_job_returns_and_closes_the_connection(
    samples_db,
):
    app = Runner(samples_db)
    used = []

    def job(db):
        used.append(db)
        return Answer(str(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]))

    async with app.run_test() as pilot:
        app.read(job)
        await finish(app, pilot)
    assert app.answers == ["7"]  # the .txt samples: 7 documents
    with pytest.raises(sqlite3.ProgrammingError):
        used[0].execute("SELECT 1")  # closed once the job was done


async def test_the_helper_turns_a_database_error_into_the_screens_message(
    samples_db,
):
    app = Runner(samples_db)
    async with app.run_test() as pilot:
        app.read(lambda db: Answer(str(db.execute("SELECT * FROM nowhere").fetchall())))
        await finish(app, pilot)
    assert app.answers == ["error: no such table: nowhere"]


async def test_the_helper_posts_nothing_for_a_job_that_returns_nothing(samples_db):
    app = Runner(samples_db)
    async with app.run_test() as pilot:
        app.read(lambda db: None)
        await finish(app, pilot)
    assert app.answers == []


async def test_the_helper_posts_nothing_once_its_worker_is_cancelled(samples_db):
    app = Runner(samples_db)
    started, go_on = threading.Event(), threading.Event()

    def slow_job(db):
        started.set()
        assert go_on.wait(10)
        return Answer("stale")

    async with app.run_test() as pilot:
        worker = app.read(slow_job)
        assert await asyncio.to_thread(started.wait, 10)
        worker.cancel()  # as a newer exclusive worker or a closing screen does
        go_on.set()
        await finish(app, pilot)
    assert app.answers == []
