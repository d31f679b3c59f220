"""Metadata of an IRP report: title, establishment, sign-off month, inspection followed up.

All are found by the report's wording conventions ("Report on an independent
review of progress at HMP X", the Chief Inspector's signature and its date,
"our most recent inspection in August 2021"), never by one report's text.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateparser

from extract.irp.layout import Layout, squash

_PREFIX = (
    r"(?:HMP\s*(?:&|and|/)\s*YOI|HMP/YOI|HMYOI|HMP|HMIRC|IRC|STC"
    r"|HM\s+Prison(?:\s+and\s+Young\s+Offender\s+Institution)?|HM\s+Young\s+Offender\s+Institution)"
)
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+(?:(?:of|upon|the)[ \t]+)?[A-Z][\w'’.-]*)*"
_ESTABLISHMENT = re.compile(rf"\b{_PREFIX}[ \t]+{_NAME}")
# fixed words are matched case-insensitively, the establishment's name is not
_TITLE = re.compile(
    r"(?i:(?:Report\s+(?:of|on)\s+an\s+)?independent\s+review\s+of\s+progress\s+at)\s+"
    rf"(?P<est>{_PREFIX}[ \t]+{_NAME})"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+\d{{4}}"
_SIGN_OFF_DATE = re.compile(rf"^\s*(?P<date>{_DATE})\s*\.?\s*$")
# a signature line: "HM Chief Inspector of Prisons", optionally "Name, …, April 2022"
_CHIEF = re.compile(
    r"^[ \t]*(?:[A-Z][\w'’.-]*,?[ \t]+){0,4}?[ \t]*"
    r"(?i:(?:HM|His\s+Majesty[’']s|Her\s+Majesty[’']s)[ \t]+)?(?i:Chief[ \t]+Inspector[ \t]+of[ \t]+Prisons)"
    rf"[ \t]*(?:,[ \t]*(?P<date>{_DATE}))?[ \t.]*$",
    re.M,
)
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:[–-]|to)\s*\d{1,2}(?:st|nd|rd|th)?)?"
_ONE_DATE = rf"(?:{_DAYS}\s+)?{_MONTH}(?:\s+\d{{4}})?"
_DATES = rf"(?:{_ONE_DATE}(?:\s*(?:[–-]|to|and|,)\s*{_ONE_DATE})*\s+\d{{4}}|{_ONE_DATE}|\d{{4}})"
_OF_PRISON = (
    rf"(?:\s+(?i:of)\s+(?:(?i:the)\s+)?(?:(?i:prison|establishment)|{_PREFIX}[ \t]+{_NAME}))?,?"
)
_HELD = r"\s+(?:(?i:carried\s+out|conducted|undertaken|which\s+took\s+place)\s+)?"
# "our most recent inspection in August 2021", "the full inspection of the prison in 2019"
_INSPECTION = re.compile(
    r"\b(?:(?i:most\s+recent|previous|last|full|original|unannounced)\s+)+(?i:inspection)"
    rf"{_OF_PRISON}{_HELD}(?i:in|on|of|during)\s+(?P<dates>{_DATES})\b"
)
# less specific: "the inspection in June 2023", "we last inspected Sallowfield in June 2023"
_INSPECTION_LOOSE = re.compile(
    rf"\b(?:(?i:inspection){_OF_PRISON}{_HELD}|(?i:inspected)\s+(?:{_PREFIX}[ \t]+)?(?:{_NAME}\s+)?)"
    rf"(?i:in|on|during)\s+(?P<dates>{_DATES})\b"
)
_YEAR_TAIL = re.compile(rf"(?:{_MONTH}\s+)?\d{{4}}$")


def title_and_establishment(layout: Layout) -> tuple[str | None, str | None]:
    for m in _TITLE.finditer(layout.text):
        title = squash(m.group(0))
        return title[0].upper() + title[1:], squash(m.group("est"))
    first = layout.sections[0] if layout.sections else None
    scope = layout.text[first.start : first.end] if first else layout.text
    m = _ESTABLISHMENT.search(scope) or _ESTABLISHMENT.search(layout.text)
    return None, squash(m.group(0)) if m else None


def published(layout: Layout, warnings: list[str]) -> str | None:
    """The month the Chief Inspector signed the summary off ('April 2022' → '2022-04-01')."""
    lines = layout.lines
    for i, line in enumerate(lines):
        m = _CHIEF.match(line.raw)
        if not m:
            continue
        found = m.group("date")
        if not found:
            near = [ln for ln in lines[i + 1 : i + 6] if not ln.blank][:3]
            near += [ln for ln in reversed(lines[max(0, i - 3) : i]) if not ln.blank][:2]
            found = next(
                (d.group("date") for ln in near if (d := _SIGN_OFF_DATE.match(ln.raw))), None
            )
        if found:
            return dateparser.parse(found, default=datetime(2000, 1, 1)).date().isoformat()
    warnings.append("no sign-off date by 'HM Chief Inspector of Prisons': published unknown")
    return None


def inspection(layout: Layout) -> tuple[str | None, int | None]:
    """The inspection followed up, as printed ('August 2021'), and its year.

    Looked for in the key findings, then the Chief Inspector's summary, then
    anywhere; a qualified mention ("most recent inspection in …") before a bare one.
    """
    key = layout.section_titled(r"key\s+findings")
    chief = layout.section_titled(r"chief\s+inspector")
    scopes = [layout.text[s.start : s.end] for s in (key, chief) if s] + [layout.text]
    for rx in (_INSPECTION, _INSPECTION_LOOSE):
        for scope in scopes:
            if m := rx.search(scope):
                dates = squash(m.group("dates"))
                tail = _YEAR_TAIL.search(dates)
                day_one = datetime(2000, 1, 1)
                year = dateparser.parse(tail.group(0), default=day_one).year if tail else None
                return dates, year
    return None, None
