"""Tables drawn with ruling lines: cells from where a page's rules cross.

Pure: ruling segments in (:class:`extract.formats.pdf.engine.Segment`), tables
out, each a list of rows, each row a list of cell boxes ``(x0, top, x1,
bottom)`` (``None`` where a cell merged across columns covers the column). The
method is pdfplumber's "lines" table finder (after Nurminen's thesis and
Tabula), which the reader used before and whose results it keeps:

* segments within ``SNAP`` points across of one another are moved to their
  mean position, and pieces of one line less than ``JOIN`` points apart are
  joined; pieces shorter than ``MIN_LENGTH`` are dropped;
* a vertical and a horizontal rule that cross (or come within ``TOLERANCE``
  of crossing) make a corner;
* a cell is the smallest rectangle of four corners joined by rules, and cells
  that share a corner make one table (of two cells or more);
* two tables drawn touching (a renderer sets a table straight after another
  with no paragraph between them, or Word joins them) are parted where the
  column edges of every row above and those of every row below have none in common
  (:func:`_bands`: a plan's last rows and the summary count table below them);
* rows are cells with the same top, placed in the table's columns by their
  left edges.

A page of more crossings to try than any table needs (``MAX_CROSSINGS``
vertical × horizontal rules, after joining: a table of 30 columns and 300 rows
has 9,000) is read as having none: trying every pair would take seconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from extract.formats.pdf import shading
from extract.formats.pdf.paths import Box, Segment

SNAP = 3.0
JOIN = 3.0
MIN_LENGTH = 3.0
TOLERANCE = 3.0
MAX_CROSSINGS = 200_000


def find_tables(segments: list[Segment]) -> list[list[list[Box | None]]]:
    """The ruled tables the segments draw, top to bottom, as rows of cell boxes.

    Hairline rules first; the edges of shapes filled wider than a rule count
    only where they draw the grid, not where they shade or highlight inside it
    (:func:`extract.formats.pdf.shading.ruling_fills`)."""
    hairlines = [s for s in segments if s.fill is None]
    cells = _rule_cells(hairlines)
    if cells is None:
        return []
    free = False  # a fill kept outside every cell the rules draw
    if len(hairlines) < len(segments):  # filled shapes: those that draw the grid count
        rules = _merge(hairlines)
        fills, free = shading.ruling_fills(segments, cells, rules)
        if fills:
            cells = _rule_cells(hairlines + fills)
            if cells is None:
                return []
    tables = [_rows(band) for table in _tables(cells) for band in _bands(table)]
    if not free:  # every fill kept lies in a cell the rules draw
        return tables
    return [
        rows
        for rows in tables
        if shading.rectangular(rows)
        or shading.ruled([b for row in rows for b in row if b is not None], rules)
    ]


def _rule_cells(segments: list[Segment]) -> list[Box] | None:
    """The cells the segments' rules draw; None for a page of too many crossings."""
    rules = _merge([s for s in segments if s.end - s.start >= 1.0])
    rules = [r for r in rules if r.end - r.start >= MIN_LENGTH]
    vertical = sum(1 for r in rules if r.orientation == "v")
    if vertical * (len(rules) - vertical) > MAX_CROSSINGS:
        return None
    return _cells(rules)


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for orientation in ("v", "h"):
        group = sorted((s for s in segments if s.orientation == orientation), key=lambda s: s.pos)
        snapped: list[Segment] = []
        cluster: list[Segment] = []
        for seg in group:
            if cluster and seg.pos - cluster[-1].pos > SNAP:
                snapped.extend(_snap(cluster))
                cluster = []
            cluster.append(seg)
        snapped.extend(_snap(cluster))
        by_pos: dict[float, list[Segment]] = defaultdict(list)
        for seg in snapped:
            by_pos[seg.pos].append(seg)
        for pos in sorted(by_pos):
            pieces = sorted(by_pos[pos], key=lambda s: s.start)
            start, end = pieces[0].start, pieces[0].end
            for seg in pieces[1:]:
                if seg.start <= end + JOIN:
                    end = max(end, seg.end)
                else:
                    out.append(Segment(orientation, pos, start, end))
                    start, end = seg.start, seg.end
            out.append(Segment(orientation, pos, start, end))
    return out


def _snap(cluster: list[Segment]) -> list[Segment]:
    if not cluster:
        return []
    pos = sum(s.pos for s in cluster) / len(cluster)
    return [Segment(s.orientation, pos, s.start, s.end) for s in cluster]


def _cells(rules: list[Segment]) -> list[Box]:
    """Every smallest rectangle of four corners joined by rules."""
    vertical = sorted((r for r in rules if r.orientation == "v"), key=lambda r: (r.pos, r.start))
    horizontal = sorted((r for r in rules if r.orientation == "h"), key=lambda r: (r.pos, r.start))
    h_pos = [h.pos for h in horizontal]
    corners: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, v in enumerate(vertical):
        lo = bisect_left(h_pos, v.start - TOLERANCE)
        hi = bisect_right(h_pos, v.end + TOLERANCE)
        for hj in range(lo, hi):
            h = horizontal[hj]
            if h.start - TOLERANCE <= v.pos <= h.end + TOLERANCE:
                vs, hs = corners.setdefault((v.pos, h.pos), (set(), set()))
                vs.add(vi)
                hs.add(hj)
    by_x: dict[float, list[float]] = defaultdict(list)
    by_y: dict[float, list[float]] = defaultdict(list)
    for x, y in sorted(corners):
        by_x[x].append(y)
        by_y[y].append(x)
    for xs in by_y.values():
        xs.sort()

    def joined_v(p, q) -> bool:
        return bool(corners[p][0] & corners[q][0])

    def joined_h(p, q) -> bool:
        return bool(corners[p][1] & corners[q][1])

    cells: list[Box] = []
    for x, y in sorted(corners):
        ys = by_x[x]
        xs = by_y[y]
        below = ys[bisect_right(ys, y) :]
        right = xs[bisect_right(xs, x) :]
        cell = _smallest(corners, (x, y), below, right, joined_v, joined_h)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(corners, pt, below, right, joined_v, joined_h) -> Box | None:
    x, y = pt
    for by in below:
        if not joined_v(pt, (x, by)):
            continue
        for rx in right:
            if not joined_h(pt, (rx, y)):
                continue
            corner = (rx, by)
            if corner in corners and joined_v(corner, (rx, y)) and joined_h(corner, (x, by)):
                return (x, y, rx, by)
    return None


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, grouped; tables of one cell left out."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[Box]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def _bands(cells: list[Box]) -> list[list[Box]]:
    """A table's cells parted into the tables drawn touching: between two rows
    where no inner column edge (a cell's left edge but the row's first) of any row
    above is one of any row below, both having some. A row of one cell (a heading
    across the table) has none; a ragged row in a table does not part it, the
    rows around it sharing their edges."""
    by_top: dict[float, list[Box]] = defaultdict(list)
    for cell in cells:
        by_top[cell[1]].append(cell)
    tops = sorted(by_top)
    inner = []
    for top in tops:
        lefts = {round(c[0], 1) for c in by_top[top]}
        inner.append(lefts - {min(lefts)})
    below: list[set[float]] = [set()] * (len(tops) + 1)
    for k in range(len(tops) - 1, -1, -1):
        below[k] = below[k + 1] | inner[k]
    bands: list[list[Box]] = [[]]
    above: set[float] = set()
    for k, top in enumerate(tops):
        if above and below[k] and not above & below[k]:
            bands.append([])
            above = set()
        bands[-1].extend(by_top[top])
        above |= inner[k]
    return [band for band in bands if len(band) > 1] or [cells]


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Box]] = defaultdict(dict)
    for cell in cells:
        rows[cell[1]][cell[0]] = cell
    return [[rows[top].get(x) for x in xs] for top in sorted(rows)]
