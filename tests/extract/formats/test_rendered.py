"""Our plans as a real office suite writes them (tests/fixtures/rendered, issue 15).

``bench/make_rendered_fixtures.py`` turned 7 plans (98 records, 163 owner/target
pairs, 42 metadata fields) into .docx files in two table styles and had LibreOffice
write them as PDF, .odt and a resaved .docx; ``bench/accuracy.py`` scores every
format against each plan's expected extraction. Here:

* every format holds the floor measured when the fixtures were made (``FLOORS``),
  so a reader or parser change that loses ground fails;
* every format is checked against issue 15's target (no file refused, every
  per-row field ≥ 97%, actions F1 ≥ 0.95, metadata ≥ 95%); a format still below
  it is an xfail whose reason names the gap. When a gap is closed the test
  XPASSes: raise the floor and drop the xfail;
* the PDF reader's cell rule (a character belongs to the cell holding its
  centre) on a hand-drawn table whose glyphs poke above the cell's top rule.

The .odt column is scored only when ``read_document`` reads .odt files; until
then its tests are xfails saying so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from bench import accuracy as acc
from extract.formats.pdf.read import read_pdf
from extract.formats.pdf.rows import inside as _inside

fpdf = pytest.importorskip("fpdf")
pdfplumber = pytest.importorskip("pdfplumber")


@dataclass(frozen=True)
class Floor:
    """The least a format scored on the 7 rendered plans when it was last measured."""

    read: int  # files read and parsed, of 7
    records: int  # records found, of 98 (and no extra record)
    field: int  # every per-row field right on at least this many records, of 98
    f1: float  # actions F1 (owner/target pairs)
    meta: int  # metadata fields right, of 42
    gap: str | None = None  # why the format is below issue 15's target (None: it is not)


FLOORS = {
    "text": Floor(7, 98, 98, 1.0, 42),
    ".docx": Floor(7, 98, 98, 1.0, 42),
    # LibreOffice gives the response column two grid columns, so every row is
    # padded with an empty cell (7 for 6 columns) and Fenwick 8.4's owner-only row
    # and 8.7's blank target pair wrongly (at target all the same: 96/98, F1 0.99).
    "resaved .docx": Floor(7, 98, 96, 0.98, 42),
    ".odt": Floor(7, 98, 96, 0.98, 42),
    # Word's Table Grid sets a cell's paragraphs with no space between them:
    # where the next paragraph's first word would not have fitted on the line
    # above, the document's other cells and the row's other lists tell a list's
    # items from a wrapped line (extract/formats/pdf/cells.py, rows.py). Where no
    # word of the document says an item starts there, the count alone no longer
    # parts a list (one owner wrapped beside two targets was parted wrongly far
    # more often, on held-out plans, than this): St Aldric's 12.3, 'Head of
    # Security' / 'PGD / Governor' beside two targets, reads as one owner, warned
    "PDF, zero cell margins": Floor(7, 98, 97, 0.98, 42),
    "PDF, 0.1 cm cell margins": Floor(7, 98, 98, 1.0, 42),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, acc.FormatScore]:
    return {f.label: f for f in acc.score_rendered()}


def test_every_format_has_a_floor(scores):
    assert list(scores) == list(FLOORS)


def _scored(scores, label: str) -> acc.FormatScore:
    fmt = scores[label]
    if fmt.not_read:
        pytest.xfail(f"{label} not read yet: {fmt.not_read}")
    return fmt


@pytest.mark.parametrize("label", list(FLOORS))
def test_each_format_holds_its_floor(scores, label):
    fmt, floor = _scored(scores, label), FLOORS[label]
    matched, gold, extra = fmt.records
    assert (len(fmt.docs), gold) == (7, 98)
    assert len(fmt.docs) - len(fmt.refused) >= floor.read, fmt.refused
    assert matched >= floor.records and extra == 0
    fields = fmt.fields
    below = {k: fields[k].right for k in acc.REC_FIELDS if fields[k].right < floor.field}
    assert below == {}, f"fields below {floor.field}/98"
    assert fmt.f1 >= floor.f1
    assert fmt.meta.right >= floor.meta


def _target_case(label: str):
    gap = FLOORS[label].gap
    if gap is None:
        return label
    return pytest.param(label, marks=pytest.mark.xfail(reason=f"issue 15: {label}: {gap}"))


@pytest.mark.parametrize("label", [_target_case(label) for label in FLOORS])
def test_each_format_meets_the_issue_15_target(scores, label):
    fmt = _scored(scores, label)
    assert fmt.gaps() == []


def test_calibri_pdfs_meet_the_issue_15_target_too():
    """The same plans as PDFs in Calibri's metrics (tests/fixtures/pdf/calibri): Word's
    defaults (Calibri 11, Table Grid), a table keeping Word's Normal paragraph
    (8 pt after, 1.08 lines), and Word's defaults tagged (as Word's Save as PDF
    writes it). Made after the reader's rules were first written: on first reading
    the first two scored actions 92/98 (F1 0.93) and 97/98 with the summary counts
    of 2 plans lost, the tagged one 96/98. Each now meets the target; the untagged
    two keep St Aldric's 12.3 (and Denholme Beck 6) whole where only counting
    would part them (96/98 and 97/98 rows, F1 0.975 and 0.99, each warned)."""
    scores = [f for f in acc.score_rendered(acc.CALIBRI) if f.suffix is not None]
    assert [f.label for f in scores] == [
        "PDF, Calibri 11, Table Grid",
        "PDF, Calibri 11, 8 pt after",
        "PDF, Calibri 11, Table Grid, tagged",
    ]
    for fmt in scores:
        assert fmt.records == (98, 98, 0)
        assert fmt.gaps() == [], fmt.label
        assert fmt.f1 >= 0.97 and fmt.meta.right == 42
        assert fmt.silent_rows == [], fmt.label


# --------------------------------------------------------------------------- the cell rule


def _poking_table() -> bytes:
    """A ruled 2×3 table whose lines are set with no top margin: each cell's first
    line has its glyph boxes (Helvetica 10: 7.93 pt above the baseline) 0.43 pt
    above the cell's top rule, as LibreOffice and Word draw a Table Grid cell."""
    pdf = fpdf.FPDF(unit="pt", format=(400, 200))
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    xs, ys = (20, 80, 240, 380), (40, 80, 120)
    for y in ys:
        pdf.line(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])
    rows = (
        (("Rec No",), ("Recommendation",), ("Owner",)),
        (("5.1",), ("Leaders should act", "on it."), ("Governor",)),
    )
    for top, cells in zip(ys, rows, strict=False):
        for x, lines in zip(xs, cells, strict=False):
            for i, text in enumerate(lines):
                pdf.text(x + 2, top + 7.5 + 12 * i, text)
    return bytes(pdf.output())


def test_a_cell_keeps_a_first_line_that_pokes_above_its_top_rule():
    data = _poking_table()
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the case is the one issue 15 names
        page = pdf.pages[0]
        (table,) = page.find_tables()
        header = table.rows[0].cells
        assert [page.within_bbox(b).extract_text() for b in header] == ["", "", ""]
        assert page.crop(header[0]).extract_text() == "Rec No\n5.1"
    assert read_pdf(data) == (
        "Rec No\tRecommendation\tOwner\n5.1\tLeaders should act on it.\tGovernor\n"
    )


def test_a_centre_on_a_shared_rule_belongs_to_one_cell():
    char = {"x0": 10.0, "x1": 14.0, "top": 18.0, "bottom": 22.0}  # centre (12, 20)
    above, below = (0, 0, 40, 20), (0, 20, 40, 40)
    left, right = (0, 0, 12, 40), (12, 0, 40, 40)
    assert [_inside(char, b) for b in (above, below)] == [False, True]
    assert [_inside(char, b) for b in (left, right)] == [False, True]


def test_zero_margin_pdf_reads_every_cells_first_line():
    """Before the cell rule every zero-margin plan was refused: no header row."""
    from extract.formats.read import read_document

    path = acc.RENDERED / "ravensdale_action_plan_2017.grid.pdf"
    lines = read_document(path).splitlines()
    assert "Rec No.\tRecommendation\tAgreed/Partly Agreed/Not Agreed" in "\n".join(lines)
    assert any(line.startswith("1\tThe prison should") for line in lines)


# --------------------------------------------------------------------------- no silent rows


def test_a_wrong_row_counts_as_silent_unless_a_warning_flags_it():
    """bench/accuracy.py's "wrong rows, no warning": a record with a wrong field is
    silent unless it has a warning of its own or its document has one naming it; a
    record not found is silent only in a plan that warns of nothing."""
    import copy

    from tests.bench.test_scoring import plan_from_gold

    plan = acc.rendered_plans(acc.RENDERED)[0][0]
    gold = acc.load_gold(acc.ROOT / plan["expected"])
    parsed = plan_from_gold(gold)
    first, second, third = parsed.recommendations[:3]
    for rec in (first, second, third):
        rec.actions[0].owner = "Nobody"  # wrong, each of them
    second.warnings.append("line 9: 2 owners but 3 targets: paired in order")
    parsed.warnings.append(f"counts differ: recommendation {third.rec_no} has no agreement")
    doc = acc.score_action_plan("plan.pdf", gold, parsed)
    assert doc.wrong_rows == [first.rec_no, second.rec_no, third.rec_no]
    assert doc.silent_rows == [first.rec_no]

    fewer = copy.deepcopy(parsed)
    del fewer.recommendations[-1]
    fewer.warnings = []
    doc = acc.score_action_plan("plan.pdf", gold, fewer)
    last = gold["recommendations"][-1]["rec_no"]
    assert doc.silent_rows == [first.rec_no, third.rec_no, last]
    fewer.warnings = ["recommendation counts differ from the summary table"]
    doc = acc.score_action_plan("plan.pdf", gold, fewer)
    assert doc.silent_rows == [first.rec_no, third.rec_no]  # the missing one is warned of
