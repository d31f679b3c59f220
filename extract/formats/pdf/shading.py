"""Which filled shapes rule a table: shading and highlights told from borders.

Pure: ruling segments in (:class:`extract.formats.pdf.paths.Segment`), the
edges of the filled shapes that draw a table's grid out. Word draws a cell's
borders as filled hairline rectangles, which are rules whatever else is on the
page; a filled shape thicker than a rule both ways (``Segment.fill``) may be
one of three things:

* shading that draws the grid: a table whose column lines are only where one
  cell's shading meets the next (Acrobat's PDFMaker draws a shaded cell as
  pieces: a strip each side of the text, the text's lines, a strip below);
* shading inset in a cell: Word shades a paragraph inside its cell's padding,
  over the cell's own shading or on its own, one rectangle per paragraph or
  line, and its edges would cut the cell into rows and columns no border draws
  ('RESSOURCES' over 'NECESSAIRES' read as two rows, seven columns for five);
* a highlight behind words (Word's character shading, a text highlight), in a
  cell or in prose: its edges would pull the words out into a table of their own.

So a fill gives rules only where it draws the grid (:func:`ruling_fills`):

* not where it lies within another fill (paragraph shading over a cell's);
* inside a cell the page's rules draw, only where the cell's fills tile it:
  each of its sides lies on the cell's border or on the side of another fill
  of the cell, as the pieces of a cell's shading do and an inset or a
  highlight, with padding or text around it, does not;
* elsewhere (no rule around it), not where it lies within another fill (a
  paragraph's shading in a table drawn by its cells' shading alone); a fill a
  rule runs through is a background (the page's, a box around a table) and
  stands as it is. A table drawn by such fills alone, no rule along any of its
  cells (:func:`ruled`), is a table only when it has two rows or more, each as
  wide as the table (:func:`rectangular`): highlights on lines one under
  another (a list of code words) make a ragged stack, words highlighted side by
  side on one line a single row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from extract.formats.pdf.paths import Box, Segment, area

TOUCH = 3.0  # points: sides this close meet (the table finder's tolerance)
WITHIN = 1.0  # points: a fill this far over another's side still lies within it
PADDING = 6.0  # points: a cell's padding (Word's is 5.4): a paragraph's shading inset


def ruling_fills(
    segments: list[Segment], cells: list[Box], rules: list[Segment]
) -> tuple[list[Segment], bool]:
    """The edges of the wide fills among ``segments`` that draw a grid, given the
    ``cells`` the page's rules (the other segments) draw; and whether any of them
    lies outside every such cell (so that a table may be drawn by fills alone)."""
    edges: dict[Box, list[Segment]] = defaultdict(list)
    for seg in segments:
        if seg.fill is not None:
            edges[seg.fill].append(seg)
    inside: dict[Box, list[Box]] = defaultdict(list)
    out: list[Segment] = []
    loose: list[Box] = []
    by_top = sorted(cells, key=lambda c: c[1])
    tops = [c[1] for c in by_top]
    tallest = max((c[3] - c[1] for c in cells), default=0.0)
    for box in edges:
        # the cells whose top lies from a cell's height above the fill to its top,
        # nearest first: the first holding it is the innermost (a page frame or an
        # outer layout table's cell holds it too, and is tall)
        lo = bisect_left(tops, box[1] - tallest - TOUCH)
        hi = bisect_right(tops, box[1] + TOUCH)
        cell = next(
            (by_top[i] for i in range(hi - 1, lo - 1, -1) if _within(box, by_top[i], TOUCH)),
            None,
        )
        if cell is None:
            loose.append(box)
        else:
            inside[cell].append(box)
    # outside the rules' cells, a fill within another (a paragraph's shading in a
    # table drawn by its cells' shading alone) gives none; one under a rule is a
    # background (the page's, a shaded box around a table), holding none
    backgrounds = {b for b in loose if any(_holds(b, r) for r in rules)}
    for box in _outermost([b for b in loose if b not in backgrounds]) + list(backgrounds):
        out.extend(edges[box])
    free = bool(loose)
    for cell, group in inside.items():
        kept = _outermost(group)
        for box in kept:
            if _tiles(box, cell, kept, rules):
                out.extend(edges[box])
    return out, free


def ruled(cells: list[Box], rules: list[Segment]) -> bool:
    """Does a rule (a merged hairline segment) run along a side of any of the
    table's cells?"""
    for rule in rules:
        for x0, top, x1, bottom in cells:
            if rule.orientation == "h":
                sides, lo, hi = (top, bottom), x0, x1
            else:
                sides, lo, hi = (x0, x1), top, bottom
            if (
                rule.start < hi - TOUCH
                and rule.end > lo + TOUCH
                and any(abs(rule.pos - side) <= TOUCH for side in sides)
            ):
                return True
    return False


def rectangular(rows: list[list[Box | None]]) -> bool:
    """Two rows or more, each as wide as the table (no ragged stack of highlights)."""
    spans = [
        (min(b[0] for b in row if b is not None), max(b[2] for b in row if b is not None))
        for row in rows
    ]
    return len(rows) > 1 and all(
        abs(x0 - spans[0][0]) <= TOUCH and abs(x1 - spans[0][1]) <= TOUCH for x0, x1 in spans
    )


_BUCKET = 50.0  # points: the squares fills are filed under, to find those around one


def _outermost(boxes: list[Box]) -> list[Box]:
    """The fills that lie within no other (the largest first)."""
    kept: list[Box] = []
    filed: dict[tuple[int, int], list[Box]] = defaultdict(list)
    large: list[Box] = []  # over a page's worth of squares: tried against every fill
    for box in sorted(boxes, key=area, reverse=True):
        corner = (int(box[0] // _BUCKET), int(box[1] // _BUCKET))
        around = filed.get(corner, [])
        if any(_within(box, other, WITHIN) for other in (*large, *around)):
            continue
        kept.append(box)
        x0, y0 = int((box[0] - WITHIN) // _BUCKET), int((box[1] - WITHIN) // _BUCKET)
        x1, y1 = int((box[2] + WITHIN) // _BUCKET), int((box[3] + WITHIN) // _BUCKET)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 400:
            large.append(box)
            continue
        for bx in range(x0, x1 + 1):
            for by in range(y0, y1 + 1):
                filed[(bx, by)].append(box)
    return kept


def _holds(box: Box, rule: Segment) -> bool:
    """Does the rule run inside the fill (clear of its edges)?"""
    if rule.orientation == "h":
        pos, lo, hi, start, end = rule.pos, box[1], box[3], box[0], box[2]
    else:
        pos, lo, hi, start, end = rule.pos, box[0], box[2], box[1], box[3]
    return lo + TOUCH < pos < hi - TOUCH and rule.start < end and rule.end > start


def _within(box: Box, outer: Box, slack: float) -> bool:
    return (
        outer[0] - slack <= box[0]
        and box[2] <= outer[2] + slack
        and outer[1] - slack <= box[1]
        and box[3] <= outer[3] + slack
    )


def _tiles(box: Box, cell: Box, group: list[Box], rules: list[Segment]) -> bool:
    """Does each side of the fill lie on the cell's border, meet another of the
    cell's fills (the side facing it), lie along a rule, or (away from the
    cell's border by more than its padding) go on with a side of another fill
    of the cell, end to end (a column's edge drawn by the shading of cells one
    under another)?"""
    others = [o for o in group if o is not box]
    for k in range(4):  # left, top, right, bottom
        pos, lo, hi = box[k], box[(k + 1) % 2], box[(k + 1) % 2 + 2]
        facing, border = (k + 2) % 4, cell[k]
        if abs(pos - border) <= TOUCH:
            continue
        if any(
            abs(pos - o[facing]) <= TOUCH and o[(k + 1) % 2] < hi and o[(k + 1) % 2 + 2] > lo
            for o in others
        ):
            continue
        orientation = "v" if k % 2 == 0 else "h"
        if any(
            r.orientation == orientation
            and abs(r.pos - pos) <= TOUCH
            and r.start < hi - TOUCH
            and r.end > lo + TOUCH
            for r in rules
        ):
            continue
        if min(abs(pos - cell[k]), abs(pos - cell[facing])) > PADDING and any(
            abs(pos - o[j]) <= TOUCH
            and (abs(o[(k + 1) % 2] - hi) <= TOUCH or abs(o[(k + 1) % 2 + 2] - lo) <= TOUCH)
            for o in others
            for j in (k, facing)
        ):
            continue
        return False
    return True
