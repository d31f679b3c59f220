"""A PDF's pages as characters and ruling segments, read with PDFium (pypdfium2).

Pure apart from the PDF engine: bytes in, ``Page`` records out. PDFium reads a
page's characters with their boxes and its path objects in a few milliseconds,
some fifteen times faster than pdfminer's layout analysis, and the layout
readers need nothing more.

Coordinates are points from the page's top-left corner, as pdfplumber gives
them, and a character's box is pdfminer's: from its origin as wide as the
glyph's advance, as tall as the font size, standing on the font's descent below
the baseline (``top = bottom - size``; the descent as PDFium reads it from the
font, which for some fonts is deeper than the one pdfminer reads from the PDF's
font descriptor: Liberation Serif 0.303 of the size, not 0.216). So a line's characters share one top and bottom
whatever their shapes, and a cell's first line set with no top margin pokes
above its top rule by the same fraction of a point as in pdfplumber.

Ruling segments are the straight horizontal and vertical pieces of every path
(lines, rectangles' sides, filled hairline rectangles), in page coordinates;
curves and slanted pieces are not rules and are left out.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

from extract.formats.pdf.tags import paragraphs
from extract.models import ParseError

_STRAIGHT = 0.5  # points: a segment whose ends differ by less across is straight
_LOCK = threading.Lock()  # PDFium is not thread-safe: one document at a time


@dataclass(frozen=True)
class Segment:
    """A horizontal (``"h"``: at y ``pos`` from ``start`` to ``end`` in x) or
    vertical (``"v"``: at x ``pos``, ``start``/``end`` in y) ruling segment."""

    orientation: str
    pos: float
    start: float
    end: float


@dataclass
class Page:
    """One page: its characters (dicts with ``text x0 x1 top bottom``, in the order
    the page draws them; a space is not a character of its own: the character
    after it has ``space`` true) and its ruling segments."""

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def read_pages(data: bytes) -> list[Page]:
    """Every page of the PDF in ``data``; ``ParseError`` if PDFium cannot open it."""
    import pypdfium2 as pdfium

    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower() or "security" in message.lower():
                raise ParseError(
                    "encrypted PDF: it needs a password to open (save an unprotected copy)"
                ) from None
            reason = " ".join(message.split())[:200]
            raise ParseError(f"corrupt PDF ({reason})") from None
        try:
            return [_page(doc[n], n) for n in range(len(doc))]
        finally:
            doc.close()


def _page(page, number: int) -> Page:
    width, height = page.get_size()
    out = Page(number, width, height)
    textpage = page.get_textpage()
    try:
        out.chars = _chars(textpage, height, paragraphs(page))
    finally:
        textpage.close()
    out.segments = _segments(page, height)
    page.close()
    return out


class _Text:
    """PDFium's text functions called with plain addresses: a page has thousands
    of characters, and pypdfium2's typed pointers cost more than the calls."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        c = ctypes
        vp, i, d, f = c.c_void_p, c.c_int, c.c_double, c.c_float

        def bind(fn, restype, *argtypes):
            return c.CFUNCTYPE(restype, *argtypes)(c.cast(fn, vp).value)

        pd, pf = c.POINTER(d), c.POINTER(f)
        self.count = bind(raw.FPDFText_CountChars, i, vp)
        self.text = bind(raw.FPDFText_GetText, i, vp, i, i, c.POINTER(c.c_ushort))
        self.unicode = bind(raw.FPDFText_GetUnicode, c.c_uint, vp, i)
        self.size = bind(raw.FPDFText_GetFontSize, d, vp, i)
        self.box = bind(raw.FPDFText_GetLooseCharBox, i, vp, i, c.POINTER(raw.FS_RECTF))
        self.origin = bind(raw.FPDFText_GetCharOrigin, i, vp, i, pd, pd)
        self.object = bind(raw.FPDFText_GetTextObject, vp, vp, i)
        self.font = bind(raw.FPDFTextObj_GetFont, vp, vp)
        self.descent = bind(raw.FPDFFont_GetDescent, i, vp, f, pf)
        self.mcid = bind(raw.FPDFPageObj_GetMarkedContentID, i, vp)
        self.rect = raw.FS_RECTF


_TEXT: _Text | None = None


def _chars(textpage, height: float, tagged: dict[int, int]) -> list[dict]:
    """The page's characters; on a tagged page each has ``paragraph``, the number
    of the paragraph whose marked content draws it (None outside any)."""
    global _TEXT
    if _TEXT is None:
        _TEXT = _Text()
    t = _TEXT
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    rect = t.rect()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    rect_ref, ox_ref, oy_ref, descent_ref = (ctypes.byref(v) for v in (rect, ox, oy, descent))
    descents: dict[int | None, float] = {}  # a text object's font's descent per point
    chars: list[dict] = []
    n = t.count(tp)
    codes = _codes(t, tp, n)
    # a space PDFium adds between words (no text object) takes the size before it
    last, size, ratio = None, 10.0, -0.2
    box, origin, text_object = t.box, t.origin, t.object
    space = False  # a space came before this character: a word starts here
    paragraph = None
    for i in range(n):
        code = codes[i]
        if code < 32 or code >= 0xD800:
            text = _special(code)
            if text is None:
                continue
        else:
            text = chr(code)
        if text.isspace():
            space = True
            continue
        if not box(tp, i, rect_ref):
            continue
        origin(tp, i, ox_ref, oy_ref)
        obj = text_object(tp, i)
        if obj and obj != last:  # a text object's characters share a font and a size
            last = obj
            if tagged:
                paragraph = tagged.get(t.mcid(obj))
            size = t.size(tp, i)
            ratio = descents.get(obj)
            if ratio is None:
                ratio = -0.2  # a typical descent, when the font does not give one
                font = t.font(obj)
                if font and t.descent(font, 1000.0, descent_ref):
                    ratio = max(-0.5, min(0.0, descent.value / 1000.0))
                descents[obj] = ratio
        bottom = height - (oy.value + ratio * size)
        char = {
            "text": text,
            "x0": ox.value,
            "x1": rect.right,
            "top": bottom - size,
            "bottom": bottom,
        }
        if space:
            char["space"] = True
            space = False
        if tagged:
            char["paragraph"] = paragraph
        chars.append(char)
    return chars


def _special(code: int) -> str | None:
    """The text of a control or high code point; None for one that is not text
    (the line breaks PDFium adds, control codes)."""
    if code in (2, 0xFFFE):  # PDFium's mark for a hyphen that ends a line
        return "-"
    if code == 9:
        return " "
    if code < 32 or code == 0xFFFF:
        return None
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # half a surrogate pair: not a character
    return chr(code)


def _codes(t: _Text, tp: int, n: int) -> list[int]:
    """Every character's code, read in one call (one by one if any lies outside
    the Basic Multilingual Plane, which UTF-16 spells with two units)."""
    buffer = (ctypes.c_ushort * (n + 1))()
    t.text(tp, 0, n, buffer)
    codes = buffer[:n]
    if codes and max(codes) >= 0xD800 and any(0xD800 <= code <= 0xDFFF for code in codes):
        return [t.unicode(tp, i) for i in range(n)]
    return codes


def _segments(page, height: float) -> list[Segment]:
    """The straight pieces of the page's paths, those inside forms included."""
    import pypdfium2.raw as raw

    out: list[Segment] = []
    count = raw.FPDFPage_CountObjects(page)
    objects = [raw.FPDFPage_GetObject(page, k) for k in range(count)]
    _walk(objects, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), height, out, depth=0)
    return out


_MAX_FORM_DEPTH = 8


def _walk(objects, outer, height: float, out: list[Segment], depth: int) -> None:
    import pypdfium2.raw as raw

    matrix = raw.FS_MATRIX()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < _MAX_FORM_DEPTH:
                inner = [
                    raw.FPDFFormObj_GetObject(obj, k)
                    for k in range(raw.FPDFFormObj_CountObjects(obj))
                ]
                _walk(inner, m, height, out, depth + 1)
            continue
        _path(obj, m, height, out)


def _compose(inner, outer):
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path(obj, m, height: float, out: list[Segment]) -> None:
    import pypdfium2.raw as raw

    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add(out, previous, point)
        previous = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _add(out, point, start)
            previous = start


def _add(out: list[Segment], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < _STRAIGHT and abs(x0 - x1) >= _STRAIGHT:
        out.append(Segment("h", (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < _STRAIGHT and abs(y0 - y1) >= _STRAIGHT:
        out.append(Segment("v", (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
