"""The PDF layer: characters and rules read with PDFium (extract/formats/pdf/engine.py),
words (words.py) and ruled tables (ruled.py) as pdfplumber found them, and a table
that runs on over a page break read as one (rows.py).

pdfplumber, which the reader used before, is the oracle for the first three: the
same words with the same boxes, the same cells, on our generated PDF sample and on
a LibreOffice-made one.
"""

from __future__ import annotations

import io

import pytest

from extract.formats.pdf.engine import Segment, read_pages
from extract.formats.pdf.read import read_pdf
from extract.formats.pdf.ruled import MAX_CROSSINGS, find_tables
from extract.formats.pdf.words import extract_words
from tests.support.paths import REPO
from tests.support.pdf_files import ruled_row

fpdf = pytest.importorskip("fpdf")

PDFS = [
    REPO / "samples" / "harwood_action_plan_2021.pdf",
    REPO / "tests" / "fixtures" / "rendered" / "kelstern_action_plan_2023.grid.pdf",
    REPO / "tests" / "fixtures" / "rendered" / "fenwick_action_plan_2019.margins.pdf",
]


def _close(a: dict, b: dict, tolerance: float = 0.5) -> bool:
    """The same word, where it is and as tall within half a point (PDFium's box
    of a glyph that overhangs its advance, an 'f' or a 'J', can run a little past
    pdfminer's).
    Its height is the same; where it stands may not be: PDFium reads a font's
    descent from the font, pdfminer from the PDF's descriptor of it."""
    return (
        a["text"] == b["text"]
        and all(abs(a[k] - b[k]) < tolerance for k in ("x0", "x1"))
        and abs((a["bottom"] - a["top"]) - (b["bottom"] - b["top"])) < tolerance
    )


def _same_cells(got, expected) -> bool:
    return (
        len(got) == len(expected)
        and all(
            (g is None and e is None)
            or (
                g is not None
                and e is not None
                and all(abs(x - y) < 0.05 for x, y in zip(g, e, strict=True))
            )
            for grow, erow in zip(got, expected, strict=True)
            for g, e in zip(grow, erow, strict=True)
        )
        and all(len(g) == len(e) for g, e in zip(got, expected, strict=True))
    )


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_words_and_their_boxes_are_pdfplumbers(path):
    pdfplumber = pytest.importorskip("pdfplumber")
    pages = read_pages(path.read_bytes())
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == len(pages)
        for theirs, ours in zip(pdf.pages, pages, strict=True):
            expected = theirs.extract_words()
            got = extract_words(ours.chars)
            assert len(got) == len(expected)
            assert all(_close(g, e) for g, e in zip(got, expected, strict=True))


def _parted(cells: list[list]) -> list[list[list]]:
    """pdfplumber's table as ours reads it: two tables drawn touching parted (a
    plan's last rows and the summary table below them, which pdfplumber reads as one)."""
    from extract.formats.pdf.ruled import _bands, _rows

    boxes = [tuple(c) for row in cells for c in row if c is not None]
    return [_rows(band) for band in _bands(boxes)]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_ruled_tables_have_pdfplumbers_cells(path):
    pdfplumber = pytest.importorskip("pdfplumber")
    pages = read_pages(path.read_bytes())
    with pdfplumber.open(path) as pdf:
        for theirs, ours in zip(pdf.pages, pages, strict=True):
            expected = [
                part
                for table in theirs.find_tables()
                for part in _parted([row.cells for row in table.rows])
            ]
            got = find_tables(ours.segments)
            assert len(got) == len(expected)
            assert all(_same_cells(g, e) for g, e in zip(got, expected, strict=True))


def test_a_page_of_more_crossings_than_any_table_has_none():
    side = int(MAX_CROSSINGS**0.5) + 2
    grid = [Segment("h", 10.0 + 5 * k, 0.0, 5.0 * side) for k in range(side)]
    grid += [Segment("v", 10.0 + 5 * k, 0.0, 5.0 * side) for k in range(side)]
    assert find_tables(grid) == []
    assert len(find_tables(grid[:5] + grid[side : side + 5])) == 1  # a 4x4 table


def _split_table() -> bytes:
    """A ruled plan table over two pages, set as a word processor sets it: a
    header row repeated on the second page, row 5.2 split by the page break
    ('Head of Safer' | 'Custody' in its owner cell), a running footer."""
    pdf = fpdf.FPDF(unit="pt", format=(420, 300))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    xs = (20, 60, 200, 280)  # number, recommendation, owner (80 pt: 'Custody' wraps)
    header = (("No.",), ("Recommendation",), ("Owner",))

    def row(top: float, cells, height: float) -> float:
        return ruled_row(pdf, xs, top, cells, height)

    pdf.add_page()
    pdf.line(xs[0], 20, xs[-1], 20)
    top = row(20, header, 14)
    top = row(top, (("5.1",), ("Staff should be trained.",), ("Governor",)), 14)
    filler = tuple(f"Line {k} of the concern set out" for k in range(14))
    top = row(top, (("5.2",), filler, ("Head of Safer",)), 290 - top)
    pdf.text(20, 296, "Page 1 of 2")
    pdf.add_page()
    pdf.line(xs[0], 20, xs[-1], 20)
    top = row(20, header, 14)
    top = row(top, (("",), ("and the last line.",), ("Custody",)), 14)
    top = row(top, (("5.3",), ("Cells should be clean.",), ("Governor",)), 14)
    pdf.text(20, 296, "Page 2 of 2")
    return bytes(pdf.output())


def test_a_row_split_by_a_page_break_is_one_row_under_one_header():
    lines = [line for line in read_pdf(_split_table()).splitlines() if line]
    assert lines[0] == "No.\tRecommendation\tOwner"
    assert lines.count("No.\tRecommendation\tOwner") == 1  # the repeat is dropped
    assert lines[1] == "5.1\tStaff should be trained.\tGovernor"
    number, recommendation, owner = lines[2].split("\t")
    assert (number, owner) == ("5.2", "Head of Safer Custody")
    assert recommendation.endswith("set out and the last line.")
    assert lines[3] == "5.3\tCells should be clean.\tGovernor"
    assert len(lines) == 4  # no footer


def test_pdfplumber_is_not_needed_to_read_a_pdf():
    import sys

    data = _split_table()
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k.startswith("pdfplumber")}
    try:
        sys.modules["pdfplumber"] = None  # import pdfplumber now fails
        assert read_pdf(io.BytesIO(data).getvalue()).startswith("No.\tRecommendation")
    finally:
        del sys.modules["pdfplumber"]
        sys.modules.update(saved)


def test_rules_drawn_as_filled_hairline_rectangles_make_the_same_table():
    """Word draws a table's borders as thin filled rectangles, not stroked lines."""

    def table(filled: bool) -> bytes:
        pdf = fpdf.FPDF(unit="pt", format=(400, 200))
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        xs, ys = (20, 80, 240, 380), (40, 60, 100)
        for y in ys:
            if filled:
                pdf.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5, style="F")
            else:
                pdf.line(xs[0], y, xs[-1], y)
        for x in xs:
            if filled:
                pdf.rect(x - 0.25, ys[0], 0.5, ys[-1] - ys[0], style="F")
            else:
                pdf.line(x, ys[0], x, ys[-1])
        for top, cells in zip(
            ys, (("No.", "Recommendation", "Owner"), ("5.1", "Act.", "Governor")), strict=False
        ):
            for x, text in zip(xs, cells, strict=False):
                pdf.text(x + 3, top + 12, text)
        return bytes(pdf.output())

    expected = "No.\tRecommendation\tOwner\n5.1\tAct.\tGovernor\n"
    assert read_pdf(table(filled=False)) == expected
    assert read_pdf(table(filled=True)) == expected


def _turned(source, quarter: int, compensate: bool = True) -> bytes:
    """The PDF's pages drawn turned ``quarter`` degrees anticlockwise on their page,
    and (``compensate``) given ``/Rotate quarter`` so that a viewer shows them upright
    again, as a printer to PDF may write a landscape page; without it, the page as
    drawn (shown sideways)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(source)
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        width, height = src[i].get_size()
        drawn = src.page_as_xobject(i, dst).as_pageobject()
        if quarter == 90:
            size, matrix = (height, width), pdfium.PdfMatrix().rotate(90, ccw=True)
            matrix = matrix.translate(height, 0)
        elif quarter == 180:
            size, matrix = (width, height), pdfium.PdfMatrix().rotate(180).translate(width, height)
        else:
            size, matrix = (height, width), pdfium.PdfMatrix().rotate(90).translate(0, width)
        page = dst.new_page(*size)
        drawn.transform(matrix)
        page.insert_obj(drawn)
        page.gen_content()
        if compensate:
            page.set_rotation(quarter)
    out = io.BytesIO()
    dst.save(out)
    return out.getvalue()


@pytest.mark.parametrize("quarter", [90, 180, 270])
@pytest.mark.parametrize("compensate", [True, False], ids=["shown upright", "shown turned"])
def test_a_turned_page_is_read_the_way_its_text_runs(quarter, compensate):
    """A page drawn turned (with or without /Rotate turning it back for the viewer) reads
    as the upright original: the same text, so the same records. Before, its
    characters were read in the page's unturned space and the plan was refused."""
    path = REPO / "tests" / "fixtures" / "rendered" / "kelstern_action_plan_2023.grid.pdf"
    turned = _turned(path, quarter, compensate)
    pages = read_pages(turned)
    assert pages[0].width > pages[0].height  # landscape, as the original reads
    assert read_pdf(turned) == read_pdf(path)


def test_a_page_shown_sideways_by_rotate_alone_reads_as_its_text_runs():
    """/Rotate on an upright landscape page (shown sideways in a viewer) leaves its text
    read as it runs: the same text as without."""
    import pypdfium2 as pdfium

    path = REPO / "tests" / "fixtures" / "rendered" / "fenwick_action_plan_2019.margins.pdf"
    doc = pdfium.PdfDocument(path)
    for i in range(len(doc)):
        doc[i].set_rotation(90)
    out = io.BytesIO()
    doc.save(out)
    assert read_pdf(out.getvalue()) == read_pdf(path)


def _grid(xs_by_row: list[list[float]], tops: list[float]) -> list[Segment]:
    """Rules of a table: row k spans ``tops[k]``..``tops[k + 1]`` and is cut at ``xs_by_row[k]``."""
    out = []
    for k, xs in enumerate(xs_by_row):
        top, bottom = tops[k], tops[k + 1]
        out.append(Segment("h", top, xs[0], xs[-1]))
        out.append(Segment("h", bottom, xs[0], xs[-1]))
        out.extend(Segment("v", x, top, bottom) for x in xs)
    return out


def test_two_tables_drawn_touching_are_read_as_two():
    """A plan's last rows and the summary count table set straight below them (no
    paragraph between, so their rules touch): two tables, each with its own columns,
    not one of their columns together (which padded every plan row with an empty
    cell, and a plan with no header row was not read at all)."""
    plan = [[50, 100, 300, 550, 650, 780]] * 3
    summary = [[50, 540, 780]] * 4
    tables = find_tables(_grid(plan + summary, [100 + 20 * k for k in range(8)]))

    assert [len(t) for t in tables] == [3, 4]
    assert all(len(row) == 5 for row in tables[0])
    assert all(len(row) == 2 for row in tables[1])


def test_a_ragged_row_or_a_heading_across_the_table_does_not_part_it():
    rows = [
        [50, 100, 300, 550, 650, 780],
        [50, 780],  # a section heading merged across the table
        [50, 100, 300, 550, 650, 780],
        [50, 100, 420, 780],  # a row cut elsewhere (merged cells)
        [50, 100, 300, 550, 650, 780],
    ]
    tables = find_tables(_grid(rows, [100 + 20 * k for k in range(6)]))

    assert len(tables) == 1 and len(tables[0]) == 5
