"""Filled shapes and ruled tables (extract/formats/pdf/ruled.py, shading.py, rows.py).

Word draws a table's borders as filled hairline rectangles, but it also fills
wider shapes that are no borders: a paragraph's shading inset in its cell (over
the cell's own shading or not), a highlight behind words. Their edges must not
cut a cell into rows and columns, nor pull words out of prose into a table;
shading that does draw a table's columns (no rule between the cells) still does.
A character is read once, in one cell, whatever tables hold it.
"""

from __future__ import annotations

import pytest

from extract.formats.pdf.paths import Segment
from extract.formats.pdf.read import read_pdf
from extract.formats.pdf.rows import table_rows
from extract.formats.pdf.ruled import find_tables

fpdf = pytest.importorskip("fpdf")

Box = tuple[float, float, float, float]


def _fill(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    """The four edges of a filled, unstroked rectangle wider than a rule both ways."""
    box = (x0, top, x1, bottom)
    return [
        Segment("h", top, x0, x1, box),
        Segment("h", bottom, x0, x1, box),
        Segment("v", x0, top, bottom, box),
        Segment("v", x1, top, bottom, box),
    ]


def _grid(xs: list[float], ys: list[float]) -> list[Segment]:
    """Hairline rules: every x from top to bottom, every y from left to right."""
    out = [Segment("h", y, xs[0], xs[-1]) for y in ys]
    return out + [Segment("v", x, ys[0], ys[-1]) for x in xs]


def _shape(tables) -> list[tuple[int, int]]:
    return [(len(rows), len(rows[0])) for rows in tables]


def _same(got, expected) -> bool:
    """The same tables of the same cells, each side within a point (a fill's edge
    beside a rule is snapped to it: the rule moves by a fraction of a point)."""
    return _shape(got) == _shape(expected) and all(
        (g is None) == (e is None)
        and (g is None or all(abs(a - b) <= 1.0 for a, b in zip(g, e, strict=True)))
        for gt, et in zip(got, expected, strict=True)
        for gr, er in zip(gt, et, strict=True)
        for g, e in zip(gr, er, strict=True)
    )


GRID = _grid([20.0, 120.0, 300.0], [40.0, 80.0, 120.0])  # 2 rows x 2 columns


def test_shading_inset_in_a_ruled_cell_gives_no_rows_or_columns():
    plain = find_tables(GRID)
    assert _shape(plain) == [(2, 2)]
    # a cell's shading, and over it a paragraph's shading inset by the padding
    over = GRID + _fill(20.5, 40.5, 119.5, 79.5) + _fill(25.9, 50.0, 114.1, 68.0)
    assert _same(find_tables(over), plain)
    # a paragraph's shading on its own, inset in an unshaded cell
    alone = GRID + _fill(125.4, 50.0, 294.6, 68.0)
    assert _same(find_tables(alone), plain)
    # two paragraphs' shading one under the other, over the cell's, top to bottom
    # of the cell ('RESSOURCES' / 'NECESSAIRES': two rows and two more columns)
    stacked = GRID + _fill(120.5, 80.5, 299.5, 119.5)
    stacked += _fill(125.9, 81.0, 294.1, 100.0) + _fill(125.9, 100.0, 294.1, 119.0)
    assert _same(find_tables(stacked), plain)


def test_highlights_in_a_ruled_cell_make_no_table_of_their_own():
    # code words highlighted on lines one under another in a cell ('file://',
    # 'http://'): read as a table over the cell's, the words came out twice
    segments = GRID + _fill(26.0, 44.0, 70.0, 56.0) + _fill(26.0, 56.5, 75.0, 68.5)
    segments += _fill(80.0, 56.5, 110.0, 68.5)
    assert _same(find_tables(segments), find_tables(GRID))


def test_highlights_over_prose_make_no_table():
    lines = [(90.0, 150.0), (90.0, 162.0), (90.0, 130.0), (90.0, 171.0)]
    stack = [
        s for k, (x0, x1) in enumerate(lines) for s in _fill(x0, 300 + 13.2 * k, x1, 312 + 13.2 * k)
    ]
    assert find_tables(stack) == []
    # two words side by side, the next line's word under the first
    words = _fill(200.0, 400.0, 240.0, 412.0) + _fill(241.0, 400.0, 290.0, 412.0)
    words += _fill(200.0, 413.0, 240.0, 425.0)
    assert find_tables(words) == []
    # and beside a ruled table, which is read as before
    assert _same(find_tables(GRID + stack + words), find_tables(GRID))


def test_a_grid_drawn_with_filled_bars_or_shading_alone_is_still_a_table():
    # borders drawn as filled bars (1 pt thick: rules, as Word draws them)
    bars: list[Segment] = []
    for y in (40.0, 80.0, 120.0):
        bars += [Segment("h", y - 0.5, 20.0, 300.0), Segment("h", y + 0.5, 20.0, 300.0)]
    for x in (20.0, 120.0, 300.0):
        bars += [Segment("v", x - 0.5, 40.0, 120.0), Segment("v", x + 0.5, 40.0, 120.0)]
    assert _shape(find_tables(bars)) == [(2, 2)]
    # rows framed by rules, their columns drawn only by each cell's shading: a
    # strip each side of the text, the text's line, a strip below (PDFMaker)
    frame = _grid([20.0, 300.0], [40.0, 80.0, 120.0])
    shaded: list[Segment] = []
    for top in (40.0, 80.0):
        for x0, x1 in ((20.0, 120.0), (120.0, 220.0), (220.0, 300.0)):
            shaded += _fill(x0, top, x0 + 5.4, top + 14)
            shaded += _fill(x0 + 5.4, top, x1 - 5.4, top + 14)
            shaded += _fill(x1 - 5.4, top, x1, top + 14)
            shaded += _fill(x0, top + 14, x1, top + 40)
    tables = find_tables(frame + shaded)
    assert len(tables) == 1
    columns = sorted({b[0] for row in tables[0] for b in row if b is not None})
    assert {20.0, 120.0, 220.0} <= {round(x, 1) for x in columns}
    # a table of shaded cells and no rules at all
    alone: list[Segment] = []
    for top in (40.0, 60.0, 80.0):
        for x0, x1 in ((20.0, 120.0), (120.0, 300.0)):
            alone += _fill(x0, top, x1, top + 20)
    assert _shape(find_tables(alone)) == [(3, 2)]


def test_a_column_edge_drawn_by_shading_beside_an_unshaded_cell_is_kept():
    # a ruled frame; its right column shaded in two pieces (the text's part, the
    # part below), its left part unshaded: the lower piece's left side meets no
    # other fill, but goes on from the upper one's, a column's edge
    frame = _grid([20.0, 300.0], [40.0, 100.0])
    shaded = _fill(200.0, 40.5, 299.5, 60.0) + _fill(200.0, 60.0, 299.5, 99.5)
    tables = find_tables(frame + shaded)
    assert tables and {round(b[0]) for row in tables[0] for b in row if b} >= {20, 200}


def test_a_fill_under_the_rules_is_a_background_not_a_cell():
    # the page's white background, filled behind everything: a ruled table, a
    # table drawn by its cells' shading alone (each with a paragraph's shading
    # inset), highlighted prose
    page = _fill(0.0, 0.0, 595.0, 842.0)
    stack = _fill(90.0, 300.0, 150.0, 312.0) + _fill(90.0, 313.0, 170.0, 325.0)
    shaded: list[Segment] = []
    for top, cells in ((400.0, ((20.0, 120.0), (120.0, 300.0))), (440.0, ((20.0, 300.0),))):
        for x0, x1 in cells:
            shaded += _fill(x0, top, x1, top + 40) + _fill(x0 + 5.4, top + 5, x1 - 5.4, top + 20)
    tables = find_tables(page + GRID + stack + shaded)
    assert _shape(tables) == [(2, 2), (2, 2)]
    assert [r[1] is None for r in tables[1]] == [False, True]  # the second row merged


def _char(text: str, x0: float, top: float) -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 5,
        "top": top,
        "bottom": top + 10,
        "baseline": top + 8,
    }


def test_a_character_in_two_tables_is_read_once_in_the_smaller_cell():
    outer = [[(20.0, 40.0, 120.0, 80.0), (120.0, 40.0, 300.0, 80.0)]]
    inner = [[(25.0, 45.0, 60.0, 60.0), (60.0, 45.0, 100.0, 60.0)]]
    chars = [_char("a", 30, 48), _char("b", 70, 48), _char("c", 30, 65), _char("d", 150, 48)]
    rows, rest = table_rows(chars, [outer, inner], page=1)
    assert rest == []
    read = [[[w["text"] for line in c.lines for w in line.words] for c in r.cells] for r in rows]
    assert read == [[["c"], ["d"]], [["a"], ["b"]]]


def _page_with_shading() -> bytes:
    """A ruled 2x2 table, one cell shaded with a paragraph's shading inset in it
    (as Word draws it), and under it prose with a word highlighted and a stack of
    highlighted code words (all shapes filled, none stroked)."""
    pdf = fpdf.FPDF(unit="pt", format=(420, 300))
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    xs, ys = (20, 120, 300), (40, 80, 120)
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(120.5, 40.5, 179, 39, style="F")  # the cell's shading
    pdf.set_fill_color(170, 170, 170)
    pdf.rect(125.9, 50, 168.2, 14, style="F")  # the paragraph's, inset by the padding
    pdf.set_fill_color(0, 0, 0)
    for y in ys:
        pdf.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5, style="F")
    for x in xs:
        pdf.rect(x - 0.25, ys[0], 0.5, ys[-1] - ys[0], style="F")
    pdf.set_fill_color(255, 255, 0)
    pdf.rect(58, 160, 42, 12, style="F")  # 'highlighted'
    pdf.rect(20, 173, 40, 12, style="F")  # 'file://'
    pdf.rect(20, 185.5, 45, 12, style="F")  # 'http://'
    pdf.set_text_color(0, 0, 0)
    for (x, top), text in zip(
        ((23, 40), (123, 40), (23, 80), (123, 80)),
        ("Number", "Shaded heading", "5.1", "Act now."),
        strict=True,
    ):
        pdf.text(x + 3, top + 20, text)
    pdf.text(20, 169, "Some highlighted words in prose")
    pdf.text(20, 182, "file://")
    pdf.text(20, 195, "http://")
    return bytes(pdf.output())


def test_shading_and_highlights_read_end_to_end():
    lines = read_pdf(_page_with_shading()).splitlines()
    assert lines[:2] == ["Number\tShaded heading", "5.1\tAct now."]
    text = "\n".join(lines[2:])
    assert "\t" not in text
    assert "Some highlighted words in prose" in text
    assert text.count("file://") == 1 and text.count("http://") == 1
