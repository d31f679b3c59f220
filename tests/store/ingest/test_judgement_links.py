"""IRP judgements linked to the recommendations they judge, on real temporary SQLite files.

The corpus and sample figures come from bench/accuracy.py (the single home of scoring),
loaded by path as tests/extract/test_gold.py does.
"""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from click.testing import CliRunner

from bench import accuracy
from extract import parse_document
from extract.models import IRPReport, Judgement
from store import import_document, open_db
from store.domain import establishment_key
from store.ingest.followed_up_plan import inspection_year, inspection_years
from store.ingest.judgement_links import (
    LINK_CONFIDENT,
    WARNING_PREFIX,
    link_all,
    links_of_document,
)
from store.ingest.similarity import ref_key
from store.reports import stats as queries
from tests.support.paths import REPO, SHARED
from tui.cli import main

ROOT = REPO
SAMPLES = ROOT / "samples"
PLAN = SAMPLES / "ashdown_action_plan_2021.txt"
IRP = SAMPLES / "ashdown_irp_2022.txt"


acc = accuracy


def ashdown_plan():
    return parse_document(PLAN.read_text(encoding="utf-8"))


def ashdown_irp():
    return parse_document(IRP.read_text(encoding="utf-8"))


def link_map(db, irp_id: int) -> dict[tuple[str, str], set[str]]:
    """(inspectorate, ref) → the rec_nos its judgement is linked to."""
    return {
        (j.inspectorate, j.ref): {x["rec_no"] for x in j.links}
        for j in links_of_document(db, irp_id)
    }


def warnings_of(db, document_id: int) -> list[str]:
    return json.loads(db["documents"].get(document_id)["warnings"])


def link_warnings(db, document_id: int) -> list[str]:
    return [w for w in warnings_of(db, document_id) if w.startswith(WARNING_PREFIX)]


def variant(parsed, **changes):
    """A copy of a parsed document with other values and a text of its own (another sha256)."""
    doc = copy.deepcopy(parsed)
    for name, value in changes.items():
        setattr(doc, name, value)
    doc.text = parsed.text + "\n" + json.dumps(changes)
    return doc


ASHDOWN_LINKS = {
    ("HMIP", "2.22"): {"5.7"},
    ("HMIP", "1.29"): {"5.1"},
    ("HMIP", "1.30"): {"5.2"},
    ("HMIP", "1.31"): {"5.3"},
    ("HMIP", "1.32"): {"5.4"},
    ("HMIP", "4.61"): {"5.12"},
    ("Ofsted", "1"): {"5.14", "5.15"},
    ("Ofsted", "2"): {"5.16"},
    ("Ofsted", "3"): set(),
    ("HMIP", "6.22"): {"5.18"},
    ("HMIP", "1.33"): {"5.5"},
}


# --------------------------------------------------------------------------- against gold


def test_the_corpus_irp_links_at_least_12_of_13_judgements_right_in_either_order():
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    for reverse in (False, True):
        (doc,) = acc.corpus_links(SHARED, reverse=reverse)
        assert doc.error is None
        assert doc.total == 13
        assert doc.right >= 12, "\n".join(str(m) for m in doc.mismatches)


def test_the_corpus_irp_links_belmarsh_7_2_to_7_7_by_text(tmp_path):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    db = open_db(tmp_path / "corpus.db")
    corpus = SHARED / "corpus"
    import_document(db, parse_document((corpus / "000_752b575627fd0e86.txt").read_text()), "000")
    irp = import_document(
        db, parse_document((corpus / "001_cf611bd65976c5ea.txt").read_text()), "001"
    )
    by_ref = {j.ref: j.links for j in links_of_document(db, irp.document_id)}
    refs = ("1.39", "1.40", "1.41", "1.42", "1.43", "1.44")
    for ref, rec_no in zip(refs, range(2, 8), strict=True):
        (link,) = by_ref[ref]
        assert (link["rec_no"], link["method"], link["confirmed"]) == (f"7.{rec_no}", "text", 0)
        assert link["score"] >= LINK_CONFIDENT
    assert [x["method"] for x in by_ref["1.38"]] == ["ref"]


def test_the_sample_irp_links_every_judgement_as_expected():
    (doc,) = acc.sample_links()
    assert doc.error is None
    assert (doc.right, doc.total) == (11, 11), "\n".join(str(m) for m in doc.mismatches)


# --------------------------------------------------------------------------- import order


def test_both_import_orders_give_the_same_links_and_warnings(tmp_path):
    results = []
    for name, order in (
        ("plan_first", (ashdown_plan, ashdown_irp)),
        ("irp_first", (ashdown_irp, ashdown_plan)),
    ):
        db = open_db(tmp_path / f"{name}.db")
        ids = {}
        for make in order:
            parsed = make()
            ids[parsed.kind] = import_document(db, parsed, parsed.kind).document_id
        links = {
            (j.inspectorate, j.ref): sorted((x["rec_no"], x["score"], x["method"]) for x in j.links)
            for j in links_of_document(db, ids["irp_report"])
        }
        results.append((links, warnings_of(db, ids["irp_report"])))
    assert results[0] == results[1]
    assert {k: {x[0] for x in v} for k, v in results[0][0].items()} == ASHDOWN_LINKS


def test_an_irp_with_no_plan_is_kept_unlinked_with_a_warning_until_the_plan_arrives(db_path):
    db = open_db(db_path)
    irp = import_document(db, ashdown_irp(), "irp.txt")
    assert db["judgements"].count == 11
    assert db["judgement_links"].count == 0
    (warning,) = link_warnings(db, irp.document_id)
    assert "no action plan for the 2021 inspection of HMP Ashdown" in warning
    assert irp.summary.warnings == len(warnings_of(db, irp.document_id))

    # an unrelated plan (another prison) changes nothing
    other = variant(ashdown_plan(), establishment="HMP Elsewhere")
    import_document(db, other, "other.txt")
    assert db["judgement_links"].count == 0

    import_document(db, ashdown_plan(), "plan.txt")
    assert link_map(db, irp.document_id) == ASHDOWN_LINKS
    assert not any("no action plan" in w for w in warnings_of(db, irp.document_id))
    # the parser's own warnings are kept
    parsed_warnings = ashdown_irp().warnings
    assert warnings_of(db, irp.document_id)[: len(parsed_warnings)] == parsed_warnings


def test_an_irp_naming_no_establishment_is_unlinked_with_a_warning(db_path):
    db = open_db(db_path)
    import_document(db, ashdown_plan(), "plan.txt")
    irp = import_document(db, variant(ashdown_irp(), establishment=None), "irp.txt")
    assert db["judgement_links"].count == 0
    assert any("no establishment" in w for w in link_warnings(db, irp.document_id))


# --------------------------------------------------------------------------- the plan chosen


def test_the_plan_is_the_latest_published_before_the_review_for_the_inspection_it_follows(
    db_path,
):
    db = open_db(db_path)
    plan = ashdown_plan()  # inspection April 2021, published 2021-08-03
    ids = {}
    for name, changes in {
        "older inspection": {"inspection": "3-7 June 2018", "published": "2018-09-01"},
        "first": {},
        "revised": {"published": "2021-10-01"},
        "after the review": {"published": "2022-07-01"},
        "unknown inspection, before it": {"inspection": None, "published": "2020-12-01"},
    }.items():
        parsed = variant(plan, **changes) if changes else plan
        ids[name] = import_document(db, parsed, name).document_id
    irp = import_document(db, ashdown_irp(), "irp.txt")  # published 2022-06, follows up 2021

    linked_plans = {
        row["document_id"]
        for j in links_of_document(db, irp.document_id)
        for x in j.links
        for row in [db["recommendations"].get(x["recommendation_id"])]
    }
    assert linked_plans == {ids["revised"]}
    assert link_map(db, irp.document_id) == ASHDOWN_LINKS


def test_establishment_names_match_with_or_without_their_prefix():
    assert establishment_key("HMP & YOI Chelmsford") == establishment_key("HMP Chelmsford")
    assert establishment_key("HMYOI Sallowfield") == establishment_key("hmp  SALLOWFIELD")
    assert establishment_key("HMP Ashdown Park") != establishment_key("HMP Ashdown")
    assert establishment_key(None) == ""
    assert inspection_year("26–27 July and 2–6 August 2021") == 2021
    assert inspection_year(None) is None
    assert inspection_years("29 December 2021 – 7 January 2022") == {2021, 2022}


def test_refs_compare_in_one_form():
    assert ref_key("(1.38)") == ref_key("1.38.") == ref_key("para 1.38") == "1.38"
    assert ref_key("S48") == ref_key("s 48") == ref_key("(S48)") == "S48"
    assert ref_key("1.8") != ref_key("1.80")
    assert ref_key("") is None and ref_key(None) is None


def test_a_ref_links_a_judgement_whose_wording_differs_from_the_plan(db_path, make_plan, make_irp):
    db = open_db(db_path)
    plan = make_plan()
    plan.recommendations[0].ref = "S48"
    plan.recommendations[0].recommendation = "Wing cleaning rotas should be kept."
    irp = make_irp()
    irp.judgements = irp.judgements[:1]
    irp.judgements[0] = dataclasses.replace(
        irp.judgements[0], ref="(s 48)", text="Every prisoner should get time in the open air."
    )
    import_document(db, plan, "plan.txt")
    result = import_document(db, irp, "irp.txt")
    ((judgement),) = links_of_document(db, result.document_id)
    (link,) = judgement.links
    assert (link["rec_no"], link["method"]) == ("1.1", "ref")
    assert 0.6 <= link["score"] < LINK_CONFIDENT
    assert any("low score" in w for w in link_warnings(db, result.document_id))


# --------------------------------------------------------------------------- Ofsted themes


def test_an_ofsted_theme_links_to_every_recommendation_it_covers(db_path):
    db = open_db(db_path)
    import_document(db, ashdown_plan(), "plan.txt")
    irp = import_document(db, ashdown_irp(), "irp.txt")
    themes = {
        j.ref: j for j in links_of_document(db, irp.document_id) if j.inspectorate == "Ofsted"
    }
    assert {x["rec_no"] for x in themes["1"].links} == {"5.14", "5.15"}
    assert all(x["confirmed"] == 0 and 0 < x["score"] <= 1 for x in themes["1"].links)
    assert themes["3"].links == []  # a theme from Ofsted's own visit: nothing in the plan
    warnings = link_warnings(db, irp.document_id)
    assert any(w.startswith(f"{WARNING_PREFIX}Ofsted theme 3 matched no") for w in warnings)


# --------------------------------------------------------------------------- reviewers' work


def test_confirmed_links_and_reviewed_judgements_survive_relinking(db_path):
    db = open_db(db_path)
    first = import_document(db, ashdown_plan(), "plan.txt").document_id
    irp = import_document(db, ashdown_irp(), "irp.txt").document_id
    judgement = {(j.inspectorate, j.ref): j for j in links_of_document(db, irp)}
    rec = {
        r["rec_no"]: r["id"] for r in db["recommendations"].rows_where("document_id = ?", [first])
    }

    # a reviewer re-points HMIP 1.29 to 5.6 and confirms it
    j129 = judgement[("HMIP", "1.29")].judgement_id
    db.execute("DELETE FROM judgement_links WHERE judgement_id = ?", [j129])
    db.execute(
        "INSERT INTO judgement_links (judgement_id, recommendation_id, score, confirmed) "
        "VALUES (?, ?, NULL, 1)",
        [j129, rec["5.6"]],
    )
    # a reviewer verifies HMIP 1.30 as it is, notes HMIP 1.32, and removes the link of
    # HMIP 1.31 (the audit trail names a link by its rowid and keeps the deleted row whole)
    j130 = judgement[("HMIP", "1.30")].judgement_id
    db.execute("UPDATE judgements SET review_status = 'verified' WHERE id = ?", [j130])
    j132 = judgement[("HMIP", "1.32")].judgement_id
    db.execute("UPDATE judgements SET note = 'check the dates' WHERE id = ?", [j132])
    j131 = judgement[("HMIP", "1.31")].judgement_id
    (link,) = db.query("SELECT rowid, * FROM judgement_links WHERE judgement_id = ?", [j131])
    db.execute("DELETE FROM judgement_links WHERE judgement_id = ?", [j131])
    db["edits"].insert(
        {
            "at": "2022-07-01T10:00:00+00:00",
            "reviewer": "ann",
            "table_name": "judgement_links",
            "row_id": link.pop("rowid"),
            "field": "*",
            "old": json.dumps(link),
            "new": None,
        }
    )
    db.conn.commit()

    # relinking changes nothing: re-imports, link_all, and a revised plan
    import_document(db, ashdown_irp(), "irp.txt")
    import_document(db, ashdown_plan(), "plan.txt")
    link_all(db)
    expected = dict(ASHDOWN_LINKS) | {("HMIP", "1.29"): {"5.6"}, ("HMIP", "1.31"): set()}
    assert link_map(db, irp) == expected

    revised = import_document(
        db, variant(ashdown_plan(), published="2021-10-01"), "revised.txt"
    ).document_id
    links = {j.ref: j.links for j in links_of_document(db, irp)}
    plan_of = {
        r["id"]: r["document_id"] for r in db.query("SELECT id, document_id FROM recommendations")
    }
    assert [(x["recommendation_id"], x["confirmed"]) for x in links["1.29"]] == [(rec["5.6"], 1)]
    assert [plan_of[x["recommendation_id"]] for x in links["1.30"]] == [first]  # verified: kept
    assert [plan_of[x["recommendation_id"]] for x in links["1.32"]] == [first]  # noted: kept
    assert links["1.31"] == []
    assert {plan_of[x["recommendation_id"]] for x in links["2.22"] + links["1"]} == {revised}
    assert link_map(db, irp) == expected


def test_reparsing_an_unreviewed_document_links_it_again(db_path):
    db = open_db(db_path)
    import_document(db, ashdown_plan(), "plan.txt")
    irp = import_document(db, ashdown_irp(), "irp.txt").document_id
    assert import_document(db, ashdown_irp(), "irp.txt", reparse=True).status == "reparsed"
    assert import_document(db, ashdown_plan(), "plan.txt", reparse=True).status == "reparsed"
    assert link_map(db, irp) == ASHDOWN_LINKS
    assert db["judgement_links"].count == 11


# --------------------------------------------------------------------------- progress view


def progress(db, rec_no: str) -> dict:
    rows = list(db.query("SELECT * FROM recommendation_progress WHERE rec_no = ?", [rec_no]))
    assert len(rows) == 1
    return rows[0]


def test_recommendation_progress_gives_each_recommendation_its_latest_judgement(db_path):
    db = open_db(db_path)
    plan = import_document(db, ashdown_plan(), "plan.txt").document_id
    irp = import_document(db, ashdown_irp(), "irp.txt").document_id

    assert db["recommendation_progress"].count == 18
    row = progress(db, "5.1")
    assert row | {"recommendation_id": None, "judgement_id": None} == {
        "recommendation_id": None,
        "document_id": plan,
        "establishment": "HMP Ashdown",
        "plan_published": "2021-08-03",
        "rec_no": "5.1",
        "agreement": row["agreement"],
        "open_actions": row["open_actions"],
        "total_actions": row["total_actions"],
        "latest_judgement": "Reasonable progress",
        "judgement_inspectorate": "HMIP",
        "judgement_date": "2022-06-01",
        "judgement_id": None,
        "judgement_document_id": irp,
        "link_score": 1.0,
        "link_confirmed": 0,
        "position": 1,
        "review_status": "unreviewed",
    }
    actions = list(db["actions"].rows_where("recommendation_id = ?", [row["recommendation_id"]]))
    assert row["total_actions"] == len(actions) > 0
    assert row["open_actions"] == sum(a["status"] == "open" for a in actions)
    assert progress(db, "5.6")["latest_judgement"] is None
    assert progress(db, "5.15")["judgement_inspectorate"] == "Ofsted"

    # a later review of the same plan: its judgement is the latest
    later = ashdown_irp()
    later.published = "2023-03-01"
    later.judgements[1].judgement = "Good progress"  # HMIP 1.29
    later = variant(later)
    later_id = import_document(db, later, "irp_2023.txt").document_id
    row = progress(db, "5.1")
    assert (row["latest_judgement"], row["judgement_date"], row["judgement_document_id"]) == (
        "Good progress",
        "2023-03-01",
        later_id,
    )

    # a judgement recorded by hand is dated by the day it was made (judged_on), never by
    # when it was typed in: made after the 2023 review, it is the latest
    rec_id = row["recommendation_id"]
    by_hand = (
        db["judgements"]
        .insert(
            {
                "document_id": None,
                "inspectorate": "HMIP",
                "judgement": "Insufficient progress",
                "judged_on": "2024-01-15",
                "recorded_at": "2020-01-01T10:00:00+00:00",
            }
        )
        .last_pk
    )
    db["judgement_links"].insert(
        {"judgement_id": by_hand, "recommendation_id": rec_id, "score": None, "confirmed": 1}
    )
    row = progress(db, "5.1")
    assert (row["latest_judgement"], row["judgement_date"], row["link_confirmed"]) == (
        "Insufficient progress",
        "2024-01-15",
        1,
    )
    # made before the 2023 review, however recently recorded: the review's is the latest
    db.execute(
        "UPDATE judgements SET judged_on = '2023-01-02', recorded_at = '2030-01-01T00:00:00+00:00'"
        " WHERE id = ?",
        [by_hand],
    )
    row = progress(db, "5.1")
    assert (row["latest_judgement"], row["judgement_date"]) == ("Good progress", "2023-03-01")
    # with no date given it comes after every dated judgement
    db.execute("UPDATE judgements SET judged_on = NULL WHERE id = ?", [by_hand])
    assert progress(db, "5.1")["judgement_date"] == "2023-03-01"

    # a rejected judgement does not count
    db.execute(
        "UPDATE judgements SET review_status = 'rejected' WHERE id = ?", [row["judgement_id"]]
    )
    row = progress(db, "5.1")
    assert row["judgement_id"] != later_id and row["judgement_date"] < "2023-03-01"


# --------------------------------------------------------------------------- stats


def test_stats_count_judgements_by_scale_and_establishment_and_links(db_path):
    db = open_db(db_path)
    import_document(db, ashdown_plan(), "plan.txt")
    import_document(db, ashdown_irp(), "irp.txt")
    result = queries.stats(db)
    assert result.by_scale == {
        "HMIP": [
            {
                "establishment": "HMP Ashdown",
                "judgements": 8,
                "No meaningful progress": 1,
                "Insufficient progress": 2,
                "Reasonable progress": 3,
                "Good progress": 2,
                "linked": 8,
            }
        ],
        "Ofsted": [
            {
                "establishment": "HMP Ashdown",
                "judgements": 3,
                "Insufficient progress": 1,
                "Reasonable progress": 1,
                "Significant progress": 1,
                "linked": 2,
            }
        ],
    }
    assert result.links == {
        "confirmed": 0,
        "unconfirmed": 11,
        f"unconfirmed below {LINK_CONFIDENT}": 1,
        "judgements unlinked": 1,
    }


def test_the_stats_command_shows_judgements_by_scale_and_links(db_path):
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(PLAN), str(IRP), "--db", str(db_path)])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(main, ["stats", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    for text in (
        "HMIP judgements by establishment",
        "Ofsted judgements by establishment",
        "No meaningful",
        "Significant",
        "Judgement links: 0 confirmed, 11 unconfirmed",
    ):
        assert text in result.output


def test_a_plan_of_concerns_only_is_linked_by_the_concerns_the_review_quotes(db_path):
    """2023+ plans print concerns and no recommendation sentence (samples/larkhill)."""
    db = open_db(db_path)
    plan = parse_document((SAMPLES / "larkhill_action_plan_2024.txt").read_text(encoding="utf-8"))
    assert all(r.recommendation is None for r in plan.recommendations)
    concerns = {
        "1.8": "Leaders had not done enough to reduce violence. Assaults on staff had more than "
        "doubled since the last inspection, and victims were not routinely offered support.",
        "1.12": "Prisoners spent too long locked in cells and there were too few activity places.",
        "1.15": "Too few prisoners were released to sustainable accommodation.",
        "1.9": "Violence was too high and staff were assaulted.",  # a loose paraphrase
    }
    irp = IRPReport(
        text="Independent review of progress at HMP Larkhill\n",
        establishment="HMP Larkhill",
        inspection="April 2024",
        inspection_year=2024,
        published="2025-03-01",
        judgements=[
            Judgement(i, "HMIP", ref, "Theme", None, "Reasonable progress", concern=concern)
            for i, (ref, concern) in enumerate(concerns.items(), start=1)
        ],
    )
    result = import_document(db, irp, "larkhill_irp.txt")
    import_document(db, plan, "larkhill_plan.txt")
    assert link_map(db, result.document_id) == {
        ("HMIP", "1.8"): {"2"},
        ("HMIP", "1.12"): {"4"},
        ("HMIP", "1.15"): {"10"},
        ("HMIP", "1.9"): set(),  # 2 is taken by 1.8, and nothing else stands out
    }
    # alone, the paraphrase is linked to the row it is closest to, as a low-score link
    irp.judgements = irp.judgements[-1:]
    irp.text += "only the paraphrase\n"
    alone = import_document(db, irp, "larkhill_irp_2.txt").document_id
    ((judgement),) = links_of_document(db, alone)
    assert [(x["rec_no"], x["score"] < LINK_CONFIDENT) for x in judgement.links] == [("2", True)]
    assert any("HMIP 1.9 linked to 2 with a low score" in w for w in link_warnings(db, alone))


def test_links_a_reviewer_saved_or_recorded_survive_a_new_plan(db_path):
    """Through the review app's own store calls (store/review/changes.py)."""
    from store.review.judgement_changes import record_progress, save_links

    db = open_db(db_path)
    first = import_document(db, ashdown_plan(), "plan.txt").document_id
    irp = import_document(db, ashdown_irp(), "irp.txt").document_id
    judgement = {(j.inspectorate, j.ref): j for j in links_of_document(db, irp)}
    rec = {
        r["rec_no"]: r["id"] for r in db["recommendations"].rows_where("document_id = ?", [first])
    }
    # HMIP 2.22: the reviewer removes its link; Ofsted 1: keeps only 5.14, confirmed
    save_links(db, "ann", judgement[("HMIP", "2.22")].judgement_id, {})
    save_links(db, "ann", judgement[("Ofsted", "1")].judgement_id, {rec["5.14"]: True})
    record_progress(db, "ann", rec["5.6"], "Good progress", None)

    import_document(db, variant(ashdown_plan(), published="2021-10-01"), "revised.txt")
    links = link_map(db, irp)
    assert links[("HMIP", "2.22")] == set()
    assert links[("Ofsted", "1")] == {"5.14"}
    # two plans now: the old plan's row is looked up by its id
    row = next(
        db.query("SELECT * FROM recommendation_progress WHERE recommendation_id = ?", [rec["5.6"]])
    )
    assert (row["latest_judgement"], row["link_confirmed"]) == ("Good progress", 1)


def test_estyn_and_not_assessed_are_stored(tmp_path):
    """What an IRP prints beyond the contract's values is kept: Estyn, and 'not assessed'."""
    from extract import parse_document
    from store.db import open_db
    from store.ingest.importer import import_document

    folder = ROOT / "tests" / "fixtures" / "irp_variants"
    db = open_db(tmp_path / "irp.db")
    for name in ("trefaen_irp_2022.txt", "marshgate_irp_2021.txt"):
        import_document(db, parse_document((folder / name).read_text(encoding="utf-8")), name)
    names = {r[0] for r in db.execute("SELECT DISTINCT inspectorate_name FROM judgements")}
    assert "Estyn" in names
    rows = db.execute("SELECT judgement FROM judgements WHERE not_assessed = 1").fetchall()
    assert rows == [(None,)]
