"""A ruled cell and what a document's cells measure: the records the cell readers share.

Pure data: :class:`Cell` (a ruled cell's box and lines, and what is worked out
about it once) and :class:`Layout` (line pitch, word space, paragraph spacing
and the words of the whole document), made by
:func:`extract.formats.pdf.cells.measure` and read by :mod:`.fit`, :mod:`.lists`
and :mod:`.cells`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from extract.formats.pdf.lines import Line
from extract.formats.pdf.paths import Box

_RUN = re.compile(r"[^\W_]+")
_SPACE = 0.28  # a word space, in line heights, when none can be measured


@dataclass
class Cell:
    """A ruled cell: its box and its lines, top to bottom (across a page break when
    continued: ``page_breaks`` holds the index of each line that starts a page)."""

    box: Box
    lines: list[Line] = field(default_factory=list)
    page_breaks: set[int] = field(default_factory=set)
    heading: bool = False  # in a table's first row: labels, never a list
    limit: float | None = field(default=None, repr=False)  # see fit.limit
    # the Layout it was read with, and each boundary's evidence (cells.evidence_of)
    evidence: tuple[Layout, list[str]] | None = field(default=None, repr=False)
    slash_guessed: bool = field(default=False, repr=False)  # see fit.after_slash
    break_guessed: bool = field(default=False, repr=False)  # see fit.broken


@dataclass
class Layout:
    """What the document's cells measure: line pitch per line height, a word
    space, whether paragraphs are set apart, and the words it uses."""

    pitch: dict[float, float] = field(default_factory=dict)
    space: float | None = None
    spaced: bool = False  # over the document's cells
    # per column (a cell box's rounded edges): True or False where the column's
    # own cells show it, None where they do not (see cells.measure)
    columns: dict[tuple[int, int], bool | None] = field(default_factory=dict)
    words: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)
    known_prefixes: set[str] = field(default_factory=set)  # see lists.prefixes
    # first words of paragraphs whose start is certain, and of lines certainly
    # going on a paragraph ('Head' starts owners, 'Reoffending' goes on one)
    starts: Counter[str] = field(default_factory=Counter)
    goes_on: Counter[str] = field(default_factory=Counter)
    neighbours: set[tuple[str, str]] = field(default_factory=set)  # words side by side
    slashes: int = 0  # 'Governor/HMPPS' set whole, less 'Reoffending/ Youth' set apart

    def spaced_at(self, cell: Cell) -> bool | None:
        """Does the cell's column set its paragraphs apart (None: not shown)?"""
        return self.columns.get(column_of(cell))

    def line_pitch(self, height: float) -> float:
        return self.pitch.get(key(height), 1.15 * height)

    def word_space(self, height: float) -> float:
        return self.space if self.space is not None else _SPACE * height


def key(height: float) -> float:
    return round(height * 2) / 2


@lru_cache(maxsize=1 << 16)
def words_of(text: str) -> tuple[str, ...]:
    """The words of a token, lower case: 'Agreed/Partly' → 'agreed', 'partly'
    (a document says the same tokens over and over: each is read once)."""
    return tuple(_RUN.findall(text.lower()))


def column_of(cell: Cell) -> tuple[int, int]:
    """The column a cell stands in: its box's left and right edges, rounded."""
    return round(cell.box[0]), round(cell.box[2])
