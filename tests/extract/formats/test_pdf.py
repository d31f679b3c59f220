"""PDF input: extract/formats/pdf/read.py turns a PDF into the text layout the parser reads.

Fixtures are made here with fpdf2 (the test extra): whole plans set as ruled tables
by bench/make_sample_pdf.py, whose parse must equal the parse of the text; a page
of words placed at x positions with no ruling lines; a page with no text; an
encrypted file.
"""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from bench import make_sample_docx, make_sample_pdf
from extract import ParseError, parse_document
from extract.formats.pdf.lines import join_lines
from extract.formats.pdf.read import read_pdf
from extract.formats.read import read_document
from tests.support.paths import REPO
from tests.support.plan_compare import assert_same_plan, records
from tui.cli import main

fpdf = pytest.importorskip("fpdf")

ROOT = REPO
SAMPLES = ROOT / "samples"
CORPUS_PLAN = ROOT.parent / "shared" / "corpus" / "000_752b575627fd0e86.txt"


maker = make_sample_pdf
docx_maker = make_sample_docx
needs_font = pytest.mark.skipif(not maker.FONT.is_file(), reason=f"no font at {maker.FONT}")


@needs_font
@pytest.mark.parametrize(
    "source",
    [
        SAMPLES / "ashdown_action_plan_2021.txt",
        SAMPLES / "fenwick_action_plan_2019.txt",
        CORPUS_PLAN,
    ],
    ids=lambda p: p.stem,
)
def test_a_ruled_table_plan_parses_the_same_from_pdf_as_from_text(source, tmp_path):
    if not source.is_file():
        pytest.skip(f"{source} not found")
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "plan.pdf"
    path.write_bytes(maker.text_to_pdf(text))

    pdf_text, _, _ = assert_same_plan(path, text)
    assert "Page 1 of" not in pdf_text  # the running footer is gone


def test_the_bundled_pdf_sample_is_the_renamed_ashdown_plan():
    sample = SAMPLES / "harwood_action_plan_2021.pdf"
    plan = parse_document(read_document(sample))
    assert plan.establishment == "HMP Harwood"
    assert records(plan) == records(parse_document(docx_maker.sample_text("Harwood")))
    assert sum(len(r.actions) for r in plan.recommendations) == 28


def _pdf(draw) -> bytes:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    draw(pdf)
    return bytes(pdf.output())


def test_words_without_ruling_lines_are_placed_in_columns_by_x():
    def draw(pdf):
        for y, cells in ((20, ("5.1", "Agreed", "Governor")), (26, ("5.2", "", "Head of"))):
            for x, text in zip((10, 60, 120), cells, strict=True):
                if text:
                    pdf.text(x, y, text)

    lines = [line for line in read_pdf(_pdf(draw)).split("\n") if line]
    # the empty middle cell keeps its place: "Head of" is in the third column
    assert lines == ["5.1\tAgreed\tGovernor", "5.2\t\tHead of"]


def test_a_word_hyphenated_at_a_line_end_is_joined():
    assert join_lines(["support for self-", "harmed prisoners"]) == (
        "support for self-harmed prisoners"
    )
    assert join_lines(["ends with -", "Next"]) == "ends with - Next"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Complete (pre-", "Covid)"], "Complete (pre-Covid)"),
        (
            ["December 2020 (subject to Covid-", "19 restrictions)"],
            "December 2020 (subject to Covid-19 restrictions)",
        ),
        (["by mid-", "March 2024"], "by mid-March 2024"),
        (["Governor -", "Head of Residence"], "Governor - Head of Residence"),
        (["Governor", "-Head"], "Governor -Head"),
    ],
)
def test_a_compound_broken_after_its_hyphen_is_joined_whatever_follows(lines, joined):
    """A hyphen set straight after a letter ends a compound whatever the next line
    starts with (LibreOffice breaks 'pre-Covid' and 'Covid-19' after the hyphen);
    a spaced dash is no hyphen."""
    assert join_lines(lines) == joined


def test_a_pdf_with_no_text_layer_is_a_scanned_pdf():
    data = _pdf(lambda pdf: pdf.rect(10, 10, 100, 100, style="F"))
    with pytest.raises(ParseError, match="scanned PDF with no text layer"):
        read_pdf(data)


def test_an_encrypted_pdf_is_refused():
    def draw(pdf):
        pdf.set_encryption(owner_password="owner", user_password="secret")
        pdf.text(10, 20, "Action Plan: HMP Testbridge")

    with pytest.raises(ParseError, match="encrypted PDF"):
        read_pdf(_pdf(draw))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"%PDF-1.7\n", "corrupt PDF"),
        (b"hello", "not a PDF file"),
    ],
    ids=["empty", "header-only", "not-pdf"],
)
def test_a_bad_pdf_is_refused_with_one_reason(tmp_path, data, reason):
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    with pytest.raises(ParseError, match=reason) as info:
        read_document(path)
    assert "\n" not in str(info.value)


def test_a_truncated_pdf_is_refused_or_read_without_a_crash(tmp_path):
    data = (SAMPLES / "harwood_action_plan_2021.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        read_document(path)
    except ParseError as exc:
        assert "\n" not in str(exc)


def test_cli_imports_a_pdf(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "harwood.pdf").write_bytes((SAMPLES / "harwood_action_plan_2021.pdf").read_bytes())
    db_path = tmp_path / "test.db"
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    result = runner.invoke(main, ["import", str(folder), "--db", str(db_path)])
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db_path)
    try:
        docs = conn.execute("SELECT establishment FROM documents").fetchall()
        recs = conn.execute("SELECT count(*) FROM recommendations").fetchone()[0]
    finally:
        conn.close()
    assert docs == [("HMP Harwood",)]
    assert recs == 18
