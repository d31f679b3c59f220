"""``hmip-review review``: open the review app on an existing database."""

from __future__ import annotations

import click

from tui.cli.group import _db_option, _open_store, db_path_of, this
from tui.reviewer import REVIEWER_ENV, default_reviewer


@click.command("review")
@_db_option
@click.option(
    "--reviewer",
    default=None,
    help=f"Name recorded with each change (default: ${REVIEWER_ENV}, else your login name).",
)
def review(db_path: str | None, reviewer: str | None) -> None:
    """Open the review app."""
    path = db_path_of(db_path)
    _open_store(path, create=False).close()
    this()._open_app(path, reviewer or default_reviewer())
