"""Layout reader for PDF files: the document as the text layout the parser reads.

Pure apart from reading the file: bytes or a path in, text out (PDFium). Each
page is read top to bottom (:mod:`extract.formats.pdf.engine`). A table drawn
with ruling lines (:mod:`extract.formats.pdf.ruled`) is read row by row, a table
running on over pages as one (:mod:`extract.formats.pdf.rows`): a row becomes one
line of tab-separated cells; a cell's paragraphs, found from the document's
line pitch and what would have fitted on a line, become ``<p>…</p>`` items, as
in the Word-table text layout (:mod:`extract.formats.pdf.cells`). A table drawn without
ruling lines is found from how its words line up, and read into the same
layout (:mod:`extract.formats.pdf.unruled`). Other text is read a line at a time, with
a blank line where a paragraph's gap is (wide x gaps, over ``_COLUMN_GAP``
points, as tabs). Lines repeated at the same place at the top or the bottom of
most pages (running headers and footers, page numbers; one set in two or three
lines too) are dropped, and a word
hyphenated at a line end is joined ("self-" + "harm" → "self-harm").
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from statistics import median

from extract.formats.notes import Note
from extract.formats.pdf.engine import Page, read_pages
from extract.formats.pdf.lines import (
    Line,
    group_lines,
    paragraph_gap,
    rejoin_hyphenated,
)
from extract.formats.pdf.row_text import render
from extract.formats.pdf.rows import Row, join_continued, table_rows
from extract.formats.pdf.ruled import find_tables
from extract.formats.pdf.unruled import (
    Metrics,
    column_starts,
    fits_columns,
    is_prose,
    measure,
    segments,
    zone_rows,
)
from extract.formats.pdf.words import extract_words
from extract.models import ParseError

_COLUMN_GAP = 14.0  # points: a wider gap between two words outside a table is a tab
_DIGITS = re.compile(r"\d+")


def read_pdf(source: bytes | str | Path) -> str:
    """The text of a PDF; ``ParseError`` with one reason if it cannot be read."""
    return read_pdf_notes(source)[0]


def read_pdf_notes(source: bytes | str | Path) -> tuple[str, list[Note]]:
    """The text of a PDF and the reader's doubts: a note at each table row where
    the reading guessed (:mod:`extract.formats.notes`): owners and targets parted
    by their words or by counting with nothing measured to bear them out
    (``GUESSED_PARAGRAPHS``), a slash joined as the document mostly sets one
    (``GUESSED_SLASH``), what may be half a word (``GUESSED_BREAK``), a sentence
    ending a line of the recommendation's cell (``GUESSED_PROSE_BREAK``), or a
    lone line at the top of the next page taken as the row's rest (``JOINED_LINE``)."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if not data.strip():
        raise ParseError("empty file")
    if not data.lstrip().startswith(b"%PDF"):
        raise ParseError("not a PDF file (no %PDF signature)")
    pages = [_page_items(page) for page in read_pages(data)]
    if not pages:
        raise ParseError("corrupt PDF (no pages)")
    if not any(pages):
        raise ParseError(
            f"scanned PDF with no text layer: none of its {len(pages)} page(s) has text "
            "(run OCR on it first)"
        )
    pages = join_continued(_drop_running_lines(pages))
    render(pages)
    text = "\n".join(_render(pages)).strip("\n") + "\n"
    notes, at = [], 0
    for row in (i for items in pages for i in items if isinstance(i, Row) and i.doubts):
        found = text.find(row.text, at)
        if found >= 0:  # each row is a line of the text, in order
            notes.extend(Note(found, doubt) for doubt in row.doubts)
            at = found + len(row.text)
    return text, notes


def _page_items(page: Page) -> list[Row | Line]:
    """A page's ruled-table rows and its other lines, top to bottom."""
    rows, free = table_rows(page.chars, find_tables(page.segments), page.number)
    items: list[Row | Line] = [*rows, *group_lines(extract_words(free), page.number)]
    items.sort(key=lambda item: item.top)
    return items


def _line_text(line: Line) -> str:
    words = line.words
    out = words[0]["text"]
    for before, word in zip(words, words[1:], strict=False):
        out += ("\t" if word["x0"] - before["x1"] > _COLUMN_GAP else " ") + word["text"]
    return out


def _drop_running_lines(pages: list[list[Row | Line]]) -> list[list[Row | Line]]:
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
    blocks = _running_blocks(pages, needed)
    out = []
    for items in pages:
        edge = {id(line) for line in edges(items)}
        out.append(
            [
                i
                for i in items
                if id(i) not in blocks
                and not (
                    id(i) in edge
                    and counts[key(i)] >= needed
                    and len(segments(i, _COLUMN_GAP)) <= 2
                )
            ]
        )
    return out


_BLOCK_LINES = (2, 3)  # the lines a running header or footer may be set in


def _running_blocks(pages: list[list[Row | Line]], needed: int) -> set[int]:
    """The ids of the lines of running blocks: a header or footer set in two or
    three lines (Word's: a title over its second line, 'Re-issued: 13 May 2021'
    and the page number beside it), which :func:`_drop_running_lines`' one-line
    rule misses, its lines being set close. A running block is a page's first or
    last two or three items, all lines of at most three segments, printed
    (numbers aside) at the same heights on ``needed`` pages where it stands apart
    from the item after (at the top) or before it (at the foot). A table's header
    row at a page's top is set close to the row under it, and is no block; once
    a block is known to run, it is dropped too where a table's last row ends just
    above it (a row broken as late as the page allows)."""

    def blocks(items: list[Row | Line]) -> list[tuple[list[Row | Line], bool]]:
        """The page's candidate blocks, each with whether it stands apart."""
        out = []
        for size in _BLOCK_LINES:
            if len(items) < size:
                break
            rest = len(items) > size
            for block, neighbour, top in (
                (items[:size], items[size] if rest else None, True),
                (items[-size:], items[-size - 1] if rest else None, False),
            ):
                if not all(
                    isinstance(i, Line) and len(segments(i, _COLUMN_GAP)) <= 3 for i in block
                ):
                    continue
                apart = True
                if neighbour is not None:
                    edge = block[-1] if top else block[0]
                    gap = neighbour.top - edge.bottom if top else edge.top - neighbour.bottom
                    if gap < 0:
                        continue  # overlapping the page's other text: not at its edge
                    apart = gap > paragraph_gap(edge.height)
                out.append((block, apart))
        return out

    def key(block: list[Row | Line]) -> tuple[tuple[str, int], ...]:
        return tuple(
            (_DIGITS.sub("#", line.text()), round(line.top / 2))
            for line in block
            if isinstance(line, Line)
        )

    found = [blocks(items) for items in pages]
    counts = Counter(k for page in found for k in {key(block) for block, apart in page if apart})
    return {
        id(line)
        for page in found
        for block, _ in page
        if counts[key(block)] >= needed
        for line in block
    }


def _render(pages: list[list[Row | Line]]) -> list[str]:
    """The text layout: prose lines, blank lines at paragraph gaps, table rows."""
    items = [item for page in pages for item in page]
    lines = [i for i in items if isinstance(i, Line)]
    m = measure(lines)
    placed: list[tuple[Row | Line, str, bool]] = []  # (item, text, is a table row)
    run: list[Line] = []

    def flush_run() -> None:
        placed.extend(_read_run(run, m))
        run.clear()

    for item in items:
        if isinstance(item, Row):
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
