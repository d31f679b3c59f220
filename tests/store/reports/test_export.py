"""`hmip-review export`: each format read back by another library, safety, the contract.

The .sqlite export is written by SQLite's backup API and read back with the
sqlite3 module, sqlite-utils and (where installed) the sqlite3 shell; the CSV
folder is read with the csv module (and imported by the sqlite3 shell); the
JSON file, written in pieces, is read whole with the json module. What
--only-verified keeps is in test_export_only_verified.py; how CSV cells are
written for a spreadsheet in test_export_csv.py and test_export_spreadsheet.py.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
import sqlite_utils

import store.reports.export
from store import StoreError, open_db
from store.contract import CONTRACT
from store.reports.export import export_database
from tests.store.reports.exported import (
    as_csv,
    columns_of,
    query,
    read_csv,
    read_csv_dicts,
    relations,
    rows_of,
)
from tests.support.cli_runner import run
from tests.support.paths import REPO

TABLES = ("documents", "recommendations", "actions", "judgements", "judgement_links", "edits")


# --- .sqlite ---------------------------------------------------------------------------


def test_sqlite_export_is_a_full_copy_with_metadata_and_the_edits_log(reviewed, tmp_path):
    out = tmp_path / "out" / "reviewed.sqlite"
    out.parent.mkdir()

    result = run("export", out, "--db", reviewed)

    assert result.exit_code == 0, result.stderr
    assert "exported 3 documents, 8 recommendations" in result.stderr
    for table in TABLES:
        assert rows_of(out, table) == rows_of(reviewed, table), table
    assert len(rows_of(out, "edits")) == 2
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA user_version").fetchone() == (
            sqlite3.connect(reviewed).execute("PRAGMA user_version").fetchone()[0],
        )
        described = conn.execute("SELECT table_name, column_name, description FROM _metadata")
        described = {(t, c): d for t, c, d in described}
    finally:
        conn.close()
    # Only the finished files: no journal, no temporaries.
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "reviewed.metadata.json",
        "reviewed.sqlite",
    ]
    # The _metadata table describes every table, view and column, in the README's words.
    for name in relations(out, "table") | relations(out, "view"):
        assert described.get((name, None)), f"{name} has no description"
        for column in columns_of(out, name):
            assert described.get((name, column)), f"{name}.{column} has no description"
    assert (
        described["recommendations", "review_status"]
        == CONTRACT["recommendations"][1]["review_status"]
    )
    assert (None, None) in described
    # ... and so does the Datasette metadata beside it.
    metadata = json.loads((out.parent / "reviewed.metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["reviewed"]["tables"]
    assert set(tables) == relations(out, "table") | relations(out, "view")
    for name, entry in tables.items():
        assert entry["description"]
        assert set(entry["columns"]) == set(columns_of(out, name)), name
    assert tables["edits"]["columns"]["undone"] == CONTRACT["edits"][1]["undone"]


def test_sqlite_export_opens_in_sqlite_utils_and_the_sqlite3_shell(reviewed, tmp_path):
    out = tmp_path / "reviewed.db"
    assert run("export", out, "--db", reviewed).exit_code == 0

    copy = sqlite_utils.Database(out)
    assert copy["recommendations"].count == 8
    assert set(TABLES) <= set(copy.table_names())
    assert "outstanding_actions" in copy.view_names()
    copy.close()
    shell = shutil.which("sqlite3")
    if shell:
        done = subprocess.run(
            [shell, str(out), "PRAGMA integrity_check; SELECT COUNT(*) FROM outstanding_actions;"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.split() == ["ok", "6"]


@pytest.mark.parametrize("only_verified", [False, True], ids=["all", "only-verified"])
def test_the_exported_views_are_the_typed_views_datasette_filters(
    reviewed, tmp_path, only_verified
):
    """Datasette counts a facet with GROUP BY and filters with a text parameter
    (``?overdue=1`` runs ``overdue = '1'``): in the exported file both must agree,
    which they do only if the views' computed columns are typed (schema version 7)."""
    out = tmp_path / "typed.sqlite"
    flags = ["--only-verified"] if only_verified else []
    assert run("export", out, "--db", reviewed, *flags).exit_code == 0

    view_sql = "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name"
    assert query(out, view_sql) == query(reviewed, view_sql)  # kept as the schema defines them
    facet = dict(query(out, "SELECT overdue, COUNT(*) FROM outstanding_actions GROUP BY 1"))
    assert facet[1] > 0
    assert query(out, "SELECT COUNT(*) FROM outstanding_actions WHERE overdue = '1'") == [
        (facet[1],)
    ]
    assert query(out, "SELECT COUNT(*) FROM outstanding_actions WHERE overdue = '0'") == [
        (facet.get(0, 0),)
    ]
    progress = dict(
        query(out, "SELECT open_actions, COUNT(*) FROM recommendation_progress GROUP BY 1")
    )
    for value, count in progress.items():
        where = f"SELECT COUNT(*) FROM recommendation_progress WHERE open_actions = '{value}'"
        assert query(out, where) == [(count,)]


# --- .csv ------------------------------------------------------------------------------


def test_csv_export_is_a_folder_of_tables_and_views_with_header_rows(reviewed, tmp_path):
    out = tmp_path / "reviewed.csv"

    result = run("export", out, "--db", reviewed)

    assert result.exit_code == 0, result.stderr
    names = relations(reviewed, "table") | relations(reviewed, "view")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{name}.csv" for name in names] + ["documents", "metadata.json"]
    )
    for name in names - {"documents"}:
        rows = read_csv(out / f"{name}.csv")
        assert rows[0] == columns_of(reviewed, name), name
        assert rows[1:] == [[as_csv(v) for v in row] for row in rows_of(reviewed, name)], name
    recs = read_csv_dicts(out / "recommendations.csv")
    assert recs[0]["recommendation"] == "Prisoners’ cells should be clean — “really”."
    dates = [row["target_date"] for row in read_csv_dicts(out / "actions.csv")]
    assert all(d == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates), dates
    assert "2020-12-31" in dates


def test_documents_csv_names_a_text_file_for_each_document(reviewed, tmp_path):
    out = tmp_path / "reviewed.csv"
    assert run("export", out, "--db", reviewed).exit_code == 0

    rows = read_csv(out / "documents.csv")
    columns = columns_of(reviewed, "documents")
    assert rows[0] == ["text_file" if c == "text" else c for c in columns]
    at = columns.index("text")
    for row, stored in zip(rows[1:], rows_of(reviewed, "documents"), strict=True):
        assert row[at] == f"documents/{stored[0]}.txt"
        with (out / row[at]).open(encoding="utf-8", newline="") as fh:
            assert fh.read() == stored[at]  # exactly the stored text: spans index into it
        assert row[:at] + row[at + 1 :] == [as_csv(v) for v in stored[:at] + stored[at + 1 :]]
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["reviewed"]["tables"]["documents"]["columns"]
    assert "text" not in described
    assert "documents/<id>.txt" in described["text_file"]
    assert "byte-order mark" in metadata["description"]


def test_csv_files_import_into_the_sqlite3_shell(reviewed, tmp_path):
    shell = shutil.which("sqlite3")
    if not shell:
        pytest.skip("no sqlite3 shell")
    out = tmp_path / "reviewed.csv"
    assert run("export", out, "--db", reviewed).exit_code == 0
    done = subprocess.run(
        [shell, ":memory:", f".import --csv {out / 'actions.csv'} a", "SELECT COUNT(*) FROM a;"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == str(len(rows_of(reviewed, "actions")))


# --- .json -----------------------------------------------------------------------------


def test_json_export_is_one_document_with_every_table_and_view(reviewed, tmp_path):
    out = tmp_path / "reviewed.json"

    result = run("export", out, "--db", reviewed)

    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc) == ["exported_at", "schema_version", "only_verified", "tables", "views"]
    assert doc["only_verified"] is False
    assert set(doc["tables"]) == relations(reviewed, "table")
    assert (
        set(doc["views"])
        == relations(reviewed, "view")
        == {
            "outstanding_actions",
            "recommendation_progress",
            "repeat_chains",
        }
    )
    for kind, names in (("tables", TABLES), ("views", relations(reviewed, "view"))):
        for name in names:
            columns = columns_of(reviewed, name)
            assert doc[kind][name] == [
                dict(zip(columns, row, strict=True)) for row in rows_of(reviewed, name)
            ], name
    first = doc["tables"]["recommendations"][0]
    assert first["recommendation"] == "Prisoners’ cells should be clean — “really”."
    assert json.loads(first["warnings"]) == []  # JSON columns stay JSON text, as in the database
    assert doc["tables"]["documents"][0]["text"].startswith("Action Plan: HMP Testshire")


def test_the_json_export_and_the_csv_folder_hold_the_same_tables_and_views(reviewed, tmp_path):
    assert run("export", tmp_path / "r.json", "--db", reviewed).exit_code == 0
    assert run("export", tmp_path / "r.csv", "--db", reviewed).exit_code == 0

    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    in_csv = {p.stem for p in (tmp_path / "r.csv").glob("*.csv")}
    assert {*doc["tables"], *doc["views"]} == in_csv
    for name in in_csv:
        records = doc["tables"][name] if name in doc["tables"] else doc["views"][name]
        rows = read_csv(tmp_path / "r.csv" / f"{name}.csv")
        if name == "documents":  # the CSV names a file where the JSON holds the text
            assert [r["text"] for r in records] == [
                (tmp_path / "r.csv" / row[rows[0].index("text_file")]).read_text(encoding="utf-8")
                for row in rows[1:]
            ]
            continue
        if not records:  # an empty table: the CSV still names its columns
            assert rows[1:] == [] and rows[0], name
            continue
        assert rows[0] == list(records[0]), name
        assert rows[1:] == [[as_csv(v) for v in r.values()] for r in records], name


def test_an_empty_database_exports_empty_tables(db_path, tmp_path):
    open_db(db_path).close()
    out = tmp_path / "empty.json"
    assert run("export", out, "--db", db_path).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert all(rows == [] for rows in doc["tables"].values())


# --- safety ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["busy.sqlite", "busy.csv", "busy.json"])
def test_export_while_another_connection_writes_is_one_consistent_state(reviewed, tmp_path, name):
    """A writer keeps an invariant in every transaction: recommendation 1's note is the
    number of 'tick' edits. Every export must show a state where it holds."""
    stop = threading.Event()
    ticks = []

    def writer():
        conn = sqlite3.connect(reviewed, timeout=30, isolation_level=None)
        n = 0
        while not stop.is_set():
            n += 1
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO edits (at, table_name, row_id, field, new) "
                "VALUES ('2024-01-01', 'recommendations', 1, 'tick', ?)",
                [str(n)],
            )
            conn.execute("UPDATE recommendations SET note = ? WHERE id = 1", [str(n)])
            conn.execute("COMMIT")
            ticks.append(n)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(ticks) < 20:
            time.sleep(0.01)
        before = len(ticks)
        for _ in range(3):
            export_database(reviewed, tmp_path / name, force=True)
        during = len(ticks) - before
    finally:
        stop.set()
        thread.join()
    assert during > 0  # the writer really was writing meanwhile

    out = tmp_path / name
    if name.endswith(".sqlite"):
        conn = sqlite3.connect(out)
        note = conn.execute("SELECT note FROM recommendations WHERE id = 1").fetchone()[0]
        count = conn.execute("SELECT COUNT(*) FROM edits WHERE field = 'tick'").fetchone()[0]
        conn.close()
    elif name.endswith(".csv"):
        note = next(
            r["note"] for r in read_csv_dicts(out / "recommendations.csv") if r["id"] == "1"
        )
        count = sum(r["field"] == "tick" for r in read_csv_dicts(out / "edits.csv"))
    else:
        tables = json.loads(out.read_text(encoding="utf-8"))["tables"]
        note = next(r["note"] for r in tables["recommendations"] if r["id"] == 1)
        count = sum(e["field"] == "tick" for e in tables["edits"])
    assert count > 0 and note == str(count)


def test_an_existing_out_is_refused_then_replaced_with_force(reviewed, tmp_path):
    out = tmp_path / "reviewed.sqlite"
    out.write_text("my precious file")

    refused = run("export", out, "--db", reviewed)

    assert refused.exit_code == 1
    assert refused.stderr.strip() == (f"error: {out}: already exists; use --force to replace it")
    assert out.read_text() == "my precious file"
    assert not (tmp_path / "reviewed.metadata.json").exists()

    forced = run("export", out, "--db", reviewed, "--force")

    assert forced.exit_code == 0, forced.stderr
    assert len(rows_of(out, "recommendations")) == 8
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_existing_metadata_file_beside_it_is_refused_too(reviewed, tmp_path):
    (tmp_path / "x.metadata.json").write_text("{}")
    result = run("export", tmp_path / "x.sqlite", "--db", reviewed)
    assert result.exit_code == 1
    assert "x.metadata.json: already exists" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_an_existing_csv_folder_is_refused_then_replaced_whole(reviewed, tmp_path):
    out = tmp_path / "reviewed.csv"
    out.mkdir()
    (out / "notes.txt").write_text("mine")

    assert run("export", out, "--db", reviewed).exit_code == 1
    assert (out / "notes.txt").read_text() == "mine"

    assert run("export", out, "--db", reviewed, "--force").exit_code == 0
    assert not (out / "notes.txt").exists()
    assert (out / "recommendations.csv").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_export_leaves_nothing_behind(reviewed, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.reports.export, "write_json", broken)
    monkeypatch.setattr(store.reports.export, "write_csv_folder", broken)
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("x.json", "x.csv"):
        result = run("export", folder / name, "--db", reviewed)
        assert result.exit_code == 1
        assert (
            result.stderr.strip()
            == f"error: {folder / name}: export failed: No space left on device"
        )
    (folder / "x.json").write_text("old")
    assert run("export", folder / "x.json", "--db", reviewed, "--force").exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["x.json"]  # no temporaries
    assert (folder / "x.json").read_text() == "old"  # the old file is still there


def test_an_unknown_extension_or_the_database_itself_is_refused(reviewed, tmp_path):
    result = run("export", tmp_path / "out.xlsx", "--db", reviewed)
    assert result.exit_code == 1
    assert "cannot tell the export format from '.xlsx'" in result.stderr
    with pytest.raises(StoreError, match="is the database being exported"):
        export_database(reviewed, reviewed, force=True)
    assert len(rows_of(reviewed, "recommendations")) == 8


def test_exporting_a_missing_database_says_so(tmp_path):
    result = run("export", tmp_path / "out.json", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- the README is the contract --------------------------------------------------------


def readme_contract(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """{name: (description, {column: description})} from README's "The database" section:
    each `### `name`` heading, its first paragraph, and the rows of its column table."""
    section = text.split("\n## The database\n", 1)[1].split("\n## ", 1)[0]
    contract = {}
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        name = re.search(r"`([^`]+)`", head).group(1)
        description = " ".join(body.strip().split("\n\n")[0].split())
        columns = {}
        for line in body.splitlines():
            match = re.match(r"\|\s*(`[^|]+`)\s*\|\s*(.+?)\s*\|\s*$", line)
            if match:
                for column in re.findall(r"`([^`]+)`", match.group(1)):
                    columns[column] = " ".join(match.group(2).split())
        contract[name] = (description, columns)
    return contract


def test_the_metadata_says_what_the_readme_says():
    readme = readme_contract((REPO / "README.md").read_text(encoding="utf-8"))
    assert readme == CONTRACT, (
        "README.md's 'The database' section and store/contract.py differ: change both"
    )


def test_every_table_view_and_column_of_the_schema_is_described(db_path):
    open_db(db_path).close()
    missing = [
        f"{name}.{column}"
        for name in relations(db_path, "table") | relations(db_path, "view")
        for column in [None, *columns_of(db_path, name)]
        if (column is None and not CONTRACT.get(name, ("",))[0])
        or (column is not None and column not in CONTRACT.get(name, ("", {}))[1])
    ]
    assert missing == [], (
        "describe these in README.md ('The database') and store/contract.py: " + ", ".join(missing)
    )
