"""PDFs as Word publishes them (issue 15): text sized through its matrix, running
headers and footers drawn as ``/Artifact`` marked content or set in two lines.

Acrobat PDFMaker, Distiller, Word for Mac (Quartz) and Microsoft Print to PDF
write ``1 Tf`` and scale the text with its matrix (``11 0 0 11 x y Tm``): a
character is as tall as its font size times the matrix's scale across the line,
not 1 pt. Word marks its headers and footers as ``/Artifact`` marked content,
which is not the document's text. The hand-written PDFs here draw each case in a
few operators; the excerpts in ``tests/fixtures/pdf/word/`` are the published
pages (see the README there), their expected cells as pdfplumber reads them.
"""

from __future__ import annotations

import pytest

from extract.formats.pdf import engine
from extract.formats.pdf.engine import read_pages
from extract.formats.pdf.read import read_pdf
from tests.support.paths import REPO
from tests.support.pdf_files import assemble, ruled_row

WORD = REPO / "tests" / "fixtures" / "pdf" / "word"

fpdf = pytest.importorskip("fpdf")


def _pdf(*contents: str, form: str = "") -> bytes:
    """A PDF of A4 pages, one per content stream in ``contents``, /F1 Helvetica;
    /Fm1 a form XObject drawing ``form``."""
    pages = len(contents)
    kids = " ".join(f"{3 + 2 * k} 0 R" for k in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
    ]
    font = 3 + 2 * pages
    for k, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * k} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /Fm1 {font + 1} 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 0] "
        f"/Resources << /Font << /F1 {font} 0 R >> >> /Length {len(form)} >>\n"
        f"stream\n{form}\nendstream"
    )
    return assemble(objects, "1.7")


def _heights(data: bytes) -> list[float]:
    return [c["bottom"] - c["top"] for page in read_pages(data) for c in page.chars]


# --- text sized through its matrix -------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "BT /F1 11 Tf 1 0 0 1 72 700 Tm (Sized) Tj ET",  # the plain way
        "BT /F1 1 Tf 11 0 0 11 72 700 Tm (Sized) Tj ET",  # PDFMaker, Distiller
        "0.5 0 0 0.5 0 0 cm BT /F1 22 Tf 1 0 0 1 144 1400 Tm (Sized) Tj ET",  # a scaled CTM
        # Quartz: the page flipped, the text flipped back
        "1 0 0 -1 0 842 cm BT /F1 1 Tf 11 0 0 -11 72 142 Tm (Sized) Tj ET",
        "BT /F1 1 Tf 8 0 0 11 72 700 Tm (Sized) Tj ET",  # condensed: as tall
        "BT /F1 1 Tf 11 0 2.2 11 72 700 Tm (Sized) Tj ET",  # slanted: as tall
        "BT /F1 1 Tf 0 11 -11 0 300 400 Tm (Sized) Tj ET",  # running up the page
        "BT /F1 1 Tf -11 0 0 -11 400 400 Tm (Sized) Tj ET",  # upside down
    ],
    ids=["tf", "tm", "cm", "flipped", "condensed", "slanted", "up", "upside-down"],
)
def test_a_character_is_as_tall_as_its_size_through_its_matrix(content):
    heights = _heights(_pdf(content))
    assert len(heights) == 5
    assert all(abs(h - 11.0) < 0.01 for h in heights), heights


def test_text_in_a_scaled_form_is_as_tall_as_the_form_draws_it():
    form = "BT /F1 1 Tf 5.5 0 0 5.5 36 350 Tm (Sized) Tj ET"
    heights = _heights(_pdf("q 2 0 0 2 0 0 cm /Fm1 Do Q", form=form))
    assert len(heights) == 5
    assert all(abs(h - 11.0) < 0.01 for h in heights), heights


def test_text_in_a_degenerate_matrix_keeps_its_font_size():
    heights = _heights(_pdf("BT /F1 9 Tf 0 0 0 0 72 700 Tm (Flat) Tj ET"))
    assert all(h == 9.0 for h in heights)  # not 0: no zero-height boxes downstream


def _prose(size: str, matrix: str) -> str:
    """Three lines of a paragraph 13.4 pt apart, then a paragraph after a gap."""
    lines = [
        "The prison should make sure that every prisoner",
        "can see a member of the healthcare team within",
        "a day of arriving, and keep a record of it.",
        "",
        "A second paragraph after the gap.",
    ]
    out, y = [], 700.0
    for line in lines:
        if line:
            out.append(f"BT /F1 {size} Tf {matrix} 72 {y:.1f} Tm ({line}) Tj ET")
        y -= 13.4
    return "\n".join(out)


def test_prose_set_with_1_tf_reads_as_prose_set_with_11_tf():
    plain = read_pdf(_pdf(_prose("11", "1 0 0 1")))
    scaled = read_pdf(_pdf(_prose("1", "11 0 0 11")))
    assert scaled == plain
    assert scaled.count("\n\n") == 1  # the one paragraph gap, not one between lines


DWP = WORD / "dwp-waspi-excerpt-p34-35.pdf"

# rows of the DWP table as pdfplumber reads their cells (its lines joined into the
# paragraphs Word set): each wrapped cell one paragraph, not one per line
DWP_ROWS = [
    "1991\t<p>Green paper: “Options for Equality in State Pension age”</p> "
    "<p>• Public consultation on the policy rationale which received 4000 responses.</p>",
    "1996\t<p>Booklet (EQP201): “Changes to your future – Will the Pensions Act affect "
    "your State Pension?”</p> "
    "<p>• Provided an overview of the Pensions Act 1995 and its implications.</p>",
    "1999\t<p>Pension Power for You campaign</p> "
    "<p>• Trade Union Congress led helpline promoted through radio and press.</p> "
    "<p>• Received 6500 calls in the first 5 days, of which 56% were about State Pension.</p>",
    "2004\t• Range of Pension Service booklets updated to include references to SPa "
    "changes. Booklets were available through telephone request, and from the "
    "Pension’s website.",
    "2009 to 2011\t<p>Direct mailing</p> "
    "<p>• Letters to all individuals affected by the Pensions Act 1995 using postal "
    "address held on DWP’s customer information system.</p> "
    "<p>• 1.2 million letters sent to women.</p>",
    "2012 and 2013\t<p>• Direct mailing</p> "
    "<p>• Letters to all individuals affected by the Pensions Act 2011.</p> "
    "<p>• 5 million letters and information leaflets.</p>",
]


def test_a_pdfmaker_page_is_read_at_its_type_size():
    heights = _heights(DWP.read_bytes())
    assert min(heights) > 4.5  # none 1 pt tall (the footnote marks, 5 pt, are the least)


@pytest.mark.parametrize("row", DWP_ROWS, ids=lambda row: row.split("\t")[0])
def test_a_pdfmaker_tables_wrapped_cells_read_as_word_set_them(row):
    assert row in read_pdf(DWP).splitlines()


def test_a_pdfmakers_footnote_mark_is_no_paragraph():
    text = read_pdf(DWP)
    assert "Approximately 17.851 million sent to individuals between 2003 and 2006." in text
    assert "<p>51</p>" not in text


# --- running headers and footers ----------------------------------------------------


def _page_text(page) -> str:
    return "".join(c["text"] for c in page.chars)


def _footed(n: int) -> str:
    """Page ``n``: its body, and its running lines drawn as artifacts."""
    return "\n".join(
        [
            f"/P <</MCID 0>> BDC BT /F1 11 Tf 72 700 Td (Body of page {n}) Tj ET EMC",
            "/Artifact <</Type /Pagination /Subtype /Footer /Attached [/Bottom]>> BDC",
            f"BT /F1 9 Tf 72 40 Td (Running footer, page {n}) Tj ET EMC",
            "/Artifact <</Type /Pagination /Subtype /Header>> BDC",
            "/Span <</Lang (en-GB)>> BDC BT /F1 9 Tf 72 800 Td (Nested header) Tj ET EMC EMC",
            "/Artifact <</Attached [/Top]>> BDC BT /F1 9 Tf 300 800 Td (Attached) Tj ET EMC",
            # kept: an untyped artifact (LibreOffice's repeated table header row,
            # which the table reader needs), or one of another type than pagination
            "/Artifact BMC BT /F1 9 Tf 300 40 Td (Untyped) Tj ET EMC",
            "/Artifact <</Type /Layout>> BDC BT /F1 9 Tf 300 60 Td (Layout) Tj ET EMC",
            f"BT /F1 11 Tf 72 680 Td (Unmarked text {n}) Tj ET",
        ]
    )


def test_running_lines_drawn_as_pagination_artifacts_are_not_read():
    pages = read_pages(_pdf(_footed(1), _footed(2)))
    assert [_page_text(page) for page in pages] == [
        f"Bodyofpage{n}UntypedLayoutUnmarkedtext{n}" for n in (1, 2)
    ]
    assert not any("artifact" in c for page in pages for c in page.chars)


def test_a_pagination_artifact_on_one_page_alone_is_read():
    # Word's "different first page" header: a title or a date, read as before
    first = (
        "/Artifact <</Type /Pagination /Subtype /Header>> BDC "
        "BT /F1 9 Tf 72 800 Td (HMP Wrenfield action plan, May 2024) Tj ET EMC\n"
    )
    pages = read_pages(_pdf(first + _footed(1), _footed(2)))
    assert _page_text(pages[0]).startswith("HMPWrenfieldactionplan,May2024Bodyofpage1")
    assert "HMP" not in _page_text(pages[1])
    assert not any("artifact" in c for page in pages for c in page.chars)


def test_running_artifacts_numbered_in_roman_numerals_are_not_read():
    def page(number: str) -> str:
        return (
            "BT /F1 11 Tf 72 700 Td (Foreword) Tj ET "
            "/Artifact <</Type /Pagination /Subtype /Footer>> BDC "
            f"BT /F1 9 Tf 72 40 Td (Annual report {number}) Tj ET EMC"
        )

    pages = read_pages(_pdf(page("ii"), page("iii"), page("IV")))
    assert [_page_text(p) for p in pages] == ["Foreword"] * 3


def test_a_word_begun_after_an_artifact_still_begins_a_word():
    # 'two' drawn up against the artifact 'x' (5.5 pt wide), the space before 'x'
    content = (
        "BT /F1 11 Tf 72 700 Td (One ) Tj ET "
        "/Artifact <</Subtype /Header>> BDC BT /F1 11 Tf 100 700 Td (x) Tj ET EMC "
        "BT /F1 11 Tf 105.5 700 Td (two) Tj ET"
    )
    for page in read_pages(_pdf(content, content)):
        assert _page_text(page) == "Onetwo"
        assert [c.get("space", False) for c in page.chars] == [False] * 3 + [True, False, False]


RECALL = WORD / "recall-excerpt-p6-7.pdf"
FOOTER = ("Recall, Review and Re-Release of Recalled", "Re-issued", "Prisoners Policy Framework")


def _rejoined(text: str) -> None:
    """The recall excerpt's row 4.2.6, split by the page break, is one row."""
    (row,) = [line for line in text.splitlines() if line.startswith("4.2.6\t")]
    assert "await the outcome of police investigations or for the individual to be charged" in row
    assert row.endswith("\t<p>NPS</p> <p>YOT</p>")
    assert not any(line.startswith("\tor for the individual") for line in text.splitlines())


def test_a_word_footer_between_a_rows_halves_is_dropped_and_the_row_rejoined():
    text = read_pdf(RECALL)
    assert not any(part in text for part in FOOTER)
    _rejoined(text)


def test_a_two_line_running_footer_is_dropped_where_no_artifact_marks_it(monkeypatch):
    monkeypatch.setattr(engine, "is_pagination", lambda t, obj, name, size: False)
    text = read_pdf(RECALL)
    assert not any(part in text for part in FOOTER)
    _rejoined(text)


def _footed_table(
    footers: list[list[str]], at_top: bool = False, ends: dict[int, float] | None = None
) -> bytes:
    """A ruled table running over a page per item of ``footers``, a row split by
    each page break ('Head of Safer' | 'Custody'), each page with its item's lines
    (``{n}``: the page number) at its foot, or at its head if ``at_top``; the
    table ending at ``ends[n]`` on page ``n`` if given."""
    pages = len(footers)
    pdf = fpdf.FPDF(unit="pt", format=(420, 300))
    pdf.set_auto_page_break(False)
    xs = (20, 60, 200, 280)

    def row(top: float, cells, height: float) -> float:
        return ruled_row(pdf, xs, top, cells, height)

    start, end = (50, 290) if at_top else (20, 255)
    for n in range(1, pages + 1):
        if ends and n in ends:
            end = ends[n]
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.line(xs[0], start, xs[-1], start)
        top = start
        if n > 1:
            top = row(top, (("",), ("and the last line.",), ("Custody",)), 14)
        top = row(top, ((f"{n}.1",), ("Staff should be trained.",), ("Governor",)), 14)
        lines = (end - top - 4) // 11.5
        filler = tuple(f"Line {k} of the concern set out" for k in range(int(lines)))
        row(top, ((f"{n}.2",), filler, ("Head of Safer",)), end - top)
        pdf.set_font("helvetica", size=8)
        for k, line in enumerate(footers[n - 1]):
            for j, part in enumerate(line.format(n=n).split("\t")):  # tab stops
                pdf.text(20 + 190 * j, (18 if at_top else 272) + 10 * k, part)
    return bytes(pdf.output())


TWO_LINES = ["Recall, Review and Re-Release\tRe-issued: 13 May 2021\t{n}", "Policy Framework"]


def test_a_two_line_running_footer_is_dropped_and_rows_rejoined():
    text = read_pdf(_footed_table([TWO_LINES] * 3))
    assert "Recall" not in text and "Policy Framework" not in text
    lines = text.splitlines()
    for n in (1, 2):  # rows 1.2 and 2.2, each rejoined over its page break
        (row,) = [line for line in lines if line.startswith(f"{n}.2\t")]
        assert "set out and the last line.\t" in row and "Custody" in row
    assert not any(line.startswith("\tand the last line.") for line in lines)


def test_a_running_footer_just_under_a_tables_last_row_is_dropped_too():
    # page 2's row broken as late as the page allows: its bottom rule a point
    # above the footer, which runs (standing apart) on pages 1 and 3
    text = read_pdf(_footed_table([TWO_LINES] * 3, ends={2: 264.0, 3: 255.0}))
    assert "Recall" not in text and "Policy Framework" not in text
    lines = text.splitlines()
    (row,) = [line for line in lines if line.startswith("2.2\t")]
    assert "set out and the last line.\t" in row and "Custody" in row


def test_a_two_line_running_header_is_dropped():
    header = ["HMP Wrenfield\tOFFICIAL", "Action plan {n} of 3"]
    text = read_pdf(_footed_table([header] * 3, at_top=True))
    assert "Wrenfield" not in text and "Action plan" not in text


def test_two_lines_at_the_foot_of_only_one_page_in_three_are_kept():
    note = ["Note: the table goes on", "over the page."]
    text = read_pdf(_footed_table([note, ["{n}"], ["{n}"]]))
    assert "Note: the table goes on" in text and "over the page." in text
