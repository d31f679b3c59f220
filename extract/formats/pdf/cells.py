"""A ruled table cell's lines into its text, as the Word-table layout gives it.

Pure: a cell's lines of words (with their boxes) and the cell's box in, its
text out: one paragraph as itself, several as ``<p>…</p>`` items. What a Word
file says with paragraph marks, a PDF says only with geometry, and a renderer
may set a cell's paragraphs with no space between them (Word's "Table Grid"),
so each boundary between two lines of a cell is read from what is measured
(:class:`Layout`, over the whole document's cells):

* **a new paragraph** when a tagged PDF's tags say so; when the next line
  starts further below this one than the document's line pitch for that size
  (the smaller of the cell's own and the document's: a paragraph's space
  after); when it starts with a bullet or a list's number ('•', 'ii.'); or when
  its first word would have fitted at the end of this line as measured (a
  renderer only wraps a word that does not fit: a short line before a word
  that fits ended its paragraph; one a fraction of a point short was wrapped),
  unless the column sets its paragraphs apart and there is no space above it;
* **a word broken at the cell's edge** when a line runs to the cell's right
  limit with less room left than the next line's first letter needs, and the
  pieces are not words of the document, or together are one ('Decembe' / 'r
  2021', 'Accommodatio' / 'n'; at the end of a line of several words only the
  latter): joined with no space (:func:`extract.formats.pdf.fit.broken`);
* **a line ending in a slash** ('Governor/' / 'HMPPS'): joined with or without
  a space as the geometry or the document's habit says
  (:func:`extract.formats.pdf.fit.after_slash`);
* **a hyphenated word or a range** ('self-' / 'harm', '2019-' / '20'), or a
  line ending in a word that needs another ('of', 'the', 'and', '/'): the
  same paragraph, whatever would have fitted;
* otherwise, where nothing measured decides, **the words decide**
  (:func:`boundaries`, :mod:`extract.formats.pdf.lists`), and the cell says it
  guessed (:func:`guessed`).

The right limit is the cell's right edge less its left inset (cells are set
with equal side margins), but never left of its longest line. A boundary at a
page break (a cell continued on the next page, :func:`continue_cell`) has no
vertical evidence; the rest of the rules apply to it.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from extract.formats.pdf.cell import Box, Cell, Layout, column_of, key, words_of
from extract.formats.pdf.fit import (
    SLASHED,
    after_slash,
    broken,
    fills,
    surely_fits,
    would_fit,
)
from extract.formats.pdf.lines import Line, hyphenated, join_lines
from extract.formats.pdf.lists import list_break, may_start_item, prefixes

__all__ = ["Box", "Cell", "Layout", "boundaries", "cell_text", "continue_cell", "measure"]

# 'Governor/HMPPS' (two letters or more each side: not 'N/A', 'w/c')
_SLASH_INSIDE = re.compile(r"[^\W\d_]{2}/[^\W\d_]{2}")
_SLASH_END = re.compile(r"[^\W\d_]{2}/$")  # 'Reoffending/' before a space
_SPACING_EVIDENCE = 3  # a column's own paragraph breaks enough to say it is spaced
_BULLETS = frozenset("•◦▪▫●○■□‣⁃")  # a line starting so is a list's next item
_ENUMERATOR = re.compile(r"(?:\d{1,2}|[ivx]{1,5}|[a-h])[.)](?:\s|$)")  # so is '2.', 'iv.', 'b)'
# a line that cannot end a paragraph: 'Head of', 'Governor /', 'Safer Custody and'
_DANGLING = re.compile(r"(?:\b(?:of|and|for|the|to|in|on|with|by)|[/&,\-–])\s*$", re.I)


def _tolerance(height: float) -> float:
    """The least extra space between lines that reads as a paragraph's space after."""
    return max(0.75, 0.1 * height)


def measure(cells: list[Cell], other: list[Line] = ()) -> Layout:
    """The document's line pitch, word space, paragraph spacing and words (of its
    cells and its ``other`` lines, less the pieces of words that may be broken)."""
    layout = Layout()
    pitches: dict[float, list[float]] = {}
    gaps: list[float] = []
    pieces: set[tuple[int, int, int]] = set()  # (cell, line, word) maybe half a word
    for c, cell in enumerate(cells):
        for k, line in enumerate(cell.lines):
            gaps.extend(
                b["x0"] - a["x1"]
                for a, b in zip(line.words, line.words[1:], strict=False)
                if 0 < b["x0"] - a["x1"] < line.height
            )
            if k and k not in cell.page_breaks:
                before = cell.lines[k - 1]
                step = line.baseline - before.baseline
                if 0.5 * before.height < step < 3 * before.height:
                    pitches.setdefault(key(before.height), []).append(step)
            if fills(cell, k):
                pieces.update({(c, k, 0), (c, k + 1, 0)})
    neighbours = layout.neighbours
    for line in [*other, *(line for cell in cells for line in cell.lines)]:
        texts = [w["text"] for w in line.words]
        for a, b in zip(texts, texts[1:], strict=False):
            neighbours.add((a.lower(), b.lower()))
            if "/" in a and _SLASH_END.search(a) and b[:1].isalnum():
                layout.slashes -= 1  # a slash and then a space, inside a line
        layout.slashes += sum(1 for t in texts if "/" in t and _SLASH_INSIDE.search(t))
    layout.words.update(x for line in other for w in line.words for x in words_of(w["text"]))
    for height, steps in pitches.items():
        steps.sort()
        layout.pitch[height] = steps[len(steps) // 4]
    if len(gaps) >= 5:
        layout.space = median(gaps)
    layout.words.update(
        x
        for c, cell in enumerate(cells)
        for k, line in enumerate(cell.lines)
        for i, w in enumerate(line.words)
        if (c, k, i) not in pieces
        for x in words_of(w["text"])
    )
    # spaced: the paragraph breaks that geometry shows (a next word that would
    # have fitted, a capital or a number: a small letter goes on a sentence)
    # mostly come with extra space above the next line; over the document, and
    # column by column (a response column's paragraphs may be set apart and its
    # owners' not): a column with too few such breaks of its own is spaced where
    # a step of its lines shows a paragraph's space, and otherwise not known
    heights = [line.height for cell in cells for line in cell.lines]
    tolerance = _tolerance(median(heights)) if heights else 0.0
    extras: dict[tuple[int, int], list[float]] = {}
    apart: set[tuple[int, int]] = set()  # columns with a line set a paragraph's space apart
    for cell in cells:
        column = column_of(cell)
        for k in range(1, len(cell.lines)):
            if k in cell.page_breaks:
                continue
            above = cell.lines[k - 1]
            extra = cell.lines[k].baseline - above.baseline - layout.line_pitch(above.height)
            if extra > tolerance and extra < above.height:
                apart.add(column)
            if not cell.lines[k].words[0]["text"][:1].islower() and would_fit(cell, k, layout):
                extras.setdefault(column, []).append(extra)
    every = [x for xs in extras.values() for x in xs]
    layout.spaced = bool(every) and median(every) > tolerance
    for column in {column_of(cell) for cell in cells}:
        seen = extras.get(column, [])
        if len(seen) >= _SPACING_EVIDENCE:
            layout.columns[column] = median(seen) > tolerance
        else:
            layout.columns[column] = True if column in apart else None
    layout.known = known_paragraphs(cells, layout)
    layout.known_prefixes = prefixes(layout.known)
    for cell in cells:
        if cell.heading:
            continue
        firsts = [line.words[0]["text"].lower() for line in cell.lines]
        layout.starts[firsts[0]] += 1
        for first, how in zip(firsts[1:], evidence_of(cell, layout), strict=True):
            if how == "paragraph":
                layout.starts[first] += 1
            elif how == "line":
                layout.goes_on[first] += 1
    return layout


def _own_pitch(cell: Cell, layout: Layout) -> list[float]:
    """The cell's line steps where a line wrapped (its next word did not fit)."""
    return [
        cell.lines[k].baseline - cell.lines[k - 1].baseline
        for k in range(1, len(cell.lines))
        if k not in cell.page_breaks and not would_fit(cell, k, layout)
    ]


def _evidence(cell: Cell, k: int, layout: Layout, own: list[float]) -> str:
    """What the tags or the geometry say of the boundary above line ``k``:
    "paragraph", "glued", "line" (the same paragraph), or "maybe" (a wrap or a
    paragraph: the next word did not fit, and the document sets paragraphs with
    no space). A tagged PDF's paragraphs are taken as they are tagged."""
    above, line = cell.lines[k - 1], cell.lines[k]
    tagged = _tagged(above, line) if k not in cell.page_breaks else None
    if tagged == "paragraph":
        return tagged
    if broken(cell, k, layout):
        return "glued"
    if SLASHED.search(above.words[-1]["text"]) and line.words[0]["text"][:1].isalnum():
        return after_slash(cell, k, layout)
    if tagged == "line":
        return tagged
    if k not in cell.page_breaks:
        pitch = min([layout.line_pitch(above.height), *own])
        if line.baseline - above.baseline - pitch > _tolerance(above.height):
            return "paragraph"
    text, nxt = above.text(), line.text()
    if hyphenated(text, nxt) or _DANGLING.search(text):
        return "line"  # 'self-' / 'harm'; 'A summary of the' / 'Government proposals'
    if nxt[:1] in _BULLETS or _ENUMERATOR.match(nxt):
        return "paragraph"  # a list's next item: '• Informed individuals', 'ii. Exhibits'
    spaced = layout.spaced_at(cell) is True and k not in cell.page_breaks
    if surely_fits(cell, k, layout, spaced):
        # a paragraph: unless the next line starts in lower case, after a line
        # break inside the paragraph (a Word cell's Shift+Enter)
        return "line" if nxt[:1].islower() else "paragraph"
    if spaced:
        return "line"  # no paragraph space above it, where the column sets them apart
    if nxt[:1].islower():
        return "line"
    if (above.words[-1]["text"].lower(), line.words[0]["text"].lower()) in layout.neighbours:
        return "line"  # words the document sets side by side elsewhere: 'Practice' / 'Plus'
    return "maybe"


def evidence_of(cell: Cell, layout: Layout) -> list[str]:
    """The evidence of each boundary of the cell, measured once per layout."""
    if cell.evidence is None or cell.evidence[0] is not layout:
        cell.slash_guessed = cell.break_guessed = False  # set again as it is read
        own = _own_pitch(cell, layout)
        evidence = [_evidence(cell, k, layout, own) for k in range(1, len(cell.lines))]
        cell.evidence = (layout, evidence)
    return cell.evidence[1]


def _tagged(above: Line, line: Line) -> str | None:
    """What a tagged PDF says of two lines of a page: "paragraph" when they are
    drawn in different paragraphs' marked content, "line" in the same (a word
    broken at the edge is still glued); None where the page is not tagged."""
    a, b = above.words[-1].get("paragraph"), line.words[0].get("paragraph")
    if a is None or b is None:
        return None
    if a != b:
        return "paragraph"
    return "line"


def _runs(cell: Cell, evidence: list[str]) -> list[tuple[list[str], bool]]:
    """The cell's paragraphs as the certain breaks leave them: (texts of the lines
    with broken words glued, every boundary inside certain)."""
    runs: list[tuple[list[str], bool]] = [([cell.lines[0].text()], True)]
    for line, how in zip(cell.lines[1:], evidence, strict=True):
        texts, sure = runs[-1]
        if how == "paragraph":
            runs.append(([line.text()], True))
        elif how == "glued":
            texts[-1] += line.text()
        else:
            texts.append(line.text())
            runs[-1] = (texts, sure and how == "line")
    return runs


def known_paragraphs(cells: list[Cell], layout: Layout) -> Counter[str]:
    """The text of every paragraph whose every boundary is certain (a one-line cell,
    a line between two certain breaks): paragraphs the document is sure of."""
    known: Counter[str] = Counter()
    for cell in cells:
        evidence = evidence_of(cell, layout)
        known.update(join_lines(texts) for texts, sure in _runs(cell, evidence) if sure)
    return known


def boundaries(cell: Cell, layout: Layout) -> list[str]:
    """How each line after the first meets the one above: "paragraph", "glued" (a
    broken word) or "line" (the same paragraph).

    Where the geometry cannot tell (:func:`_evidence` "maybe"), short lines read as
    a list's items (:func:`extract.formats.pdf.lists.list_break`), except in a
    table's heading row;
    otherwise the line goes on: "line?" when the next line could start an item
    (a capital, or a number after a year), which the row's other lists may
    settle (:func:`extract.formats.pdf.row_text.render`).
    """
    evidence = evidence_of(cell, layout)
    texts = [line.text() for line in cell.lines]
    out: list[str] = []
    paragraph = [texts[0]]
    for k in range(1, len(cell.lines)):
        how = evidence[k - 1]
        if how == "maybe" and cell.heading:
            how = "line"
        elif how == "maybe":
            end = next(
                (j for j in range(k, len(evidence)) if evidence[j] == "paragraph"),
                len(evidence),
            )
            rest = join_lines(texts[k : end + 1])
            so_far = join_lines(paragraph)
            if list_break(so_far, texts[k], rest, layout, texts[k - 1]):
                how = "paragraph"
            elif may_start_item(so_far, texts[k]):
                how = "line?"
            else:
                how = "line"
        out.append(how)
        if how == "paragraph":
            paragraph = [texts[k]]
        elif how == "glued":
            paragraph[-1] += texts[k]
        else:
            paragraph.append(texts[k])
    return out


def guessed(cell: Cell, layout: Layout) -> bool:
    """Were any of the cell's paragraphs told apart by words alone (a boundary
    neither tags nor geometry decide: :func:`boundaries`' list rules)? Its text
    may join two items of a list or part one."""
    return not cell.heading and "maybe" in evidence_of(cell, layout)


def cell_text(cell: Cell, layout: Layout, how: list[str] | None = None) -> str:
    """The cell's text: its paragraphs joined, several as ``<p>`` items (its
    ``boundaries``, or ``how`` its lines meet if given)."""
    if not cell.lines:
        return ""
    if how is None:
        how = boundaries(cell, layout)
    paragraphs: list[list[str]] = [[cell.lines[0].text()]]
    for line, joint in zip(cell.lines[1:], how, strict=True):
        if joint == "paragraph":
            paragraphs.append([line.text()])
        elif joint == "glued":
            paragraphs[-1][-1] += line.text()
        else:
            paragraphs[-1].append(line.text())
    texts = [join_lines(p) for p in paragraphs]
    if len(texts) == 1:
        return texts[0]
    return " ".join(f"<p>{t}</p>" for t in texts)


def continue_cell(cell: Cell, more: Cell) -> None:
    """``more`` (the cell's part on the next page) appended to ``cell``."""
    if more.lines:
        if cell.lines:
            cell.page_breaks.add(len(cell.lines))
        cell.page_breaks.update(len(cell.lines) + k for k in more.page_breaks)
        cell.lines.extend(more.lines)
        x0, top, x1, bottom = cell.box
        cell.box = (min(x0, more.box[0]), top, max(x1, more.box[2]), bottom)
        cell.limit = cell.evidence = None
        cell.slash_guessed = cell.break_guessed = False
