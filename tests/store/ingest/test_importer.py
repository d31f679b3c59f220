"""Importing parsed documents: idempotent, one transaction per document."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

import store.ingest.importer
from store import StoreError, import_document, open_db


def counts(db):
    return {t: db[t].count for t in ("documents", "recommendations", "actions", "judgements")}


def test_importing_a_plan_stores_the_document_its_records_and_actions(db_path, make_plan):
    db = open_db(db_path)
    result = import_document(db, make_plan(), "testshire.txt")

    assert result.status == "imported"
    assert counts(db) == {"documents": 1, "recommendations": 4, "actions": 6, "judgements": 0}
    s = result.summary
    assert (s.kind, s.establishment, s.records, s.actions, s.warnings) == (
        "action_plan",
        "HMP Testshire",
        4,
        6,
        4,
    )
    doc = db["documents"].get(result.document_id)
    assert doc["title"] == "Action plan: HMP Testshire (published 2021-05-20)"
    assert doc["source_name"] == "testshire.txt"
    assert doc["parser_version"] == store.ingest.importer.PARSER_VERSION
    assert json.loads(doc["stated_counts"])["Total"] == 4
    assert json.loads(doc["warnings"]) == ["summary table says 4 but 3 agreements were printed"]
    assert datetime.fromisoformat(doc["imported_at"]).utcoffset().total_seconds() == 0
    assert len(doc["sha256"]) == 64 and doc["layout"] == "word_table"


def test_record_fields_are_stored_as_parsed(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    first, second, _, fourth = db["recommendations"].rows_where(order_by="position")
    assert (first["rec_no"], first["agreement"], first["ref"], first["addressee"]) == (
        "1.1",
        "Agreed",
        "1.38",
        "governor",
    )
    assert first["agreement_printed"] == 1 and fourth["agreement_printed"] == 0
    assert second["agreement_printed"] is None
    assert json.loads(first["warnings"]) == []
    assert json.loads(fourth["warnings"]) == [
        "agreement cell is blank",
        "rec no inferred from neighbours",
    ]
    assert {r["review_status"] for r in db["recommendations"].rows} == {"unreviewed"}
    actions = list(db["actions"].rows_where("recommendation_id = ?", [first["id"]], "position"))
    assert [(a["owner"], a["target"], a["target_date"], a["status"]) for a in actions] == [
        ("Governor", "December 2020", "2020-12-31", "open"),
        ("Head of Safety", "December 2999", "2999-12-31", "open"),
        ("Governor", "Complete", None, "complete"),
    ]


def test_importing_the_same_text_again_changes_nothing(db_path, make_plan):
    db = open_db(db_path)
    first = import_document(db, make_plan(), "testshire.txt")
    before = counts(db)
    again = import_document(db, make_plan(), "renamed-copy.txt")

    assert again.status == "unchanged"
    assert again.document_id == first.document_id
    assert again.summary == first.summary
    assert counts(db) == before
    assert db["documents"].get(first.document_id)["source_name"] == "testshire.txt"


def test_a_different_text_is_a_new_document(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan("one"), "one.txt")
    assert import_document(db, make_plan("two"), "two.txt").status == "imported"
    assert counts(db)["documents"] == 2


def test_a_failure_mid_import_leaves_no_trace_of_the_document(db_path, make_plan, monkeypatch):
    db = open_db(db_path)
    import_document(db, make_plan("earlier"), "earlier.txt")
    before = counts(db)
    real_insert = store.ingest.importer._insert_recommendation
    inserted = []

    def insert_then_fail(db, rec, document_id):
        real_insert(db, rec, document_id)
        inserted.append(rec.rec_no)
        if len(inserted) == 2:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(store.ingest.importer, "_insert_recommendation", insert_then_fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_document(db, make_plan("doomed"), "doomed.txt")

    assert inserted == ["1.1", "1.2"]
    assert counts(db) == before
    assert [d["source_name"] for d in db["documents"].rows] == ["earlier.txt"]
    monkeypatch.undo()
    assert import_document(db, make_plan("doomed"), "doomed.txt").status == "imported"


def test_a_value_the_schema_refuses_is_a_store_error_and_stores_nothing(db_path, make_plan):
    db = open_db(db_path)
    plan = make_plan()
    plan.recommendations[2].agreement = "Maybe"
    with pytest.raises(StoreError, match="refused"):
        import_document(db, plan, "bad.txt")
    assert counts(db) == {"documents": 0, "recommendations": 0, "actions": 0, "judgements": 0}


def test_an_irp_report_stores_its_judgements(db_path, make_irp):
    db = open_db(db_path)
    result = import_document(db, make_irp(), "irp.txt")

    assert result.status == "imported"
    # one judgement warning, and one on the document: no action plan to link to yet
    assert (result.summary.kind, result.summary.records, result.summary.warnings) == (
        "irp_report",
        3,
        2,
    )
    doc = db["documents"].get(result.document_id)
    assert "no action plan" in doc["warnings"]
    assert doc["title"] == "IRP report: HMP Testshire (published 2022-10-01)"
    assert doc["submitted"] is None
    rows = list(db["judgements"].rows_where(order_by="position"))
    assert [(j["inspectorate"], j["ref"], j["judgement"]) for j in rows] == [
        ("HMIP", "1.38", "Good progress"),
        ("HMIP", "1.39", "No meaningful progress"),
        ("Ofsted", "1", "Reasonable progress"),
    ]
    assert rows[2]["summary"] == "Leaders have improved education."
    assert rows[2]["paragraphs"] == "3.20-3.24"
    assert {j["document_id"] for j in rows} == {result.document_id}
    assert {j["review_status"] for j in rows} == {"unreviewed"}
    assert import_document(db, make_irp(), "irp.txt").status == "unchanged"
    assert db["judgements"].count == 3


def test_reparse_updates_records_in_place_and_keeps_what_it_no_longer_finds(db_path, make_plan):
    db = open_db(db_path)
    first = import_document(db, make_plan(), "testshire.txt")
    ids = [r["id"] for r in db["recommendations"].rows_where(order_by="position")]
    better = make_plan()
    better.recommendations[1].agreement = "Agreed"
    del better.recommendations[3]

    result = import_document(db, better, "testshire.txt", reparse=True)

    assert result.status == "reparsed"
    assert result.describe() == "reparsed: 1 updated, 1 kept (not found)"
    assert result.document_id == first.document_id
    assert counts(db) == {"documents": 1, "recommendations": 4, "actions": 6, "judgements": 0}
    rows = list(db["recommendations"].rows_where(order_by="position"))
    assert [r["id"] for r in rows] == ids  # updated in place: ids (and links) stay
    assert [r["agreement"] for r in rows] == ["Agreed", "Agreed", "Not Agreed", None]
    assert [r["review_status"] for r in rows] == ["unreviewed"] * 3 + ["flagged"]
    assert rows[3]["note"].startswith("Not found when the document was parsed again")


def test_a_newer_parser_version_reparses_and_records_its_version(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt", parser_version="1")
    result = import_document(db, make_plan(), "testshire.txt", parser_version="2")
    assert result.status == "reparsed"
    assert db["documents"].get(result.document_id)["parser_version"] == "2"
    assert counts(db)["recommendations"] == 4
    older = import_document(db, make_plan(), "testshire.txt", parser_version="1")
    assert older.status == "unchanged"  # an older parser never overwrites a newer one's work


@pytest.mark.parametrize(
    "review",
    [
        "UPDATE recommendations SET review_status = 'verified' WHERE position = 2",
        "UPDATE recommendations SET note = 'check the owner' WHERE position = 1",
    ],
    ids=["status", "note"],
)
def test_reparse_of_a_reviewed_document_keeps_the_review(db_path, make_plan, review):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    db.execute(review)
    reviewed = ("id", "review_status", "reviewer", "reviewed_at", "note")
    before = [{k: r[k] for k in reviewed} for r in db["recommendations"].rows]
    changed = make_plan()
    changed.recommendations[2].agreement = "Agreed"

    result = import_document(db, changed, "testshire.txt", reparse=True)

    assert result.status == "reparsed"
    assert [{k: r[k] for k in reviewed} for r in db["recommendations"].rows] == before
    assert db["recommendations"].get(before[2]["id"])["agreement"] == "Agreed"
    assert counts(db)["actions"] == 6


def test_reparse_keeps_a_reviewed_irp_report_judgement(db_path, make_irp):
    db = open_db(db_path)
    import_document(db, make_irp(), "irp.txt")
    db.execute("UPDATE judgements SET review_status = 'flagged' WHERE position = 1")
    result = import_document(db, make_irp(), "irp.txt", reparse=True)
    assert result.describe() == "reparsed: no changes"
    assert db["judgements"].count == 3
    assert db.execute("SELECT review_status FROM judgements WHERE position = 1").fetchone() == (
        "flagged",
    )


def test_many_documents_syncs_once_at_the_end_and_restores_the_setting(
    db_path, make_plan, monkeypatch
):
    db = open_db(db_path)
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: each commit synced
    synced = []
    real_fsync = store.ingest.importer.os.fsync
    monkeypatch.setattr(
        store.ingest.importer.os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd)
    )
    with store.ingest.importer.many_documents(db):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL inside
        result = import_document(db, make_plan(), "testshire.txt")
        assert synced == []
    assert len(synced) == 1  # the write-ahead log, once
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    # committed and readable from another connection, like any import
    other = open_db(db_path)
    assert other["documents"].get(result.document_id)["source_name"] == "testshire.txt"


def test_many_documents_restores_the_setting_when_the_import_fails(db_path):
    db = open_db(db_path)
    with pytest.raises(RuntimeError), store.ingest.importer.many_documents(db):
        raise RuntimeError("stopped")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_a_plan_kept_without_records_gets_them_from_a_parser_that_reads_its_table(db_path):
    # stored as a plan whose table was not read; a later parser reads the same text
    from extract import ParseError, parse_document
    from extract.kind import plan_without_records
    from tests.support.paths import SAMPLES

    text = (SAMPLES / "ashdown_action_plan_2021.txt").read_text(encoding="utf-8")
    db = open_db(db_path)
    kept = import_document(db, plan_without_records(text, ParseError("unread")), "plan.txt")
    assert (kept.describe(), kept.no_records, kept.summary.establishment) == (
        "imported (no records)",
        True,
        "HMP Ashdown",
    )
    assert import_document(db, parse_document(text), "plan.txt").describe() == (
        "unchanged (no records)"  # the same parser version: left alone
    )

    read = import_document(db, parse_document(text), "plan.txt", parser_version="999")

    assert read.status == "reparsed" and not read.no_records
    assert read.summary.records == 18
    assert read.describe().startswith("reparsed: 18 added")
    assert json.loads(db["documents"].get(read.document_id)["warnings"]) == []
