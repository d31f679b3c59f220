"""bench/accuracy.py's per-format table of the rendered fixtures (tests/fixtures/rendered).

The table is computed on one small plan (Ravensdale, 10 records) in every format; a
folder of made-up files checks a format no reader accepts ("not read yet") and a
file that is read but refused; the actions F1 is checked on hand-made counts.
"""

from __future__ import annotations

import copy
import json

from rich.console import Console

from bench import accuracy as acc
from tests.bench.test_scoring import plan_from_gold
from tests.support.paths import REPO

PLAN = "ravensdale_action_plan_2017"
PLAN_TEXT = f"tests/fixtures/variants/{PLAN}.txt"
PLAN_EXPECTED = f"tests/fixtures/variants/{PLAN}.json"
FORMATS = [
    "text",
    ".docx",
    "resaved .docx",
    ".odt",
    "PDF, zero cell margins",
    "PDF, 0.1 cm cell margins",
]


def _printed(table) -> str:
    console = Console(record=True, width=400)
    console.print(table)
    return console.export_text()


def _folder(tmp_path, files: dict[str, str]):
    """A rendered-fixtures folder holding the one plan, with ``files`` as its formats."""
    manifest = {
        "files": files,
        "plans": [{"stem": PLAN, "text": PLAN_TEXT, "expected": PLAN_EXPECTED}],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_the_per_format_table_is_computed_for_one_plan():
    scores = acc.score_rendered(stems=[PLAN])
    assert [f.label for f in scores] == FORMATS
    for f in scores:
        assert f.not_read or [d.name for d in f.docs] == [
            f"{PLAN}.txt" if f.suffix is None else f"{PLAN}{f.suffix}"
        ]
    text = scores[0]
    assert text.records == (10, 10, 0)
    assert text.f1 == 1.0 and text.meta.ratio == 1.0 and text.gaps() == []
    assert all(s.ratio == 1.0 for s in text.fields.values())

    printed = _printed(acc.rendered_table(scores))
    for label in FORMATS:
        assert label in printed
    for row in ("files read", "records found", "rec_no", "actions F1", "metadata"):
        assert row in printed
    assert "issue 15 target" in printed
    lines = acc.rendered_lines(scores)
    assert [line.split(":")[0] for line in lines] == FORMATS
    assert lines[0].endswith("target met")


def test_a_format_no_reader_accepts_is_not_read_yet(tmp_path):
    folder = _folder(tmp_path, {".xyz": "made-up format"})
    (folder / f"{PLAN}.xyz").write_bytes(b"PK\x03\x04 not a document any reader knows")
    text, made_up = acc.score_rendered(folder)
    assert text.gaps() == [] and made_up.label == "made-up format"
    assert made_up.not_read and "zip archive" in made_up.not_read
    assert made_up.docs == [] and made_up.gaps() == ["not read yet"]
    assert "not read yet" in _printed(acc.rendered_table([text, made_up]))
    assert "every *.xyz" in _printed(acc._refused_table([text, made_up]))
    assert acc.rendered_lines([made_up])[0].startswith("made-up format: not read yet")


def test_a_file_read_but_refused_scores_zero_and_is_listed(tmp_path):
    folder = _folder(tmp_path, {".note.txt": "a note"})
    (folder / f"{PLAN}.note.txt").write_text("Nothing here is an action plan.\n", "utf-8")
    _, note = acc.score_rendered(folder)
    assert note.not_read is None
    assert [name for name, _ in note.refused] == [f"{PLAN}.note.txt"]
    assert note.records == (0, 10, 0) and note.f1 == 0.0
    gaps = note.gaps()
    assert gaps[0] == "1/1 files refused" and "records 0/10" in gaps
    target = acc.rendered_target([note])
    assert target["met"] is False and "a note" in target["result"]


def test_actions_f1_counts_pairs_order_aside_and_missing_and_extra_records():
    a, b = ("Governor", "March 2024"), ("Head of Safety", "")
    assert acc.pair_overlap([a, b], [b, a, a]) == 2
    assert acc.pair_overlap([a, a], [a]) == 1

    gold = json.loads((REPO / PLAN_EXPECTED).read_text(encoding="utf-8"))
    perfect = acc.score_action_plan(PLAN, gold, plan_from_gold(gold))
    total = perfect.pairs_gold
    assert total == perfect.pairs_parsed == perfect.pairs_common > 0
    assert acc.actions_f1([perfect]) == 1.0

    plan = plan_from_gold(gold)
    first = plan.recommendations[0]
    first.actions = list(reversed(first.actions))  # order aside: still found
    dropped = plan.recommendations[1].actions.pop()  # one pair not found
    extra = copy.deepcopy(plan.recommendations[2])
    extra.rec_no = "99"
    plan.recommendations.append(extra)  # an extra record: its pairs are wrong
    doc = acc.score_action_plan(PLAN, gold, plan)
    assert dropped is not None
    assert doc.pairs_gold == total
    assert doc.pairs_common == total - 1
    assert doc.pairs_parsed == total - 1 + len(extra.actions)
    assert acc.actions_f1([doc]) == 2 * (total - 1) / (2 * total - 1 + len(extra.actions))

    refused = acc.score_action_plan(PLAN, gold, ValueError("no"))
    assert refused.pairs_gold == total and refused.pairs_common == 0
    assert acc.actions_f1([perfect, refused]) == 2 * total / (3 * total)
