"""Would a word have fitted? A ruled cell's line ends read against its right limit.

Pure: a :class:`~extract.formats.pdf.cell.Cell` and the document's
:class:`~extract.formats.pdf.cell.Layout` in, a measure or a yes or no out. A
renderer wraps only a word that does not fit, so what a next line's first word
would have left on the line above tells a wrapped line from a paragraph's end;
a line of one word running to the limit may be a word broken at the edge; a
line ending in a slash may have had a space after it or not.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.formats.pdf.cell import Cell, Layout, words_of

SLASHED = re.compile(r"[^\W\d_]/$")  # 'Governor/' ending a line (or a word)

# A line may not start with these (Unicode line breaking: closing punctuation,
# "/", "!", "?", ",", ".", ":", ";" are never moved to a new line on their own,
# even after a space): the word before them wraps with them.
_NO_START = frozenset(")]}!?,.:;/")


def limit(cell: Cell) -> float:
    """Where the cell's lines may run to: its right edge less its left inset."""
    if cell.limit is None:
        x0, _, x1, _ = cell.box
        inset = max(0.0, min(line.x0 for line in cell.lines) - x0)
        cell.limit = max(x1 - inset, max(line.x1 for line in cell.lines))
    return cell.limit


def fills(cell: Cell, k: int) -> bool:
    """Is line ``k`` one word running to the cell's right limit, less than a
    character and a half short of it (a word the renderer may have had to break)?"""
    line = cell.lines[k]
    if len(line.words) != 1:
        return False
    word = line.words[0]
    char = (word["x1"] - word["x0"]) / max(1, len(word["text"]))
    return limit(cell) - line.x1 < 1.5 * char + 0.5


def room(cell: Cell, k: int, layout: Layout) -> float:
    """Points to spare had line ``k``'s first word (with what may not be parted
    from it) been set at the end of the line above: negative where it would not fit."""
    above, words = cell.lines[k - 1], cell.lines[k].words
    j = 0
    while j + 1 < len(words) and words[j + 1]["text"][:1] in _NO_START:
        j += 1
    width = words[j]["x1"] - words[0]["x0"]
    return limit(cell) - (above.x1 + layout.word_space(above.height) + width)


def would_fit(cell: Cell, k: int, layout: Layout) -> bool:
    """Would line ``k``'s first word have fitted at the end of the line above
    (within half a point: what is measured, not what is sure)?"""
    return room(cell, k, layout) >= -0.5


def surely_fits(cell: Cell, k: int, layout: Layout, unspaced: bool) -> bool:
    """Would line ``k``'s first word have fitted as measured, with no tolerance?
    A word that misses by a fraction of a point ('Head of' / 'Learning and
    Skills', 0.45 pt short) was wrapped: it is no proof of a paragraph's end.
    ``unspaced``: the document sets its paragraphs apart and this line has no
    space above it, which says it wrapped: only a word with a clear point to
    spare says otherwise ('August' / '2023' fits by 0.01 pt)."""
    return room(cell, k, layout) >= (1.0 if unspaced else 0.0)


def broken(cell: Cell, k: int, layout: Layout) -> bool:
    """Is the last word of line ``k - 1`` the first piece of a word broken at the edge?

    A renderer breaks only a word too wide for a line of its own ('Accommodatio' /
    'n' in a narrow column; 'find accommodati' / 'on for every prisoner.' in a
    narrow prose column), setting every letter that fits: so the line runs to the
    cell's right limit with less room left than the next line's first letter
    needs ('Assignment' with 6 pt to spare is not 'Assignment' / 'is'), and, on
    a line of several words, the two pieces together are wider than the cell's
    lines may run (a word that fits a line of its own is moved there). The pieces are
    both letters or both digits where they meet, and the document uses the two
    as one word elsewhere, or uses neither piece on its own, or the second piece
    is lower case and no word of its own ('Decembe' / 'r', 'Complete' / 'd': a
    word; 'Complete' / 'February', either used elsewhere, or 'Immediate' / 'and':
    two). A capital after a small letter starts a word of its own ('Complete' /
    'Complete' in a column so narrow that the word always fills its line).
    """
    above, line = cell.lines[k - 1], cell.lines[k]
    last, first = above.words[-1], line.words[0]
    head, tail = last["text"], first["text"]
    letter = first.get("w0", (first["x1"] - first["x0"]) / max(1, len(tail)))
    right = limit(cell)
    if right - above.x1 >= letter + 0.5:
        return False  # the tail's first letter would have fitted: not broken there
    if len(above.words) > 1 and not _too_wide(cell, last, first, right):
        return False  # a word that shares its line was too wide for one alone
    a, b = head[-1:], tail[:1]
    if not ((a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())):
        return False
    if b.isupper() and not a.isupper():
        return False  # 'Complete' / 'Complete': a word goes on in its own case
    head_run, tail_run = words_of(head)[-1], words_of(tail)[0]
    words = layout.words
    if words[head_run + tail_run]:
        return True
    if len(above.words) > 1:
        # counted here as a word of the document: one used nowhere else before a
        # line going on in lower case may be half a word ('a accommodat' / 'ion')
        if b.islower() and words[head_run] <= 1:
            cell.break_guessed = True
        return False
    if b.islower() and not is_word(tail_run, words):
        return True
    if not is_word(head_run, words):
        if not is_word(tail_run, words):
            return True
        if b.islower() and _too_wide(cell, last, first, right):
            # 'accommodati' / 'on' or 'Immediate' / 'and': no word of the
            # document either way, and too wide for a line as one: a guess
            cell.break_guessed = True
    return False


def _too_wide(cell: Cell, last: dict, first: dict, right: float) -> bool:
    """Would ``last`` and ``first`` as one word be wider than the cell's lines may
    run (so a renderer had to break it)?"""
    left = min(line.x0 for line in cell.lines)
    return (last["x1"] - last["x0"]) + (first["x1"] - first["x0"]) > right - left


def is_word(word: str, words: Counter[str]) -> bool:
    """Is ``word`` a word of the document (used elsewhere, not as a broken piece)?
    One letter is a word only if it is 'a' or 'i'."""
    if len(word) == 1 and word.isalpha():
        return word in ("a", "i")
    return words[word] > 0


def after_slash(cell: Cell, k: int, layout: Layout) -> str:
    """A line ending in a slash after a letter ('Governor/') and the next line's
    word: one token ('Governor/HMPPS', "glued") or a slash and a space
    ('Reoffending/ Youth', "line")? A renderer may break after a slash either way.
    Had there been no space, a next word that fits after the slash as measured
    would have stayed on the line: so a space; otherwise the document's own way
    of setting a slash between words, whole where it is set so more often (a
    guess: the cell's ``slash_guessed`` says so)."""
    above, words = cell.lines[k - 1], cell.lines[k].words
    if limit(cell) - (above.x1 + words[0]["x1"] - words[0]["x0"]) >= 0:
        return "line"
    cell.slash_guessed = True
    return "glued" if layout.slashes > 0 else "line"
