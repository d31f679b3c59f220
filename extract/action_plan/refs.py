"""Read the recommendation cell: labels, paragraph refs, repeats, addressee.

The cell of a recommendation row may hold a key concern and a
recommendation (``Key concern 1.38: … Recommendation: …``), a numbered
recommendation (``Recommendation 3.12: …``) or a bare sentence with trailing
brackets (``… (1.17)``, ``(2.69, repeated recommendation 2.74)``,
``(Repeated recommendation 1.35)``, ``(To the governor)``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

PARA = r"S?\d+(?:\.\d+)?"
# 'Key concern 1.38:'; after 'key'/'priority'/'main' an OCR-garbled 'concem' still counts
_CONCERN_LABEL = re.compile(
    r"^\s*(?:(?:key|priority|main|area\s+of\s+key)\s+conc[a-z]{2,4}|concerns?)\s+("
    + PARA
    + r")\s*[:.\-–]\s*",
    re.I,
)
_REC_LABEL = re.compile(
    r"\b(?:main\s+|key\s+)?recommendation(?:\s+(" + PARA + r"))?\s*:\s*",
    re.I,
)
# a word ending in ':' (with an optional paragraph number) that may be a garbled label
_LABEL_CANDIDATE = re.compile(r"\b([A-Za-z]{10,18})(?:\s+(" + PARA + r"))?\s*:\s*")


def starts_with_row_label(text: str) -> bool:
    """Does a cell open a new row: 'Key concern 1.38:' or 'Recommendation 3.12:' (OCR-tolerant)?"""
    if _CONCERN_LABEL.match(text):
        return True
    m = _LABEL_CANDIDATE.match(text.lstrip())
    return bool(
        m and m.group(2) and (m.group(1).lower() == "recommendation" or _is_label_noise(m.group(1)))
    )


def _find_rec_label(text: str) -> re.Match | None:
    """The 'Recommendation:' label, or failing that a near-miss OCR spelling of it."""
    exact = _REC_LABEL.search(text)
    if exact:
        return exact
    for m in _LABEL_CANDIDATE.finditer(text):
        if _is_label_noise(m.group(1)):
            return m
    return None


_REPEATED = re.compile(r"repeated\s+recommendation\s+(" + PARA + r")", re.I)
_ADDRESSEE = re.compile(r"\(\s*to\s+(?:the\s+)?([^()]*?)\s*\)?\s*$", re.I)
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)?\s*$")
_REF_PAREN = re.compile(r"^\s*(S\d+|\d+\.\d+)\s*(?:[,;]\s*(.*))?$", re.I)


def normalise_addressee(raw: str | None) -> str | None:
    """'the governor' → 'governor'; 'HMPPS' (or its forerunner NOMS) → 'HMPPS'; else None.

    The contract knows two addressees; one addressed to both, or to anyone
    else, is left blank (the caller warns).
    """
    if not raw:
        return None
    s = raw.strip().rstrip(".)")
    s = re.sub(r"^(?:to\s+)?(?:the\s+)?", "", s, flags=re.I).strip()
    if not s:
        return None
    governor = re.search(r"\bgovernors?\b", s, re.I)
    service = re.search(
        r"\bhmpps\b|\bnoms\b|prison (?:and|&) probation service|"
        r"national offender management service|\bhm prison service\b",
        s,
        re.I,
    )
    if governor and service:
        return None  # addressed to both: neither value alone is right
    if governor:
        return "governor"
    if service:
        return "HMPPS"
    return None


def heading_addressee(heading: str | None) -> str | None:
    """A 'To the Governor' / 'To HMPPS' heading names the addressee of the rows below it."""
    if heading and re.match(r"^\s*to\s+", heading, re.I):
        return normalise_addressee(heading)
    return None


@dataclass
class ParsedText:
    concern: str | None = None
    recommendation: str | None = None
    ref: str | None = None
    repeated_ref: str | None = None
    addressee: str | None = None
    warnings: list[str] = field(default_factory=list)


def _is_label_noise(word: str) -> bool:
    """An OCR near-miss of the word 'Recommendation' (e.g. 'Becommendation')."""
    w = word.strip(" :").lower()
    return (
        w != "recommendation"
        and len(w) > 8
        and difflib.SequenceMatcher(None, w, "recommendation").ratio() >= 0.8
    )


def strip_trailers(text: str) -> tuple[str, list[str]]:
    """Remove trailing '(ref)', '(Repeated …)', '(To the …)' brackets; return text and their contents."""
    removed: list[str] = []
    t = text.rstrip()
    while True:
        s = t.rstrip()
        candidate = s[:-1].rstrip() if s.endswith(".") else s
        m = _TRAILING_PAREN.search(candidate)
        if not m:
            break
        inner = m.group(1).strip()
        if not (
            _REF_PAREN.match(inner) or _REPEATED.search(inner) or re.match(r"^to\s+", inner, re.I)
        ):
            break
        removed.insert(0, inner)
        t = candidate[: m.start()].rstrip()
    return t, removed


def parse_rec_text(
    text: str, *, concerns_layout: bool = False, paragraphs: list[str] | None = None
) -> ParsedText:
    """Split a recommendation cell into concern, recommendation, refs and addressee.

    ``paragraphs`` (the cell's ``<p>`` paragraphs, given for rows under a key
    concerns section) lets a cell that prints no labels be split: the last
    paragraph, a 'should' sentence, is the recommendation and the ones before it
    the concern.
    """
    out = ParsedText()
    t = text.strip()
    if not t:
        return out
    rep = _REPEATED.search(t)
    if rep:
        out.repeated_ref = rep.group(1)
    label = _CONCERN_LABEL.match(t)
    if label:
        out.ref = label.group(1)
        t = t[label.end() :]
    if concerns_layout:
        body, trailers = strip_trailers(t)
        out.concern = body or None
        _apply_trailers(out, trailers)
        return out
    rec = _find_rec_label(t)
    if rec:
        if rec.re is _LABEL_CANDIDATE:
            out.warnings.append(f"label {rec.group(1)!r} read as 'Recommendation'")
        concern = t[: rec.start()].strip()
        words = concern.split()
        if words and _is_label_noise(words[-1]):
            concern = " ".join(words[:-1])
            out.warnings.append(f"dropped OCR noise {words[-1]!r} before 'Recommendation:'")
        out.concern = concern or None
        if rec.group(1) and not out.ref:
            out.ref = rec.group(1)
        t = t[rec.end() :]
    elif _unlabelled_split(paragraphs):
        concern = _CONCERN_LABEL.sub("", " ".join(paragraphs[:-1]), count=1).strip()
        out.concern = concern or None
        out.warnings.append("no labels printed: the last paragraph read as the recommendation")
        t = paragraphs[-1]
    elif label:
        out.concern = t or None
        out.warnings.append("key concern has no 'Recommendation:' part")
        _apply_trailers(out, strip_trailers(t)[1])
        if out.concern:
            out.concern = strip_trailers(out.concern)[0] or None
        return out
    body, trailers = strip_trailers(t)
    out.recommendation = body or None
    _apply_trailers(out, trailers)
    return out


def _unlabelled_split(paragraphs: list[str] | None) -> bool:
    return bool(
        paragraphs
        and len(paragraphs) >= 2
        and re.search(r"\bshould\b", paragraphs[-1], re.I)
        and not _REC_LABEL.search(" ".join(paragraphs))
    )


def _apply_trailers(out: ParsedText, trailers: list[str]) -> None:
    for inner in trailers:
        ref = _REF_PAREN.match(inner)
        if ref:
            if not out.ref:
                out.ref = ref.group(1)
            rest = ref.group(2) or ""
            rep = _REPEATED.search(rest)
            if rep and not out.repeated_ref:
                out.repeated_ref = rep.group(1)
            continue
        rep = _REPEATED.search(inner)
        if rep:
            if not out.repeated_ref:
                out.repeated_ref = rep.group(1)
            continue
        addressee = _ADDRESSEE.search("(" + inner + ")")
        if addressee:
            out.addressee = normalise_addressee(addressee.group(1))
            if out.addressee is None:
                out.warnings.append(
                    f"addressee {inner!r} is neither the governor nor HMPPS alone: left blank"
                )
    for attr in ("ref", "repeated_ref"):
        value = getattr(out, attr)
        if value:
            setattr(out, attr, value.rstrip("."))
