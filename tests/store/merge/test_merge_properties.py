"""Property: two reviewers' random work on copies of one database, merged, loses nothing.

Each example takes the samples database, applies random review work to two
copies through the store functions the app calls (statuses with notes, field
edits, action owners and targets, actions added and removed, IRP judgements),
merges the second into the first, and checks against a model computed from
the three files alone: every change made on one side only landed, a field
both changed to different values is a conflict (ours kept, the record
flagged), a delete against an edit is a conflict, and nothing else is.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from store import open_db
from store.db import StoreError
from store.domain import AGREEMENTS
from store.merge import apply_merge
from store.review import changes
from tests.support.merge_dbs import contents, copy_of
from tests.support.review_db import import_samples, rows

N_RECS = 3
REC_FIELDS = ("agreement", "rec_no", "response", "review_status", "note")
STATUSES = ("verified", "flagged", "rejected", "unreviewed")
NOTES = ("check the owner", "seen", None)
TARGETS = ("March 2023", "Complete", "N/A", "June 2021")
OWNERS = ("Governor", "Head of Safety", "HMPPS")
JUDGEMENT_VALUES = ("Good progress", "No meaningful progress", "Reasonable progress")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, list[int], dict[int, list[int]], list[int]]:
    path = import_samples(tmp_path_factory.mktemp("merge-base") / "base.db")
    recs = [
        r for (r,) in rows(
            path,
            "SELECT recommendation_id FROM actions GROUP BY recommendation_id "
            "HAVING COUNT(*) >= 2 ORDER BY recommendation_id LIMIT ?",
            [N_RECS],
        )
    ]  # fmt: skip
    actions = {
        rec: [
            a
            for (a,) in rows(
                path,
                "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position LIMIT 2",
                [rec],
            )
        ]  # fmt: skip
        for rec in recs
    }
    judgements = [
        j
        for (j,) in rows(
            path,
            "SELECT id FROM judgements WHERE inspectorate = 'HMIP' "
            "AND document_id IS NOT NULL ORDER BY id LIMIT 3",
        )  # fmt: skip
    ]
    return path, recs, actions, judgements


def ops():
    i = st.integers(0, N_RECS - 1)
    j = st.integers(0, 1)
    return st.lists(
        st.one_of(
            st.tuples(st.just("status"), i, st.sampled_from(STATUSES), st.sampled_from(NOTES)),
            st.tuples(st.just("agreement"), i, st.sampled_from((*AGREEMENTS, None))),
            st.tuples(st.just("rec_no"), i, st.sampled_from(("9.1", "9.2"))),
            st.tuples(st.just("response"), i, st.sampled_from(("Done.", "Not done."))),
            st.tuples(st.just("owner"), i, j, st.sampled_from(OWNERS)),
            st.tuples(st.just("target"), i, j, st.sampled_from(TARGETS)),
            st.tuples(st.just("add"), i, st.sampled_from(OWNERS)),
            st.tuples(st.just("remove"), i, j),
            st.tuples(st.just("judgement"), st.integers(0, 2), st.sampled_from(JUDGEMENT_VALUES)),
        ),
        max_size=12,
    )


def apply(path: Path, who: str, work, recs, actions, judgements) -> None:
    db = open_db(path)
    try:
        for op in work:
            kind = op[0]
            try:
                if kind == "status":
                    changes.set_status(db, who, ("recommendation", recs[op[1]]), op[2], op[3])
                elif kind in ("agreement", "rec_no", "response"):
                    changes.update_recommendation(db, who, recs[op[1]], **{kind: op[2]})
                elif kind in ("owner", "target"):
                    changes.update_action(db, who, actions[recs[op[1]]][op[2]], **{kind: op[3]})
                elif kind == "add":
                    changes.add_action(db, who, recs[op[1]], owner=op[2], target="May 2024")
                elif kind == "remove":
                    changes.remove_action(db, who, actions[recs[op[1]]][op[2]])
                elif kind == "judgement" and op[1] < len(judgements):
                    changes.set_judgement(db, who, judgements[op[1]], op[2])
            except StoreError:
                pass  # an action removed earlier in this work: nothing to change
    finally:
        db.close()


def state(path: Path, recs, actions, judgements) -> dict:
    found = {}
    for rec in recs:
        values = rows(path, f"SELECT {', '.join(REC_FIELDS)} FROM recommendations WHERE id = ?",
                      [rec])[0]  # fmt: skip
        for name, value in zip(REC_FIELDS, values, strict=True):
            found[("recommendations", rec, name)] = value
        for action in actions[rec]:
            row = rows(path, "SELECT owner, target FROM actions WHERE id = ?", [action])
            found[("actions", action, "*")] = bool(row)
            found[("actions", action, "owner")] = row[0][0] if row else None
            found[("actions", action, "target")] = row[0][1] if row else None
    for judgement in judgements:
        found[("judgements", judgement, "judgement")] = rows(
            path, "SELECT judgement FROM judgements WHERE id = ?", [judgement]
        )[0][0]
    return found


def added_owners(path: Path, rec: int, known: list[int]) -> list[str]:
    return sorted(
        o for (o,) in rows(path, "SELECT owner FROM actions WHERE recommendation_id = ? AND id NOT IN "
                           f"({', '.join(map(str, known)) or 'NULL'}) AND target = 'May 2024'", [rec])
    )  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alice=ops(), bob=ops())
def test_merging_keeps_every_change_and_flags_exactly_the_conflicts(base, alice, bob):
    path, recs, actions, judgements = base
    with tempfile.TemporaryDirectory() as folder:
        ours = copy_of(path, Path(folder) / "ours.db")
        theirs = copy_of(path, Path(folder) / "theirs.db")
        _check(path, ours, theirs, (recs, actions, judgements), None, alice, bob)


@pytest.fixture(scope="module")
def separate(tmp_path_factory, base):
    """Theirs imported separately from the same files, another document first: every id
    differs from ours. Returns its path and {our id: their id} per table."""
    from store import import_document
    from tests.conftest import make_plan

    path, recs, actions, judgements = base
    other = tmp_path_factory.mktemp("merge-separate") / "theirs-base.db"
    db = open_db(other)
    try:
        import_document(db, make_plan("first", "HMP Elsewhere"), "x.txt")
    finally:
        db.close()
    import_samples(other)
    place = {
        "recommendations": "SELECT r.id, d.sha256, r.position, NULL FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id",
        "actions": "SELECT a.id, d.sha256, r.position, a.position FROM actions a JOIN "
        "recommendations r ON r.id = a.recommendation_id JOIN documents d ON d.id = r.document_id",
        "judgements": "SELECT j.id, d.sha256, j.position, NULL FROM judgements j "
        "JOIN documents d ON d.id = j.document_id",
    }
    ids = {}
    for table, sql in place.items():
        theirs_by_place = {tuple(r[1:]): r[0] for r in rows(other, sql)}
        ids[table] = {r[0]: theirs_by_place[tuple(r[1:])] for r in rows(path, sql)}
    assert ids["recommendations"][recs[0]] != recs[0]
    return other, ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alice=ops(), bob=ops())
def test_the_same_holds_for_a_file_imported_separately(base, separate, alice, bob):
    path, recs, actions, judgements = base
    other, ids = separate
    with tempfile.TemporaryDirectory() as folder:
        ours = copy_of(path, Path(folder) / "ours.db")
        theirs = copy_of(other, Path(folder) / "theirs.db")
        _check(path, ours, theirs, (recs, actions, judgements), ids, alice, bob)


def _in_theirs(ids, recs, actions, judgements):
    """Our record lists with their ids, for Bob's work and for reading his file."""
    r = ids["recommendations"]
    return (
        [r[x] for x in recs],
        {r[x]: [ids["actions"][a] for a in actions[x]] for x in recs},
        [ids["judgements"][j] for j in judgements],
    )


def _ours_keys(found: dict, ids) -> dict:
    """A state read from their file, keyed by our ids."""
    back = {t: {v: k for k, v in m.items()} for t, m in ids.items()}
    return {(t, back[t][r], f): v for (t, r, f), v in found.items()}


def _check(path, ours, theirs, records, ids, alice, bob) -> None:
    recs, actions, judgements = records
    theirs_records = _in_theirs(ids, *records) if ids else records
    apply(ours, "alice", alice, *records)
    apply(theirs, "bob", bob, *theirs_records)
    was = state(path, *records)
    a = state(ours, *records)
    b = state(theirs, *theirs_records)
    if ids:
        b = _ours_keys(b, ids)
    a_added = {rec: added_owners(ours, rec, actions[rec]) for rec in recs}
    b_added = {
        rec: added_owners(theirs, their_rec, theirs_records[1][their_rec])
        for rec, their_rec in zip(recs, theirs_records[0], strict=True)
    }
    db = open_db(ours)
    try:
        apply_merge(db, theirs, "lead")
    finally:
        db.close()
    merged = state(ours, *records)
    expected, conflicts = _model(was, a, b)
    found = {
        (t, r, f) for t, r, f in rows(ours, "SELECT table_name, row_id, field FROM merge_conflicts")
    }
    assert found == conflicts
    event(f"{min(len(conflicts), 3)} conflicts")
    flagged_recs = {r for (r,) in rows(ours, "SELECT recommendation_id FROM merge_conflicts "
                                       "WHERE recommendation_id IS NOT NULL")}  # fmt: skip
    before = dict(rows(ours, "SELECT COALESCE(recommendation_id, judgement_id), "
                       "status_before FROM merge_conflicts"))  # fmt: skip
    for key, value in expected.items():
        table, row_id, name = key
        if table == "recommendations" and row_id in flagged_recs and name == "review_status":
            assert merged[key] == "flagged" and before[row_id] == value, key
        elif table == "recommendations" and row_id in flagged_recs and name == "note":
            assert (merged[key] or "").startswith(value or ""), key
            assert "Merge conflict" in merged[key]
        elif table == "judgements" and (table, row_id, name) in conflicts:
            assert merged[key] == value
        else:
            assert merged[key] == value, (key, was[key], a[key], b[key])
    for rec in recs:  # an action both added alike (same content) is one action
        both = Counter(a_added[rec]) | Counter(b_added[rec])
        assert added_owners(ours, rec, actions[rec]) == sorted(both.elements())
    bob_edits = rows(theirs, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'")
    assert rows(ours, "SELECT COUNT(*) FROM edits WHERE reviewer = 'bob'") == bob_edits
    positions = rows(ours, "SELECT recommendation_id, group_concat(position) FROM "
                     "(SELECT * FROM actions ORDER BY position) GROUP BY recommendation_id")  # fmt: skip
    for _, listed in positions:
        assert [int(p) for p in listed.split(",")] == list(range(1, len(listed.split(",")) + 1))


def _model(was: dict, a: dict, b: dict) -> tuple[dict, set]:
    """What the merge must give for each value, and the conflicts it must find."""
    expected, conflicts = {}, set()
    rows_ = {(t, r) for t, r, _ in was}
    for table, row_id in rows_:
        whole = (table, row_id, "*")
        if table == "actions" and not (a[whole] and b[whole]):
            a_edit = any(a[(table, row_id, f)] != was[(table, row_id, f)] and a[whole]
                         for f in ("owner", "target"))  # fmt: skip
            b_edit = any(b[(table, row_id, f)] != was[(table, row_id, f)] and b[whole]
                         for f in ("owner", "target"))  # fmt: skip
            if a[whole] and b_edit is False and not b[whole]:
                if a_edit:  # we changed it, they deleted it: ours kept
                    conflicts.add(("actions", row_id, "*"))
                    keep = a
                else:
                    keep = b
            elif b[whole] and not a[whole]:
                keep = a
                if b_edit:
                    conflicts.add(("actions", row_id, "*"))
            else:
                keep = a
            for name in ("*", "owner", "target"):
                expected[(table, row_id, name)] = keep[(table, row_id, name)]
            continue
        for key in [k for k in was if k[:2] == (table, row_id) and k[2] != "*"]:
            changed_a, changed_b = a[key] != was[key], b[key] != was[key]
            if changed_a and changed_b and a[key] != b[key]:
                conflicts.add(key)
                expected[key] = a[key]
            else:
                expected[key] = b[key] if changed_b else a[key]
        if whole in was:
            expected[whole] = True
    return expected, conflicts


def test_the_model_counts_a_copy_unchanged(base):
    """The property's model itself: no work on either side, nothing expected to change."""
    path, recs, actions, judgements = base
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_of(path, Path(folder) / "copy.db")
        was = state(copy, recs, actions, judgements)
        expected, conflicts = _model(was, was, was)
        assert expected == was and conflicts == set()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    path = import_samples(tmp_path_factory.mktemp("merge-six") / "base.db")
    recs = [
        r for (r,) in rows(path, "SELECT recommendation_id FROM actions GROUP BY recommendation_id "
                           "HAVING COUNT(*) >= 2 ORDER BY recommendation_id LIMIT 6")
    ]  # fmt: skip
    actions = {
        rec: [
            a
            for (a,) in rows(
                path,
                "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position LIMIT 2",
                [rec],
            )
        ]  # fmt: skip
        for rec in recs
    }
    return path, recs, actions


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alice=ops(), bob=ops())
def test_without_conflicts_the_order_of_merging_does_not_matter(six, alice, bob):
    """Alice and Bob review different records; merging A then B into a third copy gives
    the same database as B then A."""
    path, recs, actions = six
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        a, b = copy_of(path, folder / "a.db"), copy_of(path, folder / "b.db")
        apply(a, "alice", alice, recs[:3], actions, [])
        apply(b, "bob", bob, recs[3:], actions, [])
        results = []
        for first, second, name in ((a, b, "ab.db"), (b, a, "ba.db")):
            target = copy_of(path, folder / name)
            db = open_db(target)
            try:
                for theirs in (first, second):
                    assert apply_merge(db, theirs, "lead").conflicts == []
            finally:
                db.close()
            results.append(contents(target))
        assert results[0] == results[1]
