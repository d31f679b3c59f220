"""Tables drawn without ruling lines: words placed into columns by their x positions.

Pure: lines of words in, text-layout lines out. A *zone* is a run of
lines, across pages, that holds a table: it starts at a line of two or more
*segments* (words separated by a gap wider than two spaces) and ends before a
line of prose (one segment from the left margin across half the text width),
a ruled table, or the last line that could still belong to it.

Columns: the left edges of segments that line up over the zone's lines are its
column starts (cells are set flush left). An edge is a column start when no more
than half as many lines run across it as start at it (a heading row merged over
several columns runs across; a cell's own lines run across any gap inside the
cell), and two edges that never start segments on the same line are one column
(text set centred, or in varying indents).

Rows: the lines of a row follow each other at the usual line spacing in at
least one column. A vertical gap across every column ends the row, unless the
zone's gaps show that rows are set further apart than a cell's paragraphs and
this gap is a paragraph's (when rows are set closer than paragraphs, a cell's
paragraph below every other cell reads as a row of its own, which the parser
takes as a continuation line). With rows set close, a line in the first column
(the row's number) below a gap in that column starts a row too. A row split by a page break continues on a line of
its own, as in the Word-table text layout. Each row becomes one line of
tab-separated cells; a cell's lines are joined and its paragraphs are ``<p>``
items (:func:`extract.formats.pdf.lines.cell_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from extract.formats.pdf.lines import Line, cell_text

_EDGE_TOLERANCE = 2.0  # points: segment edges this close line up
_SPACE = 2.5  # points: a word space, when a document has too few lines to measure one
_BULLETS = frozenset("\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7-o\uf0b7\uf0a7")


@dataclass
class Metrics:
    """Sizes measured from a document's lines."""

    space: float  # a typical gap between two words of a line
    height: float  # a typical line height
    left: float  # the left margin
    width: float  # the text width

    @property
    def segment_gap(self) -> float:
        return max(3.0, 2.0 * self.space)

    @property
    def tight(self) -> float:
        """The largest vertical gap between two lines of one paragraph."""
        return 0.6 * self.height


def measure(lines: list[Line]) -> Metrics:
    gaps = [
        b["x0"] - a["x1"]
        for line in lines
        for a, b in zip(line.words, line.words[1:], strict=False)
        if 0 < b["x0"] - a["x1"] < line.height
    ]
    heights = [line.height for line in lines] or [10.0]
    left = min((line.x0 for line in lines), default=0.0)
    right = max((line.x1 for line in lines), default=left + 1)
    return Metrics(
        space=median(gaps) if len(gaps) >= 5 else _SPACE,
        height=median(heights),
        left=left,
        width=max(1.0, right - left),
    )


def segments(line: Line, gap: float) -> list[list[dict]]:
    """The line's words in runs separated by gaps wider than ``gap``.

    A bullet glyph stays with the text after it, so a bulleted item starts at
    its bullet.
    """
    out: list[list[dict]] = []
    for word in line.words:
        if out and (word["x0"] - out[-1][-1]["x1"] <= gap or set(out[-1][-1]["text"]) <= _BULLETS):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def is_prose(line: Line, m: Metrics) -> bool:
    """One segment from the left margin across half the text width or more."""
    return (
        len(segments(line, m.segment_gap)) == 1
        and line.x0 <= m.left + 3.0
        and line.x1 - line.x0 >= 0.5 * m.width
    )


def column_starts(lines: list[Line], m: Metrics) -> list[float]:
    """The x positions where the zone's columns start, left to right."""
    segs = [segments(line, m.segment_gap) for line in lines]
    edges = sorted((s[0]["x0"], i) for i, line_segs in enumerate(segs) for s in line_segs)
    clusters: list[list[tuple[float, int]]] = []
    for x, i in edges:
        if clusters and x - clusters[-1][-1][0] <= _EDGE_TOLERANCE:
            clusters[-1].append((x, i))
        else:
            clusters.append([(x, i)])
    starts: list[tuple[float, set[int]]] = []
    for cluster in clusters:
        x = min(e for e, _ in cluster)
        at = {i for _, i in cluster}
        across = sum(
            1
            for line_segs in segs
            if any(s[0]["x0"] < x - _EDGE_TOLERANCE and s[-1]["x1"] > x + 1.0 for s in line_segs)
        )
        if across <= max(1.0, 0.5 * len(at)) or len(starts) == 0:
            starts.append((x, at))
    merged: list[tuple[float, set[int]]] = []
    for x, at in starts:
        if merged and not merged[-1][1] & at:  # never on one line: the same column
            merged[-1] = (merged[-1][0], merged[-1][1] | at)
        else:
            merged.append((x, at))
    return [x for x, _ in merged]


@dataclass
class _Row:
    page: int
    cells: dict[int, list[tuple[float, float, str]]] = field(default_factory=dict)
    bottom: float = 0.0

    def add(self, line: Line, cells: dict[int, list[dict]]) -> None:
        for col, words in cells.items():
            top = min(w["top"] for w in words)
            bottom = max(w["bottom"] for w in words)
            self.cells.setdefault(col, []).append((top, bottom, " ".join(w["text"] for w in words)))
        self.bottom = max(self.bottom, line.bottom)


def line_cells(line: Line, starts: list[float], m: Metrics) -> dict[int, list[dict]]:
    """The line's words by column: a word opens a new cell when a gap wider than a
    segment gap, or a gap wider than a space across a column start, comes before it."""
    cells: dict[int, list[dict]] = {}
    col = None
    prev = None
    for word in line.words:
        k = _column_of(word["x0"], starts)
        if col is None:
            col = k
        elif k > col:
            gap = word["x0"] - prev["x1"]
            crosses = prev["x1"] <= starts[k] + 1.0
            if gap > m.segment_gap or (crosses and gap > 1.3 * m.space):
                col = k
        cells.setdefault(col, []).append(word)
        prev = word
    return cells


def fits_columns(line: Line, starts: list[float], m: Metrics) -> bool:
    """No segment of the line runs across a column start."""
    return not any(
        seg[0]["x0"] < x - _EDGE_TOLERANCE and max(w["x1"] for w in seg) > x + 1.0
        for seg in segments(line, m.segment_gap)
        for x in starts
    )


def _column_of(x: float, starts: list[float]) -> int:
    k = 0
    for i, s in enumerate(starts):
        if x >= s - _EDGE_TOLERANCE:
            k = i
    return k


def _spans(cells: dict[int, list[dict]], starts: list[float]) -> bool:
    """A cell runs across the next column's start: a heading merged over columns."""
    return any(
        col + 1 < len(starts) and max(w["x1"] for w in words) > starts[col + 1] + 1.0
        for col, words in cells.items()
    )


def _paragraph_threshold(
    lines: list[Line], cells: list[dict[int, list[dict]]], m: Metrics
) -> float | None:
    """The gap between rows, when rows are set clearly further apart than paragraphs.

    Row gaps: a gap across every column before a line with a cell in the first
    column or in three columns. Paragraph gaps: a gap in one column while another
    column's lines carry on beside it.
    """
    row_gaps: list[float] = []
    para_gaps: list[float] = []
    last: dict[int, int] = {}
    for i, line in enumerate(lines):
        if i and lines[i - 1].page == line.page:
            gap = line.top - lines[i - 1].bottom
            if gap > m.tight and (0 in cells[i] or len(cells[i]) >= 3):
                row_gaps.append(gap)
        for col in cells[i]:
            j = last.get(col)
            if j is not None and lines[j].page == line.page:
                gap = line.top - lines[j].bottom
                chained = all(lines[k + 1].top - lines[k].bottom <= m.tight for k in range(j, i))
                if gap > m.tight and chained and i - j > 1:
                    para_gaps.append(gap)
            last[col] = i
    if row_gaps and para_gaps and min(row_gaps) > max(para_gaps) + 1.0:
        return (min(row_gaps) + max(para_gaps)) / 2
    return None


def zone_rows(lines: list[Line], starts: list[float], m: Metrics) -> list[tuple[Line, str]]:
    """The zone's rows as (first line, tab-separated text)."""
    cells = [line_cells(line, starts, m) for line in lines]
    threshold = _paragraph_threshold(lines, cells, m)
    out: list[tuple[Line, str]] = []
    row: _Row | None = None
    first: Line | None = None

    def flush() -> None:
        nonlocal row
        if row is not None and first is not None:
            texts = [cell_text(row.cells.get(c, []), m.height) for c in range(len(starts))]
            out.append((first, "\t".join(texts)))
        row = None

    for line, line_cell in zip(lines, cells, strict=True):
        if _spans(line_cell, starts):
            flush()  # a line that does not fit the columns: its segments as cells
            text = "\t".join(" ".join(w["text"] for w in s) for s in segments(line, m.segment_gap))
            col = min(line_cell)
            if col == 0:
                out.append((line, text))
            else:
                out.append((line, "\t" * col + text + "\t" * (len(starts) - col - 1)))
            continue
        if row is None or _starts_row(row, line, line_cell, m, threshold):
            flush()
            row, first = _Row(line.page), line
        row.add(line, line_cell)
    flush()
    return out


def _starts_row(
    row: _Row, line: Line, cells: dict[int, list[dict]], m: Metrics, threshold: float | None
) -> bool:
    if line.page != row.page:
        return True
    gap = line.top - row.bottom
    if gap > m.tight:  # a gap across every column
        return threshold is None or gap >= threshold
    # some column goes on: a paragraph gap in the others is the cell's, unless the
    # first column (the row's number) starts again below a gap in it: rows set close
    first = row.cells.get(0)
    return bool(first and 0 in cells and line.top - first[-1][1] > m.tight)
