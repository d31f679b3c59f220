"""How alike a judgement and a recommendation are: pure text matching, no SQL.

An IRP report quotes each HMIP recommendation it follows up, usually word for
word, with the report paragraph it came from ("(1.38)"); an action plan prints
that paragraph for some rows and not for others. An Ofsted theme is a question
("What progress had leaders and managers made to …?") and a short summary that
paraphrase — and often merge — one or more education, skills and work
recommendations. So:

* ``ref_key`` normalises paragraph refs so '(1.38)', '1.38.' and 'para 1.38'
  compare equal, and 'S 48' equals 's48';
* ``Matcher.hmip`` scores a recommendation against a quoted recommendation
  (and its concern against the plan's concern) symmetrically;
* ``Matcher.ofsted`` scores how much of a recommendation a theme covers:
  asymmetric, because one theme may cover several recommendations.

Scores are 0–1. Words are compared as crude stems (suffix stripped, cut to six
letters) so 'allocation' meets 'allocated'; each stem is weighted by how rare
it is among the plan's recommendations, so 'prisoners' counts for little.
The string scores come from rapidfuzz.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_PAREN_REF = re.compile(r"\(\s*(?:[A-Za-z]?\s*\d+(?:\.\d+)*|repeated[^()]*|to\s+[^()]*)\s*\)", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_OFSTED_PREAMBLE = re.compile(
    r"^\s*(?:theme\s*\d+\s*[:.]\s*)?what\s+progress\s+(?:had|has|have)\b.{0,80}?\bmade\s+"
    r"(?:to(?:wards)?|in|with)\s+",
    re.I | re.S,
)
_REF_NOISE = re.compile(r"^(?:para(?:graph)?|ref(?:erence)?|rec(?:ommendation)?)\.?\s*", re.I)

_STOPWORDS_TEXT = """
    a about after all also an and any are as at be been being both but by can could
    did do does each for from had has have how if in into is it its more most must
    no not of on or our should so such than that the their them there these they this
    those through to under up was we well were what when where which while who whom
    will with within would make sure ensure
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def ref_key(ref: str | None) -> str | None:
    """A report paragraph ref in one form: '(1.38)' → '1.38', 'S 48' → 'S48', '01.080' → '1.080'.

    Only leading zeros of the first part go: paragraph 1.8 and 1.80 differ.
    """
    if not ref:
        return None
    text = _REF_NOISE.sub("", str(ref).strip().strip("()").strip())
    text = re.sub(r"\s+", "", text).strip(".,;:").upper()
    if not text:
        return None
    m = re.fullmatch(r"([A-Z]*)0*(\d+)((?:\.\d+)*)", text)
    return f"{m.group(1)}{m.group(2)}{m.group(3)}" if m else text


def words(text: str | None) -> list[str]:
    """Lower-case words of ``text``: tags, bracketed refs and punctuation gone, quotes straight."""
    if not text:
        return []
    text = _TAG.sub(" ", text).replace("’", "'").replace("‘", "'")
    text = _PAREN_REF.sub(" ", text).lower()
    text = re.sub(r"'s\b|s'(?=\s|$)", "", text)
    return _NON_WORD.sub(" ", text).split()


def stem(word: str) -> str:
    """A crude stem: a common suffix stripped, then cut to six letters."""
    for suffix in ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


@lru_cache(maxsize=4096)
def stems(text: str | None) -> tuple[str, ...]:
    """The content words of ``text`` as stems, in order (stopwords left out)."""
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit())


def ofsted_core(question: str | None) -> str:
    """An Ofsted theme question without its 'What progress had leaders … made to' opening."""
    return _OFSTED_PREAMBLE.sub("", question or "").strip()


class Matcher:
    """Scores judgements against the recommendations of one plan.

    ``documents`` are the plan's recommendation texts: they set how rare (and so
    how telling) each stem is.
    """

    def __init__(self, documents: Iterable[str | None]):
        docs = [set(stems(d)) for d in documents]
        self._n = len(docs)
        self._df = Counter(s for d in docs for s in d)

    def weight(self, s: str) -> float:
        return math.log(1 + (self._n + 1) / (self._df.get(s, 0) + 1))

    def _weighted(self, items: Iterable[str]) -> float:
        return sum(self.weight(s) for s in items)

    def dice(self, a: str | None, b: str | None) -> float:
        """Weighted overlap of two texts' stems (1 when they share every stem)."""
        sa, sb = set(stems(a)), set(stems(b))
        total = self._weighted(sa) + self._weighted(sb)
        return 2 * self._weighted(sa & sb) / total if total else 0.0

    def coverage(self, part: str | None, whole: Iterable[str | None]) -> float:
        """How much of ``part`` (by weighted stems) appears in any of ``whole``."""
        sp = set(stems(part))
        sw = {s for text in whole for s in stems(text)}
        total = self._weighted(sp)
        return self._weighted(sp & sw) / total if total else 0.0

    def text(self, a: str | None, b: str | None) -> float:
        """Symmetric similarity of two texts that should say the same thing."""
        if not stems(a) or not stems(b):
            return 0.0
        ratio = fuzz.token_sort_ratio(" ".join(stems(a)), " ".join(stems(b))) / 100
        return (ratio + self.dice(a, b)) / 2

    def hmip(
        self,
        text: str | None,
        concern: str | None,
        rec_text: str | None,
        rec_concern: str | None,
    ) -> float:
        """A quoted recommendation (and its concern) against a plan's row.

        A plan in the concerns layout (2023+) prints concerns and no recommendation
        sentence: then the concern is all there is to compare, with either text.
        """
        if not rec_text:
            return max(self.text(concern, rec_concern), self.text(text, rec_concern))
        score = self.text(text or concern, rec_text)
        if concern and rec_concern:
            score = max(score, (score + self.text(concern, rec_concern)) / 2)
        return score

    def ofsted(self, question: str | None, summary: str | None, rec_text: str | None) -> float:
        """How well an Ofsted theme (question and summary) covers one recommendation
        (or, for a plan with no recommendation sentences, one concern)."""
        rec = " ".join(stems(rec_text))
        if not rec:
            return 0.0
        core = ofsted_core(question)
        ratio = max(
            (fuzz.token_set_ratio(" ".join(stems(t)), rec) / 100 for t in (core, summary) if t),
            default=0.0,
        )
        return (ratio + self.coverage(rec_text, (core, summary))) / 2
