"""The day a progress judgement recorded by hand was made, read from what a reviewer typed.

``judgements.judged_on`` is an ISO date, or NULL when the reviewer gave none
(never the day it was typed in). What the reviewer types is read with
python-dateutil:

* a day: '12 May 2023', '1st June 2023', '12/05/2023' and '12/5/23' (day
  first, as in the UK); year first is ISO: '2023-05-12', '2023/05/12';
* a month without a day means its last day, as a target date does:
  'May 2023' and '2023-05' are 2023-05-31;
* nothing (or only spaces) means no date.

Refused, with the reason in words: text that is not a date ('next week'), a
date without a year or a month ('12 May', 'Tuesday', '2023'), a day that does
not exist ('31 Feb 2023'), a year before 1990, and a day after today (for a
month: one that has not begun), since a judgement is not made in the future.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from store.db import StoreError

EARLIEST_YEAR = 1990  # before the inspectorate's reports in this form
EXAMPLES = "12 May 2023, 2023-05-12 or May 2023"
# Two defaults that differ in every part: a part the text leaves out reads differently.
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))
_YEAR_FIRST = re.compile(r"\d{4}\D")


def read_judged_on(typed: str | date | None, today: date | None = None) -> str | None:
    """The ISO date of what the reviewer typed, None for nothing; ``StoreError`` if unreadable."""
    if isinstance(typed, date):
        text, found, day_given = typed.isoformat(), typed, True
    else:
        text = " ".join((typed or "").split())
        if not text:
            return None
        found, day_given = _read(text)
    today = today or date.today()
    if found.year < EARLIEST_YEAR:
        raise StoreError(f"{text!r} is before {EARLIEST_YEAR}: give the day the judgement was made")
    if (found if day_given else found.replace(day=1)) > today:
        raise StoreError(f"{text!r} is after today: a judgement is not made in the future")
    return found.isoformat()


def describe_judged_on(judged_on: str | None) -> str:
    """'12 May 2023' for a stored ISO date; 'undated' for none."""
    if not judged_on:
        return "undated"
    try:
        day = date.fromisoformat(judged_on)
    except ValueError:
        return f"{judged_on} (not a date)"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _read(text: str) -> tuple[date, bool]:
    """(the date ``text`` names, whether it names a day): a month alone is its last day."""
    from dateutil import parser

    year_first = _YEAR_FIRST.match(text + " ") is not None
    try:
        first, second = (
            parser.parse(text, dayfirst=not year_first, yearfirst=year_first, default=default)
            for default in _DEFAULTS
        )
    except (ValueError, OverflowError) as exc:
        what = "not a day of the calendar" if "out of range" in str(exc) else "not a date"
        raise StoreError(f"{text!r} is {what} (try {EXAMPLES})") from None
    if first.year != second.year:
        raise StoreError(f"{text!r} has no year (try {EXAMPLES})")
    if first.month != second.month:
        raise StoreError(f"{text!r} has no month: give a day or a month (try {EXAMPLES})")
    if first.day != second.day:  # a month without a day: its last day
        last = calendar.monthrange(first.year, first.month)[1]
        return first.date().replace(day=last), False
    return first.date(), True
