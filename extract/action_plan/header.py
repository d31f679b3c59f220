"""Header rows: which column each header cell names, and what an unnamed column holds.

Plans name their columns in many words and orders ('No.' / 'Ref' / 'Rec no';
'Responsible' / 'Lead' / 'By whom' / 'Action owner'; 'Target date' / 'Timescale' /
'By when' / 'Deadline'; agreement as one column or three ticked ones, first or
last). ``plan_columns`` reads a header row into the role of each of its cells;
a column the header does not name is read from what its cells hold in the rows
below, and an empty header cell over empty cells is the right half of a merged
or padded cell. ``table`` uses it to find the header and to map each line's cells.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extract.action_plan.cells import clean, word_count
from extract.action_plan.columns import _RECNO, agreement_value, is_tick, looks_target

TICKS = {
    "tick:Agreed": "Agreed",
    "tick:Partly Agreed": "Partly Agreed",
    "tick:Not Agreed": "Not Agreed",
}
_COLUMN_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.)]\s*(?=\S)")
# (role, wording), tried in order: 'Action owner' is an owner, 'Response – action taken' a response
_HEADER_WORDS = (
    (
        "rec_no",
        r"rec(?:ommendation)?\.?\s*(?:no|number|ref)\b|^(?:no|nos|number|ref|reference|item|para"
        r"|paragraph|#)\.?(?:\s*no\.?)?$|^rec\.?$|(?:concern|item|para(?:graph)?)\s*(?:no|number)\b"
        r"|\bnumber\b|^ref\b",
    ),
    ("tick:Agreed", r"^(?:agreed|accepted|yes)\s*\??$"),
    ("tick:Partly Agreed", r"^(?:partly|partially|part)[\s-]*(?:agreed|accepted)\s*\??$"),
    ("tick:Not Agreed", r"^(?:not[\s-]*agreed|disagreed|rejected|not[\s-]*accepted)\s*\??$"),
    ("agreement", r"agree|accept"),
    ("owner", r"owner|responsib|\blead\b|by\s+whom|\bwho\b|accountab|action\s+by\b"),
    (
        "target",
        r"target|time\s*scale|time\s*frame|by\s+when|\bwhen\b|deadline|\bdue\b|completion|\bdate",
    ),
    ("response", r"response|action|progress|update|planned|measures|steps"),
    ("text", r"recommendation|finding"),
    ("concern", r"concern|issue"),
)
_HEADER_RX = [(role, re.compile(rx, re.I)) for role, rx in _HEADER_WORDS]


@lru_cache(maxsize=4096)
def header_cell_role(cell: str) -> str | None:
    """The column a header cell names ('5. Responsible Owner' → 'owner'), or None.

    Asked of every cell of every row that might be a header repeated on a new page,
    so cached: owners, targets and agreements recur from row to row. A cell of more
    than 300 characters holds more than eight words of any header.
    """
    if len(cell) > 300:
        return None
    h = " ".join(_COLUMN_NUMBER.sub("", clean(cell)).split()).strip(" :")
    if not h or word_count(h) > 8:
        return None
    return next((role for role, rx in _HEADER_RX if rx.search(h)), None)


def role_by_content(texts: list[str]) -> str | None:
    """What a column holds, from its cells in body rows: 'rec_no', 'agreement', 'tick',
    'target', 'owner', 'prose', or None when it is mostly empty."""
    filled = [t for t in (clean(x) for x in texts) if t]
    if not filled or len(filled) < max(2, 0.25 * len(texts)):
        return None

    def share(pred) -> float:
        return sum(1 for t in filled if pred(t)) / len(filled)

    if share(lambda t: _RECNO.match(t)) >= 0.6:
        return "rec_no"
    if share(agreement_value) >= 0.6:
        return "agreement"
    if share(is_tick) >= 0.8:
        return "tick"
    if share(looks_target) >= 0.5:
        return "target"
    words = sorted(word_count(t) for t in filled)[len(filled) // 2]
    return "owner" if words <= 6 and share(lambda t: t[:1].isupper()) >= 0.6 else "prose"


def logical(roles: list[str]) -> list[str]:
    """The columns a table has, once: spans ('') and unread columns dropped, tick columns
    ('tick:Agreed', …) one 'agreement' column."""
    out: list[str] = []
    for r in roles:
        name = "agreement" if r in TICKS else r
        if name and name != "extra" and name not in out:
            out.append(name)
    return out


def plan_columns(parts: list[str], body: list[list[str]]) -> tuple[list[str], list[str]] | None:
    """The role of each cell of a header row, or None when the row is not a plan's header.

    The header must name the text column (recommendation or concern) and an owner or
    target column, with at most two cells it does not know. A column it does not name
    (an empty header cell, or unknown words) is read from what its cells hold in
    ``body`` (the rows below with as many cells): a number, an agreement, a date, a
    short name or prose; an empty header cell over mostly empty cells is the right
    half of the cell before it (merged or padded cells) and is read with it. Returns
    (roles, notes): '' for such a half, 'extra' for a column not read; notes say what
    was read from content.
    """
    named = [header_cell_role(p) if p.strip() else None for p in parts]
    unknown = [p for p, r in zip(parts, named, strict=True) if p.strip() and not r]
    known = {r for r in named if r}
    if (
        len(known) < 3
        or len(unknown) > 2
        or any(word_count(clean(p)) > 5 for p in unknown)
        or not known & {"text", "concern"}
        or not known & {"owner", "target"}
    ):
        return None
    roles: list[str] = []
    notes: list[str] = []
    for k, (part, role) in enumerate(zip(parts, named, strict=True)):
        if role:
            roles.append(role)
            continue
        kind = role_by_content([row[k] for row in body]) if body else None
        taken = set(logical([*roles, *(r for r in named[k + 1 :] if r)]))
        if kind == "prose":
            kind = next((r for r in ("text", "response") if r not in taken), None)
        label = f"{part.strip()!r}" if part.strip() else "with no heading"
        if (
            kind in {"rec_no", "text", "agreement", "response", "owner", "target"}
            and kind not in taken
        ):
            roles.append(kind)
            notes.append(f"table column {k + 1} ({label}) read as {kind} from what its rows hold")
        elif not part.strip() and roles:
            roles.append("")  # the right half of a merged or padded cell
        else:
            roles.append("extra")
            if part.strip() or kind:
                notes.append(f"table column {k + 1} ({label}) is not read")
    if "concern" in roles and "text" not in roles:
        roles[roles.index("concern")] = "text"  # the 2023+ table: the concern is the row's text
    if sum(1 for r in roles if r in TICKS) == 1:  # one 'Agreed' column: the agreement
        roles = ["agreement" if r in TICKS else r for r in roles]
    names = [r for r in roles if r and r != "extra"]
    if (
        len(set(names)) != len(names)
        or ("agreement" in names and any(r in TICKS for r in names))
        or not {"rec_no", "text", "owner", "target"} <= set(logical(roles))
    ):
        return None
    return roles, notes


def header_roles(cells: list[str]) -> list[str] | None:
    """Column roles from a header row such as '1. Rec No | 2. Recommendation | …'."""
    found = plan_columns(cells, [])
    return found[0] if found else None


def _body(lines: list[tuple[int, str]], at: int, width: int) -> list[list[str]]:
    """Up to 40 lines after ``at`` with ``width`` cells: what the header's columns hold."""
    out = []
    for _, line in lines[at + 1 : at + 600]:
        if line.count("\t") + 1 == width:
            out.append(line.split("\t"))
            if len(out) == 40:
                break
    return out


def find_header(lines: list[tuple[int, str]]) -> tuple[int, list[str], list[str], list[str]] | None:
    """The plan's header row: (line index, role of each cell, its words, notes)."""
    for i, (_, line) in enumerate(lines):
        if "\t" not in line:
            continue
        parts = line.split("\t")
        if sum(1 for p in parts if p.strip()) < 4:
            continue
        if sum(1 for p in parts if p.strip() and header_cell_role(p)) < 3:
            continue
        found = plan_columns(parts, _body(lines, i, len(parts)))
        if found:
            return i, found[0], [p.strip() for p in parts if p.strip()], found[1]
    return None


_DEFAULT_ROLES = {
    6: ["rec_no", "text", "agreement", "response", "owner", "target"],
    5: ["rec_no", "text", "response", "owner", "target"],
}


def assumed_header(
    lines: list[tuple[int, str]],
) -> tuple[int, list[str], list[str], list[str]] | None:
    """No header row (lost in extraction): the columns read from what the rows hold.

    Only when some lines start with a rec number; the most common line width gives
    the columns, each read from its cells (number, agreement, date, short name,
    prose), or failing that the usual columns of a 5- or 6-cell table. The table is
    taken to start just before the first line of that width.
    """
    widths = Counter(line.count("\t") + 1 for _, line in lines if "\t" in line)
    if not widths:
        return None
    width, _ = widths.most_common(1)[0]
    if not 4 <= width <= 9:
        return None
    if not any(_RECNO.match(line.split("\t")[0]) for _, line in lines if "\t" in line):
        return None
    first = next(i for i, (_, line) in enumerate(lines) if line.count("\t") + 1 == width)
    body = _body(lines, first - 1, width)
    kinds = [role_by_content([row[k] for row in body]) for k in range(width)]
    roles: list[str] = []
    for kind in kinds:
        if kind == "prose":
            kind = "text" if "text" not in roles else "response"
        roles.append(kind if kind and kind not in roles and kind != "tick" else "extra")
    if not {"rec_no", "text", "owner", "target"} <= set(roles):
        if width not in _DEFAULT_ROLES:
            return None
        roles = _DEFAULT_ROLES[width]
    label = "recommendation" if "agreement" in roles else "concerns"
    return first - 1, roles, ["(assumed)", label, *roles[2:]], []
