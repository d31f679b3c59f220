"""The database every command works on: the ``--db`` option, the file it means, opening it;
and ``DayParam``, the ``--as-of`` day of ``outstanding``, ``prison`` and ``stats``.

Loaded at start-up by each command that takes ``--db`` (``hmip-review
outstanding`` too), so it imports click and ``store.errors`` only: pathlib,
sqlite-utils and rich are imported when a path is made, a database opened or
an error printed.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from tui.cli.output import note

if TYPE_CHECKING:
    from pathlib import Path

    import sqlite_utils

DB_ENV = "HMIP_REVIEW_DB"
DEFAULT_DB = "hmip-review.db"


def db_option(func):
    """``--db FILE``: the command gets a str (or None); ``db_file``/``db_path_of`` resolve it."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help=f"Database file (default: ${DB_ENV} or ./{DEFAULT_DB}).",
    )(func)


def db_file(db_path: str | None) -> str:
    """The database to use: ``--db``, else ``$HMIP_REVIEW_DB``, else ``hmip-review.db`` here."""
    return db_path or os.environ.get(DB_ENV) or DEFAULT_DB


def db_path_of(db_path: str | None) -> Path:
    """``db_file`` as a ``Path``."""
    from pathlib import Path

    return Path(db_file(db_path))


def default_db() -> Path:
    """``$HMIP_REVIEW_DB``, or ``hmip-review.db`` in the current folder."""
    return db_path_of(None)


def open_store(
    db_path: str | os.PathLike[str], *, create: bool, read_only: bool = False
) -> sqlite_utils.Database:
    """Open the database or exit 1 with a one-line reason.

    With ``read_only`` (commands that only read: stats, outstanding) a file that
    cannot be written is opened read-only instead of refused.
    """
    from pathlib import Path

    from store.db import open_db, open_for_reading

    db_path = Path(db_path)
    try:
        return open_for_reading(db_path) if read_only else open_db(db_path, create=create)
    except StoreError as exc:
        missing = not create and not db_path.exists()
        hint = "; import documents first: hmip-review import PATH" if missing else ""
        note(f"error: {exc}{hint}")
        sys.exit(1)


class DayParam(click.ParamType):
    """A day as a user writes it, read with python-dateutil.

    ISO and other year-first forms read year-month-day ('2022-06-30',
    '2022/06/30'); anything else reads day first, as in the UK ('30/06/2022',
    '30 June 2022'). A month without a day means its first day.
    """

    name = "DATE"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            # The plain ISO form is read by the standard library, the same day
            # dateutil gives, without the ~15 ms of importing dateutil's parser.
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass  # dateutil says why (or reads it its own way)
        from dateutil import parser

        year_first = re.match(r"\d{4}\D", text + " ") is not None
        try:
            return parser.parse(
                text,
                dayfirst=not year_first,
                yearfirst=year_first,
                default=datetime(date.today().year, 1, 1),
            ).date()
        except (ValueError, OverflowError):
            self.fail(f"{text!r} is not a date (try 2022-06-30 or '30 June 2022')", param, ctx)
