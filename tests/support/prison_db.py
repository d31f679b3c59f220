"""A database with one prison over time: three plans whose recommendations repeat, an IRP.

``prison_db(path)`` imports HMP Testshire's 2015, 2018 and 2021 plans
(``tests.support.repeat_plans``: 2015's 2.1 is repeated by 2018's 1.1 and by
2021's 5.8, a chain of three) and its 2022 IRP report, which judges 5.8 (ref
3.27) insufficient progress and 5.12 (ref 4.51) reasonable; then confirms the
2018 → 2015 link, so the chain has one confirmed link and one unconfirmed.
"""

from __future__ import annotations

from pathlib import Path

from extract.models import IRPReport, Judgement
from store import import_document, open_db
from store.review.repeat_link_changes import confirm_repeat_link
from tests.support.repeat_plans import SEGREGATION, VISITS, repeat_plan

ESTABLISHMENT = "HMP Testshire"


def testshire_irp() -> IRPReport:
    return IRPReport(
        text=f"Independent review of progress at {ESTABLISHMENT}\n{SEGREGATION}\n{VISITS}\n",
        establishment=ESTABLISHMENT,
        published="2022-09-14",
        judgements=[
            Judgement(1, "HMIP", "3.27", "Respect", SEGREGATION, "Insufficient progress"),
            Judgement(2, "HMIP", "4.51", "Respect", VISITS, "Reasonable progress"),
        ],
    )


def rec_id(db, year: int, rec_no: str) -> int:
    return db.execute(
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE d.establishment = ? AND d.published LIKE ? AND r.rec_no = ?",
        [ESTABLISHMENT, f"{year}-%", rec_no],
    ).fetchone()[0]


def prison_db(path: Path, *, confirm: bool = True) -> Path:
    db = open_db(path)
    try:
        for year in (2015, 2018, 2021):
            import_document(db, repeat_plan(year), f"testshire-{year}.txt")
        import_document(db, testshire_irp(), "testshire-irp-2022.txt")
        if confirm:
            confirm_repeat_link(db, rec_id(db, 2018, "1.1"), rec_id(db, 2015, "2.1"), "ann")
    finally:
        db.close()
    return path
