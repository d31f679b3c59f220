"""`hmip-review review` and the bare command: who the reviewer is."""

from __future__ import annotations

from click.testing import CliRunner

from tui.cli import main
from tui.cli.collaborators import Collaborators


def opened_with(*args: str) -> list[tuple]:
    opened: list[tuple] = []
    app = Collaborators(open_app=lambda db, reviewer: opened.append((db, reviewer)))
    result = CliRunner().invoke(main, list(args), obj=app)
    assert result.exit_code == 0, result.output
    return opened


def test_the_reviewer_is_the_option_else_the_environment_else_the_login(
    samples_db,
    monkeypatch,
):
    monkeypatch.setattr("getpass.getuser", lambda: "login-name")
    monkeypatch.delenv("HMIP_REVIEW_REVIEWER", raising=False)
    db = str(samples_db)
    assert opened_with("review", "--db", db)[0][1] == "login-name"
    monkeypatch.setenv("HMIP_REVIEW_REVIEWER", "carol")
    assert opened_with("review", "--db", db)[0][1] == "carol"
    assert opened_with("review", "--db", db, "--reviewer", "ann")[0][1] == "ann"
    monkeypatch.setenv("HMIP_REVIEW_DB", db)
    assert opened_with()[0][1] == "carol"


def test_review_help_names_the_environment_variable():
    result = CliRunner().invoke(main, ["review", "--help"])
    assert "HMIP_REVIEW_REVIEWER" in result.output
