"""A tagged PDF's paragraphs: which marked content belongs to which paragraph.

Word's "Save as PDF" (and LibreOffice's, when asked) tags the document: a
structure tree of Table / TR / TD / P elements, each P owning the *marked
content* (numbered by MCID) its text is drawn in, one or more pieces per
paragraph. Where a page has such a tree, a cell's paragraphs need no guessing:
two lines drawn in the marked content of different paragraphs are two
paragraphs (:mod:`extract.formats.pdf.cells`).

Pure apart from PDFium: a page in, ``{MCID: paragraph number}`` out (numbers
count a page's paragraph elements in tree order), empty for an untagged page.
An MCID two paragraphs claim (an element continued over pages lists the other
page's MCIDs too) is left out: its text is read by geometry.
"""

from __future__ import annotations

import ctypes

# structure types that hold a paragraph's text (PDF 32000-1, 14.8.4)
_BLOCKS = frozenset(
    {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "LBody", "Lbl", "Caption", "TOCI"}
)
_MAX_ELEMENTS = 100_000  # a tree larger than any document's page: read no further


def paragraphs(page) -> dict[int, int]:
    """The paragraph (by number) each MCID of the page's marked content belongs to."""
    import pypdfium2.raw as raw

    tree = raw.FPDF_StructTree_GetForPage(page)
    if not tree:
        return {}
    found: dict[int, set[int]] = {}
    try:
        budget = [_MAX_ELEMENTS]
        count = [0]
        for i in range(raw.FPDF_StructTree_CountChildren(tree)):
            child = raw.FPDF_StructTree_GetChildAtIndex(tree, i)
            if child:
                _walk(raw, child, None, found, count, budget)
    finally:
        raw.FPDF_StructTree_Close(tree)
    # an element continued on another page lists that page's MCIDs too, and they
    # may be this page's numbers for other paragraphs: such an MCID says nothing
    return {mcid: next(iter(blocks)) for mcid, blocks in found.items() if len(blocks) == 1}


def _walk(raw, element, block: int | None, out: dict[int, set[int]], count, budget) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        return
    if _type(raw, element) in _BLOCKS:
        count[0] += 1
        block = count[0]
    if block is not None:
        for k in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element)):
            mcid = raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, k)
            if mcid >= 0:
                out.setdefault(mcid, set()).add(block)
    for j in range(raw.FPDF_StructElement_CountChildren(element)):
        child = raw.FPDF_StructElement_GetChildAtIndex(element, j)
        if child:
            _walk(raw, child, block, out, count, budget)


def _type(raw, element) -> str:
    size = raw.FPDF_StructElement_GetType(element, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDF_StructElement_GetType(element, buffer, size)
    return buffer.raw.decode("utf-16-le", errors="replace").rstrip("\x00")
