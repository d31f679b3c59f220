"""`hmip-review outstanding` of a prison whose plan was stored with no records.

Such a plan's table was not read on import (issue 15): its outstanding actions
are not known, so '0 outstanding actions' alone would be a silent wrong answer.
The lookup says so on a warning line, in every format.
"""

from __future__ import annotations

import json

import pytest

from tests.support.cli_runner import run
from tests.support.paths import FIXTURES, SAMPLES

UNREAD = FIXTURES / "unread_table" / "thornbury_action_plan_2019.txt"


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_a_plan_without_records_is_said_to_be_unknown(db_path, output_format):
    assert run("import", UNREAD, "--db", db_path).exit_code == 0

    result = run("outstanding", "thornbury", "--format", output_format, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning.startswith("warning: HMP Thornbury: the action plan published ")
    assert "has no records: its table was not read on import" in warning
    assert "outstanding actions are not known" in warning
    if output_format == "json":
        assert json.loads(result.stdout)["count"] == 0  # the document itself is unchanged


def test_a_plan_with_actions_gets_no_such_warning(db_path):
    run("import", SAMPLES / "ashdown_action_plan_2021.txt", "--db", db_path)

    result = run("outstanding", "ashdown", "--format", "json", "--db", db_path)

    assert json.loads(result.stdout)["count"] > 0
    assert "warning:" not in result.stderr
