"""Cell text helpers shared by the layout readers and the interpreter.

Cells of the text layouts hold plain text or HTML-ish paragraphs
(``<p>…</p>``, ``<ul>``/``<ol>`` lists). These helpers turn a raw cell into
clean text or into its list of paragraph items.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

_TAG = re.compile(r"<[^>]*>")
_PARA_SPLIT = re.compile(r"</p>|<br\s*/?>|</li>", re.I)
_WS = re.compile(r"\s+")
# bullet glyphs and private-use characters (symbol-font bullets from PDF/Word exports)
_GLYPHS = re.compile("[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\ue000-\uf8ff]")


def clean(text: str | None) -> str:
    """Tags removed, entities decoded, whitespace collapsed."""
    if not text:
        return ""
    return _clean(text)


@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    # a table's cells are cleaned many times over (roles, fits, interpretation): cached
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _GLYPHS.sub(" ", text)
    return " ".join(text.split())  # str.split() and re's \s agree on what is whitespace


_P_TAG = re.compile(r"<p\b", re.I)


def has_paragraphs(raw: str) -> bool:
    return "<" in raw and _P_TAG.search(raw) is not None


def paragraphs(raw: str | None) -> list[str]:
    """The cell's ``<p>`` items (cleaned, empties dropped), or the whole cell as one item."""
    if not raw or not raw.strip():
        return []
    if not has_paragraphs(raw):
        text = clean(raw)
        return [text] if text else []
    items = [clean(part) for part in _PARA_SPLIT.split(raw)]
    return [item for item in items if item]


def list_items(raw: str | None) -> list[str]:
    """Items of an owner/target cell: ``<p>`` items kept in place, empties kept as ''.

    Unlike :func:`paragraphs`, empty ``<p></p>`` items are kept so that two
    parallel lists stay aligned.
    """
    if not raw or not raw.strip():
        return []
    if not has_paragraphs(raw):
        text = clean(raw)
        return [text] if text else []
    parts = re.findall(r"<p\b[^>]*>(.*?)(?:</p>|$)", raw, re.I | re.S)
    return [clean(p) for p in parts]


def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """True when the text ends like a finished sentence or a closed bracket."""
    t = text.rstrip()
    return bool(t) and t[-1] in ".!?)\u201d\"'"


@dataclass
class Cell:
    """One cell of a table line: its raw text and where it sits in the document."""

    raw: str
    start: int
    end: int
    # the cleaned text, worked out on first use (a table's cells are read many
    # times over; functools.cached_property takes a lock on every read in 3.11)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = self._text = clean(self.raw)
        return text
