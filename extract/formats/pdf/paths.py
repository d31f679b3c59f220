"""A PDF page's ruling segments: the straight pieces of its paths, read with PDFium.

Part of :mod:`extract.formats.pdf.engine` (which gives them with each ``Page``).
Ruling segments are the straight horizontal and vertical pieces of every path
(lines, rectangles' sides, filled hairline rectangles), those inside forms
included, in the shown page's coordinates; curves and slanted pieces are not
rules and are left out. The edges of a filled, unstroked shape thicker than a
rule both ways (over ``HAIRLINE`` points: cell or paragraph shading, a
highlight) carry the shape's box (``Segment.fill``), for the table finder
(:mod:`extract.formats.pdf.ruled`) to weigh.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass

_STRAIGHT = 0.5  # points: a segment whose ends differ by less across is straight
HAIRLINE = 2.0  # points: a filled shape this thin one way is a rule (Word's borders)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom: a cell's, a fill's
Turn = Callable[[float, float], tuple[float, float]]


def area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


@dataclass(frozen=True)
class Segment:
    """A horizontal (``"h"``: at y ``pos`` from ``start`` to ``end`` in x) or
    vertical (``"v"``: at x ``pos``, ``start``/``end`` in y) ruling segment."""

    orientation: str
    pos: float
    start: float
    end: float
    # the box (x0, top, x1, bottom) of the filled, unstroked shape it edges, when
    # that is wider than a rule both ways (cell or paragraph shading, a highlight):
    # :mod:`extract.formats.pdf.ruled` decides whether such edges rule a table
    fill: tuple[float, float, float, float] | None = None


def segments(page, turn: Turn) -> list[Segment]:
    """The straight pieces of the page's paths, those inside forms included, in
    the shown page's coordinates (``turn`` of each point)."""
    import pypdfium2.raw as raw

    out: list[Segment] = []
    count = raw.FPDFPage_CountObjects(page)
    objects = [raw.FPDFPage_GetObject(page, k) for k in range(count)]
    _walk(objects, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), turn, out, depth=0)
    return out


_MAX_FORM_DEPTH = 8


def _walk(objects, outer, turn: Turn, out: list[Segment], depth: int) -> None:
    import pypdfium2.raw as raw

    matrix = raw.FS_MATRIX()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < _MAX_FORM_DEPTH:
                inner = [
                    raw.FPDFFormObj_GetObject(obj, k)
                    for k in range(raw.FPDFFormObj_CountObjects(obj))
                ]
                _walk(inner, m, turn, out, depth + 1)
            continue
        _path(obj, m, turn, out)


def _compose(inner, outer):
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path(obj, m, turn: Turn, out: list[Segment]) -> None:
    import pypdfium2.raw as raw

    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    mine: list[Segment] = []
    points: list[tuple[float, float]] = []
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = turn(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        points.append(point)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add(mine, previous, point)
        previous = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _add(mine, point, start)
            previous = start
    box = _wide_fill(obj, points) if mine else None
    if box is not None:
        mine = [Segment(s.orientation, s.pos, s.start, s.end, box) for s in mine]
    out.extend(mine)


def _wide_fill(obj, points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The box of a filled, unstroked path wider than a rule both ways; else None."""
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return None
    if not fill.value or stroke.value:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    if box[2] - box[0] <= HAIRLINE or box[3] - box[1] <= HAIRLINE:
        return None
    return box


def _add(out: list[Segment], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < _STRAIGHT and abs(x0 - x1) >= _STRAIGHT:
        out.append(Segment("h", (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < _STRAIGHT and abs(y0 - y1) >= _STRAIGHT:
        out.append(Segment("v", (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
