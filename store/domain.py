"""The domain facts store/ and tui/ use, one copy of each.

* what the documents print (document kinds, agreements, action statuses,
  judgement scales): defined in ``extract.domain``, which the parser shares,
  and re-exported here;
* the kinds of record the review queue holds, and the review statuses;
* establishment names: which words name the kind of place rather than the
  place ('HMP', 'YOI', 'HMIRC', 'prison'), how a name is shortened for display
  ('HMP/YOI Marden Vale' → 'Marden Vale') and the key two spellings of one
  place share ('HMP & YOI Belmarsh', 'Belmarsh prison' → 'belmarsh'). The
  queue, the outstanding lookup and IRP linking all use these.

Pure: no SQL, nothing slow to import (``hmip-review outstanding`` loads it).
"""

from __future__ import annotations

import re

from extract.domain import (
    ACTION_PLAN,
    ACTION_STATUSES,
    AGREEMENTS,
    DOCUMENT_KINDS,
    HMIP,
    HMIP_SCALE,
    IRP_REPORT,
    JUDGEMENTS,
    OFSTED,
    OFSTED_SCALE,
    SCALES,
    scale_of,
)

__all__ = [
    "ACTION_PLAN",
    "ACTION_STATUSES",
    "AGREEMENTS",
    "DOCUMENT_KINDS",
    "ESTABLISHMENT_PREFIXES",
    "HMIP",
    "HMIP_SCALE",
    "IRP_REPORT",
    "JUDGEMENT",
    "JUDGEMENTS",
    "OFSTED",
    "OFSTED_SCALE",
    "RECOMMENDATION",
    "RECORD_KINDS",
    "REVIEW_STATUSES",
    "SCALES",
    "WHOLE_ROW",
    "establishment_key",
    "scale_of",
    "short_establishment",
]

# The two kinds of record the review queue holds, and the table of each.
RECOMMENDATION = "recommendation"
JUDGEMENT = "judgement"
RECORD_KINDS = (RECOMMENDATION, JUDGEMENT)
RECORD_TABLES = {RECOMMENDATION: "recommendations", JUDGEMENT: "judgements"}

REVIEW_STATUSES = ("unreviewed", "verified", "flagged", "rejected")

# ``edits.field`` of a row added or deleted whole (its old or new value is the row).
WHOLE_ROW = "*"

# --- establishment names ----------------------------------------------------

# What an establishment's printed name may start with to say what kind of place
# it is, longest first so that 'HMP & YOI' is taken whole rather than as 'HMP'.
ESTABLISHMENT_PREFIXES = (
    "HMP & YOI",
    "HMP and YOI",
    "HMP/YOI",
    "HMP YOI",
    "HM Prison",
    "HMPYOI",
    "HMIYOI",
    "HMYOI",
    "HMIRC",
    "HMP",
    "YOI",
    "IRC",
    "STC",
)
# Words that say what kind of place it is, not which one, wherever they stand:
# 'HMP Belmarsh', 'Belmarsh prison' and 'HMP & YOI Belmarsh' all name Belmarsh.
GENERIC_WORDS = frozenset(
    # each prefix's words ('HMP & YOI' → hmp, yoi): split on what is not a letter
    {w for p in ESTABLISHMENT_PREFIXES for w in p.lower().replace("/", " ").split() if w.isalpha()}
    | {
        "prison",
        "prisons",
        "young",
        "offender",
        "offenders",
        "institution",
        "immigration",
        "removal",
        "centre",
        "center",
        "secure",
        "training",
        "the",
        "and",
        "of",
        "at",
    }
)
# compiled on first use (re caches it): the outstanding lookup never shortens a name
_PREFIX = r"^(?:" + "|".join(p.replace(" ", r"\ ") for p in ESTABLISHMENT_PREFIXES) + r")\s+"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def short_establishment(name: str | None) -> str:
    """The name as the queue shows it: 'HMP Belmarsh' → 'Belmarsh', 'HMIRC Brook House' →
    'Brook House'; '(unknown)' when there is none."""
    return re.sub(_PREFIX, "", (name or "").strip(), flags=re.IGNORECASE) or "(unknown)"


def short_name_sql(column: str = "establishment") -> str:
    """``short_establishment`` as an SQL expression over ``column``, for ordering in the query."""
    cases = " ".join(
        f"WHEN {column} LIKE '{p} %' THEN ltrim(substr({column}, {len(p) + 1}))"
        for p in ESTABLISHMENT_PREFIXES
    )
    return f"CASE {cases} ELSE {column} END"


def establishment_key(name: str | None) -> str:
    """The part of a name that says which place it is, for comparing two spellings.

    Lower case, accents and punctuation dropped, generic words removed:
    'HMP & YOI Belmarsh' and 'belmarsh prison' both give 'belmarsh',
    'HMIRC Brook House' gives 'brook house'. '' when nothing is left.
    """
    if not name:
        return ""
    if not name.isascii():  # an ASCII name is its own NFKD form
        import unicodedata

        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NOT_WORD.sub(" ", name.casefold()).split()
    return " ".join(w for w in words if w not in GENERIC_WORDS)
