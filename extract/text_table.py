"""Layout reader for action plans as text: tab-separated table rows.

Both text layouts of action plans (the Word-table export, where each row is a
line of tab-separated cells, and the PDF extraction, where cells are shredded
over lines and some lines lack cells) are read here into rows whose cells are
assigned to the table's columns. Cells keep their character spans.

Assigning cells to columns: a line with as many cells as the header maps one
to one. A line with fewer cells (a PDF line that lost its leading or middle
cells) is mapped by the in-order assignment that best fits what each cell
looks like (a rec number, an agreement, prose, a short owner, a date).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.cells import clean, word_count
from extract.dates import _UNIT

ROLES = ("rec_no", "text", "agreement", "response", "owner", "target")

_RECNO = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\.\d+)\s*$")
_AGREEMENT = re.compile(
    r"^\s*(?:agreed|partly\s*agreed|partially\s*agreed|part\s*agreed|not\s*agreed|disagreed)\b",
    re.I,
)
_SUMMARY_LINE = re.compile(
    r"^\s*(agreed|partly\s+agreed|partially\s+agreed|not\s+agreed|totals?)\s*\t\s*(\d+)"
    r"\s*(?:\t\s*\d+(?:\.\d+)?\s*%?\s*)*$",
    re.I,
)
_SUMMARY_HEAD = re.compile(
    r"^\s*(?:recommendations?|concerns?|summary|totals?|agreement|status)\s*"
    r"(?:\t\s*(?:number|no\.?|count|total|%|percentage|per\s*cent)?\s*)*$",
    re.I,
)
_PAGE_LINE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}|official(?:-sensitive)?)\s*$", re.I
)


@dataclass
class Cell:
    raw: str
    start: int
    end: int

    @property
    def text(self) -> str:
        return clean(self.raw)


@dataclass
class Row:
    """One table line, its cells keyed by column role."""

    line_no: int
    start: int
    end: int
    cells: dict[str, Cell] = field(default_factory=dict)
    cell_count: int = 0

    def get(self, role: str) -> str:
        cell = self.cells.get(role)
        return cell.text if cell else ""

    def raw(self, role: str) -> str:
        cell = self.cells.get(role)
        return cell.raw if cell else ""

    def filled(self) -> set[str]:
        return {role for role, cell in self.cells.items() if cell.text}


@dataclass
class TableText:
    """What the reader found: column roles, rows, the summary count table, stray lines."""

    columns: list[str]
    header_text: list[str]
    rows: list[Row]
    summary: dict[str, int] | None
    summary_span: tuple[int, int] | None
    irregular_rows: int  # lines whose cell count differs from the header's
    assumed_header: bool = False  # no header row was printed; the usual columns were assumed


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) pairs."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def split_cells(offset: int, line: str) -> list[Cell]:
    cells, pos = [], 0
    for part in line.split("\t"):
        cells.append(Cell(part, offset + pos, offset + pos + len(part)))
        pos += len(part) + 1
    return cells


def header_roles(cells: list[str]) -> list[str] | None:
    """Column roles from a header row such as '1. Rec No | 2. Recommendation | …'."""
    roles: list[str] = []
    for raw in cells:
        h = raw.lower()
        if re.search(r"rec(?:ommendation)?\.?\s*no|\bno\.?$|number|^\s*\d?\.?\s*ref", h):
            roles.append("rec_no")
        elif "agreed" in h or "agreement" in h:
            roles.append("agreement")
        elif "owner" in h or "responsib" in h:
            roles.append("owner")
        elif "target" in h or "date" in h or "timescale" in h:
            roles.append("target")
        elif "response" in h or "action" in h:
            roles.append("response")
        elif "recommendation" in h or "concern" in h:
            roles.append("text")
        else:
            return None
    if len(set(roles)) != len(roles) or not {"rec_no", "text", "owner", "target"} <= set(roles):
        return None
    return roles


def find_header(lines: list[tuple[int, str]]) -> tuple[int, list[str], list[str]] | None:
    for i, (_, line) in enumerate(lines):
        if "\t" not in line:
            continue
        parts = [p.strip() for p in line.split("\t")]
        roles = header_roles([p for p in parts if p]) if sum(1 for p in parts if p) >= 4 else None
        if roles:
            return i, roles, [p for p in parts if p]
    return None


_DEFAULT_ROLES = {
    6: ["rec_no", "text", "agreement", "response", "owner", "target"],
    5: ["rec_no", "text", "response", "owner", "target"],
}


def _assumed_header(lines: list[tuple[int, str]]) -> tuple[int, list[str], list[str]] | None:
    """No header row (lost in extraction): assume the usual columns from the usual row width.

    Only when most tab lines are 5 or 6 cells wide and some start with a rec
    number; the table is taken to start just before the first numbered row.
    """
    widths = Counter(line.count("\t") + 1 for _, line in lines if "\t" in line)
    if not widths:
        return None
    width, _ = widths.most_common(1)[0]
    if width not in _DEFAULT_ROLES:
        return None
    if not any(_RECNO.match(line.split("\t")[0]) for _, line in lines if "\t" in line):
        return None
    for i, (_, line) in enumerate(lines):
        if line.count("\t") + 1 == width:
            roles = _DEFAULT_ROLES[width]
            label = "concerns" if width == 5 else "recommendation"
            return i - 1, roles, ["(assumed)", label, *roles[2:]]
    return None


def footer_lines(lines: list[tuple[int, str]]) -> set[str]:
    """Lines without cells that repeat (page footers and headers), and page-number lines."""
    counts = Counter(line.strip() for _, line in lines if line.strip() and "\t" not in line)
    repeated = {text for text, n in counts.items() if n >= 2 and len(text) > 3}
    return repeated


def _looks_target(text: str) -> bool:
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


def _fit(text: str, role: str) -> float:
    """How well a cell's text fits a column role (higher is better)."""
    t = text.strip()
    if not t:
        return 0.0
    words = word_count(t)
    recno = bool(_RECNO.match(t))
    agreement = bool(_AGREEMENT.match(t)) and words <= 4
    target = _looks_target(t)
    year_frag = bool(re.search(r"\b(?:19|20)\d{2}\b", t)) and words <= 3
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


def read_table(text: str) -> TableText | None:
    """Rows of the action-plan table, or None when the text has no table header."""
    lines = split_lines(text)
    found = find_header(lines) or _assumed_header(lines)
    if not found:
        return None
    header_at, roles, header_text = found
    footers = footer_lines(lines)
    rows: list[Row] = []
    summary: dict[str, int] = {}
    summary_span: tuple[int, int] | None = None
    irregular = 0
    templates: dict[int, tuple[int, ...]] = {}
    end_at = len(lines)
    # the summary count table ends the action table
    for i in range(header_at + 1, len(lines)):
        if not _SUMMARY_LINE.match(lines[i][1]):
            continue
        j = i - 1
        while j > header_at and not lines[j][1].strip():
            j -= 1
        start_line = j if _SUMMARY_HEAD.match(lines[j][1]) and lines[j][1].strip() else i
        end_at = start_line
        k, last = i, i
        while k < len(lines) and (_SUMMARY_LINE.match(lines[k][1]) or not lines[k][1].strip()):
            m = _SUMMARY_LINE.match(lines[k][1])
            if m:
                summary[_summary_key(m.group(1))] = int(m.group(2))
                last = k
            k += 1
        summary_span = (lines[start_line][0], lines[last][0] + len(lines[last][1]))
        break
    for i in range(header_at + 1, end_at):
        offset, line = lines[i]
        stripped = line.strip()
        if not stripped or stripped in footers or _PAGE_LINE.match(stripped):
            continue
        if "\t" in line:
            parts = [p.strip() for p in line.split("\t") if p.strip()]
            if header_roles(parts) == roles:
                continue  # a header row repeated on a new page
        cells = split_cells(offset, line)
        texts = [c.text for c in cells]
        if len(cells) > len(roles):
            cells = _merge_surplus(cells, roles)
            texts = [c.text for c in cells]
        if len(cells) != len(roles):
            irregular += 1
            assignment = assign_columns(texts, roles, templates.get(len(cells)))
            templates[len(cells)] = assignment
        else:
            assignment = tuple(range(len(roles)))
        row = Row(i, offset, offset + len(line), cell_count=len(cells))
        for cell, col in zip(cells, assignment, strict=True):
            row.cells[roles[col]] = cell
        rows.append(row)
        if len(cells) == len(roles):
            templates.clear()
    return TableText(
        columns=roles,
        header_text=header_text,
        rows=rows,
        summary=summary or None,
        summary_span=summary_span,
        irregular_rows=irregular,
        assumed_header=header_text[:1] == ["(assumed)"],
    )


def _summary_key(label: str) -> str:
    label = re.sub(r"\s+", " ", label.strip().lower())
    return {
        "agreed": "Agreed",
        "partly agreed": "Partly Agreed",
        "partially agreed": "Partly Agreed",
        "not agreed": "Not Agreed",
        "total": "Total",
        "totals": "Total",
    }[label]


def _merge_surplus(cells: list[Cell], roles: list[str]) -> list[Cell]:
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
