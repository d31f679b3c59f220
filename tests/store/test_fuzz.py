"""Property tests for what tests/extract/test_fuzz.py does not cover (issue 6).

* Reading bytes: whatever a file holds, ``decode_bytes`` gives text or the
  project's ``ParseError``, and the truncation check after parsing likewise.
* Re-parsing: whatever two parses of a document and whatever a reviewer did in
  between, the merge deletes no record, changes no review status or note
  (but for flagging what it no longer finds), keeps every reviewer-edited
  value and every action a reviewer added, brings back none they deleted, and
  leaves positions 1..n; a second identical re-parse changes nothing.
"""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import ParseError, parse_document
from extract.formats.read import decode_bytes
from extract.models import Action, ActionPlan, Recommendation
from extract.truncated import check_whole
from store import StoreError, import_document, open_db
from store.domain import RECOMMENDATION
from store.review import changes as ch
from store.review.audit import REPARSE_REVIEWER
from tests.support.paths import REPO

ROOT = REPO
SOURCES = sorted((ROOT / "samples").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]

FUZZ = settings(
    max_examples=60,
    deadline=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


# --- bytes ------------------------------------------------------------------------------------


@st.composite
def document_bytes(draw) -> bytes:
    text = draw(st.sampled_from(TEXTS))
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    data = bytearray(text.encode(codec, errors="replace"))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "byte", "insert"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            del data[at:]
        elif op == "byte" and data:
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.binary(max_size=6))
    return bytes(data)


@FUZZ
@given(st.one_of(document_bytes(), st.binary(max_size=2000)))
def test_any_bytes_decode_to_text_or_a_parse_error(data):
    try:
        text = decode_bytes(data)
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    assert "\r" not in text and "\x00" not in text and text.strip()
    try:
        check_whole(parse_document(text))
    except ParseError as exc:
        assert "\n" not in str(exc)


# --- the re-parse merge -------------------------------------------------------------------------

POOL = [
    ("1.1", "Prisoners should be unlocked for at least eight hours a day."),
    ("1.2", "Cells should be clean, warm and in good repair."),
    ("1.3", "Education places should be filled and attendance improved."),
    ("1.4", "Use of force should be reviewed by managers every week."),
    ("1.5", "Staff should be trained in de-escalation and first aid."),
    ("1.6", "Visits should start on time and last the full session."),
    ("1.7", "Health care waiting lists should be cut to six weeks."),
]
OWNERS = ["Governor", "Head of Safety", "Head of Residence", "Deputy Governor", "HMPPS"]
AGREEMENTS = ["Agreed", "Partly Agreed", "Not Agreed", None]
TEXT = "Action plan: HMP Property\n" + "line\n" * 40


@st.composite
def a_parse(draw) -> ActionPlan:
    """Some of the pool's records, in order, each maybe misread a little."""
    chosen = draw(st.lists(st.sampled_from(range(len(POOL))), min_size=1, unique=True))
    recs = []
    for position, index in enumerate(sorted(chosen), start=1):
        rec_no, text = POOL[index]
        if draw(st.booleans()):
            rec_no = draw(st.sampled_from([rec_no, rec_no[1:], None]))
        if draw(st.booleans()):
            text = text[: draw(st.integers(10, len(text)))]
        owners = draw(st.lists(st.sampled_from(OWNERS), max_size=3, unique=True))
        recs.append(
            Recommendation(
                position=position,
                rec_no=rec_no,
                agreement=draw(st.sampled_from(AGREEMENTS)),
                recommendation=text,
                ref=draw(st.sampled_from([None, f"2.{index}"])),
                actions=[
                    Action(i, owner, draw(st.sampled_from(["March 2022", "Complete", "N/A"])))
                    for i, owner in enumerate(owners, start=1)
                ],
                span_start=position,
                span_end=position + 1,
            )
        )
    return ActionPlan(text=TEXT, establishment="HMP Property", recommendations=recs)


REVIEW_OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["status", "agreement", "ref", "note", "owner", "add", "remove", "undo", "create"]
        ),
        st.integers(0, 100),
        st.sampled_from(OWNERS + ["Someone else"]),
    ),
    max_size=8,
)


def review(db, ops) -> None:
    for op, pick, owner in ops:
        recs = [r[0] for r in db.execute("SELECT id FROM recommendations ORDER BY id")]
        rec = recs[pick % len(recs)]
        actions = [
            r[0] for r in db.execute("SELECT id FROM actions WHERE recommendation_id = ?", [rec])
        ]
        if op == "status":
            status = ["verified", "flagged", "rejected"][pick % 3]
            ch.set_status(db, "ann", (RECOMMENDATION, rec), status, note=f"n{pick}")
        elif op == "agreement":
            ch.update_recommendation(db, "ann", rec, agreement=AGREEMENTS[pick % 3])
        elif op == "ref":
            ch.update_recommendation(db, "ann", rec, ref=None if pick % 2 else f"9.{pick}")
        elif op == "note":
            ch.update_recommendation(db, "ann", rec, note=f"note {pick}")
        elif op == "owner" and actions:
            ch.update_action(db, "ann", actions[pick % len(actions)], owner=owner)
        elif op == "add":
            ch.add_action(db, "ann", rec, owner=owner, target="May 2031")
        elif op == "remove" and actions:
            ch.remove_action(db, "ann", actions[pick % len(actions)])
        elif op == "undo":
            with contextlib.suppress(StoreError):
                # refused when later work took the change's rows or places (an action
                # the re-parse added where a deleted one stood): nothing is written
                ch.undo(db, "ann")
        elif op == "create":  # a record the parser missed, typed in by the reviewer
            document = db.execute("SELECT id FROM documents").fetchone()[0]
            created = ch.create_record(db, "ann", document, 30 + pick % 40, 60 + pick % 40)
            _, text = POOL[pick % len(POOL)]
            ch.update_recommendation(db, "ann", created.created[1], recommendation=text)


def live_edits(db) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM edits WHERE reviewer = 'ann' AND undone = 0 AND undo_of IS NULL "
            "ORDER BY id"
        )
    )


def snapshot(db) -> dict:
    return {
        "recs": {r["id"]: r for r in db.query("SELECT * FROM recommendations")},
        "actions": {r["id"]: r for r in db.query("SELECT * FROM actions")},
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(first=a_parse(), second=a_parse(), ops=REVIEW_OPS, more=REVIEW_OPS)
def test_a_re_parse_never_loses_what_a_reviewer_did(first, second, ops, more):
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "p.db")
        try:
            import_document(db, first, "p.txt", parser_version="1")
            # parse 2, then back to parse 1 (what 2 no longer found is found again)
            for version, parse, work in (("2", second, ops), ("3", first, more)):
                review(db, work)
                before, edits = snapshot(db), live_edits(db)
                result = import_document(db, copy.deepcopy(parse), "p.txt", parser_version=version)
                after = snapshot(db)
                check_merge(db, before, after, edits, len(parse.recommendations), result)
            again = import_document(db, copy.deepcopy(first), "p.txt", parser_version="4")
            assert again.merge.updated == again.merge.added == 0
            assert again.merge.unflagged == 0
            assert snapshot(db) == after | {"recs": snapshot(db)["recs"]}
            assert snapshot(db)["recs"].keys() == after["recs"].keys()
        finally:
            db.close()


def check_merge(db, before, after, edits, parsed, result) -> None:
    recs_before, recs_after = before["recs"], after["recs"]
    # no record deleted; every parsed record is one of them
    assert recs_before.keys() <= recs_after.keys()
    assert len(recs_after) - len(recs_before) == result.merge.added
    assert parsed <= len(recs_after)
    # review status, reviewer, time and note unchanged, but for flagging the not-found
    for rec_id, old in recs_before.items():
        new = recs_after[rec_id]
        review = ("review_status", "reviewer", "reviewed_at", "note")
        if (old["review_status"], new["reviewer"]) == ("unreviewed", REPARSE_REVIEWER):
            assert new["review_status"] == "flagged"
            assert new["note"] == (old["note"] or new["note"])
        elif old["reviewer"] == REPARSE_REVIEWER:  # flagged by the re-parse before
            if new["review_status"] == "unreviewed":  # found again: the flag (and its note) go
                ours = (old["note"] or "").startswith("Not found when the document was parsed")
                assert (new["reviewer"], new["note"]) == (None, None if ours else old["note"])
            else:
                assert {k: new[k] for k in review} == {k: old[k] for k in review}
        else:
            assert {k: new[k] for k in review} == {k: old[k] for k in review}
    # every live reviewer edit still holds
    last_row_edit = {(e["table_name"], e["row_id"]): e["id"] for e in edits if e["field"] == "*"}
    for edit in edits:
        table, row_id, field = edit["table_name"], edit["row_id"], edit["field"]
        rows = after["recs"] if table == "recommendations" else after["actions"]
        was_rows = recs_before if table == "recommendations" else before["actions"]
        if last_row_edit.get((table, row_id), edit["id"]) > edit["id"]:
            continue  # the id was deleted or added again since
        if field == "*" and edit["new"] is None:  # a deleted action stays deleted
            assert row_id not in rows
            gone = json.loads(edit["old"])
            assert not any(
                (a["owner"], a["target"]) == (gone["owner"], gone["target"])
                and a["id"] not in before["actions"]
                for a in rows.values()
                if a["recommendation_id"] == gone["recommendation_id"]
            ), "a deleted action came back"
        elif field == "*":  # an added record or action stays, as the reviewer left it
            if row_id in was_rows:
                kept = was_rows[row_id]
                names = ("recommendation",) if table == "recommendations" else ("owner", "target")
                assert {k: rows[row_id][k] for k in names} == {k: kept[k] for k in names}
        elif field != "position" and row_id in was_rows:
            was = was_rows[row_id]
            assert rows[row_id][field] == was[field], (table, row_id, field)
    # positions are 1..n within the document and within each recommendation
    assert sorted(r["position"] for r in recs_after.values()) == list(range(1, len(recs_after) + 1))
    by_rec: dict[int, list[int]] = {}
    for action in after["actions"].values():
        by_rec.setdefault(action["recommendation_id"], []).append(action["position"])
    for positions in by_rec.values():
        assert sorted(positions) == list(range(1, len(positions) + 1))
    # the merge wrote nothing but as the program
    last = db.execute("SELECT MAX(change_id) FROM edits").fetchone()[0]
    assert {r[0] for r in db.execute("SELECT reviewer FROM edits WHERE change_id = ?", [last])} <= {
        REPARSE_REVIEWER,
        "ann",
    }
    for rec in recs_after.values():
        json.loads(rec["warnings"])
