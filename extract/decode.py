"""Turn a file on disk into the text the parsers read.

Pure apart from reading the file: no SQLite, no Textual. Every refusal is a
``ParseError`` whose message is the reason, short enough to follow
``error: <file>: `` on one line.
"""

from __future__ import annotations

from pathlib import Path

from extract.models import ParseError

_NOT_YET = (".docx", ".pdf")
_MAGIC = {
    b"%PDF": "binary file (a PDF): .pdf import is not supported yet (save it as plain text)",
    b"PK\x03\x04": (
        "binary file (a zip archive, perhaps a .docx): "
        ".docx import is not supported yet (save it as plain text)"
    ),
}
_SAMPLE = 65536  # bytes looked at to judge whether a file is text
_CONTROL_LIMIT = 0.05  # share of control bytes above which a file is binary
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_document(path: str | Path) -> str:
    """The text of ``path``: UTF-8 (BOM stripped) or Windows-1252, line ends as ``\\n``.

    Raises ``ParseError`` for an unreadable, empty or binary file, a format not
    supported yet (.docx, .pdf), or bytes that are neither UTF-8 nor
    Windows-1252. A UTF-16 file with a byte-order mark is read too.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _NOT_YET:
        raise ParseError(f"{suffix} import is not supported yet (save it as plain text)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("no such file or folder") from None
    except IsADirectoryError:
        raise ParseError("is a folder, not a file") from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data)


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
        controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
        if controls > _CONTROL_LIMIT * len(sample):
            raise ParseError("binary file (mostly non-text bytes), not text")
        text = _decode_plain(data)
    if "\x00" in text:
        raise ParseError("binary file (contains NUL characters), not text")
    if not text.strip():
        raise ParseError("empty file (only whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise ParseError("not UTF-8 or Windows-1252 text")
