"""A ruled table row's text: its cells read together, and where the reading guessed.

Pure: the rows :mod:`extract.formats.pdf.rows` read (a table that runs on over
pages already joined) in; each row's ``text`` (its cells' texts, tab-separated)
and ``doubts`` (:mod:`extract.formats.notes`' warnings) set. A row's owners and
targets are parallel lists, read with the document's layout measured over all
its cells (:func:`extract.formats.pdf.cells.measure`) and settled against each
other (:func:`_parallel_lists`); where only words, or counting, parted them,
and nothing measured bears that out, the row says so (:func:`_unsettled`), as
it does for a slash, half a word, or a sentence ending a line of its
recommendation cell that the PDF does not settle.
"""

from __future__ import annotations

import re

from extract.formats.notes import (
    GUESSED_BREAK,
    GUESSED_PARAGRAPHS,
    GUESSED_PROSE_BREAK,
    GUESSED_SLASH,
)
from extract.formats.pdf.cells import (
    Cell,
    Layout,
    boundaries,
    cell_text,
    evidence_of,
    guessed,
    measure,
)
from extract.formats.pdf.lines import Line, join_lines
from extract.formats.pdf.lists import choose_breaks, plain_break
from extract.formats.pdf.rows import _LIST_LINE, Row


def render(pages: list[list[Row | Line]]) -> Layout:
    """Each row's text, read with the layout measured over all the document's cells."""
    rows = [item for items in pages for item in items if isinstance(item, Row)]
    lines = [item for items in pages for item in items if isinstance(item, Line)]
    layout = measure([c for r in rows for c in r.cells if c is not None and c.lines], lines)
    for row in rows:
        how, settled = _parallel_lists(row, layout)
        row.text = "\t".join(
            "" if c is None else cell_text(c, layout, how.get(id(c))) for c in row.cells
        )
        if _unsettled(row, layout, how, settled):
            row.doubts.append(GUESSED_PARAGRAPHS)
        body = [c for c in row.present if not c.heading]  # a header's labels need no check
        if any(c.slash_guessed for c in body):
            row.doubts.append(GUESSED_SLASH)
        if any(c.break_guessed for c in body):
            row.doubts.append(GUESSED_BREAK)
        if _open_sentence_end(row, how):
            row.doubts.append(GUESSED_PROSE_BREAK)
    return layout


_ENDS_SENTENCE = re.compile(r"[.?!)\u201d]$")
_LABEL = re.compile(r"(?:\S+ ){0,3}?\S*:")  # 'Recommendation:', 'Key concern 1.14:'


def _open_sentence_end(row: Row, how: dict[int, list[str]]) -> bool:
    """Does the row's first cell of prose (the recommendation's, with its concern)
    have a line that ends a sentence before a capital, where nothing told a
    paragraph's end from a line going on ('... in poor condition.' / 'Many cells
    ...')? A concern and its recommendation may be parted there or not. A line
    starting with a label ('Recommendation:') is left out: the label parts them."""
    prose = next((c for c in row.present if c.lines and not c.heading and _prose(c)), None)
    if prose is None:
        return False
    for k, joint in enumerate(how.get(id(prose), ()), start=1):
        above, nxt = prose.lines[k - 1].text(), prose.lines[k].text()
        if (
            joint == "line?"
            and _ENDS_SENTENCE.search(above)
            and nxt[:1].isupper()
            and not _LABEL.match(nxt)
        ):
            return True
    return False


# a sentence's end inside a cell: '(CSIP). (1.27', 'officer. Findings'
_SENTENCE_END = re.compile(r"[a-z)][.;?] +[A-Z(]|[a-z)][.?]$")


def _lists(row: Row) -> list[Cell]:
    """The row's cells of short lines (owners, target dates), its heading aside:
    not prose, though a narrow column sets prose in short lines too (a cell
    with a sentence's end, of more words than a list item has)."""
    return [
        c
        for c in row.cells
        if c is not None
        and c.lines
        and not c.heading
        and all(len(line.words) <= _LIST_LINE for line in c.lines)
        and not _prose(c)
    ]


def _prose(cell: Cell) -> bool:
    text = " ".join(line.text() for line in cell.lines)
    return len(text.split()) > _LIST_LINE and bool(_SENTENCE_END.search(text))


def _unsettled(
    row: Row, layout: Layout, how: dict[int, list[str]], settled: dict[int, str]
) -> bool:
    """May the row's owners and targets be paired wrongly, and nothing say so?

    Yes when a list cell's paragraphs were parted by words alone (:func:`guessed`)
    and the row's lists of two lines or more do not all hold as many items; when
    a list's items were chosen among more lines that could start one than it
    needed (``settled`` "chosen"); or when no list was parted by geometry or
    tags alone and one was parted by counting ("counted"), or one of several
    items has a line left undecided, or two lists have ('Gov Facility' /
    'Services Ltd' / ... beside 'Completed' / 'March' / ..., each read whole).
    (Lists parted alike, one of them surely, bear each other out; two lists that
    both guessed do not.)"""
    lists = [c for c in _lists(row) if len(c.lines) > 1]
    by_words = [guessed(c, layout) for c in lists]
    if not any(by_words):
        return False
    if len({how[id(c)].count("paragraph") for c in lists}) != 1:
        return True
    if "chosen" in settled.values():
        return True
    several = any("paragraph" in how[id(c)] for c in lists)
    undecided = [c for c in lists if "line?" in how[id(c)]]
    alone = len(lists) == 1 and _parted_by_words(lists[0], layout, how[id(lists[0])])
    weak = bool(settled) or (several and bool(undecided)) or len(undecided) > 1 or alone
    return weak and all(by_words)


def _parted_by_words(cell: Cell, layout: Layout, joints: list[str]) -> bool:
    """Was a break of the cell's made by what the document's other cells hold
    alone (where the geometry could not tell, and no year ending an item nor an
    item said again parts them), with no other list of the row to bear it out
    ('Complete' / 'June 2020' beside one owner: two targets, or one)?"""
    texts = [line.text() for line in cell.lines]
    start = 0
    for k, (e, j) in enumerate(zip(evidence_of(cell, layout), joints, strict=True), start=1):
        if j != "paragraph":
            continue
        so_far = join_lines(texts[start:k])
        if e == "maybe" and not plain_break(so_far, texts[k], texts[k]):
            return True
        start = k
    return False


def _parallel_lists(row: Row, layout: Layout) -> tuple[dict[int, list[str]], dict[int, str]]:
    """How each cell's lines meet, a row's lists settled against each other, and
    how each list cell settled was: "counted" or "chosen".

    A row's owners and targets are parallel lists: when the cells of short lines
    the geometry is sure of hold at most K items, a list cell with fewer whose
    undecided boundaries ("line?") make up the difference exactly has them as
    breaks ('Immediate and ongoing' / 'Monthly' beside 'Deputy Governor' / 'Head
    of Security'): "counted"; where it has more than it needs, the breaks are
    chosen: "chosen". Either way only where the document's words say an item
    may start (:func:`extract.formats.pdf.lists.choose_breaks`): one owner
    wrapped beside two targets ('Head of Reducing' / 'Reoffending') is not
    parted to match them, and the lists' counts then differ, which warns.
    """
    cells = [c for c in row.cells if c is not None and c.lines and not c.heading]
    how = {id(c): boundaries(c, layout) for c in cells}
    lists = _lists(row)
    settled: dict[int, str] = {}
    sure = [1 + how[id(c)].count("paragraph") for c in lists if "line?" not in how[id(c)]]
    if not sure:
        return how, settled
    k = max(sure)
    for c in lists:
        joints = how[id(c)]
        items, undecided = 1 + joints.count("paragraph"), joints.count("line?")
        if not undecided or items >= k:
            continue
        if items + undecided < k:
            continue
        texts = [line.text() for line in c.lines]
        chosen = choose_breaks(texts, joints, k - items, layout)
        if chosen is not None:
            how[id(c)] = chosen
            settled[id(c)] = "counted" if items + undecided == k else "chosen"

    return how, settled
