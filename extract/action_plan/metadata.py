"""Document metadata lines of an action plan: establishment and dates.

Plans print these in many ways, all read here: a label then its value, with or
without a colon or dash, in any case ("Action Plan Submitted 05 November 2019",
"Date of submission – 5th Nov 2019", "Submitted on 1st March 2023"); the value
after a phrase ("A Response to the HMIP Inspection of HMP X 23 April – 3 May
2019"); the value in the next table cell or on the line below, or a heading table
read column by column (labels first, then their values, paired in order); several
labels on one line. Dates are read with python-dateutil (day first; ISO year
first). Weak evidence is reported in a warning: a value paired by order only, an
establishment without a label, two different values for one field, dates in an
order no plan has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from dateutil import parser as dparser

from extract.dates import plain_date

_ESTAB_PREFIX = (
    r"(?:HMP\s*/\s*YOI|HMP\s*&\s*YOI|HMP\s+and\s+YOI|HMYOI|HMP|HMIRC|IRC|YOI|STC"
    r"|HM\s+Young\s+Offender\s+Institution|Her\s+Majesty[’']s\s+Prison"
    r"|His\s+Majesty[’']s\s+Prison|HM\s+Prison(?!\s*(?:&|and)\s*Probation|\s+Service))"
)
_NAME_WORD = r"[A-Z][\w'’.\-]*"
# a printed establishment: prefix, then a capitalised name ('HMP Isle of Wight')
_ESTABLISHMENT = re.compile(
    rf"\b{_ESTAB_PREFIX}\s+{_NAME_WORD}(?:[ \t]+(?:(?:of|upon|on|the|in|and|&)[ \t]+)?{_NAME_WORD})*",
)
_PLAN_WORDS = r"(?:(?:HMPPS|NOMS|HMIP)\s+)?Action\s+Plan"
# 'Action Plan: HMP X', 'HMPPS Action Plan for HMP X', 'Action Plan – HMP X',
# 'Action Plan HMP X' (no separator: the name must start with a prefix)
_PLAN_TITLE = re.compile(
    rf"^\s*{_PLAN_WORDS}\s*(?:(?:for\b|[:–—-])\s*)+(?P<name>[^\t\n]+?)\s*$"
    rf"|^\s*{_PLAN_WORDS}\s+(?P<bare>{_ESTAB_PREFIX}\b[^\t\n]+?)\s*$",
    re.I,
)
# 'HMP X Action Plan', 'HMP X – action plan 2019', 'HMP X: HMPPS Action Plan'
_NAME_THEN_TITLE = re.compile(
    rf"^\s*(?P<name>{_ESTAB_PREFIX}\s+[^\t\n]+?)\s*(?:[:–—-]\s*)?{_PLAN_WORDS}\b[^\t\n]*$",
    re.I,
)
_ESTAB_LINE = re.compile(
    r"^\s*(?:ESTABLISHMENT(?:\s+name)?|Name\s+of\s+(?:the\s+)?(?:establishment|prison)"
    r"|Prison(?:\s+name)?)\s*(?:[:–—-]\s*|\t\s*|\s+(?=" + _ESTAB_PREFIX + r"\b))"
    r"(?P<name>[^\t\n]+?)\s*$",
    re.I,
)
_OF_ESTABLISHMENT = re.compile(
    rf"(?i:inspection\s+of\s+(?:the\s+)?)(?P<name>{_ESTABLISHMENT.pattern})"
)
_NOT_A_NAME = re.compile(r"^(?:HM\w*\s+report|submitted|submission|report|date)\b", re.I)
_INTRODUCTION = re.compile(r"^\s*INTRODUCTION\s*$")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:\s?(?:st|nd|rd|th))?"
_YEAR = r"(?:19|20)\d{2}"
_ISO = re.compile(rf"\b{_YEAR}-\d{{1,2}}-\d{{1,2}}\b")
# one printed date with its day: '5th of November 2019', 'November 5, 2019', '05/11/2019'
_ONE_DATE = re.compile(
    rf"\b{_DAY}\s*(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:{_YEAR}|\d{{2}})\b"
    rf"|{_ISO.pattern}",
    re.I,
)
# where the dates of an inspection start: a day number or a month name
_DATES_START = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\b|{_MONTH}(?![a-z]))", re.I)
_MONTH_WORD = re.compile(rf"\b{_MONTH}(?![a-z])", re.I)

_HMIP = (
    r"(?:HM\w*|(?:HM|His\s+Majesty[’']s|Her\s+Majesty[’']s|the)\s+Inspectorate(?:\s+of\s+Prisons)?)"
)
_DATE_OF = r"(?:(?:the\s+)?dates?\s+(?:of\s+)?(?:the\s+)?)"
_LABELS: dict[str, str] = {
    "submitted": (
        rf"{_DATE_OF}?(?:(?:the\s+)?(?:HMPPS\s+|NOMS\s+)?(?:action\s+plan|response)\s+(?:was\s+)?)?"
        r"(?:submitted|submission)(?:\s+date)?"
        rf"(?:\s+to\s+{_HMIP})?(?:\s+(?:on|date))?"
        rf"|{_DATE_OF}(?:the\s+)?action\s+plan|action\s+plan\s+dated?"
    ),
    "published": (
        rf"{_DATE_OF}?(?:(?:(?:HMIP|HMCIP|inspection|the|final|full)\s+)*report\s+)?"
        r"(?:was\s+)?(?:published|publication)(?:\s+date)?(?:\s+(?:on|date))?"
        rf"|{_DATE_OF}(?:the\s+)?(?:report\s+)?publication"
    ),
    "inspection": (
        rf"a\s+response\s+to\s+(?:the\s+)?(?:{_HMIP}|[\w'’&]+(?:\s+[\w'’&]+){{0,6}}?)"
        r"\s+(?:(?:full|unannounced|announced)\s+)?inspection"
        r"|(?:(?:HMIP|HMCIP|full|unannounced|announced)\s+)*inspection"
        r"(?:\s+(?:dates?|date\(s\)|period|took\s+place|carried\s+out|held))?"
        rf"|{_DATE_OF}(?:(?:HMIP|HMCIP|full|unannounced|announced)\s+)*inspection"
        r"|date\(s\)\s+of\s+(?:the\s+)?inspection|dates?\s+inspected|inspected"
    ),
}
_PRINTED_LABEL = dict(  # each field's label in a warning
    submitted="Action Plan Submitted",
    published="Report Published",
    inspection="A Response to the HMIP Inspection",
)
# a label starts a line or a table cell (after a tab, or a wide gap in a PDF line),
# or follows the year that ends the value before it
_CELL_START = r"(?:^|\t|(?<=\S)\s{3,}|(?<=\d{4})[ \t]+)[ \t]*(?:[•·\-–*]\s+)?"
_LABEL_RX = re.compile(
    _CELL_START
    + r"(?:"
    + "|".join(rf"(?P<{name}>{rx})" for name, rx in _LABELS.items())
    + r")\b[ \t]*(?:[:–—-][ \t]*)?",
    re.I,
)
# another field's label run on after the inspection dates with a single space
_NEXT_LABEL = re.compile(rf"\s+(?=(?:{_LABELS['submitted']}|{_LABELS['published']})\b)", re.I)
# between an inspection label and its dates: 'of HMP X', 'carried out between', …
_FILLER = re.compile(r"^[^\d\n;]{0,80}?(?=\d|\b" + _MONTH + r"(?![a-z]))", re.I)


@dataclass
class PlanMetadata:
    establishment: str | None = None
    title: str | None = None
    inspection: str | None = None
    submitted: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


def tidy_establishment(name: str) -> str:
    """'HMP ASHDOWN' → 'HMP Ashdown'; prefixes stay upper case ('HM Prison X' → 'HMP X')."""
    name = re.sub(r"\s+", " ", name).strip().rstrip(".,;:")
    m = re.match(_ESTAB_PREFIX + r"\b\s*", name, re.I)
    prefix, rest = (m.group(0).strip(), name[m.end() :]) if m else ("", name)
    if rest.isupper() or rest.islower():
        rest = " ".join(_title_word(w, k == 0) for k, w in enumerate(rest.lower().split()))
    if prefix:
        squeezed = re.sub(r"[\s’']+", "", prefix.upper())
        prefix = _PREFIX_SPELLINGS.get(squeezed, squeezed.replace("&", " & "))
    return f"{prefix} {rest}".strip()


_PREFIX_SPELLINGS = {
    **dict.fromkeys(("HMPRISON", "HERMAJESTYSPRISON", "HISMAJESTYSPRISON"), "HMP"),
    "HMYOUNGOFFENDERINSTITUTION": "HMYOI",
    "HMPANDYOI": "HMP and YOI",
}


_SMALL_WORDS = {"and", "of", "&", "upon", "on", "the", "in"}


def _title_word(word: str, first: bool) -> str:
    """One word of a name printed all in one case: 'hatherley-on-swale' → 'Hatherley-on-Swale'."""
    parts = word.split("-")
    return "-".join(
        p if (p in _SMALL_WORDS and (k or not first)) else p[:1].upper() + p[1:]
        for k, p in enumerate(parts)
    )


def _clean_name(raw: str) -> str | None:
    """The establishment in a title cell: brackets, years and trailing titles dropped."""
    name = re.sub(r"\([^()]*\)", " ", raw)
    # 'HMP X – July 2021 inspection', 'HMP X action plan 2019', 'HMP X 2021'
    name = re.split(r"\s+[–—-]\s+|\s*[:|]\s+", name)[0]
    name = re.sub(rf"(?:\s+{_PLAN_WORDS}\b.*|\s+{_YEAR}\b.*)$", "", name, flags=re.I)
    name = name.strip(" \t.,;:–—-")
    if not name or _NOT_A_NAME.match(name) or len(name.split()) > 8:
        return None
    return tidy_establishment(name)


def parse_iso_date(value: str) -> str | None:
    """A printed date ('2 December 2021', '18th January 2019', '21/06/2022') as ISO, or None."""
    v = re.sub(r"\([^()]*\)", " ", value).strip()
    if not re.search(r"\d", v):
        return None
    found = _ONE_DATE.search(v)
    if found:  # the first date printed: 'Tuesday 5 November 2019 (revised …)'
        v = found.group(0)
    plain = plain_date(v)
    if plain:
        day, day_printed = plain
        return day.isoformat() if day_printed and 1990 <= day.year <= 2100 else None
    dayfirst = not _ISO.fullmatch(v)
    try:
        first = dparser.parse(v, dayfirst=dayfirst, fuzzy=True, default=datetime(2000, 1, 1))
        second = dparser.parse(v, dayfirst=dayfirst, fuzzy=True, default=datetime(2000, 1, 2))
    except (ValueError, OverflowError):
        return None
    if first.day != second.day or not 1990 <= first.year <= 2100:
        return None
    return first.date().isoformat()


class _Found(NamedTuple):
    value: str
    line_no: int
    how: str  # 'same line' | 'next line' | 'by order'


def _head_lines(text: str) -> list[str]:
    """The lines where metadata is printed: the first 20,000 characters, up to the table."""
    head = text[:20000]
    lines = head.split("\n")
    for i, line in enumerate(lines):
        cells = [c for c in line.lower().split("\t") if c.strip()]
        if len(cells) >= 4 and re.search(r"recommendation|concern", " ".join(cells)):
            return lines[:i]  # the table's header row
    return lines


def _value_shape(name: str, value: str) -> str | None:
    """The part of ``value`` that is this field's value, or None when it is not one."""
    v = value.strip().strip("\u00a0")
    if not v:
        return None
    if name == "inspection":
        filler = _FILLER.match(v)
        if filler:
            v = v[filler.end() :]
        v = _NEXT_LABEL.split(v, maxsplit=1)[0]
        if not _DATES_START.match(v) or not (_MONTH_WORD.search(v) or _ONE_DATE.search(v)):
            return None
        return v.strip().rstrip(".;,").strip()
    found = _ONE_DATE.search(v)
    if found and found.start() <= 30:
        return v
    if re.match(rf"^[^\d]{{0,30}}\b{_MONTH}\s+{_YEAR}\b", v, re.I):
        return v  # a month only: read, then reported as having no day
    return None


def _find_values(lines: list[str]) -> dict[str, list[_Found]]:
    found: dict[str, list[_Found]] = {k: [] for k in _LABELS}
    pending: list[tuple[str, int]] = []  # labels printed with no value, waiting for one
    group = 0  # how many labels the waiting group had: more than one pairs by order
    for i, line in enumerate(lines):
        if len(line) > 400:  # a paragraph of the introduction, not a heading line
            pending.clear()
            continue
        labels = [  # (field, label start, value start) of each label on the line
            (name, m.start(name), m.end())
            for m in _LABEL_RX.finditer(line)
            for name in _LABELS
            if m.group(name)
        ]
        if not labels:
            if not line.strip():
                continue
            if pending and i - pending[0][1] <= 12:
                name, _ = pending[0]
                value = _value_shape(name, line.replace("\t", " "))
                if value:
                    pending.pop(0)
                    found[name].append(_Found(value, i, "next line" if group == 1 else "by order"))
                    continue
            pending.clear()
            continue
        for k, (name, _, value_at) in enumerate(labels):
            end = labels[k + 1][1] if k + 1 < len(labels) else len(line)
            raw = line[value_at:end]
            value = _value_shape(name, raw.split("\t")[0])
            if value:
                found[name].append(_Found(value, i, "same line"))
            elif not raw.strip(" \t:–—-"):
                if not pending:
                    group = 0
                pending.append((name, i))
                group += 1
    return found


def _establishment(head: str, meta: PlanMetadata) -> None:
    """The establishment: from the plan's title, an 'Establishment:' label, a title after
    the name, the inspection line, or (with a warning) a line holding only a name."""
    lines = head.split("\n")
    intro = next((i for i, line in enumerate(lines) if _INTRODUCTION.match(line)), None)
    top = lines[:intro] if intro is not None else lines[:60]
    candidates: list[tuple[str, str]] = []  # (name, how it was found)
    for line in lines:
        m = _PLAN_TITLE.match(line)
        if m and (name := _clean_name(m.group("name") or m.group("bare"))):
            candidates.append((name, "title"))
        m = _ESTAB_LINE.match(line)
        if m and (name := _clean_name(m.group("name"))):
            candidates.append((name, "label"))
    for line in top:
        m = _NAME_THEN_TITLE.match(line)
        if m and (name := _clean_name(m.group("name"))):
            candidates.append((name, "title after the name"))
    candidates.sort(key=lambda c: ("title", "label", "title after the name").index(c[1]))
    if not candidates:
        for line in top:
            m = _OF_ESTABLISHMENT.search(line)
            if m:
                candidates.append((tidy_establishment(m.group("name")), "inspection line"))
                break
    if not candidates:
        for line in top:
            m = _ESTABLISHMENT.fullmatch(line.strip().rstrip("."))
            if m and len(line.split()) <= 7:
                candidates.append((tidy_establishment(m.group(0)), "unlabelled line"))
                break
    if not candidates:
        meta.warnings.append("no establishment named ('Action Plan: …' or 'ESTABLISHMENT: …')")
        return
    name, how = candidates[0]
    meta.establishment = name
    meta.title = f"Action Plan: {name}"
    if how in {"inspection line", "unlabelled line"}:
        meta.warnings.append(f"establishment {name!r} read from an {how}, not from a label")
    others = {n for n, _ in candidates[1:] if _key(n) != _key(name)}
    if others:
        meta.warnings.append(
            f"establishment printed in two ways: {name!r} kept, "
            + ", ".join(repr(n) for n in sorted(others))
            + " also printed"
        )


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _inspection_end(printed: str) -> date | None:
    """About when the inspection ended: the first day of the last month and year printed."""
    years, months = re.findall(_YEAR, printed), _MONTH_WORD.findall(printed)
    last = months[-1][:3].lower() if months else "jan"
    month = "janfebmaraprmayjunjulaugsepoctnovdec".index(last) // 3 + 1
    return date(int(years[-1]), month, 1) if years else None


def _check_order(meta: PlanMetadata) -> None:
    """Dates in an order no plan has (one was probably misread): a warning."""
    sub, pub = (date.fromisoformat(d) if d else None for d in (meta.submitted, meta.published))
    end = _inspection_end(meta.inspection) if meta.inspection else None
    odd = []
    if end and pub and not 0 <= (pub - end).days <= 730:
        odd.append(f"report published {meta.published}")
    if end and sub and not 0 <= (sub - end).days <= 1095:
        odd.append(f"action plan submitted {meta.submitted}")
    if odd:
        meta.warnings.append(
            f"{' and '.join(odd)}: not in the usual time after the inspection "
            f"({meta.inspection!r}); check the dates"
        )
    if sub and pub and (pub - sub).days > 31:
        meta.warnings.append(
            f"action plan submitted {meta.submitted}, over a month before the report was "
            f"published ({meta.published}): check both dates"
        )


def read_metadata(text: str) -> PlanMetadata:
    head = text[:20000]
    meta = PlanMetadata()
    _establishment(head, meta)
    found = _find_values(_head_lines(text))
    for name in ("submitted", "published", "inspection"):
        label = _PRINTED_LABEL[name]
        values = found[name]
        if not values:
            what = "inspection dates" if name == "inspection" else "date"
            meta.warnings.append(f"no {what} ('{label}: …')")
            continue
        first = values[0]
        if name == "inspection":
            meta.inspection = first.value
            read = {re.sub(r"\s+", " ", v.value) for v in values}
        else:
            iso = parse_iso_date(first.value)
            if iso is None:
                meta.warnings.append(f"'{label}' date {first.value!r} is not readable")
            setattr(meta, name, iso)
            read = {parse_iso_date(v.value) or v.value for v in values}
        if first.how == "by order":
            meta.warnings.append(
                f"'{label}' value {first.value!r} printed apart from its label "
                f"(line {first.line_no + 1}): paired by order, check it"
            )
        if len(read) > 1:
            meta.warnings.append(
                f"'{label}' printed more than once with different values: "
                f"{first.value!r} kept, " + ", ".join(repr(v.value) for v in values[1:])
            )
    _check_order(meta)
    return meta
