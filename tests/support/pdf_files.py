"""Small PDFs written by hand for the PDF reader's tests.

``assemble`` writes numbered objects (their bodies as PDF source text) into a
file with a cross-reference table; ``ruled_row`` draws one row of a ruled table
on an fpdf2 page.
"""

from __future__ import annotations


def assemble(objects: list[str], version: str = "1.4") -> bytes:
    """A PDF of ``objects`` (object 1 the catalogue), numbered from 1 in order."""
    out = f"%PDF-{version}\n".encode()
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def ruled_row(pdf, xs: tuple[float, ...], top: float, cells, height: float) -> float:
    """A row ``height`` tall at ``top``: rules at ``xs`` and below it, each cell's
    lines 11.5 pt apart; the row's bottom."""
    for x in xs:
        pdf.line(x, top, x, top + height)
    pdf.line(xs[0], top + height, xs[-1], top + height)
    for x, lines in zip(xs, cells, strict=False):
        for i, text in enumerate(lines):
            pdf.text(x + 3, top + 9 + 11.5 * i, text)
    return top + height
