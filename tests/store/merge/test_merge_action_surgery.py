"""Property: actions split, merged, moved, added and removed on either side merge cleanly.

Each side does random action work on a few recommendations through the app's
store functions (``store.review.changes``). Where only one side touched a
recommendation's actions, the merged recommendation has exactly that side's
actions, in its order; wherever both did, every action either added is there,
the order is 1..n, and any conflict is on a recommendation both touched.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from store import open_db
from store.db import StoreError
from store.merge import apply_merge
from store.review import changes
from tests.support.merge_dbs import copy_of
from tests.support.review_db import import_samples, rows

N = 3
OPS = ("split", "merge", "up", "down", "add", "remove", "owner")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = import_samples(tmp_path_factory.mktemp("surgery") / "base.db")
    recs = [
        r for (r,) in rows(path, "SELECT recommendation_id FROM actions GROUP BY "
                           "recommendation_id HAVING COUNT(*) >= 2 ORDER BY 1 LIMIT ?", [N])
    ]  # fmt: skip
    return path, recs


def work():
    return st.lists(
        st.tuples(
            st.sampled_from(OPS),
            st.integers(0, N - 1),
            st.integers(0, 3),
            st.sampled_from(("Governor", "HMPPS", "Head of Safety")),
        ),  # fmt: skip
        max_size=8,
    )


def actions_of(path: Path, rec: int) -> list[tuple]:
    return rows(path, "SELECT owner, target, text FROM actions WHERE recommendation_id = ? "
                "ORDER BY position", [rec])  # fmt: skip


def touched(path: Path, rec: int) -> bool:
    """A reviewer changed the recommendation's actions in this file (an action of it edited,
    added, removed or moved, whatever the actions' content is now)."""
    return (
        rows(
            path,
            "SELECT COUNT(*) FROM edits e WHERE e.table_name = 'actions' AND e.reviewer != 'lead' "
            "AND (e.row_id IN (SELECT id FROM actions WHERE recommendation_id = :rec) "
            "OR json_extract(COALESCE(e.old, e.new), '$.recommendation_id') = :rec "
            "OR (json_valid(e.new) AND json_extract(e.new, '$.recommendation_id') = :rec))",
            {"rec": rec},
        )[0][0]
        > 0
    )


def apply(path: Path, who: str, ops, recs, tag: str) -> None:
    db = open_db(path)
    try:
        for op, i, j, owner in ops:
            ids = [a for (a,) in db.execute("SELECT id FROM actions WHERE recommendation_id = ? "
                                            "ORDER BY position", [recs[i]])]  # fmt: skip
            if not ids and op != "add":
                continue
            action = ids[j % len(ids)] if ids else None
            try:
                if op == "split":
                    changes.split_action(db, who, action)
                elif op == "merge":
                    changes.merge_with_next(db, who, action)
                elif op in ("up", "down"):
                    changes.move_action(db, who, action, -1 if op == "up" else 1)
                elif op == "add":
                    changes.add_action(db, who, recs[i], owner=f"{tag} {owner}", target="May 2024")
                elif op == "remove":
                    changes.remove_action(db, who, action)
                else:
                    changes.update_action(db, who, action, owner=owner)
            except (StoreError, IndexError):
                pass  # the last action has no next one to merge with
    finally:
        db.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alice=work(), bob=work())
def test_action_surgery_on_either_side_merges(base, alice, bob):
    path, recs = base
    with tempfile.TemporaryDirectory() as folder:
        ours = copy_of(path, Path(folder) / "ours.db")
        theirs = copy_of(path, Path(folder) / "theirs.db")
        apply(ours, "alice", alice, recs, "alice")
        apply(theirs, "bob", bob, recs, "bob")
        a = {r: actions_of(ours, r) for r in recs}
        b = {r: actions_of(theirs, r) for r in recs}
        ours_before = copy_of(ours, Path(folder) / "ours-before.db")
        db = open_db(ours)
        try:
            apply_merge(db, theirs, "lead")
        finally:
            db.close()
        conflicted = {r for (r,) in rows(ours, "SELECT recommendation_id FROM merge_conflicts")}
        for rec in recs:
            merged = actions_of(ours, rec)
            touched_a, touched_b = touched(ours_before, rec), touched(theirs, rec)
            event(
                f"touched by {'both' if touched_a and touched_b else 'one' if touched_a or touched_b else 'none'}"
            )
            if touched_b and not touched_a:
                assert merged == b[rec], "only Bob touched these actions"
            elif touched_a and not touched_b:
                assert merged == a[rec], "only Alice touched these actions"
            else:
                added = [x for x in a[rec] + b[rec] if x[1] == "May 2024"]
                assert sorted(x[0] for x in merged if x[1] == "May 2024") == sorted(
                    x[0] for x in added
                )
                if not (touched_a and touched_b):
                    assert rec not in conflicted
            positions = [p for (p,) in rows(ours, "SELECT position FROM actions WHERE "
                                            "recommendation_id = ? ORDER BY position", [rec])]  # fmt: skip
            assert positions == list(range(1, len(positions) + 1))
