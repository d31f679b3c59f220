"""Cells placed on a table's grid read as the header row's columns (extract/formats/grid.py).

LibreOffice, saving a table whose rows have cells of other widths, cuts the grid
finer than the columns (one grid column per distinct cell edge) and each cell
spans several grid columns (.docx ``w:gridSpan``, .odt
``table:number-columns-spanned`` with covered cells). Built here by hand, as
LibreOffice writes them, each must read as the table a Word user sees: a row is
the header's columns, not one cell per grid column.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from extract.formats.grid import GridCell, column_cells
from extract.formats.odt import read_odt
from extract.formats.word import read_docx
from tests.support.odf import cell, odt

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The table every reader must give: three columns, a heading merged across them,
# a row starting at its second column, a row cut otherwise (read as written).
EXPECTED = [
    "No\tRecommendation\tOwner",
    "To the Governor\t\t",
    "1.1\tStaff should act.\tGovernor",
    "1.3\tStaff should train.\tHead",
    "\tcontinued text\tDeputy",
    "1.2\ta\tStaff should\tHead",  # a row cut otherwise: cell for cell, as written
]


def _tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>"
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{run}</w:p></w:tc>"


def _tr(*cells: str, before: int = 0) -> str:
    pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def _docx(rows: list[str], grid: int) -> bytes:
    cols = "".join('<w:gridCol w:w="500"/>' for _ in range(grid))
    tbl = parse_xml(
        f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    document = docx.Document()
    document.element.body.insert(0, tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if "\t" in line]


def test_a_docx_grid_cut_finer_than_its_columns_reads_as_the_table_columns():
    # nine grid columns: the header's cells span 2, 4 and 3 of them
    rows = [
        _tr(_tc("No", 2), _tc("Recommendation", 4), _tc("Owner", 3)),
        _tr(_tc("To the Governor", 9)),
        _tr(_tc("1.1", 2), _tc("Staff should act.", 4), _tc("Governor", 3)),
        _tr(_tc("1.3", 2), _tc("Staff should train.", 4), _tc("Head", 3)),
        _tr(_tc("continued text", 4), _tc("Deputy", 3), before=2),
        _tr(_tc("1.2", 1), _tc("a", 1), _tc("Staff should", 4), _tc("Head", 3)),
    ]
    assert _table_lines(read_docx(_docx(rows, 9))) == EXPECTED


def test_a_docx_cell_merged_down_is_empty_below_and_spans_still_map():
    rows = [
        _tr(_tc("No", 2), _tc("Recommendation", 1), _tc("Owner", 2)),
        _tr(_tc("1.1", 2, "restart"), _tc("Act.", 1), _tc("Governor", 2)),
        _tr(_tc("", 2, "continue"), _tc("More.", 1), _tc("Head", 2)),
    ]
    assert _table_lines(read_docx(_docx(rows, 5))) == [
        "No\tRecommendation\tOwner",
        "1.1\tAct.\tGovernor",
        "\tMore.\tHead",
    ]


def test_a_docx_with_a_grid_column_per_cell_reads_cell_for_cell():
    rows = [
        _tr(_tc("a"), _tc("b"), _tc("c")),
        _tr(_tc("d"), _tc("e", 2)),
        _tr(_tc("f")),  # a short row stays short
    ]
    assert _table_lines(read_docx(_docx(rows, 3))) == ["a\tb\tc", "d\te\t"] + []
    assert "f" in read_docx(_docx(rows, 3)).split("\n")


def _odt_row(*cells: str) -> str:
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


def test_an_odt_grid_cut_finer_than_its_columns_reads_as_the_table_columns():
    body = (
        "<table:table>"
        '<table:table-column table:number-columns-repeated="9"/>'
        + _odt_row(cell(["No"], span=2), cell(["Recommendation"], span=4), cell(["Owner"], span=3))
        + _odt_row(cell(["To the Governor"], span=9))
        + _odt_row(
            cell(["1.1"], span=2), cell(["Staff should act."], span=4), cell(["Governor"], span=3)
        )
        + _odt_row(
            cell(["1.3"], span=2), cell(["Staff should train."], span=4), cell(["Head"], span=3)
        )
        + _odt_row(
            '<table:covered-table-cell table:number-columns-repeated="2"/>',
            cell(["continued text"], span=4),
            cell(["Deputy"], span=3),
        )
        + _odt_row(
            cell(["1.2"]), cell(["a"]), cell(["Staff should"], span=4), cell(["Head"], span=3)
        )
        + "</table:table>"
    )
    assert _table_lines(read_odt(odt(body))) == EXPECTED


def test_column_cells_maps_each_cell_by_its_left_edge():
    rows = [
        [GridCell(0, 2, "A"), GridCell(2, 5, "B"), GridCell(5, 6, "C")],
        [GridCell(0, 6, "H")],
        [GridCell(0, 2, "a"), GridCell(2, 5, "b"), GridCell(5, 6, "c")],
        [GridCell(1, 3, "x"), GridCell(3, 6, "y")],  # cut otherwise: as written
        [],
    ]
    assert column_cells(rows) == [
        ["A", "B", "C"],
        ["H", "", ""],
        ["a", "b", "c"],
        ["x", "y"],
        [],
    ]


_RENDERED = Path(__file__).resolve().parents[2] / "fixtures" / "rendered"


@pytest.mark.parametrize(
    "stem", sorted(p.name[: -len(".docx")] for p in _RENDERED.glob("*_plan_????.docx"))
)
def test_libreoffice_files_read_with_the_original_docx_table_widths(stem):
    original = _table_lines(read_docx(_RENDERED / f"{stem}.docx"))
    for other in (
        read_docx(_RENDERED / f"{stem}.resaved.docx"),
        read_odt(_RENDERED / f"{stem}.odt"),
    ):
        widths = [line.count("\t") for line in _table_lines(other)]
        assert widths == [line.count("\t") for line in original]


def test_a_grid_a_row_fills_is_the_columns_however_many_rows_merge_them():
    # a plan whose rows are mostly continuations written as one cell merged across
    # (as text_to_docx writes a heading-shaped row): one full row keeps the columns
    full = [GridCell(i, i + 1, t) for i, t in enumerate("abcd")]
    merged = [GridCell(0, 1, ""), GridCell(1, 4, "more text")]
    assert column_cells([full, merged, merged, merged]) == [
        ["a", "b", "c", "d"],
        *[["", "more text", "", ""]] * 3,
    ]


def test_two_tables_joined_into_one_read_each_with_its_own_columns():
    # LibreOffice joins two tables that touch onto one grid cut for both: each run
    # of rows keeps the columns its first row of three cells or more sets
    first = [GridCell(0, 2, "1"), GridCell(2, 5, "rec"), GridCell(5, 7, "owner")]
    heading = [GridCell(0, 2, ""), GridCell(2, 7, "Key concerns")]
    second = [
        GridCell(0, 1, "2"),
        GridCell(1, 3, "rec"),
        GridCell(3, 6, "owner"),
        GridCell(6, 7, ""),
    ]
    counts = [GridCell(0, 4, "Agreed"), GridCell(4, 7, "14")]  # a summary under it
    assert column_cells([first, heading, first, second, second, counts]) == [
        ["1", "rec", "owner"],
        ["", "Key concerns", ""],
        ["1", "rec", "owner"],
        ["2", "rec", "owner", ""],
        ["2", "rec", "owner", ""],
        ["Agreed", "14"],
    ]


def test_docx_cell_edges_a_hair_apart_are_one_edge():
    # the heading row's first cell ends 23 twips short of the others' (a grid
    # column of its own): still the table's first column
    widths = [849, 23, 3991, 1208, 6004]
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = [
        _tr(_tc("No", 2), _tc("Recommendation"), _tc("Agreed"), _tc("Response")),
        _tr(_tc(""), _tc("Key concerns", 4)),
        _tr(_tc("1.1", 2), _tc("Staff should act."), _tc("Agreed"), _tc("Done.")),
    ]
    tbl = parse_xml(
        f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    document = docx.Document()
    document.element.body.insert(0, tbl)
    out = io.BytesIO()
    document.save(out)
    assert _table_lines(read_docx(out.getvalue())) == [
        "No\tRecommendation\tAgreed\tResponse",
        "\tKey concerns\t\t",
        "1.1\tStaff should act.\tAgreed\tDone.",
    ]
