"""OpenDocument (.odt) input: extract/formats/odt.py gives the text layout word.py gives a .docx.

Three kinds of fixture: small files written element by element with the tiny
writer in tests/support/odf.py (the reader's output checked line by line, and
against the .docx reader on the same table); whole plans written as .odt by
that writer from their text layout, as ``text_to_docx`` writes them as .docx;
and files LibreOffice made (tests/fixtures/odt, made by the script beside them),
whose parse must equal the parse of the text they were made from.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import zipfile

import pytest

from bench.make_sample_docx import text_to_docx
from extract import ParseError, parse_document
from extract.formats.odt import is_opendocument, read_odt
from extract.formats.read import read_document
from extract.formats.word import read_docx
from tests.extract.formats.test_word import small_plan_docx
from tests.support.cli_runner import run
from tests.support.odf import cell, content_xml, odt, p, package, plan_to_odt
from tests.support.paths import FIXTURES, SAMPLES
from tests.support.plan_compare import assert_same_plan

ODT_FIXTURES = FIXTURES / "odt"
VARIANTS = FIXTURES / "variants"


def write(tmp_path, data: bytes, name: str = "plan.odt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def row(*cells: str) -> str:
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


# --- the reader, on a table written element by element ----------------------------------


def small_plan_odt() -> bytes:
    """``test_word.small_plan_docx`` as an .odt: the same table, as LibreOffice holds it."""
    header = (
        "1. Rec No",
        "2. Recommendation",
        "3. Agreed/ Partly Agreed/ Not Agreed",
        "4. Response Action Taken/Planned",
        "5. Responsible Owner",
        "6. Target Date",
    )
    response = (
        "<table:table-cell><text:p>A monthly safety meeting<text:tab/>starts.</text:p>"
        "<text:list><text:list-item><text:p>Data will be analysed.</text:p></text:list-item>"
        "<text:list-item><text:p/></text:list-item></text:list></table:table-cell>"
    )
    merged_down = (
        '<table:table-cell table:number-rows-spanned="2"><text:p>5.2</text:p></table:table-cell>'
    )
    line_break = (
        "<table:table-cell><text:p>Line one<text:line-break/>line two</text:p></table:table-cell>"
    )
    return odt(
        p("Action Plan: HMP Testbridge")
        + p("Action Plan Submitted: 24 August 2021")
        + '<text:h text:outline-level="1">ACTION PLAN: HMIP REPORT</text:h>'
        + "<table:table>"
        + '<table:table-column table:number-columns-repeated="6"/>'
        + f"<table:table-header-rows>{row(*(cell([h]) for h in header))}</table:table-header-rows>"
        + row(cell([]), cell(["To the Governor"], span=5))
        + row(
            cell(["5.1"]),
            cell(
                [
                    "Key concern 1.29: Too many prisoners felt unsafe.",
                    "Recommendation: Leaders should analyse the causes of violence.",
                ]
            ),
            cell(["Agreed"]),
            response,
            cell(["Head of Safety", "Governor"]),
            cell(["Complete", "December 2021"]),
        )
        + row(
            merged_down,
            cell(["Recommendation 2.14: Calls on the first night."]),
            cell(["Agreed"]),
            cell([]),
            cell([]),
            cell([]),
        )
        + row(
            "<table:covered-table-cell/>",
            cell([]),
            cell([]),
            line_break,
            cell([]),
            cell([]),
        )
        + "</table:table>"
    )


def test_an_odt_reads_as_the_same_table_in_a_docx_does():
    assert read_odt(small_plan_odt()) == read_docx(small_plan_docx())


def test_body_in_order_rows_as_tab_separated_lines():
    lines = [line for line in read_odt(small_plan_odt()).split("\n") if line]
    assert lines[:3] == [
        "Action Plan: HMP Testbridge",
        "Action Plan Submitted: 24 August 2021",
        "ACTION PLAN: HMIP REPORT",
    ]
    assert lines[4] == "\tTo the Governor\t\t\t\t"  # merged across five columns, written once
    assert lines[5].split("\t")[3] == (
        "<p>A monthly safety meeting starts.</p> <p>Data will be analysed.</p>"
    )  # a list item is a paragraph; an empty one is none
    assert lines[7] == "\t\t\tLine one line two\t\t"  # the merged-down cell is not repeated


def test_body_lists_sections_and_line_breaks_are_lines():
    body = (
        '<text:section text:name="S1">'
        + p("Report Published\n3 August 2021", line_breaks=True)
        + "</text:section>"
        + "<text:list><text:list-item>"
        + p("first item")
        + "</text:list-item><text:list-item>"
        + p("second item")
        + "</text:list-item></text:list>"
        + "<text:soft-page-break/>"
        + "<text:p>two<text:s text:c='3'/>spaces and <text:span>a span</text:span></text:p>"
    )
    assert read_odt(odt(body)) == (
        "Report Published\n3 August 2021\n\nfirst item\n\nsecond item\n\ntwo spaces and a span\n"
    )


def test_what_is_not_the_body_text_is_left_out():
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion>"
        + p("deleted words")
        + "</text:deletion></text:changed-region></text:tracked-changes>"
        + "<text:p>Governor<text:note><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>a footnote</text:p></text:note-body></text:note>"
        "<office:annotation><dc:creator>A</dc:creator><text:p>a comment</text:p>"
        "</office:annotation></text:p>"
        + "<table:table>"
        + row(
            "<table:table-cell><text:p>Owner<text:note><text:note-body><text:p>note</text:p>"
            "</text:note-body></text:note></text:p></table:table-cell>",
            cell(["Target"]),
        )
        + "</table:table>"
    )
    assert read_odt(odt(body)) == "Governor\n\nOwner\tTarget\n"


def test_merged_cells_without_their_covered_cells_still_fill_the_columns():
    # LibreOffice writes the covered cells; a file without them reads the same
    body = (
        "<table:table>"
        + row(
            cell(["a"]),
            '<table:table-cell table:number-columns-spanned="3"><text:p>b</text:p>'
            "</table:table-cell>",
            cell(["c"]),
        )
        + row(
            '<table:table-cell table:number-columns-spanned="2"><text:p>d</text:p>'
            "</table:table-cell>"
        )
        + '<table:table-row table:number-rows-repeated="2">'
        + '<table:table-cell table:number-columns-repeated="2"/></table:table-row>'
        + "</table:table>"
    )
    # no row sets apart the grid columns "b" spans: the table has three columns
    assert read_odt(odt(body)).split("\n") == ["a\tb\tc", "d\t", "\t", "\t", ""]


def test_a_nested_table_is_the_cells_paragraphs():
    inner = "<table:table>" + row(cell(["x"]), cell(["y", "z"])) + "</table:table>"
    body = (
        "<table:table>"
        + row(f"<table:table-cell><text:p>top</text:p>{inner}</table:table-cell>", cell(["b"]))
        + "</table:table>"
    )
    assert read_odt(odt(body)) == "<p>top</p> <p>x</p> <p>y</p> <p>z</p>\tb\n"


def test_a_small_plan_parses_from_odt():
    plan = parse_document(read_odt(small_plan_odt()))
    assert plan.establishment == "HMP Testbridge"
    first = plan.recommendations[0]
    assert (first.rec_no, first.ref, first.agreement) == ("5.1", "1.29", "Agreed")
    assert [(a.owner, a.target) for a in first.actions] == [
        ("Head of Safety", "Complete"),
        ("Governor", "December 2021"),
    ]


# --- whole plans: OpenDocument parses like text ------------------------------------------


@pytest.mark.parametrize(
    "source",
    sorted(SAMPLES.glob("*.txt")) + sorted(VARIANTS.glob("*.txt")),
    ids=lambda p: p.stem,
)
def test_every_sample_and_variant_reads_from_odt_as_from_docx(source):
    text = source.read_text(encoding="utf-8")
    assert read_odt(plan_to_odt(text)) == read_docx(text_to_docx(text))


@pytest.mark.parametrize(
    "stem",
    ["ashdown_action_plan_2021", "fenwick_action_plan_2019", "hollins_fold_action_plan_2023"],
)
def test_a_plan_libreoffice_saved_as_odt_parses_as_its_text(stem):
    source = SAMPLES / f"{stem}.txt"
    if not source.exists():
        source = VARIANTS / f"{stem}.txt"
    path = ODT_FIXTURES / f"{stem}.odt"
    read, as_odt, as_text = assert_same_plan(path, source.read_text(encoding="utf-8"))
    assert as_odt.warnings == as_text.warnings
    for rec in as_odt.recommendations:  # spans index the text read from the .odt
        assert rec.rec_no in read[rec.span_start : rec.span_end]


def test_an_irp_report_libreoffice_saved_as_odt_parses_as_its_text():
    as_text = parse_document((SAMPLES / "ashdown_irp_2022.txt").read_text(encoding="utf-8"))
    as_odt = parse_document(read_document(ODT_FIXTURES / "ashdown_irp_2022.odt"))

    def judgements(report):
        return [(j.inspectorate, j.ref, j.theme, j.judgement) for j in report.judgements]

    assert judgements(as_odt) == judgements(as_text) and len(as_text.judgements) == 11
    assert (as_odt.establishment, as_odt.published, as_odt.inspection) == (
        as_text.establishment,
        as_text.published,
        as_text.inspection,
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_docx_libreoffice_saves_as_odt_now_parses_as_its_text(tmp_path):
    # the fixtures above, made again with the LibreOffice on this machine
    text = (SAMPLES / "ashdown_action_plan_2021.txt").read_text(encoding="utf-8")
    (tmp_path / "plan.docx").write_bytes(text_to_docx(text))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "plan.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert_same_plan(tmp_path / "plan.odt", text)


def test_an_odt_is_known_by_its_contents_whatever_its_name(tmp_path):
    data = small_plan_odt()
    assert is_opendocument(data)
    assert read_document(write(tmp_path, data, "plan.txt")) == read_odt(data)
    # and a .docx named .odt is read as the .docx it is
    assert read_document(write(tmp_path, small_plan_docx(), "word.odt")) == read_docx(
        small_plan_docx()
    )


# --- bad files: one clear reason -----------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    return package(members, mimetype=None)


def _encrypted() -> bytes:
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
        b"</manifest:file-entry></manifest:manifest>"
    )
    return package({"content.xml": b"\x8f\x13 scrambled", "META-INF/manifest.xml": manifest})


def _stored(members: dict[str, bytes]) -> bytes:
    """An .odt whose members are not compressed, so that a byte of the text can be changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _flipped() -> bytes:
    data = bytearray(_stored({"content.xml": content_xml(p("Action Plan: HMP X"))}))
    at = data.index(b"Action Plan")
    data[at] ^= 0x01
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04" + b"\x00" * 40, r"corrupt \.odt"),
        (small_plan_odt()[:600], r"corrupt \.odt"),
        (_zip({"hello.txt": b"hi"}), "a zip archive without content.xml, not an .odt file"),
        (package({"content.xml": b"<not-xml"}), r"corrupt \.odt \(content\.xml is not well-formed"),
        (_flipped(), r"corrupt \.odt: content\.xml fails its checksum"),
        (_encrypted(), r"encrypted \(password-protected\) \.odt"),
        (b"just some text\n", r"not an \.odt file \(no zip signature\)"),
        (odt(""), r"empty \.odt \(no text in its body\)"),
        (
            odt(
                "<table:table/>",
                kind="spreadsheet",
                mimetype="application/vnd.oasis.opendocument.spreadsheet",
            ),
            r"an OpenDocument spreadsheet \(\.ods\), not a text document",
        ),
        (
            package({"content.xml": content_xml("", kind="presentation")}),
            "an OpenDocument file with no text body, not an .odt document",
        ),
        (
            package(
                {
                    "content.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                    + content_xml(p("&a;"))[38:]
                }
            ),
            r"corrupt \.odt: content\.xml declares entities",
        ),
    ],
    ids=[
        "empty",
        "zip-magic-only",
        "truncated",
        "no-content-xml",
        "bad-xml",
        "checksum",
        "encrypted",
        "text",
        "no-text",
        "spreadsheet",
        "presentation-body",
        "entities",
    ],
)
def test_a_bad_odt_is_refused_with_one_reason(tmp_path, data, reason):
    with pytest.raises(ParseError, match=f"^{reason}") as info:
        read_document(write(tmp_path, data))
    assert "\n" not in str(info.value)


def test_a_spreadsheet_is_named_whatever_the_file_is_called(tmp_path):
    ods = odt(
        "<table:table/>",
        kind="spreadsheet",
        mimetype="application/vnd.oasis.opendocument.spreadsheet",
    )
    with pytest.raises(ParseError, match=r"OpenDocument spreadsheet \(\.ods\)"):
        read_document(write(tmp_path, ods, "budget.txt"))


def test_an_odt_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    import extract.formats.odt as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    data = package({"content.xml": content_xml(p("Action Plan") + " " * 5000)})
    with pytest.raises(ParseError, match="too large once unpacked"):
        read_document(write(tmp_path, data))


def test_a_cell_repeated_a_million_times_is_refused_not_written_out(tmp_path):
    body = (
        '<table:table><table:table-row table:number-rows-repeated="1000000">'
        "<table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    with pytest.raises(ParseError, match=r"repeated 1,000,000 times"):
        read_document(write(tmp_path, odt(body)))


def test_an_odt_that_reads_into_too_much_text_is_refused(tmp_path, monkeypatch):
    import extract.formats.odt as reader

    monkeypatch.setattr(reader, "MAX_TEXT", 10_000)
    body = '<table:table><table:table-row table:number-rows-repeated="500">'
    body += "<table:table-cell><text:p>" + "x" * 100 + "</text:p></table:table-cell>"
    body += "</table:table-row></table:table>"
    with pytest.raises(ParseError, match="too large once read"):
        read_document(write(tmp_path, odt(body)))


def test_an_odt_that_is_not_a_plan_or_report_is_refused_by_kind(tmp_path):
    letter = odt(p("Dear Governor,") + p("Thank you for the garden party."))
    with pytest.raises(ParseError, match="not an action plan or IRP report"):
        parse_document(read_document(write(tmp_path, letter)))


# --- the command line ----------------------------------------------------------------------


def test_cli_imports_the_odt_files_of_a_folder_and_reports_a_bad_one(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(ODT_FIXTURES / "ashdown_action_plan_2021.odt", folder / "ashdown.odt")
    bad = write(folder, b"PK\x03\x04broken", "broken.odt")
    db_path = tmp_path / "test.db"

    result = run("import", folder, "--db", db_path)

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {bad}: corrupt .odt (not a readable zip archive: File is not a zip file)"
    ]
    conn = sqlite3.connect(db_path)
    try:
        docs = conn.execute("SELECT source_name, establishment FROM documents").fetchall()
        recs = conn.execute("SELECT count(*) FROM recommendations").fetchone()[0]
    finally:
        conn.close()
    assert docs == [("ashdown.odt", "HMP Ashdown")]
    assert recs == 18
