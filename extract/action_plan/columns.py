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
_NOT_APPLICABLE = re.compile(r"^\s*n/?a\.?\s*$", re.I)
_CONTINUED_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\s*\(\s*cont", re.I)


def _fit(text: str, role: str) -> float:
    """How well a cell's text fits a column role (higher is better)."""
    t = text.strip()
    if not t:
        return 0.0
    words, recno, agreement, target, year_frag = _features(t)
    if role == "rec_no":
        if recno or (words <= 3 and _CONTINUED_NUMBER.match(t)):  # '9.10 (cont.)'
            return 3.0
        return -0.5 if len(t) <= 2 and not t.isalnum() else -5.0
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
    if role.startswith("tick:"):
        return (1.0 if _NEGATIVE.match(t) else 3.0) if is_tick(t) else -4.0
    if role == "owner":
        if _NOT_APPLICABLE.match(t):
            return 1.0  # 'N/A' owns a not-agreed row as well as it dates it
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


# --- tick marks (agreement printed as three columns) -----------------------------

_TICK = re.compile(r"^\s*(?:[✓✔✅☑☒■●•√üþPX×x✗✘]|yes|y)\s*$", re.I)
_CROSS = re.compile(r"^\s*(?:[Xx×✗✘])\s*$")
_NEGATIVE = re.compile(r"^\s*(?:no|n|-|–|—|n/a|0|☐|□)\s*$", re.I)


def is_tick(text: str) -> bool:
    """A mark in an agreement column: '✓', 'X', 'Yes' (or 'No', '-' saying not this one)."""
    return bool(_TICK.match(text) or _NEGATIVE.match(text))


def ticked(marks: dict[str, str]) -> tuple[str | None, str | None]:
    """The agreement three tick columns give ({'Agreed': '✓', 'Partly Agreed': '', …}),
    and a problem when the marks do not name exactly one."""
    shown = {k: v.strip() for k, v in marks.items() if v.strip() and not _NEGATIVE.match(v)}
    ticks = {k: v for k, v in shown.items() if not _CROSS.match(v)}
    if len(shown) > 1 and len(ticks) == 1:
        shown = ticks  # '✓' in one column and 'X' ('not this one') in the others
    if len(shown) == 1:
        ((value, mark),) = shown.items()
        if _TICK.match(mark) or agreement_value(mark):
            return value, None
        return None, f"agreement mark {mark!r} not read as a tick"
    if not shown:
        return None, ("no agreement column marked" if any(marks.values()) else None)
    return None, "more than one agreement column marked: " + ", ".join(shown)


def realign(texts: list[str], roles: list[str], forced: bool) -> list[tuple[int, int]] | None:
    """(cell, column) for the filled cells of a full line that padding shifted out of its
    columns ('' | 'Forums …' | 'Governor' | 'December 2024' | '' under Rec No | Concern |
    Response | Owner | Target), or None when they fit where they stand.

    The cells are moved as a block (a shift of one or two columns) or, failing that,
    placed one by one by what they look like; only when that fits far better than
    where they stand, or when ``forced`` (the number cell holds words). A lone cell
    is the row's text: a heading merged across the table.
    """
    filled = [(k, t) for k, t in enumerate(texts) if t]
    if not filled:
        return None
    if len(filled) == 1 and forced and "text" in roles:
        return [(filled[0][0], roles.index("text"))]

    def score(cols: list[int]) -> float:
        return sum(_fit(t, roles[c]) for (_, t), c in zip(filled, cols, strict=True))

    here = score([k for k, _ in filled])
    if not forced and min(_fit(t, roles[k]) for k, t in filled) > -2.0:
        return None  # every cell fits its column well enough
    options = [
        (score(cols) + 0.5, cols)  # a block shift keeps the cells' order and spacing: preferred
        for off in (-2, -1, 1, 2)
        if all(0 <= k + off < len(roles) for k, _ in filled)
        for cols in [[k + off for k, _ in filled]]
    ]
    if len(filled) <= len(roles):
        best = list(assign_columns([t for _, t in filled], roles))
        options.append((score(best), best))
    gain, cols = max(options, key=lambda o: o[0], default=(here, []))
    if not cols or (gain - here < 6.0 and not forced):
        return None
    return [(k, c) for (k, _), c in zip(filled, cols, strict=True)]
