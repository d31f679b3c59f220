"""Reading the prose of an IRP report: judgement sentences and stated counts.

* ``normalise_judgement`` maps a printed phrase ("no meaningful progress") onto
  the inspectorate's scale (``HMIP_SCALE`` / ``OFSTED_SCALE``).
* ``find_judgement`` picks the judgement sentence of one finding from its
  numbered paragraphs ("We considered that the prison had made reasonable
  progress against this recommendation."; also the negated "had not made
  meaningful progress" and the inverted "Progress against this recommendation
  was insufficient.").
* ``stated_counts`` reads the key-findings prose ("HMI Prisons judged that there
  was good progress in one recommendation, reasonable progress in seven …";
  "Ofsted followed up three themes"; "(n=10)") into per-scale counts, and
  ``compare_counts`` checks them against what was parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.models import HMIP_SCALE, OFSTED_SCALE

SCALES = {"HMIP": HMIP_SCALE, "Ofsted": OFSTED_SCALE}

NUMBER_WORDS = {
    "none": 0, "no": 0, "zero": 0, "nil": 0, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# "no meaningful", and its negated form "(had) not made (any) meaningful"
_NO_MEANINGFUL = (
    r"no\s+meaningful|not\s+(?:(?:made|achieved|shown|demonstrated|seen|been)\s+)?"
    r"(?:any\s+)?meaningful"
)
_LEVEL = rf"(?P<level>{_NO_MEANINGFUL}|insufficient|reasonable|good|significant)"
_PHRASE = re.compile(_LEVEL + r"\s+progress\b", re.I)
# the inverted form: "progress against this recommendation was insufficient"
_INVERTED = re.compile(
    r"\bprogress\b[^.;:?!]{0,100}?\b(?:was|were|is|had\s+been|has\s+been|remained)\s+"
    r"(?:(?:judged|considered|assessed|found)\s+(?:to\s+(?:be|have\s+been)\s+)?)?"
    r"(?P<level>not\s+meaningful|insufficient|reasonable|good|significant)\b(?!\s+progress)",
    re.I,
)
_NOUN = r"(?P<noun>(?:key\s+)?(?:recommendations?|themes?|areas?))"

# a word qualifying the noun: "one progress theme", "two further recommendations"
_QUALIFIER = r"(?:(?!(?:and|or|but|in|of)\b)[a-z-]+\s+)?"
# "good progress in one recommendation", "insufficient progress in none",
# "reasonable progress against two of the themes", "… in the one progress theme"
# (after "the" a noun must follow: "good progress in the two years" counts nothing)
_COUNT_AFTER = re.compile(
    _LEVEL
    + r"\s+progress\s+(?:had\s+been\s+|was\s+)?(?:made\s+)?(?:in|against|on|for|with|towards)\s+"
    + r"(?:(?P<the>the)\s+|(?:a\s+)?(?:total\s+of\s+)?)?(?P<n>"
    + _NUMBER
    + r")\b(?:\s+(?:of\s+(?:the|our|its)\s+)?"
    + _QUALIFIER
    + _NOUN
    + r")?",
    re.I,
)
# "seven recommendations showed reasonable progress", "one theme where there was good progress"
_COUNT_BEFORE = re.compile(
    r"\b(?P<n>"
    + _NUMBER
    + r")\s+"
    + _QUALIFIER
    + _NOUN
    + r"\s+(?:(?:had|have|showed|show|with|where\s+there\s+(?:was|had\s+been)|"
    + r"in\s+which\s+there\s+(?:was|had\s+been))\s+)?(?:made\s+|achieved\s+)?"
    + _LEVEL
    + r"\s+progress",
    re.I,
)
_TOTAL = re.compile(
    r"\b(?:followed\s+up|examined|reviewed|looked\s+at|assessed)\s+(?:progress\s+(?:against|on|in)\s+)?"
    r"(?:the\s+)?(?P<n>" + _NUMBER + r")\s+" + _QUALIFIER + _NOUN,
    re.I,
)
_N_EQUALS = re.compile(r"\(\s*n\s*=\s*(?P<n>\d{1,3})\s*\)", re.I)
_OFSTED_SUBJECT = re.compile(r"\bOfsted\b", re.I)
_NAMES_TARGET = re.compile(
    r"\b(?:this|the|that)\s+(?:key\s+)?(?:recommendation|theme|concern)\b", re.I
)
_JUDGING = re.compile(
    r"\b(?:judged|considered|found|concluded|assessed|made|there\s+(?:had|has)\s+been|there\s+was)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;]|\b(?:and|but|while|whereas|although)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“\"(])")


def to_number(word: str) -> int | None:
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def normalise_judgement(phrase: str, inspectorate: str) -> tuple[str | None, str | None]:
    """'no meaningful progress' → ('No meaningful progress', None) on the HMIP scale.

    A level that is not on the inspectorate's scale gives (None, warning).
    """
    m = _PHRASE.search(phrase) or _INVERTED.search(phrase)
    if not m:
        return None, f"no progress judgement in {phrase!r}"
    label = _label(m.group("level"))
    if label not in SCALES[inspectorate]:
        scale = " / ".join(SCALES[inspectorate])
        return None, f"{label!r} is not on the {inspectorate} scale ({scale})"
    return label, None


def _label(level: str) -> str:
    """'reasonable' → 'Reasonable progress'; 'not made any meaningful' → 'No meaningful progress'."""
    words = level.lower().split()
    if words[-1] == "meaningful":
        return "No meaningful progress"
    return " ".join(words).capitalize() + " progress"


@dataclass
class JudgementSentence:
    phrase: str  # 'reasonable progress' as printed
    sentence: str
    paragraph: int  # index into the paragraphs searched
    warnings: list[str]


def find_judgement(paragraphs: list[str]) -> JudgementSentence | None:
    """The sentence that judges a finding, from its numbered paragraphs in order.

    By convention it closes the last paragraph and names the recommendation or
    theme; an earlier sentence is taken only when the last paragraph has none,
    and that is warned about. Progress words elsewhere ("some good progress
    against many of the priorities") lose to a judging sentence.
    """
    candidates = []
    for pi, para in enumerate(paragraphs):
        in_last = pi == len(paragraphs) - 1
        for si, sentence in enumerate(_SENTENCE.split(para)):
            for m in _PHRASE.finditer(sentence):
                score = (
                    in_last,
                    bool(_NAMES_TARGET.search(sentence[m.end() :])),
                    bool(_JUDGING.search(sentence[: m.start()])),
                    pi,
                    si,
                    m.start(),
                )
                candidates.append((score, m.group(0), sentence, pi))
            # "Progress against this recommendation was insufficient", "progress had been
            # good against this theme": only when its clause names the recommendation or
            # theme ("progress in recruiting was good, and …" judges something else)
            for m in _INVERTED.finditer(sentence):
                clause = _CLAUSE_END.split(sentence[m.end() :], maxsplit=1)[0]
                subject = bool(_NAMES_TARGET.search(m.group(0)))
                if subject or _NAMES_TARGET.search(clause):
                    judging = subject or bool(_JUDGING.search(sentence[: m.start()]))
                    score = (in_last, True, judging, pi, si, m.start())
                    candidates.append((score, m.group(0), sentence, pi))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    score, phrase, sentence, pi = candidates[-1]
    warnings = []
    if not score[0]:
        warnings.append(f"judgement taken from an earlier paragraph: {sentence!r}")
    rivals = {
        _level(c[1])
        for c in candidates
        if c[0][:3] == score[:3] and c[3] == pi and _level(c[1]) != _level(phrase)
    }
    if rivals:
        warnings.append(
            f"paragraph judges more than one level ({', '.join(sorted(rivals))} and "
            f"{_level(phrase)}); took the last: {sentence!r}"
        )
    return JudgementSentence(squash_phrase(phrase), sentence, pi, warnings)


def _level(phrase: str) -> str:
    m = _PHRASE.search(phrase) or _INVERTED.search(phrase)
    return _label(m.group("level")).lower() if m else " ".join(phrase.lower().split())


def squash_phrase(phrase: str) -> str:
    return " ".join(phrase.split())


# --------------------------------------------------------------------------- stated counts


def stated_counts(
    paragraphs: list[str],
) -> tuple[dict | None, set[tuple[str, str]], list[str]]:
    """Counts stated in key-findings prose, per inspectorate, with their totals.

    Returns ``(counts, implied, warnings)``: counts is
    ``{'HMIP': {'Good progress': 1, …, 'Total': 10}, 'Ofsted': {…}}`` or None
    when nothing is stated. A level the prose leaves out is 0 only when the
    stated total is already reached by the others (those (inspectorate, level)
    pairs are in ``implied``); otherwise it is left out (unknown). ``Total`` is
    there only when the prose states one ("followed up 10 recommendations", "(n=10)").
    """
    levels: dict[str, dict[str, int]] = {"HMIP": {}, "Ofsted": {}}
    totals: dict[str, int] = {}
    warnings: list[str] = []
    for para in paragraphs:
        subject = _subject(para)
        for rx in (_COUNT_AFTER, _COUNT_BEFORE):
            for m in rx.finditer(para):
                n = to_number(m.group("n"))
                bare = not m.group("noun")
                if n is None or (
                    bare and (m.group("n").lower() == "no" or m.groupdict().get("the"))
                ):
                    continue
                insp = _inspectorate(m.group("noun"), subject, para[: m.start()])
                label, _ = normalise_judgement(m.group(0), insp)
                if label is None:
                    warnings.append(f"stated count {m.group(0)!r} is not on the {insp} scale")
                    continue
                prev = levels[insp].get(label)
                if prev is not None and prev != n:
                    warnings.append(
                        f"{insp} {label} is stated as both {prev} and {n} in the key findings"
                    )
                levels[insp][label] = n
        for m in _TOTAL.finditer(para):
            n = to_number(m.group("n"))
            if n is not None:
                insp = _inspectorate(m.group("noun"), subject, para[: m.start()])
                _set_total(totals, insp, n, warnings)
        for m in _N_EQUALS.finditer(para):
            window = para[max(0, m.start() - 160) : m.start()]
            window = (
                window[window.lower().rfind("figure") :] if "figure" in window.lower() else window
            )
            insp = "Ofsted" if re.search(r"\bOfsted\b|\bthemes?\b", window, re.I) else "HMIP"
            _set_total(totals, insp, int(m.group("n")), warnings)
    result = {}
    implied: set[tuple[str, str]] = set()
    for insp, scale in SCALES.items():
        stated = levels[insp]
        if not stated and insp not in totals:
            continue
        total = totals.get(insp)
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
        result[insp] = counts
    return (result or None), implied, warnings


def _set_total(totals: dict[str, int], insp: str, n: int, warnings: list[str]) -> None:
    if insp in totals and totals[insp] != n:
        warnings.append(f"the key findings give two {insp} totals: {totals[insp]} and {n}")
    totals.setdefault(insp, n)


def _subject(para: str) -> str | None:
    """'Ofsted' when the paragraph's judging sentence is Ofsted's ("Ofsted judged …")."""
    head = para[:120]
    if re.search(r"\bOfsted\s+(?:judged|found|considered|followed|assessed|reported)", head, re.I):
        return "Ofsted"
    if re.search(r"\b(?:HMI\s*Prisons|HM\s+Inspectorate\s+of\s+Prisons|we)\b", head, re.I):
        return "HMIP"
    return None


def _inspectorate(noun: str | None, subject: str | None, before: str) -> str:
    if noun:
        if "theme" in noun.lower():
            return "Ofsted"
        if "recommendation" in noun.lower():
            return "HMIP"
    if subject:
        return subject
    tail = before[-80:]
    return "Ofsted" if _OFSTED_SUBJECT.search(tail) else "HMIP"


def compare_counts(
    stated: dict | None,
    parsed: dict[str, dict[str, int]],
    implied: set[tuple[str, str]] = frozenset(),
) -> list[str]:
    """Warnings for every stated (or implied) count that differs from the judgements parsed."""
    warnings: list[str] = []
    for insp, counts in (stated or {}).items():
        got = parsed.get(insp, {})
        for label, n in counts.items():
            have = got.get(label, 0)
            if n is not None and have != n:
                what = "judgements in all" if label == "Total" else f"'{label}' judgements"
                verb = "imply" if (insp, label) in implied else "state"
                warnings.append(
                    f"count mismatch: the key findings {verb} {n} {insp} {what}, "
                    f"but {have} were parsed from Section 3"
                )
    return warnings


def tally(judgements: list[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """(inspectorate, judgement) pairs → per-scale counts with a Total."""
    out: dict[str, dict[str, int]] = {}
    for insp, label in judgements:
        counts = out.setdefault(insp, {lab: 0 for lab in SCALES[insp]} | {"Total": 0})
        counts["Total"] += 1
        if label in counts:
            counts[label] += 1
    return out
