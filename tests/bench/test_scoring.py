"""The gold scorer (bench/accuracy.py) checked with hand-made parse results.

A fake ActionPlan / IRPReport is built from the gold file itself, so a perfect score is
known; deliberate errors must then lower exactly the fields they touch.
"""

from __future__ import annotations

import copy
import json

import pytest

from bench import accuracy
from extract.models import Action, ActionPlan, IRPReport, Judgement, Recommendation
from tests.support.paths import REPO, SHARED

ROOT = REPO


acc = accuracy

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")

BELMARSH = "000_752b575627fd0e86"
ELMLEY = "002_0fdf0d265b061afe"
SEND = "003_c9bc2a767525f00c"
IRP = "001_cf611bd65976c5ea"


def gold(stem: str) -> dict:
    return json.loads((SHARED / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def text_from_words(first: str | None, last: str | None) -> str | None:
    """A text whose first 8 / last 6 words are the gold ones (wrapped in a <p> tag)."""
    if first is None:
        return None
    body = first if len(first.split()) < acc.FIRST_N else f"{first} {last}"
    return f"<p>{body}</p>"


def plan_from_gold(g: dict) -> ActionPlan:
    recs = []
    for i, r in enumerate(g["recommendations"], 1):
        recs.append(
            Recommendation(
                position=i,
                rec_no=r["rec_no"],
                rec_no_as_printed=r["rec_no_as_printed"],
                section=r["section"],
                heading=r["heading"],
                addressee=r["addressee"],
                ref=r["ref"],
                repeated_ref=r["repeated_ref"],
                agreement=r["agreement"],
                agreement_printed=r["agreement_printed"],
                concern=text_from_words(r["concern_first_words"], r["concern_last_words"]),
                recommendation=text_from_words(
                    r["recommendation_first_words"], r["recommendation_last_words"]
                ),
                actions=[
                    Action(position=j, owner=a["owner"], target=a["target"])
                    for j, a in enumerate(r["actions"], 1)
                ],
            )
        )
    return ActionPlan(
        text="",
        establishment=g["establishment"],
        inspection=g["inspection"],
        submitted=g["submitted"],
        published=g["published"],
        stated_counts=copy.deepcopy(g["summary_counts"]),
        recommendations=recs,
    )


def irp_from_gold(g: dict) -> IRPReport:
    js = []
    for h in g["hmip"]:
        js.append(
            Judgement(
                position=len(js) + 1,
                inspectorate="HMIP",
                ref=h["ref"],
                theme=h["theme_heading"],
                text=text_from_words(
                    h["recommendation_first_words"], h["recommendation_last_words"]
                ),
                concern=h["concern_first_words"] + " and so on.",
                judgement=h["judgement"],
            )
        )
    for o in g["ofsted"]:
        js.append(
            Judgement(
                position=len(js) + 1,
                inspectorate="Ofsted",
                ref=str(o["theme_no"]),
                theme=None,
                text=text_from_words(o["question_first_words"], o["question_last_words"]),
                judgement=o["judgement"],
            )
        )
    return IRPReport(
        text="", establishment=g["establishment"], published=g["published"] + "-01", judgements=js
    )


# --------------------------------------------------------------------------- word helpers


def test_words_ignore_tags_case_and_whitespace():
    text = "<p>Safety  data should\nbe used</p><p>to inform a strategy.</p>"
    assert acc.first_words(text, 8) == "Safety data should be used to inform a"
    assert acc.last_words(text, 3) == "inform a strategy."
    assert acc.words_match("safety DATA should be used to inform a", text, 8, False)
    assert acc.words_match("used to inform a strategy.", text, 5, True)
    assert not acc.words_match("used to inform the strategy.", text, 5, True)


def test_pdf_hyphenation_artefact_matches_either_way():
    gold_last = "correlating documentation demonstrates appropriate de- escalation."
    as_printed = "that body-worn footage and correlating documentation demonstrates appropriate de- escalation."
    repaired = as_printed.replace("de- escalation", "de-escalation")
    assert acc.words_match(gold_last, as_printed, 6, True)
    assert acc.words_match(gold_last, repaired, 6, True)
    assert not acc.words_match(gold_last, repaired.replace("appropriate", "proper"), 6, True)


def test_short_sentence_must_match_whole():
    gold_first = "Staff should receive training in mediation."
    assert acc.words_match(gold_first, "Staff should receive training in mediation.", 8, False)
    assert not acc.words_match(
        gold_first, "Staff should receive training in mediation. (To the governor)", 8, False
    )


def test_null_gold_matches_none_or_empty_only():
    assert acc.words_match(None, None, 8, False)
    assert acc.words_match(None, "  <p></p> ", 8, False)
    assert not acc.words_match(None, "Something printed", 8, False)
    assert not acc.words_match("Something printed", None, 8, False)


def test_action_pairs_normalise_whitespace_and_none():
    gold_actions = [{"owner": "Head of  Healthcare", "target": ""}]
    parsed = [Action(position=1, owner="Head of Healthcare\n", target=None)]
    assert acc.pairs_of(gold_actions) == acc.pairs_of(parsed)


def test_align_by_rec_no_when_counts_differ():
    golds = [{"rec_no": "1"}, {"rec_no": "2"}, {"rec_no": "3"}]
    parsed = ["3", "1", "9", "x"]
    pairs, missing, extra = acc.align(golds, parsed, lambda g: g["rec_no"], lambda p: p)
    assert [(g["rec_no"], p) for g, p in pairs] == [("1", "1"), ("3", "3")]
    assert [g["rec_no"] for g in missing] == ["2"]
    assert extra == ["9", "x"]


# --------------------------------------------------------------------------- action plans


@needs_shared
@pytest.mark.parametrize("stem", [BELMARSH, ELMLEY, SEND, "004_4ab5264efd964624"])
def test_plan_built_from_gold_scores_100(stem):
    g = gold(stem)
    doc = acc.score_action_plan(stem, g, plan_from_gold(g))
    assert doc.mismatches == []
    n = len(g["recommendations"])
    for name in acc.REC_FIELDS:
        assert (doc.fields[name].right, doc.fields[name].total) == (n, n), name
    pairs = sum(len(r["actions"]) for r in g["recommendations"])
    assert (doc.fields[acc.PAIRS].right, doc.fields[acc.PAIRS].total) == (pairs, pairs)
    assert all(s.right == s.total == 1 for s in doc.meta.values())
    assert (doc.parsed_count, doc.gold_count, doc.matched) == (n, n, n)


@needs_shared
def test_deliberate_errors_lower_only_their_fields():
    g = gold(BELMARSH)
    plan = plan_from_gold(g)
    recs = {r.rec_no: r for r in plan.recommendations}
    recs["7.11"].agreement = "Agreed"  # gold: Not Agreed
    recs["7.21"].agreement = None  # gold: Partly Agreed
    recs["7.3"].actions.pop()  # 4 pairs -> 3
    recs["7.27"].actions[1].target = "December 2099"
    recs["7.5"].concern = recs["7.5"].concern.replace("</p>", " Extra trailing words.</p>")
    recs["7.1"].ref = None  # gold: 1.38
    recs["7.8"].heading = "To HMPPS"
    plan.published = "2021-11-13"

    doc = acc.score_action_plan(BELMARSH, g, plan)
    got = {k: (v.right, v.total) for k, v in doc.fields.items()}
    assert got["agreement"] == (27, 29)
    assert got["actions"] == (27, 29)
    assert got[acc.PAIRS] == (44 - 1 - 1, 44)  # 7.3's popped pair, 7.27's wrong target
    assert got["concern_last_words"] == (28, 29)
    assert got["concern_first_words"] == (29, 29)
    assert got["ref"] == (28, 29)
    assert got["heading"] == (28, 29)
    for name in ("rec_no", "section", "addressee", "repeated_ref", "recommendation_first_words"):
        assert got[name] == (29, 29), name
    assert doc.meta["published"].right == 0
    assert [m.field for m in doc.meta_failures()] == ["published"]

    by_key = {(m.rec_no, m.field): m for m in doc.mismatches}
    assert len(by_key) == len(doc.mismatches) == 8
    m = by_key[("7.11", "agreement")]
    assert (m.expected, m.got) == ("Not Agreed", "Agreed")
    assert by_key[("7.5", "concern_last_words")].got.endswith(" Extra trailing words.")
    assert ("7.3", "actions") in by_key and ("7.27", "actions") in by_key
    assert "7.11" in str(m) and "Not Agreed" in str(m)

    line = acc.summary_line([doc])
    assert line == "overall: min field accuracy 93.1% (agreement), records 29/29, metadata 5/6"


@needs_shared
def test_missing_and_extra_records_align_by_rec_no():
    g = gold(SEND)
    plan = plan_from_gold(g)
    dropped = plan.recommendations.pop(3)  # 6.4
    plan.recommendations.insert(0, copy.deepcopy(dropped))
    plan.recommendations[0].rec_no = "6.99"
    plan.recommendations.append(copy.deepcopy(plan.recommendations[5]))
    plan.recommendations[-1].rec_no = None
    # 26 gold, 27 parsed: 25 matched, 6.4 missing, 6.99 and None extra
    doc = acc.score_action_plan(SEND, g, plan)
    assert (doc.parsed_count, doc.gold_count, doc.matched) == (27, 26, 25)
    assert doc.missing == ["6.4"]
    assert doc.extra == ["6.99", "None"]
    for name in acc.REC_FIELDS:
        assert (doc.fields[name].right, doc.fields[name].total) == (25, 26), name
    pairs_64 = len(g["recommendations"][3]["actions"])
    total_pairs = sum(len(r["actions"]) for r in g["recommendations"])
    assert doc.fields[acc.PAIRS].total == total_pairs
    assert doc.fields[acc.PAIRS].right == total_pairs - pairs_64
    assert doc.meta[acc.RECORDS].right == 0
    records = [m for m in doc.mismatches if m.field == "record"]
    assert [(m.rec_no, m.got) for m in records] == [
        ("6.4", "missing"),
        ("6.99", "extra record"),
        (None, "extra record"),
    ]
    assert acc.summary_line([doc]).startswith("overall: min field accuracy 96.2% (rec_no), ")
    assert "records 25/26 (+2 extra)" in acc.summary_line([doc])


@needs_shared
def test_parse_error_scores_zero_and_is_reported():
    g = gold(ELMLEY)
    doc = acc.score_action_plan(ELMLEY, g, ModuleNotFoundError("No module named 'x'"))
    assert doc.error.startswith("ModuleNotFoundError")
    assert all(s.right == 0 and s.total == 18 for k, s in doc.fields.items() if k != acc.PAIRS)
    assert doc.fields[acc.PAIRS].total == 41
    assert doc.matched == 0 and doc.missing[:2] == ["7.1", "7.2"]


@needs_shared
def test_elmley_repaired_target_and_garbled_target():
    g = gold(ELMLEY)
    plan = plan_from_gold(g)
    rec74 = next(r for r in plan.recommendations if r.rec_no == "7.4")
    assert "August 2022" in [a.target for a in rec74.actions]
    doc = acc.score_action_plan(ELMLEY, g, plan)
    assert doc.fields["actions"].right == 18
    # The printed form is not what is scored: the repaired gold target is.
    for a in rec74.actions:
        if a.target == "August 2022":
            a.target = "Aug\tjust 2022"
            break
    doc = acc.score_action_plan(ELMLEY, g, plan)
    assert doc.fields["actions"].right == 17


# --------------------------------------------------------------------------- IRP


@needs_shared
def test_irp_built_from_gold_scores_100_and_errors_count():
    g = gold(IRP)
    report = irp_from_gold(g)
    doc = acc.score_irp(IRP, g, report)
    assert doc.mismatches == []
    assert doc.fields["HMIP judgement"].right == doc.fields["HMIP judgement"].total == 10
    assert doc.fields["Ofsted theme_no"].right == doc.fields["Ofsted theme_no"].total == 3
    assert all(s.right == s.total == 1 for s in doc.meta.values())

    report.judgements[0].judgement = "Reasonable progress"  # gold: Good progress (3.13)
    report.judgements[-1].ref = "4"
    doc = acc.score_irp(IRP, g, report)
    assert (doc.fields["HMIP judgement"].right, doc.fields["HMIP judgement"].total) == (9, 10)
    assert (doc.fields["Ofsted theme_no"].right, doc.fields["Ofsted theme_no"].total) == (2, 3)
    assert {(m.rec_no, m.field) for m in doc.mismatches} == {
        ("HMIP 3.13", "HMIP judgement"),
        ("Ofsted 3", "Ofsted theme_no"),
    }


@needs_shared
def test_irp_parser_missing_is_unavailable_not_an_error():
    g = gold(IRP)
    for exc in (ModuleNotFoundError("No module named 'extract.irp.parse'"), NotImplementedError()):
        doc = acc.score_irp(IRP, g, exc)
        assert doc.unavailable and doc.mismatches == []


# --------------------------------------------------------------------------- main()


@needs_shared
def test_main_with_perfect_parser_prints_tables_and_summary(capsys):
    texts = {}
    for p in acc.gold_files(SHARED):
        g = acc.load_gold(p)
        text = (SHARED / "corpus" / f"{p.stem}.txt").read_text(encoding="utf-8")
        texts[text] = plan_from_gold(g) if g["kind"] == "action_plan" else irp_from_gold(g)
    assert acc.main(["--verbose", "--shared", str(SHARED)], parse=texts.__getitem__) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    assert lines[-1] == "overall: min field accuracy 100.0% (rec_no), records 88/88, metadata 24/24"
    assert "29/29 100%" in out and "Mismatches: none" in out
    assert "IRP report" in out


@needs_shared
def test_main_reports_unavailable_irp_parser(capsys):
    def parse(text):
        raise NotImplementedError("not yet")

    assert acc.main(["--shared", str(SHARED)], parse=parse) == 0
    out = capsys.readouterr().out
    assert "IRP: parser not available" in out
    assert out.rstrip("\n").splitlines()[-1].startswith("overall: min field accuracy 0.0%")
