"""Reading the prose of an IRP report: judgement sentences.

* ``normalise_judgement`` maps a printed phrase ("no meaningful progress") onto
  the inspectorate's scale (``extract.domain.SCALES``).
* ``find_judgement`` picks the judgement sentence of one finding from its
  numbered paragraphs ("We considered that the prison had made reasonable
  progress against this recommendation."; also the negated "had not made
  meaningful progress", the inverted "Progress against this recommendation
  was insufficient." and "We were unable to assess progress against this
  recommendation", which judges nothing).

The counts stated in the key findings are read by ``extract.irp.counts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.domain import SCALES

# the education inspectorates whose themes an IRP follows up: Ofsted (England), Estyn (Wales);
# both use the three-level scale, and the themes are filed under 'Ofsted'
EDUCATION_INSPECTORATES = r"Ofsted|Estyn"

NUMBER_WORDS = {
    "none": 0, "no": 0, "zero": 0, "nil": 0, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# "no meaningful", and its negated form "(had) not made (any) meaningful"
_NO_MEANINGFUL = (
    r"no\s+meaningful|not\s+(?:(?:made|achieved|shown|demonstrated|seen|been)\s+)?"
    r"(?:any\s+)?meaningful"
)
LEVEL = rf"(?P<level>{_NO_MEANINGFUL}|insufficient|reasonable|good|significant)"
_PHRASE = re.compile(LEVEL + r"\s+progress\b", re.I)
# the inverted form: "progress against this recommendation was insufficient"
_INVERTED = re.compile(
    r"\bprogress\b[^.;:?!]{0,100}?\b(?:was|were|is|had\s+been|has\s+been|remained)\s+"
    r"(?:(?:judged|considered|assessed|found)\s+(?:to\s+(?:be|have\s+been)\s+)?)?"
    r"(?P<level>not\s+meaningful|insufficient|reasonable|good|significant)\b(?!\s+progress)",
    re.I,
)
_NAMES_TARGET = re.compile(
    r"\b(?:this|the|that)\s+(?:(?:key|priority|main)\s+)?(?:recommendation|theme|concern)\b",
    re.I,
)
# "we were unable to assess progress against this recommendation", "it was not possible to
# judge progress on this theme", "this recommendation was not assessed"
_NOT_ASSESSED = re.compile(
    r"\b(?:(?:unable|not\s+(?:possible|able))\s+to|could\s+not|cannot|can\s*not|did\s+not)\s+"
    r"(?:fully\s+|properly\s+)?(?:assess|judge)\s+(?:the\s+|any\s+)?progress\b"
    r"|\b(?:recommendation|theme|concern)\s+(?:was|were|has|had|could)\s+not\s+(?:been\s+|be\s+)?"
    r"(?:assessed|judged)\b",
    re.I,
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


NOT_ASSESSED_PHRASE = "not assessed"


@dataclass
class JudgementSentence:
    phrase: str  # 'reasonable progress' as printed; NOT_ASSESSED_PHRASE for a finding not judged
    sentence: str
    paragraph: int  # index into the paragraphs searched
    warnings: list[str]

    @property
    def not_assessed(self) -> bool:
        return self.phrase == NOT_ASSESSED_PHRASE


def find_judgement(paragraphs: list[str]) -> JudgementSentence | None:
    """The sentence that judges a finding, from its numbered paragraphs in order.

    A judging sentence that names the recommendation, concern or theme ("We judged
    that there had been insufficient progress against this recommendation") wins
    wherever it is; it usually closes the last paragraph, and some reports open
    the first with it. Among the rest, the last paragraph beats the first, and
    the first the others. A sentence in a middle paragraph, or a weak one in the
    first (no judging verb naming the recommendation), is taken with a warning.
    Progress words elsewhere ("some good progress against many of the
    priorities", "good progress in recruiting") lose to a judging sentence.
    "Unable to assess progress against this recommendation" is a judgement too:
    its phrase is ``NOT_ASSESSED_PHRASE``.
    """
    found = []  # (paragraph, sentence no., offset, names the target, judging verb, phrase, sentence)
    for pi, para in enumerate(paragraphs):
        for si, sentence in enumerate(_SENTENCE.split(para)):
            for m in _PHRASE.finditer(sentence):
                names = bool(_NAMES_TARGET.search(sentence[m.end() :]))
                judging = bool(_JUDGING.search(sentence[: m.start()]))
                found.append((pi, si, m.start(), names, judging, m.group(0), sentence))
            # "Progress against this recommendation was insufficient", "progress had been
            # good against this theme": only when its clause names the recommendation or
            # theme ("progress in recruiting was good, and …" judges something else)
            for m in _INVERTED.finditer(sentence):
                clause = _CLAUSE_END.split(sentence[m.end() :], maxsplit=1)[0]
                subject = bool(_NAMES_TARGET.search(m.group(0)))
                if subject or _NAMES_TARGET.search(clause):
                    judging = subject or bool(_JUDGING.search(sentence[: m.start()]))
                    found.append((pi, si, m.start(), True, judging, m.group(0), sentence))
            # "unable to assess progress against this recommendation": judged as not assessed
            if _NAMES_TARGET.search(sentence):
                for m in _NOT_ASSESSED.finditer(sentence):
                    found.append((pi, si, m.start(), True, True, NOT_ASSESSED_PHRASE, sentence))
    last = len(paragraphs) - 1
    # a strong sentence (judging verb, names the target) first, then position, then the rest
    candidates = [
        ((names and judging, pi == last, pi == 0, names, judging, pi, si, at), phrase, sentence, pi)
        for pi, si, at, names, judging, phrase, sentence in found
    ]
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    score, phrase, sentence, pi = candidates[-1]
    warnings = []
    strong, in_last, in_first = score[:3]
    if not (in_last or (in_first and strong)):
        warnings.append(f"judgement taken from an earlier paragraph: {sentence!r}")
    quality = (score[0], score[3], score[4])
    rivals = {
        _level(c[1])
        for c in candidates
        if (c[0][0], c[0][3], c[0][4]) == quality and c[3] == pi and _level(c[1]) != _level(phrase)
    }
    if rivals:
        warnings.append(
            f"paragraph judges more than one level ({', '.join(sorted(rivals))} and "
            f"{_level(phrase)}); took the last: {sentence!r}"
        )
    return JudgementSentence(squash_phrase(phrase), sentence, pi, warnings)


def _level(phrase: str) -> str:
    if phrase == NOT_ASSESSED_PHRASE:
        return phrase
    m = _PHRASE.search(phrase) or _INVERTED.search(phrase)
    return _label(m.group("level")).lower() if m else " ".join(phrase.lower().split())


def squash_phrase(phrase: str) -> str:
    return " ".join(phrase.split())
