"""bench/gen_corpus.py: generated documents parse to the counts its manifest states."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from extract import parse_document
from extract.formats.read import read_document
from tests.support.paths import REPO

GEN = REPO / "bench" / "gen_corpus.py"


def _gen_corpus():
    spec = importlib.util.spec_from_file_location("gen_corpus", GEN)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_corpus", module)
    spec.loader.exec_module(module)
    return module


def _counts(doc) -> dict:
    if doc.kind == "action_plan":
        agreement: dict[str, int] = {}
        for r in doc.recommendations:
            agreement[str(r.agreement)] = agreement.get(str(r.agreement), 0) + 1
        return {
            "kind": doc.kind,
            "records": len(doc.recommendations),
            "actions": sum(len(r.actions) for r in doc.recommendations),
            "agreement": agreement,
        }
    return {"kind": doc.kind, "records": len(doc.judgements), "actions": 0}


def test_generated_documents_parse_to_the_manifest(tmp_path: Path) -> None:
    gen = _gen_corpus()
    assert gen.main([str(tmp_path), "--plans", "5", "--irps", "2", "--seed", "3"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest) == 7
    # the plans of a series share one establishment; every other plan has its own
    plans = [(e["establishment"], e["template"]) for e in manifest if e["kind"] == "action_plan"]
    assert len(set(plans)) == 5
    for entry in manifest:
        doc = parse_document(read_document(tmp_path / entry["file"]))
        want = {k: entry[k] for k in _counts(doc)}
        assert _counts(doc) == want, entry["file"]
        assert doc.establishment == entry["establishment"], entry["file"]


def test_every_template_and_year_shift_parses_to_the_manifest() -> None:
    gen = _gen_corpus()
    seen = set()
    for doc in gen.generate(40, 8, seed=11):
        key = (doc.entry["template"], doc.entry["year_shift"])
        if key in seen:
            continue
        seen.add(key)
        parsed = parse_document(doc.text)
        assert _counts(parsed) == {k: doc.entry[k] for k in _counts(parsed)}, key
        assert parsed.establishment == doc.entry["establishment"], key
    assert {t for t, _ in seen} == (
        set(gen.PLAN_TEMPLATES) | set(gen.IRP_TEMPLATES) | set(gen.SERIES_TEMPLATES)
    )


def test_a_series_is_three_plans_of_one_establishment_in_time_order(tmp_path: Path) -> None:
    """Imported, a series' plans link their repeated recommendations into chains of three."""
    from store import import_document, open_db
    from store.reports.prison import prison_report

    gen = _gen_corpus()
    docs = list(gen.generate(40, 0, seed=11))
    series = [d for d in docs if d.entry["series"]]
    assert series and len(series) % 3 == 0
    first = [d for d in series if d.entry["template"] == gen.SERIES_TEMPLATES[0]][0]
    mine = [d for d in series if d.entry["establishment"] == first.entry["establishment"]]
    assert [d.entry["template"] for d in mine] == list(gen.SERIES_TEMPLATES)
    assert len({d.entry["year_shift"] for d in mine}) == 1
    db = open_db(tmp_path / "series.db")
    try:
        for doc in mine:
            import_document(db, parse_document(doc.text), doc.name)
        report = prison_report(db, first.entry["establishment"])
    finally:
        db.close()
    assert sorted(len(chain) for chain in report.repeat_chains) == [2, 2, 3]


def test_same_seed_same_corpus() -> None:
    gen = _gen_corpus()
    a = [(d.name, d.text) for d in gen.generate(6, 2, seed=5)]
    b = [(d.name, d.text) for d in gen.generate(6, 2, seed=5)]
    c = [(d.name, d.text) for d in gen.generate(6, 2, seed=6)]
    assert a == b
    assert a != c
