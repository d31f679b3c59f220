"""Write a Word (.docx) version of a text-layout action plan, as Word would hold it.

Run from the repo root::

    python bench/make_sample_docx.py                  # samples/bramhope_action_plan_2021.docx
    python bench/make_sample_docx.py IN.txt OUT.docx  # any text-layout plan

The bundled sample is the Ashdown plan (samples/ashdown_action_plan_2021.txt)
with the establishment renamed HMP Bramhope (``sample_text``), so that the
first-run demo, which imports every file in samples/, does not hold the same
plan twice.

The text layout is a Word table exported line by line, so the conversion goes
back: lines without a tab are paragraphs; runs of tab-separated lines are
tables (one row a line, ``<p>…</p>`` items as the cell's paragraphs). What a
page break did to the text is undone: the repeated page footer between two rows
of a table is dropped (it goes in the page footer), and a row the break split
(a line after the break whose first cell is empty, that is not a heading row)
is joined back onto the row before it, cell by cell. After a gap, a line of
another width starts a new table (the summary count table). Heading rows
("\\tTo HMPPS\\t\\t\\t\\t") are written as one cell merged across the columns.
The tests use ``text_to_docx`` to build their fixtures.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
_P_ITEM = re.compile(r"<p>(.*?)</p>", re.S)


def cell_paragraphs(cell: str) -> list[str]:
    """A text-layout cell's paragraphs: its ``<p>`` items, or the cell itself."""
    items = [m.strip() for m in _P_ITEM.findall(cell)]
    if items:
        return [i for i in items if i]
    return [cell.strip()] if cell.strip() else []


def _join_cells(before: list[str], after: list[str]) -> list[str]:
    if not after:
        return before
    if not before:
        return after
    if after[0][:1].islower():  # the break fell inside a paragraph
        return [*before[:-1], f"{before[-1]} {after[0]}", *after[1:]]
    return before + after


def _is_continuation(cells: list[str], after_break: bool) -> bool:
    if not after_break or cells[0].strip():
        return False
    filled = [c for c in cells if c.strip()]
    if len(filled) > 1:
        return True
    first = cell_paragraphs(filled[0])[0] if filled else ""
    return first[:1].islower()


def plan_blocks(text: str, line_breaks: bool = False) -> list[tuple[str, object]]:
    """('p', text) paragraphs and ('table', rows of cell paragraph lists), in order.

    Each line outside a table is a paragraph; with ``line_breaks``, a run of lines
    with no blank line between them is one paragraph of lines ("\\n" between them),
    as a hard-wrapped report's paragraphs are.
    """
    lines = text.split("\n")
    counts = Counter(line.strip() for line in lines if line.strip() and "\t" not in line)
    blocks: list[tuple[str, object]] = []
    rows: list[list[list[str]]] | None = None
    after_break = False
    pending: list[str] = []  # non-tab lines seen while inside a table
    joins = False  # the line before was text outside a table: a line break joins this one
    for line in lines:
        if "\t" not in line:
            if rows is not None:
                pending.append(line)
                after_break = True
            elif line.strip() and joins and line_breaks:
                blocks[-1] = ("p", f"{blocks[-1][1]}\n{line.strip()}")
            elif line.strip():
                blocks.append(("p", line.strip()))
            joins = rows is None and bool(line.strip())
            continue
        joins = False
        if rows is not None and (
            any(p.strip() and counts[p.strip()] < 2 for p in pending)
            or (pending and len(line.split("\t")) != len(rows[0]))
        ):  # a real paragraph, or a gap and another width: the next table
            blocks.append(("table", rows))
            blocks.extend(("p", p.strip()) for p in pending if p.strip())
            rows, after_break = None, False
        pending = []
        cells = line.split("\t")
        if rows is None:
            rows = []
        if rows and _is_continuation(cells, after_break):
            prev = rows[-1]
            width = max(len(prev), len(cells))
            prev.extend([[]] * (width - len(prev)))
            for i, cell in enumerate(cells):
                prev[i] = _join_cells(prev[i], cell_paragraphs(cell))
        else:
            rows.append([cell_paragraphs(c) for c in cells])
        after_break = False
    if rows is not None:
        blocks.append(("table", rows))
        blocks.extend(("p", p.strip()) for p in pending if p.strip())
    return blocks


def is_report(text: str) -> bool:
    """An IRP report (hard-wrapped prose), not an action plan (a line per paragraph)."""
    from extract import detect_kind

    return detect_kind(text) == "irp_report"


def text_to_docx(text: str) -> bytes:
    """The .docx bytes of a text-layout document.

    An IRP report's runs of lines are paragraphs with line breaks (``plan_blocks``).
    """
    document = docx.Document()
    for kind, block in plan_blocks(text, line_breaks=is_report(text)):
        if kind == "p":
            paragraph = document.add_paragraph()
            for i, part in enumerate(str(block).split("\n")):
                if i:
                    paragraph.add_run().add_break()
                paragraph.add_run(part)
            continue
        rows = block
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for row, cells in zip(table.rows, rows, strict=True):
            filled = [i for i, c in enumerate(cells) if c]
            if len(cells) == width and width > 2 and len(filled) == 1 and filled[0] == 1:
                row.cells[1].merge(row.cells[width - 1])  # a heading row
            for i, paragraphs in enumerate(cells):
                target = row.cells[i]
                if i > 1 and target._tc is row.cells[1]._tc:
                    continue
                target.paragraphs[0].text = paragraphs[0] if paragraphs else ""
                for extra in paragraphs[1:]:
                    target.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SAMPLE_SOURCE = ROOT / "samples" / "ashdown_action_plan_2021.txt"
SAMPLE = ROOT / "samples" / "bramhope_action_plan_2021.docx"


def sample_text(name: str = "Bramhope") -> str:
    """The text a bundled sample is made from: the Ashdown plan, renamed ``name``."""
    text = SAMPLE_SOURCE.read_text(encoding="utf-8")
    return text.replace("Ashdown", name).replace("ASHDOWN", name.upper())


def source_and_target(argv: list[str], doc: str, suffix: str) -> tuple[Path, str] | None:
    """A sample maker's command line: ``[IN.txt [OUT]]``, with ``--help`` from ``doc``.

    (OUT, the text of IN) when IN is given, OUT defaulting to IN with ``suffix``;
    None for the maker's own sample.
    """
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", nargs="?", type=Path, help="a text-layout plan")
    parser.add_argument("target", nargs="?", type=Path, help=f"default: SOURCE as {suffix}")
    args = parser.parse_args(argv)
    if args.source is None:
        return None
    return args.target or args.source.with_suffix(suffix), args.source.read_text(encoding="utf-8")


def main(argv: list[str]) -> None:
    dst, text = source_and_target(argv, __doc__, ".docx") or (SAMPLE, sample_text())
    dst.write_bytes(text_to_docx(text))
    print(f"wrote {dst}")


if __name__ == "__main__":
    main(sys.argv[1:])
