"""Hand-built action plans of one prison across three inspections, for repeat-link tests.

``repeat_plan(year)`` builds HMP Testshire's plan of that year. Each row is
(rec_no, ref, repeated_ref, text): the 2018 plan repeats the 2015 plan's 2.30
(as its 1.22) and the 2021 plan repeats the 2018 plan's 1.22 (as its 3.27), so
the three make a chain; the 2021 plan's 4.40 repeats 2018's 2.51 with another
text, and its 4.50 repeats a paragraph no plan prints.
"""

from __future__ import annotations

from extract.models import Action, ActionPlan, Recommendation

SEGREGATION = (
    "Prisoners held in the segregation unit should be able to attend education and the gym "
    "while they are segregated."
)
SEGREGATION_2018 = (
    "Segregated prisoners should be able to attend education classes and the gym while they "
    "are held in the segregation unit."
)
DENTIST = "Prisoners should be able to see a dentist within six weeks of referral."
LAUNDRY = "The laundry should wash prisoners' bedding every week and return it the same day."
VISITS = "Visits should start on time and last for the full booked session."
LIBRARY = "Every prisoner should be able to visit the library at least once a week."
FOOD = "Prisoners should be able to buy fresh fruit through the prison shop."
KITCHEN = "The kitchen should serve hot meals at the times set out in the regime."

ROWS = {
    2015: [("2.1", "2.30", None, SEGREGATION), ("2.2", "2.31", None, VISITS)],
    2018: [
        ("1.1", "1.22", "2.30", SEGREGATION_2018),
        ("1.2", "2.51", None, DENTIST),
        ("1.3", "2.60", None, LIBRARY),
        ("1.4", "2.61", None, KITCHEN),
    ],
    2021: [
        ("5.8", "3.27", "1.22", SEGREGATION),
        ("5.10", "4.40", "2.51", LAUNDRY),  # the ref matches, the text does not
        ("5.11", "4.50", "9.99", FOOD),  # no plan prints 9.99
        ("5.12", "4.51", None, VISITS),
    ],
}


def repeat_plan(
    year: int, establishment: str = "HMP Testshire", rows: list | None = None
) -> ActionPlan:
    """HMP Testshire's action plan of ``year`` (published in May of it)."""
    rows = ROWS[year] if rows is None else rows
    recs = [
        Recommendation(
            position=n,
            rec_no=rec_no,
            rec_no_as_printed=rec_no,
            section="Recommendations",
            ref=ref,
            repeated_ref=repeated,
            agreement="Agreed",
            agreement_printed=True,
            recommendation=text,
            actions=[Action(1, "Governor", f"December {year + 1}", f"{year + 1}-12-31")],
        )
        for n, (rec_no, ref, repeated, text) in enumerate(rows, start=1)
    ]
    return ActionPlan(
        text=f"Action plan {establishment} {year}\n" + "\n".join(r[3] for r in rows),
        establishment=establishment,
        inspection=f"1-5 March {year}",
        submitted=f"{year}-06-01",
        published=f"{year}-05-20",
        layout="word_table",
        recommendations=recs,
    )
