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
from extract.action_plan.columns import (
    assign_columns,
    merge_surplus,
    realign,
    resplit_merged,
    ticked,
)
from extract.action_plan.header import (
    TICKS,
    assumed_header,
    find_header,
    header_cell_role,
    header_roles,
    logical,
    plan_columns,
)

ROLES = ("rec_no", "text", "agreement", "response", "owner", "target")

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
    notes: list[str] = field(default_factory=list)  # what the reader was unsure of

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
    notes: list[str] = field(default_factory=list)  # columns read from content, not read


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
    found = find_header(lines) or assumed_header(lines)
    if not found:
        return None
    header_at, header, header_text, notes = found
    slots = [r for r in header if r]  # a merged cell's right half ('') is read with its left
    spans = {len(header): header}  # header layouts by width (a repeated header may differ)
    columns = logical(header)
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
        if "\t" in line and _repeats_header(line, header_text, columns):
            # a header row repeated on a new page; its merged cells may differ
            found_spans = plan_columns(line.split("\t"), [])
            if found_spans and logical(found_spans[0]) == columns:
                spans.setdefault(len(found_spans[0]), found_spans[0])
            continue
        if "\t" in line and _header_words_only(line):
            continue  # the second line of a header wrapped by the PDF ('No' | 'Owner' | 'Date')
        if not re.search(r"[A-Za-z0-9]", clean(line)):
            continue  # a line of bullet glyphs or punctuation only
        row = Row(i, offset, offset + len(line))
        cells = split_cells(offset, line)
        if len(cells) in spans and len(cells) != len(slots):
            cells = _join_spans(cells, spans[len(cells)])
        elif len(cells) > len(slots):
            cells = _unpad(cells, len(slots), row)
        if len(cells) < len(slots):
            cells = resplit_merged(cells, slots)
        if len(cells) > len(slots):
            cells = merge_surplus(cells, slots)
        texts = [c.text for c in cells]
        if len(cells) != len(slots):
            irregular += 1
            assignment = assign_columns(texts, slots, templates.get(len(cells)))
            templates[len(cells)] = assignment
            if any(slots[c] in TICKS and texts[k] for k, c in enumerate(assignment)):
                row.notes.append(
                    f"line {i + 1}: an agreement mark on a line that lost cells: "
                    "which column it stands in is a guess"
                )
        elif placed := realign(texts, slots, forced=_misplaced(texts, slots)):
            cells = [cells[k] for k, _ in placed]
            assignment = tuple(col for _, col in placed)
            row.notes.append(f"line {i + 1}: cells out of their columns; placed by content")
        else:
            assignment = tuple(range(len(slots)))
        row.cell_count = len(cells)
        for cell, col in zip(cells, assignment, strict=True):
            row.cells[slots[col]] = cell
        _read_ticks(row)
        rows.append(row)
        if len(cells) == len(slots):
            templates.clear()
    return TableText(
        columns=columns,
        header_text=header_text,
        rows=rows,
        summary=summary or None,
        summary_span=summary_span,
        irregular_rows=irregular,
        assumed_header=header_text[:1] == ["(assumed)"],
        notes=notes,
    )


def _repeats_header(line: str, header_text: list[str], columns: list[str]) -> bool:
    parts = [p.strip() for p in line.split("\t") if p.strip()]
    if len(parts) == len(header_text) and [_words(p) for p in parts] == [
        _words(h) for h in header_text
    ]:
        return True
    roles = header_roles(parts)
    return roles is not None and logical(roles) == columns


_NOT_LETTERS = re.compile(r"[^a-z]+")


def _words(cell: str) -> str:
    return _NOT_LETTERS.sub(" ", cell.lower()).strip()


def _join_spans(cells: list[Cell], header: list[str]) -> list[Cell]:
    """A line as wide as a header with merged cells: each span's cells read as one."""
    out: list[Cell] = []
    for cell, role in zip(cells, header, strict=True):
        if role or not out:
            out.append(cell)
        elif cell.text:
            last = out[-1]
            raw = f"{last.raw} {cell.raw}" if last.text else cell.raw
            out[-1] = Cell(raw, last.start if last.text else cell.start, cell.end)
    return out


def _unpad(cells: list[Cell], width: int, row: Row) -> list[Cell]:
    """A line with more cells than columns: empty cells at its end dropped, then (when no
    more cells are filled than there are columns) empty cells inside it, from the right."""
    while len(cells) > width and not cells[-1].text:
        cells = cells[:-1]
    if len(cells) <= width or sum(1 for c in cells if c.text) > width:
        return cells
    cells = list(cells)
    for k in range(len(cells) - 1, 0, -1):
        if len(cells) > width and not cells[k].text:
            del cells[k]
    row.notes.append(f"line {row.line_no + 1}: padded with empty cells; read without them")
    return cells


def _misplaced(texts: list[str], slots: list[str]) -> bool:
    """A full line whose number cell holds words: its cells were shifted by padding."""
    if "rec_no" not in slots:
        return False
    number = texts[slots.index("rec_no")]  # '9.3 (cont.)' is still a number
    return not re.match(r"\s*\.?\d", number) and re.search(r"[A-Za-z]{4,}", number) is not None


def _read_ticks(row: Row) -> None:
    """Three agreement columns ticked ('✓' | '' | ''): the agreement the mark stands in."""
    marks = {role: row.cells.pop(role) for role in list(row.cells) if role in TICKS}
    row.cells.pop("extra", None)
    if not marks:
        return
    value, problem = ticked({TICKS[role]: cell.text for role, cell in marks.items()})
    if value:
        mark = next(c for r, c in marks.items() if TICKS[r] == value)
        row.cells["agreement"] = Cell(value, mark.start, mark.end)
    if problem:
        row.notes.append(f"line {row.line_no + 1}: {problem}")


def _find_summary(
    lines: list[tuple[int, str]], lo: int, hi: int
) -> tuple[dict[str, int], tuple[int, int], int] | None:
    """The first summary count table between lines ``lo`` and ``hi``: counts, span, first line."""
    for i in range(lo, hi):
        if not _SUMMARY_LINE.match(lines[i][1]):
            continue
        j = i - 1
        # its heading row may stand above a repeated table header (a new page)
        while j > lo and (not lines[j][1].strip() or _header_like(lines[j][1])):
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


def _header_words_only(line: str) -> bool:
    parts = [p for p in line.split("\t") if p.strip()]
    return len(parts) >= 3 and all(header_cell_role(p) and len(p) < 40 for p in parts)


def _header_like(line: str) -> bool:
    return sum(1 for p in line.split("\t") if p.strip() and header_cell_role(p)) >= 3


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
