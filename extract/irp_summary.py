"""Cross-check Section 3 judgements against the summary of judgements (Section 4).

Each summary entry (the recommendation or theme text and its judgement) is
matched to a parsed judgement of the same inspectorate by text similarity,
order breaking ties. Then:

* an Ofsted judgement takes the entry's text as its ``summary`` (verbatim);
* a judgement whose level differs from its entry gets a warning, and so does
  the document; the Section 3 level is kept;
* a judgement Section 3 did not state is taken from its entry, with a warning;
* entries with no judgement, and judgements with no entry, are warned about.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from extract.irp_layout import SummaryItem
from extract.irp_prose import normalise_judgement
from extract.models import Judgement

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
            s = similarity(j.text or "", _REF.sub("", item.text))
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
    """
    if not items:
        return ["the summary of judgements lists nothing: Section 3 not cross-checked"]
    warnings: list[str] = []
    grouped = any(item.group for item in items)
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
    label, problem = normalise_judgement(item.judgement, j.inspectorate)
    if problem:
        _warn(j, warnings, f"summary of judgements for {_name(j)}: {problem}")
        return
    if j.judgement is None:
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
    return f"HMIP recommendation ({j.ref})" if j.ref else f"HMIP recommendation {j.position}"
