"""A PDF page's characters into words, as pdfplumber's ``extract_words`` makes them.

Pure: character dicts (``text x0 x1 top bottom``, and ``baseline`` where the
engine gives it) in, word dicts of the same keys out. Characters whose tops lie within ``Y_TOLERANCE`` of one another (chained)
are one line, read left to right; a word ends at a space (a space character,
or a character marked ``space``: one came before it) or where the next
character starts more than ``X_TOLERANCE`` points after it, or back before it.
A space reported beside a ligature glyph whose box touches its neighbours' is
no word break (:func:`_ligature_joint`).
"""

from __future__ import annotations

from operator import itemgetter
from statistics import median_low

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
LIGATURE_GAP = 0.1  # of the font size: a space is some 0.25


def extract_words(chars: list[dict]) -> list[dict]:
    """The words of ``chars``, line by line from the top, left to right."""
    words: list[dict] = []
    for line in _lines(chars):
        line.sort(key=_X0)
        current: list[dict] = []
        last = None
        for char in line:
            if char["text"].isspace():
                if current:
                    words.append(_word(current))
                    current = []
                last = None
                continue
            if last is not None and (
                ("space" in char and not _ligature_joint(last, char))
                or char["x0"] > last["x1"] + X_TOLERANCE
                or char["x0"] < last["x0"]
            ):
                words.append(_word(current))
                current = []
            current.append(char)
            last = char
        if current:
            words.append(_word(current))
    return words


def _ligature_joint(last: dict, char: dict) -> bool:
    """Do ``last`` and ``char`` touch at a ligature glyph? A renderer may draw a
    ligature ('ff' in 'Offender') apart from the letters around it, in a text
    object of its own (a fallback font's glyph), and PDFium then reports a space
    before the glyph and before the letters after it; where the boxes touch (less
    than ``LIGATURE_GAP`` of the size apart, or overlapping) the word runs on."""
    if "ligature" not in last and "ligature" not in char:
        return False
    size = char["bottom"] - char["top"]
    return char["x0"] - last["x1"] < LIGATURE_GAP * size


_X0 = itemgetter("x0")
_X1 = itemgetter("x1")
_TOP = itemgetter("top")
_BOTTOM = itemgetter("bottom")
_TEXT = itemgetter("text")
_BASELINE = itemgetter("baseline")


def _most(values: list[float]) -> float:
    """What most of ``values`` are: the first where it is more than half of them
    (almost always: one font, one line), else their low median."""
    return values[0] if 2 * values.count(values[0]) > len(values) else median_low(values)


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Characters whose tops lie within ``Y_TOLERANCE`` of the one before, top down."""
    lines: list[list[dict]] = []
    last = None
    for char in sorted(chars, key=_TOP):
        top = char["top"]
        if last is None or top - last > Y_TOLERANCE:
            lines.append([char])
        else:
            lines[-1].append(char)
        last = top
    return lines


def _word(chars: list[dict]) -> dict:
    word = {
        "text": "".join(map(_TEXT, chars)),
        "x0": chars[0]["x0"],
        "x1": max(map(_X1, chars)),
        "top": min(map(_TOP, chars)),
        "bottom": max(map(_BOTTOM, chars)),
    }
    first = chars[0]
    word["w0"] = first["x1"] - first["x0"]  # its first character's width
    if "baseline" in first:  # the baseline most of its characters stand on, and their size
        last = chars[-1]
        size = first["bottom"] - first["top"]
        if first["baseline"] == last["baseline"] and size == last["bottom"] - last["top"]:
            word["baseline"], word["size"] = first["baseline"], size  # one font: nearly always
        else:
            word["baseline"] = _most(list(map(_BASELINE, chars)))
            word["size"] = _most([c["bottom"] - c["top"] for c in chars])
    if "paragraph" in chars[0]:  # a tagged PDF's: the paragraph the word starts in
        word["paragraph"] = chars[0]["paragraph"]
    return word
