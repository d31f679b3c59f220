"""Export carries repeat links and the ``repeat_chains`` view; --only-verified keeps only
the confirmed links between verified recommendations (and their edits)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store import import_document, open_db
from store.domain import RECOMMENDATION
from store.review.changes import set_status
from store.review.repeat_link_changes import confirm_repeat_link, remove_repeat_link
from tests.store.reports.exported import read_csv_dicts, rows_of
from tests.support.cli_runner import run
from tests.support.repeat_plans import repeat_plan


def rec(db, year: int, rec_no: str) -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE r.rec_no = ? AND d.published LIKE ?",
        [rec_no, f"{year}-%"],
    ).fetchone()[0]


@pytest.fixture
def chained(db_path) -> Path:
    """Testshire 2015 → 2018 → 2021, reviewed:

    * 2018 1.1 → 2015 2.1: confirmed, both verified: kept
    * 2021 5.8 → 2018 1.1: confirmed, 5.8 flagged: left out
    * 2021 5.10 → 2018 1.2: removed by the reviewer, both verified (its edits stay)
    * 2021 5.12, verified, linked to nothing
    """
    db = open_db(db_path)
    try:
        for year in (2015, 2018, 2021):
            import_document(db, repeat_plan(year), f"{year}.txt")
        for year, no in ((2015, "2.1"), (2018, "1.1"), (2018, "1.2"), (2021, "5.10")):
            set_status(db, "ann", (RECOMMENDATION, rec(db, year, no)), "verified")
        set_status(db, "ann", (RECOMMENDATION, rec(db, 2021, "5.8")), "flagged")
        confirm_repeat_link(db, rec(db, 2018, "1.1"), rec(db, 2015, "2.1"), "ann")
        confirm_repeat_link(db, rec(db, 2021, "5.8"), rec(db, 2018, "1.1"), "ann")
        remove_repeat_link(db, rec(db, 2021, "5.10"), rec(db, 2018, "1.2"), "ann")
    finally:
        db.close()
    return db_path


def pairs(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(
            conn.execute(
                "SELECT r.rec_no, e.rec_no FROM repeat_links l "
                "JOIN recommendations r ON r.id = l.recommendation_id "
                "JOIN recommendations e ON e.id = l.earlier_recommendation_id"
            ).fetchall()
        )
    finally:
        conn.close()


def test_every_export_carries_repeat_links_and_the_chains_view(chained, tmp_path):
    for name in ("x.sqlite", "x.json", "x.csv"):
        assert run("export", tmp_path / name, "--db", chained).exit_code == 0
    assert pairs(tmp_path / "x.sqlite") == {("1.1", "2.1"), ("5.8", "1.1")}
    assert rows_of(tmp_path / "x.sqlite", "repeat_chains") == rows_of(chained, "repeat_chains")
    doc = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert len(doc["tables"]["repeat_links"]) == 2
    chain = sorted(doc["views"]["repeat_chains"], key=lambda r: r["link_position"])
    assert [(r["earlier_plan_year"], r["earlier_rec_no"], r["plan_year"], r["rec_no"],
             r["link_position"], r["confirmed"]) for r in chain] == [
        (2015, "2.1", 2018, "1.1", 1, 1),
        (2018, "1.1", 2021, "5.8", 2, 1),
    ]  # fmt: skip
    assert len({r["chain_start_id"] for r in chain}) == 1
    csv_rows = read_csv_dicts(tmp_path / "x.csv" / "repeat_chains.csv")
    assert {(r["earlier_rec_no"], r["rec_no"]) for r in csv_rows} == {
        ("2.1", "1.1"),
        ("1.1", "5.8"),
    }
    assert len(read_csv_dicts(tmp_path / "x.csv" / "repeat_links.csv")) == 2
    metadata = json.loads((tmp_path / "x.csv" / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"][next(iter(metadata["databases"]))]["tables"]
    assert "chain_start_id" in tables["repeat_chains"]["columns"]
    assert "earlier_recommendation_id" in tables["repeat_links"]["columns"]


def test_only_verified_keeps_confirmed_links_between_verified_records(chained, tmp_path):
    out = tmp_path / "v.sqlite"
    assert run("export", out, "--db", chained, "--only-verified").exit_code == 0
    assert pairs(out) == {("1.1", "2.1")}
    conn = sqlite3.connect(out)
    try:
        edits = conn.execute(
            "SELECT field, json_extract(COALESCE(old, new), '$.recommendation_id') "
            "FROM edits WHERE table_name = 'repeat_links'"
        ).fetchall()
        kept = conn.execute("SELECT rowid FROM repeat_links").fetchall()
        confirm = conn.execute(
            "SELECT row_id FROM edits WHERE table_name = 'repeat_links' AND field = 'confirmed'"
        ).fetchall()
        chains = conn.execute("SELECT rec_no, earlier_rec_no FROM repeat_chains").fetchall()
    finally:
        conn.close()
    # the removed link between two verified records keeps its edit; the flagged 5.8's goes
    removed = [e for e in edits if e[0] == "*"]
    assert len(removed) == 1
    assert confirm == kept  # the kept link's confirmation, pointing at it
    assert chains == [("1.1", "2.1")]
