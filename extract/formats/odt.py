"""Format reader for OpenDocument text (.odt): the text layout ``word.py`` makes of a .docx.

What LibreOffice users save. Pure apart from reading the file: bytes or a path
in, text out, with the standard library only (``zipfile`` and
``xml.etree``): the text is all in one part, ``content.xml``, whose few
elements are walked here directly.

The layout is the .docx one, so the parsers get the same text from either:
the body is walked in document order; a paragraph or heading becomes a line
(with a blank line after it, as in the text exports), a line break inside it
starts a new line; a list is its items' paragraphs; a section or an index
(table of contents) is what it holds. A table row becomes one line of
tab-separated cells: a cell of one paragraph is its text, a cell of several
(list items and nested tables included) is ``<p>…</p> <p>…</p>``. Cells are read
as the table's columns (``grid.py``): a cell merged across columns
(``table:number-columns-spanned``) is written once and followed by empty cells
for the columns it covers, also when LibreOffice has cut the grid finer than the
columns; a covered cell that is not part of one merged across (the lower rows of
a cell merged down) is empty. Header rows
repeated on each page are in the file once, and read once.

What is not part of the body's text is left out, as in a .docx: footnotes
(``text:note``), comments (``office:annotation``), tracked deletions
(``text:tracked-changes``), text frames and drawings (``draw:*``).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from extract.formats.grid import GridCell, column_cells
from extract.formats.word import MAX_UNPACKED  # one limit for both zip formats
from extract.models import ParseError

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MIMETYPE_PREFIX = "application/vnd.oasis.opendocument."
# the OpenDocument kinds that are not text documents, as a user knows them
_OTHER_KINDS = {
    "spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "presentation": "an OpenDocument presentation (.odp)",
    "graphics": "an OpenDocument drawing (.odg)",
    "formula": "an OpenDocument formula (.odf)",
    "chart": "an OpenDocument chart (.odc)",
    "database": "an OpenDocument database (.odb)",
    "image": "an OpenDocument image (.odi)",
}
# Most times one table row or cell may be repeated (``number-*-repeated``). Writer
# repeats only an empty row or cell a few times; a huge count is a file built to
# blow up into gigabytes of text.
MAX_REPEAT = 1000
# The most text a document may unpack into: fifty times the largest plan.
MAX_TEXT = 50 * 1024 * 1024

_PARAGRAPHS = (f"{_TEXT}p", f"{_TEXT}h")
# body elements that hold paragraphs and tables of the body's flow
_CONTAINERS = frozenset(
    f"{_TEXT}{name}"
    for name in (
        "list",
        "list-item",
        "list-header",
        "section",
        "index-body",
        "table-of-content",
        "illustration-index",
        "table-index",
        "object-index",
        "user-index",
        "alphabetical-index",
        "bibliography",
        "numbered-paragraph",
    )
)
# inside a paragraph: left out with everything they hold
_SKIPPED = frozenset(
    (
        f"{_TEXT}note",
        f"{_OFFICE}annotation",
        f"{_TEXT}tracked-changes",
        f"{_TEXT}ruby-text",
    )
)


def is_opendocument(data: bytes) -> bool:
    """A zip archive whose ``mimetype`` names an OpenDocument kind (.odt, .ods, …)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _mimetype(zf).startswith(_MIMETYPE_PREFIX)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def read_odt(source: bytes | str | Path) -> str:
    """The text of an .odt; ``ParseError`` with one reason if it cannot be read."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if not data.strip():
        raise ParseError("empty file")
    if not data.startswith(b"PK\x03\x04"):
        raise ParseError("not an .odt file (no zip signature)")
    content = _content_xml(data)
    if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
        raise ParseError(
            "corrupt .odt: content.xml declares entities, which OpenDocument never does"
        )
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise ParseError(f"corrupt .odt (content.xml is not well-formed XML: {exc})") from None
    body = root.find(f"{_OFFICE}body")
    text_body = None if body is None else body.find(f"{_OFFICE}text")
    if text_body is None:
        raise ParseError("an OpenDocument file with no text body, not an .odt document")
    lines = _Lines()
    _body_lines(text_body, lines)
    text = "\n".join(lines.lines).strip("\n") + "\n"
    if not text.strip():
        raise ParseError("empty .odt (no text in its body)")
    return text


def _content_xml(data: bytes) -> bytes:
    """``content.xml``, once the archive is known whole, small enough and a text document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = _mimetype(zf) if "mimetype" in names else ""
            kind = mimetype.removeprefix(_MIMETYPE_PREFIX).split("-")[0]
            if mimetype.startswith(_MIMETYPE_PREFIX) and kind != "text":
                name = _OTHER_KINDS.get(kind, f"an OpenDocument file of type {mimetype}")
                raise ParseError(f"{name}, not a text document: save it as .odt or .docx")
            if "content.xml" not in names:
                if "word/document.xml" in names:
                    raise ParseError("a Word .docx file named .odt: rename it .docx")
                raise ParseError("a zip archive without content.xml, not an .odt file")
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > MAX_UNPACKED:
                raise ParseError(
                    f"too large once unpacked ({unpacked / 1024 / 1024:.0f} MB): "
                    "not a document hmip-review reads"
                )
            if _encrypted(zf, names):
                raise ParseError(
                    "encrypted (password-protected) .odt: save it without a password "
                    "(or as plain text) first"
                )
            bad = zf.testzip()
            if bad is not None:
                raise ParseError(f"corrupt .odt: {bad} fails its checksum")
            return zf.read("content.xml")
    except ParseError:
        raise
    except zipfile.BadZipFile as exc:
        raise ParseError(f"corrupt .odt (not a readable zip archive: {exc})") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ParseError(f"corrupt .odt ({type(exc).__name__}: {exc})") from None


def _mimetype(zf: zipfile.ZipFile) -> str:
    return zf.read("mimetype")[:200].decode("ascii", errors="replace").strip()


def _encrypted(zf: zipfile.ZipFile, names: set[str]) -> bool:
    """The manifest lists content.xml with encryption data (a password-protected file)."""
    if "META-INF/manifest.xml" not in names:
        return False
    manifest = zf.read("META-INF/manifest.xml")
    return b"encryption-data" in manifest


class _Lines:
    """The text's lines, counted as they are added, so a file cannot unpack to gigabytes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0

    def add(self, *lines: str) -> None:
        for line in lines:
            self.size += len(line) + 1
            if self.size > MAX_TEXT:
                raise ParseError(
                    f"too large once read (over {MAX_TEXT // 1024 // 1024} MB of text): "
                    "not a document hmip-review reads"
                )
            self.lines.append(line)


def _body_lines(parent: ET.Element, lines: _Lines) -> None:
    for element in parent:
        if element.tag in _PARAGRAPHS:
            lines.add(_paragraph_text(element, breaks="\n"), "")
        elif element.tag == f"{_TABLE}table":
            _table_lines(element, lines)
            lines.add("")
        elif element.tag in _CONTAINERS:
            _body_lines(element, lines)


def _paragraph_text(p: ET.Element, breaks: str = " ") -> str:
    """A paragraph's text: spans joined, tabs as spaces, line breaks as ``breaks``.

    In the body a line break starts a new line, as in a text export; in a table
    cell it is a space, a row being one line.
    """
    lines: list[list[str]] = [[]]
    _inline(p, lines)
    texts = [" ".join("".join(parts).split()) for parts in lines]
    return breaks.join(t for t in texts if t)


def _inline(element: ET.Element, lines: list[list[str]]) -> None:
    """``element``'s own text and its children's (their tails included), in order."""
    if element.text:
        lines[-1].append(element.text)
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}line-break":
            lines.append([])
        elif tag in (f"{_TEXT}tab", f"{_TEXT}s"):
            lines[-1].append(" ")
        elif tag in _SKIPPED or tag.startswith(_DRAW):
            pass
        else:
            _inline(child, lines)
        if child.tail:
            lines[-1].append(child.tail)


def _table_lines(table: ET.Element, lines: _Lines) -> None:
    rows = [
        (_row_cells(row), _repeat(row, f"{_TABLE}number-rows-repeated")) for row in _rows(table)
    ]
    texts = column_cells([cells for cells, _ in rows])
    for cells, (_, repeat) in zip(texts, rows, strict=True):
        lines.add(*["\t".join(cells)] * repeat)


def _rows(parent: ET.Element):
    """A table's rows in order, through header-row and row groups."""
    for element in parent:
        if element.tag == f"{_TABLE}table-row":
            yield element
        elif element.tag in (
            f"{_TABLE}table-header-rows",
            f"{_TABLE}table-rows",
            f"{_TABLE}table-row-group",
        ):
            yield from _rows(element)


def _row_cells(row: ET.Element) -> list[GridCell]:
    """A row's cells on the table's grid. A covered cell inside a cell merged across
    is part of it; those that are not (the lower rows of a cell merged down) are
    one empty cell as wide as they are, as Word writes one (``w:vMerge``)."""
    cells: list[GridCell] = []
    column = 0
    spanned_to = 0  # the grid column the last merged cell of this row reaches
    covering = False  # the last cell is covered cells standing for one merged down
    for cell in row:
        if cell.tag == f"{_TABLE}covered-table-cell":
            for _ in range(_repeat(cell, f"{_TABLE}number-columns-repeated")):
                if column >= spanned_to:
                    if cells and covering and cells[-1].end == column:  # one merged down
                        cells[-1] = GridCell(cells[-1].start, column + 1, "")
                    else:
                        cells.append(GridCell(column, column + 1, ""))
                    covering = True
                column += 1
        elif cell.tag == f"{_TABLE}table-cell":
            text = _cell_text(cell)
            span = _repeat(cell, f"{_TABLE}number-columns-spanned")
            covering = False
            for _ in range(_repeat(cell, f"{_TABLE}number-columns-repeated")):
                column = max(column, spanned_to)  # a file that left out the covered cells
                cells.append(GridCell(column, column + span, text))
                spanned_to = column + span
                column += 1  # the covered cells that follow stand for the rest
    return cells


def _repeat(element: ET.Element, attribute: str) -> int:
    try:
        n = int(element.get(attribute, "1"))
    except ValueError:
        return 1
    if n > MAX_REPEAT:
        raise ParseError(
            f"a table row or cell repeated {n:,} times (at most {MAX_REPEAT:,} are read): "
            "not a document hmip-review reads"
        )
    return max(1, n)


def _cell_text(cell: ET.Element) -> str:
    """One paragraph as itself; several (lists' and nested tables' too) as ``<p>…</p>`` items."""
    paragraphs = [t for p in _cell_paragraphs(cell) if (t := _paragraph_text(p))]
    if len(paragraphs) == 1:
        return paragraphs[0]
    return " ".join(f"<p>{t}</p>" for t in paragraphs)


def _cell_paragraphs(parent: ET.Element):
    """The paragraphs a cell holds, in order: its own, its lists', its nested tables'."""
    for element in parent:
        if element.tag in _PARAGRAPHS:
            yield element
        elif (
            element.tag in _SKIPPED
            or element.tag.startswith(_DRAW)
            or element.tag == f"{_TABLE}covered-table-cell"
        ):
            continue
        else:
            yield from _cell_paragraphs(element)
