"""Layout reader for PDF files: the document as the text layout the parser reads.

Pure apart from reading the file: bytes or a path in, text out (pdfplumber). Each
page is read top to bottom. A table drawn with ruling lines is read row by row:
a row becomes one line of tab-separated cells; within a cell, lines are joined
with spaces, and paragraphs (lines separated by a blank line's gap) become
``<p>…</p>`` items, as in the Word-table text layout. Text outside tables is
grouped into lines by its y position and into cells by wide x gaps (a gap wider
than ``_COLUMN_GAP`` points is a tab). Lines repeated at the top or the bottom of
most pages (running headers and footers, page numbers) are dropped, and a word
hyphenated at a line end is joined ("self-" + "harm" → "self-harm").
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from extract.models import ParseError

_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line
_COLUMN_GAP = 14.0  # points: a wider gap between two words outside a table is a tab
_PARAGRAPH_GAP = 0.8  # a vertical gap above this many line heights starts a paragraph
_DIGITS = re.compile(r"\d+")


def read_pdf(source: bytes | str | Path) -> str:
    """The text of a PDF; ``ParseError`` with one reason if it cannot be read."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if not data.strip():
        raise ParseError("empty file")
    if not data.lstrip().startswith(b"%PDF"):
        raise ParseError("not a PDF file (no %PDF signature)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except ParseError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        # pdfplumber wraps pdfminer's exceptions: look at the wrapped one too
        inner = [exc, *exc.args, exc.__context__]
        if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in inner):
            raise ParseError(
                "encrypted PDF: it needs a password to open (save an unprotected copy)"
            ) from None
        reason = " ".join(str(exc).split())[:200]
        raise ParseError(f"corrupt PDF ({type(exc).__name__}: {reason})") from None
    if not pages:
        raise ParseError("corrupt PDF (no pages)")
    if not any(text.strip() for lines in pages for text, _ in lines):
        raise ParseError(
            f"scanned PDF with no text layer: none of its {len(pages)} page(s) has text "
            "(run OCR on it first)"
        )
    lines = _drop_running_lines(pages)
    return "\n".join(lines).strip("\n") + "\n"


def _page_lines(page) -> list[tuple[str, bool]]:
    """(line, is_table_row) in reading order."""
    tables = page.find_tables()
    items: list[tuple[float, str, bool]] = []
    for table in tables:
        for row in table.rows:
            cells = []
            for bbox in row.cells:
                cells.append("" if bbox is None else _cell_text(page.within_bbox(bbox)))
            top = min(b[1] for b in row.cells if b is not None)
            items.append((top, "\t".join(cells), True))
    boxes = [t.bbox for t in tables]
    words = [
        w
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not any(_inside(w, box) for box in boxes)
    ]
    for line in _group_lines(words):
        items.append((line[0]["top"], _line_text(line), False))
    items.sort(key=lambda item: item[0])
    return [(text, is_row) for _, text, is_row in items]


def _inside(word, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _group_lines(words) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_text(line) -> str:
    out = line[0]["text"]
    for before, word in zip(line, line[1:], strict=False):
        out += ("\t" if word["x0"] - before["x1"] > _COLUMN_GAP else " ") + word["text"]
    return out


def _cell_text(cell) -> str:
    """A cell's lines joined; paragraphs as ``<p>`` items when there are several."""
    lines = _group_lines(cell.extract_words())
    if not lines:
        return ""
    paragraphs: list[list[str]] = [[]]
    previous = None
    for line in lines:
        top = min(w["top"] for w in line)
        bottom = max(w["bottom"] for w in line)
        if previous is not None and top - previous[1] > _PARAGRAPH_GAP * (
            previous[1] - previous[0]
        ):
            paragraphs.append([])
        paragraphs[-1].append(" ".join(w["text"] for w in line))
        previous = (top, bottom)
    texts = [_join_lines(p) for p in paragraphs if p]
    if len(texts) == 1:
        return texts[0]
    return " ".join(f"<p>{t}</p>" for t in texts)


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            out += line  # hyphenated at the line end
        else:
            out += " " + line
    return out


def _drop_running_lines(pages: list[list[tuple[str, bool]]]) -> list[str]:
    """The pages' lines, less running headers and footers; a blank line between pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        texts = [t for t, is_row in lines if not is_row and t.strip()]
        for text in {*texts[:2], *texts[-2:]}:
            edges[_DIGITS.sub("#", text.strip())] += 1
    needed = max(2, (len(pages) + 1) // 2)
    running = {text for text, n in edges.items() if n >= needed}
    out: list[str] = []
    for lines in pages:
        texts = [t for t, is_row in lines if not is_row and t.strip()]
        edge = {*texts[:2], *texts[-2:]}
        for text, is_row in lines:
            if not is_row and text in edge and _DIGITS.sub("#", text.strip()) in running:
                continue
            out.append(text)
        out.append("")
    return out
