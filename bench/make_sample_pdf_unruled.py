"""Write a PDF version of a text-layout action plan, tables set WITHOUT ruling lines.

Run from the repo root::

    python bench/make_sample_pdf_unruled.py                  # samples/wrenfield_action_plan_2024.pdf
    python bench/make_sample_pdf_unruled.py IN.txt OUT.pdf   # any text-layout plan

The bundled sample is the Larkhill concerns-table plan renamed HMP Wrenfield
(an invented establishment), whose text is tests/fixtures/pdf/wrenfield_action_plan_2024.txt.

The document is split into paragraphs and tables as for the .docx sample
(bench/make_sample_docx.py ``plan_blocks``) and set with fpdf2 in DejaVu Sans.
Tables are laid out here, not by fpdf2's table: no ruling lines and no shading,
only the words at their places. Each cell's text is wrapped in its column
(flush left, with ``padding`` on each side); a cell's paragraphs are separated
by a blank line; rows are ``row_gap`` apart; a heading row spans the columns
after the first. A row that does not fit on the page is split there and goes on
at the top of the next page under the repeated header row. Options vary the
layout for the tests: column widths, font size, row gap, page size, breaking
long words after a hyphen at a line end, and a running header line.
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
SOURCE = ROOT / "tests" / "fixtures" / "pdf" / "wrenfield_action_plan_2024.txt"
SAMPLE = ROOT / "samples" / "wrenfield_action_plan_2024.pdf"


class _PDF(FPDF):
    running_header = ""

    def header(self) -> None:
        if self.running_header:
            self.set_font("dejavu", size=7)
            self.set_xy(self.l_margin, 7)
            self.cell(0, 4, self.running_header, align="R")
            self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("dejavu", size=7)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def default_widths(width: int, total: float) -> tuple[float, ...]:
    shares = {
        6: (5, 26, 9, 37, 12, 11),
        5: (5, 33, 40, 12, 10),
        3: (15, 40, 45),
        2: (30, 70),
    }.get(width, tuple(1 for _ in range(width)))
    return tuple(total * s / sum(shares) for s in shares)


class _Layout:
    def __init__(self, pdf: _PDF, size: float, padding: float, row_gap: float, hyphenate: bool):
        self.pdf, self.size, self.padding = pdf, size, padding
        self.row_gap, self.hyphenate = row_gap, hyphenate
        self.split_rows = True
        self.pitch = size * 0.5  # mm: line spacing for a font of ``size`` points

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap; with ``hyphenate`` a word may break after its hyphen."""
        room = width - 2 * self.padding
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if self.pdf.get_string_width(trial) <= room or not line:
                line = trial
                continue
            if self.hyphenate and "-" in word[1:-1]:
                head, _, tail = word.partition("-")
                if self.pdf.get_string_width(f"{line} {head}-") <= room:
                    lines.append(f"{line} {head}-")
                    line = tail
                    continue
            lines.append(line)
            line = word
        if line:
            lines.append(line)
        return lines

    def cell_lines(self, paragraphs: list[str], width: float) -> list[str]:
        out: list[str] = []
        for k, paragraph in enumerate(paragraphs):
            if k:
                out.append("")  # a blank line between a cell's paragraphs
            out.extend(self.wrap(paragraph, width))
        return out

    def table(self, rows: list[list[list[str]]], widths: tuple[float, ...]) -> None:
        pdf = self.pdf
        width = len(widths)
        xs = [pdf.l_margin + sum(widths[:i]) for i in range(width)]
        header = self._row_lines(rows[0], widths, width)
        self._put(header, xs, first=True)
        for cells in rows[1:]:
            self._put(self._row_lines(cells, widths, width), xs, header=header)
        pdf.set_y(pdf.get_y() + 2)

    def _row_lines(self, cells, widths, width) -> list[list[str]]:
        cells = cells + [[]] * (width - len(cells))
        filled = [i for i, c in enumerate(cells) if c]
        if width > 2 and filled == [1]:  # a heading row: one cell across the columns
            return [[], self.cell_lines(cells[1], sum(widths[1:]))] + [[]] * (width - 2)
        return [self.cell_lines(c, w) for c, w in zip(cells, widths, strict=True)]

    def _put(self, lines, xs, first=False, header=None) -> None:
        pdf = self.pdf
        done = 0
        total = max((len(c) for c in lines), default=0)
        while True:
            room = int((pdf.page_break_trigger - pdf.get_y()) // self.pitch)
            least = min(total - done, 2) if self.split_rows else total - done
            if room >= least or (first and done == 0):
                take = min(room, total - done)
                self._write(lines, xs, done, done + take)
                done += take
                pdf.set_y(pdf.get_y() + take * self.pitch)
            if done >= total:
                break
            pdf.add_page()  # the rest of the row goes on under the repeated header
            if header is not None:
                self._write(header, xs, 0, max(len(c) for c in header))
                pdf.set_y(pdf.get_y() + max(len(c) for c in header) * self.pitch + self.row_gap)
        pdf.set_y(pdf.get_y() + self.row_gap)

    def _write(self, lines, xs, start, stop) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        for x, cell in zip(xs, lines, strict=True):
            for n, text in enumerate(cell[start:stop]):
                if text:
                    pdf.text(x + self.padding, y + (n + 0.8) * self.pitch, text)


def text_to_unruled_pdf(
    text: str,
    *,
    widths: dict[int, tuple[float, ...]] | None = None,
    size: float = 8,
    padding: float = 1.5,
    row_gap: float = 3.0,
    page: str = "A4",
    landscape: bool = True,
    hyphenate: bool = False,
    running_header: str = "",
    split_rows: bool = True,
) -> bytes:
    """The PDF bytes of a text-layout document, its tables without ruling lines.

    ``widths`` maps a table's number of columns to its column widths (mm); ``row_gap``
    is the space (mm) between rows (the gap between a cell's paragraphs is one line);
    without ``split_rows`` a row that does not fit goes whole to the next page.
    """
    pdf = _PDF(orientation="L" if landscape else "P", format=page)
    pdf.running_header = running_header
    pdf.set_creation_date(datetime(2024, 10, 1, tzinfo=UTC))  # the same bytes every run
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=size)
    pdf.set_top_margin(16)  # the running header stands apart, above the body
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    layout = _Layout(pdf, size, padding, row_gap, hyphenate)
    layout.split_rows = split_rows
    maker = make_sample_docx
    blocks = maker.plan_blocks(text, line_breaks=maker.is_report(text))
    total = pdf.w - pdf.l_margin - pdf.r_margin
    for kind, block in blocks:
        if kind == "p":
            lines = len(pdf.multi_cell(0, layout.pitch, str(block), dry_run=True, output="LINES"))
            if pdf.get_y() + layout.pitch * (lines + 2) + 2 > pdf.page_break_trigger:
                pdf.add_page()
            pdf.multi_cell(0, layout.pitch, str(block), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            continue
        rows = block
        width = max(len(r) for r in rows)
        chosen = (widths or {}).get(width) or default_widths(width, total)
        layout.table(rows, tuple(chosen))
    return bytes(pdf.output())


def sample_text() -> str:
    """The bundled sample's text (the Larkhill plan renamed HMP Wrenfield)."""
    return SOURCE.read_text(encoding="utf-8")


def main(argv: list[str]) -> None:
    given = make_sample_docx.source_and_target(argv, __doc__, ".pdf")
    if given:
        dst, text = given
        dst.write_bytes(text_to_unruled_pdf(text))
    else:
        dst = SAMPLE
        dst.write_bytes(
            text_to_unruled_pdf(sample_text(), running_header="HMP Wrenfield action plan")
        )
    print(f"wrote {dst}")


if __name__ == "__main__":
    main(sys.argv[1:])
