"""The parser on the project's own fictional documents, against hand-made extractions.

* samples/ (the demo documents) against tests/fixtures/samples/;
* tests/fixtures/variants/ against the .json beside each .txt: plans written blind (before
  their author read the parser) to vary what real plans vary — header wording, numbering,
  date styles, agreement spelling, footers, CRLF, spacer paragraphs, summary tables with a
  % column, misprinted numbers, joint addressees.

Both are in the supported layouts with other establishments, numbering, wording and dates
than the real corpus, so they show the parser is not keyed to it. Scored with the same
scorer as the gold (bench/accuracy.py).
"""

from __future__ import annotations

import json

import pytest

from bench import accuracy
from extract import ActionPlan, IRPReport, parse_document
from tests.support.paths import REPO

ROOT = REPO
EXPECTED = ROOT / "tests" / "fixtures" / "samples"
SAMPLES = ROOT / "samples"


acc = accuracy
CASES = sorted(EXPECTED.glob("*.json"))
VARIANTS = ROOT / "tests" / "fixtures" / "variants"
VARIANT_CASES = sorted(VARIANTS.glob("*.json"))


def test_every_sample_has_an_expected_extraction():
    samples = {p.stem for p in SAMPLES.glob("*.txt")}
    assert samples, "samples/ is empty"
    assert samples == {p.stem for p in CASES}


@pytest.mark.parametrize("expected_path", CASES + VARIANT_CASES, ids=lambda p: p.stem)
def test_sample_matches_expected(expected_path):
    gold = json.loads(expected_path.read_text(encoding="utf-8"))
    folder = SAMPLES if expected_path.parent == EXPECTED else VARIANTS
    raw = (folder / f"{expected_path.stem}.txt").read_bytes()
    parsed = parse_document(raw.decode("utf-8").replace("\r\n", "\n"))
    if gold["kind"] == "action_plan":
        assert isinstance(parsed, ActionPlan)
        score = acc.score_action_plan(expected_path.stem, gold, parsed)
    else:
        assert isinstance(parsed, IRPReport)
        score = acc.score_irp(expected_path.stem, gold, parsed)
    problems = [
        f"{m.rec_no} {m.field}: expected {m.expected!r}, got {m.got!r}" for m in score.mismatches
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "stem", [p.stem for p in CASES if json.loads(p.read_text())["kind"] == "action_plan"]
)
def test_sample_spans_cover_their_records(stem):
    """Each record's span holds its rec number (when printed) and its first words."""
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    plan = parse_document(text)
    for rec in plan.recommendations:
        chunk = text[rec.span_start : rec.span_end]
        assert rec.rec_no_as_printed in chunk
        first = (rec.recommendation or rec.concern or "").split()[:2]
        assert all(word in chunk for word in first), rec.rec_no
        for action in rec.actions:
            assert rec.span_start <= action.span_start <= action.span_end <= rec.span_end
