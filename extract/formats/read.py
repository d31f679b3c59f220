"""Turn a file on disk into the text the parsers read.

Pure apart from reading the file: no SQLite, no Textual. Every refusal is a
``ParseError`` whose message is the reason, short enough to follow
``error: <file>: `` on one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from extract.formats.notes import Note
from extract.formats.odt import is_opendocument, read_odt
from extract.formats.pdf.read import read_pdf_notes
from extract.formats.word import is_docx, read_docx
from extract.models import ParseError

# The largest document read. Real action plans and IRP reports are 20–200 KB of
# text; 10 MB is fifty times the largest, and parses in seconds. Anything bigger
# is refused before it is read, so a wrong file cannot exhaust memory.
MAX_BYTES = 10 * 1024 * 1024
# OpenDocument text and its template
ODT_SUFFIXES = (".odt", ".ott")

_MAGIC = {
    b"%PDF": "binary file (a PDF, perhaps a damaged one), not text",
    b"PK\x03\x04": "binary file (a zip archive, perhaps a damaged .docx or .odt), not text",
}
# how a text file of markup starts (lower case), and what it is
_MARKUP = (
    ("<!doctype html", "a web page (HTML)"),
    ("<html", "a web page (HTML)"),
    ("<?xml", "an XML file"),
    ("{\\rtf", "a Rich Text Format (RTF) file"),
)
_SAMPLE = 65536  # bytes looked at to judge whether a file is text
_CONTROL_LIMIT = 0.05  # share of control bytes above which a file is binary
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")
# every byte that is not a control byte: deleting these leaves the control bytes to count
_NOT_CONTROL = bytes(
    b for b in range(256) if not (b < 0x20 and b not in _TEXT_CONTROLS or b == 0x7F)
)
# A well-formed UTF-8 sequence of two to four bytes (not plain ASCII).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_document(path: str | Path) -> str:
    """The text of ``path``; see :func:`read_document_notes`."""
    return read_document_notes(path)[0]


def read_document_notes(path: str | Path) -> tuple[str, list[Note]]:
    """The text of ``path``: UTF-8 (BOM stripped) or Windows-1252, line ends as ``\\n``;
    and the reader's doubts about it (:mod:`extract.formats.notes`: a PDF's table
    rows whose cell paragraphs were parted by their words alone; none for text,
    .docx or .odt, which mark their paragraphs).

    A Word file (a zip archive holding ``word/document.xml``, or named .docx) is
    read by ``extract.formats.word``, an OpenDocument file (a zip archive whose
    ``mimetype`` says so, or named .odt/.ott) by ``extract.formats.odt``, and a
    PDF (named .pdf, or starting ``%PDF``) by ``extract.formats.pdf.read``, into
    the same tab-separated text layout. The contents decide before the name
    does: a .docx named .odt is read as the .docx it is.

    Raises ``ParseError`` for an unreadable, empty or binary file, one over
    ``MAX_BYTES``, a damaged or encrypted .docx, .odt or PDF, an OpenDocument
    file that is not a text document (a spreadsheet), a scanned PDF with no
    text layer, text that is markup (a web page, XML, RTF), or bytes that are
    neither UTF-8 nor Windows-1252 (a UTF-8 file with stray bytes of another
    encoding, or cut off part-way through a character, included). Windows-1252
    covers Latin-1 text too. A UTF-16 file with a byte-order mark is read too.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if path.is_dir():
            raise ParseError("is a folder, not a file")
        if path.exists() and not path.is_file():
            raise ParseError("not a regular file (a device, pipe or socket)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(_too_large(size))
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ParseError("no such file or folder") from None
    except IsADirectoryError:
        raise ParseError("is a folder, not a file") from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew while being read
        raise ParseError(_too_large(len(data)))
    if is_docx(data):
        return read_docx(data), []
    if is_opendocument(data):
        return read_odt(data), []
    if suffix == ".docx":
        return read_docx(data), []  # refused, with the reason
    if suffix in ODT_SUFFIXES:
        return read_odt(data), []  # refused, with the reason
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return read_pdf_notes(data)
    return decode_bytes(data), []


def _too_large(size: int) -> str:
    return (
        f"too large ({size / 1024 / 1024:.1f} MB): hmip-review reads documents of up to "
        f"{MAX_BYTES // 1024 // 1024} MB"
    )


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes; see ``read_document`` for the rules."""
    if not data.strip():
        raise ParseError("empty file" if not data else "empty file (only whitespace)")
    text = _decode_bom(data)
    if text is None:
        for magic, reason in _MAGIC.items():
            if data.startswith(magic):
                raise ParseError(reason)
        if b"\x00" in data:
            raise ParseError("binary file (contains NUL bytes), not text")
        sample = data[:_SAMPLE]
        controls = len(sample.translate(None, _NOT_CONTROL))
        if controls > _CONTROL_LIMIT * len(sample):
            raise ParseError("binary file (mostly non-text bytes), not text")
        text = _decode_plain(data)
    if "\x00" in text:
        raise ParseError("binary file (contains NUL characters), not text")
    if not text.strip():
        raise ParseError("empty file (only whitespace)")
    _refuse_markup(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_markup(text: str) -> None:
    """Refuse a web page, an XML file or RTF: text, but its words are inside markup.

    Read as it is, such a file could pass for an action plan whose table cannot
    be read (its words are there, tags around them) and be kept as one.
    """
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    for start, name in _MARKUP:
        if head.startswith(start):
            raise ParseError(
                f"{name}, not a document hmip-review reads: save it as .docx, .odt, "
                "PDF or plain text"
            )


def _decode_bom(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise ParseError(
                    f"starts with a {codec} byte-order mark but is not {codec}"
                ) from None
    return None


def _decode_plain(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
        if (
            exc.reason == "unexpected end of data"
            and exc.end == len(data)
            and _UTF8_MULTIBYTE.search(data, 0, bad)
        ):  # UTF-8 all through, and cut off in the middle of a character
            raise ParseError(
                "truncated: the file ends part-way through a UTF-8 character"
            ) from None
    # UTF-8 with a few stray bytes of another encoding: the well-formed UTF-8 sequences
    # outnumber the bad bytes. (In Windows-1252 text a byte pair that happens to be
    # well-formed UTF-8, such as 'É’', is rare, and its accents make bad bytes aplenty.)
    utf8 = len(_UTF8_MULTIBYTE.findall(data))
    if utf8 and utf8 >= 2 * _invalid_utf8(data):
        raise ParseError(
            f"mixed encodings: the text is UTF-8 but byte 0x{data[bad]:02X} on line "
            f"{_line(data, bad)} is not (save the file again as UTF-8)"
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"not UTF-8 or Windows-1252 text (byte 0x{data[exc.start]:02X} on line "
            f"{_line(data, exc.start)} is neither)"
        ) from None


def _invalid_utf8(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd")


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
