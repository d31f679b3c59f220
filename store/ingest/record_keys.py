"""How a stored record is recognised in another reading of its document: per table, the
keys that pair two rows outright and the similarity that pairs what is left
(``store.ingest.record_match.pair_up``). A re-parse (``store.ingest.reparse``)
pairs the stored rows with the new parse by them, and a merge
(``store.merge.rows``) pairs the rows of two files by them.
"""

from __future__ import annotations

from collections.abc import Callable

from store.ingest.record_match import normal, text_similarity
from store.ingest.similarity import ref_key


def rec_keys(row: dict) -> frozenset:
    no = normal(row.get("rec_no"))
    return frozenset({no}) if no else frozenset()


def _rec_text(row: dict) -> str:
    text = " ".join(t for t in (row.get("concern"), row.get("recommendation")) if t)
    return text or row.get("response") or ""


def rec_similarity(a: dict, b: dict) -> float:
    return text_similarity(_rec_text(a), _rec_text(b))


def judgement_keys(row: dict) -> frozenset:
    ref = ref_key(row.get("ref"))
    return frozenset({(row.get("inspectorate"), ref)}) if ref else frozenset()


def judgement_similarity(a: dict, b: dict) -> float:
    def text(row: dict) -> str:
        return " ".join(t for t in (row.get("text"), row.get("summary")) if t)

    return text_similarity(text(a), text(b))


def action_keys(row: dict) -> frozenset:
    return frozenset({(normal(row.get("owner")), normal(row.get("target")))})


def action_similarity(a: dict, b: dict) -> float:
    return (
        0.5 * text_similarity(a.get("owner"), b.get("owner"))
        + 0.3 * text_similarity(a.get("target"), b.get("target"))
        + 0.2 * text_similarity(a.get("text"), b.get("text"))
    )


MATCHERS: dict[str, tuple[Callable[[dict], frozenset], Callable[[dict, dict], float]]] = {
    "recommendations": (rec_keys, rec_similarity),
    "judgements": (judgement_keys, judgement_similarity),
    "actions": (action_keys, action_similarity),
}
