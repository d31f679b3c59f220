"""The IRP parser on fictional reports it was not written against.

tests/fixtures/irp_variants/ holds IRP reports written blind (before their author read
extract/irp*.py), each with a hand-made expected extraction in the gold IRP schema
(../shared/gold/README.md) beside it. They vary what real IRPs from 2019 to 2025 vary:
establishments (an HMYOI, an HMP/YOI), 4 to 15 recommendations and 0 to 4 Ofsted themes,
paragraph numbering (tab, two spaces, number on its own line), judgement sentences,
judgements printed as heading lines, Section 4 as a tab or "|" table, running headers and
footers, contents pages, wrapped lines and curly quotes. See the folder's README.md.

* ``test_irp_variant_matches_expected`` scores each report with the bench scorer
  (``bench/accuracy.py``, ``score_irp``) and wants no mismatches;
* ``test_irp_variant_paragraph_ranges`` checks each finding's numbered paragraphs (a gold
  field the scorer does not compare): a finding cut short by page furniture shows here;
* ``test_irp_variant_parses_without_warnings``: every report is self-consistent (the Section 3
  judgements agree with the counts in Section 2 and with the Section 4 list), so a warning
  means the parser misread something, e.g. a judgement sentence it could not read and took
  from the Section 4 list instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import accuracy
from extract import IRPReport, parse_document
from tests.support.paths import REPO

ROOT = REPO
VARIANTS = ROOT / "tests" / "fixtures" / "irp_variants"
CASES = sorted(VARIANTS.glob("*.json"))


acc = accuracy


def _load(expected_path: Path) -> tuple[dict, IRPReport]:
    gold = json.loads(expected_path.read_text(encoding="utf-8"))
    text = expected_path.with_suffix(".txt").read_bytes().decode("utf-8").replace("\r\n", "\n")
    parsed = parse_document(text)
    assert isinstance(parsed, IRPReport), f"parsed as {type(parsed).__name__}, not an IRP report"
    return gold, parsed


def test_every_variant_has_a_text_and_an_expected_extraction():
    texts = {p.stem for p in VARIANTS.glob("*.txt")}
    assert len(CASES) >= 5
    assert texts == {p.stem for p in CASES}
    for path in CASES:
        assert json.loads(path.read_text(encoding="utf-8"))["kind"] == "irp_report"


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.stem)
def test_irp_variant_matches_expected(expected_path):
    gold, parsed = _load(expected_path)
    score = acc.score_irp(expected_path.stem, gold, parsed)
    problems = [
        f"{m.rec_no} {m.field}: expected {m.expected!r}, got {m.got!r}" for m in score.mismatches
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.stem)
def test_irp_variant_paragraph_ranges(expected_path):
    gold, parsed = _load(expected_path)
    hmip = [j for j in parsed.judgements if j.inspectorate == "HMIP"]
    ofsted = [j for j in parsed.judgements if j.inspectorate == "Ofsted"]
    pairs, missing, _ = acc.align(gold["hmip"], hmip, lambda g: g.get("ref"), lambda j: j.ref)
    pairs += list(zip(gold["ofsted"], ofsted, strict=False))
    problems = [
        f"{g.get('ref') or 'Ofsted ' + str(g.get('theme_no'))}: expected {g['paragraphs']!r}, "
        f"got {j.paragraphs!r}"
        for g, j in pairs
        if g["paragraphs"] != j.paragraphs
    ]
    problems += [f"{g.get('ref')}: no such judgement" for g in missing]
    problems += [
        f"Ofsted {g['theme_no']}: no such judgement" for g in gold["ofsted"][len(ofsted) :]
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.stem)
def test_irp_variant_parses_without_warnings(expected_path):
    _, parsed = _load(expected_path)
    warnings = list(parsed.warnings)
    for j in parsed.judgements:
        warnings += [f"{j.inspectorate} {j.ref}: {w}" for w in j.warnings]
    assert not warnings, "\n".join(warnings)
