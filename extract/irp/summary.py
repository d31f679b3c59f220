"""The summary of judgements (Section 4): reading its list, cross-checking Section 3.

``read_summary`` turns the section's lines into entries (the recommendation,
concern or theme text and the judgement printed after it, "Not assessed"
included), grouped under "HMI Prisons recommendations" / "… concerns" and
"Ofsted themes" / "Estyn themes" headings when the list has them.

``cross_check_summary``: each summary entry (the recommendation or theme text and its judgement) is
matched to a parsed judgement of the same inspectorate by text similarity,
order breaking ties. Then:

* an Ofsted judgement takes the entry's text as its ``summary`` (verbatim);
* a judgement whose level differs from its entry gets a warning, and so does
  the document; the Section 3 level is kept;
* a judgement Section 3 did not state is taken from its entry, with a warning
  (an entry "Not assessed" marks it not assessed);
* entries with no judgement, and judgements with no entry, are warned about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # difflib's SequenceMatcher compiled: the same ratios, ~12x faster (tests compare)
    from cydifflib import SequenceMatcher
except ImportError:  # the parser alone, with only python-dateutil installed
    from difflib import SequenceMatcher

from extract.irp.layout import (
    JUDGEMENT_LABEL,
    NOT_ASSESSED_LABEL,
    SENTENCE_END,
    TRAILING_JUDGEMENT,
    Line,
    squash,
)
from extract.irp.prose import EDUCATION_INSPECTORATES, normalise_judgement
from extract.models import Judgement


@dataclass
class SummaryItem:
    """One entry of the summary of judgements (Section 4)."""

    group: str | None  # 'HMIP' | 'Ofsted' | None when the list has no group headings
    text: str
    judgement: str  # as printed, e.g. 'Reasonable progress'
    start: int
    end: int


def read_summary(lines: list[Line]) -> list[SummaryItem]:
    """Entries are text lines closed by a judgement (on its own line or ending the last one).

    A table printed as text ("… (1.12) | Good progress", tab-separated cells)
    closes an entry on a row whose last cell is a judgement; its header row
    ("Recommendation | Judgement") is skipped. Group headings ("HMI Prisons recommendations", "Ofsted themes") set the
    group; other short sub-headings ("Safety") and the introduction before the
    first entry are not part of any entry.
    """
    items: list[SummaryItem] = []
    group: str | None = None
    buf: list[Line] = []
    content = [ln for ln in lines if ln.text]

    def close(judgement: str, end_line: Line, last_text: str | None = None) -> None:
        parts = [ln.text for ln in buf] + ([last_text] if last_text else [])
        text = squash(" ".join(parts))
        if text:
            first = buf[0] if buf else end_line
            end = end_line.content_end if last_text or not buf else buf[-1].content_end
            items.append(SummaryItem(group, text, squash(judgement), first.content_start, end))
        buf.clear()

    for i, line in enumerate(content):
        s = line.text
        nxt = content[i + 1].text if i + 1 < len(content) else ""
        cells = _CELL_SPLIT.split(s)
        if g := _summary_group(s):
            group = g
            buf.clear()
        elif len(cells) > 1 and all(_HEADER_CELL.match(c) for c in cells if c):
            buf.clear()  # a table's header row: "Recommendation | Judgement"
        elif len(cells) > 1 and (m := JUDGEMENT_LABEL.match(cells[-1])):
            close(m.group(0).strip().rstrip("."), line, " ".join(cells[:-1]))
        elif m := JUDGEMENT_LABEL.match(s):
            close(m.group(0).strip().rstrip("."), line)
        elif m := TRAILING_JUDGEMENT.match(s):
            close(m.group(2), line, m.group(1))
        elif not buf and _summary_subheading(s, nxt):
            continue
        else:
            if buf and not items and SENTENCE_END.search(buf[-1].raw) and _gap_before(lines, line):
                buf.clear()  # an introduction, not the first entry
            buf.append(line)
    return items


# the cells of a table row printed as text: "text (1.12) | Good progress", "text\tGood progress"
_CELL_SPLIT = re.compile(r"\s*\|\s*|\s*\t\s*")
_HEADER_CELL = re.compile(
    r"^(?:(?:HMI\s*Prisons|Ofsted|Estyn|key|priority|progress)\s+)*"
    r"(?:recommendations?|concerns?|themes?|judgements?|progress|ratings?|areas?|ref(?:erence)?s?)$",
    re.I,
)


def _summary_subheading(s: str, nxt: str) -> bool:
    return (
        len(s) <= 50
        and len(s.split()) <= 6
        and s[0].isupper()
        and s[-1] not in ".,;:?!"
        and bool(nxt)
        and nxt[0].isupper()
        and not JUDGEMENT_LABEL.match(nxt)
    )


def _gap_before(lines: list[Line], line: Line) -> bool:
    i = lines.index(line)
    return i > 0 and lines[i - 1].blank


_HMIP_ITEMS = r"(?:(?:key|priority|main)\s+)?(?:recommendations?|concerns?)"
_HMIP_GROUP = re.compile(
    rf"(?:hmi\s*prisons?|hm\s+inspectorate\s+of\s+prisons)?\s*{_HMIP_ITEMS}"
    rf"(?:\s+and\s+{_HMIP_ITEMS})?"
)
# the education inspectorate's themes: Ofsted in England, Estyn in Wales ("Estyn themes")
_EDUCATION_GROUP = re.compile(rf"(?:{EDUCATION_INSPECTORATES})(?:\s+\w+)?\s+themes?|themes?", re.I)


def _summary_group(s: str) -> str | None:
    """'HMIP' or 'Ofsted' for a group heading of the list, else None."""
    t = s.strip().rstrip(":").lower()
    if _HMIP_GROUP.fullmatch(t):
        return "HMIP"
    if _EDUCATION_GROUP.fullmatch(t):
        return "Ofsted"
    return None


# --------------------------------------------------------------------------- cross-check

MIN_SIMILARITY = 0.5
_WORD = re.compile(r"[a-z0-9’']{4,}")
_REF = re.compile(r"\s*\(\s*[A-Z]?\d+(?:\.\d+)*\s*\)\s*$")


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1: the better of sequence ratio and word containment.

    Containment (the share of the shorter text's words found in the longer) lets
    a short summary ("Rapidly increase classroom-based teaching …") match the
    long theme question it abbreviates.
    """
    a, b = a.lower(), b.lower()
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    wa, wb = set(_WORD.findall(a)), set(_WORD.findall(b))
    if not wa or not wb:
        return ratio
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return max(ratio, len(small & large) / len(small))


def _match(judgements: list[Judgement], items: list[SummaryItem]) -> dict[int, int]:
    """Greedy best-first pairing of judgement index → item index."""
    scored = []
    for ji, j in enumerate(judgements):
        for ii, item in enumerate(items):
            s = similarity(j.text or j.concern or "", _REF.sub("", item.text))
            if s >= MIN_SIMILARITY:
                scored.append((-s, abs(ji - ii), ji, ii))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, ji, ii in sorted(scored):
        if ji not in pairs and ii not in used:
            pairs[ji] = ii
            used.add(ii)
    return pairs


def cross_check_summary(judgements: list[Judgement], items: list[SummaryItem]) -> list[str]:
    """Compare judgements with summary entries; returns the document's warnings.

    With group headings ("HMI Prisons recommendations", "Ofsted themes") each
    inspectorate is matched within its group; without them, across the list.
    When only one group has a heading ("Ofsted themes" after HMIP entries listed
    under area sub-headings), the entries outside it are the other group's.
    """
    if not items:
        return ["the summary of judgements lists nothing: Section 3 not cross-checked"]
    warnings: list[str] = []
    headed = {item.group for item in items if item.group}
    grouped = bool(headed)
    if len(headed) == 1:
        other = "Ofsted" if headed == {"HMIP"} else "HMIP"
        for item in items:
            item.group = item.group or other
    for insp in ("HMIP", "Ofsted") if grouped else (None,):
        js = [j for j in judgements if insp is None or j.inspectorate == insp]
        its = [i for i in items if insp is None or i.group == insp]
        if not js and not its:
            continue
        what = f"{insp} judgements" if insp else "judgements"
        if len(js) != len(its):
            warnings.append(
                f"Section 3 has {len(js)} {what} but the summary of judgements lists {len(its)}"
            )
        pairs = _match(js, its)
        for ji, j in enumerate(js):
            if ji not in pairs:
                _warn(j, warnings, f"{_name(j)} is not in the summary of judgements")
                continue
            item = its[pairs[ji]]
            if j.inspectorate == "Ofsted":
                j.summary = item.text
            _compare(j, item, warnings)
        matched = set(pairs.values())
        for ii, item in enumerate(its):
            if ii not in matched:
                warnings.append(
                    f"the summary of judgements lists {item.text[:60]!r} ({item.judgement}) "
                    "but no such finding was parsed in Section 3"
                )
    return warnings


def _compare(j: Judgement, item: SummaryItem, warnings: list[str]) -> None:
    said = "not assessed" if j.not_assessed else repr(j.judgement)
    if NOT_ASSESSED_LABEL.match(item.judgement):
        if j.judgement is None and not j.not_assessed:
            j.not_assessed = True
            j.warnings.append(
                "'Not assessed' taken from the summary of judgements: Section 3 states no judgement"
            )
        elif not j.not_assessed:
            _warn(
                j,
                warnings,
                f"judgement mismatch for {_name(j)}: Section 3 says {said}, "
                "the summary of judgements says it was not assessed",
            )
        return
    label, problem = normalise_judgement(item.judgement, j.inspectorate)
    if problem:
        _warn(j, warnings, f"summary of judgements for {_name(j)}: {problem}")
        return
    if j.not_assessed:
        _warn(
            j,
            warnings,
            f"judgement mismatch for {_name(j)}: Section 3 says it was not assessed, "
            f"the summary of judgements says {label!r}",
        )
    elif j.judgement is None:
        j.judgement = label
        j.warnings.append(
            f"judgement {label!r} taken from the summary of judgements: Section 3 states none"
        )
    elif label != j.judgement:
        _warn(
            j,
            warnings,
            f"judgement mismatch for {_name(j)}: Section 3 says {j.judgement!r}, "
            f"the summary of judgements says {label!r}",
        )


def _warn(j: Judgement, warnings: list[str], message: str) -> None:
    j.warnings.append(message)
    warnings.append(message)


def _name(j: Judgement) -> str:
    if j.inspectorate == "Ofsted":
        return f"Ofsted theme {j.ref}"
    what = "recommendation" if j.text or not j.concern else "concern"
    return f"HMIP {what} ({j.ref})" if j.ref else f"HMIP {what} {j.position}"
