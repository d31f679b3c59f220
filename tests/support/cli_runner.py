"""``hmip-review`` run in process for the tests (click's CliRunner), as a user would type it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from click.testing import CliRunner

from tui.cli import main

if TYPE_CHECKING:
    from tui.cli.collaborators import Collaborators


def run(*args: object, app: Collaborators | None = None):
    """Invoke ``hmip-review ARGS…`` wide enough for its tables, with no ``$HMIP_REVIEW_DB``.

    ``app``: the collaborators the commands use instead of the real ones (an
    app that records how it was opened, other samples, another parser).
    """
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    return runner.invoke(main, [str(a) for a in args], obj=app, catch_exceptions=False)
