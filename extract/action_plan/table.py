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

from extract.action_plan.cells import Cell, clean
from extract.action_plan.columns import assign_columns, merge_surplus, resplit_merged

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
        if re.search(
            r"rec(?:ommendation)?\.?\s*no|\bno\.?$|number|^\s*\d?\.?\s*(?:ref|rec\.?$)", h
        ):
            roles.append("rec_no")
        elif "agreed" in h or "agreement" in h:
            roles.append("agreement")
        elif "owner" in h or "responsib" in h:
            roles.append("owner")
        elif "target" in h or "date" in h or "timescale" in h:
            roles.append("target")
        elif "response" in h or "action" in h:
            roles.append("response")
        elif "recommendation" in h:
            roles.append("text")
        elif "concern" in h:
            roles.append("concern")
        else:
            return None
    if "concern" in roles and "text" not in roles:
        # the 2023+ table: the concern is the row's text
        roles[roles.index("concern")] = "text"
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


_PAGE_CELL = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|official(?:[-\s]sensitive)?|sensitive)$",
    re.I,
)


_DIGITS = re.compile(r"\d+")


def _shape(line: str) -> str:
    """A line with its numbers blanked: 'Page 3 of 9' and 'Page 4 of 9' have one shape."""
    return _DIGITS.sub("#", " ".join(line.split()))


def furniture_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Indexes of page furniture: headers and footers, with or without tabs.

    A line is furniture when it repeats (numbers aside) and has no tabs, or when
    it repeats and one of its cells is a page mark ('Page 3', 'OFFICIAL'), or
    when every cell is a page mark. A bare number counts only on a line of its
    own without tabs (a rec number alone in its cell is not a page number).
    """
    line_shapes = [_shape(line) if line.strip() else "" for _, line in lines]
    shapes = Counter(shape for shape in line_shapes if shape)
    out: set[int] = set()
    for i, (_, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        marks = [c for c in cells if _PAGE_CELL.match(c)]
        repeated = shapes[line_shapes[i]] >= 2
        if "\t" not in line:
            if (repeated and len(stripped) > 3) or _PAGE_LINE.match(stripped):
                out.add(i)
        elif (marks and repeated) or len(marks) == len(cells):
            out.add(i)
    return out


def read_table(text: str) -> TableText | None:
    """Rows of the action-plan table, or None when the text has no table header."""
    lines = split_lines(text)
    found = find_header(lines) or _assumed_header(lines)
    if not found:
        return None
    header_at, roles, header_text = found
    furniture = furniture_lines(lines)
    rows: list[Row] = []
    summary: dict[str, int] = {}
    summary_span: tuple[int, int] | None = None
    irregular = 0
    templates: dict[int, tuple[int, ...]] = {}
    end_at = len(lines)
    # the summary count table ends the action table; some plans print it first
    found_summary = _find_summary(lines, header_at + 1, len(lines))
    if found_summary:
        summary, summary_span, start_line = found_summary
        end_at = start_line
    else:
        found_summary = _find_summary(lines, 0, header_at)
        if found_summary:
            summary, summary_span, _ = found_summary
    for i in range(header_at + 1, end_at):
        offset, line = lines[i]
        stripped = line.strip()
        if not stripped or i in furniture:
            continue
        if "\t" in line:
            parts = [p.strip() for p in line.split("\t") if p.strip()]
            if len(parts) == len(roles) and header_roles(parts) == roles:
                continue  # a header row repeated on a new page
        if not re.search(r"[A-Za-z0-9]", clean(line)):
            continue  # a line of bullet glyphs or punctuation only
        cells = split_cells(offset, line)
        if len(cells) < len(roles):
            cells = resplit_merged(cells, roles)
        texts = [c.text for c in cells]
        if len(cells) > len(roles):
            cells = merge_surplus(cells, roles)
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


def _find_summary(
    lines: list[tuple[int, str]], lo: int, hi: int
) -> tuple[dict[str, int], tuple[int, int], int] | None:
    """The first summary count table between lines ``lo`` and ``hi``: counts, span, first line."""
    for i in range(lo, hi):
        if not _SUMMARY_LINE.match(lines[i][1]):
            continue
        j = i - 1
        while j > lo and not lines[j][1].strip():
            j -= 1
        start_line = (
            j if j >= lo and _SUMMARY_HEAD.match(lines[j][1]) and lines[j][1].strip() else i
        )
        counts: dict[str, int] = {}
        k, last = i, i
        while k < hi and (_SUMMARY_LINE.match(lines[k][1]) or not lines[k][1].strip()):
            m = _SUMMARY_LINE.match(lines[k][1])
            if m:
                counts[_summary_key(m.group(1))] = int(m.group(2))
                last = k
            k += 1
        span = (lines[start_line][0], lines[last][0] + len(lines[last][1]))
        return counts, span, start_line
    return None


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
