"""``hmip-review`` run in process for the tests (click's CliRunner), as a user would type it."""

from __future__ import annotations

from click.testing import CliRunner

from tui.cli.group import main


def run(*args: object):
    """Invoke ``hmip-review ARGS…`` wide enough for its tables, with no ``$HMIP_REVIEW_DB``."""
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
