"""Write a PDF version of a text-layout action plan, tables drawn with ruling lines.

Run from the repo root::

    python bench/make_sample_pdf.py                  # samples/harwood_action_plan_2021.pdf
    python bench/make_sample_pdf.py IN.txt OUT.pdf   # any text-layout plan

The document is split into paragraphs and tables as for the .docx sample
(bench/make_sample_docx.py ``plan_blocks``), then set with fpdf2 in DejaVu Sans
(a Unicode font, for the dashes and curly quotes): landscape A4, a paragraph
kept on one page with the line after it, each table ruled, a cell's paragraphs separated by a blank line, heading rows one cell
spanning the columns, and a "Page N of M" footer on every page.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

if __package__ in (None, ""):  # run as a file (python bench/x.py): import from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import make_sample_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SAMPLE = ROOT / "samples" / "harwood_action_plan_2021.pdf"
SAMPLE_NAME = "Harwood"  # the Ashdown plan renamed: the demo imports every sample


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("dejavu", size=7)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def _widths(width: int) -> tuple[float, ...]:
    if width == 6:
        return (14, 70, 24, 100, 34, 28)
    if width == 5:
        return (14, 90, 110, 30, 26)
    if width == 3:
        return (40, 110, 120)
    return tuple(270 / width for _ in range(width))


def text_to_pdf(text: str) -> bytes:
    """The PDF bytes of a text-layout document (needs the DejaVu Sans font)."""
    pdf = _PDF(orientation="L", format="A4")
    pdf.set_creation_date(datetime(2021, 8, 24, tzinfo=UTC))  # the same bytes every run
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=8)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    maker = make_sample_docx
    blocks = maker.plan_blocks(text, line_breaks=maker.is_report(text))

    def height(i: int) -> int:  # lines of paragraph block i
        if i >= len(blocks) or blocks[i][0] != "p":
            return 1
        return len(pdf.multi_cell(0, 4, str(blocks[i][1]), dry_run=True, output="LINES"))

    for i, (kind, block) in enumerate(blocks):
        if kind == "p":
            # kept on one page with the start of the next, as Word keeps a heading with
            # its paragraph: so a page never ends at a paragraph's end
            after = height(i + 1)
            needed = 4 * (height(i) + (after if after <= 3 else 2)) + 2
            if pdf.get_y() + needed > pdf.page_break_trigger:
                pdf.add_page()
            pdf.multi_cell(0, 4, str(block), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            continue
        rows = block
        width = max(len(r) for r in rows)
        with pdf.table(
            col_widths=_widths(width),
            text_align="LEFT",
            line_height=4,
            first_row_as_headings=False,
        ) as table:
            for cells in rows:
                row = table.row()
                cells = cells + [[]] * (width - len(cells))
                filled = [i for i, c in enumerate(cells) if c]
                if width > 2 and filled == [1]:  # a heading row
                    row.cell("")
                    row.cell(cells[1][0], colspan=width - 1)
                    continue
                for paragraphs in cells:
                    row.cell("\n\n".join(paragraphs))
        pdf.ln(3)
    return bytes(pdf.output())


def main(argv: list[str]) -> None:
    given = make_sample_docx.source_and_target(argv, __doc__, ".pdf")
    dst, text = given or (SAMPLE, make_sample_docx.sample_text(SAMPLE_NAME))
    dst.write_bytes(text_to_pdf(text))
    print(f"wrote {dst}")


if __name__ == "__main__":
    main(sys.argv[1:])
