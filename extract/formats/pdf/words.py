"""A PDF page's characters into words, as pdfplumber's ``extract_words`` makes them.

Pure: character dicts (``text x0 x1 top bottom``) in, word dicts of the same keys
out. Characters whose tops lie within ``Y_TOLERANCE`` of one another (chained)
are one line, read left to right; a word ends at a space or where the next
character starts more than ``X_TOLERANCE`` points after it, or back before it.
"""

from __future__ import annotations

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0


def extract_words(chars: list[dict]) -> list[dict]:
    """The words of ``chars``, line by line from the top, left to right."""
    words: list[dict] = []
    for line in _lines(chars):
        current: list[dict] = []
        for char in line:
            if char["text"].isspace():
                _flush(current, words)
                current = []
                continue
            if current and (
                char["x0"] > current[-1]["x1"] + X_TOLERANCE or char["x0"] < current[-1]["x0"]
            ):
                _flush(current, words)
                current = []
            current.append(char)
        _flush(current, words)
    return words


def _lines(chars: list[dict]) -> list[list[dict]]:
    ordered = sorted(chars, key=lambda c: c["top"])
    lines: list[list[dict]] = []
    last = None
    for char in ordered:
        if last is None or char["top"] - last > Y_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last = char["top"]
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _flush(chars: list[dict], words: list[dict]) -> None:
    if chars:
        words.append(
            {
                "text": "".join(c["text"] for c in chars),
                "x0": chars[0]["x0"],
                "x1": max(c["x1"] for c in chars),
                "top": min(c["top"] for c in chars),
                "bottom": max(c["bottom"] for c in chars),
            }
        )
