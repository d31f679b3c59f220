"""The fast reading of common printed dates agrees with dateutil's fuzzy reading.

``extract.dates.plain_date`` reads '31 March 2024', 'March 2024' and
'31/03/2024' without dateutil; ``parse_date`` and the metadata's
``parse_iso_date`` use it first. These tests read the same strings both ways
(the fast path switched off) and require the same answers.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import dates
from extract.action_plan import metadata
from extract.dates import MONTHS, parse_date, plain_date


def _slow_parse_date(text: str, monkeypatch) -> date | None:
    with monkeypatch.context() as m:
        m.setattr(dates, "plain_date", lambda _s: None)
        return dates.parse_date.__wrapped__(text)


def _slow_iso(text: str, monkeypatch) -> str | None:
    with monkeypatch.context() as m:
        m.setattr(metadata, "plain_date", lambda _s: None)
        return metadata.parse_iso_date(text)


ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def _forms(d: date) -> list[str]:
    name = MONTHS[d.month - 1]
    return [
        f"{d.day} {name.capitalize()} {d.year}",
        f"{d.day}{ORDINAL.get(d.day, 'th')} {name} {d.year}",
        f"{d.day:02d} {name[:3].upper()} {d.year}",
        f"{name.capitalize()} {d.year}",
        f"{name[:3]} {d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d.day}-{d.month:02d}-{d.year}",
        f"end of {name} {d.year}",
    ]


# each example patches and restores within monkeypatch.context(), so sharing the fixture is safe
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 12, 31)))
def test_the_fast_path_reads_every_common_form_as_dateutil_does(monkeypatch, d):
    for text in _forms(d):
        assert parse_date.__wrapped__(text) == _slow_parse_date(text, monkeypatch), text
        assert metadata.parse_iso_date(text) == _slow_iso(text, monkeypatch), text


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",  # no such day
        "05/13/2024",  # month-first, which dateutil turns round
        "13/25/2024",
        "Sept 2023",
        "1st Sept 2023",
        "March 24",  # two-digit year: left to dateutil
        "Marchember 2024",  # not a month
        "0/03/2024",
        "31 June 2024",
        "29 February 2023",
        "29 February 2024",
        "1 January 1989",
    ],
)
def test_odd_and_impossible_dates_agree_too(monkeypatch, text):
    assert parse_date.__wrapped__(text) == _slow_parse_date(text, monkeypatch)
    assert metadata.parse_iso_date(text) == _slow_iso(text, monkeypatch)


def test_what_the_fast_path_reads():
    assert plain_date("31 March 2024") == (date(2024, 3, 31), True)
    assert plain_date("1st Sept 2023") == (date(2023, 9, 1), True)
    assert plain_date("March 2024") == (date(2024, 3, 1), False)
    assert plain_date("31/03/2024") == (date(2024, 3, 31), True)
    assert plain_date("31/03-2024") is None  # mixed separators
    assert plain_date("31 Smarch 2024") is None
    assert plain_date("31 June 2024") is None
    assert parse_date("March 2024") == date(2024, 3, 31)  # a month means its last day
