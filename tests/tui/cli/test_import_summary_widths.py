"""The import summary on a narrow terminal, with long file names and no establishment read.

At 80 columns the per-file table cut every name to 8 characters ('in/fres…')
and its headers to 'recor…': each file now gets a block, its name whole. Wider,
a name too long for its column is cut in the middle, so that copies of one plan
('….normal.pdf', '….word.pdf') stay apart; an establishment not read is said.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from tests.support.paths import SAMPLES
from tui.cli import main

ASHDOWN = SAMPLES / "ashdown_action_plan_2021.txt"
LONG = "ashdown_action_plan_2021_as_published_on_the_website"


def _import(columns: int, *args) -> object:
    runner = CliRunner(env={"COLUMNS": str(columns), "HMIP_REVIEW_DB": None})
    return runner.invoke(main, ["import", *map(str, args)], catch_exceptions=False)


def _two_copies(folder) -> tuple[str, str]:
    names = (f"{LONG}.normal.txt", f"{LONG}.word.txt")
    for name in names:
        shutil.copy(ASHDOWN, folder / name)
    return names


def test_at_80_columns_each_file_is_a_block_with_its_name_whole(tmp_path, db_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first, second = _two_copies(tmp_path)

    result = _import(80, first, second, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Import summary"
    assert lines[1] == first  # whole, on a line of its own
    assert " ".join(lines[2].split()) == (
        "imported · plan · HMP Ashdown · 18 records · 28 actions · 0 warnings"
    )
    assert lines[3] == second
    said = " ".join(" ".join(lines[4:]).split())
    assert said.startswith("unchanged (same text) · plan · HMP Ashdown · 18 records")
    assert all(len(line) <= 80 for line in lines)


def test_wider_a_long_name_is_cut_in_the_middle_and_copies_stay_apart(
    tmp_path, db_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    first, second = _two_copies(tmp_path)

    result = _import(110, first, second, "--db", db_path)

    rows = [line.split()[0] for line in result.stdout.splitlines() if "HMP Ashdown" in line]
    assert len(rows) == 2 and rows[0] != rows[1]
    assert rows[0].startswith("ashdown_action") and rows[0].endswith(".normal.txt")
    assert "…" in rows[0] and rows[1].endswith(".word.txt")


def test_an_establishment_not_read_is_said_not_blank(tmp_path, db_path):
    plan = tmp_path / "anonymous.txt"
    plan.write_text("A Response to the HMIP Inspection: 1-5 March 2021\nResponsible Owner\n")

    result = _import(200, plan, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "anonymous.txt" in line]
    assert "(not read)" in row
