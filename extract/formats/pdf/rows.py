"""Ruled tables' rows: each cell's lines, rows continued over a page joined, text.

Pure: a page's characters and its ruled tables (:mod:`extract.formats.pdf.ruled`)
in, :class:`Row` records out; then, over the whole document, a table that runs
on to the next page is read as one table, as its Word file holds it:

* a header row repeated at the top of the next page is dropped (also where the
  renderer joined the next table to it, and repeats the header above that one's
  rows);
* a row split by the page break (its first cell, the number's, empty on the
  new page) is joined to its first part cell by cell, each cell's lines going
  on from where they stopped (:func:`extract.formats.pdf.cells.continue_cell`);
  an empty foot of a split row is dropped.

A table runs on when the last thing on a page (running footers aside) is its
row and the first thing on the next page is a row whose cells stand where that
row's do.

Each row's text, its cells read together, is :mod:`extract.formats.pdf.row_text`'s.

A character belongs to the cell holding its centre (``inside``): a renderer
that sets a cell's first line with no top margin (Word's "Table Grid") draws
its glyph boxes a fraction of a point above the cell's top rule, so "wholly
inside the cell" would lose the line, and "touching the cell" would give the
cell above a sliver of it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extract.formats.notes import JOINED_LINE
from extract.formats.pdf.cells import Cell, continue_cell
from extract.formats.pdf.lines import Line, group_lines
from extract.formats.pdf.paths import Box, area
from extract.formats.pdf.words import extract_words

_SAME_COLUMN = 2.0  # points: column edges this close are the same column


@dataclass
class Row:
    """A row of a ruled table: its cells, one per column of the table (``None``
    where a cell merged across columns covers the column); ``text`` once rendered."""

    page: int
    top: float
    bottom: float
    cells: list[Cell | None] = field(default_factory=list)
    text: str = ""
    # what the reader could not be sure of (extract.formats.notes' messages)
    doubts: list[str] = field(default_factory=list)

    @property
    def present(self) -> list[Cell]:
        return [c for c in self.cells if c is not None]

    @property
    def heading(self) -> bool:
        """The first row of its table (on its page)."""
        return all(c.heading for c in self.present)

    def signature(self) -> tuple[str, ...]:
        return tuple(" ".join(line.text() for line in c.lines) for c in self.present)


def inside(obj, box) -> bool:
    """Does the box hold the centre of ``obj`` (a word or a character)?

    The box holds its top and left edges, not its bottom and right ones, so a
    centre on the rule two cells share belongs to one of them.
    """
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx < x1 and top <= cy < bottom


def table_rows(
    chars: list[dict], tables: list[list[list[Box | None]]], page: int
) -> tuple[list[Row], list[dict]]:
    """The tables' rows, and the characters no table holds."""
    if not tables:
        return [], chars
    cys = [(c["top"] + c["bottom"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=cys.__getitem__)
    centres = [cys[i] for i in order]
    cxs = [(c["x0"] + c["x1"]) / 2 for c in chars]
    # a character in two tables' cells (one drawn over the other) goes to the
    # smaller cell only: never read twice (the first cell holding it keeps it
    # unless a later one is smaller, which only overlapping tables make)
    owner: dict[int, tuple[dict[Box, list[int]], Box]] = {}
    placed: list[tuple[int, list[Box | None], float, float, dict[Box, list[int]]]] = []
    for table in tables:
        for number, boxes in enumerate(table):
            present = sorted((b for b in boxes if b is not None), key=lambda b: b[0])
            lefts = [b[0] for b in present]
            top, bottom = min(b[1] for b in present), max(b[3] for b in present)
            held: dict[Box, list[int]] = {b: [] for b in present}
            for k in range(bisect_left(centres, top), bisect_left(centres, bottom)):
                i = order[k]
                cx = cxs[i]
                j = bisect_right(lefts, cx) - 1
                # inside(char, box), with the centres at hand
                if j >= 0 and cx < present[j][2] and present[j][1] <= centres[k] < present[j][3]:
                    box = present[j]
                    before = owner.get(i)
                    if before is not None:
                        if area(box) >= area(before[1]):
                            continue
                        before[0][before[1]].remove(i)
                    held[box].append(i)
                    owner[i] = (held, box)
            placed.append((number, boxes, top, bottom, held))
    rows: list[Row] = []
    for number, boxes, top, bottom, held in placed:
        cells = [
            None
            if b is None
            else Cell(
                b,
                group_lines(extract_words([chars[i] for i in held[b]]), page),
                heading=number == 0,
            )
            for b in boxes
        ]
        rows.append(Row(page, top, bottom, cells))
    return rows, [c for i, c in enumerate(chars) if i not in owner]


def join_continued(pages: list[list[Row | Line]]) -> list[list[Row | Line]]:
    """The pages with each table that runs on to the next page read as one."""
    out: list[list[Row | Line]] = []
    headers: list[Row] = []  # the first rows of the tables that run on, or may
    labels = _label_columns(pages)
    for items in pages:
        items = list(items)
        previous = out[-1] if out else []
        last = previous[-1] if previous and isinstance(previous[-1], Row) else None
        first = items[0] if items and isinstance(items[0], Row) else None
        if last is None or first is None:
            headers = []
        else:
            if any(_repeats(first, header) for header in headers):
                items.pop(0)  # a header row repeated (above the table's later rows,
                # or above those of a table the renderer joined to it, drawn touching)
            nxt = items[0] if items and isinstance(items[0], Row) else None
            runs_on = nxt is not None and _same_cells(last, nxt)  # the table runs on
            if runs_on and _data_row(nxt):
                for cell in nxt.present:  # so this row is no header
                    cell.heading = False
            lone = _lone_column(nxt) if runs_on else None
            if runs_on and _continues(nxt) and lone not in labels:
                if lone is not None and JOINED_LINE not in last.doubts:
                    last.doubts.append(JOINED_LINE)
                for cell, more in zip(last.present, nxt.present, strict=True):
                    continue_cell(cell, more)
                items.pop(0)
        # the table the page ends with may run on: remember the header rows of the
        # tables that start on the page (two drawn touching, the renderer's one)
        starts = [i for i in items if isinstance(i, Row) and i.heading]
        if starts:
            headers = [*headers[-2:], *starts[-2:]]
        out.append(items)
    return out


def _data_row(row: Row) -> bool:
    """Is a row a table's data, not its header: its first cell (the number's) empty
    (the rest of a row split by the page break) or starting with a number? A
    table that runs on to a page where Word repeats no header row starts the page
    with data, which must not be read as a header's labels."""
    first = row.present[0]
    return not first.lines or first.lines[0].text()[:1].isdigit()


def _repeats(row: Row, header: Row) -> bool:
    return _same_cells(row, header) and row.signature() == header.signature()


def _same_cells(a: Row, b: Row) -> bool:
    """Do the rows' cells stand at the same columns (a table's rows on two pages)?"""
    ca, cb = a.present, b.present
    return len(ca) == len(cb) and all(
        abs(x.box[0] - y.box[0]) <= _SAME_COLUMN and abs(x.box[2] - y.box[2]) <= _SAME_COLUMN
        for x, y in zip(ca, cb, strict=True)
    )


def _continues(row: Row) -> bool:
    """Is ``row`` (first on its page, its cells where the last row of the page
    before has them) that row's rest? Its first cell, where the row's number
    is, is empty (and so, maybe, are all: the empty foot of a split row)."""
    return not row.present[0].lines


def _lone_column(row: Row) -> tuple[int, int] | None:
    """Where the row holds one short line starting with a capital, in one cell, and
    nothing else: (its number of cells, that cell's place); else None. As the rest
    of a row split by a page break it may be a section or heading row of its own
    (its number cell is empty too), which nothing on the page tells apart."""
    present = row.present
    held = [k for k, c in enumerate(present) if c.lines]
    if len(held) != 1 or len(present[held[0]].lines) != 1:
        return None
    text = present[held[0]].lines[0].text()
    if len(text.split()) > _LIST_LINE or not text[:1].isupper():
        return None
    return len(present), held[0]


def _label_columns(pages: list[list[Row | Line]]) -> set[tuple[int, int]]:
    """Where the document's section and heading rows stand: the place of each lone
    line (:func:`_lone_column`) in a row no page break could have split off (any
    but the first under a page's top). A lone line at the top of a page that
    stands there too is read as such a row, not as the rest of the row above."""
    out: set[tuple[int, int]] = set()
    for number, items in enumerate(pages):
        top = number > 0  # still at the page's top: only header rows above
        for item in items:
            if not isinstance(item, Row):
                top = False
                continue
            if item.heading:
                continue
            place = None if top else _lone_column(item)
            if place is not None:
                out.add(place)
            top = False
    return out


_LIST_LINE = 6  # words: a line of a list cell (an owner, a date), not of prose
