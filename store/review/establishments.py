"""Every establishment with its review counts, for the prison picker (``P``).

One entry per place, as ``store.domain.establishment_key`` tells places apart
('HMP Belmarsh' and 'HMP & YOI Belmarsh' are one), named as most of its
documents print it; documents naming no establishment are left out (no
filter can pick them). Counts are of the records the queue shows per
document: recommendations and judgements, with those nobody has reviewed yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from store.domain import establishment_key, short_establishment


@dataclass(frozen=True)
class Establishment:
    """One place and how far its review has got."""

    key: str  # establishment_key: what the queue's prison filter compares
    name: str  # as most of its documents print it ('HMP Belmarsh')
    documents: int
    records: int
    unreviewed: int
    spellings: tuple[str, ...] = field(default=())  # every name its documents print

    @property
    def short(self) -> str:
        return short_establishment(self.name)


_COUNTS = """
SELECT d.establishment,
    (SELECT COUNT(*) FROM recommendations r WHERE r.document_id = d.id),
    (SELECT COUNT(*) FROM recommendations r WHERE r.document_id = d.id
        AND r.review_status = 'unreviewed'),
    (SELECT COUNT(*) FROM judgements j WHERE j.document_id = d.id),
    (SELECT COUNT(*) FROM judgements j WHERE j.document_id = d.id
        AND j.review_status = 'unreviewed')
FROM documents d WHERE d.establishment IS NOT NULL AND trim(d.establishment) != ''
"""


def establishments(db: sqlite_utils.Database) -> list[Establishment]:
    """Every establishment, by its short name."""
    names: dict[str, Counter[str]] = {}
    totals: dict[str, list[int]] = {}
    for name, recs, recs_open, judgements, judgements_open in db.execute(_COUNTS).fetchall():
        key = establishment_key(name) or name
        names.setdefault(key, Counter())[name] += 1
        total = totals.setdefault(key, [0, 0, 0])
        total[0] += 1
        total[1] += recs + judgements
        total[2] += recs_open + judgements_open
    found = []
    for key, spellings in names.items():
        name = min(spellings, key=lambda n: (-spellings[n], n))
        documents, records, unreviewed = totals[key]
        found.append(
            Establishment(key, name, documents, records, unreviewed, tuple(sorted(spellings)))
        )
    return sorted(found, key=lambda e: (e.short.casefold(), e.key))
