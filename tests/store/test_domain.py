"""Domain facts have one home (store.domain / extract.domain) and every part agrees on them."""

from __future__ import annotations

import pytest

from extract import domain as extract_domain
from store import domain, import_document, open_db, schema
from store.reports.outstanding import find_establishment
from store.review.queue import QueueQuery, queue_page

NAMES = {
    "HMIRC Brook House": "Brook House",
    "HMP/YOI Marden Vale": "Marden Vale",
    "Belmarsh": "Belmarsh",
}


def test_the_database_checks_allow_exactly_the_domain_values():
    # schema.py keeps its own copies (a shipped migration never changes): they
    # must be the domain's, so that a value the app offers is one the file accepts
    assert schema.AGREEMENTS == domain.AGREEMENTS
    assert schema.REVIEW_STATUSES == domain.REVIEW_STATUSES
    assert schema.ACTION_STATUSES == domain.ACTION_STATUSES
    assert schema.JUDGEMENTS == domain.JUDGEMENTS
    assert set(domain.JUDGEMENTS) == {v for scale in domain.SCALES.values() for v in scale}


def test_store_domain_is_extract_domain_not_a_copy():
    for name in ("AGREEMENTS", "HMIP_SCALE", "OFSTED_SCALE", "SCALES", "ACTION_STATUSES"):
        assert getattr(domain, name) is getattr(extract_domain, name)


@pytest.mark.parametrize("name", NAMES)
def test_the_sql_short_name_is_the_python_one(db_path, name):
    db = open_db(db_path)
    try:
        sql = domain.short_name_sql("name")
        (short,) = db.execute(f"SELECT {sql} FROM (SELECT ? AS name)", [name]).fetchone()
    finally:
        db.close()
    assert short == domain.short_establishment(name) == NAMES[name]


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("HMIRC Brook House", "Brook House IRC"),
        ("HMP/YOI Marden Vale", "HMP & YOI Marden Vale"),
        ("Belmarsh", "HMP Belmarsh"),
    ],
)
def test_one_name_normalises_the_same_in_the_queue_the_lookup_and_linking(
    db_path, make_plan, make_irp, printed, typed
):
    db = open_db(db_path)
    try:
        import_document(db, make_plan("plan", establishment=printed), "plan.txt")
        irp = import_document(db, make_irp("irp", establishment=typed), "irp.txt")
        # the queue shows the name without its kind of place
        labels = {row.document for row in queue_page(db, QueueQuery()).rows}
        assert f"{NAMES[printed]} 2021" in labels
        assert f"{domain.short_establishment(typed)} IRP 2022" in labels
        # the outstanding lookup finds the plan's establishment from either spelling
        for query in (printed, typed, NAMES[printed].lower()):
            assert printed in find_establishment(db, query).names
        # IRP linking takes the plan printed with the other spelling as its plan
        linked = db.execute(
            "SELECT COUNT(*) FROM judgement_links l JOIN judgements j ON j.id = l.judgement_id "
            "WHERE j.document_id = ?",
            [irp.document_id],
        ).fetchone()[0]
        assert linked > 0
        assert domain.establishment_key(printed) == domain.establishment_key(typed)
    finally:
        db.close()
