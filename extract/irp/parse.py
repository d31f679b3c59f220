"""Interpreter for HMIP independent review of progress (IRP) reports.

``parse_irp(text)`` reads, from the layout blocks of ``extract.irp.layout``:

* the report's establishment, title, sign-off month (``published``) and the
  inspection it follows up;
* one ``Judgement`` per finding of the progress section (Section 3): an HMIP
  recommendation (theme heading, "Concern:", "Recommendation: … (1.38)" or
  "1.38 Recommendation: …", its numbered paragraphs and the judgement sentence
  among them), an HMIP concern followed up on its own ("Priority concern 3: …"
  then paragraphs, in reports of inspections that made concerns instead of
  recommendations), or an education theme ("Theme 1: What progress …?",
  paragraphs, judgement) of Ofsted, or of Estyn in Wales (filed as 'Ofsted');
* the cross-checks: the counts stated in the key findings (Section 2) against
  the judgements parsed, and every Section 3 judgement against the summary of
  judgements (Section 4). A disagreement is a warning on the document (and on
  the judgement concerned); nothing is silently changed.

Everything is found by the report's structure, never by one report's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.irp.counts import NOT_ASSESSED, compare_counts, stated_counts, tally
from extract.irp.layout import NOT_ASSESSED_LABEL, Block, Layout, Section
from extract.irp.metadata import inspection, published, title_and_establishment
from extract.irp.prose import EDUCATION_INSPECTORATES, find_judgement, normalise_judgement
from extract.irp.summary import cross_check_summary, read_summary
from extract.models import IRPReport, Judgement, ParseError

_REF_TAIL = re.compile(
    r"\s*\(\s*(?P<ref>[A-Z]?\d+(?:\.\d+)*)\s*(?:[,;]\s*(?P<extra>[^()]*))?\)\s*\.?\s*$"
)
_SUMMARY_TITLE = r"^summary\s+of\s+(?:judgements|progress)"
_GLOSSARY = re.compile(r"\s*\((?:see\s+)?glossary\)", re.I)
# one pair of quote marks around the whole recommendation: “…”, ‘…’, "…"
_QUOTES = {"“": "”", "‘": "’", '"': '"', "'": "'"}
_EDUCATION = re.compile(rf"\b(?:{EDUCATION_INSPECTORATES})\b", re.I)


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
    loose: Block | None = None  # unlabelled text between the heading and the recommendation
    named: str | None = None  # the education inspectorate last named before a theme


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
    report.title, report.establishment = title_and_establishment(layout)
    if report.establishment is None:
        report.warnings.append("establishment not found (no 'HMP …' / 'HMYOI …' name)")
    report.published = published(layout, report.warnings)
    report.inspection, report.inspection_year = inspection(layout)
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
        items = read_summary(layout.lines_in(*summary))
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
    """Group blocks into findings: heading → concern → recommendation → paragraphs.

    A concern followed directly by paragraphs is the item followed up ("Priority
    concern 3: …" in reports on inspections that made concerns, not recommendations).
    """
    findings: list[_Finding] = []
    orphans: list[Block] = []
    heading: Block | None = None
    fresh: Block | None = None  # a heading not yet claimed by a finding
    cur: _Finding | None = None
    loose: Block | None = None  # unlabelled text since the last structural block
    named: str | None = None  # the education inspectorate named last ("… by Estyn inspectors")

    def new(inspectorate: str, b: Block) -> _Finding:
        nonlocal fresh
        f = _Finding(
            inspectorate, heading, (fresh or b).start if inspectorate == "HMIP" else b.start
        )
        fresh = None
        findings.append(f)
        return f

    for b in blocks:
        if names := _EDUCATION.findall(b.text):
            named = names[-1]
        if b.kind == "text":
            loose = b
            continue
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
                cur.loose = loose
            cur.rec = b
        elif b.kind == "theme":
            cur = new("Ofsted", b)
            cur.rec, cur.named = b, named
        elif b.kind == "paragraph":
            if cur and not cur.closed and (cur.rec is not None or cur.concern is not None):
                cur.paragraphs.append(b)
            elif findings:  # numbered paragraphs before the first finding are an introduction
                orphans.append(b)
        elif b.kind == "judgement" and cur and not cur.closed:
            cur.labels.append(b)
        loose = None
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
    elif f.inspectorate == "HMIP":  # a concern followed up on its own: its number is the ref
        ref = f.concern.number if f.concern else None
        if ref is None:
            warnings.append("no 'Recommendation:' text or concern number before these paragraphs")
    theme = _GLOSSARY.sub("", f.heading.text).strip() if f.heading else None
    if theme is None:
        warnings.append("no theme heading before this finding")
    if f.inspectorate == "HMIP" and f.concern is None and f.loose is not None:
        warnings.append(
            "unlabelled text before the recommendation (a concern without 'Concern:'?): "
            f"{f.loose.text[:80]!r}"
        )
    label, not_assessed = _read_judgement(f, warnings)
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
        not_assessed=not_assessed,
        inspectorate_name=_education_name(f) if f.inspectorate == "Ofsted" else None,
    )


def _split_ref(text: str, label_ref: str | None) -> tuple[str, str | None]:
    """'“… effectively.” (1.38)' → ('… effectively.', '1.38').

    The ref of a "Recommendation 1.38:" / "1.38 Recommendation:" label wins; one
    pair of quote marks wrapping the whole recommendation is left out.
    """
    m = _REF_TAIL.search(text)
    if m:
        text, label_ref = text[: m.start()].rstrip(), label_ref or m.group("ref")
    return _unquote(text), label_ref


def _unquote(text: str) -> str:
    """'“Do this.”' → 'Do this.' (also ‘…’ and '"…"'); quotes inside the text stay."""
    close = _QUOTES.get(text[:1])
    if close is None or len(text) < 3:
        return text
    inner, end = text[1:], ""
    if inner.endswith(close):
        inner = inner[:-1]
    elif inner.endswith(close + ".") and not inner[:-2].endswith((".", "?", "!")):
        inner, end = inner[:-2], "."  # “Do this”. → Do this.
    else:
        return text
    if text[0] in inner or (close in inner and close not in "’'"):
        return text  # “Keep apart” prisoners should be “seen” daily: two quotations, not one
    return inner.strip() + end


def _education_name(f: _Finding) -> str:
    """'Estyn' or 'Ofsted': named in the theme's paragraphs, else last before the theme."""
    names = _EDUCATION.findall(" ".join(p.text for p in f.paragraphs))
    name = names[-1] if names else f.named or "Ofsted"
    return "Estyn" if name.lower() == "estyn" else "Ofsted"


def _paragraph_range(paragraphs: list[Block]) -> str | None:
    if not paragraphs:
        return None
    first, last = paragraphs[0].number, paragraphs[-1].number
    return first if first == last else f"{first}-{last}"


def _read_judgement(f: _Finding, warnings: list[str]) -> tuple[str | None, bool]:
    """(the finding's judgement, whether it was not assessed)."""
    if f.labels:
        phrase = f.labels[-1].text
        if NOT_ASSESSED_LABEL.match(phrase):
            return None, True
    else:
        found = find_judgement([p.text for p in f.paragraphs])
        if found is None:
            warnings.append("no judgement sentence ('… reasonable progress …') in the paragraphs")
            return None, False
        warnings.extend(found.warnings)
        if found.not_assessed:
            return None, True
        phrase = found.phrase
    label, problem = normalise_judgement(phrase, f.inspectorate)
    if problem:
        warnings.append(f"judgement {phrase!r}: {problem}")
    return label, False


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
    parsed = tally(
        [
            (j.inspectorate, NOT_ASSESSED if j.not_assessed else j.judgement)
            for j in report.judgements
        ]
    )
    report.warnings.extend(compare_counts(stated, parsed, implied))
