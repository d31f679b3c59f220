"""Page furniture of an IRP report: running footers, running headers, bare page numbers.

``furniture_lines(raws, structural)`` takes the report's lines (as printed, one
string each) and returns the indices of the lines that are page furniture, not
content:

* bare page numbers ("21", "Page 3 of 19");
* running footers: "X   21" lines whose X recurs with a page number, or that
  name the review ("Report of an independent review of progress at HMP X  21");
* running headers printed without a page number ("HMYOI X: independent review
  of progress"): a line that recurs verbatim at page breaks — its nearest
  content neighbour (blank lines skipped) is a footer or page number, or a form
  feed lies between them — at least twice, and more often there than anywhere
  else. A line the caller calls ``structural`` (a heading marker, a numbered
  paragraph, a judgement label) is never a running header.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

PAGE_NUMBER_TAIL = re.compile(r"^\s*(?P<body>.*?\S)\s+(?:\d{1,3}|Page \d{1,3}(?: of \d{1,3})?)\s*$")
BARE_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,3}|Page \d{1,3}(?: of \d{1,3})?)\s*$", re.I)
_NUMBERED_PARAGRAPH = re.compile(r"^\s*\d{1,2}\.\d{1,3}\s")
_WS = re.compile(r"\s+")
_FORM_FEED = "\f"


def _page_tail(raw: str) -> re.Match | None:
    """PAGE_NUMBER_TAIL's match; lines not ending in a digit are passed over unmatched."""
    return PAGE_NUMBER_TAIL.match(raw) if raw.rstrip()[-1:].isdigit() else None


def _key(raw: str) -> str:
    return _WS.sub(" ", raw).strip().lower()


def footer_bodies(raws: list[str]) -> set[str]:
    """Running footers: 'X  21' lines whose X recurs with a page number, or name the IRP."""
    seen: Counter[str] = Counter()
    for raw in raws:
        m = _page_tail(raw)
        if m and len(m.group("body")) > 12 and not _NUMBERED_PARAGRAPH.match(raw):
            seen[_key(m.group("body"))] += 1
    return {
        body
        for body, n in seen.items()
        if n >= 2 or re.search(r"independent review of progress", body)
    }


def furniture_lines(raws: list[str], structural: Callable[[str], bool]) -> set[int]:
    """Indices of the furniture lines among ``raws`` (see the module docstring)."""
    footers = footer_bodies(raws)
    furniture = set()
    for i, raw in enumerate(raws):
        if (
            BARE_PAGE_NUMBER.match(raw)
            or (m := _page_tail(raw))
            and _key(m.group("body")) in footers
        ):
            furniture.add(i)
    at_break: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    for i, raw in enumerate(raws):
        if i in furniture or not raw.strip() or structural(raw):
            continue
        near = _next_to_break(raws, furniture, i, -1) or _next_to_break(raws, furniture, i, 1)
        (at_break if near else elsewhere)[_key(raw)] += 1
    headers = {key for key, n in at_break.items() if n >= 2 and n > elsewhere[key]}
    if headers:
        furniture.update(i for i, raw in enumerate(raws) if raw.strip() and _key(raw) in headers)
    return furniture


def _next_to_break(raws: list[str], furniture: set[int], i: int, step: int) -> bool:
    """Is the nearest non-blank line in direction ``step`` furniture, or a form feed on the way?"""
    j = i + step
    while 0 <= j < len(raws):
        if _FORM_FEED in raws[j]:
            return True
        if raws[j].strip():
            return j in furniture
        j += step
    return False
