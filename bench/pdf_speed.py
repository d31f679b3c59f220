"""PDF import time per page beside a raw character-extraction floor (issue 15).

Run from the repo root::

    python bench/pdf_speed.py                 # the fixtures' PDFs (rendered/, pdf/calibri/), samples/*.pdf
    python bench/pdf_speed.py --folder DIR    # ... and every PDF under DIR
    python bench/pdf_speed.py --runs 9        # more interleaved runs (default 5)
    python bench/pdf_speed.py --pdfplumber    # ... and pdfplumber's words and lines, for comparison
    python bench/pdf_speed.py --json          # ... ending with the summary line

Each run times, file by file and interleaved so that both see the same machine:

* **import**: what ``hmip-review import`` does to a PDF before it stores it:
  ``extract.formats.read.read_document`` (the PDF read with PDFium into the text
  layout) then ``extract.parse_document``;
* **floor**: the least any PDF reader must do: pypdfium2 opens the file and, page
  by page, reads its text page and every character's box
  (``PdfTextPage.get_charbox``) and its text.

Figures are milliseconds per page, the median of the runs' totals over all
pages. Issue 15's target: import within 3x of the floor. ``--pdfplumber`` adds
what the reader used before PDFium cost: pdfplumber's ``extract_words`` and its
ruling lines, per page (no parsing).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract import ParseError, parse_document  # noqa: E402
from extract.formats.read import read_document  # noqa: E402

RENDERED = ROOT / "tests" / "fixtures" / "rendered"
CALIBRI = ROOT / "tests" / "fixtures" / "pdf" / "calibri"  # tagged ones among them
SAMPLES = ROOT / "samples"
GOAL = 3.0  # import within this many times the floor


def pdfs(folders: list[Path]) -> list[Path]:
    found = [*sorted(RENDERED.glob("*.pdf")), *sorted(CALIBRI.glob("*.pdf"))]
    found += sorted(SAMPLES.glob("*.pdf"))
    for folder in folders:
        found.extend(sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf"))
    return found


def pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def import_once(path: Path) -> float:
    started = time.perf_counter()
    with contextlib.suppress(ParseError):  # refused: it still took the time
        parse_document(read_document(path))
    return time.perf_counter() - started


def floor_once(path: Path) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    doc = pdfium.PdfDocument(path)
    for page in doc:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            text.get_charbox(i)
        text.get_text_range()
        text.close()
        page.close()
    doc.close()
    return time.perf_counter() - started


def pdfplumber_once(path: Path) -> float:
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.edges  # noqa: B018 - the ruling lines a table finder reads
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, action="append", default=[])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdfplumber", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with a summary line")
    args = parser.parse_args()
    files = pdfs(args.folder)
    if not files:
        sys.exit("no PDF files found")
    total_pages = sum(pages(p) for p in files)
    for path in files:  # warm up: imports, fonts, caches
        import_once(path)
        floor_once(path)
    kinds = ["import", "floor"] + (["pdfplumber"] if args.pdfplumber else [])
    timers = {"import": import_once, "floor": floor_once, "pdfplumber": pdfplumber_once}
    totals: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(args.runs):
        run = dict.fromkeys(kinds, 0.0)
        for path in files:
            for kind in kinds:
                run[kind] += timers[kind](path)
        for kind in kinds:
            totals[kind].append(run[kind])
    per_page = {k: statistics.median(v) / total_pages * 1000 for k, v in totals.items()}
    ratio = per_page["import"] / per_page["floor"]
    print(f"\n{len(files)} PDF files, {total_pages} pages, median of {args.runs} runs")
    print(f"  import (read_document + parse_document)  {per_page['import']:7.1f} ms/page")
    print(f"  floor (pypdfium2: every character's box) {per_page['floor']:7.1f} ms/page")
    print(f"  import / floor                           {ratio:7.2f}x  (target ≤ {GOAL:g}x)")
    if args.pdfplumber:
        print(f"  pdfplumber words + ruling lines          {per_page['pdfplumber']:7.1f} ms/page")
    if args.json:
        from bench.bench_summary import emit, target

        emit(
            "pdf_speed",
            [
                target(
                    f"PDF import per page ({total_pages} pages)",
                    f"{per_page['import']:.1f} ms",
                    f"{per_page['floor']:.1f} ms (pypdfium2 character boxes)",
                    f"within {GOAL:g}x of the floor",
                    f"{ratio:.2f}x",
                    ratio <= GOAL,
                )
            ],
        )


if __name__ == "__main__":
    main()
