"""Re-parsing a document in place never loses what a reviewer did (issue 6).

Each test imports a parse of a document ("parser version 1"), works on it as a
reviewer would through ``store.review.changes``, then imports a different parse of the
same text ("version 2", or ``reparse=True``) and checks what the merge kept.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import parse_document
from extract.models import Action, ActionPlan, IRPReport, Judgement, Recommendation
from store import import_document, open_db
from store.domain import RECOMMENDATION
from store.ingest.reparse import NOT_FOUND_NOTE
from store.review import changes as ch
from store.review.audit import REPARSE_REVIEWER, UndoConflict
from tui.cli import main
from tui.cli.collaborators import Collaborators

ANN = "ann"
TEXT = "Action plan: HMP Reparse\n" + "".join(f"row {i}\n" for i in range(40))


def rec(position, rec_no, text, agreement="Agreed", actions=None, **extra) -> Recommendation:
    return Recommendation(
        position=position,
        rec_no=rec_no,
        rec_no_as_printed=rec_no or "",
        agreement=agreement,
        recommendation=text,
        response=f"We will act on {rec_no}.",
        actions=actions if actions is not None else [Action(1, "Governor", "March 2022")],
        span_start=position * 10,
        span_end=position * 10 + 9,
        **extra,
    )


def plan(*recs: Recommendation) -> ActionPlan:
    return ActionPlan(
        text=TEXT,
        establishment="HMP Reparse",
        published="2022-01-10",
        layout="word_table",
        recommendations=[copy.deepcopy(r) for r in recs],
    )


BASE = (
    rec(1, "1.1", "Prisoners should be unlocked for at least eight hours a day."),
    rec(
        2,
        "1.2",
        "Cells should be clean, warm and in good repair.",
        actions=[
            Action(1, "Head of Residence", "April 2022", "2022-04-30"),
            Action(2, "Governor and Head of Safety", "June 2022", "2022-06-30"),
        ],
    ),
    rec(3, "1.3", "Education places should be filled and attendance improved.", "Partly Agreed"),
    rec(4, "1.4", "Use of force should be reviewed by managers.", "Not Agreed"),
)


def renumbered(*recs: Recommendation) -> list[Recommendation]:
    out = [copy.deepcopy(r) for r in recs]
    for i, r in enumerate(out, start=1):
        r.position = i
    return out


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def imported(db, parsed, version="1", **kw):
    return import_document(db, parsed, "reparse.txt", parser_version=version, **kw)


def recs(db) -> list[dict]:
    return list(db["recommendations"].rows_where(order_by="position"))


def by_no(db, rec_no: str) -> dict:
    return next(db["recommendations"].rows_where("rec_no = ?", [rec_no]))


def actions_of(db, recommendation_id: int) -> list[dict]:
    return list(
        db["actions"].rows_where("recommendation_id = ?", [recommendation_id], order_by="position")
    )


# --- records: matched, added, kept -------------------------------------------------------


def test_the_same_parse_again_changes_nothing_and_writes_no_edits(db):
    imported(db, plan(*BASE))
    before = recs(db)
    result = imported(db, plan(*BASE), reparse=True)
    assert result.describe() == "reparsed: no changes"
    assert recs(db) == before
    edits = list(db["edits"].rows)
    assert {e["table_name"] for e in edits} <= {"documents"}  # its import time, at most


def test_a_new_parser_version_updates_unedited_fields_and_records_the_version(db):
    imported(db, plan(*BASE))
    ids = [r["id"] for r in recs(db)]
    better = list(BASE)
    better[2] = rec(3, "1.3", BASE[2].recommendation, "Agreed")  # agreement read right now

    result = imported(db, plan(*better), version="2")

    assert result.describe() == "reparsed: 1 updated"
    assert [r["id"] for r in recs(db)] == ids
    assert by_no(db, "1.3")["agreement"] == "Agreed"
    assert db["documents"].get(result.document_id)["parser_version"] == "2"
    assert imported(db, plan(*BASE), version="2").status == "unchanged"


def test_a_field_a_reviewer_edited_keeps_the_reviewers_value(db):
    imported(db, plan(*BASE))
    target = by_no(db, "1.3")["id"]
    ch.update_recommendation(db, ANN, target, agreement="Agreed", ref="2.40")
    better = list(BASE)
    better[2] = rec(3, "1.3", BASE[2].recommendation, "Not Agreed", ref="2.41", heading="Education")

    result = imported(db, plan(*better), version="2")

    row = db["recommendations"].get(target)
    assert (row["agreement"], row["ref"]) == ("Agreed", "2.40")  # the reviewer's
    assert row["heading"] == "Education"  # not edited: the new parse's
    assert "2 reviewer edits kept" in result.describe()


def test_an_undone_edit_is_not_the_reviewers_value(db):
    imported(db, plan(*BASE))
    target = by_no(db, "1.3")["id"]
    ch.update_recommendation(db, ANN, target, agreement="Agreed")
    ch.undo(db, ANN)
    better = list(BASE)
    better[2] = rec(3, "1.3", BASE[2].recommendation, "Not Agreed")
    imported(db, plan(*better), version="2")
    assert db["recommendations"].get(target)["agreement"] == "Not Agreed"


def test_statuses_notes_reviewer_and_time_stay_and_a_changed_reviewed_record_says_so(db):
    imported(db, plan(*BASE))
    one, two = by_no(db, "1.1")["id"], by_no(db, "1.2")["id"]
    ch.set_status(db, ANN, (RECOMMENDATION, one), "verified")
    ch.set_status(db, ANN, (RECOMMENDATION, two), "flagged", note="owner looks wrong")
    review = ("review_status", "reviewer", "reviewed_at", "note")
    before = {i: {k: db["recommendations"].get(i)[k] for k in review} for i in (one, two)}
    better = list(BASE)
    better[0] = rec(1, "1.1", BASE[0].recommendation, "Partly Agreed")

    imported(db, plan(*better), version="2")

    assert {i: {k: db["recommendations"].get(i)[k] for k in review} for i in (one, two)} == before
    warnings = json.loads(db["recommendations"].get(one)["warnings"])
    assert warnings == ["re-parse: parser version 2 changed agreement after review: check them"]
    assert json.loads(db["recommendations"].get(two)["warnings"]) == []


def test_a_record_the_new_parse_no_longer_finds_is_kept_and_flagged_never_deleted(db):
    imported(db, plan(*BASE))
    gone, verified = by_no(db, "1.4")["id"], by_no(db, "1.3")["id"]
    ch.set_status(db, ANN, (RECOMMENDATION, verified), "verified", note="checked")

    result = imported(db, plan(*renumbered(BASE[0], BASE[1])), version="2")

    assert result.describe() == "reparsed: 2 kept (not found)"
    row = db["recommendations"].get(gone)
    assert (row["review_status"], row["reviewer"]) == ("flagged", REPARSE_REVIEWER)
    assert row["note"] == NOT_FOUND_NOTE.format(version="2")
    assert json.loads(row["warnings"])[-1].startswith("re-parse: not found by parser version 2")
    row = db["recommendations"].get(verified)  # a reviewed record keeps its review
    assert (row["review_status"], row["reviewer"], row["note"]) == ("verified", ANN, "checked")
    assert "re-parse: not found by parser version 2" in row["warnings"]
    assert db["actions"].count == 5  # their actions stay too
    assert [r["rec_no"] for r in recs(db)] == ["1.1", "1.2", "1.3", "1.4"]


def test_a_record_found_again_loses_the_flag_a_re_parse_gave_it(db):
    imported(db, plan(*BASE))
    imported(db, plan(*BASE[:3]), version="2")
    assert by_no(db, "1.4")["review_status"] == "flagged"

    result = imported(db, plan(*BASE), version="3")

    row = by_no(db, "1.4")
    assert (row["review_status"], row["reviewer"], row["note"]) == ("unreviewed", None, None)
    assert json.loads(row["warnings"]) == []
    assert "1 found again" in result.describe()


def test_new_records_are_added_unreviewed_in_their_place(db):
    imported(db, plan(BASE[0], BASE[2], BASE[3]))
    ch.set_status(db, ANN, (RECOMMENDATION, by_no(db, "1.3")["id"]), "verified")
    ids = {r["rec_no"]: r["id"] for r in recs(db)}

    result = imported(db, plan(*BASE), version="2")

    assert result.describe() == "reparsed: 1 added"
    rows = recs(db)
    assert [r["rec_no"] for r in rows] == ["1.1", "1.2", "1.3", "1.4"]
    assert [r["position"] for r in rows] == [1, 2, 3, 4]
    assert {r["rec_no"]: r["id"] for r in rows if r["rec_no"] != "1.2"} == ids
    assert by_no(db, "1.2")["review_status"] == "unreviewed"
    assert len(actions_of(db, by_no(db, "1.2")["id"])) == 2
    assert by_no(db, "1.3")["review_status"] == "verified"


def test_records_are_matched_by_text_when_the_number_changes(db):
    garbled = [copy.deepcopy(r) for r in BASE]
    garbled[1].rec_no = ".2"  # a PDF that lost the number's first digit
    garbled[1].recommendation = "Cells should be clean, warm and in good"  # and a cut line
    imported(db, plan(*garbled))
    target = by_no(db, ".2")["id"]
    ch.set_status(db, ANN, (RECOMMENDATION, target), "flagged", note="number garbled")

    result = imported(db, plan(*BASE), version="2")

    assert result.describe().startswith("reparsed: 1 updated")
    row = db["recommendations"].get(target)
    assert (row["rec_no"], row["recommendation"]) == ("1.2", BASE[1].recommendation)
    assert row["note"] == "number garbled"
    assert db["recommendations"].count == 4


def test_a_misprinted_duplicate_number_is_matched_by_text(db):
    twice = renumbered(BASE[0], BASE[1], rec(0, "1.2", "Staff should be trained in de-escalation."))
    imported(db, plan(*twice))
    first, second = (r["id"] for r in recs(db)[1:])
    ch.update_recommendation(db, ANN, second, rec_no="1.3")
    swapped = renumbered(BASE[0], twice[2], BASE[1])  # the new parser reads them in another order

    result = imported(db, plan(*swapped), version="2")

    assert db["recommendations"].count == 3
    assert db["recommendations"].get(first)["recommendation"] == BASE[1].recommendation
    assert db["recommendations"].get(second)["rec_no"] == "1.3"  # the reviewer's number
    assert "added" not in result.describe()


def test_a_record_a_reviewer_added_is_not_duplicated_when_the_parser_finds_it(db):
    imported(db, plan(BASE[0], BASE[1], BASE[3]))
    document_id = db.execute("SELECT id FROM documents").fetchone()[0]
    created = ch.create_record(db, ANN, document_id, 25, 33).created[1]
    ch.update_recommendation(db, ANN, created, recommendation=BASE[2].recommendation)

    result = imported(db, plan(*BASE), version="2")

    assert db["recommendations"].count == 4
    row = db["recommendations"].get(created)
    assert row["recommendation"] == BASE[2].recommendation
    assert (row["rec_no"], row["agreement"]) == ("1.3", "Partly Agreed")  # filled by the parse
    assert (row["span_start"], row["span_end"]) == (25, 33)  # the reviewer's selection
    assert "added" not in result.describe()


# --- actions --------------------------------------------------------------------------------


def test_actions_keep_reviewer_edits_additions_and_deletions(db):
    imported(db, plan(*BASE))
    two = by_no(db, "1.2")["id"]
    first, second = (a["id"] for a in actions_of(db, two))
    ch.update_action(db, ANN, first, owner="Head of Residential Services")
    ch.remove_action(db, ANN, second)
    ch.add_action(db, ANN, two, owner="Facilities Manager", target="July 2022")
    better = list(BASE)
    better[1] = copy.deepcopy(BASE[1])
    better[1].actions[0].owner = "Head of Residence (acting)"
    better[1].actions.append(Action(3, "Estates", "May 2022", "2022-05-31"))

    imported(db, plan(*better), version="2")

    rows = actions_of(db, two)
    assert [(a["owner"], a["target"]) for a in rows] == [
        ("Head of Residential Services", "April 2022"),  # the reviewer's owner
        ("Facilities Manager", "July 2022"),  # added by the reviewer
        ("Estates", "May 2022"),  # new in the parse
    ]  # the one the reviewer deleted stays deleted
    assert [a["position"] for a in rows] == [1, 2, 3]


def test_a_reviewers_target_keeps_its_date_and_status(db):
    imported(db, plan(*BASE))
    action = actions_of(db, by_no(db, "1.1")["id"])[0]["id"]
    ch.update_action(db, ANN, action, target="Complete")
    better = list(BASE)
    better[0] = copy.deepcopy(BASE[0])
    better[0].actions[0].target_date = "2022-03-31"
    imported(db, plan(*better), version="2")
    row = db["actions"].get(action)
    assert (row["target"], row["target_date"], row["status"]) == ("Complete", None, "complete")


def test_a_split_action_stays_split(db):
    imported(db, plan(*BASE))
    two = by_no(db, "1.2")["id"]
    joint = actions_of(db, two)[1]["id"]
    ch.update_action(db, ANN, joint, owner="Governor")
    ch.add_action(db, ANN, two, after=joint, owner="Head of Safety", target="June 2022")

    imported(db, plan(*BASE), reparse=True)

    assert [a["owner"] for a in actions_of(db, two)] == [
        "Head of Residence",
        "Governor",
        "Head of Safety",
    ]


def test_an_untouched_action_no_longer_found_goes_unless_its_record_was_reviewed(db):
    imported(db, plan(*BASE))
    one, two = by_no(db, "1.1")["id"], by_no(db, "1.2")["id"]
    ch.set_status(db, ANN, (RECOMMENDATION, two), "verified")
    fewer = [copy.deepcopy(r) for r in BASE]
    fewer[0].actions = []
    fewer[1].actions = fewer[1].actions[:1]

    imported(db, plan(*fewer), version="2")

    assert actions_of(db, one) == []
    assert len(actions_of(db, two)) == 2  # verified as it was: nothing taken away
    gone = db.execute(
        "SELECT old FROM edits WHERE reviewer = ? AND table_name = 'actions' AND new IS NULL",
        [REPARSE_REVIEWER],
    ).fetchall()
    assert [json.loads(g[0])["owner"] for g in gone] == ["Governor"]  # recorded whole


# --- judgements and links -----------------------------------------------------------------


def irp(*judgements: Judgement) -> IRPReport:
    return IRPReport(
        text="Independent review of progress at HMP Reparse\n" + "x\n" * 20,
        establishment="HMP Reparse",
        published="2022-10-01",
        inspection_year=2021,
        judgements=[copy.deepcopy(j) for j in judgements],
    )


JUDGEMENTS = (
    Judgement(1, "HMIP", "1.1", "Safety", BASE[0].recommendation, "Good progress"),
    Judgement(2, "HMIP", "1.2", "Respect", BASE[1].recommendation, "No meaningful progress"),
    Judgement(3, "HMIP", "1.3", "Purposeful activity", BASE[2].recommendation, None),
)


def test_judgements_keep_their_review_and_confirmed_links(db):
    imported(db, plan(*BASE))
    report = import_document(db, irp(*JUDGEMENTS), "irp.txt", parser_version="1").document_id
    first, second, third = (
        r[0]
        for r in db.execute(
            "SELECT id FROM judgements WHERE document_id = ? ORDER BY position", [report]
        )
    )
    ch.set_judgement(db, ANN, second, "Insufficient progress")
    ch.save_links(db, ANN, first, {by_no(db, "1.3")["id"]: True})  # the reviewer knows better
    better = [copy.deepcopy(j) for j in JUDGEMENTS[:2]]
    better[1].judgement = "Reasonable progress"
    better[0].theme = "Safety and security"

    result = import_document(db, irp(*better), "irp.txt", parser_version="2")

    assert result.describe() == "reparsed: 1 updated, 1 kept (not found), 1 reviewer edit kept"
    assert db["judgements"].get(second)["judgement"] == "Insufficient progress"
    assert db["judgements"].get(first)["theme"] == "Safety and security"
    assert db.execute(
        "SELECT recommendation_id, confirmed FROM judgement_links WHERE judgement_id = ?",
        [first],
    ).fetchall() == [(by_no(db, "1.3")["id"], 1)]
    assert db["judgements"].get(third)["review_status"] == "flagged"


def test_re_parse_edits_do_not_freeze_the_links_of_untouched_judgements(db):
    imported(db, plan(*BASE))
    report = import_document(db, irp(*JUDGEMENTS), "irp.txt", parser_version="1").document_id
    better = [copy.deepcopy(j) for j in JUDGEMENTS]
    better[2].text = BASE[3].recommendation  # the parser now quotes the right recommendation
    better[2].ref = "1.4"
    import_document(db, irp(*better), "irp.txt", parser_version="2")
    third = db.execute(
        "SELECT id FROM judgements WHERE document_id = ? AND position = 3", [report]
    ).fetchone()[0]
    linked = db.execute(
        "SELECT recommendation_id FROM judgement_links WHERE judgement_id = ?", [third]
    ).fetchall()
    assert linked == [(by_no(db, "1.4")["id"],)]


# --- the audit trail and the transaction ------------------------------------------------------


def test_the_merge_is_one_change_by_the_program_and_a_reviewers_undo_ignores_it(db):
    imported(db, plan(*BASE))
    target = by_no(db, "1.3")["id"]
    ch.update_recommendation(db, ANN, target, note="look at this")
    better = [copy.deepcopy(r) for r in BASE]
    better[2].agreement = "Agreed"
    imported(db, plan(*better), version="2")

    changes = db.execute(
        "SELECT DISTINCT change_id FROM edits WHERE reviewer = ?", [REPARSE_REVIEWER]
    ).fetchall()
    assert len(changes) == 1
    assert db.execute(
        "SELECT old, new FROM edits WHERE reviewer = ? AND field = 'agreement'",
        [REPARSE_REVIEWER],
    ).fetchone() == ('"Partly Agreed"', '"Agreed"')

    undone = ch.undo(db, ANN)  # the reviewer's own last change, not the merge

    assert undone.undone.fields[0][2] == "note"
    row = db["recommendations"].get(target)
    assert (row["note"], row["agreement"]) == (None, "Agreed")


def test_a_failure_during_the_merge_leaves_the_database_as_it_was(db, db_path, monkeypatch):
    imported(db, plan(*BASE))
    ch.set_status(db, ANN, (RECOMMENDATION, by_no(db, "1.1")["id"]), "verified")
    before = list(db.conn.iterdump())

    def broken(*args, **kwargs):
        raise RuntimeError("merge bug")

    monkeypatch.setattr("store.ingest.reparse._Merger._keep_not_found", broken)
    with pytest.raises(RuntimeError):
        imported(db, plan(*BASE[:3]), version="2")
    assert list(db.conn.iterdump()) == before


# --- the command line and the real corpus ----------------------------------------------------


def test_the_import_summary_says_what_a_re_parse_changed(db_path, tmp_path):
    source = tmp_path / "reparse.txt"
    source.write_text(TEXT)
    parses = iter([plan(*BASE[1:]), plan(*BASE[:3])])
    app = Collaborators(parse=lambda path: next(parses))
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    runner.invoke(main, ["import", str(source), "--db", str(db_path)], obj=app)
    args = ["import", str(source), "--db", str(db_path), "--reparse"]
    result = runner.invoke(main, args, obj=app)
    assert result.exit_code == 0, result.stderr
    assert "reparsed: 1 added, 1 kept (not found)" in result.stdout
    assert "1 reparsed" in result.stderr


def test_a_reviewed_corpus_plan_survives_a_better_parse(db, corpus_dir, tmp_path):
    """Version 1 misses a record, misreads an agreement and merges two actions; a
    reviewer works on it; version 2 parses it right and nothing they did is lost."""
    text = (corpus_dir / "000_752b575627fd0e86.txt").read_text()
    good = parse_document(text)
    worse = copy.deepcopy(good)
    del worse.recommendations[5]
    worse.recommendations[2].agreement = "Not Agreed"
    with_actions = next(r for r in worse.recommendations[8:] if len(r.actions) >= 2)
    with_actions.actions[0].owner += " " + (with_actions.actions.pop(1).owner or "")
    for i, r in enumerate(worse.recommendations, start=1):
        r.position = i
    imported(db, worse)
    rows = recs(db)
    ch.set_status(db, ANN, (RECOMMENDATION, rows[0]["id"]), "verified")
    ch.update_recommendation(db, ANN, rows[1]["id"], agreement="Partly Agreed")
    ch.set_status(db, ANN, (RECOMMENDATION, rows[3]["id"]), "flagged", note="odd owner")
    trail = list(db.query("SELECT * FROM edits ORDER BY id"))
    reviewed = {r["id"]: r for r in recs(db)}

    result = imported(db, good, version="2")

    assert result.merge.added == 1 and result.merge.kept == 0
    assert db["recommendations"].count == len(good.recommendations)
    assert [r["rec_no"] for r in recs(db)] == [r.rec_no for r in good.recommendations]
    for row_id, before in reviewed.items():
        row = db["recommendations"].get(row_id)
        for name in ("review_status", "reviewer", "reviewed_at", "note"):
            assert row[name] == before[name]
    assert db["recommendations"].get(rows[1]["id"])["agreement"] == "Partly Agreed"
    assert (
        db["recommendations"].get(rows[2]["id"])["agreement"] == good.recommendations[2].agreement
    )
    assert db["actions"].count == sum(len(r.actions) for r in good.recommendations)
    assert (
        list(db.query("SELECT * FROM edits WHERE reviewer != ? ORDER BY id", [REPARSE_REVIEWER]))
        == trail
    )


def test_re_parsing_the_whole_corpus_again_changes_nothing(db_path, corpus_dir, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": None})
    runner.invoke(main, ["import", str(folder), "--db", str(db_path)])
    result = runner.invoke(main, ["import", str(folder), "--db", str(db_path), "--reparse"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("reparsed: no changes") == len(list(Path(folder).iterdir()))


def test_undoing_a_deletion_whose_place_a_re_parse_filled_is_refused_and_changes_nothing(db):
    imported(db, plan(*BASE))
    one = by_no(db, "1.1")["id"]
    ch.remove_action(db, ANN, actions_of(db, one)[0]["id"])
    better = [copy.deepcopy(r) for r in BASE]
    better[0].actions.insert(0, Action(1, "Head of Learning", "June 2022", "2022-06-30"))
    imported(db, plan(*better), version="2")  # the new action takes position 1
    before = list(db.conn.iterdump())

    with pytest.raises(UndoConflict, match="another row has taken its place since"):
        ch.undo(db, ANN)

    assert list(db.conn.iterdump()) == before
    assert [a["owner"] for a in actions_of(db, one)] == ["Head of Learning"]


def test_every_column_the_import_fills_is_kept_up_to_date_by_a_re_parse(db):
    """The merge builds its rows where the importer does (store/ingest/rows.py): a new column
    filled on import (here judgements.not_assessed) is filled on re-parse too."""
    report = import_document(db, irp(*JUDGEMENTS), "irp.txt", parser_version="1").document_id
    better = [copy.deepcopy(j) for j in JUDGEMENTS]
    better[2].not_assessed = True
    better.append(Judgement(4, "HMIP", "1.4", "Safety", BASE[3].recommendation, None))
    better[3].not_assessed = True
    import_document(db, irp(*better), "irp.txt", parser_version="2")
    assert db.execute(
        "SELECT position, not_assessed FROM judgements WHERE document_id = ? ORDER BY position",
        [report],
    ).fetchall() == [(1, 0), (2, 0), (3, 1), (4, 1)]
