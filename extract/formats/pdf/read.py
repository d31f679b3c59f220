"""Layout reader for PDF files: the document as the text layout the parser reads.

Pure apart from reading the file: bytes or a path in, text out (pdfplumber). Each
page is read top to bottom. A table drawn with ruling lines is read row by row:
a row becomes one line of tab-separated cells; within a cell, lines are joined
with spaces, and paragraphs (lines separated by a blank line's gap) become
``<p>…</p>`` items, as in the Word-table text layout. A table drawn without
ruling lines is found from how its words line up, and read into the same
layout (:mod:`extract.formats.pdf.unruled`). Other text is read a line at a time, with
a blank line where a paragraph's gap is (wide x gaps, over ``_COLUMN_GAP``
points, as tabs). Lines repeated at the same place at the top or the bottom of
most pages (running headers and footers, page numbers) are dropped, and a word
hyphenated at a line end is joined ("self-" + "harm" → "self-harm").
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from extract.formats.pdf.lines import (
    Line,
    cell_text,
    group_lines,
    join_lines,
    paragraph_gap,
    rejoin_hyphenated,
)
from extract.formats.pdf.unruled import (
    Metrics,
    column_starts,
    fits_columns,
    is_prose,
    measure,
    segments,
    zone_rows,
)
from extract.models import ParseError

_COLUMN_GAP = 14.0  # points: a wider gap between two words outside a table is a tab
_DIGITS = re.compile(r"\d+")


def read_pdf(source: bytes | str | Path) -> str:
    """The text of a PDF; ``ParseError`` with one reason if it cannot be read."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if not data.strip():
        raise ParseError("empty file")
    if not data.lstrip().startswith(b"%PDF"):
        raise ParseError("not a PDF file (no %PDF signature)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page, n) for n, page in enumerate(pdf.pages)]
    except ParseError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        # pdfplumber wraps pdfminer's exceptions: look at the wrapped one too
        inner = [exc, *exc.args, exc.__context__]
        if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in inner):
            raise ParseError(
                "encrypted PDF: it needs a password to open (save an unprotected copy)"
            ) from None
        reason = " ".join(str(exc).split())[:200]
        raise ParseError(f"corrupt PDF ({type(exc).__name__}: {reason})") from None
    if not pages:
        raise ParseError("corrupt PDF (no pages)")
    if not any(pages):
        raise ParseError(
            f"scanned PDF with no text layer: none of its {len(pages)} page(s) has text "
            "(run OCR on it first)"
        )
    lines = _render(_drop_running_lines(pages))
    return "\n".join(lines).strip("\n") + "\n"


@dataclass
class _Row:
    """A row of a ruled table, already text."""

    page: int
    top: float
    bottom: float
    text: str


def _page_items(page, number: int) -> list[_Row | Line]:
    """A page's ruled-table rows and its other lines, top to bottom.

    A character belongs to the cell holding its centre (``_inside``): a renderer
    that sets a cell's first line with no top margin (Word's "Table Grid") draws
    its glyph boxes a fraction of a point above the cell's top rule, so "wholly
    inside the cell" would lose the line, and "touching the cell" would give the
    cell above a sliver of it.
    """
    tables = page.find_tables()
    items: list[_Row | Line] = []
    chars = sorted(page.chars, key=_centre_y) if tables else []
    centres = [_centre_y(c) for c in chars]
    for table in tables:
        for row in table.rows:
            cells = []
            for bbox in row.cells:
                cells.append("" if bbox is None else _cell_text(_cell_chars(chars, centres, bbox)))
            boxes = [b for b in row.cells if b is not None]
            top = min(b[1] for b in boxes)
            items.append(_Row(number, top, max(b[3] for b in boxes), "\t".join(cells)))
    boxes = [t.bbox for t in tables]
    words = [
        w
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not any(_inside(w, box) for box in boxes)
    ]
    items.extend(group_lines(words, number))
    items.sort(key=lambda item: item.top)
    return items


def _inside(word, box) -> bool:
    """Does the box hold the centre of ``word`` (a word or a character)?

    The box holds its top and left edges, not its bottom and right ones, so a
    centre on the rule two cells share belongs to one of them.
    """
    x0, top, x1, bottom = box
    cx, cy = (word["x0"] + word["x1"]) / 2, _centre_y(word)
    return x0 <= cx < x1 and top <= cy < bottom


def _centre_y(obj) -> float:
    return (obj["top"] + obj["bottom"]) / 2


def _cell_chars(chars: list[dict], centres: list[float], box) -> list[dict]:
    """The characters (sorted by ``centres``, their centres' heights) a cell holds."""
    lo, hi = bisect_left(centres, box[1]), bisect_left(centres, box[3])
    return [c for c in chars[lo:hi] if _inside(c, box)]


def _line_text(line: Line) -> str:
    words = line.words
    out = words[0]["text"]
    for before, word in zip(words, words[1:], strict=False):
        out += ("\t" if word["x0"] - before["x1"] > _COLUMN_GAP else " ") + word["text"]
    return out


def _cell_text(chars: list[dict]) -> str:
    """A cell's lines joined; paragraphs as ``<p>`` items when there are several."""
    from pdfplumber.utils import extract_words

    lines = group_lines(extract_words(chars))
    return cell_text([(line.top, line.bottom, line.text()) for line in lines])


def _join_lines(lines: list[str]) -> str:
    return join_lines(lines)


def _drop_running_lines(pages: list[list[_Row | Line]]) -> list[list[_Row | Line]]:
    """The pages less running headers and footers.

    A running line is among the first or last two lines of a page, stands apart
    from the lines above and below it (a table's header row is set close), has at
    most two segments, and is printed (numbers aside) at the same height on at
    least half the pages, two or more.
    """

    def key(line: Line) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text()), round(line.top / 2)

    def edges(items) -> list[Line]:
        lines = [i for i in items if isinstance(i, Line)]
        out = []
        for k in {*range(min(2, len(lines))), *range(max(0, len(lines) - 2), len(lines))}:
            line, gap = lines[k], paragraph_gap(lines[k].height)
            above = k == 0 or line.top - lines[k - 1].bottom > gap
            below = k == len(lines) - 1 or lines[k + 1].top - line.bottom > gap
            if above and below:
                out.append(line)
        return out

    counts: Counter[tuple[str, int]] = Counter()
    for items in pages:
        counts.update({key(line) for line in edges(items)})
    needed = max(2, (len(pages) + 1) // 2)
    out = []
    for items in pages:
        edge = {id(line) for line in edges(items)}
        out.append(
            [
                i
                for i in items
                if not (
                    id(i) in edge
                    and counts[key(i)] >= needed
                    and len(segments(i, _COLUMN_GAP)) <= 2
                )
            ]
        )
    return out


def _render(pages: list[list[_Row | Line]]) -> list[str]:
    """The text layout: prose lines, blank lines at paragraph gaps, table rows."""
    items = [item for page in pages for item in page]
    lines = [i for i in items if isinstance(i, Line)]
    m = measure(lines)
    placed: list[tuple[_Row | Line, str, bool]] = []  # (item, text, is a table row)
    run: list[Line] = []

    def flush_run() -> None:
        placed.extend(_read_run(run, m))
        run.clear()

    for item in items:
        if isinstance(item, _Row):
            flush_run()
            placed.append((item, item.text, True))
        elif is_prose(item, m):
            flush_run()
            placed.append((item, _line_text(item), False))
        else:
            run.append(item)
    flush_run()
    bottom = max((i.bottom for i in items), default=0.0)  # where a full page ends
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.top < 2 * m.height
    ]
    pitch = median(steps) if steps else 1.2 * m.height
    out: list[str] = []
    prose: list[str] = []
    previous = None
    for item, text, is_row in placed:
        # a page break is a paragraph break only when the page ended early
        gap = previous is not None and (
            item.top - previous.bottom > paragraph_gap(m.height)
            if item.page == previous.page
            else previous.bottom < bottom - pitch - paragraph_gap(m.height)
        )
        if is_row or gap:
            out.extend(rejoin_hyphenated(prose))
            prose = []
            if gap:
                out.append("")
        if is_row:
            out.append(text)
        else:
            prose.append(text)
        previous = item
    out.extend(rejoin_hyphenated(prose))
    return out


def _read_run(run: list[Line], m: Metrics, depth: int = 0) -> list[tuple[Line, str, bool]]:
    """Lines with no prose line between them: a table zone, with prose before and after.

    Lines of two or more segments that do not fit the zone's columns (a segment runs
    across a column start) belong to another table (a summary count table below the
    action plan's): the zone is split around them, and each part read on its own.
    """
    multi = [i for i, line in enumerate(run) if len(segments(line, m.segment_gap)) > 1]
    if not multi:
        return [(line, _line_text(line), False) for line in run]
    first, last = multi[0], multi[-1]
    starts = column_starts(run[first : last + 1], m)
    if len(starts) < 2:
        return [(line, _line_text(line), False) for line in run]
    misfits = [i for i in multi if not fits_columns(run[i], starts, m)]
    if misfits and depth < 3:
        cuts = sorted({first, misfits[0], misfits[-1] + 1} - {0, len(run)})
        parts = [run[a:b] for a, b in zip([0, *cuts], [*cuts, len(run)], strict=True)]
        if len(parts) > 1:
            return [item for part in parts if part for item in _read_run(part, m, depth + 1)]
    end = last + 1
    while end < len(run) and run[end].x0 >= starts[1] - 2.0:
        end += 1  # a column's last lines, below the row's other cells
    out = [(line, _line_text(line), False) for line in run[:first]]
    out.extend((line, text, True) for line, text in zone_rows(run[first:end], starts, m))
    out.extend((line, _line_text(line), False) for line in run[end:])
    return out
