"""`hmip-review export --only-verified`: verified records, confirmed links, nothing else.

A reviewer's file holds verified, unreviewed, flagged and rejected records, and
links the linker made that nobody confirmed. An only-verified export is what a
reviewer vouches for: verified recommendations (with their actions), verified
judgements, the links between them that a reviewer confirmed, the documents
they come from, and the edits of those rows; the views computed from that.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import open_db
from store.domain import JUDGEMENT, RECOMMENDATION
from store.review.changes import set_status
from store.review.judgement_changes import save_links
from tests.store.reports.conftest import SECRET
from tests.store.reports.exported import query, read_csv_dicts, rows_of
from tests.support.cli_runner import run
from tests.support.paths import SAMPLES


@pytest.fixture
def vouched(reviewed) -> Path:
    """``reviewed``, with review work on the links and judgements, done through the store.

    Verified: recommendations 1.1 and 1.2, judgements 1.38 and the Ofsted theme.
    Not verified: 1.3 (flagged), 1.4, plan B, judgement 1.39.
    Links, each telling one rule apart:

    * 1.38 → 1.1, confirmed: kept (both verified, confirmed)
    * Ofsted → 1.1, confirmed: kept (one theme covers several recommendations)
    * Ofsted → 1.2, not confirmed: left out, though both ends are verified
    * 1.39 → 1.2, confirmed: left out (the judgement is not verified)
    * 1.38 → 1.3, confirmed: left out (the recommendation is flagged)

    Deleted by the reviewer: 1.38 → 1.2 (between kept records: its edits stay),
    1.39 → 1.3 (between records left out: its edits go).
    """
    db = open_db(reviewed)
    rec = dict(db.execute("SELECT rec_no, id FROM recommendations WHERE document_id = 1"))
    judgement = dict(db.execute("SELECT ref, id FROM judgements"))
    set_status(db, "ann", (JUDGEMENT, judgement["1.38"]), "verified")
    set_status(db, "ann", (JUDGEMENT, judgement["1"]), "verified")
    set_status(db, "ann", (JUDGEMENT, judgement["1.39"]), "unreviewed")
    save_links(db, "ann", judgement["1.38"], {rec["1.1"]: True, rec["1.2"]: True})
    save_links(db, "ann", judgement["1"], {rec["1.1"]: True, rec["1.2"]: True})
    save_links(db, "ann", judgement["1"], {rec["1.1"]: True, rec["1.2"]: False})
    # (after the links above, so that no new link takes the deleted one's rowid)
    save_links(db, "ann", judgement["1.38"], {rec["1.1"]: True, rec["1.3"]: True})
    save_links(db, "ann", judgement["1.39"], {rec["1.2"]: True})
    db.close()
    return reviewed


LINKS = (
    "SELECT j.ref, r.rec_no, l.confirmed FROM judgement_links l "
    "JOIN judgements j ON j.id = l.judgement_id "
    "JOIN recommendations r ON r.id = l.recommendation_id ORDER BY j.ref, r.rec_no"
)


def test_only_verified_keeps_verified_records_and_the_confirmed_links_between_them(
    vouched, tmp_path
):
    out = tmp_path / "verified.sqlite"

    result = run("export", out, "--db", vouched, "--only-verified")

    assert result.exit_code == 0, result.stderr
    assert "(verified only)" in result.stderr
    q = lambda sql: query(out, sql)  # noqa: E731
    assert q("SELECT rec_no, review_status FROM recommendations ORDER BY id") == [
        ("1.1", "verified"),
        ("1.2", "verified"),
    ]
    assert q("SELECT COUNT(*) FROM actions") == [(4,)]  # theirs, and no one else's
    assert q("SELECT ref, review_status FROM judgements ORDER BY ref") == [
        ("1", "verified"),
        ("1.38", "verified"),
    ]
    assert q(LINKS) == [("1", "1.1", 1), ("1.38", "1.1", 1)]
    assert q("SELECT establishment, kind FROM documents ORDER BY id") == [
        ("HMP Testshire", "action_plan"),
        ("HMP Testshire", "irp_report"),
    ]
    assert q("PRAGMA integrity_check") == [("ok",)]
    assert q("PRAGMA foreign_key_check") == []
    assert SECRET.encode() not in out.read_bytes()  # vacuumed: no trace of removed rows
    assert len(rows_of(vouched, "recommendations")) == 8  # the database itself is untouched


def test_the_views_reflect_only_what_is_kept(vouched, tmp_path):
    out = tmp_path / "verified.sqlite"
    assert run("export", out, "--db", vouched, "--only-verified").exit_code == 0

    progress = query(
        out,
        "SELECT rec_no, latest_judgement, link_confirmed FROM recommendation_progress "
        "ORDER BY rec_no",
    )
    # 1.1's latest judgement comes through a confirmed link; 1.2 has none left
    # (its links were unconfirmed or to an unverified judgement).
    assert [(rec_no, confirmed) for rec_no, _, confirmed in progress] == [("1.1", 1), ("1.2", None)]
    assert progress[0][1] in {"Good progress", "Reasonable progress"}
    assert progress[1][1] is None
    assert query(out, "SELECT DISTINCT rec_no FROM outstanding_actions ORDER BY 1") == [
        ("1.1",),
        ("1.2",),
    ]
    # In the user's database, 1.2 still shows its unconfirmed link.
    assert query(
        vouched,
        "SELECT latest_judgement IS NOT NULL FROM recommendation_progress p "
        "JOIN recommendations r ON r.id = p.recommendation_id "
        "WHERE r.document_id = 1 AND r.rec_no = '1.2'",
    ) == [(1,)]


def test_only_the_edits_of_kept_rows_are_kept_and_still_name_them(vouched, tmp_path):
    out = tmp_path / "verified.sqlite"
    assert run("export", out, "--db", vouched, "--only-verified").exit_code == 0

    edits = query(out, "SELECT table_name, row_id, field, old, new FROM edits ORDER BY id")
    kept, deleted = [], []
    for table, row_id, field, old, new in edits:
        key = "rowid" if table == "judgement_links" else "id"
        there = query(out, f"SELECT rowid, * FROM {table} WHERE {key} = ?", (row_id,))
        (kept if there else deleted).append((table, row_id, field, old, new))
        if there and field == "*" and new is not None:
            # an edit that added a kept row still names that very row (after the VACUUM)
            added = json.loads(new)
            columns = [c[1] for c in query(out, f"PRAGMA table_info({table})")]
            row = dict(zip(["rowid", *columns], there[0], strict=True))
            assert {c: row[c] for c in ("judgement_id", "recommendation_id")} == {
                c: added[c] for c in ("judgement_id", "recommendation_id")
            }
    assert {t for t, *_ in kept} == {"recommendations", "judgements", "judgement_links"}
    # The one deleted row whose edits stay: the link 1.38 → 1.2, both ends kept.
    rec = dict(query(out, "SELECT id, rec_no FROM recommendations"))
    judgement = dict(query(out, "SELECT id, ref FROM judgements"))
    gone = {
        (judgement[json.loads(old)["judgement_id"]], rec[json.loads(old)["recommendation_id"]])
        for table, _, field, old, _ in deleted
        if field == "*" and old is not None
    }
    assert gone == {("1.38", "1.2")}
    # The edits of 1.39 (left out) are gone with it.
    ref_139 = query(vouched, "SELECT id FROM judgements WHERE ref = '1.39'")[0][0]
    assert query(
        vouched,
        "SELECT COUNT(*) FROM edits WHERE table_name = 'judgements' AND row_id = ?",
        (ref_139,),
    ) != [(0,)]
    assert query(
        out, "SELECT COUNT(*) FROM edits WHERE table_name = 'judgements' AND row_id = ?", (ref_139,)
    ) == [(0,)]


def test_only_verified_applies_to_csv_and_json_too(vouched, tmp_path):
    assert run("export", tmp_path / "v.json", "--db", vouched, "--only-verified").exit_code == 0
    assert run("export", tmp_path / "v.csv", "--db", vouched, "--only-verified").exit_code == 0

    doc = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert doc["only_verified"] is True
    assert [r["rec_no"] for r in doc["tables"]["recommendations"]] == ["1.1", "1.2"]
    assert {r["review_status"] for r in doc["tables"]["judgements"]} == {"verified"}
    assert {r["confirmed"] for r in doc["tables"]["judgement_links"]} == {1}
    assert {r["rec_no"] for r in doc["views"]["outstanding_actions"]} == {"1.1", "1.2"}
    folder = tmp_path / "v.csv"
    assert [r["rec_no"] for r in read_csv_dicts(folder / "recommendations.csv")] == ["1.1", "1.2"]
    assert {r["review_status"] for r in read_csv_dicts(folder / "judgements.csv")} == {"verified"}
    assert {r["confirmed"] for r in read_csv_dicts(folder / "judgement_links.csv")} == {"1"}
    assert {r["rec_no"] for r in read_csv_dicts(folder / "outstanding_actions.csv")} == {
        "1.1",
        "1.2",
    }
    assert sorted(p.name for p in (folder / "documents").iterdir()) == ["1.txt", "3.txt"]


def test_the_samples_with_nothing_judged_export_no_judgement_and_no_link(tmp_path):
    """The samples' linker makes links nobody confirmed, and their judgements are
    unreviewed: verifying every recommendation of a plan exports none of them."""
    db_path = tmp_path / "samples.db"
    assert run("import", SAMPLES, "--db", db_path).exit_code == 0
    db = open_db(db_path)
    plan = db.execute(
        "SELECT id FROM documents WHERE establishment = 'HMP Ashdown' AND kind = 'action_plan'"
    ).fetchone()[0]
    ids = [i for (i,) in db.execute("SELECT id FROM recommendations WHERE document_id = ?", [plan])]
    for rec_id in ids:
        set_status(db, "ann", (RECOMMENDATION, rec_id), "verified")
    linked = db.execute(
        "SELECT COUNT(*) FROM judgement_links WHERE recommendation_id IN "
        f"({','.join('?' * len(ids))})",
        ids,
    ).fetchone()[0]
    db.close()
    assert linked > 0  # the linker did link the plan's recommendations to judgements
    out = tmp_path / "v.sqlite"

    assert run("export", out, "--db", db_path, "--only-verified").exit_code == 0

    assert query(out, "SELECT COUNT(*) FROM recommendations") == [(len(ids),)]
    assert query(out, "SELECT COUNT(*) FROM judgements") == [(0,)]
    assert query(out, "SELECT COUNT(*) FROM judgement_links") == [(0,)]
    assert query(
        out, "SELECT COUNT(*) FROM recommendation_progress WHERE judgement_id IS NOT NULL"
    ) == [(0,)]
    assert query(out, "SELECT kind FROM documents") == [("action_plan",)]
