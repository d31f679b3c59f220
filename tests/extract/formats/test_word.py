"""Word (.docx) input: extract/formats/word.py turns a .docx into the text layout the parser reads.

Fixtures are built here with python-docx: a small table written cell by cell (the
reader's output checked line by line), and whole plans written back into Word from
their text layout by bench/make_sample_docx.py, whose parse must equal the parse of
the text (rec_no, agreement, refs, concern/recommendation/response, actions).
"""

from __future__ import annotations

import io
import sqlite3
import zipfile

import docx
import pytest

from bench import make_sample_docx
from extract import ParseError, parse_document
from extract.formats.read import read_document
from extract.formats.word import is_docx, read_docx
from tests.support.cli_runner import run
from tests.support.paths import REPO
from tests.support.plan_compare import assert_same_plan, records

ROOT = REPO
SAMPLES = ROOT / "samples"
CORPUS_PLAN = ROOT.parent / "shared" / "corpus" / "000_752b575627fd0e86.txt"


maker = make_sample_docx


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- the reader, on a table written cell by cell ---------------------------------------


def small_plan_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("Action Plan: HMP Testbridge")
    d.add_paragraph("Action Plan Submitted: 24 August 2021")
    d.add_heading("ACTION PLAN: HMIP REPORT", level=1)
    t = d.add_table(rows=5, cols=6)
    header = (
        "1. Rec No",
        "2. Recommendation",
        "3. Agreed/ Partly Agreed/ Not Agreed",
        "4. Response Action Taken/Planned",
        "5. Responsible Owner",
        "6. Target Date",
    )
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = text
    heading = t.rows[1].cells[1].merge(t.rows[1].cells[5])
    heading.text = "To the Governor"
    row = t.rows[2].cells
    row[0].text = "5.1"
    row[1].text = "Key concern 1.29: Too many prisoners felt unsafe."
    row[1].add_paragraph("Recommendation: Leaders should analyse the causes of violence.")
    row[2].text = "Agreed"
    row[3].text = "A monthly safety meeting\tstarts."
    row[3].add_paragraph("Data will be analysed.", style="List Bullet")
    row[3].add_paragraph("")  # an empty paragraph is no item
    row[4].text = "Head of Safety"
    row[4].add_paragraph("Governor")
    row[5].text = "Complete"
    row[5].add_paragraph("December 2021")
    # a rec number merged down over two rows: written once
    merged = t.rows[3].cells[0].merge(t.rows[4].cells[0])
    merged.text = "5.2"
    t.rows[3].cells[1].text = "Recommendation 2.14: Calls on the first night."
    t.rows[3].cells[2].text = "Agreed"
    t.rows[4].cells[3].paragraphs[0].add_run("Line one")
    t.rows[4].cells[3].paragraphs[0].add_run().add_break()
    t.rows[4].cells[3].paragraphs[0].add_run("line two")
    return _save(d)


def test_body_in_order_rows_as_tab_separated_lines():
    lines = [line for line in read_docx(small_plan_docx()).split("\n") if line]
    assert lines == [
        "Action Plan: HMP Testbridge",
        "Action Plan Submitted: 24 August 2021",
        "ACTION PLAN: HMIP REPORT",
        "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
        "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date",
        "\tTo the Governor\t\t\t\t",  # merged across five columns, written once
        "5.1\t<p>Key concern 1.29: Too many prisoners felt unsafe.</p> "
        "<p>Recommendation: Leaders should analyse the causes of violence.</p>\tAgreed\t"
        "<p>A monthly safety meeting starts.</p> <p>Data will be analysed.</p>\t"
        "<p>Head of Safety</p> <p>Governor</p>\t<p>Complete</p> <p>December 2021</p>",
        "5.2\tRecommendation 2.14: Calls on the first night.\tAgreed\t\t\t",
        "\t\t\tLine one line two\t\t",  # the merged rec number is not repeated
    ]


def test_a_small_plan_parses_from_word():
    plan = parse_document(read_docx(small_plan_docx()))
    assert plan.establishment == "HMP Testbridge"
    first = plan.recommendations[0]
    assert (first.rec_no, first.ref, first.agreement, first.addressee) == (
        "5.1",
        "1.29",
        "Agreed",
        "governor",
    )
    assert [(a.owner, a.target) for a in first.actions] == [
        ("Head of Safety", "Complete"),
        ("Governor", "December 2021"),
    ]


# --- whole plans: Word parses like text ----------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        SAMPLES / "ashdown_action_plan_2021.txt",
        SAMPLES / "fenwick_action_plan_2019.txt",
        CORPUS_PLAN,
    ],
    ids=lambda p: p.stem,
)
def test_a_word_table_plan_parses_the_same_from_docx_as_from_text(source, tmp_path):
    if not source.is_file():
        pytest.skip(f"{source} not found")
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "plan.docx"
    path.write_bytes(maker.text_to_docx(text))

    _, as_docx, as_text = assert_same_plan(path, text)
    assert as_docx.warnings == as_text.warnings


def test_spans_index_the_docx_text():
    text = read_docx(maker.text_to_docx((SAMPLES / "ashdown_action_plan_2021.txt").read_text()))
    plan = parse_document(text)
    assert plan.text == text
    for rec in plan.recommendations:
        assert rec.rec_no in text[rec.span_start : rec.span_end]


def test_the_bundled_docx_sample_is_the_renamed_ashdown_plan():
    sample = SAMPLES / "bramhope_action_plan_2021.docx"
    text = maker.sample_text()
    assert read_document(sample) == read_docx(maker.text_to_docx(text))  # up to date
    plan = parse_document(read_document(sample))
    assert plan.establishment == "HMP Bramhope"
    assert records(plan) == records(parse_document(text))
    assert sum(len(r.actions) for r in plan.recommendations) == 28


def test_a_docx_is_known_by_its_contents_whatever_its_name(tmp_path):
    data = small_plan_docx()
    assert is_docx(data)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    assert read_document(path) == read_docx(data)


# --- bad files: one clear reason -----------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04" + b"\x00" * 40, "corrupt .docx"),
        (small_plan_docx()[:2000], "corrupt .docx"),
        (_zip({"hello.txt": b"hi"}), "without word/document.xml"),
        (_zip({"word/document.xml": b"<not-xml"}), "corrupt .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted or old-format Word"),
        (b"just some text\n", "not a .docx file"),
        (
            _save(docx.Document()),  # a valid document with nothing in it
            "empty .docx",
        ),
    ],
    ids=[
        "empty",
        "zip-magic-only",
        "truncated",
        "no-document-xml",
        "bad-xml",
        "encrypted",
        "text",
        "no-text",
    ],
)
def test_a_bad_docx_is_refused_with_one_reason(tmp_path, data, reason):
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    with pytest.raises(ParseError, match=reason) as info:
        read_document(path)
    assert "\n" not in str(info.value)


def test_a_docx_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    import extract.formats.word as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"word/document.xml": b"<w:document/>" + b" " * 5000}))
    with pytest.raises(ParseError, match="too large once unpacked"):
        read_document(path)


# --- the command line ----------------------------------------------------------------------


def test_cli_imports_a_docx_and_reports_a_bad_one(tmp_path):
    good = tmp_path / "ashdown.docx"
    good.write_bytes(maker.text_to_docx((SAMPLES / "ashdown_action_plan_2021.txt").read_text()))
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    db_path = tmp_path / "test.db"

    result = run("import", tmp_path, "--db", db_path)

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {bad}: corrupt .docx")
    conn = sqlite3.connect(db_path)
    try:
        docs = conn.execute("SELECT source_name, establishment FROM documents").fetchall()
        recs = conn.execute("SELECT count(*) FROM recommendations").fetchone()[0]
    finally:
        conn.close()
    assert [est for _, est in docs] == ["HMP Ashdown"]
    assert recs == 18
