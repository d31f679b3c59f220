"""Layout reader for Word (.docx) files: the document as the text layout the parser reads.

Pure apart from reading the file: bytes or a path in, text out. The body is walked
in document order. A paragraph becomes a line (with a blank line after it, as in
the text exports); a line break inside it starts a new line. A table row becomes one line of tab-separated cells: a cell of
one paragraph is its text, a cell of several (list items included) is
``<p>…</p> <p>…</p>``. Cells are read as the table's columns (``grid.py``):
a cell merged across columns (gridSpan) is written once and followed by empty
cells for the columns it covers, also when LibreOffice has cut the grid finer
than the columns; the lower parts of a vertically merged cell (vMerge) are empty. A Word row is never split by a page
break, so each row is one line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extract.formats.grid import GridCell, column_cells
from extract.models import ParseError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx, or a .doc
# The most a .docx may unpack to: a 200-page plan's XML is a few MB. More is a zip bomb.
MAX_UNPACKED = 200 * 1024 * 1024


def is_docx(data: bytes) -> bool:
    """A zip archive holding ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_docx(source: bytes | str | Path) -> str:
    """The text of a .docx; ``ParseError`` with one reason if it cannot be read."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if not data.strip():
        raise ParseError("empty file")
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "encrypted or old-format Word file: save it as an unprotected .docx "
            "(or as plain text) first"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ParseError("not a .docx file (no zip signature)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise ParseError("a zip archive without word/document.xml, not a .docx file")
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > MAX_UNPACKED:
                raise ParseError(
                    f"too large once unpacked ({unpacked / 1024 / 1024:.0f} MB): "
                    "not a document hmip-review reads"
                )
            bad = zf.testzip()
            if bad is not None:
                raise ParseError(f"corrupt .docx: {bad} fails its checksum")
    except zipfile.BadZipFile as exc:
        raise ParseError(f"corrupt .docx (not a readable zip archive: {exc})") from None
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except ParseError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise ParseError(f"corrupt .docx ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            lines.extend((_paragraph_text(element, breaks="\n"), ""))
        elif element.tag == f"{_W}tbl":
            lines.extend(_table_lines(element))
            lines.append("")
    text = "\n".join(lines).strip("\n") + "\n"
    if not text.strip():
        raise ParseError("empty .docx (no text in its body)")
    return text


def _paragraph_text(p, breaks: str = " ") -> str:
    """A paragraph's text: runs joined, tabs as spaces, line breaks as ``breaks``.

    In the body a line break starts a new line, as in a text export (a hard-wrapped
    report's lines); in a table cell it is a space, a row being one line.
    """
    lines: list[list[str]] = [[]]
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            lines[-1].append(node.text or "")
        elif node.tag == f"{_W}tab":
            lines[-1].append(" ")
        else:
            lines.append([])
    texts = [" ".join("".join(parts).split()) for parts in lines]
    return breaks.join(t for t in texts if t)


def _table_lines(tbl) -> list[str]:
    rows = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        column = _grid_before(tr)
        cells: list[GridCell] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            span, vmerge = _cell_props(tc)
            text = "" if vmerge == "continue" else _cell_text(tc)
            cells.append(GridCell(column, column + span, text))
            column += span
        rows.append(cells)
    return ["\t".join(cells) for cells in column_cells(rows, _grid_edges(tbl), _SLACK)]


# cell edges nearer than this (twips: 0.2 cm) are one edge, drawn a hair apart
_SLACK = 113.0


def _grid_edges(tbl) -> list[float] | None:
    """Where each grid column starts, and the grid ends (twips), from ``w:tblGrid``."""
    edges = [0.0]
    for col in tbl.iterfind(f"{_W}tblGrid/{_W}gridCol"):
        try:
            edges.append(edges[-1] + max(0.0, float(col.get(f"{_W}w", ""))))
        except ValueError:
            return None
    return edges


def _grid_before(tr) -> int:
    """Grid columns left empty before a row's first cell (``w:gridBefore``)."""
    before = tr.find(f"{_W}trPr/{_W}gridBefore")
    try:
        return max(0, int(before.get(f"{_W}val", "0"))) if before is not None else 0
    except ValueError:
        return 0


def _cell_props(tc) -> tuple[int, str | None]:
    tcpr = tc.find(f"{_W}tcPr")
    span, vmerge = 1, None
    if tcpr is not None:
        grid = tcpr.find(f"{_W}gridSpan")
        if grid is not None:
            try:
                span = max(1, int(grid.get(f"{_W}val", "1")))
            except ValueError:
                span = 1
        merge = tcpr.find(f"{_W}vMerge")
        if merge is not None:
            vmerge = merge.get(f"{_W}val", "continue")
    return span, vmerge


def _cell_text(tc) -> str:
    """One paragraph as itself; several (nested tables' too) as ``<p>…</p>`` items."""
    paragraphs = [t for p in tc.iter(f"{_W}p") if (t := _paragraph_text(p))]
    if len(paragraphs) == 1:
        return paragraphs[0]
    return " ".join(f"<p>{t}</p>" for t in paragraphs)
