"""The source text as the pane shows it, with an exact map back to the stored text.

The stored text (``documents.text``) is what the parser read, and every span
indexes into it, so it is never changed. What the reviewer reads is made from
it by replacing a few stretches of markup and line ends:

* paragraph markup in a table row (``<p>`` … ``</p>``, the Word-table layout):
  the tags are dropped, a paragraph break inside a cell becomes a line break,
  and once a row's first paragraph has begun each cell starts a new block
  (a blank line before it), so a response's paragraphs, owners and dates read
  down the pane instead of as one long line;
* hard-wrapped lines (an IRP report read from a PDF, lines about as long as
  each other): a line end inside a paragraph becomes a space (nothing after a
  space or a hyphen), so the pane wraps the paragraph at its own width
  instead of wrapping each printed line again into orphans;
* every other line end becomes ``\\n``.

Everything else is copied character for character. ``ShownText`` keeps the
pieces, each a stretch of the stored text and what stands for it on screen,
either copied or replaced. Offsets go both ways: a stored span to the shown
characters that stand for it (``shown_span``), and a selection on screen to the
stored text it covers (``stored_span``), which takes in the whole of any
replaced markup it touches. Pure: no Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# every line end str.splitlines knows
LINE_END = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
TAG = re.compile(r"</?p>", re.IGNORECASE)
# a run of paragraph tags and the blanks around them, or of tabs (cell breaks)
MARKUP_RUN = re.compile(r"[ \t]*(?:</?p>[ \t]*)+|\t+", re.IGNORECASE)
# a line that starts a paragraph of its own: a numbered paragraph, a list item
NEW_PARAGRAPH = re.compile(
    r"\s*(?:\d+(?:\.\d+)+\.?\s|\d{1,2}[.)]\s|\(?[a-z0-9]{1,3}\)\s|[•▪◦‣●○■□*·–—-]\s)"
)
SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*$")

# a hard-wrapped document: its printed lines are at most this long
MAX_WRAP_WIDTH = 200
MIN_WRAPPED_LINES = 8
LONG_LINE = 0.6  # a line this share of the wrap width long was wrapped, not ended


@dataclass(frozen=True)
class ShownText:
    """The shown text and its pieces: piece ``i`` is stored ``stored[i]..stored[i+1]``,
    shown as ``shown[i]..shown[i+1]``, copied (the same characters) or replaced."""

    text: str
    stored: tuple[int, ...]  # each piece's stored start, then the stored length
    shown: tuple[int, ...]  # each piece's shown start, then the shown length
    copied: tuple[bool, ...]

    @property
    def stored_length(self) -> int:
        return self.stored[-1]

    def source_of(self, offset: int) -> tuple[int, int]:
        """The stored characters that the shown character at ``offset`` stands for:
        one for a copied character, the whole replaced stretch for a replaced one."""
        if not 0 <= offset < len(self.text):
            raise IndexError(offset)
        piece = bisect_right(self.shown, offset) - 1
        if self.copied[piece]:
            at = self.stored[piece] + offset - self.shown[piece]
            return (at, at + 1)
        return (self.stored[piece], self.stored[piece + 1])

    def to_shown(self, offset: int, *, end: bool = False) -> int:
        """The shown offset of a stored offset. Inside replaced markup a start moves
        to the start of what stands for it, an ``end`` to its end."""
        offset = max(0, min(offset, self.stored_length))
        if end:
            piece = max(0, bisect_left(self.stored, offset) - 1)
        else:
            piece = min(bisect_right(self.stored, offset) - 1, len(self.copied) - 1)
        if piece < 0:
            return 0
        if self.copied[piece]:
            return self.shown[piece] + offset - self.stored[piece]
        inside = self.stored[piece] < offset < self.stored[piece + 1]
        if offset == self.stored[piece] or (inside and not end):
            return self.shown[piece]
        return self.shown[piece + 1]

    def to_stored(self, offset: int, *, end: bool = False) -> int:
        """The stored offset of a shown offset (a place between characters). Where
        markup shows as nothing, a start takes it in before the place, an ``end``
        after it; inside replaced markup both move out to its edges."""
        offset = max(0, min(offset, len(self.text)))
        if end:
            ends = self.shown[1:]
            piece = bisect_right(ends, offset) - 1  # the last piece ending at or before
            if piece >= 0 and ends[piece] == offset:
                return self.stored[piece + 1]
            piece += 1  # the piece the place is inside
        else:
            count = len(self.copied)
            piece = bisect_left(self.shown, offset, hi=count)  # the first piece starting here
            if piece < count and self.shown[piece] == offset:
                return self.stored[piece]
            if offset >= len(self.text):
                return self.stored_length
            piece -= 1  # the place is inside the piece before
        if self.copied[piece]:
            return self.stored[piece] + offset - self.shown[piece]
        return self.stored[piece + 1] if end else self.stored[piece]

    def shown_span(self, start: int, end: int) -> tuple[int, int]:
        """The shown characters that stand for stored ``start``..``end``: exactly
        those whose stored characters meet the span."""
        if end <= start:
            at = self.to_shown(start)
            return (at, at)
        return (self.to_shown(start), self.to_shown(end, end=True))

    def stored_span(self, start: int, end: int) -> tuple[int, int]:
        """The stored text a shown selection ``start``..``end`` covers (``start`` may
        be after ``end``, as a selection made upwards is)."""
        start, end = min(start, end), max(start, end)
        if end == start:
            at = self.to_stored(start)
            return (at, at)
        return (self.to_stored(start), self.to_stored(end, end=True))


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.stored: list[int] = []
        self.shown: list[int] = []
        self.copied: list[bool] = []
        self.at = 0  # stored offset reached
        self.length = 0  # shown length reached

    def copy_to(self, end: int, text: str) -> None:
        """Copy the stored text from where the last piece ended up to ``end``."""
        if end <= self.at:
            return
        if self.copied and self.copied[-1]:
            pass  # the piece before is a copy too: it just grows
        else:
            self._start(copied=True)
        self.parts.append(text[self.at : end])
        self.length += end - self.at
        self.at = end

    def replace(self, start: int, end: int, shown: str, text: str) -> None:
        """Show ``shown`` for stored ``start``..``end`` (copying up to ``start`` first)."""
        self.copy_to(start, text)
        if end <= start:
            return
        self._start(copied=False)
        self.parts.append(shown)
        self.length += len(shown)
        self.at = end

    def _start(self, *, copied: bool) -> None:
        self.stored.append(self.at)
        self.shown.append(self.length)
        self.copied.append(copied)

    def done(self, text: str) -> ShownText:
        self.copy_to(len(text), text)
        if not self.copied:  # no text: one empty copied piece keeps the lookups simple
            self._start(copied=True)
        shown = "".join(self.parts)
        return ShownText(
            text=shown,
            stored=(*self.stored, len(text)),
            shown=(*self.shown, len(shown)),
            copied=tuple(self.copied),
        )


def _wrap_width(lines: list[tuple[int, int, int]], text: str) -> int | None:
    """The width a hard-wrapped text was printed at, or None when it was not:
    most of its prose lines (no tabs, no markup) about as long as the longest."""
    lengths = sorted(len(text[a:b].rstrip()) for a, b, _ in lines if _is_prose(text, a, b))
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = lengths[(len(lengths) * 9) // 10]
    if width > MAX_WRAP_WIDTH:
        return None
    long = sum(1 for n in lengths if n >= LONG_LINE * width)
    return width if long * 2 >= len(lengths) else None


def _is_prose(text: str, start: int, end: int) -> bool:
    line = text[start:end]
    return bool(line.strip()) and "\t" not in line and not TAG.search(text, start, end)


def _wrapped(text: str, line: tuple[int, int, int], following: tuple[int, int, int], width: int):
    """Whether the end of ``line`` is a printed line's end inside a paragraph."""
    a, b, _ = line
    c, d, _ = following
    if not (_is_prose(text, a, b) and _is_prose(text, c, d)):
        return False
    body = text[a:b].rstrip()
    if len(body) < LONG_LINE * width or body.endswith(":"):
        return False
    if SENTENCE_END.search(body) and len(text[c:d].rstrip()) < LONG_LINE * width:
        return False  # a short line after a full stop: a row of its own (a judgement)
    return NEW_PARAGRAPH.match(text, c, d) is None


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end without its line end, end with it) of each line."""
    lines, start = [], 0
    for match in LINE_END.finditer(text):
        lines.append((start, match.start(), match.end()))
        start = match.end()
    if start < len(text) or not lines:
        lines.append((start, len(text), len(text)))
    return lines


def _paragraph_markup(text: str, start: int, end: int, out: _Builder) -> None:
    """A table row with paragraph markup: tags dropped, paragraphs on lines of their
    own, each cell after the row's first paragraph a block of its own."""
    begun = False  # a paragraph has begun on this line
    for match in MARKUP_RUN.finditer(text, start, end):
        run = match.group()
        has_tag = TAG.search(run) is not None
        if not begun:
            # cells before the first paragraph stay on the line: their tabs kept ('5.1',
            # then its text); where two or more came before, the cell that starts with a
            # paragraph is a block of its own ('8.1 … (S37)  Agreed', then the response)
            if has_tag:
                tabs = run.count("\t") * "\t"
                if tabs and "\t" in text[start : match.start()]:
                    tabs = "\n\n"
                elif not tabs and " " in run and match.start() > start:
                    tabs = " "  # words on either side stay apart
                out.replace(match.start(), match.end(), tabs, text)
                begun = True
        elif match.end() >= end:
            out.replace(match.start(), match.end(), "", text)  # markup ending the line
        elif "\t" in run:
            out.replace(match.start(), match.end(), "\n\n", text)  # the next cell
        else:
            out.replace(match.start(), match.end(), "\n", text)  # the next paragraph


def render(text: str) -> ShownText:
    """What the source pane shows for ``text``, with its map back to ``text``."""
    out = _Builder()
    lines = _lines(text)
    width = _wrap_width(lines, text)
    for index, (start, end, after) in enumerate(lines):
        if TAG.search(text, start, end):
            _paragraph_markup(text, start, end, out)
        if after == end:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            width is not None
            and following is not None
            and _wrapped(text, (start, end, after), following, width)
        ):
            body = text[start:end]
            hyphen = body.endswith("-") and body[-2:-1].isalpha()
            joined = "" if body[-1:].isspace() or hyphen else " "
            out.replace(end, after, joined, text)
        elif text[end:after] != "\n":
            out.replace(end, after, "\n", text)
    return out.done(text)
