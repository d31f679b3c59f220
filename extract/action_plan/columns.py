"""Which column each cell of a text-table line belongs to.

A line with as many cells as the header maps one to one. A PDF line that lost
cells is mapped by the in-order assignment that best fits what each cell looks
like (a rec number, an agreement, prose, a short owner name, a date). Lines
whose cells ran together, or that have more cells than columns, are re-split
or folded first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.action_plan.cells import Cell, word_count
from extract.action_plan.refs import starts_with_row_label
from extract.dates import _UNIT

_RECNO = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\.\d+)\s*$")
_AGREEMENT = re.compile(
    r"^\s*(?:agreed|partly\s*agreed|partially\s*agreed|part\s*agreed|not\s*agreed|disagreed)\b",
    re.I,
)


def looks_target(text: str) -> bool:
    """Is the text wholly made of target units (dates, Complete, N/A, Ongoing, …)?"""
    t = text.strip()
    if not t:
        return False
    pos = 0
    while pos < len(t):
        while pos < len(t) and t[pos] in " ,;":
            pos += 1
        if pos >= len(t):
            break
        m = _UNIT.match(t, pos)
        if not m:
            return False
        pos = m.end()
    return True


@lru_cache(maxsize=1024)
def _features(t: str) -> tuple[int, bool, bool, bool, bool]:
    """What a cell's text looks like: words, rec number, agreement, target, year fragment."""
    words = word_count(t)
    return (
        words,
        bool(_RECNO.match(t)),
        bool(_AGREEMENT.match(t)) and words <= 4,
        looks_target(t),
        bool(_YEAR.search(t)) and words <= 3,
    )


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _fit(text: str, role: str) -> float:
    """How well a cell's text fits a column role (higher is better)."""
    t = text.strip()
    if not t:
        return 0.0
    words, recno, agreement, target, year_frag = _features(t)
    if role == "rec_no":
        return 3.0 if recno else (-0.5 if len(t) <= 2 and not t.isalnum() else -5.0)
    if role == "agreement":
        if agreement:
            return 4.0
        return -3.0 if (words > 12 or target or recno) else -0.5
    if role == "target":
        if target:
            return 3.0
        if year_frag:
            return 1.0
        return -3.0 if words > 4 else -1.5
    if role == "owner":
        if target or agreement or recno:
            return -2.0
        if t[0].islower():
            return -1.0  # a fragment of a sentence, not a name
        return 2.0 if words <= 8 else -2.0
    # text and response: prose
    if agreement or recno:
        return -2.0
    if target:
        return -1.0
    return 1.0


def assign_columns(
    texts: list[str], roles: list[str], prefer: tuple[int, ...] | None = None
) -> tuple[int, ...]:
    """Column index for each cell: strictly increasing, best total fit.

    ``prefer`` is a previous line's assignment for the same cell count; it wins
    ties so that a run of shredded lines keeps one column layout.
    """
    n, m = len(texts), len(roles)
    if n >= m:
        return tuple(range(m))
    fit = [[_fit(t, r) for r in roles] for t in texts]
    if texts and texts[0].strip() and "text" in roles:
        # a line's first cell, when filled, is most often the leftmost prose column
        fit[0][roles.index("text")] += 0.3
    neg = float("-inf")
    # best[i][j]: best score placing the first i cells in the first j columns
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    choice: dict[tuple[int, int], bool] = {}
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1]
            take = best[i - 1][j - 1] + fit[i - 1][j - 1]
            if take >= skip:
                best[i][j], choice[(i, j)] = take, True
            else:
                best[i][j], choice[(i, j)] = skip, False
    if prefer is not None and len(prefer) == n:
        score = sum(fit[i][c] for i, c in enumerate(prefer))
        if score >= best[n][m] - 2.0:
            return prefer
    out: list[int] = []
    i, j = n, m
    while i > 0:
        if choice.get((i, j)):
            out.append(j - 1)
            i, j = i - 1, j - 1
        else:
            j -= 1
    return tuple(reversed(out))


_MERGED_HEAD = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(?=\S)")
_AGREEMENT_AFTER_BRACKET = re.compile(r"\)\s+((?:partly\s+|partially\s+|not\s+)?agreed)\b\s*", re.I)


def _sub(cell: Cell, start: int, end: int) -> Cell:
    return Cell(cell.raw[start:end].strip(), cell.start + start, cell.start + end)


def resplit_merged(cells: list[Cell], roles: list[str]) -> list[Cell]:
    """Mend a PDF line whose cells ran together: '5.8 Recommendation 3.33: … (To the governor)
    Agreed An additional …' | 'Head of Healthcare March 2023'.

    Only a line whose first cell starts with a rec number followed by a row label
    is re-split: the number, the text up to the addressee bracket, an agreement
    word, the response; and a date at the end of the last cell is split off as
    the target.
    """
    first = cells[0]
    head = _MERGED_HEAD.match(first.raw)
    if not head or not starts_with_row_label(first.raw[head.end() :]):
        return cells
    parts = [_sub(first, 0, head.end())]
    rest = head.end()
    agreement = _AGREEMENT_AFTER_BRACKET.search(first.raw, rest)
    if "agreement" in roles and agreement:
        parts.append(_sub(first, rest, agreement.start() + 1))
        parts.append(_sub(first, agreement.start(1), agreement.end(1)))
        parts.append(_sub(first, agreement.end(), len(first.raw)))
    else:
        parts.append(_sub(first, rest, len(first.raw)))
    tail = cells[1:]
    if tail and len(parts) + len(tail) < len(roles):
        last = tail[-1]
        words = list(re.finditer(r"\S+", last.raw))
        for k in range(1, min(5, len(words))):
            split_at = words[-k].start()
            if looks_target(last.raw[split_at:]) and last.raw[:split_at].strip():
                tail = [*tail[:-1], _sub(last, 0, split_at), _sub(last, split_at, len(last.raw))]
                break
    return [*parts, *tail]


def merge_surplus(cells: list[Cell], roles: list[str]) -> list[Cell]:
    """A line with more cells than columns: fold the extra cells into the widest prose column."""
    while len(cells) > len(roles) and not cells[-1].raw.strip():
        cells = cells[:-1]
    if len(cells) <= len(roles):
        return cells
    keep_tail = len(roles) - 1 - roles.index("response") if "response" in roles else 2
    head_n = len(roles) - keep_tail - 1
    head, middle, tail = (
        cells[:head_n],
        cells[head_n : len(cells) - keep_tail],
        cells[len(cells) - keep_tail :],
    )
    merged = Cell(" ".join(c.raw for c in middle), middle[0].start, middle[-1].end)
    return [*head, merged, *tail]


def agreement_value(text: str) -> str | None:
    """Normalise an agreement cell to 'Agreed' | 'Partly Agreed' | 'Not Agreed', or None.

    Case, spacing and hyphens do not matter; a short qualifier after the value
    ('Agreed in principle') is allowed, prose is not.
    """
    t = re.sub(r"[\s\-_/]+", " ", text.strip().lower()).strip(" .:;*")
    if not t or word_count(t) > 4:
        return None
    if re.match(r"(?:partly|partially|part) agreed\b|agreed in part\b", t):
        return "Partly Agreed"
    if re.match(r"(?:not agreed|disagreed|rejected)\b", t):
        return "Not Agreed"
    if re.match(r"(?:agreed|accepted)\b", t):
        return "Agreed"
    return None
