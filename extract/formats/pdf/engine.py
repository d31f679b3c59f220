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
above its top rule by the same fraction of a point as in pdfplumber. Each also
carries its ``baseline``: a glyph drawn from another font (a renderer's fallback
for a ligature, 'ff' in 'Offender') stands on the same baseline with another
descent, so lines are spaced by their baselines (:class:`extract.formats.pdf.lines.Line`).
The size is the font size times its matrix's scale (:func:`_scale`: Word's PDF
makers write ``1 Tf`` and scale the text with ``Tm``). Lines drawn as pagination
artifacts on two pages or more (Word's running headers and footers) are left out
(:mod:`extract.formats.pdf.artifacts`).

Ruling segments are the straight horizontal and vertical pieces of every path
(lines, rectangles' sides, filled hairline rectangles), in page coordinates;
curves and slanted pieces are not rules and are left out
(:mod:`extract.formats.pdf.paths`).

A page is read the way its text runs: where most of its characters run up,
down or upside down on the page (a landscape table drawn turned on a portrait
page, which ``/Rotate`` turns back for the reader; or a page shown sideways),
every position is turned a quarter or a half (:func:`_turn`) so that the text
runs left to right, top to bottom, before anything else reads it.
"""

from __future__ import annotations

import ctypes
import math
import threading
import unicodedata
from dataclasses import dataclass, field

from extract.formats.pdf.artifacts import ARTIFACT, drop_running, is_pagination
from extract.formats.pdf.paths import Segment, Turn, segments
from extract.formats.pdf.tags import paragraphs
from extract.models import ParseError

_LOCK = threading.Lock()  # PDFium is not thread-safe: one document at a time


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
            # 'Failed to load document (PDFium: Data format error).': the library's
            # words in brackets, after what a reader can act on
            reason = " ".join(message.split())[:200].rstrip(".")
            raise ParseError(
                f"corrupt PDF: damaged or cut short, it cannot be opened [{reason}]"
            ) from None
        try:
            pages = [_page(doc[n], n) for n in range(len(doc))]
        finally:
            doc.close()
    drop_running(pages)
    return pages


def _page(page, number: int) -> Page:
    width, height = page.get_size()  # as shown, turned by /Rotate
    if page.get_rotation() in (90, 270):
        width, height = height, width  # the page as drawn: PDFium's positions
    tagged = paragraphs(page)
    textpage = page.get_textpage()
    try:
        chars, quarter = _chars(textpage, height, tagged, None)
        turn = _turn(quarter, width, height)
        if turn is not None:  # most of its text runs another way: read it so
            chars, _ = _chars(textpage, height, tagged, turn)
    finally:
        textpage.close()
    rules = segments(page, turn or (lambda x, y: (x, height - y)))
    page.close()
    if quarter in (90, 270):
        width, height = height, width
    return Page(number, width, height, chars, rules)


def _turn(quarter: int, width: float, height: float) -> Turn | None:
    """A point of the page as drawn (``width`` by ``height``, y up) as it reads
    turned ``quarter`` degrees clockwise (y down from the top); None for no turn
    (the callers' fast path: ``(x, height - y)``)."""
    if quarter == 90:
        return lambda x, y: (y, x)
    if quarter == 180:
        return lambda x, y: (width - x, y)
    if quarter == 270:
        return lambda x, y: (height - y, width - x)
    return None


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
        self.angle = bind(raw.FPDFText_GetCharAngle, f, vp, i)
        self.rect = raw.FS_RECTF
        self.matrix = bind(raw.FPDFText_GetMatrix, i, vp, i, c.POINTER(raw.FS_MATRIX))
        self.matrix_type = raw.FS_MATRIX
        ul = c.c_ulong
        self.marks = bind(raw.FPDFPageObj_CountMarks, i, vp)
        self.mark = bind(raw.FPDFPageObj_GetMark, vp, vp, ul)
        self.mark_name = bind(
            raw.FPDFPageObjMark_GetName, i, vp, c.POINTER(c.c_ushort), ul, c.POINTER(ul)
        )
        self.mark_value_type = bind(raw.FPDFPageObjMark_GetParamValueType, i, vp, c.c_char_p)


_TEXT: _Text | None = None


def _chars(
    textpage, height: float, tagged: dict[int, int], turn: Turn | None
) -> tuple[list[dict], int]:
    """The page's characters, and the quarter turn (0, 90, 180 or 270 degrees
    clockwise) that would set most of them upright. On a tagged page each has
    ``paragraph``, the number of the paragraph whose marked content draws it
    (None outside any). ``turn``: the turn to read them in (:func:`_turn`);
    None to read them as drawn."""
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
    matrix = t.matrix_type()
    matrix_ref = ctypes.byref(matrix)
    name = (ctypes.c_ushort * len(ARTIFACT))()  # a mark's name, if it fits
    artifacts: dict[int, bool] = {}  # a text object: drawn as a pagination artifact
    artifact = False
    chars: list[dict] = []
    n = t.count(tp)
    codes = _codes(t, tp, n)
    # a space PDFium adds between words (no text object) takes the size before it
    last, size, ratio = None, 10.0, -0.2
    box, origin, text_object = t.box, t.origin, t.object
    space = False  # a space came before this character: a word starts here
    paragraph = None
    quarter = 0  # the turn that would set the current text object upright
    turned: dict[int, int] = {}  # characters per turn, but none
    last_obj = None  # the text object of the character before
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
            size = t.size(tp, i) * _scale(t, tp, i, matrix, matrix_ref)
            artifact = artifacts.get(obj)
            if artifact is None:
                artifact = artifacts[obj] = is_pagination(t, obj, name, ctypes.c_ulong())
            # PDFium's angle runs clockwise: text running up the page is at 270
            angle = t.angle(tp, i)  # -1: not known
            quarter = round(4 - angle / (math.pi / 2)) % 4 * 90 if angle > 0 else 0
            ratio = descents.get(obj)
            if ratio is None:
                ratio = -0.2  # a typical descent, when the font does not give one
                font = t.font(obj)
                if font and t.descent(font, 1000.0, descent_ref):
                    ratio = max(-0.5, min(0.0, descent.value / 1000.0))
                descents[obj] = ratio
        if turn is None:
            x0, x1, baseline = ox.value, rect.right, height - oy.value
        else:  # the origin and the box's far corners as the page is shown
            x0, baseline = turn(ox.value, oy.value)
            x1 = max(turn(rect.left, rect.top)[0], turn(rect.right, rect.bottom)[0])
        bottom = baseline - ratio * size
        char = {
            "text": text,
            "x0": x0,
            "x1": x1,
            "top": bottom - size,
            "bottom": bottom,
            "baseline": baseline,
        }
        if artifact:
            char["artifact"] = True
        if quarter:
            turned[quarter] = turned.get(quarter, 0) + 1
        if chars and obj == last_obj and x0 == chars[-1]["x0"] and x1 == chars[-1]["x1"]:
            # PDFium's reading of a ligature glyph ('ﬀ' mapped to U+FB00 or to 'ff'):
            # each of its letters with the glyph's box
            chars[-1]["ligature"] = char["ligature"] = True
        last_obj = obj
        ligature = _LIGATURES.get(text)
        if ligature is not None:  # the glyph given as its codepoint, not its letters
            chars.extend(_letters(char, ligature, space, paragraph if tagged else False))
            space = False
            continue
        if space:
            char["space"] = True
            space = False
        if tagged:
            char["paragraph"] = paragraph
        chars.append(char)
    most = max(turned, key=turned.__getitem__, default=0)
    return chars, most if 2 * turned.get(most, 0) > len(chars) else 0


def _scale(t: _Text, tp: int, i: int, m, m_ref) -> float:
    """How many times its font size character ``i`` is drawn tall: the scale of
    its text matrix (and the page's transformation, which PDFium's matrix holds)
    across its line, |det| / |(a, b)|: the distance between two baselines a
    text-space unit apart. Word's PDFMaker, Distiller, Quartz and Microsoft Print
    to PDF write ``1 Tf`` and size the text by the matrix (``11 0 0 11 x y Tm``);
    a matrix that only condenses or slants the glyphs (``8 0 0 11``, ``11 0 2.2
    11``), turns them or mirrors them leaves the size as tall. 1 where PDFium
    gives no matrix, or one that draws nothing (det 0)."""
    if not t.matrix(tp, i, m_ref):
        return 1.0
    across = math.hypot(m.a, m.b)
    det = abs(m.a * m.d - m.b * m.c)
    return det / across if across > 0 and det > 0 else 1.0


# The Latin ligature codepoints (U+FB00-FB06) and the letters each stands for
# (their NFKC forms). PDFium gives a ligature glyph as its letters, each with the
# glyph's box, whether the font maps it to U+FB00 or to 'ff'; should a character
# still come as the codepoint, the words are read with its letters all the same.
_LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


def _letters(char: dict, letters: str, space: bool, paragraph) -> list[dict]:
    """The character dicts of a ligature glyph's ``letters``, its box shared out
    evenly among them, each marked ``ligature``; ``paragraph`` False on an
    untagged page."""
    width = (char["x1"] - char["x0"]) / len(letters)
    out = []
    for k, letter in enumerate(letters):
        x0 = char["x0"] + k * width
        piece = {**char, "text": letter, "x0": x0, "x1": x0 + width, "ligature": True}
        if space and k == 0:
            piece["space"] = True
        if paragraph is not False:
            piece["paragraph"] = paragraph
        out.append(piece)
    return out


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
