"""Pair the records of a new parse with the stored records of the same document.

Pure: no SQL. ``pair_up`` takes the stored items (old) and the parsed items
(new), each with a *key* (a record's number, a judgement's ref, an action's
owner and target) and the texts to compare, and returns which old item each
new item is. It works in three passes, each taking the best-scoring pairs
first and never pairing an item twice:

1. **Key.** Items with the same key: one old and one new item alone with
   their key are paired unless their texts have nothing in common
   (``KEY_ALONE_MIN``); several with one key (a misprinted duplicate number)
   are paired by text from ``KEY_MIN`` up.
2. **Text.** Items left over whose texts agree from ``TEXT_MIN`` up, looked
   for near the same place in the order (``WINDOW``), so a long document stays
   linear.
3. **Place.** Between two pairs already made, items left over in the same gap
   and in the same number are paired in order when their texts agree from
   ``GAP_MIN`` up (a text the new parser reads quite differently, still in its
   place).

Ties go to the pair nearest in order. An old item may stand for a row a
reviewer deleted (``Item.deleted``): a new item paired with it is one the
reviewer removed, and must not come back.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

KEY_ALONE_MIN = 0.2
KEY_MIN = 0.35
TEXT_MIN = 0.6
GAP_MIN = 0.3
WINDOW = 60  # items either side of the expected place looked at in the text pass
_PROXIMITY = 0.05  # at most this much is added to a score for being in the same place
_TEXT_LIMIT = 1500  # characters of a text compared

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACE = re.compile(r"\s+")


@dataclass
class Item:
    """One record to pair: ``ref`` is what the caller gets back (a row id, or a new index)."""

    ref: object
    keys: frozenset = frozenset()  # a record's number, a judgement's ref, an action's owner+target
    texts: tuple[dict, ...] = ()  # field values to compare (the best of them counts)
    index: int = 0  # place in the document's order
    deleted: bool = False  # an old row a reviewer deleted
    extra: dict = field(default_factory=dict)


Similarity = Callable[[dict, dict], float]


def normal(text: object) -> str:
    """Lower case, tags gone, whitespace collapsed, cut to a length worth comparing."""
    if text is None:
        return ""
    return _SPACE.sub(" ", _TAG.sub(" ", str(text))).strip().lower()[:_TEXT_LIMIT]


def text_similarity(a: object, b: object) -> float:
    """0–1: how alike two texts are, forgiving reordered and added words (not wholly)."""
    a, b = normal(a), normal(b)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return (
        max(
            fuzz.ratio(a, b),
            fuzz.token_sort_ratio(a, b),
            0.9 * fuzz.token_set_ratio(a, b),
        )
        / 100
    )


def _score(old: Item, new: Item, similarity: Similarity) -> float:
    return max((similarity(o, n) for o in old.texts for n in new.texts), default=0.0)


def _proximity(old: Item, new: Item, n_old: int, n_new: int) -> float:
    expected = new.index * (n_old / max(n_new, 1))
    return _PROXIMITY * (1 - min(1.0, abs(old.index - expected) / max(n_old, n_new, 1)))


def pair_up(olds: list[Item], news: list[Item], similarity: Similarity) -> dict[object, Item]:
    """Which old item each new item is: ``{new.ref: old item}`` (unpaired news are absent)."""
    pairs: dict[object, Item] = {}
    used: set[int] = set()  # ids of paired old items
    n_old, n_new = len(olds), len(news)

    def take(candidates: Iterable[tuple[float, float, Item, Item]], minimum: float) -> None:
        for score, _, old, new in sorted(candidates, key=lambda c: (-c[0], -c[1])):
            if score < minimum or new.ref in pairs or id(old) in used:
                continue
            pairs[new.ref] = old
            used.add(id(old))

    # 1. key
    by_key: dict[object, list[Item]] = defaultdict(list)
    for old in olds:
        for key in old.keys:
            by_key[key].append(old)
    groups: dict[object, list[Item]] = defaultdict(list)
    for new in news:
        for key in new.keys:
            if key in by_key:
                groups[key].append(new)
    for key, group in groups.items():
        candidates = by_key[key]
        alone = len(group) == 1 and len(candidates) == 1
        scored = [
            (_score(o, n, similarity), _proximity(o, n, n_old, n_new), o, n)
            for n in group
            for o in candidates
        ]
        take(scored, KEY_ALONE_MIN if alone else KEY_MIN)

    # 2. text, near the expected place
    left_old = [o for o in olds if id(o) not in used]
    scored = []
    for new in news:
        if new.ref in pairs:
            continue
        expected = new.index * (n_old / max(n_new, 1))
        for old in left_old:
            if abs(old.index - expected) <= WINDOW:
                score = _score(old, new, similarity)
                if score >= TEXT_MIN:
                    scored.append((score, _proximity(old, new, n_old, n_new), old, new))
    take(scored, TEXT_MIN)

    # 3. place: the same number of leftovers between the same two pairs
    _pair_gaps(olds, news, pairs, used, similarity)
    return pairs


def _pair_gaps(olds, news, pairs, used, similarity) -> None:
    ordered_old = sorted(olds, key=lambda o: o.index)
    place = {id(o): i for i, o in enumerate(ordered_old)}
    gap_news: list[Item] = []
    last_old = -1
    for new in [*sorted(news, key=lambda n: n.index), None]:
        if new is not None and new.ref not in pairs:
            gap_news.append(new)
            continue
        upto = place[id(pairs[new.ref])] if new is not None else len(ordered_old)
        if upto <= last_old:  # pairs crossing over: no clean gap here
            gap_news = []
            continue
        gap_olds = [
            o for o in ordered_old[last_old + 1 : upto] if id(o) not in used and not o.deleted
        ]
        if gap_news and len(gap_olds) == len(gap_news):
            for old, n in zip(gap_olds, gap_news, strict=True):
                if _score(old, n, similarity) >= GAP_MIN:
                    pairs[n.ref] = old
                    used.add(id(old))
        gap_news = []
        last_old = upto


def merged_order(old_refs: list, pairs: dict[object, object], new_refs: list) -> list:
    """The rows in their new order: the old rows as they were, each new one just before
    the old row paired with the next new one after it (or last, when none is).

    So a row a reviewer added after another stays next to it, and new rows go where
    the new parse has them. ``pairs`` maps a new ref to the old ref it was paired with
    (old refs that are not in ``old_refs``, such as deleted rows, are no anchor).
    Returns ``("old", ref)`` and ``("new", ref)`` tokens.
    """
    present = set(old_refs)
    before: dict[object, list] = defaultdict(list)
    anchor = None  # None: the end of the document
    for ref in reversed(list(new_refs)):
        old = pairs.get(ref)
        if old is None:
            before[anchor].append(("new", ref))
        elif old in present:
            anchor = old
    order: list = []
    for ref in old_refs:
        order.extend(reversed(before.get(ref, ())))
        order.append(("old", ref))
    order.extend(reversed(before.get(None, ())))
    return order
