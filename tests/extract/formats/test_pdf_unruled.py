"""PDF tables without ruling lines: words placed into columns by their x positions.

Plans are set by bench/make_sample_pdf_unruled.py (fpdf2, its own table layout: words
at their places, no lines) with varied column widths, page sizes, font sizes, row
gaps, page breaks inside rows and words broken after a hyphen; each must parse to
the records of the same plan as text. The bundled sample (samples/wrenfield…pdf) is
checked against its text (tests/fixtures/pdf/) and that text against its expected
extraction. Unit tests place words by hand, so nothing depends on fpdf2's output.
"""

from __future__ import annotations

import json

import pytest

from bench import accuracy, make_sample_pdf_unruled
from extract import parse_document
from extract.formats.pdf.lines import Line, group_lines
from extract.formats.pdf.read import read_pdf
from extract.formats.pdf.unruled import column_starts, measure, zone_rows
from extract.formats.read import read_document
from tests.support.paths import REPO
from tests.support.plan_compare import assert_same_plan, metadata, records

pytest.importorskip("fpdf")

ROOT = REPO
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
CORPUS_PLAN = ROOT.parent / "shared" / "corpus" / "000_752b575627fd0e86.txt"


maker = make_sample_pdf_unruled
needs_font = pytest.mark.skipif(not maker.FONT.is_file(), reason=f"no font at {maker.FONT}")

ASHDOWN = SAMPLES / "ashdown_action_plan_2021.txt"
FENWICK = SAMPLES / "fenwick_action_plan_2019.txt"
WRENFIELD = FIXTURES / "wrenfield_action_plan_2024.txt"


def _known_gap(reason: str):
    return pytest.mark.xfail(reason=reason, strict=False)


LAYOUTS = [
    (ASHDOWN, {}),
    (ASHDOWN, {"landscape": False, "widths": {6: (12, 44, 18, 60, 30, 26)}, "size": 7}),
    pytest.param(
        ASHDOWN,
        {"hyphenate": True, "running_header": "OFFICIAL", "size": 9},
        marks=_known_gap("the summary table's Total row is lost at this page size"),
    ),
    (FENWICK, {"widths": {6: (20, 60, 30, 90, 40, 37)}, "size": 9, "row_gap": 4.5}),
    pytest.param(
        FENWICK,
        {"landscape": False, "size": 7, "hyphenate": True},
        marks=_known_gap("a row split by a page break reads differently here"),
    ),
    pytest.param(
        WRENFIELD,
        {"landscape": False, "size": 7, "row_gap": 1.0},
        marks=_known_gap(
            "rows set closer than a line's gap: the repeated header row joins the row it splits"
        ),
    ),
    (WRENFIELD, {"running_header": "OFFICIAL", "hyphenate": True, "size": 9}),
    (CORPUS_PLAN, {"size": 9}),
    (CORPUS_PLAN, {"landscape": False, "size": 7, "split_rows": False}),
]


@needs_font
@pytest.mark.parametrize(
    ("source", "options"),
    LAYOUTS,
    ids=[f"layout-{i}" for i in range(len(LAYOUTS))],
)
def test_an_unruled_plan_parses_the_same_from_pdf_as_from_text(source, options, tmp_path):
    if not source.is_file():
        pytest.skip(f"{source} not found")
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "plan.pdf"
    path.write_bytes(maker.text_to_unruled_pdf(text, **options))

    pdf_text, _, _ = assert_same_plan(path, text)
    assert "Page 1 of" not in pdf_text  # the running footer is gone
    assert "OFFICIAL" not in pdf_text  # and the running header


@needs_font
def test_rows_split_by_a_page_break_go_on_under_the_repeated_header(tmp_path):
    text = ASHDOWN.read_text(encoding="utf-8")
    pdf_text = read_pdf(maker.text_to_unruled_pdf(text, landscape=False, size=9))
    headers = [line for line in pdf_text.split("\n") if line.startswith("1. Rec No\t")]
    assert len(headers) > 2  # printed again on each page the table runs over
    assert records(parse_document(pdf_text)) == records(parse_document(text))


def test_the_bundled_unruled_sample_is_the_wrenfield_text():
    sample = SAMPLES / "wrenfield_action_plan_2024.pdf"
    text = WRENFIELD.read_text(encoding="utf-8")
    plan = parse_document(read_document(sample))
    assert plan.establishment == "HMP Wrenfield"
    assert plan.layout == "concerns_table"
    assert records(plan) == records(parse_document(text))
    assert metadata(plan) == metadata(parse_document(text))
    assert sum(len(r.actions) for r in plan.recommendations) == 33


@needs_font
def test_the_bundled_unruled_sample_is_up_to_date():
    made = maker.text_to_unruled_pdf(
        maker.sample_text(), running_header="HMP Wrenfield action plan"
    )
    assert read_pdf(made) == read_document(SAMPLES / "wrenfield_action_plan_2024.pdf")


def test_the_wrenfield_text_matches_its_expected_extraction():
    acc = accuracy
    gold = json.loads((FIXTURES / "wrenfield_action_plan_2024.json").read_text(encoding="utf-8"))
    score = acc.score_action_plan("wrenfield", gold, parse_document(WRENFIELD.read_text()))
    problems = [f"{m.rec_no} {m.field}: {m.expected!r} != {m.got!r}" for m in score.mismatches]
    assert not problems, "\n".join(problems)


# --- by hand: words at x positions --------------------------------------------------------


def _word(text: str, x0: float, top: float, size: float = 8.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 4.4 * len(text), "top": top, "bottom": top + size}


def _lines(rows: list[tuple[float, list[tuple[float, str]]]], page: int = 0) -> list[Line]:
    words = []
    for top, cells in rows:
        for x, text in cells:
            pos = x
            for part in text.split():
                words.append(_word(part, pos, top))
                pos += 4.4 * len(part) + 2.5
    return group_lines(words, page)


def _read(rows, page: int = 0) -> list[str]:
    lines = _lines(rows, page)
    m = measure(lines)
    starts = column_starts(lines, m)
    return [text for _, text in zone_rows(lines, starts, m)]


@pytest.mark.parametrize(
    "xs",
    [(30, 60, 200, 260), (30, 90, 140, 400), (50, 80, 110, 145)],
    ids=["wide-text", "wide-response", "narrow-even"],
)
def test_columns_are_found_from_where_segments_line_up(xs):
    a, b, c, d = xs
    rows = [
        (10, [(a, "No"), (b, "Text"), (c, "Owner"), (d, "Date")]),
        (30, [(a, "1"), (b, "Aa"), (c, "Gov"), (d, "May")]),
        (40, [(b, "bb")]),
        (60, [(a, "2"), (b, "Cc"), (d, "June")]),
    ]
    assert _read(rows) == ["No\tText\tOwner\tDate", "1\tAa bb\tGov\tMay", "2\tCc\t\tJune"]


def test_a_heading_across_columns_is_one_cell_in_its_first_column():
    rows = [
        (10, [(30, "No"), (60, "Text"), (120, "Owner")]),
        (30, [(60, "To the Governor of the prison")]),  # runs across the owner column
        (50, [(30, "1"), (60, "Aa"), (120, "Gov")]),
    ]
    assert _read(rows) == ["No\tText\tOwner", "\tTo the Governor of the prison\t", "1\tAa\tGov"]


def test_a_cell_paragraph_beside_a_column_that_goes_on_stays_in_the_row():
    rows = [
        (10, [(30, "No"), (60, "Text"), (160, "Response")]),
        (30, [(30, "1"), (60, "one"), (160, "first")]),
        (40, [(60, "two")]),
        (50, [(60, "three"), (160, "second")]),  # a blank line above 'second' only
        (70, [(30, "2"), (60, "four"), (160, "third")]),
    ]
    assert _read(rows) == [
        "No\tText\tResponse",
        "1\tone two three\t<p>first</p> <p>second</p>",
        "2\tfour\tthird",
    ]


def test_a_word_hyphenated_at_a_cell_line_end_is_joined():
    rows = [
        (10, [(30, "No"), (60, "Text")]),
        (30, [(30, "1"), (60, "support for self-")]),
        (40, [(60, "harmed prisoners")]),
    ]
    assert _read(rows)[-1] == "1\tsupport for self-harmed prisoners"


def test_text_set_centred_in_a_column_is_one_column():
    rows = [
        (10, [(30, "No"), (60, "Text"), (150, "Agreed")]),
        (30, [(30, "1"), (60, "Aa"), (150, "Agreed")]),
        (50, [(30, "2"), (60, "Bb"), (140, "Partly Agreed")]),
        (70, [(30, "3"), (60, "Cc"), (140, "Partly Agreed")]),
    ]
    assert _read(rows)[2:] == ["2\tBb\tPartly Agreed", "3\tCc\tPartly Agreed"]
