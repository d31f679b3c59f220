"""Database work off the UI thread: the one helper every screen's workers share.

A screen never touches SQLite itself. It starts a thread worker
(``@work(thread=True)``) whose body calls ``run_and_post``, which does what every
such worker must, in one place:

* opens a connection of its own (a SQLite connection belongs to the thread that
  opened it) with ``store.open_db(path, create=False)``, and closes it after;
* runs ``job(db)``, which calls ``store`` and returns the message to post (or
  ``None`` for nothing);
* turns a database that fails, ``StoreError`` or any ``sqlite3.Error`` (locked,
  corrupt, a table missing), into the message ``on_error(reason)`` returns, the
  reason in words a user can act on, so the screen shows it instead of the
  worker dying with a traceback;
* posts the message to the screen, unless the worker has been cancelled (an
  exclusive worker replaced by a newer one, or the screen closing), so that a
  stale answer never reaches a handler.

The ``@work`` decorator stays on the screen's method, where its group and
``exclusive`` flag are read with the rest of the screen::

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        run_and_post(
            self,
            self.db_path,
            lambda db: self.Found(text, search_records(db, text)),
            on_error=lambda reason: self.Found(text, None, reason),
        )
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from store import StoreError, open_db
from store.db import describe_sqlite_error

if TYPE_CHECKING:
    from sqlite_utils import Database


def run_and_post(
    target: MessagePump,
    db_path: str | Path,
    job: Callable[[Database], Message | None],
    on_error: Callable[[str], Message],
) -> None:
    """In a thread worker: run ``job(db)`` on a connection of this thread's own and
    post the message it returns (or ``on_error(reason)`` if the database fails) to
    ``target``, unless the worker has been cancelled meanwhile.

    Errors other than the database's (a bug in ``job``) are not caught: they end
    the worker as any bug would.
    """
    message: Message | None
    try:
        db = open_db(db_path, create=False)
        try:
            message = job(db)
        finally:
            db.close()
    except StoreError as exc:
        message = on_error(str(exc))
    except sqlite3.Error as exc:
        message = on_error(describe_sqlite_error(exc))
    if message is not None and not get_current_worker().is_cancelled:
        target.post_message(message)
