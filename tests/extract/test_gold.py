"""The parser against the hand-checked gold extractions of the real corpus.

One test per action plan in ../shared/gold: the same number of recommendations as gold,
every field (see bench/accuracy.py) at least 98% right for that document, and the
document metadata equal to gold. ``python bench/accuracy.py --verbose`` shows the same
comparison as tables.
"""

from __future__ import annotations

import json

import pytest

from bench import accuracy
from tests.support.paths import REPO, SHARED

ROOT = REPO
THRESHOLD = 0.98


acc = accuracy


def _action_plan_stems() -> list:
    if not SHARED.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED} is absent"))]
    stems = []
    for path in acc.gold_files(SHARED):
        if json.loads(path.read_text(encoding="utf-8")).get("kind") == "action_plan":
            stems.append(path.stem)
    return stems


@pytest.mark.parametrize("stem", _action_plan_stems())
def test_action_plan_matches_gold(stem):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    doc = acc.score_file(SHARED / "gold" / f"{stem}.json", SHARED)

    if doc.error:
        pytest.fail(f"{doc.label} ({stem}): parse failed: {doc.error}", pytrace=False)
    problems = []
    if doc.parsed_count != doc.gold_count:
        problems.append(
            f"{doc.parsed_count} recommendations parsed, gold has {doc.gold_count}"
            f" (missing: {', '.join(doc.missing) or '-'}; extra: {', '.join(doc.extra) or '-'})"
        )
    for name, score in doc.field_failures(THRESHOLD).items():
        problems.append(f"field {name}: {score.cell()} < {THRESHOLD:.0%}")
    for m in doc.meta_failures():
        problems.append(f"metadata {m.field}: expected {m.expected!r}, got {m.got!r}")
    if problems:
        details = [str(m) for m in doc.mismatches if m.field not in acc.META_FIELDS]
        pytest.fail(
            f"{doc.label} ({stem}) differs from gold:\n  "
            + "\n  ".join(problems)
            + ("\nmismatches:\n  " + "\n  ".join(details) if details else ""),
            pytrace=False,
        )
