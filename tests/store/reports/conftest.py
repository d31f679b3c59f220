"""Fixtures of the report tests: a database a reviewer has worked on."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from store import import_document, open_db

SECRET = "UNVERIFIED-PLAN-MARKER"


@pytest.fixture
def reviewed(db_path, make_plan, make_irp) -> Path:
    """A database a reviewer has worked on.

    Plan A (HMP Testshire): 1.1 and 1.2 verified, 1.3 flagged, 1.4 unreviewed.
    Plan B (HMP Elsewhere, its text carrying SECRET): nothing verified.
    IRP: judgement 1.38 (unreviewed) linked to the verified 1.1; 1.39 verified
    and linked to the unverified 1.3; the Ofsted theme unreviewed, linked to
    nothing. No link confirmed. Edits on 1.1 and 1.3.
    """
    db = open_db(db_path)
    plan = make_plan("a")
    plan.recommendations[0].recommendation = "Prisoners’ cells should be clean — “really”."
    import_document(db, plan, "a.txt")
    other = make_plan("b", establishment="HMP Elsewhere")
    import_document(db, dataclasses.replace(other, text=other.text + SECRET), "b.txt")
    import_document(db, make_irp(), "irp.txt")
    rec = {
        r["rec_no"]: r["id"]
        for r in db.query("SELECT r.id, r.rec_no FROM recommendations r WHERE document_id = 1")
    }
    judgement = {j["ref"]: j["id"] for j in db.query("SELECT id, ref FROM judgements")}
    db.execute("DELETE FROM judgement_links")  # set the links by hand, whatever linking did
    db["judgement_links"].insert_all(
        [
            {"judgement_id": judgement["1.38"], "recommendation_id": rec["1.1"], "score": 0.9},
            {"judgement_id": judgement["1.39"], "recommendation_id": rec["1.3"], "score": 0.7},
        ]
    )
    for rec_no, status in (("1.1", "verified"), ("1.2", "verified"), ("1.3", "flagged")):
        db.execute(
            "UPDATE recommendations SET review_status = ?, reviewer = 'ann' WHERE id = ?",
            [status, rec[rec_no]],
        )
    db.execute("UPDATE judgements SET review_status = 'verified' WHERE id = ?", [judgement["1.39"]])
    for rec_no in ("1.1", "1.3"):
        db["edits"].insert(
            {
                "at": "2024-01-02T03:04:05+00:00",
                "reviewer": "ann",
                "table_name": "recommendations",
                "row_id": rec[rec_no],
                "field": "review_status",
                "old": json.dumps("unreviewed"),
                "new": json.dumps("verified"),
            }
        )
    db.close()
    return db_path
