"""Words of a PDF page into lines, and lines into a cell's text.

Pure helpers for the PDF layout readers (:mod:`extract.formats.pdf.read`,
:mod:`extract.formats.pdf.unruled`): words are word dicts (``text``, ``x0``,
``x1``, ``top``, ``bottom``). A cell's lines are joined with spaces, a word
hyphenated at a line end is joined up ("self-" + "harm" → "self-harm", "2019-" +
"20" → "2019-20"), and paragraphs (lines separated by more than a line's usual
gap) become ``<p>…</p>`` items, as in the Word-table text layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median, median_low

LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line
PARAGRAPH_GAP = 0.6  # a vertical gap above this many line heights starts a paragraph
_HYPHEN_END = re.compile(r"[A-Za-z]-$")
_NUMBER_HYPHEN_END = re.compile(r"\d-$")  # 'Q4 2019-' / '20': a range of years


def hyphenated(end: str, start: str) -> bool:
    """Does a line ending ``end`` carry a word on into a line starting ``start``?

    A word hyphenated at the line end ("self-" / "harm", "pre-" / "Covid",
    "Covid-" / "19"), or a range of numbers ("2019-" / "20"). A hyphen set
    straight after a letter is not a dash (a dash is spaced: "Governor -").
    """
    return bool(
        (_HYPHEN_END.search(end) and start[:1].isalnum())
        or (_NUMBER_HYPHEN_END.search(end) and start[:1].isdigit())
    )


class _once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock (Python 3.11 takes one on
    every first read, a cost the PDF reader pays on tens of thousands of lines):
    the value is kept in the instance's ``__dict__``, which later reads find first."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass
class Line:
    """One line of words on a page, left to right. Its measures are taken once,
    when first asked for: its words are complete by then (``group_lines``)."""

    page: int
    words: list[dict] = field(default_factory=list)

    @_once
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @_once
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @_once
    def baseline(self) -> float:
        """Where the line stands: the baseline most of its words stand on (their
        ``bottom`` where the words carry none), which a glyph from another font's
        deeper descent does not move."""
        return median_low([w.get("baseline", w["bottom"]) for w in self.words])

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @_once
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @_once
    def height(self) -> float:
        """The size its words are set in (their box where they carry no size)."""
        return median_low([w.get("size", w["bottom"] - w["top"]) for w in self.words])

    def text(self) -> str:
        return self._text

    @_once
    def _text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def group_lines(words: list[dict], page: int = 0) -> list[Line]:
    """Words into lines by their tops, each line left to right, lines top to bottom."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1].words[0]["top"] - word["top"]) < LINE_TOLERANCE:
            lines[-1].words.append(word)
        else:
            lines.append(Line(page, [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


_CLOSING = frozenset(")]},.;:")  # set against the word before: a line starting so joins it


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one string; a hyphenated line end joined to the next
    word, and a line starting with closing punctuation to the word before ('Humberside'
    / ')': a renderer may wrap it alone)."""
    out = lines[0]
    for line in lines[1:]:
        if hyphenated(out, line) or line[:1] in _CLOSING:
            out += line  # hyphenated at the line end, or closing what came before
        else:
            out += " " + line
    return out


def paragraph_gap(height: float) -> float:
    """The vertical gap (points) above which the next line starts a new paragraph."""
    return PARAGRAPH_GAP * height


def cell_text(spans: list[tuple[float, float, str]], height: float | None = None) -> str:
    """A cell's lines (top, bottom, text), top to bottom: joined, paragraphs as ``<p>`` items."""
    if not spans:
        return ""
    if height is None:
        height = median(b - t for t, b, _ in spans)
    paragraphs: list[list[str]] = [[]]
    previous_bottom = None
    for top, bottom, text in spans:
        if previous_bottom is not None and top - previous_bottom > paragraph_gap(height):
            paragraphs.append([])
        paragraphs[-1].append(text)
        previous_bottom = bottom
    texts = [join_lines(p) for p in paragraphs if p]
    if len(texts) == 1:
        return texts[0]
    return " ".join(f"<p>{t}</p>" for t in texts)


def rejoin_hyphenated(lines: list[str]) -> list[str]:
    """Prose lines with a word hyphenated at a line end joined on the first line.

    "support for self-" / "harmed prisoners" → "support for self-harmed" / "prisoners".
    """
    out = list(lines)
    for i in range(len(out) - 1):
        nxt = out[i + 1]
        if hyphenated(out[i], nxt):
            head, _, rest = nxt.partition(" ")
            out[i] += head
            out[i + 1] = rest.lstrip()
    return [line for line, before in zip(out, lines, strict=True) if line or not before]
