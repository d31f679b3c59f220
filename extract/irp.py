"""Interpreter for HMIP independent review of progress (IRP) reports.

``parse_irp(text)`` reads, from the layout blocks of ``extract.irp_layout``:

* the report's establishment, title, sign-off month (``published``) and the
  inspection it follows up;
* one ``Judgement`` per finding of the progress section (Section 3): an HMIP
  recommendation (theme heading, "Concern:", "Recommendation: … (1.38)", its
  numbered paragraphs and the judgement sentence that closes them) or an
  Ofsted theme ("Theme 1: What progress …?", paragraphs, judgement);
* the cross-checks: the counts stated in the key findings (Section 2) against
  the judgements parsed, and every Section 3 judgement against the summary of
  judgements (Section 4). A disagreement is a warning on the document (and on
  the judgement concerned); nothing is silently changed.

Everything is found by the report's structure, never by one report's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as dateparser

from extract.irp_layout import Block, Layout, Section, squash
from extract.irp_prose import (
    compare_counts,
    find_judgement,
    normalise_judgement,
    stated_counts,
    tally,
)
from extract.irp_summary import cross_check_summary
from extract.models import IRPReport, Judgement, ParseError

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
_REF_TAIL = re.compile(
    r"\s*\(\s*(?P<ref>[A-Z]?\d+(?:\.\d+)*)\s*(?:[,;]\s*(?P<extra>[^()]*))?\)\s*\.?\s*$"
)
_SUMMARY_TITLE = r"^summary\s+of\s+(?:judgements|progress)"
_GLOSSARY = re.compile(r"\s*\((?:see\s+)?glossary\)", re.I)


@dataclass
class _Finding:
    inspectorate: str  # 'HMIP' | 'Ofsted'
    heading: Block | None
    start: int
    concern: Block | None = None
    rec: Block | None = None  # the recommendation (HMIP) or theme question (Ofsted)
    paragraphs: list[Block] = field(default_factory=list)
    labels: list[Block] = field(default_factory=list)  # stand-alone "Reasonable progress" lines
    closed: bool = False


def parse_irp(text: str) -> IRPReport:
    """Parse an IRP report; ParseError if the text has no IRP findings."""
    if not text or not text.strip():
        raise ParseError("empty document: expected an HMIP independent review of progress report")
    layout = Layout(text)
    region, summary = _regions(layout)
    blocks = layout.blocks(*region)
    findings, orphans = _assemble(blocks)
    if not findings:
        raise ParseError(
            "not an IRP report: found no recommendation ('Recommendation: … (1.38)') "
            "or Ofsted theme ('Theme 1: …') with its findings"
        )
    report = IRPReport(text=text)
    report.title, report.establishment = _title_and_establishment(layout)
    if report.establishment is None:
        report.warnings.append("establishment not found (no 'HMP …' / 'HMYOI …' name)")
    report.published = _published(layout, report.warnings)
    report.inspection, report.inspection_year = _inspection(layout)
    if report.inspection is None:
        report.warnings.append("the inspection followed up was not found")
    report.judgements = [_judgement(i, f) for i, f in enumerate(findings, start=1)]
    for b in orphans:
        report.warnings.append(
            f"paragraph {b.number} follows no recommendation or theme; not attached to any judgement"
        )
    if summary is None:
        report.warnings.append("no summary of judgements section: Section 3 not cross-checked")
    else:
        items = layout.summary_items(*summary)
        report.warnings.extend(cross_check_summary(report.judgements, items))
    _check_counts(layout, region, report)
    return report


# --------------------------------------------------------------------------- regions


def _regions(layout: Layout) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(findings region, summary-of-judgements region or None).

    By section title first ("Progress against …", "Summary of judgements"),
    then by number (the section after "Section 2"); a report without section
    headers is read whole, up to a stand-alone "Summary of judgements" line.
    """
    summary = layout.section_titled(_SUMMARY_TITLE)
    progress = layout.section_titled(r"^progress\s+(?:against|on|in|made)") or _numbered_after(
        layout, "2"
    )
    summary_start = None
    if summary is not None:
        summary_start, summary_region = summary.start, (summary.body_start, summary.end)
    elif (line := layout.line_matching(_SUMMARY_TITLE.lstrip("^"))) is not None:
        summary_start = line.start
        summary_region = (line.end, _first_appendix(layout, after=line.end))
    else:
        summary_region = None
    if progress is not None and progress is not summary:
        region = (progress.body_start, progress.end)
    else:
        region = (0, summary_start if summary_start is not None else _first_appendix(layout))
    return region, summary_region


def _numbered_after(layout: Layout, label: str) -> Section | None:
    i = next((k for k, s in enumerate(layout.sections) if s.label == label), None)
    return layout.sections[i + 1] if i is not None and i + 1 < len(layout.sections) else None


def _first_appendix(layout: Layout, after: int = 0) -> int:
    return next(
        (s.start for s in layout.sections if s.label.startswith("Appendix") and s.start > after),
        len(layout.text),
    )


def _assemble(blocks: list[Block]) -> tuple[list[_Finding], list[Block]]:
    """Group blocks into findings: heading → concern → recommendation → paragraphs."""
    findings: list[_Finding] = []
    orphans: list[Block] = []
    heading: Block | None = None
    fresh: Block | None = None  # a heading not yet claimed by a finding
    cur: _Finding | None = None

    def new(inspectorate: str, b: Block) -> _Finding:
        nonlocal fresh
        f = _Finding(
            inspectorate, heading, (fresh or b).start if inspectorate == "HMIP" else b.start
        )
        fresh = None
        findings.append(f)
        return f

    for b in blocks:
        if b.kind == "heading":
            heading = fresh = b
            if cur:
                cur.closed = True
        elif b.kind == "concern":
            cur = new("HMIP", b)
            cur.concern = b
        elif b.kind == "recommendation":
            if not (cur and cur.inspectorate == "HMIP" and cur.rec is None and not cur.paragraphs):
                cur = new("HMIP", b)
            cur.rec = b
        elif b.kind == "theme":
            cur = new("Ofsted", b)
            cur.rec = b
        elif b.kind == "paragraph":
            if cur and not cur.closed and cur.rec is not None:
                cur.paragraphs.append(b)
            elif findings:  # numbered paragraphs before the first finding are an introduction
                orphans.append(b)
        elif b.kind == "judgement" and cur and not cur.closed:
            cur.labels.append(b)
    return [f for f in findings if f.rec is not None or f.paragraphs], orphans


# --------------------------------------------------------------------------- one finding


def _judgement(position: int, f: _Finding) -> Judgement:
    warnings: list[str] = []
    text, ref = None, None
    if f.rec is not None:
        text = f.rec.text
        if f.inspectorate == "HMIP":
            text, ref = _split_ref(text, f.rec.number)
            if ref is None:
                warnings.append("no paragraph reference such as '(1.38)' after the recommendation")
        else:
            ref = f.rec.number
    elif f.inspectorate == "HMIP":
        warnings.append("no 'Recommendation:' text before these paragraphs")
    theme = _GLOSSARY.sub("", f.heading.text).strip() if f.heading else None
    if theme is None:
        warnings.append("no theme heading before this finding")
    if f.inspectorate == "HMIP" and f.concern is None:
        warnings.append("no 'Concern:' text before the recommendation")
    label = _read_judgement(f, warnings)
    for p in f.paragraphs:
        warnings.extend(p.warnings)
    ends = [b.end for b in (*f.paragraphs, *f.labels, f.rec) if b is not None]
    return Judgement(
        position=position,
        inspectorate=f.inspectorate,
        ref=ref,
        theme=theme,
        text=text,
        judgement=label,
        concern=f.concern.text if f.concern else None,
        paragraphs=_paragraph_range(f.paragraphs),
        span_start=f.start,
        span_end=max(ends) if ends else f.start,
        warnings=warnings,
    )


def _split_ref(text: str, label_ref: str | None) -> tuple[str, str | None]:
    """'… effectively. (1.38)' → ('… effectively.', '1.38'); a "Recommendation 1.38:" label wins."""
    m = _REF_TAIL.search(text)
    if m:
        return text[: m.start()].rstrip(), label_ref or m.group("ref")
    return text, label_ref


def _paragraph_range(paragraphs: list[Block]) -> str | None:
    if not paragraphs:
        return None
    first, last = paragraphs[0].number, paragraphs[-1].number
    return first if first == last else f"{first}-{last}"


def _read_judgement(f: _Finding, warnings: list[str]) -> str | None:
    if f.labels:
        phrase = f.labels[-1].text
    else:
        found = find_judgement([p.text for p in f.paragraphs])
        if found is None:
            warnings.append("no judgement sentence ('… reasonable progress …') in the paragraphs")
            return None
        phrase = found.phrase
        warnings.extend(found.warnings)
    label, problem = normalise_judgement(phrase, f.inspectorate)
    if problem:
        warnings.append(f"judgement {phrase!r}: {problem}")
    return label


# --------------------------------------------------------------------------- metadata


def _title_and_establishment(layout: Layout) -> tuple[str | None, str | None]:
    for m in _TITLE.finditer(layout.text):
        title = squash(m.group(0))
        return title[0].upper() + title[1:], squash(m.group("est"))
    first = layout.sections[0] if layout.sections else None
    scope = layout.text[first.start : first.end] if first else layout.text
    m = _ESTABLISHMENT.search(scope) or _ESTABLISHMENT.search(layout.text)
    return None, squash(m.group(0)) if m else None


def _published(layout: Layout, warnings: list[str]) -> str | None:
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


def _inspection(layout: Layout) -> tuple[str | None, int | None]:
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


# --------------------------------------------------------------------------- counts


def _check_counts(layout: Layout, region: tuple[int, int], report: IRPReport) -> None:
    key = layout.section_titled(r"key\s+findings")
    first = min((j.span_start for j in report.judgements), default=region[0])
    span = (key.body_start, key.end) if key else (0, max(region[0], first))
    paragraphs = [b.text for b in layout.blocks(*span) if b.kind in ("paragraph", "text")]
    stated, implied, warnings = stated_counts(paragraphs)
    report.stated_counts = stated
    report.warnings.extend(warnings)
    if stated is None:
        report.warnings.append("no judgement counts stated in the key findings: counts not checked")
        return
    parsed = tally([(j.inspectorate, j.judgement) for j in report.judgements])
    report.warnings.extend(compare_counts(stated, parsed, implied))
