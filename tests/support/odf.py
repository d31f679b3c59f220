"""A tiny OpenDocument text (.odt) writer for the tests: body XML in, .odt bytes out.

``odt(body)`` wraps ``office:text`` content (``<text:p>``, ``<table:table>``, …
with the usual prefixes) in a minimal package: ``mimetype`` stored first,
``content.xml`` and the manifest. ``plan_to_odt(text)`` writes a text-layout
plan as an .odt the way ``bench/make_sample_docx.text_to_docx`` writes a .docx
(same blocks: paragraphs, tables of cell paragraphs, heading rows merged across
the columns), so a plan can be read back from OpenDocument without LibreOffice.
The LibreOffice-made fixtures are in tests/fixtures/odt.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def content_xml(body: str, kind: str = "text") -> bytes:
    """A ``content.xml`` whose ``office:body`` holds ``office:<kind>`` with ``body``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {NAMESPACES} office:version="1.3">'
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
        "</office:document-content>"
    ).encode()


def package(members: dict[str, bytes], mimetype: str | None = TEXT_MIMETYPE) -> bytes:
    """A zip archive as OpenDocument packs one: ``mimetype`` first and stored, then ``members``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype is not None:
            zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def odt(body: str, *, kind: str = "text", mimetype: str = TEXT_MIMETYPE) -> bytes:
    """An .odt whose body is ``body`` (XML in the office, text and table namespaces)."""
    return package(
        {
            "content.xml": content_xml(body, kind),
            "META-INF/manifest.xml": _MANIFEST.format(mimetype=mimetype).encode(),
        },
        mimetype,
    )


def p(text: str, *, line_breaks: bool = False) -> str:
    """A ``text:p``; with ``line_breaks``, each "\\n" a ``text:line-break``."""
    parts = [escape(part) for part in text.split("\n")] if line_breaks else [escape(text)]
    return f"<text:p>{'<text:line-break/>'.join(parts)}</text:p>"


def cell(paragraphs: list[str], *, span: int = 1) -> str:
    """A ``table:table-cell`` of paragraphs, merged across ``span`` columns (covered cells after)."""
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    inner = "".join(p(text) for text in paragraphs) or "<text:p/>"
    covered = "<table:covered-table-cell/>" * (span - 1)
    return f"<table:table-cell{spanned}>{inner}</table:table-cell>{covered}"


def plan_to_odt(text: str) -> bytes:
    """The .odt of a text-layout document: ``text_to_docx``'s blocks, written as OpenDocument."""
    from bench.make_sample_docx import is_report, plan_blocks

    body: list[str] = []
    for kind, block in plan_blocks(text, line_breaks=is_report(text)):
        if kind == "p":
            body.append(p(str(block), line_breaks=True))
            continue
        rows = block
        width = max(len(r) for r in rows)
        xml = [f'<table:table><table:table-column table:number-columns-repeated="{width}"/>']
        for cells in rows:
            filled = [i for i, c in enumerate(cells) if c]
            heading = len(cells) == width > 2 and filled == [1]
            cells = cells + [[]] * (width - len(cells))
            if heading:  # one cell merged across the columns after the first
                row = cell(cells[0]) + cell(cells[1], span=width - 1)
            else:
                row = "".join(cell(paragraphs) for paragraphs in cells)
            xml.append(f"<table:table-row>{row}</table:table-row>")
        xml.append("</table:table>")
        body.append("".join(xml))
    return odt("".join(body))
