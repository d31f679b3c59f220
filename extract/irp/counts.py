"""The judgement counts an IRP report states in its key findings (Section 2).

``stated_counts`` reads the key-findings prose ("HMI Prisons judged that there
was good progress in one recommendation, reasonable progress in seven …";
"In 3 of the 7 concerns we followed up, … reasonable progress"; "Ofsted followed
up three themes"; "(n=10)"; "we were unable to assess progress against one
recommendation") into per-scale counts, and ``compare_counts`` checks them
against the judgements parsed (``tally``).
"""

from __future__ import annotations

import re

from extract.domain import SCALES
from extract.irp.prose import (
    EDUCATION_INSPECTORATES,
    LEVEL,
    NUMBER,
    normalise_judgement,
    to_number,
)

NOT_ASSESSED = "Not assessed"  # the key of items followed up but not judged

_NOUN = r"(?P<noun>(?:key\s+|priority\s+)?(?:recommendations?|concerns?|themes?|areas?))"
# a word qualifying the noun: "one progress theme", "two further recommendations"
_QUALIFIER = r"(?:(?!(?:and|or|but|in|of)\b)[a-z-]+\s+)?"
_OF_THE = r"(?:of\s+(?:the|our|its|those|these)\s+)"
# "good progress in one recommendation", "insufficient progress in none",
# "reasonable progress against two of the themes", "… in the one progress theme"
# (after "the" a noun must follow: "good progress in the two years" counts nothing)
_COUNT_AFTER = re.compile(
    LEVEL
    + r"\s+progress\s+(?:had\s+been\s+|was\s+)?(?:made\s+)?(?:in|against|on|for|with|towards)\s+"
    + r"(?:(?P<the>the)\s+|(?:a\s+)?(?:total\s+of\s+)?)?(?P<n>"
    + NUMBER
    + rf")\b(?:\s+{_OF_THE}?"
    + _QUALIFIER
    + _NOUN
    + r")?",
    re.I,
)
# "seven recommendations showed reasonable progress", "one theme where there was good progress"
_COUNT_BEFORE = re.compile(
    rf"\b(?P<n>{NUMBER})\s+{_QUALIFIER}{_NOUN}"
    r"\s+(?:(?:had|have|showed|show|with|where\s+there\s+(?:was|had\s+been)|"
    r"in\s+which\s+there\s+(?:was|had\s+been))\s+)?(?:made\s+|achieved\s+)?"
    rf"{LEVEL}\s+progress",
    re.I,
)
# "In 3 of the 7 concerns we followed up, HMI Prisons judged that there was reasonable
# progress": a count and the total it is part of, in one sentence
_IN_N_OF_M = re.compile(
    rf"\bin\s+(?P<n>{NUMBER})\s+(?:of\s+(?:the|our|its|those|these)\s+)(?P<total>{NUMBER})\s+"
    rf"{_QUALIFIER}{_NOUN}\b[^.;]*?\b{LEVEL}\s+progress",
    re.I,
)
# "… and in the other there was reasonable progress", "in the other two, good progress"
_IN_THE_OTHER = re.compile(
    rf"\bin\s+the\s+others?(?:\s+(?P<n>{NUMBER}))?\b(?:\s+{_QUALIFIER}{_NOUN})?[^.;]*?"
    rf"\b{LEVEL}\s+progress",
    re.I,
)
# "followed up 10 recommendations" (how many were followed up); "assessed progress against
# seven recommendations" (how many were judged)
_TOTAL = re.compile(
    r"\b(?:(?P<followed>followed\s+up|examined|reviewed|looked\s+at)|assessed)\s+"
    rf"(?:progress\s+(?:against|on|in)\s+)?(?:the\s+)?(?P<n>{NUMBER})\s+{_OF_THE}?{_QUALIFIER}{_NOUN}",
    re.I,
)
# "we were unable to assess progress against one recommendation", "one theme was not assessed"
_UNASSESSED = re.compile(
    r"\b(?:unable\s+to|could\s+not|did\s+not|not\s+able\s+to)\s+(?:assess|judge)\s+"
    rf"(?:progress\s+(?:against|on|in|for)\s+)?(?:the\s+)?(?P<n>{NUMBER})\s+{_OF_THE}?"
    rf"{_QUALIFIER}{_NOUN}"
    rf"|\b(?P<n2>{NUMBER})\s+{_QUALIFIER}{_NOUN.replace('noun', 'noun2')}\s+(?:was|were)\s+"
    r"not\s+(?:assessed|judged)",
    re.I,
)
_N_EQUALS = re.compile(r"\(\s*n\s*=\s*(?P<n>\d{1,3})\s*\)", re.I)
_EDUCATION = re.compile(rf"\b(?:{EDUCATION_INSPECTORATES})\b", re.I)
_EDUCATION_SUBJECT = re.compile(
    rf"\b(?:{EDUCATION_INSPECTORATES})\s+(?:judged|found|considered|followed|assessed|reported)",
    re.I,
)


def stated_counts(
    paragraphs: list[str],
) -> tuple[dict | None, set[tuple[str, str]], list[str]]:
    """Counts stated in key-findings prose, per inspectorate, with their totals.

    Returns ``(counts, implied, warnings)``: counts is
    ``{'HMIP': {'Good progress': 1, …, 'Total': 10}, 'Ofsted': {…}}`` or None
    when nothing is stated. A level the prose leaves out is 0 only when the
    stated total is already reached by the others (those (inspectorate, level)
    pairs are in ``implied``); otherwise it is left out (unknown). ``Total`` is
    there only when the prose states one ("followed up 10 recommendations",
    "(n=10)"); it counts the items judged. Items followed up but not judged
    ("followed up eight …" with "(n=7)", or "unable to assess progress against
    one recommendation") are counted under ``'Not assessed'``.
    """
    levels: dict[str, dict[str, int]] = {"HMIP": {}, "Ofsted": {}}
    followed: dict[str, int] = {}
    judged: dict[str, int] = {}
    unassessed: dict[str, int] = {}
    warnings: list[str] = []

    def level(insp: str, phrase: str, n: int) -> None:
        label, _ = normalise_judgement(phrase, insp)
        if label is None:
            warnings.append(f"stated count {phrase!r} is not on the {insp} scale")
            return
        prev = levels[insp].get(label)
        if prev is not None and prev != n:
            warnings.append(f"{insp} {label} is stated as both {prev} and {n} in the key findings")
        levels[insp][label] = n

    for para in paragraphs:
        subject = _subject(para)

        def insp_of(noun: str | None, at: int, para: str = para, subject=subject) -> str:
            return _inspectorate(noun, subject, para[:at])

        for rx in (_COUNT_AFTER, _COUNT_BEFORE):
            for m in rx.finditer(para):
                n = to_number(m.group("n"))
                bare = not m.group("noun")
                if n is None or (
                    bare and (m.group("n").lower() == "no" or m.groupdict().get("the"))
                ):
                    continue
                level(insp_of(m.group("noun"), m.start()), m.group(0), n)
        parts = list(_IN_N_OF_M.finditer(para))
        for k, m in enumerate(parts):
            n, total = to_number(m.group("n")), to_number(m.group("total"))
            if n is None or total is None:
                continue
            insp = insp_of(m.group("noun"), m.start())
            level(insp, m.group("level") + " progress", n)
            _set_total(followed, insp, total, warnings)
            end = parts[k + 1].start() if k + 1 < len(parts) else len(para)
            if other := _IN_THE_OTHER.search(para, m.end(), end):
                rest = to_number(other.group("n")) if other.group("n") else total - n
                if rest is not None:
                    level(insp, other.group("level") + " progress", rest)
        for m in _TOTAL.finditer(para):
            n = to_number(m.group("n"))
            if n is not None:
                into = followed if m.group("followed") else judged
                _set_total(into, insp_of(m.group("noun"), m.start()), n, warnings)
        for m in _UNASSESSED.finditer(para):
            n = to_number(m.group("n") or m.group("n2"))
            if n is not None:
                noun = m.group("noun") or m.group("noun2")
                _set_total(unassessed, insp_of(noun, m.start()), n, warnings)
        for m in _N_EQUALS.finditer(para):
            window = para[max(0, m.start() - 160) : m.start()]
            window = (
                window[window.lower().rfind("figure") :] if "figure" in window.lower() else window
            )
            education = _EDUCATION.search(window) or re.search(r"\bthemes?\b", window, re.I)
            _set_total(judged, "Ofsted" if education else "HMIP", int(m.group("n")), warnings)
    result = {}
    implied: set[tuple[str, str]] = set()
    for insp, scale in SCALES.items():
        stated = levels[insp]
        total, missed = _judged_total(
            insp, followed.get(insp), judged.get(insp), unassessed.get(insp), warnings
        )
        if not stated and total is None and not missed:
            continue
        got = sum(stated.values())
        counts = {label: stated[label] for label in scale if label in stated}
        if total is not None:
            if got == total:
                counts = {label: stated.get(label, 0) for label in scale}
                implied.update((insp, label) for label in scale if label not in stated)
            elif stated and (got > total or len(stated) == len(scale)):
                warnings.append(
                    f"the key findings state {got} {insp} judgements by level but a total of {total}"
                )
            counts["Total"] = total
        if missed:
            counts[NOT_ASSESSED] = missed
        result[insp] = counts
    return (result or None), implied, warnings


def _judged_total(
    insp: str, followed: int | None, judged: int | None, missed: int | None, warnings: list[str]
) -> tuple[int | None, int | None]:
    """(items judged, items followed up but not assessed) from the totals the prose gives."""
    if followed is not None and judged is not None and followed != judged:
        if judged > followed:
            warnings.append(
                f"the key findings give two {insp} totals: {followed} followed up "
                f"but {judged} judged"
            )
            return followed, missed
        if missed is not None and followed - judged != missed:
            warnings.append(
                f"the key findings state {followed} {insp} items followed up, {judged} judged "
                f"and {missed} not assessed"
            )
        return judged, followed - judged
    if judged is not None:
        return judged, missed
    if followed is not None:
        return (followed - missed if missed and missed <= followed else followed), missed
    return None, missed


def _set_total(totals: dict[str, int], insp: str, n: int, warnings: list[str]) -> None:
    if insp in totals and totals[insp] != n:
        warnings.append(f"the key findings give two {insp} totals: {totals[insp]} and {n}")
    totals.setdefault(insp, n)


def _subject(para: str) -> str | None:
    """'Ofsted' when the paragraph's judging sentence is Ofsted's (or Estyn's): "Ofsted judged …"."""
    head = para[:120]
    if _EDUCATION_SUBJECT.search(head):
        return "Ofsted"
    if re.search(r"\b(?:HMI\s*Prisons|HM\s+Inspectorate\s+of\s+Prisons|we)\b", head, re.I):
        return "HMIP"
    return None


def _inspectorate(noun: str | None, subject: str | None, before: str) -> str:
    if noun:
        if "theme" in noun.lower():
            return "Ofsted"
        if "recommendation" in noun.lower() or "concern" in noun.lower():
            return "HMIP"
    if subject:
        return subject
    tail = before[-80:]
    return "Ofsted" if _EDUCATION.search(tail) else "HMIP"


def compare_counts(
    stated: dict | None,
    parsed: dict[str, dict[str, int]],
    implied: set[tuple[str, str]] = frozenset(),
) -> list[str]:
    """Warnings for every stated (or implied) count that differs from the judgements parsed.

    A stated total that says nothing of items not assessed is checked against every
    item parsed, judged or not.
    """
    warnings: list[str] = []
    for insp, counts in (stated or {}).items():
        got = dict(parsed.get(insp, {}))
        if NOT_ASSESSED not in counts:
            got["Total"] = got.get("Total", 0) + got.get(NOT_ASSESSED, 0)
        for label, n in counts.items():
            have = got.get(label, 0)
            if n is not None and have != n:
                if label == "Total":
                    what = "judgements in all"
                elif label == NOT_ASSESSED:
                    what = "items not assessed"
                else:
                    what = f"'{label}' judgements"
                verb = "imply" if (insp, label) in implied else "state"
                warnings.append(
                    f"count mismatch: the key findings {verb} {n} {insp} {what}, "
                    f"but {have} were parsed from Section 3"
                )
    return warnings


def tally(judgements: list[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """(inspectorate, judgement) pairs → per-scale counts with a Total of the items judged.

    A judgement of ``NOT_ASSESSED`` counts under that key, not in the Total.
    """
    out: dict[str, dict[str, int]] = {}
    for insp, label in judgements:
        counts = out.setdefault(insp, {lab: 0 for lab in SCALES[insp]} | {"Total": 0})
        if label == NOT_ASSESSED:
            counts[NOT_ASSESSED] = counts.get(NOT_ASSESSED, 0) + 1
            continue
        counts["Total"] += 1
        if label in counts:
            counts[label] += 1
    return out
