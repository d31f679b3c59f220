"""Every document's review progress (the documents screen, `stats`), and which records a
document's own warnings name."""

from __future__ import annotations

import json

import pytest

from store import open_db
from store.domain import JUDGEMENT, RECOMMENDATION
from store.reports.documents import document_progress, document_warnings_for, warnings_naming
from store.reports.stats import stats
from tests.support.paths import REPO


def test_each_document_counts_its_records_by_status_with_the_last_reviewer(reviewed):
    db = open_db(reviewed, create=False)
    try:
        db.execute(
            "UPDATE recommendations SET reviewed_at = '2024-03-01T10:00:00+00:00' "
            "WHERE document_id = 1 AND rec_no = '1.3'"
        )
        db.execute(
            "UPDATE recommendations SET reviewer = 'bob', reviewed_at = "
            "'2024-03-02T09:00:00+00:00' WHERE document_id = 1 AND rec_no = '1.2'"
        )
        db.execute(
            "UPDATE documents SET warnings = ? WHERE kind = 'irp_report'",
            [json.dumps(["links: HMIP 1.39 linked to 1.3 with a low score (0.70): check it"])],
        )
        db.conn.commit()
        docs = {d.id: d for d in document_progress(db)}
    finally:
        db.close()
    plan, other, irp = docs[1], docs[2], docs[3]
    counts = (plan.records, plan.reviewed, plan.verified, plan.flagged, plan.rejected)
    assert counts == (4, 3, 2, 1, 0)
    assert plan.percent_reviewed == 75
    assert (plan.last_reviewer, plan.last_reviewed_at) == ("bob", "2024-03-02T09:00:00+00:00")
    assert plan.label == "Testshire 2021" and plan.kind_label == "plan"
    assert plan.document_warnings == ("summary table says 4 but 3 agreements were printed",)
    assert plan.warnings == plan.record_warnings + 1
    assert (other.reviewed, other.last_reviewer, other.last_reviewed_at) == (0, None, None)
    assert (irp.kind, irp.records, irp.reviewed, irp.verified) == ("irp_report", 3, 1, 1)
    assert irp.label == "Testshire IRP 2022"
    assert irp.record_warnings == 1  # the Ofsted theme's "theme number inferred"
    assert irp.document_warnings == (
        "links: HMIP 1.39 linked to 1.3 with a low score (0.70): check it",
    )
    assert irp.warnings == 2


def test_a_document_with_no_records_is_listed_as_done(db_path, make_plan):
    from store import import_document

    db = open_db(db_path)
    try:
        plan = make_plan()
        plan.recommendations.clear()
        import_document(db, plan, "empty.txt")
        (doc,) = document_progress(db)
    finally:
        db.close()
    assert (doc.records, doc.reviewed, doc.percent_reviewed) == (0, 0, None)


def test_stats_has_progress_by_document(reviewed):
    db = open_db(reviewed, create=False)
    try:
        result = stats(db)
    finally:
        db.close()
    assert result.by_document[0] == {
        "document": "Elsewhere 2021",
        "kind": "plan",
        "records": 4,
        "reviewed": 0,
        "verified": 0,
        "flagged": 0,
        "rejected": 0,
        "% reviewed": 0,
    }
    testshire = result.by_document[1]
    assert testshire["document"] == "Testshire 2021"
    assert (testshire["reviewed"], testshire["verified"], testshire["flagged"]) == (3, 2, 1)
    assert testshire["% reviewed"] == 75
    assert result.by_document[2]["kind"] == "IRP"


WARNINGS = [
    "links: Ofsted theme 1 linked to 5.15 with a low score (0.78): check it",
    "links: Ofsted theme 3 matched no recommendation of HMP Ashdown action plan",
    "links: HMIP 1.31 linked to 1.3 with a low score (0.61): check it",
]


@pytest.mark.parametrize(
    ("kind", "record", "named"),
    [
        (JUDGEMENT, {"inspectorate": "Ofsted", "ref": "1", "position": 7}, [0]),
        (JUDGEMENT, {"inspectorate": "Ofsted", "ref": "3", "position": 9}, [1]),
        (JUDGEMENT, {"inspectorate": "Ofsted", "ref": None, "position": 3}, [1]),
        (JUDGEMENT, {"inspectorate": "Ofsted", "ref": "2", "position": 8}, []),
        (JUDGEMENT, {"inspectorate": "HMIP", "ref": "1.31", "position": 4}, [2]),
        (JUDGEMENT, {"inspectorate": "HMIP", "ref": "1.3", "position": 3}, []),  # not 1.31
        (RECOMMENDATION, {"rec_no": "5.15"}, [0]),
        (RECOMMENDATION, {"rec_no": "5.1"}, []),  # not 5.15
        (RECOMMENDATION, {"rec_no": "1.3"}, [2]),
        (RECOMMENDATION, {"rec_no": "1"}, []),  # 'theme 1' names a judgement, not rec 1
        (RECOMMENDATION, {"rec_no": None}, []),
    ],
)
def test_a_warning_names_a_record_by_its_label_as_a_whole_word(kind, record, named):
    assert warnings_naming(WARNINGS, kind, record) == [WARNINGS[i] for i in named]


def test_the_samples_irp_warnings_reach_the_records_they_name(samples_db):
    db = open_db(samples_db, create=False)
    try:
        ids = dict(
            db.execute(
                "SELECT j.inspectorate || ' ' || j.ref, j.id FROM judgements j "
                "JOIN documents d ON d.id = j.document_id WHERE d.kind = 'irp_report'"
            ).fetchall()
        )
        rec_515 = db.execute(
            "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
            "WHERE d.establishment = 'HMP Ashdown' AND r.rec_no = '5.15'"
        ).fetchone()[0]
        theme_1 = document_warnings_for(db, JUDGEMENT, ids["Ofsted 1"])
        theme_2 = document_warnings_for(db, JUDGEMENT, ids["Ofsted 2"])
        theme_3 = document_warnings_for(db, JUDGEMENT, ids["Ofsted 3"])
        linked = document_warnings_for(db, RECOMMENDATION, rec_515)
        missing = document_warnings_for(db, RECOMMENDATION, 10_000)
    finally:
        db.close()
    low = "links: Ofsted theme 1 linked to 5.15 with a low score (0.78): check it"
    assert theme_1 == [low]
    assert theme_2 == []
    assert theme_3 and theme_3[0].startswith("links: Ofsted theme 3 matched no recommendation")
    assert linked == [low]  # on the plan's 5.15, through the IRP's link to it
    assert missing == []


def test_the_queue_counts_the_same_document_warnings_as_the_detail_pane(samples_db):
    """named_sql (the queue's ⚠ and w) and document_warnings_for (the detail pane) agree
    on every record of the samples."""
    from store.reports.documents import named_sql

    db = open_db(samples_db, create=False)
    try:
        for kind, table in ((RECOMMENDATION, "recommendations"), (JUDGEMENT, "judgements")):
            alias = "r" if kind == RECOMMENDATION else "j"
            counted = dict(
                db.execute(f"SELECT {alias}.id, {named_sql(kind, alias)} FROM {table} {alias}")
            )
            shown = {i: len(document_warnings_for(db, kind, i)) for i in counted}
            assert counted == shown
            assert any(counted.values())
    finally:
        db.close()


def test_the_w_filter_finds_the_records_a_document_warning_names(samples_db):
    from store.review.queue import QueueQuery, queue_page

    db = open_db(samples_db, create=False)
    try:
        rows = queue_page(db, QueueQuery(warnings_only=True), limit=200).rows
    finally:
        db.close()
    ashdown = {(r.document, r.no): r.warnings for r in rows if r.establishment == "HMP Ashdown"}
    assert ashdown == {
        ("Ashdown 2021", "5.15"): 1,  # linked to 5.15 with a low score
        ("Ashdown IRP 2022", "1"): 1,  # Ofsted theme 1
        ("Ashdown IRP 2022", "3"): 1,  # Ofsted theme 3 matched no recommendation
    }


def test_the_records_named_all_at_once_are_those_named_one_by_one(samples_db):
    """named_records_sql (the w filter's set, read once per page) finds exactly the
    records named_exists_sql finds record by record: on the samples, and with warnings
    that name a record only as a whole word ('HMIP 1.3' is not named by 'HMIP 1.31')."""
    from store.reports.documents import named_exists_sql, named_records_sql

    db = open_db(samples_db)
    try:
        irp = db.execute("SELECT id FROM documents WHERE kind = 'irp_report'").fetchone()[0]
        plan = db.execute(
            "SELECT document_id FROM recommendations WHERE rec_no = '5.1' LIMIT 1"
        ).fetchone()[0]
        db.execute(
            "UPDATE documents SET warnings = json_insert(warnings, '$[#]', ?) WHERE id = ?",
            ["check HMIP 1.31 and recommendation 5.1 (not 5.10)", irp],
        )
        db.execute(
            "UPDATE documents SET warnings = json_insert(warnings, '$[#]', ?) WHERE id = ?",
            ["LINKED TO 5.12: odd", plan],
        )
        db.conn.commit()
        at_once = set(db.execute(named_records_sql()).fetchall())
        one_by_one = set()
        for kind, table, alias in (
            (RECOMMENDATION, "recommendations", "r"),
            (JUDGEMENT, "judgements", "j"),
        ):
            sql = f"SELECT {alias}.id FROM {table} {alias} WHERE {named_exists_sql(kind, alias)}"
            one_by_one |= {(kind, i) for (i,) in db.execute(sql).fetchall()}
    finally:
        db.close()
    assert at_once == one_by_one
    named = {kind for kind, _ in at_once}
    assert named == {RECOMMENDATION, JUDGEMENT} and len(at_once) >= 5


def test_warnings_naming_loads_without_sqlite_utils():
    """bench/accuracy.py asks warnings_naming which rows a document warning names; it
    is run by the system Python too, which has the parser's dependencies and no
    sqlite-utils (sqlite_utils is only an annotation here)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['sqlite_utils'] = None\n"
        "from store.reports.documents import warnings_naming\n"
        "print(warnings_naming(['links: Ofsted theme 1 linked to 5.15 (0.78)'],"
        " 'recommendation', {'rec_no': '5.15'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['links: Ofsted theme 1 linked to 5.15 (0.78)']"
