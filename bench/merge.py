"""How fast `hmip-review merge` brings 5,000 changed records into a 30,000-record database.

Run from the repo root::

    python bench/merge.py                  # the 30k database of bench/outstanding.py (built or reused)
    python bench/merge.py --changed 1000   # fewer changed records
    python bench/merge.py --json           # ... ending with run_all.py's summary line

It takes the 30,000-record database of ``bench/outstanding.py`` (the same file
in the temporary folder, built by its ``build`` when missing or stale) and
makes two copies: THEIRS, where "bob" changes ``--changed`` records through the
store's own change calls (review statuses with notes, agreements, action
owners: each change one transaction of 50 records, as ``V`` writes them), and
ours, where "alice" changes 500 records, 100 of them records Bob changes too (some
of the same fields, to other values: conflicts). Each run merges THEIRS into a fresh copy of ours.

Figures, each beside its floor measured in the same run:

* the merge (``store.merge.apply_merge``: reading both logs, matching, writing,
  copying Bob's edits) against copying the same rows with plain SQL (an
  ``ATTACH`` and one ``UPDATE``/``INSERT … SELECT`` per table: what any merge must
  at least write);
* the dry run (``plan_merge``: the same work, rolled back) against the same floor.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_summary import emit, target  # noqa: E402
from bench.outstanding import database  # noqa: E402
from store import open_db  # noqa: E402
from store.domain import AGREEMENTS  # noqa: E402
from store.merge import apply_merge, plan_merge  # noqa: E402
from store.review.audit import change  # noqa: E402

BATCH = 50  # records per change


def copy(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()
    return target


def review(path: Path, who: str, rec_ids: list[int], salt: int) -> None:
    """``who`` changes these records, BATCH to a change, through the audit trail's writer."""
    db = open_db(path)
    try:
        for start in range(0, len(rec_ids), BATCH):
            with change(db, who) as current:
                for n, rec_id in enumerate(rec_ids[start : start + BATCH], start=start):
                    kind = (n + salt) % 4
                    if kind == 0:
                        current.update(
                            "recommendations", rec_id, {"agreement": AGREEMENTS[(n + salt) % 3]}
                        )
                    elif kind == 1:
                        action = db.execute(
                            "SELECT id FROM actions WHERE recommendation_id = ? ORDER BY position "
                            "LIMIT 1",
                            [rec_id],
                        ).fetchone()
                        if action:
                            current.update("actions", action[0], {"owner": f"{who} owner {n}"})
                    values = {"review_status": "verified" if kind != 3 else "flagged",
                              "reviewer": who, "reviewed_at": current.at}  # fmt: skip
                    if kind == 3:
                        values["note"] = f"{who}: look again ({n})"
                    current.update("recommendations", rec_id, values)
    finally:
        db.close()


def floor(ours: Path, theirs: Path, rec_ids: list[int], first_edit: int) -> None:
    """The same rows copied with plain SQL: the least any merge writes."""
    conn = sqlite3.connect(ours)
    try:
        conn.execute("ATTACH ? AS theirs", [str(theirs)])
        conn.execute("CREATE TEMP TABLE changed (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.changed VALUES (?)", [(i,) for i in rec_ids])
        with conn:
            conn.execute(
                "UPDATE recommendations SET (agreement, review_status, reviewer, reviewed_at, note)"
                " = (SELECT t.agreement, t.review_status, t.reviewer, t.reviewed_at, t.note "
                "FROM theirs.recommendations t WHERE t.id = recommendations.id) "
                "WHERE id IN (SELECT id FROM temp.changed)"
            )
            conn.execute(
                "UPDATE actions SET owner = (SELECT t.owner FROM theirs.actions t "
                "WHERE t.id = actions.id) WHERE recommendation_id IN (SELECT id FROM temp.changed)"
            )
            conn.execute(
                "INSERT INTO edits (at, reviewer, table_name, row_id, field, old, new, undone, "
                "change_id, undo_of) SELECT at, reviewer, table_name, row_id, field, old, new, "
                "undone, change_id + 1000000, undo_of FROM theirs.edits WHERE id >= ?",
                [first_edit],
            )
    finally:
        conn.close()


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        times.append(func())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--changed", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    args = parser.parse_args()
    base = database(args.records)
    with tempfile.TemporaryDirectory(prefix="hmip-merge-bench-") as folder:
        folder = Path(folder)
        pristine = copy(base, folder / "base.db")
        conn = sqlite3.connect(pristine)
        ids = [i for (i,) in conn.execute("SELECT id FROM recommendations ORDER BY id")]
        first_edit = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM edits").fetchone()[0]
        conn.close()
        step = max(1, len(ids) // args.changed)
        bobs = ids[::step][: args.changed]
        alices = bobs[:100] + ids[1::step][:400]  # 100 the same records as Bob's (conflicts)
        theirs = copy(pristine, folder / "theirs.db")
        started = time.perf_counter()
        review(theirs, "bob", bobs, 0)
        print(f"bob changed {len(bobs)} records in {time.perf_counter() - started:.1f} s")
        ours_base = copy(pristine, folder / "ours-base.db")
        review(ours_base, "alice", alices, 1)
        print(f"alice changed {len(alices)} records ({len(ids)} in the database)")

        def merge_once(dry: bool):
            def run() -> float:
                ours = copy(ours_base, folder / "ours.db")
                db = open_db(ours)
                try:
                    t = time.perf_counter()
                    result = plan_merge(db, theirs) if dry else apply_merge(db, theirs, "bench")
                    elapsed = time.perf_counter() - t
                finally:
                    db.close()
                run.result = result
                return elapsed

            return run

        def floor_once() -> float:
            ours = copy(ours_base, folder / "ours.db")
            t = time.perf_counter()
            floor(ours, theirs, bobs, first_edit)
            return time.perf_counter() - t

        merge_run, dry_run = merge_once(False), merge_once(True)
        merges = timed(merge_run, args.runs)
        dries = timed(dry_run, args.runs)
        floors = timed(floor_once, args.runs)
    result = merge_run.result
    total = result.totals()
    print(result.headline())
    m, d, f = (statistics.median(x) for x in (merges, dries, floors))
    print(f"merge   {m:.2f} s (median of {args.runs})   floor: plain SQL copy {f:.2f} s  "
          f"({m / f:.0f}x)")  # fmt: skip
    print(f"dry run {d:.2f} s                    floor: plain SQL copy {f:.2f} s  ({d / f:.0f}x)")
    print(f"brought {total.statuses} statuses, {total.fields} fields, {len(result.conflicts)} "
          f"conflicts, {result.edits_copied} edits")  # fmt: skip
    if args.json:
        emit(
            "merge",
            [
                target(
                    f"merge of {len(bobs)} changed records into {len(ids)} recommendations",
                    f"{m:.2f} s",
                    f"{f:.2f} s (plain SQL copy of the same rows)",
                    None,
                    f"{m / f:.0f}x",
                ),
                target(
                    "merge --dry-run, same work rolled back",
                    f"{d:.2f} s",
                    f"{f:.2f} s",
                    None,
                    f"{d / f:.0f}x",
                ),  # fmt: skip
            ],
        )


if __name__ == "__main__":
    main()
