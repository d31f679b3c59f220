"""Target dates: split multi-target cells, read dates with python-dateutil.

Targets keep the text as printed; ``target_date`` is an ISO date where the
text names one. A month means its last day, "31/03/2022" is day-first, and a
financial quarter such as "Q3 2022-23" means that quarter's last day.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as dparser
from dateutil.relativedelta import relativedelta

MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH_RX = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a unit may carry a note: '(For bid process)' or '– reviewed quarterly'
_PAREN = r"(?:\s*\([^()]*\)|\s*[–—-]\s*[a-z]+(?:\s+[a-z]+){0,4}\b)?"
_UNIT = re.compile(
    r"(?:"
    r"(?:(?:end|start|beginning|early|mid|late)\s+(?:of\s+)?)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + _MONTH_RX + r"\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|" + _MONTH_RX + r"[-/' ]\d{2}\b"
    r"|q[1-4]\s*\d{4}(?:\s*[-/]\s*\d{2,4})?"
    r"|completed?|n/?a|ongoing|immediate(?:ly)?|tbc|in\s+place"
    r")" + _PAREN,
    re.I,
)
_COMPLETE = re.compile(r"^\s*(?:completed?|achieved|in place)\b", re.I)
_NOT_APPLICABLE = re.compile(r"^\s*(?:n/?a|not applicable)\s*$", re.I)
_NO_DATE_WORDS = re.compile(
    r"^\s*(?:ongoing|immediate(?:ly)?|continuous|with immediate effect|tbc|monthly|quarterly|annually|weekly)\b",
    re.I,
)
_QUARTER = re.compile(r"\bq([1-4])\s*(\d{4})(?:\s*[-/]\s*(\d{2,4}))?", re.I)
_HAS_DATE_PART = re.compile(_MONTH_RX + r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", re.I)


def split_targets(text: str) -> list[str]:
    """'Complete December 2021' → ['Complete', 'December 2021']; one item otherwise.

    A cell is split only when it is wholly made of two or more target units
    (dates, 'Complete', 'N/A', 'Ongoing', …), each with an optional bracketed
    note.
    """
    s = text.strip()
    if not s:
        return []
    units: list[str] = []
    pos = 0
    while pos < len(s):
        while pos < len(s) and s[pos] in " \t,;":
            pos += 1
        if pos >= len(s):
            break
        m = _UNIT.match(s, pos)
        if not m:
            return [s]
        units.append(s[m.start() : m.end()].strip())
        pos = m.end()
    return units if len(units) > 1 else [s]


def split_known_owners(owner: str, count: int, known: set[str]) -> list[str] | None:
    """'Deputy Governor Head of Safety' → two owners, when both are named alone elsewhere.

    Splits only when the words divide in exactly one way into ``count`` owners
    that each appear on their own in the same document.
    """
    words = owner.split()
    known = {k for k in known if k and k != owner}
    if count < 2 or len(words) < count or not known:
        return None
    found: list[list[str]] = []

    def walk(start: int, parts: list[str]) -> None:
        if len(found) > 1:
            return
        if start == len(words):
            if len(parts) == count:
                found.append(parts)
            return
        if len(parts) == count:
            return
        for end in range(start + 1, len(words) + 1):
            piece = " ".join(words[start:end])
            if piece in known:
                walk(end, [*parts, piece])

    walk(0, [])
    return found[0] if len(found) == 1 else None


def split_leading_targets(text: str, count: int) -> list[str] | None:
    """'Complete When regime restrictions allow' with count 2 → ['Complete', 'When …'].

    The first ``count - 1`` parts must be target units; the rest of the cell,
    whatever it says, is the last target. None when that does not fit.
    """
    parts: list[str] = []
    pos = 0
    s = text.strip()
    for _ in range(count - 1):
        while pos < len(s) and s[pos] in " \t,;":
            pos += 1
        m = _UNIT.match(s, pos)
        if not m:
            return None
        parts.append(s[m.start() : m.end()].strip())
        pos = m.end()
    rest = s[pos:].strip(" ,;")
    return [*parts, rest] if rest else None


def split_repeated_owner(owner: str, count: int) -> list[str] | None:
    """'Governor Governor' with count 2 → ['Governor', 'Governor']; else None."""
    words = owner.split()
    if count < 2 or len(words) % count:
        return None
    size = len(words) // count
    parts = [" ".join(words[i * size : (i + 1) * size]) for i in range(count)]
    return parts if len(set(parts)) == 1 else None


def repair_split_month(owner: str, target: str) -> str | None:
    """'Aug' | 'just 2022' (a month printed split over two cells) → 'August 2022'."""
    o = owner.strip().rstrip(".").lower()
    m = re.fullmatch(r"([a-z]{1,6})\s+(\d{4})", target.strip().lower())
    if not (2 <= len(o) <= 5 and o.isalpha() and m):
        return None
    candidates = [name for name in MONTHS if name.startswith(o)]
    if len(candidates) != 1:
        return None
    month = candidates[0]
    joined = o + m.group(1)
    if difflib.SequenceMatcher(None, joined, month).ratio() < 0.75:
        return None
    return f"{month.capitalize()} {m.group(2)}"


NO_TARGET_DATE = "no target date"  # the problem of an empty target


@dataclass
class TargetReading:
    target_date: str | None
    status: str
    problem: str | None = None  # why no date could be read, for a warning

    @property
    def unreadable(self) -> bool:
        """Something is written that is neither a date nor a status ('31 Febtember 2022'):
        the action cannot be judged overdue, which must be shown, never taken as 'no date'."""
        return self.problem is not None and self.problem != NO_TARGET_DATE


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _quarter_end(q: int, year: int, financial: bool) -> date:
    if financial:
        # UK financial year: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar of the next year.
        first_month = 4 + 3 * (q - 1)
        y = year + (first_month - 1) // 12
        month = (first_month - 1) % 12 + 1
    else:
        y, month = year, 3 * (q - 1) + 1
    return _month_end(date(y, month, 1) + relativedelta(months=2))


_MONTH_YY = re.compile(r"^\s*(" + _MONTH_RX + r")[-/' ](\d{2})\s*$", re.I)


_MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS, start=1)} | {
    m[:3]: i for i, m in enumerate(MONTHS, start=1)
}
_MONTH_NUMBER["sept"] = 9
_PLAIN_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$", re.I)
_PLAIN_MONTH_YEAR = re.compile(r"^([a-z]+)\s+(\d{4})$", re.I)
_PLAIN_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def plain_date(text: str) -> tuple[date, bool] | None:
    """The commonest printed dates, read without dateutil: (date, day printed), or None.

    '31 March 2024', '1st Sept 2023', 'March 2024', '31/03/2024'. Anything
    else (or an impossible day) is None, for dateutil's fuzzy reading; for
    these forms the result is the same as dateutil's (tests check both).
    """
    try:
        m = _PLAIN_DAY_MONTH_YEAR.match(text)
        if m and (month := _MONTH_NUMBER.get(m.group(2).lower())):
            return date(int(m.group(3)), month, int(m.group(1))), True
        m = _PLAIN_MONTH_YEAR.match(text)
        if m and (month := _MONTH_NUMBER.get(m.group(1).lower())):
            return date(int(m.group(2)), month, 1), False
        m = _PLAIN_NUMERIC.match(text)
        if m:
            return date(int(m.group(4)), int(m.group(3)), int(m.group(1))), True
    except ValueError:
        return None
    return None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """The date a target names (a month means its last day), or None.

    Cached: a plan repeats its few target dates many times, and dateutil's
    fuzzy parse is the slowest step of reading one.
    """
    s = re.sub(r"\([^()]*\)", " ", text).strip()
    short = _MONTH_YY.match(s)
    if short:  # 'Mar-24', a spreadsheet's month and two-digit year
        s = f"{short.group(1).rstrip('.')} 20{short.group(2)}"
    q = _QUARTER.search(s)
    if q:
        return _quarter_end(int(q.group(1)), int(q.group(2)), financial=bool(q.group(3)))
    if not _HAS_DATE_PART.search(s):
        return None
    s = re.sub(r"\b(?:end|start|beginning|early|mid|late)\s+(?:of\s+)?", " ", s, flags=re.I)
    plain = plain_date(s.strip())
    if plain:
        found, day_printed = plain
        if not 1990 <= found.year <= 2100:
            return None
        return found if day_printed else _month_end(found)
    try:
        first = dparser.parse(s, dayfirst=True, fuzzy=True, default=datetime(2000, 1, 1))
        second = dparser.parse(s, dayfirst=True, fuzzy=True, default=datetime(2000, 1, 2))
    except (ValueError, OverflowError):
        return None
    if first.year == 2000 and second.year == 2000 and not re.search(r"\b2000\b", s):
        return None  # no year printed
    if not 1990 <= first.year <= 2100:
        return None
    if first.day != second.day:  # no day printed: the month's last day
        return _month_end(first.date())
    return first.date()


def read_target(target: str | None) -> TargetReading:
    """Status and ISO date of one printed target."""
    t = (target or "").strip()
    if not t:
        return TargetReading(None, "open", NO_TARGET_DATE)
    if _NOT_APPLICABLE.match(t):
        return TargetReading(None, "not_applicable")
    if _COMPLETE.match(t):
        d = parse_date(t)
        return TargetReading(d.isoformat() if d else None, "complete")
    d = parse_date(t)
    if d:
        return TargetReading(d.isoformat(), "open")
    if _NO_DATE_WORDS.match(t):
        return TargetReading(None, "open")
    return TargetReading(None, "open", f"target {t!r} is not a readable date")
