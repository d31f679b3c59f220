"""Where a cell's geometry cannot tell a wrapped line from a new paragraph.

Pure: text in, a yes or no out. With no space between a cell's paragraphs (Word's
"Table Grid") and a next paragraph whose first word would not have fitted on the
line above, only words tell: short lines read as the items of a list (owners,
target dates) when what the document says elsewhere, or what they say, shows
it (:func:`list_break`, used by :func:`extract.formats.pdf.cells.boundaries`);
and a row's lists settled against each other by where the document's items
start (:func:`choose_breaks`, used by :mod:`extract.formats.pdf.row_text`).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from math import comb
from typing import TYPE_CHECKING

from extract.formats.pdf.lines import join_lines

if TYPE_CHECKING:
    from extract.formats.pdf.cell import Layout

_YEAR_END = re.compile(r"\b(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?$")
_SHORT = 5  # words: a list item's line (an owner, a date), not a line of prose
_MOST_CHOICES = 2000  # ways of choosing a list's breaks weighed at most
_GOES_ON = frozenset("([{&")  # a line starting so goes on the item above it


def list_break(so_far: str, nxt: str, rest: str, layout: Layout, above: str | None = None) -> bool:
    """Does a paragraph that may have wrapped end before ``nxt``? Never when ``nxt``
    opens a bracket or starts with '&' ('Complete' / '(June 2020)'); yes when:

    * it is a paragraph the document is sure of elsewhere (``known``) and going
      on would not make another ('Head of Safety' / 'Deputy Governor', where
      'Head of Safety' stands alone in another cell);
    * what follows says it again ('Governor' / 'Governor', 'Deputy Governor' /
      'Deputy Governor');
    * short lines that start with the same two words ('Head of Security' /
      'Head of Drug');
    * a year ends it and a number or a capital starts the next line ('Summer
      2020' / '2019/20', '30 June 2024' / '30 September 2024', '2024/25' /
      'Monthly');
    * what follows up to the next certain break is a paragraph the document is
      sure of, the paragraph so far is two words or more, and the two together
      are not one, nor the line ``above`` and it ('Head of Operations' /
      'Governor'; not 'Deputy' / 'Governor', nor 'Business Hub Manager' +
      'Deputy' / 'Governor').
    """
    if nxt[:1] in _GOES_ON:
        return False  # 'Complete' / '(June 2020)': an aside goes on what it follows
    known = layout.known
    if known[so_far] and f"{so_far} {nxt}" not in layout.known_prefixes:
        return True
    words = so_far.split()
    if len(words) > _SHORT or len(nxt.split()) > _SHORT:
        return False
    if plain_break(so_far, nxt, rest):
        return True
    return (
        len(words) >= 2
        and nxt[:1].isupper()
        and bool(known[rest])
        and not known[f"{so_far} {rest}"]
        and not (above is not None and known[f"{above} {rest}"])
    )


def plain_break(so_far: str, nxt: str, rest: str) -> bool:
    """Do the words themselves part two short items, whatever else the document
    holds: what follows says the item again, two items start with the same two
    words, or a year ends one and a number or a capital starts the next?"""
    words, next_words = so_far.split(), nxt.split()
    if nxt.startswith(so_far) or rest.startswith(so_far):
        return True
    if len(words) >= 3 and len(next_words) >= 3 and words[:2] == next_words[:2]:
        return True
    return bool(_YEAR_END.search(so_far) and (nxt[:1].isdigit() or nxt[:1].isupper()))


def prefixes(paragraphs: Counter[str]) -> set[str]:
    """Every run of leading words of each paragraph ('Head', 'Head of', 'Head of
    Safety'), to ask at once whether going on would make a known paragraph."""
    out: set[str] = set()
    for text in paragraphs:
        words = text.split()
        out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return out


def may_start_item(so_far: str, nxt: str) -> bool:
    """Could ``nxt`` start a list's next item after ``so_far``, where nothing said
    it does? A capital, or a number after a year: a row's other lists may settle
    it (:func:`extract.formats.pdf.row_text.render`)."""
    return nxt[:1].isupper() or bool(_YEAR_END.search(so_far) and nxt[:1].isdigit())


def choose_breaks(
    texts: list[str], how: list[str], needed: int, layout: Layout
) -> list[str] | None:
    """``how`` a list cell's lines meet, with ``needed`` of its undecided boundaries
    ("line?") made breaks, or None where the words do not show which.

    A line may start an item here where its first word starts items elsewhere in
    the document and never goes on one, or where what comes before it since the
    last sure break is an item the document is sure of ('Head of Security' /
    'PGD / Governor'; not 'Head of Reducing' / 'Reoffending'); where more such
    lines than ``needed`` are left, those that leave items the document is sure
    of elsewhere (``layout.known``), then the earliest. None too where the
    choices are too many to weigh (a cell of dozens of short lines)."""
    leads = []
    start = 0
    for i, h in enumerate(how):
        if h == "paragraph":
            start = i + 1
        elif h == "line?" and (
            _starts_items(texts[i + 1].split()[0].lower(), layout)
            or layout.known[join_lines(texts[start : i + 1])]
        ):
            leads.append(i)
    if len(leads) < needed or comb(len(leads), needed) > _MOST_CHOICES:
        return None

    def known(chosen: tuple[int, ...]) -> int:
        items, current = [], [texts[0]]
        for i, (text, joint) in enumerate(zip(texts[1:], how, strict=True)):
            if i in chosen or joint == "paragraph":  # a chosen break, or a sure one
                items.append(current)
                current = [text]
            elif joint == "glued":
                current[-1] += text
            else:
                current.append(text)
        items.append(current)
        return sum(1 for item in items if layout.known[join_lines(item)])

    best = max(combinations(leads, needed), key=known)
    return ["paragraph" if i in best else h for i, h in enumerate(how)]


def _starts_items(word: str, layout: Layout) -> bool:
    return layout.starts[word] > 0 and not layout.goes_on[word]
