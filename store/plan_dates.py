"""When a document was: the years an inspection names, and what orders an establishment's plans.

Pure and light (no SQL library imported): ``hmip-review prison`` loads it at
start-up. Repeat linking, IRP linking and the prison report all order documents
by ``plan_date``, so "earlier" means the same everywhere.
"""

from __future__ import annotations

import re

# A 19xx or 20xx standing alone: no ASCII letter, digit or _ either side. ASCII, so
# that the view repeat_chains (store/views.py), which must give a plan the same year
# in SQL, can say it with GLOB (tests/store/test_plan_year_sql.py keeps them equal).
_YEAR = re.compile(r"(?<![0-9A-Za-z_])(?:19|20)[0-9]{2}(?![0-9A-Za-z_])")


def inspection_years(inspection: str | None) -> set[int]:
    """The years an inspection's dates as printed name ('30 November – 4 December 2020' →
    {2020}; '29 December 2021 – 7 January 2022' → {2021, 2022})."""
    return {int(y) for y in _YEAR.findall(inspection or "")}


def inspection_year(inspection: str | None) -> int | None:
    """The year an inspection ended, from its dates as printed ('2–6 August 2021' → 2021)."""
    return max(inspection_years(inspection), default=None)


def plan_date(row: dict) -> str | None:
    """What orders an establishment's documents in time: ``published``, else
    ``submitted`` (ISO dates), else the year its inspection ended ('2018'); None
    when there is none. ``row`` holds those columns (missing ones count as NULL)."""
    if row.get("published") or row.get("submitted"):
        return row.get("published") or row.get("submitted")
    year = inspection_year(row.get("inspection"))
    return str(year) if year else None


def dated(published: str | None, submitted: str | None, inspection: str | None) -> str | None:
    """``plan_date`` of a document's three columns, as a query reads them."""
    return plan_date({"published": published, "submitted": submitted, "inspection": inspection})


def year_of(date: str | None) -> int | None:
    """The year of a ``plan_date`` ('2018-05-20' → 2018), None for None."""
    return int(date[:4]) if date else None
