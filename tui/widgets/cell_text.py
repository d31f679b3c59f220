"""Text cut to a column's width, and the strip that shows a cut row's full values.

A cut keeps what tells rows apart: ``fit_middle`` keeps the end of a name (a
prison's number, a document's year) and cuts its middle, so 60 documents of
``HMP Testprison1x`` read ``Test…son12 2021`` rather than all ``Testprison1 2…``,
and ``Ashdown IRP 2022`` reads ``Ashdo… IRP 2022``.
Wherever a table cuts a value, ``RowStrip`` below it shows the highlighted row's
values in full. A title too long for its width says less (``PaneTitle``: the first
of its wordings that fits), or wraps, rather than being cut.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

ELLIPSIS = "…"
SEPARATOR = " · "
KEPT_WORD = re.compile(r"^(?:\d+|[A-Z]{2,5})$")  # '2022', '12', 'IRP', 'HMP'


def fit_end(text: str, width: int) -> str:
    """``text`` cut at its end to ``width`` characters, the cut marked with …."""
    if len(text) <= width:
        return text
    if width <= 1:
        return text[:width]
    return text[: width - 1].rstrip() + ELLIPSIS


def fit_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters keeping what tells names apart: the
    trailing numbers, years and short capitals ('IRP 2022') whole, and the end of a
    name that ends in a number ('Testprison12'); the cut made before them."""
    if len(text) <= width:
        return text
    words = text.split(" ")
    tail: list[str] = []
    while len(words) > 1 and len(tail) < 2 and KEPT_WORD.match(words[-1]):
        tail.insert(0, words.pop())
    while len(tail) > 1 and width - len(" ".join(tail)) - 1 < 4:
        words.append(tail.pop(0))  # too little room left for the name: keep less
    head, kept = " ".join(words), " ".join(tail)
    budget = width - len(kept) - 1
    if not tail or budget < 4:
        return _cut_middle(text, width)
    head = _cut_middle(head, budget) if head[-1:].isdigit() else fit_end(head, budget)
    return f"{head} {kept}"


def _cut_middle(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    if width <= 4:
        return fit_end(text, width)
    tail = width // 2
    head = width - 1 - tail
    return text[:head].rstrip() + ELLIPSIS + text[len(text) - tail :].lstrip()


def pack(parts: list[str], width: int, lines: int = 2) -> list[str]:
    """``parts`` joined by ' · ' on at most ``lines`` lines of ``width``: a part
    starts a new line where it would not fit, one longer than a line is wrapped at
    its words; what is left after the last line is cut, marked with …."""
    out: list[str] = []
    joins: list[str] = []  # how each line joins the one before: ' · ' or ' ' (a wrap)
    line = ""

    def put(word: str, separator: str) -> None:
        nonlocal line
        if line and len(line) + len(separator) + len(word) <= width:
            line += separator + word
            return
        if line:
            out.append(line)
        joins.append(separator)
        line = word
        while len(line) > width:  # a word longer than a line
            out.append(line[:width])
            joins.append("")
            line = line[width:]

    for part in (p for p in parts if p):
        if len(part) <= width or not part.strip():
            put(part, SEPARATOR)
            continue
        for index, word in enumerate(part.split()):
            put(word, SEPARATOR if index == 0 else " ")
    if line:
        out.append(line)
    if len(out) > lines:  # the rest joins the last line, cut there
        rest = out[lines - 1] + "".join(
            j + o for j, o in zip(joins[lines:], out[lines:], strict=True)
        )
        out = out[: lines - 1] + [fit_end(rest, width)]
    return out + [""] * (lines - len(out))


class RowStrip(Static):
    """Lines under a table (two unless its style says otherwise): the highlighted row's
    values in full (as many as fit, the rest cut with …)."""

    DEFAULT_CSS = """
    RowStrip {
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parts: list[str] = []

    def show_values(self, *parts: str | None) -> None:
        """Show ``parts`` (the row's values, most telling first) joined by ' · '."""
        self.parts = [str(p) for p in parts if p]
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.content_region.width)
        lines = max(1, self.content_region.height)
        return Text("\n".join(pack(self.parts, width, lines)).rstrip("\n"))


class PaneTitle(Static):
    """A pane's title line: the first of its wordings that fits the width on one line
    (``Source · Ashdown IRP 2022 · characters 12634–13805`` at 120 columns,
    ``Source · Ashdown IRP 2022 · 12634–13805`` at 80); where none fits, the last,
    wrapped onto as many lines as it takes rather than cut."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._wordings: tuple[str, ...] = ("",)
        self._lines = 1

    def show(self, *wordings: str) -> None:
        self._wordings = wordings or ("",)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.content_region.width
        if width <= 0:  # not laid out yet: on_resize fits it
            self.update(self._wordings[0], layout=False)
            return
        chosen = next((w for w in self._wordings if cell_len(w) <= width), self._wordings[-1])
        lines = max(1, len(Text(chosen).wrap(self.app.console, width)))
        self.update(chosen, layout=lines != self._lines)
        if lines != self._lines:
            self._lines = lines
            self.styles.height = lines
