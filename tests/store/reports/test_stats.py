"""The outstanding_actions view and the counts behind `stats` and the app's list."""

from __future__ import annotations

from store import import_document, list_records, open_db, stats


def outstanding(db):
    return {
        (row["rec_no"], row["owner"], row["target"]): row["overdue"]
        for row in db.query("SELECT * FROM outstanding_actions")
    }


def test_outstanding_lists_open_actions_of_agreed_and_partly_agreed_recommendations(
    db_path, make_plan
):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")

    assert outstanding(db) == {
        ("1.1", "Governor", "December 2020"): 1,  # past target date: overdue
        ("1.1", "Head of Safety", "December 2999"): 0,  # future: not yet
        ("1.2", "Governor", "Ongoing"): 0,  # no date: never overdue
    }  # not: 1.1's complete action, 1.3 Not Agreed, 1.4 without agreement


def test_outstanding_rows_carry_the_ids_to_reach_their_records(db_path, make_plan):
    db = open_db(db_path)
    result = import_document(db, make_plan(), "testshire.txt")
    row = next(db.query("SELECT * FROM outstanding_actions WHERE target_date = '2020-12-31'"))
    action = db["actions"].get(row["action_id"])
    recommendation = db["recommendations"].get(row["recommendation_id"])
    assert action["recommendation_id"] == recommendation["id"]
    assert recommendation["rec_no"] == row["rec_no"] == "1.1"
    assert row["document_id"] == result.document_id
    assert row["establishment"] == "HMP Testshire"


def test_outstanding_follows_the_database_as_it_changes(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    db.execute("UPDATE actions SET status = 'complete' WHERE target = 'Ongoing'")
    db.execute("UPDATE recommendations SET review_status = 'rejected' WHERE rec_no = '1.1'")
    db.execute("UPDATE recommendations SET agreement = 'Agreed' WHERE rec_no = '1.4'")
    assert outstanding(db) == {("1.4", "HMPPS", "January 2001"): 1}


def test_stats_counts_by_establishment_status_agreement_and_judgement(db_path, make_plan, make_irp):
    db = open_db(db_path)
    import_document(db, make_plan("a"), "a.txt")
    import_document(db, make_plan("b", establishment="HMP Elsewhere"), "b.txt")
    import_document(db, make_irp(), "irp.txt")
    db.execute("UPDATE recommendations SET review_status = 'verified' WHERE id IN (1, 2)")

    result = stats(db)

    assert result.totals == {
        "documents": 3,
        "recommendations": 8,
        "actions": 12,
        "judgements": 3,
        "outstanding": 6,
        "overdue": 2,
    }
    assert result.by_establishment == [
        {
            "establishment": "HMP Elsewhere",
            "documents": 1,
            "recommendations": 4,
            "actions": 6,
            "judgements": 0,
            "outstanding": 3,
            "overdue": 1,
        },
        {
            "establishment": "HMP Testshire",
            "documents": 2,
            "recommendations": 4,
            "actions": 6,
            "judgements": 3,
            "outstanding": 3,
            "overdue": 1,
        },
    ]
    assert result.by_review_status[:2] == [
        {"review_status": "unreviewed", "recommendations": 6, "judgements": 3},
        {"review_status": "verified", "recommendations": 2, "judgements": 0},
    ]
    assert result.by_agreement == [
        {"agreement": "Agreed", "recommendations": 2},
        {"agreement": "Partly Agreed", "recommendations": 2},
        {"agreement": "Not Agreed", "recommendations": 2},
        {"agreement": "(none)", "recommendations": 2},
    ]
    assert result.by_judgement == [
        {"inspectorate": "HMIP", "judgement": "No meaningful progress", "judgements": 1},
        {"inspectorate": "HMIP", "judgement": "Good progress", "judgements": 1},
        {"inspectorate": "Ofsted", "judgement": "Reasonable progress", "judgements": 1},
    ]


def test_stats_of_an_empty_database(db_path):
    result = stats(open_db(db_path))
    assert set(result.totals.values()) == {0}
    assert result.by_establishment == result.by_agreement == result.by_judgement == []


def test_list_records_gives_each_recommendation_in_document_order(db_path, make_plan):
    db = open_db(db_path)
    import_document(db, make_plan(), "testshire.txt")
    records = list_records(db)
    assert [(r.rec_no, r.agreement, r.actions, r.warnings) for r in records] == [
        ("1.1", "Agreed", 3, 0),
        ("1.2", "Partly Agreed", 1, 1),
        ("1.3", "Not Agreed", 1, 0),
        ("1.4", None, 1, 2),
    ]
    assert {(r.establishment, r.review_status) for r in records} == {
        ("HMP Testshire", "unreviewed")
    }
