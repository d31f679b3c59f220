"""A table's rows as its columns, from cells placed on the table's grid.

Word and LibreOffice place every cell on a grid of columns: a cell spans one grid
column or several (``w:gridSpan``, ``table:number-columns-spanned``). A file
written by python-docx or Word has a grid column per visible column; LibreOffice,
saving a table whose rows were given cells of other widths, makes a finer grid
(one column per distinct cell edge: 27 grid columns for a table of six), and each
cell spans several. Reading each spanned grid column as a cell would give rows of
27 cells; ``column_cells`` gives every row the table's columns instead.

The table's columns are its grid's when a row has a cell on every grid column.
Otherwise rows are read in runs (``blocks``): a row of three cells or more sets
the columns where its cells start, for it and the rows after it, until a row of
three or more starts its cells elsewhere (the other table of two that touched,
joined by LibreOffice). Cell edges a hair apart (a few twips, ``slack``) are one
edge. A cell belongs to the column it starts in, and stands for every further
column its right edge passes (a heading merged across the table is its text and
then empty cells); a column no cell of the row reaches is empty, or left off at
the row's end (a row of fewer cells stays as short as it was written). A row of
two cells or fewer that starts a cell elsewhere (a summary of counts under a
plan's table, joined to it) is read cell for cell, as written.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class GridCell:
    """A cell's place on its table's grid: columns ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    text: str


def column_cells(
    rows: list[list[GridCell]], edges: list[float] | None = None, slack: float = 0.0
) -> list[list[str]]:
    """Each row's cell texts, one per column of the table (``blocks``).

    ``edges``: where each grid column starts (and, last, where the grid ends), as
    the file gives its widths; grid columns counted one apiece without. Cell edges
    within ``slack`` of one another are one edge: LibreOffice makes a grid column
    of a few twips where two rows' cells end a hair apart.
    """
    if not rows:
        return []
    grid = max((c.end for row in rows for c in row), default=0)
    if edges is None or len(edges) < grid + 1:
        edges, slack = [float(i) for i in range(grid + 1)], 0.0
    cluster = _clusters(rows, edges, slack)
    out = []
    for starts, row in zip(blocks(rows, cluster), rows, strict=True):
        out.append(_as_columns(row, starts, cluster, edges, slack))
    return out


def _as_columns(
    row: list[GridCell],
    starts: list[int],
    cluster: dict[int, int],
    edges: list[float],
    slack: float,
) -> list[str]:
    column = {c: i for i, c in enumerate(starts)}
    if any(cluster[cell.start] not in column for cell in row):  # cut otherwise
        return [cell.text for cell in row]
    positions = [edges[c] for c in starts]
    cells: list[list[str]] = [[] for _ in starts]
    reached = 0  # the columns up to the furthest one a cell of the row reaches
    for cell in row:
        first = column[cluster[cell.start]]
        last = max(first, bisect_left(positions, edges[cell.end] - slack) - 1)
        if cell.text:
            cells[first].append(cell.text)
        reached = max(reached, last + 1)
    return [" ".join(parts) for parts in cells[:reached]]


def _clusters(rows: list[list[GridCell]], edges: list[float], slack: float) -> dict[int, int]:
    """Each cell start's grid column, to the first grid column of its run of
    starts no further than ``slack`` apart (one edge, drawn a hair apart)."""
    out: dict[int, int] = {}
    head = previous = None
    for start in sorted({c.start for row in rows for c in row}):
        if previous is None or edges[start] - edges[previous] > slack:
            head = start
        out[start] = head
        previous = start
    return out


def blocks(rows: list[list[GridCell]], cluster: dict[int, int]) -> list[list[int]]:
    """Each row's columns: the grid columns where they start (after ``cluster``).

    When a row has a cell on every grid column, the grid is the columns, as Word
    writes it, however many rows merge them (a plan whose rows are mostly
    continuations merged across). Otherwise (LibreOffice's grid, cut to fit rows
    of other widths: two tables that touched, joined into one) the rows are read
    in runs: a row of three cells or more sets the columns, and the rows after it
    that start their cells where it does (or, of two cells or fewer, a heading
    merged across, a continuation) keep them; a row of three or more cut
    otherwise starts a run of its own.
    """
    grid = max((c.end for row in rows for c in row), default=0)
    if any(len(row) == grid for row in rows):  # a row has a cell on every grid column
        every = sorted(set(cluster.values()))
        return [every for _ in rows]
    out: list[list[int]] = []
    current: list[int] | None = None
    for row in rows:
        starts = sorted({cluster[c.start] for c in row})
        if len(row) >= 3 and starts != current:
            current = starts
        out.append(current if current is not None else starts)
    return out
