"""A table's rows as its columns, from cells placed on the table's grid.

Word and LibreOffice place every cell on a grid of columns: a cell spans one grid
column or several (``w:gridSpan``, ``table:number-columns-spanned``). A file
written by python-docx or Word has a grid column per visible column; LibreOffice,
saving a table whose rows were given cells of other widths, makes a finer grid
(one column per distinct cell edge: 27 grid columns for a table of six), and each
cell spans several. Reading each spanned grid column as a cell would give rows of
27 cells; ``column_cells`` gives every row the table's columns instead.

The table's columns are its grid's when a row has a cell on every grid column;
otherwise they start where at least half of its rows of two cells or more start
a cell (LibreOffice's extra grid columns come from a few rows cut otherwise). A cell belongs to the column it starts in, and stands for every
further column its right edge passes (a heading merged across the table is its
text and then empty cells); a column no cell of the row reaches is empty, or
left off at the row's end (a row of fewer cells stays as short as it was
written). A row with a cell that starts elsewhere is another table's (two
tables that touched, joined into one by LibreOffice: a summary of counts under
a plan's table) or a row cut otherwise: it is read cell for cell, as written.
A table whose grid is one column
per cell (every row cut alike, no spans) is read cell for cell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class GridCell:
    """A cell's place on its table's grid: columns ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    text: str


def column_cells(rows: list[list[GridCell]]) -> list[list[str]]:
    """Each row's cell texts, one per column of the table (``column_starts``)."""
    if not rows:
        return []
    starts = column_starts(rows)
    if not starts:
        return [[] for _ in rows]
    width = len(starts)
    out = []
    known = set(starts)
    for row in rows:
        if any(cell.start not in known for cell in row):  # cut otherwise: as written
            out.append([cell.text for cell in row])
            continue
        cells: list[list[str]] = [[] for _ in range(width)]
        covered = [False] * width
        for cell in row:
            first = max(0, bisect_right(starts, cell.start) - 1)
            last = max(first, bisect_right(starts, cell.end - 1) - 1)
            if cell.text:
                cells[first].append(cell.text)
            for i in range(first, last + 1):
                covered[i] = True
        reached = max((i + 1 for i in range(width) if covered[i]), default=0)
        out.append([" ".join(parts) for parts in cells[:reached]])
    return out


def column_starts(rows: list[list[GridCell]]) -> list[int]:
    """The grid columns where the table's columns start: every grid column when a
    row has a cell on each (the grid is the columns, as Word writes it, however
    many rows merge them: a plan whose rows are mostly continuations merged
    across); otherwise the first, and every grid column where at least half of
    the rows of two cells or more start a cell (a heading merged across the
    table says nothing of them)."""
    split = [row for row in rows if len(row) > 1]
    first = min((c.start for row in rows for c in row), default=None)
    if first is None:
        return []
    grid = max(c.end for row in rows for c in row) - first
    if any(len(row) == grid for row in rows):  # a row has a cell on every grid column
        return list(range(first, first + grid))
    counts: dict[int, int] = {}
    for row in split:
        for start in {c.start for c in row}:
            counts[start] = counts.get(start, 0) + 1
    return sorted({first} | {s for s, n in counts.items() if 2 * n >= len(split)})
