"""Running headers and footers a PDF marks as pagination artifacts.

Word (and Acrobat's PDFMaker) draws a document's headers and footers inside
``/Artifact`` marked content: ``/Artifact <</Type /Pagination /Subtype /Footer
/Attached [/Bottom]>> BDC … EMC``, text that is not the document's own (ISO
32000-1, 14.8.2.2). Left in, a two-line footer stands between the halves of a
table row split by a page break, and the row is read as two. The engine flags
each character its text object draws so (:func:`is_pagination`); a line of such
characters is left out where it is drawn so on two pages or more, numbers aside
(:func:`drop_running`), so a header on the first page alone (a title, a date)
is still read.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from typing import Protocol


class _Page(Protocol):
    chars: list[dict]


# a mark's name as PDFium gives it: UTF-16 code units, ending in a NUL
ARTIFACT = tuple(map(ord, "Artifact\0"))
# numbers, arabic or roman (page numbers: "iii", "XIV"), are "#" in a line's text
_NUMBERS = re.compile(r"\d+|\b(?:[ivxlcdm]+|[IVXLCDM]+)\b")


def is_pagination(t, obj: int, name, size) -> bool:
    """Whether text object ``obj`` is drawn as a pagination artifact: inside
    ``/Artifact`` marked content with a ``/Subtype`` (Header, Footer, Watermark)
    or ``/Attached`` (the page edges it belongs to), properties the standard
    gives pagination artifacts alone (``/Attached`` also a full-page background,
    no more the document's text). PDFium reads no name values of a mark's
    properties (``/Pagination``), so the properties present tell the type. An
    untyped artifact is not one: LibreOffice draws a table's header row repeated
    on a new page so, which the table reader needs, and Word a chart's axis
    labels. ``t``: the engine's bound PDFium functions; ``name``: a buffer of
    ``len(ARTIFACT)`` UTF-16 units; ``size``: a c_ulong for the length PDFium gives."""
    size_ref = ctypes.byref(size)
    for k in range(t.marks(obj)):
        mark = t.mark(obj, k)
        if (
            mark
            and t.mark_name(mark, name, 2 * len(ARTIFACT), size_ref)
            and size.value == 2 * len(ARTIFACT)
            and tuple(name) == ARTIFACT
        ):
            return bool(t.mark_value_type(mark, b"Subtype") or t.mark_value_type(mark, b"Attached"))
    return False


def drop_running(pages: list[_Page]) -> None:
    """Each page's characters less its running artifact lines: characters flagged
    ``artifact`` sharing a baseline, whose text (numbers aside) is drawn so on
    two pages or more. The flag is taken off the characters kept."""
    found = [_lines([c for c in page.chars if "artifact" in c]) for page in pages]
    counts = Counter(key for lines in found for key in set(lines))
    for page, lines in zip(pages, found, strict=True):
        if not lines:
            continue
        running = {id(c) for key, chars in lines.items() if counts[key] >= 2 for c in chars}
        kept: list[dict] = []
        space = False  # a word started at a character left out: it starts at the next
        for c in page.chars:
            c.pop("artifact", None)
            if id(c) in running:
                space = space or "space" in c
                continue
            if space:
                c["space"], space = True, False
            kept.append(c)
        page.chars = kept


def _lines(chars: list[dict]) -> dict[str, list[dict]]:
    """Characters on one baseline (within a fifth of their height), left to
    right, by their text with numbers, arabic or roman, as '#' (lines of the
    same text joined)."""
    out: dict[str, list[dict]] = {}
    line: list[dict] = []

    def close() -> None:
        if line:
            line.sort(key=lambda c: c["x0"])
            text = "".join((" " if c.get("space") else "") + c["text"] for c in line)
            out.setdefault(_NUMBERS.sub("#", text.strip()), []).extend(line)
            line.clear()

    for c in sorted(chars, key=lambda c: c["baseline"]):
        if line and c["baseline"] - line[0]["baseline"] > 0.2 * (c["bottom"] - c["top"]):
            close()
        line.append(c)
    close()
    return out
