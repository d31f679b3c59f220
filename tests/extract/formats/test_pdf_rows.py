"""A ruled table's rows over page breaks (extract/formats/pdf/rows.py): a lone line at
the top of a page, its number cell empty, read as a section row of its own where the
document has such rows in that column, and otherwise as the rest of the row above,
with a warning."""

from __future__ import annotations

from extract.formats.notes import JOINED_LINE
from extract.formats.pdf.cells import Cell
from extract.formats.pdf.lines import Line
from extract.formats.pdf.rows import Row, join_continued

COLUMNS = ((50.0, 100.0), (100.0, 400.0), (400.0, 600.0), (600.0, 700.0))
HEADER = ("No.", "Recommendation", "Response", "Owner")


def _row(page: int, top: float, texts: tuple[str, ...], heading: bool = False) -> Row:
    cells = []
    for (x0, x1), text in zip(COLUMNS, texts, strict=True):
        lines = []
        if text:
            words, x = [], x0 + 4
            for word in text.split():
                words.append(
                    {
                        "text": word,
                        "x0": x,
                        "x1": x + 5 * len(word),
                        "top": top + 2,
                        "bottom": top + 12,
                    }
                )
                x += 5 * len(word) + 2.5
            lines.append(Line(page, words))
        cells.append(Cell((x0, top, x1, top + 14), lines, heading=heading))
    return Row(page, top, top + 14, cells)


def _plan(with_a_section_row_mid_page: bool) -> list[list[Row]]:
    first = [
        _row(0, 50, HEADER, heading=True),
        _row(0, 64, ("1.1", "Leaders should act.", "Agreed and done.", "Governor")),
    ]
    if with_a_section_row_mid_page:
        first.append(_row(0, 78, ("", "Safeguarding", "", "")))
    first.append(_row(0, 92, ("1.2", "Staff should know.", "A list is shared.", "Head of Safety")))
    second = [
        _row(1, 50, HEADER, heading=True),
        _row(1, 64, ("", "Health care", "", "")),
        _row(1, 78, ("1.3", "Patients should be seen.", "Clinics are added.", "Governor")),
    ]
    return [first, second]


def _texts(pages) -> list[list[str]]:
    return [[" ".join(line.text() for line in c.lines) for c in row.present] for row in pages]


def test_a_lone_line_where_the_document_puts_section_rows_is_a_row_of_its_own():
    pages = join_continued(_plan(with_a_section_row_mid_page=True))

    assert _texts(pages[1]) == [
        ["", "Health care", "", ""],
        ["1.3", "Patients should be seen.", "Clinics are added.", "Governor"],
    ]  # the repeated header dropped, the section row kept
    assert pages[0][-1].doubts == []


def test_otherwise_it_is_the_rest_of_the_row_above_and_the_row_says_so():
    pages = join_continued(_plan(with_a_section_row_mid_page=False))

    last = pages[0][-1]
    assert _texts([last])[0][1] == "Staff should know. Health care"
    assert last.doubts == [JOINED_LINE]
    assert _texts(pages[1]) == [
        ["1.3", "Patients should be seen.", "Clinics are added.", "Governor"]
    ]


def test_a_table_running_on_with_no_repeated_header_starts_the_page_with_data():
    # Word repeats no header row unless asked: the first row under the page's top
    # is data (a number, or the empty number cell of a split row), never labels
    first = [
        _row(0, 50, HEADER, heading=True),
        _row(0, 64, ("1.1", "Leaders should act.", "Agreed and done.", "Governor")),
    ]
    second = [
        _row(1, 50, ("1.2", "Staff should know.", "A list is shared.", "NPS YOT"), heading=True),
        _row(1, 64, ("1.3", "Patients should be seen.", "Clinics are added.", "Governor")),
    ]
    pages = join_continued([first, second])
    assert pages[0][0].heading  # the table's own header stays one
    assert not pages[1][0].heading
    assert not any(c.heading for c in pages[1][0].present)
    # a page starting with a header row of a table with the same columns keeps it
    third = [
        _row(1, 50, ("No.", "Recommendation", "Response", "Owner"), heading=True),
        _row(1, 64, ("1.3", "Patients should be seen.", "Clinics are added.", "Governor")),
    ]
    other = [
        _row(0, 64, ("1.1", "Leaders should act.", "Agreed and done.", "Governor")),
    ]
    pages = join_continued([other, third])
    assert pages[1][0].heading
