"""Document metadata lines of an action plan: establishment and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as dparser

from extract.dates import plain_date

_ESTAB_PREFIX = r"(?:HMP\s*/\s*YOI|HMP\s*&\s*YOI|HMYOI|HMP|HMIRC|IRC|YOI|STC|HM\s+Prison)"
_PLAN_TITLE = re.compile(
    r"^\s*(?:HMPPS\s+|NOMS\s+)?Action\s+Plan\s*(?:for\s*)?:\s*(?P<name>.+?)\s*$", re.I | re.M
)
_ESTAB_LINE = re.compile(r"^\s*ESTABLISHMENT\s*:\s*(?P<name>.+?)\s*$", re.I | re.M)
_SUBMITTED = re.compile(
    r"^\s*(?:Date\s+(?:of\s+)?)?(?:Action\s+Plan\s+)?(?:Submitted|Submission)"
    r"(?:\s+date)?(?:\s+on)?\s*:\s*(?P<v>.+?)\s*$",
    re.I | re.M,
)
_PUBLISHED = re.compile(
    r"^\s*(?:(?:Date\s+(?:of\s+)?)?(?:Inspection\s+|the\s+)?Report\s+Published"
    r"|(?:Report\s+)?Publication\s+date|Date\s+(?:of\s+)?publication)\s*:\s*(?P<v>.+?)\s*$",
    re.I | re.M,
)
_INSPECTION = re.compile(
    r"^\s*(?:A\s+Response\s+to\s+the\s+HM\w*\s+Inspection\s*(?:of\s+[^:]+)?"
    r"|(?:HMIP\s+|Full\s+)?Inspection\s+dates?|Dates?\s+of\s+(?:the\s+)?inspection)"
    r"\s*:\s*(?P<v>.+?)\s*$",
    re.I | re.M,
)


@dataclass
class PlanMetadata:
    establishment: str | None = None
    title: str | None = None
    inspection: str | None = None
    submitted: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


def tidy_establishment(name: str) -> str:
    """'HMP ASHDOWN' → 'HMP Ashdown'; prefixes stay upper case."""
    name = re.sub(r"\s+", " ", name).strip().rstrip(".")
    m = re.match(_ESTAB_PREFIX + r"\b\s*", name, re.I)
    prefix, rest = (m.group(0).strip(), name[m.end() :]) if m else ("", name)
    if rest.isupper() or rest.islower():
        rest = " ".join(
            w if w in {"and", "of", "&"} else w.capitalize() for w in rest.lower().split()
        )
    prefix = re.sub(r"\s+", "", prefix.upper()).replace("HMPRISON", "HMP") if prefix else ""
    prefix = prefix.replace("/", "/").replace("&", " & ")
    return f"{prefix} {rest}".strip()


def parse_iso_date(value: str) -> str | None:
    """A printed date ('2 December 2021', '18th January 2019', '21/06/2022') as ISO, or None."""
    v = re.sub(r"\([^()]*\)", " ", value).strip()
    if not re.search(r"\d", v):
        return None
    plain = plain_date(v)
    if plain:
        found, day_printed = plain
        return found.isoformat() if day_printed and 1990 <= found.year <= 2100 else None
    try:
        first = dparser.parse(v, dayfirst=True, fuzzy=True, default=datetime(2000, 1, 1))
        second = dparser.parse(v, dayfirst=True, fuzzy=True, default=datetime(2000, 1, 2))
    except (ValueError, OverflowError):
        return None
    if first.day != second.day or not 1990 <= first.year <= 2100:
        return None
    return first.date().isoformat()


def read_metadata(text: str) -> PlanMetadata:
    head = text[:20000]
    meta = PlanMetadata()
    title = _PLAN_TITLE.search(head)
    estab = _ESTAB_LINE.search(head)
    if title and not re.match(r"^HM\w*\s+report", title.group("name"), re.I):
        meta.establishment = tidy_establishment(title.group("name"))
        meta.title = f"Action Plan: {meta.establishment}"
    elif estab:
        meta.establishment = tidy_establishment(estab.group("name"))
        meta.title = f"Action Plan: {meta.establishment}"
    else:
        meta.warnings.append("no establishment named ('Action Plan: …' or 'ESTABLISHMENT: …')")
    for attr, rx, label in (
        ("submitted", _SUBMITTED, "Action Plan Submitted"),
        ("published", _PUBLISHED, "Report Published"),
    ):
        m = rx.search(head)
        if not m:
            meta.warnings.append(f"no '{label}' date")
            continue
        iso = parse_iso_date(m.group("v"))
        if iso is None:
            meta.warnings.append(f"'{label}' date {m.group('v')!r} is not readable")
        setattr(meta, attr, iso)
    m = _INSPECTION.search(head)
    if m:
        meta.inspection = m.group("v").strip()
    else:
        meta.warnings.append("no inspection dates ('A Response to the HMIP Inspection: …')")
    return meta
