"""``hmip-review review``: open the review app on an existing database."""

from __future__ import annotations

import click

from tui.cli.collaborators import Collaborators, pass_collaborators
from tui.cli.options import db_option, db_path_of, open_store
from tui.reviewer import REVIEWER_ENV, default_reviewer


@click.command("review")
@db_option
@click.option(
    "--reviewer",
    default=None,
    help=f"Name recorded with each change (default: ${REVIEWER_ENV}, else your login name).",
)
@pass_collaborators
def review(app: Collaborators, db_path: str | None, reviewer: str | None) -> None:
    """Open the review app."""
    path = db_path_of(db_path)
    open_store(path, create=False).close()
    app.open_app(path, reviewer or default_reviewer())
